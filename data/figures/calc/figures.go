package calc

import (
	"huitouke/data/clock"
	"slices"
)

// Period is an inclusive range of days. The zero value means all time up to the as-of date;
// a zero To alone means "up to the as-of date".
type Period struct{ From, To clock.Day }

// Figures are the shop-wide figures of docs/DOMAIN.md for one period P, over paid orders.
type Figures struct {
	From, To clock.Day // the period actually used (To clipped to the as-of date)

	Orders          int // paid orders in P
	Buyers          int // customers with >= 1 paid order in P
	NewBuyers       int // buyers whose first-ever paid order is in P
	RepeatCustomers int // buyers with >= 2 paid orders up to the end of P
	RepeatOrders    int // orders in P that are not their customer's first-ever paid order
	ReturningOrders int // orders in P by customers whose first paid order was before P
	Customers       int // customers with >= 1 paid order up to the end of P
	Churned         int // of Customers, those whose latest paid order (up to asOf) is > DormantLowDays before asOf

	RevenueFen          int64
	ReturningRevenueFen int64

	RepeatRateCustomers   float64 // RepeatCustomers / Buyers
	RepeatRateOrders      float64 // RepeatOrders / Orders
	ReturningShareOrders  float64 // ReturningOrders / Orders
	ReturningShareRevenue float64 // ReturningRevenueFen / RevenueFen
	AvgSpendPerBuyerFen   float64 // RevenueFen / Buyers (客单价), in fen, not rounded
	ParetoTop20Share      float64 // revenue share of the top ceil(20 % of buyers) by revenue in P
	// Pareto is the cumulative revenue share curve: Pareto[i] is the share of P's revenue
	// brought by the top ceil((i+1)/len(Pareto) × Buyers) buyers (one point per buyer up to
	// 200 buyers, 200 points beyond). The last point is 1 when revenue is positive.
	Pareto       []float64
	ChurnedShare float64 // Churned / Customers
}

// ParetoPoints is the maximum length of Figures.Pareto.
const ParetoPoints = 200

// Compute returns the figures of period p, as of asOf: orders after asOf are ignored and p.To
// is clipped to asOf. Ratios are 0 when their denominator is 0.
func Compute(orders []Order, p Period, asOf clock.Day, s Settings) Figures {
	end := asOf
	if p.To != 0 && p.To < end {
		end = p.To
	}
	f := Figures{From: p.From, To: end} // From > end: no order is in P, Customers/Churned still count
	g := groupOrders(orders)
	spend := make([]int64, 0, g.n())
	for i := 0; i < g.n(); i++ {
		o := g.at(i)
		first := o[0].Day
		if first > end {
			continue
		}
		var cntEnd, cntP int
		var revP int64
		last := first
		for j := range o {
			d := o[j].Day
			if d > asOf {
				break
			}
			last = d
			if d > end {
				continue
			}
			cntEnd++
			if d >= p.From {
				cntP++
				revP += o[j].Revenue
			}
		}
		f.Customers++
		if int(asOf-last) > s.DormantLowDays {
			f.Churned++
		}
		if cntP == 0 {
			continue
		}
		f.Buyers++
		f.Orders += cntP
		f.RevenueFen += revP
		if cntEnd >= 2 {
			f.RepeatCustomers++
		}
		if first >= p.From {
			f.NewBuyers++
			f.RepeatOrders += cntP - 1
		} else {
			f.RepeatOrders += cntP
			f.ReturningOrders += cntP
			f.ReturningRevenueFen += revP
		}
		spend = append(spend, revP)
	}
	f.RepeatRateCustomers = ratio(f.RepeatCustomers, f.Buyers)
	f.RepeatRateOrders = ratio(f.RepeatOrders, f.Orders)
	f.ReturningShareOrders = ratio(f.ReturningOrders, f.Orders)
	f.ChurnedShare = ratio(f.Churned, f.Customers)
	if f.RevenueFen != 0 {
		f.ReturningShareRevenue = float64(f.ReturningRevenueFen) / float64(f.RevenueFen)
	}
	if f.Buyers > 0 {
		f.AvgSpendPerBuyerFen = float64(f.RevenueFen) / float64(f.Buyers)
	}
	f.ParetoTop20Share, f.Pareto = pareto(spend, f.RevenueFen)
	return f
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// pareto sorts spend (descending) and returns the top-20 % share and the curve.
func pareto(spend []int64, total int64) (float64, []float64) {
	n := len(spend)
	if n == 0 || total == 0 {
		return 0, nil
	}
	slices.Sort(spend)
	slices.Reverse(spend)
	top := (n*2 + 9) / 10 // ceil(20 % of n) in integers: 0.2*n in floats can land just above an integer
	var topSum int64
	for _, v := range spend[:top] {
		topSum += v
	}
	pts := min(n, ParetoPoints)
	curve := make([]float64, pts)
	var cum int64
	taken := 0
	for i := range pts {
		upto := ((i+1)*n + pts - 1) / pts // ceil((i+1)/pts × n) buyers
		for ; taken < upto; taken++ {
			cum += spend[taken]
		}
		curve[i] = float64(cum) / float64(total)
	}
	return float64(topSum) / float64(total), curve
}

// Month holds the figures of one calendar month (clipped to the requested range).
type Month struct {
	Year, Month int
	From, To    clock.Day // days of the month inside the requested range

	Orders           int
	Buyers           int // = NewBuyers + ReturningBuyers
	NewBuyers        int // first-ever paid order in this month
	ReturningBuyers  int // first paid order before this month
	RepeatCustomers  int // buyers with >= 2 paid orders up to the month's end
	RepeatOrders     int // orders that are not the customer's first-ever
	RevenueFen       int64
	RevenueNew       int64 // revenue of this month's new buyers (their second order in the month included)
	RevenueReturning int64

	RepeatRateCustomers float64
	RepeatRateOrders    float64
}

// Monthly returns one Month per calendar month from the month of from to the month of to,
// empty months included. Only orders with from <= day <= to are counted in a month, but
// earlier orders decide who is new. Orders after to are ignored.
func Monthly(orders []Order, from, to clock.Day) []Month {
	if to < from {
		return nil
	}
	k0, k1 := from.MonthKey(), to.MonthKey()
	months := make([]Month, k1-k0+1)
	for i := range months {
		m := &months[i]
		m.Year, m.Month = (k0+i)/12, (k0+i)%12+1
		m.From, m.To = max(clock.MonthStart(k0+i), from), min(clock.MonthStart(k0+i+1)-1, to)
	}
	g := groupOrders(orders)
	for i := 0; i < g.n(); i++ {
		o := g.at(i)
		if o[0].Day > to {
			continue
		}
		firstKey := o[0].Day.MonthKey()
		cur, counted := -1, false // month index being walked; repeat customer already counted in it
		for j := range o {
			d := o[j].Day
			if d > to {
				break
			}
			if d < from {
				continue
			}
			key := d.MonthKey()
			mi := key - k0
			m := &months[mi]
			if mi != cur {
				cur, counted = mi, false
				m.Buyers++
				if key == firstKey {
					m.NewBuyers++
				} else {
					m.ReturningBuyers++
				}
			}
			m.Orders++
			if j > 0 { // not the customer's first-ever order: a repeat order, and a repeat customer
				m.RepeatOrders++
				if !counted {
					counted = true
					m.RepeatCustomers++
				}
			}
			m.RevenueFen += o[j].Revenue
			if key == firstKey {
				m.RevenueNew += o[j].Revenue
			} else {
				m.RevenueReturning += o[j].Revenue
			}
		}
	}
	for i := range months {
		m := &months[i]
		m.RepeatRateCustomers = ratio(m.RepeatCustomers, m.Buyers)
		m.RepeatRateOrders = ratio(m.RepeatOrders, m.Orders)
	}
	return months
}

// Cohort is the customers whose first paid order fell in one calendar month.
type Cohort struct {
	Year, Month int
	Size        int
	// Returned[k] / Share[k], k = 1..maxMonths: customers of the cohort (count / share of Size)
	// with a paid order in the k-th calendar month after their first month. Index 0 counts
	// those who bought again within their first month.
	Returned []int
	Share    []float64
	// Observed is the largest k whose month is not after the month of the latest order in the
	// data; Share beyond it is 0 only because that month has not come yet.
	Observed int
}

// Cohorts groups customers by the month of their first paid order and follows their return
// month by month (maxMonths months, 12 in the app). Cohorts are returned oldest first; months
// without new customers are left out.
func Cohorts(orders []Order, maxMonths int) []Cohort {
	if len(orders) == 0 || maxMonths < 0 {
		return nil
	}
	g := groupOrders(orders)
	lastKey := 0
	byKey := map[int]*Cohort{}
	seen := make([]bool, maxMonths+1)
	for i := 0; i < g.n(); i++ {
		o := g.at(i)
		fk := o[0].Day.MonthKey()
		c := byKey[fk]
		if c == nil {
			c = &Cohort{Year: fk / 12, Month: fk%12 + 1, Returned: make([]int, maxMonths+1)}
			byKey[fk] = c
		}
		c.Size++
		clear(seen)
		lk := o[len(o)-1].Day.MonthKey()
		lastKey = max(lastKey, lk)
		for j := 1; j < len(o); j++ {
			k := o[j].Day.MonthKey() - fk
			if k > maxMonths {
				break
			}
			if !seen[k] {
				seen[k] = true
				c.Returned[k]++
			}
		}
	}
	keys := make([]int, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]Cohort, 0, len(keys))
	for _, k := range keys {
		c := byKey[k]
		c.Share = make([]float64, maxMonths+1)
		for i, r := range c.Returned {
			c.Share[i] = float64(r) / float64(c.Size)
		}
		c.Observed = min(maxMonths, lastKey-k)
		out = append(out, *c)
	}
	return out
}
