// Package calls is the callback workflow on top of the store: it builds and
// persists each day's call list from the database (using the pure rules of
// data/outreach), lets agents claim entries and log outcomes with their side
// effects (follow-ups, do-not-contact, complaints, feedback), keeps the
// editable scripts, objections and campaigns, measures whether the calls
// worked, and exports lists for Excel and bulk-SMS tools. It never imports Fyne.
package calls

import (
	"errors"
	"fmt"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/customers"
)

// Outcome is the result of one call, stored in calls.outcome.
type Outcome string

// The outcomes of docs/DOMAIN.md, in the order of their keyboard keys 1…8.
const (
	Interested    Outcome = "interested"
	NotInterested Outcome = "not_interested"
	NoAnswer      Outcome = "no_answer"
	Busy          Outcome = "busy"
	WrongNumber   Outcome = "wrong_number"
	DoNotContact  Outcome = "do_not_contact"
	Complaint     Outcome = "complaint"
	Ordered       Outcome = "ordered"
)

// Outcomes lists every outcome in key order (Outcomes()[0] is key 1).
func Outcomes() []Outcome {
	return []Outcome{Interested, NotInterested, NoAnswer, Busy, WrongNumber, DoNotContact, Complaint, Ordered}
}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool {
	for _, x := range Outcomes() {
		if x == o {
			return true
		}
	}
	return false
}

// Reached reports whether the agent spoke with the customer: the reach rate
// counts these. A busy customer picked up and asked to be called later.
func (o Outcome) Reached() bool {
	switch o {
	case NoAnswer, WrongNumber:
		return false
	}
	return o.Valid()
}

// Entry statuses in call_list.status.
const (
	StatusOpen    = "open"
	StatusWorking = "working"
	StatusDone    = "done"
	StatusSkipped = "skipped"
)

// ClaimTTL: a claim older than this is considered abandoned (the agent went
// to lunch or the program crashed) and another agent may take the entry.
const ClaimTTL = 30 * time.Minute

// DNCReason is stored as the do-not-contact reason when a customer asks on
// the phone not to be called again (the store keeps it in Chinese, the
// shop's working language; the card shows it as written).
const DNCReason = "客户要求"

// ComplaintDeadline is how long the shop has to answer a complaint.
const ComplaintDeadline = customers.ComplaintDeadline

// LowScore: a feedback score at or below this opens a complaint.
const LowScore = 2

// Errors the UI translates.
var (
	// ErrClaimed: another agent is working on the entry.
	ErrClaimed = errors.New("calls: entry claimed by another agent")
	// ErrNotFound: no such list entry or customer.
	ErrNotFound = errors.New("calls: not found")
	// ErrBadOutcome: unknown outcome or score outside 1…5.
	ErrBadOutcome = errors.New("calls: invalid outcome")
	// ErrNoAgent: claiming or logging needs the agent's name.
	ErrNoAgent = errors.New("calls: agent name missing")
)

// ClaimedError says who holds the entry.
type ClaimedError struct{ Agent string }

func (e *ClaimedError) Error() string { return fmt.Sprintf("calls: entry claimed by %s", e.Agent) }
func (e *ClaimedError) Unwrap() error { return ErrClaimed }

func fmtTime(t time.Time) string { return t.In(clock.ShopZone).Format(data.TimeLayout) }

func parseTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(data.TimeLayout, s, clock.ShopZone)
	if err != nil {
		if t2, err2 := time.ParseInLocation("2006-01-02 15:04", s, clock.ShopZone); err2 == nil {
			return t2, true
		}
		if t2, err2 := time.ParseInLocation(data.DayLayout, s, clock.ShopZone); err2 == nil {
			return t2, true
		}
		return time.Time{}, false
	}
	return t, true
}

// parseDay reads the first 10 bytes of a stored day or time as a day, by
// hand: it runs for every candidate of a large shop.
func parseDay[T string | []byte](b T) (clock.Day, bool) {
	if len(b) < 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	n := func(i, j int) (int, bool) {
		v := 0
		for ; i < j; i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := n(0, 4)
	m, ok2 := n(5, 7)
	d, ok3 := n(8, 10)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	return clock.DayOf(y, time.Month(m), d), true
}

func monthOf(m int) time.Month { return time.Month(m) }
