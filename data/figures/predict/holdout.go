package predict

import (
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// HoldoutWeek is one week of the holdout check: the repeat transactions the model expected
// in it and those that happened.
type HoldoutWeek struct {
	From, To          clock.Day
	Predicted, Actual float64
}

// HoldoutCheck compares the fit on the calibration period (up to calEnd) with what the same
// customers did afterwards, up to end: predicted (sum over customers of E[X(t)]) against
// actual repeat transactions (distinct purchase days), in total and per week. cs are the
// calibration summaries (Summarize(orders, calEnd, unit)); orders sorted by (customer, day).
func (m Model) HoldoutCheck(orders []calc.Order, cs []Customer, calEnd, end clock.Day) (predicted, actual float64, weeks []HoldoutWeek) {
	if end <= calEnd {
		return 0, 0, nil
	}
	for from := calEnd + 1; from <= end; from += 7 {
		weeks = append(weeks, HoldoutWeek{From: from, To: min(from+6, end)})
	}
	// Actual: each customer of the calibration's distinct purchase days after calEnd.
	in := make(map[int64]bool, len(cs))
	for i := range cs {
		in[cs[i].ID] = true
	}
	for i := range orders {
		o := orders[i]
		if o.Day <= calEnd || o.Day > end || !in[o.Customer] {
			continue
		}
		if i > 0 && orders[i-1].Customer == o.Customer && orders[i-1].Day == o.Day {
			continue
		}
		weeks[int(o.Day-calEnd-1)/7].Actual++
		actual++
	}
	// Predicted: cumulative expectations at each week's end, once per distinct (x, t_x, T).
	u := m.Unit.Days()
	cum := make([]float64, len(weeks))
	for _, c := range cells(cs).cells {
		for k, w := range weeks {
			cum[k] += c.weight * m.BGNBD.Expected(float64(w.To-calEnd)/u, c.x, c.tx, c.t)
		}
	}
	prev := 0.0
	for k := range weeks {
		weeks[k].Predicted = cum[k] - prev
		prev = cum[k]
	}
	return prev, actual, weeks
}
