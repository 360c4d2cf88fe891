package rules

import (
	"cmp"
	"slices"

	"huitouke/data/clock"
)

// Capacity defaults and bounds (docs/DOMAIN.md, "Daily capacity").
const (
	DefaultAgents   = 1
	DefaultPerAgent = 60
	MaxAgents       = 50
	MaxPerAgent     = 1000
)

// Capacity is how many calls the day's list holds besides complaint
// follow-ups, scheduled callbacks and hand-added calls: agents on duty ×
// calls per agent (a zero setting counts as the default).
func (c Config) Capacity() int {
	a, n := c.Agents, c.PerAgent
	if a <= 0 {
		a = DefaultAgents
	}
	if n <= 0 {
		n = DefaultPerAgent
	}
	return a * n
}

// valueHalfDays: a customer who last paid this many days ago is worth half
// of one who paid today, for the same lifetime revenue.
const valueHalfDays = 90

// Value is what a call to c is worth on date until predictions exist: the
// lifetime revenue weighted by recency, revenue × 90 / (90 + days since the
// last paid order). A customer without a paid order is worth nothing.
func Value(c *Candidate, date clock.Day) int64 {
	if c.RevenueFen <= 0 {
		return 0
	}
	days := int64(valueHalfDays * 4) // no known last order: as if a year ago
	if c.HasLastPaid {
		days = max(int64(date-c.LastPaid), 0)
	}
	return c.RevenueFen * valueHalfDays / (valueHalfDays + days)
}

// CompareEntries orders entries as the list is ordered: priority, higher
// first; for complaints and callbacks the deadline or callback time, earliest
// first; then value, higher first; then customer ID.
func CompareEntries(x, y *Entry) int {
	if c := cmp.Compare(y.Priority, x.Priority); c != 0 {
		return c
	}
	if !x.DueAt.Equal(y.DueAt) {
		switch {
		case x.DueAt.IsZero():
			return 1
		case y.DueAt.IsZero():
			return -1
		}
		return x.DueAt.Compare(y.DueAt)
	}
	if c := cmp.Compare(y.ValueFen, x.ValueFen); c != 0 {
		return c
	}
	return cmp.Compare(x.CustomerID, y.CustomerID)
}

// MustCall reports whether the reason is always on the day's list, on top of
// the capacity and never held out: a complaint follow-up, a promised callback
// or a call a user added by hand.
func MustCall(r Reason) bool {
	if r == ReasonManual {
		return true
	}
	i := reasonIndex(r)
	return i >= 0 && reasonTable[i].neverHoldout
}

// Contact is what the planner knows of one customer record of a candidate:
// its full contact keys (normalized unmasked phones and e-mails, each
// prefixed "p:" or "e:"), the numbers that may be dialled, best first, and
// the day of its latest paid order (the best number is on the latest orders).
type Contact struct {
	Keys     []string
	Dial     []string
	LastPaid clock.Day
}

// PlanInput is everything Plan weighs besides the ranked entries.
type PlanInput struct {
	Date         clock.Day
	Capacity     int     // calls besides MustCall ones; < 0 = no limit (every eligible person)
	NoNumberCap  int     // no-number entries besides MustCall ones; < 0 = no limit
	HoldoutShare float64 // 0 … 0.5
	Seed         int64
	// Contact of a candidate customer (missing: no keys, nothing to dial).
	Contact map[int64]Contact
	// Blocked: a key of a person who asked not to be called (do-not-contact
	// on any of the person's records). Recent: a key of a person called, or
	// deliberately skipped, or held out, within the gap. Both may be nil.
	Blocked, Recent map[string]bool
	// Manual: a key of a person a user put on the day's list by hand: that
	// entry is the person's call of the day, rules add only complaints and
	// callbacks.
	Manual map[string]bool
	// Stored: customers already on the day's stored list; true when their
	// entry is held out. They keep their place (and their holdout draw) when
	// the day is planned again, so a regenerated list does not move under
	// the agents' feet.
	Stored map[int64]bool
}

// Planned is one person's entry of the day.
type Planned struct {
	Entry            // under the person's most urgent reason
	Dial    string   // the number to dial, "" for the no-number list
	Members []int64  // every candidate record of the person, the entry's own first
	Keys    []string // the person's contact keys (to find its other records)
}

// Plan is the day's call plan.
type Plan struct {
	Shown, HeldOut, NoNumber []Planned
	// More: eligible persons beyond the capacity, left for the next days
	// (they stay eligible: nothing is lost).
	More, MoreNoNumber int
	// Eligible is every eligible person, ranked (the ones above first), with
	// Today telling which of them made today's list.
	Eligible []Planned
	Today    []bool
}

// MakePlan turns the ranked entries (Generate's Shown and NoNumber, generated
// without a holdout draw) into the day's plan:
//
//   - Records sharing a full phone number or e-mail (directly or through
//     another record) are one person, called once, under the most urgent
//     reason of any record, dialling the best number of the person: the
//     entry's own first, then the record with the latest paid order.
//   - A person with a key in Blocked never appears; one with a key in Recent
//     gets only complaint follow-ups and callbacks.
//   - MustCall entries are always in. The others are taken in rank order up
//     to Capacity (persons already stored today first). Each is drawn for
//     the holdout by a hash of (seed, day, customer) with odds HoldoutShare,
//     held-out persons do not use capacity: the holdout is drawn from the
//     same ranked band as the calls made.
//   - A person without a number to dial goes to the no-number list, capped
//     at NoNumberCap besides MustCall entries.
func MakePlan(shown, noNumber []Entry, in PlanInput) Plan {
	all := make([]Entry, 0, len(shown)+len(noNumber))
	all = append(all, shown...)
	all = append(all, noNumber...)
	slices.SortStableFunc(all, func(a, b Entry) int { return CompareEntries(&a, &b) })
	uf := newPersons(all, in.Contact)
	type person struct {
		first   int // index of the most urgent record
		members []int
	}
	byRoot := map[int]*person{}
	var order []*person
	for i := range all {
		r := uf.find(i)
		p := byRoot[r]
		if p == nil {
			p = &person{first: i}
			byRoot[r] = p
			order = append(order, p)
		}
		p.members = append(p.members, i)
	}
	var pl Plan
	base := holdoutBase(in.Seed, in.Date)
	type cand struct {
		p      Planned
		stored bool
		held   bool
	}
	var must, calls, none []cand
	for _, p := range order {
		e := all[p.first]
		// A person already on the day's list under another record keeps
		// that record's entry (regenerating must not move it, nor add a
		// second one), unless a complaint or callback came up.
		if _, own := in.Stored[e.CustomerID]; !own && !MustCall(e.Reason) {
			for k, m := range p.members[1:] {
				if _, ok := in.Stored[all[m].CustomerID]; ok {
					e = all[m]
					p.members[0], p.members[k+1] = p.members[k+1], p.members[0]
					break
				}
			}
		}
		keys, dial := personContact(all, p.members, in.Contact)
		blocked, recent := false, false
		for _, k := range keys {
			blocked = blocked || in.Blocked[k]
			recent = recent || in.Recent[k] || in.Manual[k]
		}
		if blocked || (recent && !reasonTable[max(reasonIndex(e.Reason), 0)].bypassGap) {
			continue
		}
		c := cand{p: Planned{Entry: e, Keys: keys}}
		if len(dial) > 0 {
			c.p.Dial = dial[0]
		}
		for _, m := range p.members {
			c.p.Members = append(c.p.Members, all[m].CustomerID)
			if h, ok := in.Stored[all[m].CustomerID]; ok {
				c.stored = true
				c.held = c.held || h
			}
		}
		switch {
		case MustCall(e.Reason):
			c.held = false
			must = append(must, c)
		case c.p.Dial == "":
			none = append(none, c)
		default:
			if !c.stored {
				c.held = in.HoldoutShare > 0 && holdoutDraw(base, e.CustomerID) < in.HoldoutShare
			}
			calls = append(calls, c)
		}
	}
	// Stored first, each group in rank order.
	storedFirst := func(cs []cand) []cand {
		out := make([]cand, 0, len(cs))
		for _, want := range []bool{true, false} {
			for _, c := range cs {
				if c.stored == want {
					out = append(out, c)
				}
			}
		}
		return out
	}
	today := map[int64]bool{}
	for _, c := range must {
		if c.p.Dial == "" {
			c.p.NoNumber = true
			pl.NoNumber = append(pl.NoNumber, c.p)
		} else {
			pl.Shown = append(pl.Shown, c.p)
		}
		today[c.p.CustomerID] = true
	}
	n := 0
	for _, c := range storedFirst(calls) {
		full := in.Capacity >= 0 && n >= in.Capacity
		switch {
		case c.held && (c.stored || !full): // a stored draw is kept
			c.p.Holdout = true
			pl.HeldOut = append(pl.HeldOut, c.p)
		case full:
			pl.More++
			continue
		default:
			pl.Shown = append(pl.Shown, c.p)
			n++
		}
		today[c.p.CustomerID] = true
	}
	n = 0
	for _, c := range storedFirst(none) {
		if in.NoNumberCap >= 0 && n >= in.NoNumberCap {
			pl.MoreNoNumber++
			continue
		}
		c.p.NoNumber = true
		pl.NoNumber = append(pl.NoNumber, c.p)
		today[c.p.CustomerID] = true
		n++
	}
	for _, l := range [][]Planned{pl.Shown, pl.HeldOut, pl.NoNumber} {
		slices.SortStableFunc(l, func(a, b Planned) int { return CompareEntries(&a.Entry, &b.Entry) })
	}
	for _, cs := range [][]cand{must, calls, none} {
		for _, c := range cs {
			pl.Eligible = append(pl.Eligible, c.p)
		}
	}
	slices.SortStableFunc(pl.Eligible, func(a, b Planned) int { return CompareEntries(&a.Entry, &b.Entry) })
	pl.Today = make([]bool, len(pl.Eligible))
	for i, p := range pl.Eligible {
		pl.Today[i] = today[p.CustomerID] && !p.Holdout
	}
	return pl
}

// personContact gathers the keys of a person's records and the numbers to
// dial, best first: the most urgent record's own, then those of records with
// later paid orders.
func personContact(all []Entry, members []int, contact map[int64]Contact) (keys, dial []string) {
	ms := slices.Clone(members)
	first := ms[0]
	slices.SortStableFunc(ms[1:], func(a, b int) int {
		return cmp.Compare(contact[all[b].CustomerID].LastPaid, contact[all[a].CustomerID].LastPaid)
	})
	seen := map[string]bool{}
	for _, m := range append([]int{first}, ms[1:]...) {
		c := contact[all[m].CustomerID]
		for _, k := range c.Keys {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		for _, d := range c.Dial {
			if !seen["d:"+d] {
				seen["d:"+d] = true
				dial = append(dial, d)
			}
		}
	}
	return keys, dial
}

// persons is a union-find over the entries, joined by shared contact keys.
type persons struct{ parent []int }

func newPersons(all []Entry, contact map[int64]Contact) *persons {
	u := &persons{parent: make([]int, len(all))}
	for i := range u.parent {
		u.parent[i] = i
	}
	owner := map[string]int{}
	for i := range all {
		for _, k := range contact[all[i].CustomerID].Keys {
			if j, ok := owner[k]; ok {
				u.union(i, j)
			} else {
				owner[k] = i
			}
		}
	}
	return u
}

func (u *persons) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union keeps the lower index (the more urgent record) as the root.
func (u *persons) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
}

func holdoutBase(seed int64, date clock.Day) uint64 {
	return mix64(uint64(seed) ^ mix64(uint64(uint32(date))+0x9E3779B97F4A7C15))
}

// holdoutDraw is a number in [0, 1) fixed by (seed, day, customer).
func holdoutDraw(base uint64, id int64) float64 {
	return float64(mix64(base^uint64(id))>>11) / (1 << 53)
}
