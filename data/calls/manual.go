package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Added tells what AddToDay did with each customer it was given.
type Added struct {
	Added        []int64 // new entries of the day
	Already      []int64 // already on the day's list: their entry is left as it is
	DoNotContact []int64 // refused: the customer asked not to be contacted
	NoNumber     []int64 // added, but with no number to dial (on the "no number" tab)
	NotFound     []int64 // unknown or merged into another customer
}

// ManualPriority ranks hand-added entries like promised callbacks: someone
// chose to call these customers today.
var ManualPriority = rules.Priority(rules.ReasonCallback)

// AddToDay puts customers on day's call list by hand (reason
// rules.ReasonManual, detail: the agent who added them). As with the
// rules, a customer has at most one entry a day: one already there, worked
// or not, stays as it is. Do-not-contact customers are refused. GenerateDay
// keeps open manual entries (they are no rule's to remove).
func AddToDay(ctx context.Context, st *data.Store, day clock.Day, customerIDs []int64, agent string) (Added, error) {
	var out Added
	ds := day.String()
	seen := map[int64]bool{}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		out = Added{}
		// Who is on the day's list already, with every record of their person.
		listed := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT customer_id, members FROM call_list WHERE day = ?`, ds)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cid int64
			var members string
			if err := rows.Scan(&cid, &members); err != nil {
				rows.Close()
				return err
			}
			for _, m := range withMembers(cid, members) {
				listed[m] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range customerIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			var dnc, callable bool
			var merged sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT do_not_contact, merged_into,
				EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id AND p.masked = 0 AND p.normalized <> '' AND p.wrong = 0)
				FROM customers c WHERE id = ?`, id).Scan(&dnc, &merged, &callable)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && merged.Valid) {
				out.NotFound = append(out.NotFound, id)
				continue
			}
			if err != nil {
				return err
			}
			recs, personDNC, err := personOf(ctx, tx, id)
			if err != nil {
				return err
			}
			if dnc || personDNC {
				out.DoNotContact = append(out.DoNotContact, id)
				continue
			}
			onList := false
			for _, r := range recs {
				onList = onList || listed[r]
			}
			if onList {
				// The person is on the list under another record: one call.
				out.Already = append(out.Already, id)
				continue
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO call_list(day, customer_id, reason, priority, due, detail, holdout, no_number)
				VALUES (?, ?, ?, ?, '', ?, 0, ?) ON CONFLICT(day, customer_id) DO NOTHING`,
				ds, id, string(rules.ReasonManual), ManualPriority, strings.TrimSpace(agent), !callable)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				out.Already = append(out.Already, id)
				continue
			}
			out.Added = append(out.Added, id)
			if !callable {
				out.NoNumber = append(out.NoNumber, id)
			}
		}
		return nil
	})
	if err != nil {
		return Added{}, fmt.Errorf("add to call list: %w", err)
	}
	return out, nil
}

// personOf is the records of id's person (sharing a full number or e-mail,
// not merged away) and whether one of them asked not to be called.
func personOf(ctx context.Context, tx *sql.Tx, id int64) ([]int64, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT c.id, c.do_not_contact FROM customers c WHERE c.id IN (
			SELECT o.customer_id FROM customer_phones m JOIN customer_phones o ON o.normalized = m.normalized AND o.normalized <> '' AND o.masked = 0
			WHERE m.customer_id = ?1 AND m.masked = 0 AND m.normalized <> '' AND m.wrong = 0
			UNION SELECT o.id FROM customers m JOIN customers o ON o.email = m.email AND o.email <> ''
			WHERE m.id = ?1 AND m.email LIKE '%@%' AND m.email NOT LIKE '%*%'
			UNION SELECT ?1)
		AND +c.merged_into IS NULL`, id)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []int64
	dnc := false
	for rows.Next() {
		var r int64
		var d bool
		if err := rows.Scan(&r, &d); err != nil {
			return nil, false, err
		}
		out = append(out, r)
		dnc = dnc || d
	}
	return out, dnc, rows.Err()
}
