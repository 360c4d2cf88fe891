package calc

import (
	"cmp"
	"slices"
)

// groups holds orders gathered by customer (ascending customer id), each customer's orders
// sorted by day. Customer g owns ords[start[g]:start[g+1]].
type groups struct {
	ords  []Order
	start []int32
}

func (g *groups) n() int { return len(g.start) - 1 }

func (g *groups) at(i int) []Order { return g.ords[g.start[i]:g.start[i+1]] }

// compactSlack bounds the id range for which groupOrders counts by id directly instead of
// sorting: the counting arrays then cost at most a few bytes per order.
const compactSlack = 1 << 16

// noCountingSort lets tests force the comparison-sort path.
var noCountingSort = false

// groupOrders gathers orders by customer without modifying the caller's slice. Input already
// sorted by (customer, day) — what the store's index gives — is used in place; otherwise a
// counting sort by customer id (ids from SQLite are dense) or, for sparse ids, a comparison
// sort makes a grouped copy.
func groupOrders(orders []Order) groups {
	if len(orders) == 0 {
		return groups{start: []int32{0}}
	}
	sorted := true
	minC, maxC := orders[0].Customer, orders[0].Customer
	for i := 1; i < len(orders); i++ {
		o := &orders[i]
		if o.Customer < minC {
			minC = o.Customer
		}
		if o.Customer > maxC {
			maxC = o.Customer
		}
		p := &orders[i-1]
		if sorted && (o.Customer < p.Customer || (o.Customer == p.Customer && o.Day < p.Day)) {
			sorted = false
		}
	}
	var ords []Order
	switch {
	case sorted:
		ords = orders
	case !noCountingSort && uint64(maxC-minC) < uint64(len(orders)+compactSlack):
		ords = countingSort(orders, minC, int(maxC-minC)+1)
	default:
		ords = slices.Clone(orders)
		slices.SortFunc(ords, func(a, b Order) int {
			if c := cmp.Compare(a.Customer, b.Customer); c != 0 {
				return c
			}
			return cmp.Compare(a.Day, b.Day)
		})
	}
	start := make([]int32, 0, len(ords)/2+2)
	start = append(start, 0)
	for i := 1; i < len(ords); i++ {
		if ords[i].Customer != ords[i-1].Customer {
			start = append(start, int32(i))
		}
	}
	start = append(start, int32(len(ords)))
	return groups{ords: ords, start: start}
}

// countingSort scatters orders into a copy grouped by customer (stable), then sorts each
// customer's few orders by day.
func countingSort(orders []Order, minC int64, span int) []Order {
	pos := make([]int32, span+1)
	for i := range orders {
		pos[orders[i].Customer-minC+1]++
	}
	for i := 1; i <= span; i++ {
		pos[i] += pos[i-1]
	}
	out := make([]Order, len(orders))
	for i := range orders {
		k := orders[i].Customer - minC
		out[pos[k]] = orders[i]
		pos[k]++
	}
	// pos[k] is now the end of customer k's run; sort each run by day.
	lo := int32(0)
	for k := 0; k < span; k++ {
		hi := pos[k]
		if hi-lo > 1 {
			sortByDay(out[lo:hi])
		}
		lo = hi
	}
	return out
}

// sortByDay sorts one customer's orders by day: insertion sort for the usual handful, the
// library sort for a wholesale buyer with hundreds.
func sortByDay(o []Order) {
	if len(o) > 24 {
		slices.SortStableFunc(o, func(a, b Order) int { return cmp.Compare(a.Day, b.Day) })
		return
	}
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].Day < o[j-1].Day; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}
