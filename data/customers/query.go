package customers

import (
	"context"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
)

// Query is what a listing of customers asks for (the command line's `customers`): a search,
// a lifecycle segment and the day the segments are counted on.
type Query struct {
	Search  string
	Segment string
	AsOf    clock.Day
}

// Listed is what a Query finds: the rows, in the list's default order, and their phones.
type Listed struct {
	Rows   []Row
	Phones map[int64][]string
}

// queried resolves a Query: the filter to list with, and — when the stored figures are for
// another day than AsOf (or missing) — figures computed for AsOf from the orders, without
// writing anything. The search index catches up with a large import first.
func queried(ctx context.Context, st *data.Store, q Query) (Filter, map[int64]calc.CustomerStats, error) {
	f := Filter{Search: q.Search}
	if q.Search != "" {
		if _, err := RefreshSearch(ctx, st, 0, nil); err != nil {
			return f, nil, err
		}
	}
	current, err := StatsCurrent(ctx, st, q.AsOf.String())
	if err != nil || current {
		f.Segment = q.Segment
		return f, nil, err
	}
	s, err := figures.LoadSettings(ctx, st)
	if err != nil {
		return f, nil, err
	}
	live, err := LiveStats(ctx, st, q.AsOf, s)
	return f, live, err
}

// ListFor lists every customer q finds, with their phones.
func ListFor(ctx context.Context, st *data.Store, q Query) (Listed, error) {
	f, live, err := queried(ctx, st, q)
	if err != nil {
		return Listed{}, err
	}
	rows, err := listAll(ctx, st, f, live, q.Segment)
	if err != nil {
		return Listed{}, err
	}
	phones, err := PhonesOf(ctx, st, rows)
	return Listed{Rows: rows, Phones: phones}, err
}

// ExportFor writes every customer q finds to an .xlsx file and returns how many.
func ExportFor(ctx context.Context, st *data.Store, q Query, path string, opt ExportOptions) (int, error) {
	f, live, err := queried(ctx, st, q)
	if err != nil {
		return 0, err
	}
	if live == nil {
		return Export(ctx, st, path, f, Sort{}, opt)
	}
	// The export reads the stored figures; with live ones, write them through the same rows.
	rows, err := listAll(ctx, st, f, live, q.Segment)
	if err != nil {
		return 0, err
	}
	return ExportRows(ctx, st, path, rows, opt)
}

// listAll pages through f; with live figures it applies them and keeps segment (when set).
func listAll(ctx context.Context, st *data.Store, f Filter, live map[int64]calc.CustomerStats, segment string) ([]Row, error) {
	var rows []Row
	const page = 10000
	for off := 0; ; off += page {
		part, err := List(ctx, st, f, Sort{}, off, page)
		if err != nil {
			return nil, err
		}
		last := len(part) < page
		if live != nil {
			ApplyLive(part, live, nil)
			if segment != "" {
				kept := part[:0]
				for _, r := range part {
					if r.Segment == segment {
						kept = append(kept, r)
					}
				}
				part = kept
			}
		}
		rows = append(rows, part...)
		if last {
			return rows, nil
		}
	}
}
