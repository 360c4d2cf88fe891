package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Item is one stored call-list entry with what a list row shows.
type Item struct {
	ID         int64
	CustomerID int64
	Day        clock.Day
	Reason     rules.Reason
	Priority   int
	Due        string // "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (complaints, callbacks)
	Detail     string
	RefID      int64
	Holdout    bool
	NoNumber   bool
	Status     string
	Agent      string
	ClaimedAt  string
	Name       string // name, else nickname
	NameMasked bool
	Nickname   string
	Gender     string
	Phone      string // first callable number, else the first masked or wrong one
	// Dial is the number to dial (digits): the person's best one, which may
	// be on another of its records; "" on the no-number list.
	Dial string
	// Members are every customer record of the person, the entry's own first.
	Members    []int64
	ValueFen   int64 // what the call is worth (rules.Value), why the person is today's
	RevenueFen int64
	Level      string
	Segment    string
	Outcome    Outcome // latest outcome logged on this entry
}

// Overdue reports whether a complaint deadline or callback time is before now.
func (it Item) Overdue(now time.Time) bool {
	if len(it.Due) <= 10 {
		return false
	}
	t, ok := parseTime(it.Due)
	return ok && t.Before(now)
}

// Kind selects part of a day's list.
type Kind int

const (
	KindShown    Kind = iota // what agents call
	KindHeldOut              // the holdout group
	KindNoNumber             // qualifying customers without a callable phone
	KindAll
)

// ListDay returns the stored entries of day, ordered by urgency then value.
func ListDay(ctx context.Context, st *data.Store, day clock.Day, kind Kind) ([]Item, error) {
	where := ""
	switch kind {
	case KindShown:
		where = " AND l.holdout = 0 AND l.no_number = 0"
	case KindHeldOut:
		where = " AND l.holdout = 1"
	case KindNoNumber:
		where = " AND l.no_number = 1 AND l.holdout = 0"
	}
	return listWhere(ctx, st.DB(), `l.day = ?`+where, day.String())
}

// itemSelect reads list entries with what a row shows (see scanItem).
const itemSelect = `SELECT l.id, l.customer_id, l.day, l.reason, l.priority, l.due, l.detail, l.ref_id, l.holdout, l.no_number, l.status, l.agent, l.claimed_at,
		c.name, c.name_masked, c.nickname, c.gender,
		COALESCE((SELECT p.phone FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.masked OR p.wrong, p.rowid LIMIT 1), ''),
		COALESCE(s.revenue_fen, 0), COALESCE(NULLIF(c.level_override, ''), s.level, ''), COALESCE(s.segment, ''),
		COALESCE((SELECT outcome FROM calls k WHERE k.list_id = l.id ORDER BY k.id DESC LIMIT 1), ''),
		l.phone, l.members, l.value_fen
	FROM call_list l JOIN customers c ON c.id = l.customer_id LEFT JOIN customer_stats s ON s.customer_id = l.customer_id`

// itemOrder is the list's order: urgency, then value.
const itemOrder = ` ORDER BY (l.status IN ('done', 'skipped')), l.priority DESC, CASE WHEN length(l.due) > 10 THEN l.due END,
	l.value_fen DESC, COALESCE(s.revenue_fen, 0) DESC, l.customer_id`

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// listWhere reads the entries matching cond, in the list's order.
func listWhere(ctx context.Context, db querier, cond string, args ...any) ([]Item, error) {
	rows, err := db.QueryContext(ctx, itemSelect+` WHERE `+cond+itemOrder, args...)
	if err != nil {
		return nil, fmt.Errorf("read call list: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var reason, outcome, day, members string
		if err := rows.Scan(&it.ID, &it.CustomerID, &day, &reason, &it.Priority, &it.Due, &it.Detail, &it.RefID, &it.Holdout, &it.NoNumber,
			&it.Status, &it.Agent, &it.ClaimedAt, &it.Name, &it.NameMasked, &it.Nickname, &it.Gender, &it.Phone,
			&it.RevenueFen, &it.Level, &it.Segment, &outcome, &it.Dial, &members, &it.ValueFen); err != nil {
			return nil, fmt.Errorf("read call list: %w", err)
		}
		it.Day, _ = parseDay(day)
		it.Reason, it.Outcome = rules.Reason(reason), Outcome(outcome)
		it.Members = parseMembers(members)
		if len(it.Members) == 0 {
			it.Members = []int64{it.CustomerID}
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// ClaimNext claims for agent the next entry of day's list still to call
// and returns it: the agent's own claimed entry first, then the first open
// one in the list's order (or one whose claim is older than ClaimTTL). It
// is atomic: two agents never get the same entry. ok is false when the
// list is done.
func ClaimNext(ctx context.Context, st *data.Store, day clock.Day, agent string) (Item, bool, error) {
	if agent == "" {
		return Item{}, false, ErrNoAgent
	}
	for try := 0; ; try++ {
		var got Item
		var ok bool
		err := st.InTx(ctx, func(tx *sql.Tx) error {
			items, err := listWhere(ctx, tx, `l.day = ? AND l.holdout = 0 AND l.no_number = 0
				AND (l.status = 'open' OR (l.status = 'working' AND (l.agent = ? OR l.claimed_at < ?)))`,
				day.String(), agent, fmtTime(clock.Now().Add(-ClaimTTL)))
			if err != nil || len(items) == 0 {
				return err
			}
			pick := 0
			for i, it := range items {
				if it.Status == StatusWorking && it.Agent == agent {
					pick = i
					break
				}
			}
			if err := claim(ctx, tx, items[pick].ID, agent); err != nil {
				return err
			}
			got, ok = items[pick], true
			got.Status, got.Agent = StatusWorking, agent
			return nil
		})
		// Another agent took the entry between reading and claiming (or
		// held the write lock): take the next one.
		if err != nil && try < 50 && (errors.Is(err, ErrClaimed) || isBusy(err)) {
			continue
		}
		return got, ok, err
	}
}

// isBusy reports a write that lost to another connection's.
func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "database is locked") || strings.Contains(s, "busy")
}

// DayExists reports whether a list was generated for day.
func DayExists(ctx context.Context, st *data.Store, day clock.Day) (bool, error) {
	var n int
	err := st.DB().QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM call_list WHERE day = ?)`, day.String()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read call list: %w", err)
	}
	return n == 1, nil
}

// Claim marks an open entry as being worked by agent, so two agents sharing
// the database never call the same customer. Claiming again by the same
// agent refreshes the claim; a claim older than ClaimTTL may be taken over.
// A *ClaimedError (wrapping ErrClaimed) names the agent holding the entry.
func Claim(ctx context.Context, st *data.Store, entryID int64, agent string) error {
	if agent == "" {
		return ErrNoAgent
	}
	return st.InTx(ctx, func(tx *sql.Tx) error { return claim(ctx, tx, entryID, agent) })
}

func claim(ctx context.Context, tx *sql.Tx, entryID int64, agent string) error {
	now := clock.Now()
	res, err := tx.ExecContext(ctx, `UPDATE call_list SET status = 'working', agent = ?, claimed_at = ?
		WHERE id = ? AND (status = 'open' OR (status = 'working' AND (agent = ? OR claimed_at < ?)))`,
		agent, fmtTime(now), entryID, agent, fmtTime(now.Add(-ClaimTTL)))
	if err != nil {
		return fmt.Errorf("claim call: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var status, holder string
	err = tx.QueryRowContext(ctx, `SELECT status, agent FROM call_list WHERE id = ?`, entryID).Scan(&status, &holder)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("claim call: %w", err)
	}
	if holder == agent {
		return nil // done or skipped by this agent: reopening to look at it is fine
	}
	return &ClaimedError{Agent: holder}
}

// Release gives an entry back (the agent moved on without logging).
func Release(ctx context.Context, st *data.Store, entryID int64, agent string) error {
	return st.InTx(ctx, func(tx *sql.Tx) error { return release(ctx, tx, entryID, agent) })
}

// release gives entryID back when agent holds it.
func release(ctx context.Context, tx *sql.Tx, entryID int64, agent string) error {
	_, err := tx.ExecContext(ctx, `UPDATE call_list SET status = 'open', agent = '', claimed_at = ''
		WHERE id = ? AND status = 'working' AND agent = ?`, entryID, agent)
	if err != nil {
		return fmt.Errorf("release call: %w", err)
	}
	return nil
}

// Skip marks an entry as skipped without a call (e.g. the agent decided the
// call makes no sense today).
func Skip(ctx context.Context, st *data.Store, entryID int64, agent string) error {
	_, err := st.DB().ExecContext(ctx, `UPDATE call_list SET status = 'skipped', agent = ? WHERE id = ? AND status IN ('open', 'working')`, agent, entryID)
	if err != nil {
		return fmt.Errorf("skip call: %w", err)
	}
	return nil
}
