package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
)

// headerScanRows is how deep into each sheet the header row is looked for
// (title rows, export notes and blank rows may sit above it).
const headerScanRows = 30

// sampleRows is how many data rows DetectFile returns for the mapping screen.
const sampleRows = 10

// layout is where the data is and how to read it.
type layout struct {
	sheet     int
	sheetName string
	headerRow int // 1-based row number of the header
	headers   []string
	res       *resolved
	samples   [][]string
}

// Detection describes a file for the mapping screen.
type Detection struct {
	Path       string
	Sheet      string // sheet name ("CSV" for a CSV file)
	SheetIndex int
	HeaderRow  int // 1-based
	Headers    []string
	Samples    [][]string // up to 10 data rows under the header, cleaned
	// Platform is the recognised layout id, Mapped when a saved mapping
	// matches the header's signature, else Unknown.
	Platform  string
	Signature string  // HeaderSignature(Headers)
	Mapping   Mapping // the saved mapping, when Platform is Mapped
	// Kind is what the file holds: KindOrders, KindLines (a line report
	// that adds product lines to orders imported before it, e.g. Taobao
	// 宝贝报表) or KindCustomers; "" while Platform is Unknown.
	Kind string
}

// What a recognised file holds (Detection.Kind).
const (
	KindOrders    = "orders"
	KindLines     = "lines"
	KindCustomers = "customers"
)

func (k fileKind) String() string {
	switch k {
	case kindLines:
		return KindLines
	case kindCustomers:
		return KindCustomers
	}
	return KindOrders
}

// candidate is a header row found while scanning.
type candidate struct {
	sheet     int
	sheetName string
	row       int
	cells     []string
	res       *resolved
	samples   [][]string
}

// scanHeaders looks at the first rows of every sheet. It returns the first
// recognised header (with sample rows under it), and the best-looking
// unrecognised one (the widest row near the top of the first non-empty
// sheet) as a fallback for mappings. any reports whether the file holds any
// non-blank cell at all.
func scanHeaders(ctx context.Context, src source, accept func(cells []string) *resolved) (found, guess *candidate, any bool, err error) {
	for si, name := range src.Sheets() {
		var hit *candidate
		seen := 0
		err := src.Rows(ctx, si, func(rowNum int, cells []string) error {
			if blankRow(cells) {
				return nil
			}
			any = true
			if hit != nil {
				if len(hit.samples) >= sampleRows {
					return errStop
				}
				if !isTotalsRow(cells) {
					hit.samples = append(hit.samples, cleanRow(cells))
				}
				return nil
			}
			seen++
			if seen > headerScanRows {
				return errStop
			}
			if r := accept(cells); r != nil {
				hit = &candidate{sheet: si, sheetName: name, row: rowNum, cells: cleanRow(cells), res: r}
				return nil
			}
			if guess == nil || (guess.sheet == si && nonEmpty(cells) > nonEmpty(guess.cells)) {
				guess = &candidate{sheet: si, sheetName: name, row: rowNum, cells: cleanRow(cells)}
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return nil, nil, any, err
		}
		if hit != nil {
			return hit, guess, true, nil
		}
	}
	return nil, guess, any, nil
}

func cleanRow(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = CleanCell(c)
	}
	return out
}

func nonEmpty(cells []string) int {
	n := 0
	for _, c := range cells {
		if CleanCell(c) != "" {
			n++
		}
	}
	return n
}

// findLayout finds the header and the layout of a file: a recognised
// platform, else the mapping given, else a mapping saved for the header's
// signature.
func findLayout(ctx context.Context, st *data.Store, src source, m Mapping) (*layout, error) {
	accept := matchPlatform
	if len(m) > 0 {
		// The user mapped this file by hand: the header is the row holding
		// every mapped column.
		accept = func(cells []string) *resolved {
			r, err := m.resolve(cells)
			if err != nil {
				return nil
			}
			return r
		}
	}
	found, guess, any, err := scanHeaders(ctx, src, accept)
	if err != nil {
		return nil, err
	}
	if found != nil {
		return &layout{sheet: found.sheet, sheetName: found.sheetName, headerRow: found.row, headers: found.cells, res: found.res}, nil
	}
	if !any {
		return nil, &errs.Error{Area: errs.Import, Code: CodeEmpty, Err: errors.New("no cell holds anything")}
	}
	if len(m) > 0 {
		return nil, &errs.Error{Area: errs.Import, Code: CodeBadMapping, Err: errors.New("no row holds every mapped column")}
	}
	if guess != nil && st != nil {
		saved, ok, err := LoadMapping(ctx, st, HeaderSignature(guess.cells))
		if err != nil {
			return nil, err
		}
		if ok {
			if r, err := saved.resolve(guess.cells); err == nil {
				return &layout{sheet: guess.sheet, sheetName: guess.sheetName, headerRow: guess.row, headers: guess.cells, res: r}, nil
			}
		}
	}
	return nil, &errs.Error{Area: errs.Import, Code: CodeUnrecognised, Err: errors.New("no header row of a known export, and no saved column mapping")}
}

// DetectFile looks at a file without importing it: where its header is,
// the column names, a few rows, and which platform it is from (Unknown
// when none; Mapped when st holds a mapping saved for this header). st may
// be nil: then no saved mapping is looked up. Broken files give an *errs.Error
// with a Code.
func DetectFile(ctx context.Context, st *data.Store, path string) (Detection, error) {
	d := Detection{Path: path, Platform: Unknown}
	src, err := openSource(path)
	if err != nil {
		return d, err
	}
	defer src.Close()
	found, guess, any, err := scanHeaders(ctx, src, matchPlatform)
	if err != nil {
		return d, err
	}
	if !any {
		return d, &errs.Error{Area: errs.Import, Code: CodeEmpty, Err: errors.New("no cell holds anything")}
	}
	c := found
	if c == nil {
		c = guess
		// Sample the rows under the guessed header.
		if c != nil {
			err := src.Rows(ctx, c.sheet, func(rowNum int, cells []string) error {
				if rowNum <= c.row || blankRow(cells) {
					return nil
				}
				if len(c.samples) >= sampleRows {
					return errStop
				}
				c.samples = append(c.samples, cleanRow(cells))
				return nil
			})
			if err != nil && !errors.Is(err, errStop) {
				return d, err
			}
		}
	}
	if c == nil {
		return d, &errs.Error{Area: errs.Import, Code: CodeEmpty}
	}
	d.Sheet, d.SheetIndex, d.HeaderRow, d.Headers, d.Samples = c.sheetName, c.sheet, c.row, c.cells, c.samples
	d.Signature = HeaderSignature(c.cells)
	if found != nil {
		d.Platform = found.res.def.id
		d.Kind = found.res.def.kind.String()
		return d, nil
	}
	if st != nil {
		m, ok, err := LoadMapping(ctx, st, d.Signature)
		if err != nil {
			return d, err
		}
		if ok {
			d.Platform, d.Mapping, d.Kind = Mapped, m, KindOrders
		}
	}
	return d, nil
}

// Mapping tells, for a file of unknown layout, which column holds each
// field: field name (MappingFields) → column header as written in the file.
type Mapping map[string]string

// MappingFields are the fields a mapping may fill, in screen order.
// order_no, amount and one of paid_time / created_time are required.
var MappingFields = []string{
	fOrderNo, fCustomer, fName, fPhone, fEmail, fPaid, fCreated,
	fAmount, fRefund, fStatus, fProduct, fQuantity,
}

// What a mapping may lack (Mapping.Missing), in the order a form asks.
const (
	NeedOrderNo  = fOrderNo
	NeedCustomer = "customer_key" // the customer, their phone or their e-mail
	NeedTime     = "time"         // the payment or the order time
	NeedAmount   = fAmount
)

// Missing lists what m lacks before it can be used (Need*), in the order a
// form asks; none when it is complete. The mapping screen says these in
// the user's words; Validate refuses the same.
func (m Mapping) Missing() []string {
	var out []string
	if m[fOrderNo] == "" {
		out = append(out, NeedOrderNo)
	}
	if m[fCustomer] == "" && m[fPhone] == "" && m[fEmail] == "" {
		out = append(out, NeedCustomer)
	}
	if m[fPaid] == "" && m[fCreated] == "" {
		out = append(out, NeedTime)
	}
	if m[fAmount] == "" {
		out = append(out, NeedAmount)
	}
	return out
}

// ErrMappingIncomplete: a mapping lacks a required field or names a column
// twice for different fields; the wrapped message says which.
var ErrMappingIncomplete = errors.New("mapping incomplete")

// Validate checks the mapping against a header row.
func (m Mapping) Validate(headers []string) error {
	_, err := m.resolve(headers)
	return err
}

func (m Mapping) resolve(headers []string) (*resolved, error) {
	if miss := m.Missing(); len(miss) > 0 {
		return nil, fmt.Errorf("%w: %s missing", ErrMappingIncomplete, strings.Join(miss, ", "))
	}
	idx := headerIndex(headers)
	def := *mappedDef
	def.needPaidTime = m[fPaid] != ""
	r := &resolved{def: &def, cols: map[string][]int{}, mapping: m}
	known := map[string]bool{}
	for _, f := range MappingFields {
		known[f] = true
	}
	for f, h := range m {
		if h == "" {
			continue
		}
		if !known[f] {
			return nil, fmt.Errorf("%w: unknown field %q", ErrMappingIncomplete, f)
		}
		i, ok := idx[NormHeader(h)]
		if !ok {
			return nil, fmt.Errorf("%w: column %q not in the file", ErrMappingIncomplete, h)
		}
		r.cols[f] = []int{i}
	}
	// The file's own idea of a customer key, when the user picked none.
	if len(r.cols[fCustomer]) == 0 && len(r.cols[fPhone]) == 0 && len(r.cols[fEmail]) == 0 {
		return nil, fmt.Errorf("%w: customer, phone or email needed", ErrMappingIncomplete)
	}
	return r, nil
}

// SaveMapping stores m for the header signature sig (HeaderSignature), so
// later files with the same columns import without asking.
func SaveMapping(ctx context.Context, st *data.Store, sig string, m Mapping) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("save mapping: %w", err)
	}
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO column_mappings(signature, mapping, created_at) VALUES (?, ?, ?)
			ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, created_at = excluded.created_at`,
			sig, string(b), time.Now().In(clock.ShopZone).Format(data.TimeLayout))
		return err
	})
	if err != nil {
		return fmt.Errorf("save mapping: %w", err)
	}
	return nil
}

// LoadMapping returns the mapping saved for sig; ok is false when none.
func LoadMapping(ctx context.Context, st *data.Store, sig string) (Mapping, bool, error) {
	var s string
	err := st.DB().QueryRowContext(ctx, `SELECT mapping FROM column_mappings WHERE signature = ?`, sig).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("load mapping: %w", err)
	}
	var m Mapping
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false, fmt.Errorf("load mapping: %w", err)
	}
	return m, true, nil
}

// Fields lists the mapping's fields in screen order, for display.
func (m Mapping) Fields() []string {
	var out []string
	for f := range m {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return fieldOrder(out[i]) < fieldOrder(out[j]) })
	return out
}

func fieldOrder(f string) int {
	for i, x := range MappingFields {
		if x == f {
			return i
		}
	}
	return len(MappingFields)
}

func jsonString(v []string) (string, error) {
	if len(v) == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}
