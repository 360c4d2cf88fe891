package figures

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/xlsx"
)

// SegmentFilter picks the customers of one group on the Segments screen; zero fields match
// all. Customers merged away are never exported.
type SegmentFilter struct {
	Segment string // lifecycle segment, "none" included
	RFM     string // RFM class
	Level   string // membership level as stored in customer_stats
}

// ExportColumns is the number of columns of a segment export: name, nickname, phones,
// platform, level, segment, last order, orders, revenue (yuan).
const ExportColumns = 9

// ErrHeaders is returned when ExportSegment gets other than ExportColumns headers.
var ErrHeaders = errors.New("figures: export needs one header per column")

// ExportSegment writes the customers matching f, biggest spenders first, to an .xlsx file for
// SMS or coupon tools and returns how many it wrote. headers are the column titles in the
// user's language (ExportColumns of them); label, when not nil, turns a stored key into the
// user's words (kind "level" or "segment"). The sheet is streamed, so a segment of a
// million customers does not sit in memory. It reads customer_stats: recompute first.
func ExportSegment(ctx context.Context, st *data.Store, f SegmentFilter, path string, headers []string, label func(kind, key string) string) (int, error) {
	if len(headers) != ExportColumns {
		return 0, ErrHeaders
	}
	if label == nil {
		label = func(_, k string) string { return k }
	}
	conds := []string{"c.merged_into IS NULL"}
	var args []any
	for _, fc := range []struct{ col, v string }{{"s.segment", f.Segment}, {"s.rfm", f.RFM}, {"s.level", f.Level}} {
		if fc.v != "" {
			conds = append(conds, fc.col+" = ?")
			args = append(args, fc.v)
		}
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT c.name, c.nickname,
		COALESCE((SELECT group_concat(p.phone, ' ') FROM customer_phones p WHERE p.customer_id = c.id), ''),
		c.platform, s.level, s.segment, s.last_paid_day, s.paid_orders, s.revenue_fen
		FROM customer_stats s JOIN customers c ON c.id = s.customer_id
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY s.revenue_fen DESC, c.id`, args...)
	if err != nil {
		return 0, fmt.Errorf("export segment: %w", err)
	}
	defer rows.Close()

	x, err := xlsx.NewSheet("", []float64{14, 18, 28, 12, 10, 12, 12, 8, 14}, headers)
	if err != nil {
		return 0, fmt.Errorf("export segment: %w", err)
	}
	defer x.Close()
	money, err := x.File().NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return 0, fmt.Errorf("export segment: %w", err)
	}
	n := 0
	row := make([]any, ExportColumns)
	for rows.Next() {
		var name, nick, phones, platform, level, segment, last string
		var orders int
		var revenue int64
		if err := rows.Scan(&name, &nick, &phones, &platform, &level, &segment, &last, &orders, &revenue); err != nil {
			return n, fmt.Errorf("export segment: %w", err)
		}
		n++
		// Phones and names stay text: a leading zero or a long number must not become a float.
		row[0], row[1], row[2], row[3] = name, nick, phones, platform
		row[4], row[5], row[6], row[7] = label("level", level), label("segment", segment), last, orders
		row[8] = excelize.Cell{StyleID: money, Value: float64(revenue) / 100}
		if err := x.Row(row); err != nil {
			return n, fmt.Errorf("export segment: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export segment: %w", err)
	}
	if err := x.Flush(); err != nil {
		return n, fmt.Errorf("export segment: %w", err)
	}
	// Write beside the target and rename, so a failed export never leaves half a file under
	// the name the user chose.
	tmp := path + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return n, fmt.Errorf("export segment: %w", err)
	}
	_, err = x.File().WriteTo(out)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return n, fmt.Errorf("export segment: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return n, fmt.Errorf("export segment: %w", err)
	}
	return n, nil
}
