package calc

// Bucket counts customers whose purchase cycle lies in (From, To] days; the first bucket
// starts at 0 inclusive and the last has To = -1 (no upper bound).
type Bucket struct {
	From, To int
	Count    int
}

// DefaultCycleBuckets are the bucket limits of the cycle histogram, in days.
var DefaultCycleBuckets = []int{7, 14, 30, 60, 90, 180, 365}

// CycleHistogram counts the customers with a purchase cycle by bucket. bucketDays must be
// ascending; it gives len(bucketDays)+1 buckets: [0, b0], (b0, b1], …, (b_last, ∞).
func CycleHistogram(stats []CustomerStats, bucketDays []int) []Bucket {
	out := make([]Bucket, len(bucketDays)+1)
	prev := 0
	for i, b := range bucketDays {
		out[i] = Bucket{From: prev, To: b}
		prev = b
	}
	out[len(bucketDays)] = Bucket{From: prev, To: -1}
	for i := range stats {
		if !stats[i].HasCycle {
			continue
		}
		c := stats[i].CycleDays
		k := len(bucketDays)
		for j, b := range bucketDays {
			if c <= float64(b) {
				k = j
				break
			}
		}
		out[k].Count++
	}
	return out
}

// SegmentCounts counts customers by lifecycle segment. Every segment of PerCustomer is a key
// (zero counts included); "none" is not, since PerCustomer only returns buyers.
func SegmentCounts(stats []CustomerStats) map[string]int {
	var n [8]int // indexed like Segments; unknown names in the last slot
	for i := range stats {
		n[indexOf(Segments, stats[i].Segment)]++
	}
	m := make(map[string]int, len(Segments))
	for k, s := range Segments[:len(Segments)-1] {
		m[s] = n[k]
	}
	if n[len(Segments)-1] > 0 {
		m[SegmentNone] = n[len(Segments)-1]
	}
	if n[7] > 0 {
		m[""] = n[7]
	}
	return m
}

// RFMCounts counts customers by RFM class and gives each class's share of the revenue of all
// stats (0 when that revenue is 0). All eight classes are keys of both maps.
func RFMCounts(stats []CustomerStats) (counts map[string]int, revenueShare map[string]float64) {
	counts = make(map[string]int, len(RFMClasses))
	revenueShare = make(map[string]float64, len(RFMClasses))
	var n [9]int // indexed like RFMClasses; customers without a class in the last slot
	var rev [9]int64
	var total int64
	for i := range stats {
		k := indexOf(RFMClasses, stats[i].RFM)
		n[k]++
		rev[k] += stats[i].RevenueFen
		total += stats[i].RevenueFen
	}
	for k, c := range RFMClasses {
		counts[c] = n[k]
		revenueShare[c] = 0
		if total != 0 {
			revenueShare[c] = float64(rev[k]) / float64(total)
		}
	}
	return counts, revenueShare
}

// indexOf finds name in list (a handful of constants; cheaper than a map per customer), or
// returns len(list) when absent.
func indexOf(list []string, name string) int {
	for i, s := range list {
		if s == name {
			return i
		}
	}
	return len(list)
}
