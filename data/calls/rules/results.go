package rules

import "huitouke/data/clock"

// ConversionWindow is the default number of days after a call in which a paid
// order counts as a conversion.
const ConversionWindow = 14

// SmallSampleSize: below this many in either group, a lift is noise and the
// UI should say so.
const SmallSampleSize = 30

// CallRecord is one unit of measurement: a call made (Holdout false) or a
// held-out list entry that was deliberately not called (Holdout true; Day is
// the list day, Agent and Reached are ignored). Pass one record per call; a
// customer called twice counts twice.
type CallRecord struct {
	CustomerID int64
	Day        clock.Day
	Agent      string
	Reason     Reason
	Reached    bool
	Holdout    bool
}

// Stats counts calls and their outcome. Rates are fractions 0…1 (0 when
// there were no calls). ConversionRate is over all calls, reached or not, so
// that it compares fairly with the holdout, which was never called.
type Stats struct {
	Calls          int
	Reached        int
	ReachRate      float64
	Converted      int
	ConversionRate float64
}

// Group is the holdout group's size and conversion.
type Group struct {
	Size      int
	Converted int
	Rate      float64
}

// Lift compares the called group with the holdout group.
type Lift struct {
	CalledSize  int
	CalledRate  float64
	HoldoutSize int
	HoldoutRate float64
	// Lift = CalledRate − HoldoutRate, a fraction (0.05 = 5 percentage points).
	Lift float64
	// SmallSample: either group has fewer than SmallSampleSize records, so
	// the lift should be shown greyed out with a warning.
	SmallSample bool
}

// Results are the "did it work" figures.
type Results struct {
	Window       int
	Overall      Stats
	ByReason     map[Reason]Stats
	ByAgent      map[string]Stats
	ByDay        map[clock.Day]Stats
	Holdout      Group
	HoldoutBy    map[Reason]Group
	Lift         Lift
	LiftByReason map[Reason]Lift // only reasons with a holdout record
}

// Measure computes the results. A record converts when the customer has a
// paid order on a day from the call's day to window days after it, both
// included (day … day+window). The call's own day counts because an order
// placed during or right after the call is the best outcome there is; the
// price is that an order placed earlier the same day also counts — order
// times are not compared, days are. A window ≤ 0 means ConversionWindow.
// paidDays holds each customer's paid order days in any order.
func Measure(calls []CallRecord, paidDays map[int64][]clock.Day, window int) Results {
	if window <= 0 {
		window = ConversionWindow
	}
	res := Results{
		Window:       window,
		ByReason:     map[Reason]Stats{},
		ByAgent:      map[string]Stats{},
		ByDay:        map[clock.Day]Stats{},
		HoldoutBy:    map[Reason]Group{},
		LiftByReason: map[Reason]Lift{},
	}
	add := func(s Stats, reached, conv bool) Stats {
		s.Calls++
		if reached {
			s.Reached++
		}
		if conv {
			s.Converted++
		}
		return s
	}
	for _, c := range calls {
		conv := converted(paidDays[c.CustomerID], c.Day, clock.Day(window))
		if c.Holdout {
			res.Holdout = addGroup(res.Holdout, conv)
			res.HoldoutBy[c.Reason] = addGroup(res.HoldoutBy[c.Reason], conv)
			continue
		}
		res.Overall = add(res.Overall, c.Reached, conv)
		res.ByReason[c.Reason] = add(res.ByReason[c.Reason], c.Reached, conv)
		res.ByAgent[c.Agent] = add(res.ByAgent[c.Agent], c.Reached, conv)
		res.ByDay[c.Day] = add(res.ByDay[c.Day], c.Reached, conv)
	}
	res.Overall = withRates(res.Overall)
	for k, v := range res.ByReason {
		res.ByReason[k] = withRates(v)
	}
	for k, v := range res.ByAgent {
		res.ByAgent[k] = withRates(v)
	}
	for k, v := range res.ByDay {
		res.ByDay[k] = withRates(v)
	}
	res.Holdout.Rate = ratio(res.Holdout.Converted, res.Holdout.Size)
	for k, g := range res.HoldoutBy {
		g.Rate = ratio(g.Converted, g.Size)
		res.HoldoutBy[k] = g
		res.LiftByReason[k] = lift(res.ByReason[k], g)
	}
	res.Lift = lift(res.Overall, res.Holdout)
	return res
}

func addGroup(g Group, conv bool) Group {
	g.Size++
	if conv {
		g.Converted++
	}
	return g
}

func withRates(s Stats) Stats {
	s.ReachRate = ratio(s.Reached, s.Calls)
	s.ConversionRate = ratio(s.Converted, s.Calls)
	return s
}

func lift(called Stats, hold Group) Lift {
	return Lift{
		CalledSize:  called.Calls,
		CalledRate:  called.ConversionRate,
		HoldoutSize: hold.Size,
		HoldoutRate: hold.Rate,
		Lift:        called.ConversionRate - hold.Rate,
		SmallSample: called.Calls < SmallSampleSize || hold.Size < SmallSampleSize,
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func converted(days []clock.Day, from, window clock.Day) bool {
	for _, d := range days {
		if d >= from && d-from <= window {
			return true
		}
	}
	return false
}
