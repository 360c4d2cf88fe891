package rules

import (
	"huitouke/data/clock"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMeasureHandExample(t *testing.T) {
	calls := []CallRecord{
		{CustomerID: 1, Day: 100, Agent: "A", Reason: ReasonAfterSale, Reached: true},  // order same day: converted
		{CustomerID: 2, Day: 100, Agent: "A", Reason: ReasonRecallHigh, Reached: true}, // order day+14: converted
		{CustomerID: 3, Day: 100, Agent: "B", Reason: ReasonRecallHigh},                // order day+15: not
		{CustomerID: 4, Day: 100, Agent: "B", Reason: ReasonRecallHigh, Reached: true}, // order the day before: not
		{CustomerID: 5, Day: 101, Agent: "A", Reason: ReasonAfterSale, Reached: true},  // no order
		{CustomerID: 6, Day: 100, Reason: ReasonRecallHigh, Holdout: true},             // order day+5: converted
		{CustomerID: 7, Day: 100, Reason: ReasonRecallHigh, Holdout: true},
		{CustomerID: 8, Day: 101, Reason: ReasonAfterSale, Holdout: true},
		{CustomerID: 9, Day: 101, Reason: ReasonAfterSale, Holdout: true}, // order day+19: not
	}
	paid := map[int64][]clock.Day{
		1: {100}, 2: {130, 114, 50}, 3: {115}, 4: {99}, 6: {105}, 9: {120},
	}
	r := Measure(calls, paid, 14)

	check := func(name string, got Stats, calls, reached, conv int) {
		t.Helper()
		if got.Calls != calls || got.Reached != reached || got.Converted != conv ||
			!near(got.ReachRate, float64(reached)/float64(calls)) || !near(got.ConversionRate, float64(conv)/float64(calls)) {
			t.Errorf("%s = %+v, want %d calls, %d reached, %d converted", name, got, calls, reached, conv)
		}
	}
	check("overall", r.Overall, 5, 4, 2)
	check("after_sale", r.ByReason[ReasonAfterSale], 2, 2, 1)
	check("recall_high", r.ByReason[ReasonRecallHigh], 3, 2, 1)
	check("agent A", r.ByAgent["A"], 3, 3, 2)
	check("agent B", r.ByAgent["B"], 2, 1, 0)
	check("day 100", r.ByDay[100], 4, 3, 2)
	check("day 101", r.ByDay[101], 1, 1, 0)
	if _, ok := r.ByAgent[""]; ok {
		t.Error("holdout records counted under an empty agent")
	}
	if r.Holdout != (Group{Size: 4, Converted: 1, Rate: 0.25}) {
		t.Errorf("holdout = %+v", r.Holdout)
	}
	want := Lift{CalledSize: 5, CalledRate: 0.4, HoldoutSize: 4, HoldoutRate: 0.25, Lift: 0.15, SmallSample: true}
	if l := r.Lift; l.CalledSize != want.CalledSize || l.HoldoutSize != want.HoldoutSize || !near(l.Lift, want.Lift) ||
		!near(l.CalledRate, want.CalledRate) || !near(l.HoldoutRate, want.HoldoutRate) || !l.SmallSample {
		t.Errorf("lift = %+v, want %+v", l, want)
	}
	if l := r.LiftByReason[ReasonRecallHigh]; !near(l.Lift, 1.0/3-0.5) || l.HoldoutSize != 2 {
		t.Errorf("recall_high lift = %+v", l)
	}
	if l := r.LiftByReason[ReasonAfterSale]; !near(l.Lift, 0.5) {
		t.Errorf("after_sale lift = %+v", l)
	}

	// A shorter window drops customer 2 (day+14).
	if r5 := Measure(calls, paid, 5); r5.Overall.Converted != 1 || r5.Holdout.Converted != 1 {
		t.Errorf("window 5: %+v, holdout %+v", r5.Overall, r5.Holdout)
	}
	// Window 0 means the default 14.
	if r0 := Measure(calls, paid, 0); r0.Window != ConversionWindow || r0.Overall.Converted != 2 {
		t.Errorf("window 0: %+v", r0)
	}
}

func TestMeasureSmallSample(t *testing.T) {
	build := func(called, held int) []CallRecord {
		var cs []CallRecord
		for i := range called {
			cs = append(cs, CallRecord{CustomerID: int64(i), Day: 10, Agent: "A", Reason: ReasonBirthday, Reached: true})
		}
		for i := range held {
			cs = append(cs, CallRecord{CustomerID: int64(1000 + i), Day: 10, Reason: ReasonBirthday, Holdout: true})
		}
		return cs
	}
	paid := map[int64][]clock.Day{}
	for i := range 15 {
		paid[int64(i)] = []clock.Day{12} // half of 30 called convert
	}
	for i := range 3 {
		paid[int64(1000+i)] = []clock.Day{20} // 3 of 30 held out convert
	}
	r := Measure(build(30, 30), paid, 14)
	if !near(r.Lift.Lift, 0.5-0.1) || r.Lift.SmallSample {
		t.Errorf("30/30: %+v", r.Lift)
	}
	if r := Measure(build(30, 29), paid, 14); !r.Lift.SmallSample {
		t.Errorf("30/29 not flagged small: %+v", r.Lift)
	}
	if r := Measure(build(29, 30), paid, 14); !r.Lift.SmallSample {
		t.Errorf("29/30 not flagged small: %+v", r.Lift)
	}
	// Nothing at all: zero rates, no division by zero.
	if r := Measure(nil, nil, 14); r.Overall.ConversionRate != 0 || r.Lift.Lift != 0 || !r.Lift.SmallSample {
		t.Errorf("empty: %+v", r)
	}
}
