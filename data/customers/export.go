package customers

import (
	"context"
	"database/sql"
	"fmt"
	"huitouke/data"
	"strings"

	"huitouke/data/xlsx"
)

// ExportColumns are the columns of an export, in order; the caller passes
// one header per column in the user's language.
var ExportColumns = []string{"id", "name", "nickname", "platform", "phones", "segment", "rfm", "level",
	"orders", "revenue", "last_order", "next_expected", "tags", "do_not_contact"}

// ExportOptions tells Export what to write and how to word it.
type ExportOptions struct {
	Headers []string                        // one per ExportColumns entry
	Label   func(kind, value string) string // kind: segment|rfm|level|platform|dnc; nil keeps the keys
}

// ErrHeaders means the headers do not match ExportColumns.
var ErrHeaders = fmt.Errorf("customers: export needs %d headers", len(ExportColumns))

// Export writes the customers f selects (in srt order) to an .xlsx file at
// path, streaming so a million rows fit in memory. It returns the number of
// customers written.
func Export(ctx context.Context, st *data.Store, path string, f Filter, srt Sort, opt ExportOptions) (int, error) {
	const page = 5000
	off := 0
	return writeXLSX(ctx, st, path, opt, func() ([]Row, error) {
		rows, err := List(ctx, st, f, srt, off, page)
		off += page
		return rows, err
	})
}

// ExportRows writes rows already in memory (e.g. with live figures) to an
// .xlsx file at path.
func ExportRows(ctx context.Context, st *data.Store, path string, rows []Row, opt ExportOptions) (int, error) {
	done := false
	return writeXLSX(ctx, st, path, opt, func() ([]Row, error) {
		if done {
			return nil, nil
		}
		done = true
		return rows, nil
	})
}

// writeXLSX streams the pages next returns (until an empty one) to path.
func writeXLSX(ctx context.Context, st *data.Store, path string, opt ExportOptions, next func() ([]Row, error)) (int, error) {
	if len(opt.Headers) != len(ExportColumns) {
		return 0, ErrHeaders
	}
	label := opt.Label
	if label == nil {
		label = func(_, v string) string { return v }
	}
	// Names and nicknames (B, C) and phones (E) get room; the rest keep Excel's width.
	x, err := xlsx.NewSheet("", []float64{0, 16, 16, 0, 28}, opt.Headers)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	defer x.Close()
	n := 0
	for {
		rows, err := next()
		if err != nil {
			return n, err
		}
		if len(rows) == 0 {
			break
		}
		phones, err := PhonesOf(ctx, st, rows)
		if err != nil {
			return n, err
		}
		for _, r := range rows {
			dnc := ""
			if r.DoNotContact {
				dnc = label("dnc", "yes")
			}
			var last, next any = r.LastOrder, r.NextExpected
			vals := []any{r.ID, r.Name, r.Nickname, label("platform", r.Platform), strings.Join(phones[r.ID], ", "),
				label("segment", r.Segment), label("rfm", r.RFM), label("level", r.Level), r.Orders,
				float64(r.RevenueFen) / 100, last, next, strings.Join(r.Tags, ", "), dnc}
			if err := x.Row(vals); err != nil {
				return n, fmt.Errorf("export: %w", err)
			}
			n++
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
	if err := x.Save(path); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// PhonesOf loads every phone (as stored) of the customers in rows.
func PhonesOf(ctx context.Context, st *data.Store, rows []Row) (map[int64][]string, error) {
	db := st.DB()
	out := map[int64][]string{}
	if len(rows) == 0 {
		return out, nil
	}
	list := make([]int64, len(rows))
	for i, r := range rows {
		list[i] = r.ID
	}
	err := each(ctx, db, `SELECT customer_id, phone FROM customer_phones WHERE customer_id IN (SELECT value FROM json_each(?))
		ORDER BY customer_id, masked, rowid`, []any{idList(list)}, func(r *sql.Rows) error {
		var id int64
		var p string
		err := r.Scan(&id, &p)
		out[id] = append(out[id], p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("phones: %w", err)
	}
	return out, nil
}
