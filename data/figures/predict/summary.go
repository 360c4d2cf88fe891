package predict

import (
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// Unit is the time unit of a fit: t_x, T and the fitted α are in it. r, a, b, p, q and γ do
// not depend on it; α in days is seven times α in weeks.
type Unit int

const (
	Day  Unit = 1
	Week Unit = 7
)

// Days is the length of the unit in days.
func (u Unit) Days() float64 { return float64(u) }

// Customer is one customer's summary for the models, as of the end of the period observed.
// Every paid order of one calendar day counts as one transaction (its value their sum), as
// in the papers.
type Customer struct {
	ID int64
	X  int     // repeat transactions: distinct purchase days after the first, up to the end
	Tx float64 // time from the first purchase to the last (0 when X = 0), in the unit
	T  float64 // time from the first purchase to the end of the period, in the unit
	// MeanValue is the mean value (fen) of the repeat transactions, 0 when X = 0: what the
	// Gamma-Gamma model is fitted on.
	MeanValue float64
	First     clock.Day // day of the first purchase
}

// Summarize returns the summary of every customer who bought on or before end, from paid
// orders sorted by (customer, day); orders after end are left out.
func Summarize(orders []calc.Order, end clock.Day, unit Unit) []Customer {
	var out []Customer
	u := unit.Days()
	for i := 0; i < len(orders); {
		id := orders[i].Customer
		j := i
		for j < len(orders) && orders[j].Customer == id {
			j++
		}
		c := Customer{ID: id}
		var sum int64
		last, seen := clock.Day(0), false
		for _, o := range orders[i:j] {
			if o.Day > end {
				continue
			}
			if !seen {
				c.First, last, seen = o.Day, o.Day, true
				continue
			}
			if o.Day != last {
				c.X++
				last = o.Day
			}
			if o.Day != c.First {
				sum += o.Revenue
			}
		}
		i = j
		if !seen {
			continue
		}
		c.T = float64(end-c.First) / u
		if c.X > 0 {
			c.Tx = float64(last-c.First) / u
			c.MeanValue = float64(sum) / float64(c.X)
		}
		out = append(out, c)
	}
	return out
}
