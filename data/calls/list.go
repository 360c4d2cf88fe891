package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	q := `SELECT l.id, l.customer_id, l.reason, l.priority, l.due, l.detail, l.ref_id, l.holdout, l.no_number, l.status, l.agent, l.claimed_at,
		c.name, c.name_masked, c.nickname, c.gender,
		COALESCE((SELECT p.phone FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.masked OR p.wrong, p.rowid LIMIT 1), ''),
		COALESCE(s.revenue_fen, 0), COALESCE(NULLIF(c.level_override, ''), s.level, ''), COALESCE(s.segment, ''),
		COALESCE((SELECT outcome FROM calls k WHERE k.list_id = l.id ORDER BY k.id DESC LIMIT 1), '')
	FROM call_list l JOIN customers c ON c.id = l.customer_id LEFT JOIN customer_stats s ON s.customer_id = l.customer_id
	WHERE l.day = ?` + where + `
	ORDER BY (l.status IN ('done', 'skipped')), l.priority DESC, CASE WHEN length(l.due) > 10 THEN l.due END, COALESCE(s.revenue_fen, 0) DESC, l.customer_id`
	rows, err := st.DB().QueryContext(ctx, q, day.String())
	if err != nil {
		return nil, fmt.Errorf("read call list: %w", err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it := Item{Day: day}
		var reason, outcome string
		if err := rows.Scan(&it.ID, &it.CustomerID, &reason, &it.Priority, &it.Due, &it.Detail, &it.RefID, &it.Holdout, &it.NoNumber,
			&it.Status, &it.Agent, &it.ClaimedAt, &it.Name, &it.NameMasked, &it.Nickname, &it.Gender, &it.Phone,
			&it.RevenueFen, &it.Level, &it.Segment, &outcome); err != nil {
			return nil, fmt.Errorf("read call list: %w", err)
		}
		it.Reason, it.Outcome = rules.Reason(reason), Outcome(outcome)
		out = append(out, it)
	}
	return out, rows.Err()
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
