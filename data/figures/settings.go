package figures

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"huitouke/data"
	"huitouke/data/errs"
	"huitouke/data/figures/calc"
)

// Setting keys in the settings table. Thresholds are whole days; the tiers are a JSON array
// of {"name", "min_fen"} so a shop can have any number of them.
const (
	KeyNewDays         = "seg.new_days"
	KeyCoolingDays     = "seg.cooling_days"
	KeyDormantHighDays = "seg.dormant_high_days"
	KeyDormantLowDays  = "seg.dormant_low_days"
	KeyLoyalOrders     = "seg.loyal_orders"
	KeyLevels          = "level.tiers"
)

// MaxDays bounds every day threshold: beyond ten years a threshold is a typing mistake.
const MaxDays = 3650

// Setting error codes (errs.Error.Code with Area errs.Figures; Field is one of NewDays,
// CoolingDays, DormantHighDays, DormantLowDays, LoyalOrders, Levels, and Index the tier of
// Levels), worded by resources/vocab.
const (
	CodeRange     = "range"     // out of the allowed range (negative, zero, too large)
	CodeOrder     = "order"     // a day threshold is not larger than the one before it
	CodeDuplicate = "duplicate" // two tiers share a name or a minimum spend
	CodeEmpty     = "empty"     // a tier has no name, or there is no tier at all
)

// Validate checks settings before they are saved: day thresholds 1..MaxDays and strictly
// increasing (an equal pair would leave a segment that can never hold anyone), loyal from
// 2..1000 orders, at least one tier, tier names non-empty and distinct, minimum spends
// non-negative and distinct. It returns a *errs.Error.
func Validate(s calc.Settings) error {
	days := []struct {
		field string
		v     int
	}{{"NewDays", s.NewDays}, {"CoolingDays", s.CoolingDays}, {"DormantHighDays", s.DormantHighDays}, {"DormantLowDays", s.DormantLowDays}}
	for i, d := range days {
		if d.v < 1 || d.v > MaxDays {
			return &errs.Error{Area: errs.Figures, Field: d.field, Code: CodeRange}
		}
		if i > 0 && d.v <= days[i-1].v {
			return &errs.Error{Area: errs.Figures, Field: d.field, Code: CodeOrder}
		}
	}
	if s.LoyalOrders < 2 || s.LoyalOrders > 1000 {
		return &errs.Error{Area: errs.Figures, Field: "LoyalOrders", Code: CodeRange}
	}
	if len(s.Levels) == 0 {
		return &errs.Error{Area: errs.Figures, Field: "Levels", Code: CodeEmpty}
	}
	names := map[string]bool{}
	mins := map[int64]bool{}
	for i, l := range s.Levels {
		switch {
		case strings.TrimSpace(l.Name) == "":
			return &errs.Error{Area: errs.Figures, Field: "Levels", Code: CodeEmpty, Index: i}
		case l.MinFen < 0:
			return &errs.Error{Area: errs.Figures, Field: "Levels", Code: CodeRange, Index: i}
		case names[l.Name] || mins[l.MinFen]:
			return &errs.Error{Area: errs.Figures, Field: "Levels", Code: CodeDuplicate, Index: i}
		}
		names[l.Name], mins[l.MinFen] = true, true
	}
	// The engine's own check must agree; it guards against the two drifting apart.
	if err := s.Validate(); err != nil {
		return &errs.Error{Area: errs.Figures, Field: "Levels", Code: CodeRange}
	}
	return nil
}

type levelJSON struct {
	Name   string `json:"name"`
	MinFen int64  `json:"min_fen"`
}

// LoadSettings reads the shop's thresholds and tiers, falling back to the defaults for
// anything unset or unreadable (a hand-edited value must not stop the app from starting).
func LoadSettings(ctx context.Context, st *data.Store) (calc.Settings, error) {
	s := calc.DefaultSettings()
	kv, err := st.Settings(ctx, "seg.")
	if err != nil {
		return s, fmt.Errorf("load segment settings: %w", err)
	}
	lv, err := st.Settings(ctx, "level.")
	if err != nil {
		return s, fmt.Errorf("load level settings: %w", err)
	}
	loaded := s
	for key, dst := range map[string]*int{
		KeyNewDays: &loaded.NewDays, KeyCoolingDays: &loaded.CoolingDays, KeyDormantHighDays: &loaded.DormantHighDays,
		KeyDormantLowDays: &loaded.DormantLowDays, KeyLoyalOrders: &loaded.LoyalOrders,
	} {
		if v, ok := kv[key]; ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				*dst = n
			}
		}
	}
	if v, ok := lv[KeyLevels]; ok {
		var ls []levelJSON
		if err := json.Unmarshal([]byte(v), &ls); err == nil && len(ls) > 0 {
			loaded.Levels = make([]calc.Level, len(ls))
			for i, l := range ls {
				loaded.Levels[i] = calc.Level{Name: l.Name, MinFen: l.MinFen}
			}
		}
	}
	if Validate(loaded) != nil {
		return s, nil
	}
	return loaded, nil
}

// SaveSettings validates s and stores it in one transaction. It returns a *errs.Error
// (nothing stored) when s is unusable.
func SaveSettings(ctx context.Context, st *data.Store, s calc.Settings) error {
	if err := Validate(s); err != nil {
		return err
	}
	ls := make([]levelJSON, len(s.Levels))
	for i, l := range s.Levels {
		ls[i] = levelJSON{Name: strings.TrimSpace(l.Name), MinFen: l.MinFen}
	}
	tiers, err := json.Marshal(ls)
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	vals := [][2]string{
		{KeyNewDays, strconv.Itoa(s.NewDays)}, {KeyCoolingDays, strconv.Itoa(s.CoolingDays)},
		{KeyDormantHighDays, strconv.Itoa(s.DormantHighDays)}, {KeyDormantLowDays, strconv.Itoa(s.DormantLowDays)},
		{KeyLoyalOrders, strconv.Itoa(s.LoyalOrders)}, {KeyLevels, string(tiers)},
	}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		for _, kv := range vals {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value`, kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
