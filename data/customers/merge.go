package customers

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"huitouke/data"
	"huitouke/data/errs"
)

// Suggestion is a pair of customers that look like one person: they share a
// full (unmasked) phone number or an e-mail address.
type Suggestion struct {
	A, B   Ref
	Reason string // phone | email
	Value  string // the shared normalised phone or e-mail
}

// SuggestLimit is how many suggestions SuggestMerges gives by default.
const SuggestLimit = 500

// SuggestMerges lists pairs of active customers sharing a full phone number
// or an e-mail. Masked values never count; pairs the user dismissed are left
// out. At most limit pairs (0: SuggestLimit).
func SuggestMerges(ctx context.Context, st *data.Store, limit int) ([]Suggestion, error) {
	db := st.DB()
	if limit <= 0 {
		limit = SuggestLimit
	}
	q := `WITH emails(customer_id, e) AS (
			SELECT id, LOWER(TRIM(email)) FROM customers WHERE email <> '' AND merged_into IS NULL AND INSTR(email, '*') = 0
			UNION
			SELECT i.customer_id, LOWER(TRIM(i.key)) FROM identities i JOIN customers c ON c.id = i.customer_id
			WHERE i.kind = 'email' AND i.masked = 0 AND c.merged_into IS NULL AND INSTR(i.key, '*') = 0
		), pairs(a, b, reason, value) AS (
			SELECT p.customer_id, q.customer_id, 'phone', p.normalized
			FROM customer_phones p JOIN customer_phones q ON q.normalized = p.normalized AND q.customer_id > p.customer_id
			JOIN customers ca ON ca.id = p.customer_id AND ca.merged_into IS NULL
			JOIN customers cb ON cb.id = q.customer_id AND cb.merged_into IS NULL
			WHERE p.normalized <> '' AND p.masked = 0 AND q.masked = 0
			UNION ALL
			SELECT x.customer_id, y.customer_id, 'email', x.e FROM emails x JOIN emails y ON y.e = x.e AND y.customer_id > x.customer_id
		)
		SELECT p.a, ca.name, ca.nickname, p.b, cb.name, cb.nickname, MIN(p.reason), MIN(p.value)
		FROM pairs p JOIN customers ca ON ca.id = p.a JOIN customers cb ON cb.id = p.b
		WHERE NOT EXISTS (SELECT 1 FROM merge_dismissed d WHERE d.a = p.a AND d.b = p.b)
		GROUP BY p.a, p.b ORDER BY p.a, p.b LIMIT ?`
	var out []Suggestion
	err := each(ctx, db, q, []any{limit}, func(r *sql.Rows) error {
		var s Suggestion
		err := r.Scan(&s.A.ID, &s.A.Name, &s.A.Nickname, &s.B.ID, &s.B.Name, &s.B.Nickname, &s.Reason, &s.Value)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("suggest merges: %w", err)
	}
	return out, nil
}

// DismissSuggestion records that a and b are not the same person.
func DismissSuggestion(ctx context.Context, st *data.Store, a, b int64) error {
	if a > b {
		a, b = b, a
	}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO merge_dismissed(a, b) VALUES (?, ?)`, a, b)
		return err
	})
	if err != nil {
		return fmt.Errorf("dismiss suggestion: %w", err)
	}
	return nil
}

// Preview shows a merge before it happens: both cards and the kept
// customer's fields as they will be.
type Preview struct {
	Keep, Other *Card
	Result      Customer
}

// PreviewMerge loads both customers and computes the merged fields.
func PreviewMerge(ctx context.Context, st *data.Store, keep, other int64) (*Preview, error) {
	if keep == other {
		return nil, &errs.Error{Area: errs.Customers, Field: "merge", Code: CodeSelf}
	}
	k, err := Load(ctx, st, keep)
	if err != nil {
		return nil, err
	}
	o, err := Load(ctx, st, other)
	if err != nil {
		return nil, err
	}
	if k.MergedInto != 0 || o.MergedInto != 0 {
		return nil, &errs.Error{Area: errs.Customers, Field: "merge", Code: CodeMerged}
	}
	return &Preview{Keep: k, Other: o, Result: mergedFields(k.Customer, o.Customer)}, nil
}

// mergedFields fills keep's empty fields from other. Notes are joined
// (neither is lost), points balances add up, a do-not-contact wish carries
// over, and a real name replaces a masked one.
func mergedFields(k, o Customer) Customer {
	r := k
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" && src != "" {
			*dst = src
		}
	}
	if o.Name != "" && (r.Name == "" || (r.NameMasked && !o.NameMasked)) {
		r.Name, r.NameMasked = o.Name, o.NameMasked
	}
	for _, p := range []struct {
		dst *string
		src string
	}{{&r.Nickname, o.Nickname}, {&r.Email, o.Email}, {&r.WeChat, o.WeChat}, {&r.QQ, o.QQ}, {&r.Wangwang, o.Wangwang},
		{&r.Province, o.Province}, {&r.City, o.City}, {&r.Address, o.Address}, {&r.Birthday, o.Birthday},
		{&r.Gender, o.Gender}, {&r.Sizes, o.Sizes}, {&r.Preferences, o.Preferences}, {&r.PlatformLevel, o.PlatformLevel},
		{&r.LevelOverride, o.LevelOverride}, {&r.ContactTime, o.ContactTime}, {&r.Salutation, o.Salutation}} {
		fill(p.dst, p.src)
	}
	switch {
	case r.Notes == "":
		r.Notes = o.Notes
	case o.Notes != "" && !strings.Contains(r.Notes, o.Notes):
		r.Notes = r.Notes + "\n" + o.Notes
	}
	r.PointsImported += o.PointsImported
	if r.ReferredBy == 0 && o.ReferredBy != k.ID {
		r.ReferredBy = o.ReferredBy
	}
	if r.ReferredBy == o.ID {
		r.ReferredBy = 0
	}
	if !r.DoNotContact && o.DoNotContact {
		r.DoNotContact, r.DNCReason, r.DNCAt = true, o.DNCReason, o.DNCAt
	}
	seen := map[string]bool{}
	var ed []string
	for _, f := range append(append([]string{}, k.Edited...), o.Edited...) {
		if !seen[f] {
			seen[f] = true
			ed = append(ed, f)
		}
	}
	r.Edited = ed
	return r
}

// snapshot is what a merge changed, enough to put everything back.
type snapshot struct {
	Keep, Other     map[string]any   // customer rows before
	Stats           []map[string]any // customer_stats rows of both
	Moved           map[string][]int64
	CallListDeleted []map[string]any // other's entries on days keep already had one
	CallsListID     []map[string]any // calls whose list_id pointed at those entries
	Phones          []map[string]any // phone rows of both
	Tags            []map[string]any // customer_tags rows of both
	Referrals       []map[string]any // referral rows involving either
	ReferredBy      []int64          // third customers referred by other
	MergedInto      []int64          // customers earlier merged into other
}

// movedTables are re-pointed from other to keep row by row (by id).
var movedTables = []string{"identities", "orders", "calls", "complaints", "feedback", "points_ledger"}

func rowsAsMaps(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]map[string]any, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func ids(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	var out []int64
	err := each(ctx, tx, q, args, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// insertRow inserts m into table as it was.
func insertRow(ctx context.Context, tx *sql.Tx, table string, m map[string]any) error {
	var cols, marks []string
	var args []any
	for c, v := range m {
		cols = append(cols, c)
		marks = append(marks, "?")
		args = append(args, jsonValue(v))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+`(`+strings.Join(cols, ",")+`) VALUES (`+strings.Join(marks, ",")+`)`, args...)
	return err
}

// jsonValue turns a value read back from the snapshot into what SQLite
// stored: json.Number to int64 (or float64), the rest as is.
func jsonValue(v any) any {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i
		}
		if f, err := n.Float64(); err == nil {
			return f
		}
		return n.String() // not a number SQLite wrote: kept as the text it was
	}
	return v
}

// Merge merges customer other into keep: every identity, order, call, call
// list entry, complaint, feedback, referral, tag, phone and points entry of
// other moves to keep, keep's empty fields are filled from other, and other
// is marked merged into keep (its row stays for the undo). It returns the
// id of the merge record.
func Merge(ctx context.Context, st *data.Store, keep, other int64) (int64, error) {
	if keep == other {
		return 0, &errs.Error{Area: errs.Customers, Field: "merge", Code: CodeSelf}
	}
	var mergeID int64
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		k, err := get(ctx, tx, keep)
		if err != nil {
			return err
		}
		o, err := get(ctx, tx, other)
		if err != nil {
			return err
		}
		if k.MergedInto != 0 || o.MergedInto != 0 {
			return &errs.Error{Area: errs.Customers, Field: "merge", Code: CodeMerged}
		}
		s, err := takeSnapshot(ctx, tx, keep, other)
		if err != nil {
			return err
		}
		if err := moveRows(ctx, tx, s, keep, other); err != nil {
			return err
		}
		if err := joinLinks(ctx, tx, keep, other); err != nil {
			return err
		}
		now := nowText()
		if err := writeMergedFields(ctx, tx, k, o, now); err != nil {
			return err
		}
		js, err := json.Marshal(s)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO merges(kept_id, merged_id, snapshot, created_at) VALUES (?, ?, ?, ?)`, keep, other, string(js), now)
		if err != nil {
			return err
		}
		mergeID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		var ve *errs.Error
		if errors.As(err, &ve) {
			return 0, ve
		}
		return 0, fmt.Errorf("merge %d into %d: %w", other, keep, err)
	}
	return mergeID, nil
}

// takeSnapshot records what a merge of other into keep changes, for its undo.
func takeSnapshot(ctx context.Context, tx *sql.Tx, keep, other int64) (*snapshot, error) {
	var err error
	s := &snapshot{}
	s.Moved = map[string][]int64{}
	one := func(id int64) (map[string]any, error) {
		m, err := rowsAsMaps(ctx, tx, `SELECT * FROM customers WHERE id = ?`, id)
		if err != nil || len(m) == 0 {
			return nil, err
		}
		return m[0], nil
	}
	if s.Keep, err = one(keep); err != nil {
		return nil, err
	}
	if s.Other, err = one(other); err != nil {
		return nil, err
	}
	both := []any{keep, other}
	if s.Stats, err = rowsAsMaps(ctx, tx, `SELECT * FROM customer_stats WHERE customer_id IN (?, ?)`, both...); err != nil {
		return nil, err
	}
	if s.Phones, err = rowsAsMaps(ctx, tx, `SELECT * FROM customer_phones WHERE customer_id IN (?, ?)`, both...); err != nil {
		return nil, err
	}
	if s.Tags, err = rowsAsMaps(ctx, tx, `SELECT * FROM customer_tags WHERE customer_id IN (?, ?)`, both...); err != nil {
		return nil, err
	}
	if s.Referrals, err = rowsAsMaps(ctx, tx, `SELECT * FROM referrals WHERE referrer_id IN (?1, ?2) OR referred_id IN (?1, ?2)`, both...); err != nil {
		return nil, err
	}
	if s.ReferredBy, err = ids(ctx, tx, `SELECT id FROM customers WHERE referred_by = ? AND id <> ?`, other, keep); err != nil {
		return nil, err
	}
	if s.MergedInto, err = ids(ctx, tx, `SELECT id FROM customers WHERE merged_into = ?`, other); err != nil {
		return nil, err
	}
	return s, nil
}

// moveRows hands other's orders, identities, calls and the like to keep, recording the
// ids moved in s; other's call-list entry on a day keep already has one goes.
func moveRows(ctx context.Context, tx *sql.Tx, s *snapshot, keep, other int64) error {
	var err error
	for _, t := range movedTables {
		moved, err := ids(ctx, tx, `SELECT id FROM `+t+` WHERE customer_id = ?`, other)
		if err != nil {
			return err
		}
		s.Moved[t] = moved
		if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET customer_id = ? WHERE customer_id = ?`, keep, other); err != nil {
			return fmt.Errorf("move %s: %w", t, err)
		}
	}
	// Call list: one entry per customer and day, so other's entry on a
	// day keep already has one goes (kept in the snapshot).
	if s.CallListDeleted, err = rowsAsMaps(ctx, tx, `SELECT * FROM call_list WHERE customer_id = ?1
		AND day IN (SELECT day FROM call_list WHERE customer_id = ?2)`, other, keep); err != nil {
		return err
	}
	if s.CallsListID, err = rowsAsMaps(ctx, tx, `SELECT id, list_id FROM calls WHERE list_id IN
		(SELECT id FROM call_list WHERE customer_id = ?1 AND day IN (SELECT day FROM call_list WHERE customer_id = ?2))`, other, keep); err != nil {
		return err
	}
	for _, m := range s.CallListDeleted {
		if _, err := tx.ExecContext(ctx, `DELETE FROM call_list WHERE id = ?`, m["id"]); err != nil {
			return err
		}
	}
	if s.Moved["call_list"], err = ids(ctx, tx, `SELECT id FROM call_list WHERE customer_id = ?`, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE call_list SET customer_id = ? WHERE customer_id = ?`, keep, other); err != nil {
		return err
	}
	return nil
}

// joinLinks gives keep the union of both customers' phones, tags and referrals.
func joinLinks(ctx context.Context, tx *sql.Tx, keep, other int64) error {
	// Phones and tags: union on keep.
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO customer_phones(customer_id, phone, normalized, masked, source, wrong)
		SELECT ?, phone, normalized, masked, source, wrong FROM customer_phones WHERE customer_id = ?`, keep, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM customer_phones WHERE customer_id = ?`, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO customer_tags(customer_id, tag_id)
		SELECT ?, tag_id FROM customer_tags WHERE customer_id = ?`, keep, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM customer_tags WHERE customer_id = ?`, other); err != nil {
		return err
	}
	// Referrals: other's links become keep's; a link between the two
	// would be keep referring themself and goes.
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO referrals(referrer_id, referred_id, created_at, note)
		SELECT CASE WHEN referrer_id = ?2 THEN ?1 ELSE referrer_id END, CASE WHEN referred_id = ?2 THEN ?1 ELSE referred_id END,
		created_at, note FROM referrals WHERE (referrer_id = ?2 OR referred_id = ?2)
		AND NOT (referrer_id IN (?1, ?2) AND referred_id IN (?1, ?2))`, keep, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM referrals WHERE referrer_id = ?2 OR referred_id = ?2
		OR (referrer_id = ?1 AND referred_id = ?1)`, keep, other); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET referred_by = ? WHERE referred_by = ? AND id <> ?`, keep, other, keep); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = ? WHERE merged_into = ?`, keep, other); err != nil {
		return err
	}
	return nil
}

// writeMergedFields writes the merged fields on k and marks o merged into it.
func writeMergedFields(ctx context.Context, tx *sql.Tx, k, o Customer, now string) error {
	keep, other := k.ID, o.ID
	// Fields.
	r := mergedFields(k, o)
	edited := ""
	if len(r.Edited) > 0 {
		edited = addEdited("", r.Edited...)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET name = ?, name_masked = ?, nickname = ?, email = ?, wechat = ?, qq = ?,
		wangwang = ?, province = ?, city = ?, address = ?, birthday = ?, gender = ?, sizes = ?, preferences = ?, notes = ?,
		platform_level = ?, level_override = ?, points_imported = ?, referred_by = ?, do_not_contact = ?, dnc_reason = ?,
		dnc_at = ?, contact_time = ?, salutation = ?, edited_fields = ?, updated_at = ? WHERE id = ?`,
		r.Name, r.NameMasked, r.Nickname, r.Email, r.WeChat, r.QQ, r.Wangwang, r.Province, r.City, r.Address, r.Birthday,
		r.Gender, r.Sizes, r.Preferences, r.Notes, r.PlatformLevel, r.LevelOverride, r.PointsImported, nullID(r.ReferredBy),
		r.DoNotContact, r.DNCReason, r.DNCAt, r.ContactTime, r.Salutation, edited, now, keep); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = ?, referred_by = NULL, updated_at = ? WHERE id = ?`, keep, now, other); err != nil {
		return err
	}
	return nil
}

// MergeRecord is one merge that can be undone.
type MergeRecord struct {
	ID          int64
	Keep, Other Ref
	CreatedAt   string
}

// LastMerge is the newest merge not undone (ok false when none).
func LastMerge(ctx context.Context, st *data.Store) (MergeRecord, bool, error) {
	db := st.DB()
	var m MergeRecord
	err := db.QueryRowContext(ctx, `SELECT m.id, m.kept_id, COALESCE(a.name, ''), COALESCE(a.nickname, ''), m.merged_id,
		COALESCE(b.name, ''), COALESCE(b.nickname, ''), m.created_at FROM merges m
		LEFT JOIN customers a ON a.id = m.kept_id LEFT JOIN customers b ON b.id = m.merged_id
		WHERE m.undone_at = '' ORDER BY m.id DESC LIMIT 1`).Scan(&m.ID, &m.Keep.ID, &m.Keep.Name, &m.Keep.Nickname,
		&m.Other.ID, &m.Other.Name, &m.Other.Nickname, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("last merge: %w", err)
	}
	return m, true, nil
}

// ErrNothingToUndo means no merge is left to undo.
var ErrNothingToUndo = errors.New("customers: no merge to undo")

// UndoLastMerge puts back the newest merge not yet undone: both customers'
// rows, phones, tags, referrals and stats as they were, and every moved row
// back to the customer it came from.
func UndoLastMerge(ctx context.Context, st *data.Store) (MergeRecord, error) {
	m, ok, err := LastMerge(ctx, st)
	if err != nil {
		return m, err
	}
	if !ok {
		return m, ErrNothingToUndo
	}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT snapshot FROM merges WHERE id = ?`, m.ID).Scan(&raw); err != nil {
			return err
		}
		var s snapshot
		dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
		dec.UseNumber()
		if err := dec.Decode(&s); err != nil {
			return fmt.Errorf("read snapshot: %w", err)
		}
		keep, other := m.Keep.ID, m.Other.ID
		for _, t := range append(append([]string{}, movedTables...), "call_list") {
			for _, id := range s.Moved[t] {
				if _, err := tx.ExecContext(ctx, `UPDATE `+t+` SET customer_id = ? WHERE id = ?`, other, id); err != nil {
					return fmt.Errorf("move back %s: %w", t, err)
				}
			}
		}
		for _, r := range s.CallListDeleted {
			if err := insertRow(ctx, tx, "call_list", r); err != nil {
				return fmt.Errorf("restore call list: %w", err)
			}
		}
		for _, r := range s.CallsListID {
			if _, err := tx.ExecContext(ctx, `UPDATE calls SET list_id = ? WHERE id = ?`, jsonValue(r["list_id"]), jsonValue(r["id"])); err != nil {
				return err
			}
		}
		for _, q := range []string{`DELETE FROM customer_phones WHERE customer_id IN (?1, ?2)`, `DELETE FROM customer_tags WHERE customer_id IN (?1, ?2)`,
			`DELETE FROM referrals WHERE referrer_id IN (?1, ?2) OR referred_id IN (?1, ?2)`, `DELETE FROM customer_stats WHERE customer_id IN (?1, ?2)`} {
			if _, err := tx.ExecContext(ctx, q, keep, other); err != nil {
				return err
			}
		}
		for table, rows := range map[string][]map[string]any{"customer_phones": s.Phones, "customer_tags": s.Tags, "referrals": s.Referrals, "customer_stats": s.Stats} {
			for _, r := range rows {
				if err := insertRow(ctx, tx, table, r); err != nil {
					return fmt.Errorf("restore %s: %w", table, err)
				}
			}
		}
		for _, id := range s.ReferredBy {
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET referred_by = ? WHERE id = ?`, other, id); err != nil {
				return err
			}
		}
		for _, id := range s.MergedInto {
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET merged_into = ? WHERE id = ?`, other, id); err != nil {
				return err
			}
		}
		for _, row := range []map[string]any{s.Keep, s.Other} {
			var sets []string
			var args []any
			for c, v := range row {
				if c == "id" {
					continue
				}
				sets = append(sets, c+" = ?")
				args = append(args, jsonValue(v))
			}
			args = append(args, jsonValue(row["id"]))
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
				return fmt.Errorf("restore customer: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE merges SET undone_at = ? WHERE id = ?`, nowText(), m.ID)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("undo merge %d: %w", m.ID, err)
	}
	return m, nil
}
