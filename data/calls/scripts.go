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

// Locale normalises a language tag to the script locales "zh" and "en".
func Locale(tag string) string {
	if isEnglish(tag) {
		return "en"
	}
	return "zh"
}

// LoadScripts returns the script of every reason for locale: the shop's
// edited version where there is one, the default otherwise.
func LoadScripts(ctx context.Context, st *data.Store, locale string) (map[rules.Reason]rules.Script, error) {
	loc := Locale(locale)
	out := rules.DefaultScripts(loc)
	rows, err := st.DB().QueryContext(ctx, `SELECT reason, opening, body, question, closing, sms FROM scripts WHERE locale = ?`, loc)
	if err != nil {
		return out, fmt.Errorf("load scripts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s rules.Script
		var r string
		if err := rows.Scan(&r, &s.Opening, &s.Body, &s.Question, &s.Closing, &s.SMS); err != nil {
			return out, fmt.Errorf("load scripts: %w", err)
		}
		s.Reason = rules.Reason(r)
		if s.Reason.Valid() {
			out[s.Reason] = s
		}
	}
	return out, rows.Err()
}

// IsDefaultScript reports whether s is the shipped default for its reason.
func IsDefaultScript(s rules.Script, locale string) bool {
	d := rules.DefaultScripts(Locale(locale))[s.Reason]
	return d == s
}

// SaveScript stores the shop's version of one script.
func SaveScript(ctx context.Context, st *data.Store, locale string, s rules.Script) error {
	if !s.Reason.Valid() {
		return fmt.Errorf("save script: unknown reason %q", s.Reason)
	}
	_, err := st.DB().ExecContext(ctx, `INSERT INTO scripts(reason, locale, opening, body, question, closing, sms, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(reason, locale) DO UPDATE SET opening = excluded.opening, body = excluded.body, question = excluded.question,
			closing = excluded.closing, sms = excluded.sms, updated_at = excluded.updated_at`,
		string(s.Reason), Locale(locale), s.Opening, s.Body, s.Question, s.Closing, s.SMS, fmtTime(clock.Now()))
	if err != nil {
		return fmt.Errorf("save script: %w", err)
	}
	return nil
}

// ResetScript goes back to the default script of a reason.
func ResetScript(ctx context.Context, st *data.Store, locale string, r rules.Reason) error {
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM scripts WHERE reason = ? AND locale = ?`, string(r), Locale(locale)); err != nil {
		return fmt.Errorf("reset script: %w", err)
	}
	return nil
}

// LoadObjections returns the objection answers for locale, the shop's
// edited answers replacing the defaults; titles and actions stay the defaults.
func LoadObjections(ctx context.Context, st *data.Store, locale string) ([]rules.Objection, error) {
	loc := Locale(locale)
	out := rules.DefaultObjections(loc)
	for i := range out {
		var a string
		err := st.DB().QueryRowContext(ctx, `SELECT answer FROM objections WHERE key = ? AND locale = ?`, out[i].Key, loc).Scan(&a)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return out, fmt.Errorf("load objections: %w", err)
		default:
			out[i].Answer = a
		}
	}
	return out, nil
}

// KeepScript stores the shop's version of a script, or goes back to the
// default when the text is the default again (the script editor saves as
// the agent types).
func KeepScript(ctx context.Context, st *data.Store, locale string, s rules.Script) error {
	if IsDefaultScript(s, locale) {
		return ResetScript(ctx, st, locale, s.Reason)
	}
	return SaveScript(ctx, st, locale, s)
}

// SaveObjections stores the shop's answers to the objections, in one
// transaction.
func SaveObjections(ctx context.Context, st *data.Store, locale string, objs []rules.Objection) error {
	return st.InTx(ctx, func(tx *sql.Tx) error {
		for _, o := range objs {
			if err := saveObjection(ctx, tx, locale, o.Key, o.Answer); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveObjection stores the shop's answer to one objection.
func SaveObjection(ctx context.Context, st *data.Store, locale, key, answer string) error {
	return st.InTx(ctx, func(tx *sql.Tx) error { return saveObjection(ctx, tx, locale, key, answer) })
}

func saveObjection(ctx context.Context, tx *sql.Tx, locale, key, answer string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO objections(key, locale, answer, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(key, locale) DO UPDATE SET answer = excluded.answer, updated_at = excluded.updated_at`,
		key, Locale(locale), answer, fmtTime(clock.Now()))
	if err != nil {
		return fmt.Errorf("save objection: %w", err)
	}
	return nil
}

// ResetObjection goes back to the default answer.
func ResetObjection(ctx context.Context, st *data.Store, locale, key string) error {
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM objections WHERE key = ? AND locale = ?`, key, Locale(locale)); err != nil {
		return fmt.Errorf("reset objection: %w", err)
	}
	return nil
}

// FullText joins a filled script in speaking order: opening, reason,
// question, close, one paragraph each.
func FullText(s rules.Script, v rules.Values) string {
	var parts []string
	for _, p := range []string{s.Opening, s.Body, s.Question, s.Closing} {
		if p = strings.TrimSpace(rules.Fill(p, v)); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}
