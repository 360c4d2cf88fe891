// Package outreach builds the daily call list (who to call, and why), holds
// the default call scripts, and measures whether the calls worked. It is pure
// Go: the store loads candidates and saves entries; the UI shows them.
package rules

import (
	"huitouke/data/clock"
	"huitouke/data/errs"
	"math"
	"slices"
	"strings"
	"time"
)

// Reason is why a customer is on the call list. The values are stored in
// call_list.reason and calls.reason, so they must not change.
type Reason string

const (
	ReasonComplaint      Reason = "complaint"
	ReasonCallback       Reason = "callback"
	ReasonAfterSale      Reason = "after_sale"
	ReasonRepurchaseDue  Reason = "repurchase_due"
	ReasonSecondPurchase Reason = "second_purchase"
	ReasonBirthday       Reason = "birthday"
	ReasonPromotion      Reason = "promotion"
	ReasonRecallHigh     Reason = "recall_high"
	ReasonRecallLow      Reason = "recall_low"
)

// ReasonManual marks an entry a user added by hand (calls.AddToDay). It is no
// rule: it is not in the urgency table, so Generate never picks it, it cannot
// be switched off, has no holdout and Valid reports false (no editable script).
const ReasonManual Reason = "manual"

// Lifecycle segment keys as stored in customer_stats.segment.
const (
	SegmentNew         = "new"
	SegmentActive      = "active"
	SegmentCooling     = "cooling"
	SegmentDormantHigh = "dormant_high"
	SegmentDormantLow  = "dormant_low"
	SegmentLost        = "lost"
	SegmentNone        = "none"
)

// reasonTable is THE urgency table, most urgent first. Change the order here
// and priorities, list order and "most urgent reason wins" all follow.
//   - bypassGap: the reason ignores the minimum gap between calls (the customer
//     is waiting for us, so the gap would be rude rather than polite).
//   - neverHoldout: never held out, because not calling would break a promise
//     or leave a complaint unanswered.
var reasonTable = [...]struct {
	reason       Reason
	bypassGap    bool
	neverHoldout bool
}{
	{ReasonComplaint, true, true},
	{ReasonCallback, true, true},
	{ReasonAfterSale, false, false},
	{ReasonRepurchaseDue, false, false},
	{ReasonSecondPurchase, false, false},
	{ReasonBirthday, false, false},
	{ReasonPromotion, false, false},
	{ReasonRecallHigh, false, false},
	{ReasonRecallLow, false, false},
}

const (
	// PriorityStep separates the priorities of adjacent reasons.
	PriorityStep = 10
	// OverdueBonus is added to the priority of an overdue complaint or callback
	// so that sorting by priority alone (e.g. in SQL) puts overdue ones first.
	OverdueBonus = 5
)

// Reasons returns every reason, most urgent first.
func Reasons() []Reason {
	out := make([]Reason, len(reasonTable))
	for i, r := range reasonTable {
		out[i] = r.reason
	}
	return out
}

// Priority returns the priority of a reason: higher means more urgent. The
// most urgent reason gets len(reasons)*PriorityStep (90), the least urgent
// PriorityStep (10), an unknown reason 0. Overdue complaints and callbacks get
// OverdueBonus on top (see Entry.Priority).
func Priority(r Reason) int {
	if i := reasonIndex(r); i >= 0 {
		return (len(reasonTable) - i) * PriorityStep
	}
	return 0
}

func reasonIndex(r Reason) int {
	for i, x := range reasonTable {
		if x.reason == r {
			return i
		}
	}
	return -1
}

// Valid reports whether r is a known reason.
func (r Reason) Valid() bool { return reasonIndex(r) >= 0 }

// Config holds the editable rules. Start from DefaultConfig.
type Config struct {
	AfterSaleDays    int   // after-sale call this many days after a paid order (exactly)
	SecondMin        int   // second purchase: only order at least this many days ago …
	SecondMax        int   // … and at most this many
	RepurchaseWindow int   // repurchase due: next expected purchase at most this many days ahead (or overdue)
	BirthdayDays     int   // birthday from today up to this many days ahead, both included
	PromoDays        []int // promotion reminders this many days before a campaign
	MinGapDays       int   // nobody is called again within this many days (0 = no gap rule)
	HoldoutShare     float64
	// Agents on duty and calls per agent per day: the day's capacity (see
	// Capacity). Complaints, callbacks and hand-added calls come on top.
	Agents, PerAgent int
	// Enabled switches reasons off: only an explicit false disables a reason,
	// so a nil map (or a reason added in a later version) means enabled.
	Enabled map[Reason]bool
	// Location is the shop time zone used to turn deadlines into days; nil = ShopZone.
	Location *time.Location
}

// DefaultConfig returns the rules of docs/DOMAIN.md.
func DefaultConfig() Config {
	en := make(map[Reason]bool, len(reasonTable))
	for _, r := range reasonTable {
		en[r.reason] = true
	}
	return Config{
		AfterSaleDays:    10,
		SecondMin:        15,
		SecondMax:        45,
		RepurchaseWindow: 3,
		BirthdayDays:     7,
		PromoDays:        []int{7, 3, 1},
		MinGapDays:       14,
		HoldoutShare:     0.10,
		Agents:           DefaultAgents,
		PerAgent:         DefaultPerAgent,
		Enabled:          en,
	}
}

// IsEnabled reports whether reason r is switched on.
func (c Config) IsEnabled(r Reason) bool {
	on, ok := c.Enabled[r]
	return !ok || on
}

// ErrConfig matches (errors.Is) every invalid rule setting: an *errs.Error of area
// errs.Calls whose Code is "negative", "too_large", "min_above_max" or "out_of_range".
var ErrConfig = &errs.Error{Area: errs.Calls}

func configError(field, code string) error {
	return &errs.Error{Area: errs.Calls, Field: field, Code: code}
}

// maxDays bounds every day setting; a year is plenty and keeps the birthday
// window table and promotion arithmetic trivially safe.
const maxDays = 366

// Validate checks the settings a user can edit.
func (c Config) Validate() error {
	days := []struct {
		name string
		v    int
	}{
		{"AfterSaleDays", c.AfterSaleDays}, {"SecondMin", c.SecondMin}, {"SecondMax", c.SecondMax},
		{"RepurchaseWindow", c.RepurchaseWindow}, {"BirthdayDays", c.BirthdayDays}, {"MinGapDays", c.MinGapDays},
	}
	for _, d := range days {
		if d.v < 0 {
			return configError(d.name, "negative")
		}
		if d.v > maxDays {
			return configError(d.name, "too_large")
		}
	}
	for _, d := range c.PromoDays {
		if d < 0 {
			return configError("PromoDays", "negative")
		}
		if d > maxDays {
			return configError("PromoDays", "too_large")
		}
	}
	if c.SecondMin > c.SecondMax {
		return configError("SecondMin", "min_above_max")
	}
	if c.Agents < 1 || c.Agents > MaxAgents {
		return configError("Agents", "out_of_range")
	}
	if c.PerAgent < 1 || c.PerAgent > MaxPerAgent {
		return configError("PerAgent", "out_of_range")
	}
	if math.IsNaN(c.HoldoutShare) || c.HoldoutShare < 0 || c.HoldoutShare > 0.5 {
		return configError("HoldoutShare", "out_of_range")
	}
	return nil
}

// Phone is one of a customer's numbers as stored.
type Phone struct {
	Number string
	Masked bool // the platform gave it masked (138****1234)
}

// PaidOrder is a recent paid order, for the after-sale reason.
type PaidOrder struct {
	Day clock.Day
	No  string // order number, shown as the entry's detail
}

// Complaint is an open (not answered) complaint.
type Complaint struct {
	ID       int64
	Deadline time.Time // created + 24 h
}

// Callback is a follow-up set on an earlier call and not done yet.
type Callback struct {
	CallID int64
	Due    time.Time
}

// Campaign is a dated promotion aimed at some lifecycle segments. Only pass
// active campaigns. A campaign with no segments reaches nobody: the campaign
// editor must make the shop choose, because calling every customer about a
// promotion is exactly what "care before selling" forbids.
type Campaign struct {
	Name     string
	Day      clock.Day
	Segments []string
}

// Candidate is everything the rules need to know about one customer.
type Candidate struct {
	ID           int64
	Phones       []Phone
	DoNotContact bool
	Segment      string // lifecycle segment key (SegmentNew …)
	PaidOrders   int
	RevenueFen   int64 // customer value, the tie-break inside a reason

	LastPaid    clock.Day // day of the latest paid order
	HasLastPaid bool

	NextExpected    clock.Day // last order + purchase cycle (customers with ≥ 2 orders)
	HasNextExpected bool

	// RecentPaid: paid orders of at least the last AfterSaleDays days. Older
	// ones are harmless, only the one exactly AfterSaleDays ago matters.
	RecentPaid []PaidOrder

	Birthday string // "YYYY-MM-DD", "--MM-DD" or ""

	// LastCall: latest logged call (any outcome). LastListed: latest day the
	// customer had a call-list entry. Pass held-out entries too, so a holdout
	// customer is not called inside the window in which the holdout is
	// measured. Days on or after the list date are ignored, so regenerating
	// today's list gives the same list.
	LastCall      clock.Day
	HasLastCall   bool
	LastListed    clock.Day
	HasLastListed bool

	OpenComplaints []Complaint
	Callbacks      []Callback // not done yet; due on or before the list date counts
}

// Entry is one line of the call list.
type Entry struct {
	CustomerID int64
	Reason     Reason
	// Priority: higher is more urgent; see Priority(). Overdue complaints and
	// callbacks carry OverdueBonus on top.
	Priority int
	Day      clock.Day // the list date
	// DueDay is the day the reason is about: the after-sale order's day, the
	// next expected purchase, the birthday this year, the campaign day, the
	// complaint deadline's or callback's day, the only order's day (second
	// purchase), the last order's day (recall).
	DueDay clock.Day
	// DueAt is the complaint deadline or callback time; zero for other reasons.
	DueAt time.Time
	// Detail is language-neutral: the order number (after-sale), the campaign
	// name (promotion), "MM-DD" (birthday); empty otherwise.
	Detail     string
	RefID      int64 // complaint ID or the call ID of the callback
	DaysBefore int   // promotion: days before the campaign (7, 3, 1)
	RevenueFen int64
	ValueFen   int64 // what a call is worth (see Value): the order inside a reason
	Holdout    bool  // drawn for the holdout group: recorded, not shown, not called
	NoNumber   bool  // no callable phone: on the "no number" list
	Overdue    bool  // complaint deadline or callback time before Params.Now
}

// Due formats the entry's due moment for storage: "YYYY-MM-DD HH:MM:SS" in
// loc for complaints and callbacks, "YYYY-MM-DD" otherwise.
func (e Entry) Due(loc *time.Location) string {
	if !e.DueAt.IsZero() {
		if loc == nil {
			loc = clock.ShopZone
		}
		return e.DueAt.In(loc).Format(time.DateTime)
	}
	return e.DueDay.String()
}

// Params are the inputs of one generation besides the candidates.
type Params struct {
	Date      clock.Day
	Now       time.Time // decides Overdue; zero = the start of Date
	Campaigns []Campaign
	Config    Config
	// Seed makes the holdout draw reproducible: the same date, seed and
	// candidates give the same split. Store one random seed per shop.
	Seed int64
}

// List is a generated call list. Shown is what agents work through;
// HeldOut is recorded but not called; NoNumber lists customers who qualify
// but have no callable phone (never held out, never shown in Shown). Each is
// ordered by urgency then customer value.
type List struct {
	Shown, HeldOut, NoNumber []Entry
}

// Generate builds the call list for p.Date.
//
// Rules: do-not-contact customers never appear; each customer gets at most
// one entry, under the most urgent reason that applies; a customer contacted
// (call logged or list entry) fewer than MinGapDays days before the date gets
// only complaint and callback entries; customers without an unmasked phone go
// to NoNumber; of the remaining entries, all but complaints and callbacks are
// candidates for the holdout draw.
func Generate(cands []Candidate, p Params) List {
	g := newGen(p)
	// First pass: decide, keeping only a small sort key per entry. The Entry
	// itself is rebuilt for the winners after sorting, which is cheaper than
	// growing and sorting a slice of large structs.
	keys := make([]sortKey, 0, len(cands)/8)
	var e Entry
	for i := range cands {
		c := &cands[i]
		if c.DoNotContact {
			continue
		}
		ri, ok := g.evaluate(c, &e)
		if !ok {
			continue
		}
		k := newSortKey(e.Priority, e.DueAt, Value(c, p.Date), c.ID)
		k.idx, k.reason, k.noNumber = int32(i), uint8(ri), !hasCallablePhone(c.Phones)
		keys = append(keys, k)
	}
	g.drawHoldout(keys)
	slices.SortFunc(keys, compareKeys)

	var nShown, nHeld, nNo int
	for _, k := range keys {
		switch {
		case k.noNumber:
			nNo++
		case k.holdout:
			nHeld++
		default:
			nShown++
		}
	}
	l := List{Shown: make([]Entry, 0, nShown), HeldOut: make([]Entry, 0, nHeld), NoNumber: make([]Entry, 0, nNo)}
	for _, k := range keys {
		e := g.entry(&cands[k.idx], int(k.reason))
		e.NoNumber, e.Holdout = k.noNumber, k.holdout
		switch {
		case k.noNumber:
			l.NoNumber = append(l.NoNumber, e)
		case k.holdout:
			l.HeldOut = append(l.HeldOut, e)
		default:
			l.Shown = append(l.Shown, e)
		}
	}
	return l
}

type promoHit struct {
	segment    string
	name       string
	day        clock.Day
	daysBefore int
}

type gen struct {
	p       Params
	cfg     Config
	date    clock.Day
	now     time.Time
	loc     *time.Location
	enabled [len(reasonTable)]bool
	bday    birthdayWindow
	promos  []promoHit // one per segment: the nearest campaign
}

func newGen(p Params) *gen {
	g := &gen{p: p, cfg: p.Config, date: p.Date, now: p.Now, loc: p.Config.Location}
	if g.loc == nil {
		g.loc = clock.ShopZone
	}
	if g.now.IsZero() {
		g.now = p.Date.Time(g.loc)
	}
	for i, r := range reasonTable {
		g.enabled[i] = g.cfg.IsEnabled(r.reason)
	}
	g.bday = newBirthdayWindow(p.Date, g.cfg.BirthdayDays)
	g.promos = promoHits(p.Date, p.Campaigns, g.cfg.PromoDays)
	return g
}

// promoHits lists, per target segment, the campaign whose reminder falls on
// date; when several do, the nearest campaign wins (then the earlier listed).
func promoHits(date clock.Day, camps []Campaign, promoDays []int) []promoHit {
	var hits []promoHit
	for _, c := range camps {
		for _, k := range promoDays {
			if k < 0 || k > maxDays || c.Day-clock.Day(k) != date {
				continue
			}
			for _, s := range c.Segments {
				s = strings.TrimSpace(s)
				if s == "" {
					continue
				}
				j := slices.IndexFunc(hits, func(h promoHit) bool { return h.segment == s })
				h := promoHit{segment: s, name: c.Name, day: c.Day, daysBefore: k}
				switch {
				case j < 0:
					hits = append(hits, h)
				case k < hits[j].daysBefore:
					hits[j] = h
				}
			}
		}
	}
	return hits
}

func (g *gen) gapBlocked(c *Candidate) bool {
	gap := clock.Day(g.cfg.MinGapDays)
	if gap <= 0 {
		return false
	}
	// "Within the gap": 1 … gap-1 days before the date. With the default 14,
	// a call 13 days ago blocks, one 14 days ago does not.
	if c.HasLastCall && c.LastCall < g.date && g.date-c.LastCall < gap {
		return true
	}
	return c.HasLastListed && c.LastListed < g.date && g.date-c.LastListed < gap
}

// evaluate finds the most urgent applicable reason, returns its index in
// reasonTable and fills e for it.
func (g *gen) evaluate(c *Candidate, e *Entry) (int, bool) {
	blocked := g.gapBlocked(c)
	for i := range reasonTable {
		if !g.enabled[i] || (blocked && !reasonTable[i].bypassGap) {
			continue
		}
		// match only writes the fields of the reason it matched, so only
		// they need clearing.
		e.DueAt, e.Overdue = time.Time{}, false
		if g.match(reasonTable[i].reason, c, e) {
			e.Priority = (len(reasonTable) - i) * PriorityStep
			if e.Overdue {
				e.Priority += OverdueBonus
			}
			return i, true
		}
	}
	return 0, false
}

// entry builds c's entry for reasonTable[i], with an empty Reason when that
// reason does not apply.
func (g *gen) entry(c *Candidate, i int) Entry {
	e := Entry{CustomerID: c.ID, Day: g.date, RevenueFen: c.RevenueFen, ValueFen: Value(c, g.date)}
	if !g.match(reasonTable[i].reason, c, &e) {
		return Entry{}
	}
	e.Reason = reasonTable[i].reason
	e.Priority = (len(reasonTable) - i) * PriorityStep
	if e.Overdue {
		e.Priority += OverdueBonus
	}
	return e
}

// match reports whether reason r applies to c and fills in the reason's
// fields of e.
func (g *gen) match(r Reason, c *Candidate, e *Entry) bool {
	cfg := &g.cfg
	switch r {
	case ReasonComplaint:
		best := -1
		for i, x := range c.OpenComplaints {
			if best < 0 || x.Deadline.Before(c.OpenComplaints[best].Deadline) {
				best = i
			}
		}
		if best < 0 {
			return false
		}
		x := c.OpenComplaints[best]
		e.DueAt, e.DueDay, e.RefID = x.Deadline, clock.FromTime(x.Deadline, g.loc), x.ID
		e.Overdue = x.Deadline.Before(g.now)
		return true
	case ReasonCallback:
		best := -1
		for i, x := range c.Callbacks {
			if clock.FromTime(x.Due, g.loc) > g.date {
				continue
			}
			if best < 0 || x.Due.Before(c.Callbacks[best].Due) {
				best = i
			}
		}
		if best < 0 {
			return false
		}
		x := c.Callbacks[best]
		e.DueAt, e.DueDay, e.RefID = x.Due, clock.FromTime(x.Due, g.loc), x.CallID
		e.Overdue = x.Due.Before(g.now)
		return true
	case ReasonAfterSale:
		want := g.date - clock.Day(cfg.AfterSaleDays)
		for _, o := range c.RecentPaid {
			if o.Day == want {
				e.DueDay, e.Detail = o.Day, o.No
				return true
			}
		}
		return false
	case ReasonRepurchaseDue:
		if !c.HasNextExpected || c.Segment == SegmentLost || c.NextExpected-g.date > clock.Day(cfg.RepurchaseWindow) {
			return false
		}
		e.DueDay = c.NextExpected
		return true
	case ReasonSecondPurchase:
		if c.PaidOrders != 1 || !c.HasLastPaid {
			return false
		}
		d := int(g.date - c.LastPaid)
		if d < cfg.SecondMin || d > cfg.SecondMax {
			return false
		}
		e.DueDay = c.LastPaid
		return true
	case ReasonBirthday:
		md, delta, ok := g.bday.match(c.Birthday)
		if !ok {
			return false
		}
		e.DueDay, e.Detail = g.date+clock.Day(delta), md
		return true
	case ReasonPromotion:
		for _, h := range g.promos {
			if h.segment == c.Segment {
				e.DueDay, e.Detail, e.DaysBefore = h.day, h.name, h.daysBefore
				return true
			}
		}
		return false
	case ReasonRecallHigh, ReasonRecallLow:
		want := SegmentDormantHigh
		if r == ReasonRecallLow {
			want = SegmentDormantLow
		}
		if c.Segment != want {
			return false
		}
		if c.HasLastPaid {
			e.DueDay = c.LastPaid
		}
		return true
	}
	return false
}

// birthdayWindow maps a month-day to 1 + days until that birthday, or 0 when
// it is outside the window. Feb 29 birthdays are celebrated on Feb 28 in a
// non-leap year: early wishes are kind, late ones feel forgotten.
type birthdayWindow [13][32]int16

func newBirthdayWindow(date clock.Day, days int) birthdayWindow {
	var w birthdayWindow
	days = min(max(days, -1), maxDays)
	for k := days; k >= 0; k-- { // descending, so the nearest occurrence wins
		y, m, d := date.Add(k).Date()
		w[m][d] = int16(k + 1)
		if m == time.February && d == 28 && !isLeap(y) {
			w[2][29] = int16(k + 1)
		}
	}
	return w
}

// match parses "YYYY-MM-DD" or "--MM-DD" and returns the "MM-DD" part and
// the days until the birthday.
func (w *birthdayWindow) match(s string) (md string, delta int, ok bool) {
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		md = s[5:]
	case len(s) == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-':
		md = s[2:]
	default:
		return "", 0, false
	}
	m, ok1 := digits(md[0:2])
	d, ok2 := digits(md[3:5])
	if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > daysIn(2000, m) {
		return "", 0, false
	}
	v := w[m][d]
	if v == 0 {
		return "", 0, false
	}
	return md, int(v) - 1, true
}

// hasCallablePhone: an agent can dial a number that is not masked and has
// enough digits. A '*' marks a masked number even when the flag was lost.
func hasCallablePhone(ps []Phone) bool {
	for _, p := range ps {
		if p.Masked {
			continue
		}
		n := 0
		bad := false
		for i := 0; i < len(p.Number); i++ {
			c := p.Number[i]
			switch {
			case c >= '0' && c <= '9':
				n++
			case c == '*' || c == 'x' || c == 'X':
				bad = true
			}
		}
		if !bad && n >= 7 {
			return true
		}
	}
	return false
}

// drawHoldout marks exactly round(share × eligible) entries as Holdout,
// choosing those with the lowest hash of (seed, date, customer). Eligible are
// entries with a callable number whose reason may be held out. The
// fractional part of share × eligible is rounded up or down by a coin also
// seeded by (seed, date), so small daily lists still feed the holdout over
// time. A customer's hash does not depend on the rest of the list, so small
// changes to the candidates move at most a few customers between groups.
func (g *gen) drawHoldout(keys []sortKey) {
	share := g.cfg.HoldoutShare
	if math.IsNaN(share) || share <= 0 {
		return
	}
	share = min(share, 1)
	base := mix64(uint64(g.p.Seed) ^ mix64(uint64(uint32(g.date))+0x9E3779B97F4A7C15))
	eligible := func(k *sortKey) bool { return !k.noNumber && !reasonTable[k.reason].neverHoldout }
	hash := func(k *sortKey) uint64 { return mix64(base ^ uint64(k.id)) }
	var hashes []uint64
	for i := range keys {
		if eligible(&keys[i]) {
			hashes = append(hashes, hash(&keys[i]))
		}
	}
	x := share * float64(len(hashes))
	n := int(x)
	if frac := x - float64(n); frac > 0 && float64(mix64(base^0xD1B54A32D192ED03)>>11)/(1<<53) < frac {
		n++
	}
	if n == 0 {
		return
	}
	slices.Sort(hashes)
	thr := hashes[n-1]
	// Ties on the threshold are astronomically rare; take them in input
	// order until n are held out.
	atThr := n - countBelow(hashes[:n], thr)
	for i := range keys {
		k := &keys[i]
		if !eligible(k) {
			continue
		}
		h := hash(k)
		if h < thr || (h == thr && atThr > 0) {
			if h == thr {
				atThr--
			}
			k.holdout = true
		}
	}
}

func countBelow(sorted []uint64, thr uint64) int {
	n, _ := slices.BinarySearch(sorted, thr)
	return n
}

// mix64 is the SplitMix64 finaliser: a fixed, well-mixed hash, so the draw is
// the same on every machine and Go version (math/rand streams are not
// guaranteed to be).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// sortKey is what the list is ordered by, packed so that sorting a million
// of them is cheap: sorting the Entry structs themselves, or keys with a
// field per criterion, took several times longer.
//
// The order: priority, higher first; then, for complaints and callbacks, the
// deadline or callback time, earliest first (to the second: stored times have
// no finer precision); then what a call is worth (Value), higher first; then
// customer ID, so the order is total and the same on every run.
type sortKey struct {
	a        uint64 // priority (descending) in the top bits, due second below
	b        uint64 // revenue, descending
	id       int64
	idx      int32 // index into the candidates
	reason   uint8 // index into reasonTable
	noNumber bool
	holdout  bool
}

const (
	dueBits = 57 // 2^57 seconds is far beyond any date; the 7 bits above hold the priority
	maxDue  = 1<<dueBits - 1
)

func newSortKey(priority int, due time.Time, revenue, id int64) sortKey {
	p := uint64(min(max(priority, 0), 127))
	k := sortKey{a: (127 - p) << dueBits, b: ^(uint64(revenue) ^ 1<<63), id: id}
	if !due.IsZero() {
		k.a |= uint64(min(max(due.Unix(), 0), maxDue))
	}
	return k
}

func compareKeys(x, y sortKey) int {
	switch {
	case x.a != y.a:
		if x.a < y.a {
			return -1
		}
		return 1
	case x.b != y.b:
		if x.b < y.b {
			return -1
		}
		return 1
	case x.id < y.id:
		return -1
	case x.id > y.id:
		return 1
	}
	return 0
}
