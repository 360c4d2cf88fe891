package calls

import (
	"context"
	"database/sql"
	"fmt"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// ScriptBook is what an agent reads from during calls: the script of every
// reason and the objection answers, in one locale.
type ScriptBook struct {
	Scripts    map[rules.Reason]rules.Script
	Objections []rules.Objection
}

// LoadScriptBook reads the scripts and the objection answers of locale (the
// shop's edited versions where there are, the defaults otherwise).
func LoadScriptBook(ctx context.Context, st *data.Store, locale string) (ScriptBook, error) {
	sc, err := LoadScripts(ctx, st, locale)
	if err != nil {
		return ScriptBook{}, err
	}
	ob, err := LoadObjections(ctx, st, locale)
	if err != nil {
		return ScriptBook{}, err
	}
	return ScriptBook{Scripts: sc, Objections: ob}, nil
}

// DayOptions say how OpenDay opens a day.
type DayOptions struct {
	Locale string // of the scripts and objections
	// Regenerate builds the list again even when one is stored, so that
	// today's imports and answered complaints show (the window does this each
	// time it opens the day; worked entries are kept, see GenerateDay).
	// Otherwise a stored list is used as it is and only a missing one is built.
	Regenerate bool
	// PullMore adds this many eligible calls to the day on top of its
	// capacity before the list is built (the workspace's "pull more" button).
	PullMore int
}

// Workday is everything the call workspace needs to open a day.
type Workday struct {
	Day      clock.Day
	Shown    []Item // the entries to call
	NoNumber []Item // qualifying customers without a number to dial
	HeldOut  []Item // the holdout group, not to call
	Book     ScriptBook
	Shop     string // the shop's name, for the scripts
	// Capacity is how many calls the day holds besides complaints, callbacks
	// and hand-added ones; More how many eligible persons are left for the
	// next days (-1 when the list was not built on opening).
	Capacity, More int
}

// OpenDay opens an agent's day: it brings the figures up to date for day,
// generates the day's list if needed (always with opt.Regenerate), and reads
// the list, the scripts, the objection answers and the shop's name.
func OpenDay(ctx context.Context, st *data.Store, day clock.Day, opt DayOptions) (Workday, error) {
	w := Workday{Day: day, More: -1}
	// The rules read segments and next expected purchases: they must be
	// computed for the list's day.
	if _, err := EnsureStats(ctx, st, day); err != nil {
		return w, err
	}
	if opt.PullMore > 0 {
		if err := addExtra(ctx, st, day, opt.PullMore); err != nil {
			return w, err
		}
	}
	build := opt.Regenerate || opt.PullMore > 0
	if !build {
		have, err := DayExists(ctx, st, day)
		if err != nil {
			return w, err
		}
		build = !have
	}
	if build {
		g, err := GenerateDay(ctx, st, day)
		if err != nil {
			return w, err
		}
		w.Capacity, w.More = g.Capacity, g.More
	}
	var err error
	for _, l := range []struct {
		kind Kind
		into *[]Item
	}{{KindShown, &w.Shown}, {KindNoNumber, &w.NoNumber}, {KindHeldOut, &w.HeldOut}} {
		if *l.into, err = ListDay(ctx, st, day, l.kind); err != nil {
			return w, err
		}
	}
	if w.Book, err = LoadScriptBook(ctx, st, opt.Locale); err != nil {
		return w, err
	}
	if w.Shop, err = st.Setting(ctx, data.SettingShopName, ""); err != nil {
		return w, fmt.Errorf("read shop name: %w", err)
	}
	return w, nil
}

// ScriptDesk is what the script editor opens with: the scripts, the shop's
// name and a few of today's customers to preview the scripts with.
type ScriptDesk struct {
	Book    ScriptBook
	Shop    string
	Samples []Item // the first entries of day's list
}

// sampleCount is how many of today's customers the script editor offers.
const sampleCount = 40

// OpenScripts reads what the script editor shows. Today's list is read as it
// is stored (not generated): an empty list only means no samples to pick.
func OpenScripts(ctx context.Context, st *data.Store, day clock.Day, locale string) (ScriptDesk, error) {
	var d ScriptDesk
	var err error
	if d.Book, err = LoadScriptBook(ctx, st, locale); err != nil {
		return d, err
	}
	if d.Shop, err = st.Setting(ctx, data.SettingShopName, ""); err != nil {
		return d, fmt.Errorf("read shop name: %w", err)
	}
	if d.Samples, err = ListDay(ctx, st, day, KindShown); err != nil {
		return d, err
	}
	if len(d.Samples) > sampleCount {
		d.Samples = d.Samples[:sampleCount]
	}
	return d, nil
}

// LoadSummaries reads the summaries of several customers (the next ones of
// the list, read ahead while the agent is on the phone).
func LoadSummaries(ctx context.Context, st *data.Store, ids []int64) (map[int64]Summary, error) {
	out := make(map[int64]Summary, len(ids))
	for _, id := range ids {
		s, err := LoadSummary(ctx, st, id)
		if err != nil {
			return out, err
		}
		out[id] = s
	}
	return out, nil
}

// ReleaseAll gives back the entries agent holds among ids, in one
// transaction (the window closes: colleagues need not wait ClaimTTL).
func ReleaseAll(ctx context.Context, st *data.Store, agent string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return st.InTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := release(ctx, tx, id, agent); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExportSMSFor writes the SMS text of each item's reason for its customer to
// an .xlsx file at path and tells how many rows it wrote (see SMSRows).
func ExportSMSFor(ctx context.Context, st *data.Store, path, sheet string, headers [3]string, items []Item,
	scripts map[rules.Reason]rules.Script, p ValueParams) (int, error) {
	rows, err := SMSRows(ctx, st, items, scripts, p)
	if err != nil {
		return 0, err
	}
	return len(rows), ExportSMS(path, sheet, headers, rows)
}
