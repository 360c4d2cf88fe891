package calls

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Setting keys (settings table). Reasons are switched with
// "calls.enabled.<reason>" = "0" or "1".
const (
	KeyAfterSaleDays    = "calls.after_sale_days"
	KeySecondMin        = "calls.second_min"
	KeySecondMax        = "calls.second_max"
	KeyRepurchaseWindow = "calls.repurchase_window"
	KeyBirthdayDays     = "calls.birthday_days"
	KeyPromoDays        = "calls.promo_days" // "7,3,1"
	KeyMinGapDays       = "calls.min_gap_days"
	KeyHoldoutShare     = "calls.holdout_share" // "0.1"
	KeyEnabledPrefix    = "calls.enabled."
	KeySeed             = "calls.seed"
)

// LoadConfig reads the call rules from the settings, starting from
// rules.DefaultConfig; unreadable values keep the default.
func LoadConfig(ctx context.Context, st *data.Store) (rules.Config, error) {
	c := rules.DefaultConfig()
	c.Location = clock.ShopZone
	m, err := st.Settings(ctx, "calls.")
	if err != nil {
		return c, fmt.Errorf("load call rules: %w", err)
	}
	ints := []struct {
		key string
		dst *int
	}{
		{KeyAfterSaleDays, &c.AfterSaleDays}, {KeySecondMin, &c.SecondMin}, {KeySecondMax, &c.SecondMax},
		{KeyRepurchaseWindow, &c.RepurchaseWindow}, {KeyBirthdayDays, &c.BirthdayDays}, {KeyMinGapDays, &c.MinGapDays},
		{KeyAgents, &c.Agents}, {KeyPerAgent, &c.PerAgent},
	}
	for _, x := range ints {
		if v, ok := m[x.key]; ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				*x.dst = n
			}
		}
	}
	if v, ok := m[KeyPromoDays]; ok {
		if days, err := ParseDayList(v); err == nil {
			c.PromoDays = days
		}
	}
	if v, ok := m[KeyHoldoutShare]; ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			c.HoldoutShare = f
		}
	}
	for _, r := range rules.Reasons() {
		if v, ok := m[KeyEnabledPrefix+string(r)]; ok {
			c.Enabled[r] = v != "0"
		}
	}
	return c, nil
}

// SaveConfig validates c and writes it to the settings in one transaction.
func SaveConfig(ctx context.Context, st *data.Store, c rules.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	kv := map[string]string{
		KeyAfterSaleDays:    strconv.Itoa(c.AfterSaleDays),
		KeySecondMin:        strconv.Itoa(c.SecondMin),
		KeySecondMax:        strconv.Itoa(c.SecondMax),
		KeyRepurchaseWindow: strconv.Itoa(c.RepurchaseWindow),
		KeyBirthdayDays:     strconv.Itoa(c.BirthdayDays),
		KeyPromoDays:        FormatDayList(c.PromoDays),
		KeyMinGapDays:       strconv.Itoa(c.MinGapDays),
		KeyHoldoutShare:     strconv.FormatFloat(c.HoldoutShare, 'f', -1, 64),
		KeyAgents:           strconv.Itoa(c.Agents),
		KeyPerAgent:         strconv.Itoa(c.PerAgent),
	}
	for _, r := range rules.Reasons() {
		v := "1"
		if !c.IsEnabled(r) {
			v = "0"
		}
		kv[KeyEnabledPrefix+string(r)] = v
	}
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save call rules: %w", err)
	}
	return nil
}

// ParseDayList reads "7,3,1" (also with spaces or Chinese commas).
func ParseDayList(s string) ([]int, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' || r == ';' })
	out := make([]int, 0, len(f))
	for _, x := range f {
		n, err := strconv.Atoi(x)
		if err != nil {
			return nil, fmt.Errorf("day list %q: %w", s, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// FormatDayList writes days as "7,3,1".
func FormatDayList(days []int) string {
	parts := make([]string, len(days))
	for i, d := range days {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ",")
}

// Seed returns the shop's holdout seed, drawing and storing one on first
// use, so every computer sharing the database draws the same holdout.
func Seed(ctx context.Context, st *data.Store) (int64, error) {
	v, err := st.Setting(ctx, KeySeed, "")
	if err != nil {
		return 0, err
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, nil
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, fmt.Errorf("draw holdout seed: %w", err)
	}
	n := int64(binary.LittleEndian.Uint64(b[:]) >> 1)
	// INSERT OR IGNORE: if another computer stored one meanwhile, use theirs.
	if _, err := st.DB().ExecContext(ctx, `INSERT OR IGNORE INTO settings(key, value) VALUES (?, ?)`, KeySeed, strconv.FormatInt(n, 10)); err != nil {
		return 0, fmt.Errorf("store holdout seed: %w", err)
	}
	v, err = st.Setting(ctx, KeySeed, "")
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}
