package calls

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/xlsx"
)

// ListColumns are the columns of an exported call list, in order.
const ListColumns = 9 // name, phone, reason, priority, due, detail, status, agent, outcome

// Labels translates the stored keys of an export into the user's language.
// Any nil function leaves the key as stored.
type Labels struct {
	Reason  func(rules.Reason) string
	Status  func(string) string
	Outcome func(Outcome) string
}

// ExportList writes items to an .xlsx file with the given column headers
// (ListColumns of them, in the user's language).
func ExportList(path, sheet string, headers []string, items []Item, lb Labels) error {
	if len(headers) != ListColumns {
		return fmt.Errorf("export call list: %d headers, want %d", len(headers), ListColumns)
	}
	rows := make([][]any, 0, len(items))
	for _, it := range items {
		name := it.Name
		if name == "" {
			name = it.Nickname
		}
		reason, status, outcome := string(it.Reason), it.Status, string(it.Outcome)
		if lb.Reason != nil {
			reason = lb.Reason(it.Reason)
		}
		if lb.Status != nil {
			status = lb.Status(it.Status)
		}
		if lb.Outcome != nil && it.Outcome != "" {
			outcome = lb.Outcome(it.Outcome)
		}
		rows = append(rows, []any{name, it.Phone, reason, it.Priority, it.Due, it.Detail, status, it.Agent, outcome})
	}
	return writeXLSX(path, sheet, headers, rows, []float64{16, 16, 14, 8, 20, 24, 10, 10, 14})
}

// SMSRow is one text for a bulk-SMS tool.
type SMSRow struct {
	Phone, Name, Text string
}

// SMSRows fills the SMS text of each item's reason for its customer.
// Customers without a callable number are left out: a masked number cannot
// receive a text.
func SMSRows(ctx context.Context, st *data.Store, items []Item, scripts map[rules.Reason]rules.Script, p ValueParams) ([]SMSRow, error) {
	out := make([]SMSRow, 0, len(items))
	for _, it := range items {
		s, err := LoadSummary(ctx, st, it.CustomerID)
		if err != nil {
			return nil, err
		}
		phone := s.CallablePhone()
		if phone == "" || s.DoNotContact {
			continue
		}
		name := s.Name
		if name == "" {
			name = s.Nickname
		}
		out = append(out, SMSRow{Phone: phone, Name: name, Text: rules.Fill(scripts[it.Reason].SMS, Values(s, it, p))})
	}
	return out, nil
}

// ExportSMS writes phone, name and text columns (headers in the user's language).
func ExportSMS(path, sheet string, headers [3]string, rows []SMSRow) error {
	rs := make([][]any, len(rows))
	for i, r := range rows {
		rs[i] = []any{r.Phone, r.Name, r.Text}
	}
	return writeXLSX(path, sheet, headers[:], rs, []float64{16, 14, 80})
}

func writeXLSX(path, sheet string, headers []string, rows [][]any, widths []float64) error {
	x, err := xlsx.NewSheet(sheet, widths, headers)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer x.Close()
	for _, r := range rows {
		// Phone numbers as text: Excel would show 13800138000 as 1.38E+10.
		for j, v := range r {
			if s, ok := v.(string); ok {
				r[j] = excelize.Cell{Value: s}
			}
		}
		if err := x.Row(r); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := x.Save(path); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
