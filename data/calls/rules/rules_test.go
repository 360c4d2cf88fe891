package rules

import (
	"errors"
	"huitouke/data/clock"
	"huitouke/data/errs"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// d0 is the list date used by most tests: Sunday 2025-06-15.
var d0 = clock.DayOf(2025, time.June, 15)

func cand(id int64) Candidate {
	return Candidate{ID: id, Segment: SegmentActive, Phones: []Phone{{Number: "13800138000"}}}
}

// reasonOf generates a list with the default config for one candidate and
// returns the reason it got ("" when absent from every list).
func reasonOf(t *testing.T, date clock.Day, c Candidate, camps ...Campaign) Reason {
	t.Helper()
	cfg := DefaultConfig()
	cfg.HoldoutShare = 0
	l := Generate([]Candidate{c}, Params{Date: date, Campaigns: camps, Config: cfg})
	all := slices.Concat(l.Shown, l.HeldOut, l.NoNumber)
	if len(all) > 1 {
		t.Fatalf("candidate %d got %d entries", c.ID, len(all))
	}
	if len(all) == 0 {
		return ""
	}
	return all[0].Reason
}

func TestAfterSaleBoundary(t *testing.T) {
	for _, tc := range []struct {
		ago  int
		want Reason
	}{{9, ""}, {10, ReasonAfterSale}, {11, ""}} {
		c := cand(1)
		c.RecentPaid = []PaidOrder{{Day: d0 - clock.Day(tc.ago), No: "T100"}}
		if got := reasonOf(t, d0, c); got != tc.want {
			t.Errorf("order %d days ago: got %q, want %q", tc.ago, got, tc.want)
		}
	}
	// Detail carries the order number, DueDay the order's day.
	c := cand(1)
	c.RecentPaid = []PaidOrder{{Day: d0 - 3, No: "A"}, {Day: d0 - 10, No: "B"}}
	l := Generate([]Candidate{c}, Params{Date: d0, Config: DefaultConfig()})
	e := slices.Concat(l.Shown, l.HeldOut)[0]
	if e.Detail != "B" || e.DueDay != d0-10 {
		t.Errorf("entry = %+v, want detail B, due %v", e, d0-10)
	}
}

func TestSecondPurchaseBoundary(t *testing.T) {
	for _, tc := range []struct {
		orders, ago int
		want        Reason
	}{
		{1, 14, ""}, {1, 15, ReasonSecondPurchase}, {1, 45, ReasonSecondPurchase}, {1, 46, ""},
		{2, 20, ""}, // not a new customer
	} {
		c := cand(1)
		c.Segment = SegmentNew
		c.PaidOrders, c.LastPaid, c.HasLastPaid = tc.orders, d0-clock.Day(tc.ago), true
		if got := reasonOf(t, d0, c); got != tc.want {
			t.Errorf("%d orders, last %d days ago: got %q, want %q", tc.orders, tc.ago, got, tc.want)
		}
	}
}

func TestRepurchaseBoundary(t *testing.T) {
	for _, tc := range []struct {
		ahead   int
		segment string
		want    Reason
	}{
		{0, SegmentActive, ReasonRepurchaseDue},
		{3, SegmentActive, ReasonRepurchaseDue},
		{4, SegmentActive, ""},
		{-30, SegmentCooling, ReasonRepurchaseDue}, // overdue
		{-500, SegmentLost, ""},                    // long lost: not "due" any more
	} {
		c := cand(1)
		c.Segment = tc.segment
		c.PaidOrders, c.NextExpected, c.HasNextExpected = 3, d0+clock.Day(tc.ahead), true
		if got := reasonOf(t, d0, c); got != tc.want {
			t.Errorf("next expected %+d (%s): got %q, want %q", tc.ahead, tc.segment, got, tc.want)
		}
	}
}

func TestBirthdayWindow(t *testing.T) {
	for _, tc := range []struct {
		date     clock.Day
		birthday string
		want     bool
		due      clock.Day
	}{
		{d0, "1990-06-15", true, d0},  // today
		{d0, "--06-22", true, d0 + 7}, // +7
		{d0, "1990-06-23", false, 0},  // +8
		{d0, "1990-06-14", false, 0},  // yesterday
		{clock.DayOf(2025, 12, 28), "1985-01-03", true, clock.DayOf(2026, 1, 3)}, // year wrap
		{clock.DayOf(2025, 12, 28), "--01-04", true, clock.DayOf(2026, 1, 4)},
		{clock.DayOf(2025, 12, 28), "--01-05", false, 0},
		{clock.DayOf(2025, 12, 31), "--12-31", true, clock.DayOf(2025, 12, 31)},
		// Feb 29 in a non-leap year is celebrated on Feb 28.
		{clock.DayOf(2025, 2, 21), "2000-02-29", true, clock.DayOf(2025, 2, 28)},
		{clock.DayOf(2025, 2, 20), "2000-02-29", false, 0},
		{clock.DayOf(2025, 2, 28), "--02-29", true, clock.DayOf(2025, 2, 28)},
		{clock.DayOf(2025, 3, 1), "2000-02-29", false, 0},
		// In a leap year it is Feb 29 itself.
		{clock.DayOf(2028, 2, 22), "2000-02-29", true, clock.DayOf(2028, 2, 29)},
		{clock.DayOf(2028, 2, 29), "--02-28", false, 0},
		// Not birthdays.
		{d0, "", false, 0},
		{d0, "1990/06/15", false, 0},
		{d0, "1990-13-15", false, 0},
		{d0, "--02-30", false, 0},
		{d0, "--6-15", false, 0},
	} {
		c := cand(1)
		c.Birthday = tc.birthday
		cfg := DefaultConfig()
		l := Generate([]Candidate{c}, Params{Date: tc.date, Config: cfg})
		got := slices.Concat(l.Shown, l.HeldOut)
		if (len(got) == 1) != tc.want {
			t.Errorf("%v, birthday %q: got %v, want in=%v", tc.date, tc.birthday, got, tc.want)
			continue
		}
		if tc.want && (got[0].Reason != ReasonBirthday || got[0].DueDay != tc.due) {
			t.Errorf("%v, birthday %q: got %s due %v, want due %v", tc.date, tc.birthday, got[0].Reason, got[0].DueDay, tc.due)
		}
	}
}

func TestPromotion(t *testing.T) {
	camp := Campaign{Name: "双11", Day: d0 + 20, Segments: []string{SegmentActive, " cooling "}}
	for _, tc := range []struct {
		before  int
		segment string
		want    Reason
	}{
		{7, SegmentActive, ReasonPromotion}, {3, SegmentActive, ReasonPromotion}, {1, SegmentActive, ReasonPromotion},
		{7, SegmentCooling, ReasonPromotion},
		{8, SegmentActive, ""}, {6, SegmentActive, ""}, {2, SegmentActive, ""}, {0, SegmentActive, ""},
		{7, SegmentLost, ""},
	} {
		c := cand(1)
		c.Segment = tc.segment
		if got := reasonOf(t, camp.Day-clock.Day(tc.before), c, camp); got != tc.want {
			t.Errorf("%d days before, %s: got %q, want %q", tc.before, tc.segment, got, tc.want)
		}
	}
	// No target segment: nobody.
	if got := reasonOf(t, d0, cand(1), Campaign{Name: "x", Day: d0 + 7}); got != "" {
		t.Errorf("campaign without segments reached %q", got)
	}
	// Two campaigns the same day: the nearer one is named.
	far := Campaign{Name: "far", Day: d0 + 7, Segments: []string{SegmentActive}}
	near := Campaign{Name: "near", Day: d0 + 1, Segments: []string{SegmentActive}}
	l := Generate([]Candidate{cand(1)}, Params{Date: d0, Campaigns: []Campaign{far, near}, Config: DefaultConfig()})
	e := slices.Concat(l.Shown, l.HeldOut)[0]
	if e.Detail != "near" || e.DaysBefore != 1 || e.DueDay != d0+1 {
		t.Errorf("got %+v, want the near campaign", e)
	}
}

func TestRecallSegments(t *testing.T) {
	for seg, want := range map[string]Reason{
		SegmentDormantHigh: ReasonRecallHigh, SegmentDormantLow: ReasonRecallLow,
		SegmentCooling: "", SegmentLost: "", SegmentNew: "", SegmentActive: "",
	} {
		c := cand(1)
		c.Segment = seg
		if got := reasonOf(t, d0, c); got != want {
			t.Errorf("segment %s: got %q, want %q", seg, got, want)
		}
	}
}

func TestComplaintAndCallback(t *testing.T) {
	at := func(day clock.Day, h int) time.Time { return day.Time(nil).Add(time.Duration(h) * time.Hour) }
	now := at(d0, 10)
	c1 := cand(1) // complaint due later today
	c1.OpenComplaints = []Complaint{{ID: 11, Deadline: at(d0, 15)}}
	c2 := cand(2) // two complaints, one overdue: the overdue one is named
	c2.OpenComplaints = []Complaint{{ID: 21, Deadline: at(d0, 20)}, {ID: 22, Deadline: at(d0, 9)}}
	c3 := cand(3) // callback due yesterday: overdue
	c3.Callbacks = []Callback{{CallID: 31, Due: at(d0-1, 14)}}
	c4 := cand(4) // callback tomorrow: not yet
	c4.Callbacks = []Callback{{CallID: 41, Due: at(d0+1, 9)}}
	c5 := cand(5) // callback later today
	c5.Callbacks = []Callback{{CallID: 51, Due: at(d0, 16)}}
	c6 := cand(6) // high value complaint, later deadline
	c6.RevenueFen = 1e9
	c6.OpenComplaints = []Complaint{{ID: 61, Deadline: at(d0, 18)}}

	l := Generate([]Candidate{c1, c2, c3, c4, c5, c6}, Params{Date: d0, Now: now, Config: DefaultConfig()})
	if len(l.HeldOut) != 0 {
		t.Fatalf("complaints/callbacks held out: %v", l.HeldOut)
	}
	type row struct {
		id      int64
		r       Reason
		ref     int64
		overdue bool
	}
	var got []row
	for _, e := range l.Shown {
		got = append(got, row{e.CustomerID, e.Reason, e.RefID, e.Overdue})
	}
	want := []row{
		{2, ReasonComplaint, 22, true},
		{1, ReasonComplaint, 11, false}, // earlier deadline before higher value
		{6, ReasonComplaint, 61, false},
		{3, ReasonCallback, 31, true},
		{5, ReasonCallback, 51, false},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if p := l.Shown[0].Priority; p != Priority(ReasonComplaint)+OverdueBonus {
		t.Errorf("overdue complaint priority %d", p)
	}
	if s := l.Shown[0].Due(nil); s != "2025-06-15 09:00:00" {
		t.Errorf("Due() = %q", s)
	}
	// Without Now, overdue is judged at the start of the day.
	l = Generate([]Candidate{c2, c3}, Params{Date: d0, Config: DefaultConfig()})
	for _, e := range l.Shown {
		if e.Overdue != (e.CustomerID == 3) {
			t.Errorf("customer %d overdue=%v at start of day", e.CustomerID, e.Overdue)
		}
	}
}

func TestDoNotContact(t *testing.T) {
	c := cand(1)
	c.DoNotContact = true
	c.Segment = SegmentDormantHigh
	c.OpenComplaints = []Complaint{{ID: 1, Deadline: d0.Time(nil)}}
	c.Callbacks = []Callback{{CallID: 1, Due: d0.Time(nil)}}
	c.Phones = nil // not even on the no-number list
	if got := reasonOf(t, d0, c); got != "" {
		t.Errorf("do-not-contact customer listed as %q", got)
	}
}

func TestMinGap(t *testing.T) {
	for _, tc := range []struct {
		name         string
		call, listed int // days ago; 0 = none
		gap          int
		want         Reason
	}{
		{"no contact", 0, 0, 14, ReasonRecallHigh},
		{"call 13 days ago", 13, 0, 14, ""},
		{"call 14 days ago", 14, 0, 14, ReasonRecallHigh},
		{"call 1 day ago", 1, 0, 14, ""},
		{"listed 13 days ago", 0, 13, 14, ""},
		{"listed 14 days ago", 0, 14, 14, ReasonRecallHigh},
		{"call 14, listed 5", 14, 5, 14, ""},
		{"edited gap 7, call 7 ago", 7, 0, 7, ReasonRecallHigh},
		{"edited gap 7, call 6 ago", 6, 0, 7, ""},
		{"gap off", 1, 1, 0, ReasonRecallHigh},
	} {
		c := cand(1)
		c.Segment = SegmentDormantHigh
		if tc.call > 0 {
			c.LastCall, c.HasLastCall = d0-clock.Day(tc.call), true
		}
		if tc.listed > 0 {
			c.LastListed, c.HasLastListed = d0-clock.Day(tc.listed), true
		}
		cfg := DefaultConfig()
		cfg.MinGapDays, cfg.HoldoutShare = tc.gap, 0
		l := Generate([]Candidate{c}, Params{Date: d0, Config: cfg})
		var got Reason
		if len(l.Shown) > 0 {
			got = l.Shown[0].Reason
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}

	// Contact on the list day itself (a regeneration) does not block.
	c := cand(1)
	c.Segment = SegmentDormantHigh
	c.LastCall, c.HasLastCall, c.LastListed, c.HasLastListed = d0, true, d0, true
	if got := reasonOf(t, d0, c); got != ReasonRecallHigh {
		t.Errorf("same-day contact: got %q", got)
	}

	// Complaints and callbacks ignore the gap; other reasons of the same
	// customer do not sneak through.
	c = cand(2)
	c.LastCall, c.HasLastCall = d0-1, true
	c.Segment = SegmentDormantHigh
	c.OpenComplaints = []Complaint{{ID: 1, Deadline: d0.Time(nil)}}
	if got := reasonOf(t, d0, c); got != ReasonComplaint {
		t.Errorf("complaint within gap: got %q", got)
	}
	c.OpenComplaints = nil
	c.Callbacks = []Callback{{CallID: 9, Due: d0.Time(nil)}}
	if got := reasonOf(t, d0, c); got != ReasonCallback {
		t.Errorf("callback within gap: got %q", got)
	}
	c.Callbacks = nil
	c.RecentPaid = []PaidOrder{{Day: d0 - 10}}
	if got := reasonOf(t, d0, c); got != "" {
		t.Errorf("after-sale within gap: got %q", got)
	}
}

// everything returns a candidate that qualifies for every reason on d0.
func everything(id int64) (Candidate, Campaign) {
	c := cand(id)
	c.Segment = SegmentDormantHigh
	c.OpenComplaints = []Complaint{{ID: 1, Deadline: d0.Time(nil).Add(20 * time.Hour)}}
	c.Callbacks = []Callback{{CallID: 2, Due: d0.Time(nil).Add(9 * time.Hour)}}
	c.RecentPaid = []PaidOrder{{Day: d0 - 10, No: "X"}}
	c.NextExpected, c.HasNextExpected = d0+1, true
	c.PaidOrders, c.LastPaid, c.HasLastPaid = 1, d0-20, true
	c.Birthday = "--06-16"
	return c, Campaign{Name: "618", Day: d0 + 3, Segments: []string{SegmentDormantHigh}}
}

func TestMostUrgentReasonWins(t *testing.T) {
	// The order the brief specifies, written out independently of reasonTable.
	want := []Reason{ReasonComplaint, ReasonCallback, ReasonAfterSale, ReasonRepurchaseDue,
		ReasonSecondPurchase, ReasonBirthday, ReasonPromotion, ReasonRecallHigh}
	c, camp := everything(1)
	cfg := DefaultConfig()
	cfg.HoldoutShare = 0
	var got []Reason
	for {
		l := Generate([]Candidate{c}, Params{Date: d0, Campaigns: []Campaign{camp}, Config: cfg})
		if len(l.Shown) == 0 {
			break
		}
		if len(l.Shown) != 1 {
			t.Fatalf("%d entries for one customer", len(l.Shown))
		}
		got = append(got, l.Shown[0].Reason)
		cfg.Enabled[l.Shown[0].Reason] = false // switch it off; the next one must show
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	// recall_low is last: a dormant_low customer with a birthday is a birthday call.
	c = cand(2)
	c.Segment, c.Birthday = SegmentDormantLow, "--06-15"
	if r := reasonOf(t, d0, c); r != ReasonBirthday {
		t.Errorf("got %q", r)
	}
	if !slices.Equal(Reasons(), append(want, ReasonRecallLow)) {
		t.Errorf("Reasons() = %v", Reasons())
	}
	for i := 1; i < len(want); i++ {
		if Priority(want[i-1]) <= Priority(want[i]) {
			t.Errorf("priority %s (%d) not above %s (%d)", want[i-1], Priority(want[i-1]), want[i], Priority(want[i]))
		}
	}
	if Priority(ReasonRecallLow) <= 0 || Priority("nonsense") != 0 {
		t.Errorf("priority of recall_low %d, unknown %d", Priority(ReasonRecallLow), Priority("nonsense"))
	}
}

func TestNoNumber(t *testing.T) {
	for _, tc := range []struct {
		name   string
		phones []Phone
		shown  bool
	}{
		{"plain", []Phone{{Number: "13912345678"}}, true},
		{"formatted", []Phone{{Number: "+86 139-1234-5678"}}, true},
		{"landline", []Phone{{Number: "021-62345678"}}, true},
		{"masked flag", []Phone{{Number: "13912345678", Masked: true}}, false},
		{"asterisks without flag", []Phone{{Number: "138****1234"}}, false},
		{"none", nil, false},
		{"empty", []Phone{{Number: ""}}, false},
		{"masked then good", []Phone{{Number: "138****1234", Masked: true}, {Number: "13800001111"}}, true},
	} {
		c := cand(1)
		c.Segment = SegmentDormantHigh
		c.Phones = tc.phones
		cfg := DefaultConfig()
		cfg.HoldoutShare = 0
		l := Generate([]Candidate{c}, Params{Date: d0, Config: cfg})
		if tc.shown {
			if len(l.Shown) != 1 || len(l.NoNumber) != 0 {
				t.Errorf("%s: shown %v, no number %v", tc.name, l.Shown, l.NoNumber)
			}
			continue
		}
		if len(l.Shown) != 0 || len(l.NoNumber) != 1 || !l.NoNumber[0].NoNumber {
			t.Errorf("%s: shown %v, no number %v", tc.name, l.Shown, l.NoNumber)
		}
	}
}

func recallCands(n int) []Candidate {
	cs := make([]Candidate, n)
	for i := range cs {
		cs[i] = cand(int64(i + 1))
		cs[i].Segment = SegmentDormantHigh
		cs[i].RevenueFen = int64(i % 997)
	}
	return cs
}

func heldIDs(l List) []int64 {
	var ids []int64
	for _, e := range l.HeldOut {
		ids = append(ids, e.CustomerID)
	}
	slices.Sort(ids)
	return ids
}

func TestHoldout(t *testing.T) {
	cs := recallCands(10000)
	p := Params{Date: d0, Config: DefaultConfig(), Seed: 42}
	l := Generate(cs, p)
	if n := len(l.HeldOut); n != 1000 {
		t.Errorf("held out %d of 10000, want 1000", n)
	}
	if len(l.Shown)+len(l.HeldOut) != 10000 {
		t.Errorf("lost entries: %d + %d", len(l.Shown), len(l.HeldOut))
	}
	for _, e := range l.HeldOut {
		if !e.Holdout {
			t.Fatalf("held-out entry without Holdout flag: %+v", e)
		}
	}
	for _, e := range l.Shown {
		if e.Holdout {
			t.Fatalf("shown entry flagged Holdout: %+v", e)
		}
	}
	first := heldIDs(l)

	// Reproducible, also when the candidates come in another order.
	shuffled := slices.Clone(cs)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if again := heldIDs(Generate(shuffled, p)); !slices.Equal(first, again) {
		t.Error("same date and seed gave a different holdout")
	}
	// Another seed or another day draws other customers.
	p2 := p
	p2.Seed = 43
	if other := heldIDs(Generate(cs, p2)); overlap(first, other) > 200 {
		t.Errorf("seed change: %d of 1000 held out again", overlap(first, other))
	}
	p3 := p
	p3.Date++
	if other := heldIDs(Generate(cs, p3)); overlap(first, other) > 200 {
		t.Errorf("date change: %d of 1000 held out again", overlap(first, other))
	}
	// Adding one candidate moves at most a couple of customers.
	more := append(slices.Clone(cs), func() Candidate { c := cand(99999); c.Segment = SegmentDormantHigh; return c }())
	if n := overlap(first, heldIDs(Generate(more, p))); n < 998 {
		t.Errorf("one more candidate changed the holdout: only %d of 1000 kept", n)
	}

	// Share 0 holds nobody out.
	p0 := p
	p0.Config.HoldoutShare = 0
	if n := len(Generate(cs, p0).HeldOut); n != 0 {
		t.Errorf("share 0 held out %d", n)
	}
}

func overlap(a, b []int64) int {
	n := 0
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			n++
		}
	}
	return n
}

func TestHoldoutSmallListsAverageOut(t *testing.T) {
	// 5 entries a day at 10 % is 0.5 a day: over 2,000 days ≈ 1,000 held out.
	cs := recallCands(5)
	total := 0
	for d := range 2000 {
		total += len(Generate(cs, Params{Date: d0 + clock.Day(d), Config: DefaultConfig(), Seed: 7}).HeldOut)
	}
	if total < 900 || total > 1100 {
		t.Errorf("held out %d over 2000 days, want ≈ 1000", total)
	}
}

func TestHoldoutNeverComplaintOrCallback(t *testing.T) {
	var cs []Candidate
	for i := range 3000 {
		c := cand(int64(i + 1))
		switch i % 3 {
		case 0:
			c.OpenComplaints = []Complaint{{ID: int64(i), Deadline: d0.Time(nil)}}
		case 1:
			c.Callbacks = []Callback{{CallID: int64(i), Due: d0.Time(nil)}}
		case 2:
			c.Segment = SegmentDormantLow
		}
		cs = append(cs, c)
	}
	l := Generate(cs, Params{Date: d0, Config: DefaultConfig(), Seed: 1})
	if len(l.HeldOut) != 100 {
		t.Errorf("held out %d, want 10 %% of the 1000 recall entries", len(l.HeldOut))
	}
	for _, e := range l.HeldOut {
		if e.Reason != ReasonRecallLow {
			t.Errorf("held out a %s entry", e.Reason)
		}
	}
}

func TestOrdering(t *testing.T) {
	mk := func(id int64, seg string, rev int64) Candidate {
		c := cand(id)
		c.Segment, c.RevenueFen = seg, rev
		return c
	}
	birthday := mk(5, SegmentDormantLow, 1)
	birthday.Birthday = "--06-20"
	cs := []Candidate{
		mk(1, SegmentDormantLow, 900),
		mk(2, SegmentDormantHigh, 100),
		mk(3, SegmentDormantHigh, 500),
		mk(4, SegmentDormantHigh, 500), // same value as 3: lower ID first
		birthday,
	}
	cfg := DefaultConfig()
	cfg.HoldoutShare = 0
	l := Generate(cs, Params{Date: d0, Config: cfg})
	var ids []int64
	for _, e := range l.Shown {
		ids = append(ids, e.CustomerID)
	}
	if want := []int64{5, 3, 4, 2, 1}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
	for _, tc := range []struct {
		mod     func(*Config)
		field   string
		problem string
	}{
		{func(c *Config) { c.AfterSaleDays = -1 }, "AfterSaleDays", "negative"},
		{func(c *Config) { c.SecondMin = 50 }, "SecondMin", "min_above_max"},
		{func(c *Config) { c.BirthdayDays = 1000 }, "BirthdayDays", "too_large"},
		{func(c *Config) { c.PromoDays = []int{7, -3} }, "PromoDays", "negative"},
		{func(c *Config) { c.HoldoutShare = 0.9 }, "HoldoutShare", "out_of_range"},
	} {
		c := DefaultConfig()
		tc.mod(&c)
		err := c.Validate()
		var ce *errs.Error
		if !errors.As(err, &ce) || ce.Field != tc.field || ce.Code != tc.problem || !errors.Is(err, ErrConfig) {
			t.Errorf("got %v, want %s %s", err, tc.field, tc.problem)
		}
	}
	var zero Config
	if !zero.IsEnabled(ReasonBirthday) {
		t.Error("a nil Enabled map must mean enabled")
	}
}

func TestDay(t *testing.T) {
	if clock.DayOf(1970, 1, 1) != 0 || clock.DayOf(1970, 1, 2) != 1 || clock.DayOf(1969, 12, 31) != -1 {
		t.Fatal("epoch wrong")
	}
	start := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 200*366; i += 3 {
		tm := start.AddDate(0, 0, i)
		want := clock.Day(tm.Unix() / 86400)
		y, m, d := tm.Date()
		if got := clock.DayOf(y, m, d); got != want {
			t.Fatalf("DayOf(%v) = %d, want %d", tm, got, want)
		}
		gy, gm, gd := want.Date()
		if gy != y || gm != m || gd != d {
			t.Fatalf("Date(%d) = %d-%d-%d, want %v", want, gy, gm, gd, tm)
		}
		s := tm.Format(time.DateOnly)
		if want.String() != s {
			t.Fatalf("String = %q, want %q", want.String(), s)
		}
		if p, err := clock.ParseDay(s); err != nil || p != want {
			t.Fatalf("ParseDay(%q) = %d, %v", s, p, err)
		}
	}
	// Year 0000 is refused: outreach once kept its own Day and accepted it; it now
	// shares clock.Day, whose stricter ParseDay was kept.
	for _, bad := range []string{"", "2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-01-0x", "0000-01-01"} {
		if _, err := clock.ParseDay(bad); !errors.Is(err, clock.ErrBadDay) {
			t.Errorf("ParseDay(%q) err = %v", bad, err)
		}
	}
	// 23:30 UTC is the next day in the shop (UTC+8).
	if got := clock.FromTime(time.Date(2025, 6, 14, 23, 30, 0, 0, time.UTC), nil); got != d0 {
		t.Errorf("DayOfTime = %v, want %v", got, d0)
	}
}

// benchCands builds n candidates shaped like a real customer base: most are
// dormant or lost, a few have complaints, callbacks, birthdays, masked phones.
func benchCands(n int) []Candidate {
	r := rand.New(rand.NewPCG(3, 4))
	segs := []string{SegmentNew, SegmentActive, SegmentCooling, SegmentDormantHigh, SegmentDormantLow, SegmentLost, SegmentLost}
	cs := make([]Candidate, n)
	for i := range cs {
		c := &cs[i]
		c.ID = int64(i + 1)
		c.Segment = segs[r.IntN(len(segs))]
		c.PaidOrders = 1 + r.IntN(4)
		c.RevenueFen = int64(r.IntN(500000))
		c.LastPaid, c.HasLastPaid = d0-clock.Day(r.IntN(500)), true
		if c.PaidOrders > 1 {
			c.NextExpected, c.HasNextExpected = c.LastPaid+clock.Day(20+r.IntN(60)), true
		}
		if d0-c.LastPaid < 30 {
			c.RecentPaid = []PaidOrder{{Day: c.LastPaid, No: "T"}}
		}
		if r.IntN(3) == 0 {
			c.Birthday = clock.DayOf(1980+r.IntN(30), 1, 1+r.IntN(365)).String()
		}
		if r.IntN(10) == 0 {
			c.Phones = []Phone{{Number: "138****1234", Masked: true}}
		} else {
			c.Phones = []Phone{{Number: "13800138000"}}
		}
		if r.IntN(5) == 0 {
			c.LastCall, c.HasLastCall = d0-clock.Day(1+r.IntN(60)), true
		}
		if r.IntN(1000) == 0 {
			c.OpenComplaints = []Complaint{{ID: c.ID, Deadline: d0.Time(nil).Add(time.Duration(r.IntN(48)) * time.Hour)}}
		}
		if r.IntN(500) == 0 {
			c.Callbacks = []Callback{{CallID: c.ID, Due: d0.Time(nil).Add(time.Duration(r.IntN(48)-24) * time.Hour)}}
		}
		c.DoNotContact = r.IntN(50) == 0
	}
	return cs
}

func BenchmarkGenerate1M(b *testing.B) {
	cs := benchCands(1_000_000)
	p := Params{Date: d0, Config: DefaultConfig(), Seed: 9,
		Campaigns: []Campaign{{Name: "618", Day: d0 + 3, Segments: []string{SegmentActive, SegmentCooling}}}}
	b.ReportAllocs()
	var l List
	for b.Loop() {
		l = Generate(cs, p)
	}
	b.ReportMetric(float64(len(l.Shown)), "shown")
	b.ReportMetric(float64(len(l.HeldOut)), "held")
	b.ReportMetric(float64(len(l.NoNumber)), "nonumber")
}
