package customers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
)

// Editable text fields of the card (column names).
const (
	FieldName          = "name"
	FieldNickname      = "nickname"
	FieldEmail         = "email"
	FieldWeChat        = "wechat"
	FieldQQ            = "qq"
	FieldWangwang      = "wangwang"
	FieldProvince      = "province"
	FieldCity          = "city"
	FieldAddress       = "address"
	FieldBirthday      = "birthday"
	FieldGender        = "gender"
	FieldSizes         = "sizes"
	FieldPreferences   = "preferences"
	FieldNotes         = "notes"
	FieldContactTime   = "contact_time"
	FieldLevelOverride = "level_override"
	FieldSalutation    = "salutation" // how agents address the customer ({称呼}); "" = worked out
)

// Edited-field names of the edits that are not one column.
const (
	EditedPhones       = "phones"
	EditedTags         = "tags"
	EditedPoints       = "points"
	EditedReferredBy   = "referred_by"
	EditedDoNotContact = "do_not_contact"
)

// maxLen is the longest text a field keeps (notes are long on purpose).
func maxLen(field string) int {
	switch field {
	case FieldNotes, FieldPreferences, FieldAddress:
		return 4000
	}
	return 200
}

// normalizers check and canonicalise each editable field.
var normalizers = map[string]func(string) (string, error){
	FieldName: plain, FieldNickname: plain, FieldWeChat: plain, FieldQQ: qq, FieldWangwang: plain,
	FieldProvince: plain, FieldCity: plain, FieldAddress: plain, FieldSizes: plain, FieldPreferences: plain,
	FieldNotes:       func(s string) (string, error) { return strings.TrimRight(s, " \t\r\n"), nil },
	FieldContactTime: plain, FieldLevelOverride: plain, FieldSalutation: plain,
	FieldEmail: ValidateEmail, FieldBirthday: ValidateBirthday,
	FieldGender: func(s string) (string, error) {
		switch strings.TrimSpace(s) {
		case "", "f", "m":
			return strings.TrimSpace(s), nil
		}
		return "", &errs.Error{Area: errs.Customers, Field: FieldGender, Code: CodeInvalid, Value: s}
	},
}

func plain(s string) (string, error) { return strings.TrimSpace(s), nil }

// qq keeps a QQ number or id as typed, full-width digits folded.
func qq(s string) (string, error) { return strings.TrimSpace(foldWidth(s)), nil }

// NormalizeField checks value for field and returns what would be stored.
// The card calls it as the user types, to show a message without saving.
func NormalizeField(field, value string) (string, error) {
	fn, ok := normalizers[field]
	if !ok {
		return "", &errs.Error{Area: errs.Customers, Field: field, Code: CodeInvalid, Value: value}
	}
	v, err := fn(value)
	if err != nil {
		return "", err
	}
	if utf8.RuneCountInString(v) > maxLen(field) {
		return "", &errs.Error{Area: errs.Customers, Field: field, Code: CodeTooLong, Value: value}
	}
	return v, nil
}

// markEdited records fields in edited_fields (',a,b,') and touches
// updated_at. Imports read edited_fields and never overwrite those fields.
func markEdited(ctx context.Context, tx *sql.Tx, ids []int64, fields ...string) error {
	now := nowText()
	for _, id := range ids {
		var cur string
		var merged sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT edited_fields, merged_into FROM customers WHERE id = ?`, id).Scan(&cur, &merged); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("customer %d: %w", id, ErrNotFound)
			}
			return err
		}
		if merged.Valid {
			return &errs.Error{Area: errs.Customers, Field: "customer", Code: CodeMerged, Value: fmt.Sprint(id)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET edited_fields = ?, updated_at = ? WHERE id = ?`,
			addEdited(cur, fields...), now, id); err != nil {
			return err
		}
	}
	return nil
}

// addEdited adds fields to an edited_fields list, keeping ',a,b,' sorted.
func addEdited(cur string, fields ...string) string {
	set := map[string]bool{}
	for _, f := range strings.Split(cur, ",") {
		if f != "" {
			set[f] = true
		}
	}
	for _, f := range fields {
		set[f] = true
	}
	var list []string
	for f := range set {
		list = append(list, f)
	}
	if len(list) == 0 {
		return ""
	}
	sort.Strings(list)
	return "," + strings.Join(list, ",") + ","
}

// SetField validates value and stores it in field of customer id, marking
// the field edited. It returns the stored (canonical) value. An invalid
// value is never stored: the error is a *errs.Error.
func SetField(ctx context.Context, st *data.Store, id int64, field, value string) (string, error) {
	v, err := NormalizeField(field, value)
	if err != nil {
		return "", err
	}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		if err := markEdited(ctx, tx, []int64{id}, field); err != nil {
			return err
		}
		extra := ""
		if field == FieldName {
			extra = ", name_masked = 0" // a name typed by a user is a real one
		}
		// field is one of the normalizers' keys: a fixed column name.
		_, err := tx.ExecContext(ctx, `UPDATE customers SET `+field+` = ?`+extra+` WHERE id = ?`, v, id)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("save %s: %w", field, err)
	}
	return v, nil
}

// AddPhone validates a typed phone number and adds it to the customer.
func AddPhone(ctx context.Context, st *data.Store, id int64, typed string) (Phone, error) {
	disp, norm, _, err := ValidatePhone(typed)
	if err != nil {
		return Phone{}, err
	}
	p := Phone{Phone: disp, Normalized: norm, Source: "user"}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM customer_phones WHERE customer_id = ? AND (phone = ? OR normalized = ?)`,
			id, disp, norm).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return &errs.Error{Area: errs.Customers, Field: "phone", Code: CodeDuplicate, Value: typed}
		}
		if err := markEdited(ctx, tx, []int64{id}, EditedPhones); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES (?, ?, ?, 0, 'user')`,
			id, disp, norm)
		return err
	})
	if err != nil {
		return Phone{}, fmt.Errorf("add phone: %w", err)
	}
	return p, nil
}

// MarkPhoneWrong flags (or clears) one of the customer's numbers as wrong inside the
// caller's transaction. phone is the number as stored; "" means the first callable one (the
// number an agent dials). A wrong number stays on the customer, for the record and for matching
// later imports, but is no longer callable. It returns the number flagged, "" when there was
// none.
func MarkPhoneWrong(ctx context.Context, tx *sql.Tx, id int64, phone string, wrong bool) (string, error) {
	if phone == "" {
		err := tx.QueryRowContext(ctx, `SELECT phone FROM customer_phones
			WHERE customer_id = ? AND masked = 0 AND normalized <> '' AND wrong = 0 ORDER BY rowid LIMIT 1`, id).Scan(&phone)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("mark phone wrong: %w", err)
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE customer_phones SET wrong = ? WHERE customer_id = ? AND phone = ?`, wrong, id, phone)
	if err != nil {
		return "", fmt.Errorf("mark phone wrong: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return "", fmt.Errorf("mark phone wrong: %w", err)
	}
	if n == 0 {
		return "", nil
	}
	return phone, nil
}

// RemovePhone removes one phone (as stored) from the customer.
func RemovePhone(ctx context.Context, st *data.Store, id int64, phone string) error {
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		if err := markEdited(ctx, tx, []int64{id}, EditedPhones); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM customer_phones WHERE customer_id = ? AND phone = ?`, id, phone)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove phone: %w", err)
	}
	return nil
}

// Tag is a tag and how many customers carry it.
type Tag struct {
	Name      string
	Customers int
}

// AllTags lists every tag in use or defined, most used first (for
// autocomplete and the tag filter).
func AllTags(ctx context.Context, st *data.Store) ([]Tag, error) {
	db := st.DB()
	var out []Tag
	err := each(ctx, db, `SELECT t.name, COUNT(c.id) FROM tags t
		LEFT JOIN customer_tags ct ON ct.tag_id = t.id
		LEFT JOIN customers c ON c.id = ct.customer_id AND c.merged_into IS NULL
		GROUP BY t.id ORDER BY COUNT(c.id) DESC, t.name`, nil, func(r *sql.Rows) error {
		var t Tag
		err := r.Scan(&t.Name, &t.Customers)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	return out, nil
}

func cleanTag(name string) (string, error) {
	t := strings.TrimSpace(strings.ReplaceAll(foldWidth(name), ",", " "))
	if t == "" {
		return "", &errs.Error{Area: errs.Customers, Field: "tag", Code: CodeRequired, Value: name}
	}
	if utf8.RuneCountInString(t) > 40 {
		return "", &errs.Error{Area: errs.Customers, Field: "tag", Code: CodeTooLong, Value: name}
	}
	return t, nil
}

// AddTag puts tag on every customer in ids (creating the tag when new).
func AddTag(ctx context.Context, st *data.Store, ids []int64, tag string) error {
	t, err := cleanTag(tag)
	if err != nil {
		return err
	}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		var tid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id`, t).Scan(&tid); err != nil {
			return err
		}
		if err := markEdited(ctx, tx, ids, EditedTags); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) SELECT value, ? FROM json_each(?)`, tid, idList(ids))
		return err
	})
	if err != nil {
		return fmt.Errorf("add tag: %w", err)
	}
	return nil
}

// RemoveTag takes tag off every customer in ids.
func RemoveTag(ctx context.Context, st *data.Store, ids []int64, tag string) error {
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		if err := markEdited(ctx, tx, ids, EditedTags); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM customer_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)
			AND customer_id IN (SELECT value FROM json_each(?))`, strings.TrimSpace(tag), idList(ids))
		return err
	})
	if err != nil {
		return fmt.Errorf("remove tag: %w", err)
	}
	return nil
}

// AdjustPoints adds delta (negative to take off) to the points ledger with
// a reason.
func AdjustPoints(ctx context.Context, st *data.Store, id, delta int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if delta == 0 {
		return &errs.Error{Area: errs.Customers, Field: "points", Code: CodePoints}
	}
	if reason == "" {
		return &errs.Error{Area: errs.Customers, Field: "points_reason", Code: CodeRequired}
	}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		if err := markEdited(ctx, tx, []int64{id}, EditedPoints); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO points_ledger(customer_id, delta, reason, source, created_at) VALUES (?, ?, ?, 'manual', ?)`,
			id, delta, reason, nowText())
		return err
	})
	if err != nil {
		return fmt.Errorf("adjust points: %w", err)
	}
	return nil
}

// SetReferredBy links customer id to the customer who referred them
// (referrer 0 removes the link).
func SetReferredBy(ctx context.Context, st *data.Store, id, referrer int64) error {
	if referrer == id {
		return &errs.Error{Area: errs.Customers, Field: EditedReferredBy, Code: CodeSelf}
	}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		if referrer != 0 {
			// Walk up the referrer's own chain: it must not lead back here.
			seen := map[int64]bool{}
			for cur := referrer; cur != 0 && !seen[cur]; {
				seen[cur] = true
				var next sql.NullInt64
				var merged sql.NullInt64
				err := tx.QueryRowContext(ctx, `SELECT referred_by, merged_into FROM customers WHERE id = ?`, cur).Scan(&next, &merged)
				if errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("customer %d: %w", cur, ErrNotFound)
				}
				if err != nil {
					return err
				}
				if cur == referrer && merged.Valid {
					return &errs.Error{Area: errs.Customers, Field: EditedReferredBy, Code: CodeMerged}
				}
				if next.Int64 == id {
					return &errs.Error{Area: errs.Customers, Field: EditedReferredBy, Code: CodeReferralLoop}
				}
				cur = next.Int64
			}
		}
		if err := markEdited(ctx, tx, []int64{id}, EditedReferredBy); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET referred_by = ? WHERE id = ?`, nullID(referrer), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM referrals WHERE referred_id = ? AND referrer_id <> ?`, id, referrer); err != nil {
			return err
		}
		if referrer != 0 {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO referrals(referrer_id, referred_id, created_at) VALUES (?, ?, ?)`,
				referrer, id, nowText())
			return err
		}
		return nil
	})
	if err != nil {
		var ve *errs.Error
		if errors.As(err, &ve) {
			return ve
		}
		return fmt.Errorf("set referrer: %w", err)
	}
	return nil
}

// SetDoNotContact switches the do-not-contact flag with its reason and day
// (YYYY-MM-DD; today when empty). Switching it off clears both.
func SetDoNotContact(ctx context.Context, st *data.Store, id int64, on bool, reason, day string) error {
	reason = strings.TrimSpace(reason)
	if on {
		if strings.TrimSpace(day) == "" {
			day = clock.Now().Format(data.DayLayout)
		} else {
			d, err := ValidateDate("dnc_at", day)
			if err != nil {
				return err
			}
			day = d
		}
	} else {
		reason, day = "", ""
	}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		return MarkDoNotContact(ctx, tx, id, on, reason, day)
	})
	if err != nil {
		return fmt.Errorf("do not contact: %w", err)
	}
	return nil
}

// MarkDoNotContact writes the do-not-contact flag, its reason and day (YYYY-MM-DD, already
// checked; both empty when off) inside the caller's transaction, and records the field as
// edited by a user. The card and a call's "do not contact" outcome (data/calls) both write
// through it, so the card can always show and re-save what a call stored.
func MarkDoNotContact(ctx context.Context, tx *sql.Tx, id int64, on bool, reason, day string) error {
	if err := markEdited(ctx, tx, []int64{id}, EditedDoNotContact); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE customers SET do_not_contact = ?, dnc_reason = ?, dnc_at = ? WHERE id = ?`,
		on, reason, day, id)
	return err
}
