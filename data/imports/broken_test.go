package imports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/errs"
)

// dbState fingerprints the tables an import writes (not the imports log,
// which records failed runs on purpose): row counts and a checksum of every
// row.
func dbState(t testing.TB, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT id, platform, order_no, COALESCE(customer_id,0), status, state, paid, created_at, paid_at, order_day, amount_fen, refund_fen, revenue_fen, items, quantity FROM orders ORDER BY id`,
		`SELECT order_id, line_key, product, quantity, amount_fen, refund_fen FROM order_lines ORDER BY order_id, line_key`,
		`SELECT id, name, nickname, email, province, city, address, birthday, gender, platform_level, points_imported, edited_fields FROM customers ORDER BY id`,
		`SELECT platform, key, customer_id FROM identities ORDER BY platform, key`,
		`SELECT customer_id, phone, normalized FROM customer_phones ORDER BY customer_id, phone`,
		`SELECT customer_id, tag_id FROM customer_tags ORDER BY 1, 2`,
		`SELECT import_id, row_no, reason FROM import_errors ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
			n++
		}
		rows.Close()
		fmt.Fprintf(h, "count %d\n", n)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeXLSX writes sheets (name → rows) with excelize, every cell as text.
func writeXLSX(t testing.TB, name string, sheets []string, rows map[string][][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s)
		} else if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		for r, cells := range rows[s] {
			vals := make([]any, len(cells))
			for j, c := range cells {
				vals[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s, cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeCSV(t testing.TB, name string, rows [][]string) string {
	t.Helper()
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, name, []byte(b.String()))
}

// readSample reads a sample file's header and data rows (cleaned).
func readSample(t testing.TB, name string) (header []string, rows [][]string) {
	t.Helper()
	src, err := openSource(td(name))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	err = src.Rows(context.Background(), 0, func(_ int, cells []string) error {
		c := append([]string(nil), cells...)
		if header == nil {
			header = c
		} else {
			rows = append(rows, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return header, rows
}

// makeCFB builds a minimal OLE compound file (as Excel uses for .xls and
// for password-protected .xlsx) whose root holds one stream.
func makeCFB(stream string) []byte {
	le32 := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	le16 := func(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }
	const free, end, fatSec = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
	h := make([]byte, 512)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le16(h[0x18:], 0x3E)
	le16(h[0x1A:], 3)
	le16(h[0x1C:], 0xFFFE)
	le16(h[0x1E:], 9)
	le16(h[0x20:], 6)
	le32(h[0x2C:], 1)
	le32(h[0x30:], 1)
	le32(h[0x38:], 4096)
	le32(h[0x3C:], end)
	le32(h[0x44:], end)
	for i := 0x4C; i < 512; i += 4 {
		le32(h[i:], free)
	}
	le32(h[0x4C:], 0)
	fat := make([]byte, 512)
	for i := 0; i < 512; i += 4 {
		le32(fat[i:], free)
	}
	le32(fat[0:], fatSec)
	le32(fat[4:], end)
	dir := make([]byte, 512)
	entry := func(i int, name string, typ byte, child uint32) {
		e := dir[i*128:]
		u := []rune(name)
		for j, r := range u {
			le16(e[j*2:], uint16(r))
		}
		le16(e[0x40:], uint16(len(u)*2+2))
		e[0x42] = typ
		e[0x43] = 1
		le32(e[0x44:], free)
		le32(e[0x48:], free)
		le32(e[0x4C:], child)
		le32(e[0x74:], end)
	}
	entry(0, "Root Entry", 5, 1)
	entry(1, stream, 2, free)
	for i := 2; i < 4; i++ {
		e := dir[i*128:]
		le32(e[0x44:], free)
		le32(e[0x48:], free)
		le32(e[0x4C:], free)
	}
	return append(append(h, fat...), dir...)
}

// TestBrokenFiles: each broken file imports nothing, fails with its code,
// is recorded as failed, and leaves the data exactly as it was.
func TestBrokenFiles(t *testing.T) {
	header, rows := readSample(t, "taobao_orders.xlsx")
	emptySheet := func() string {
		f := excelize.NewFile()
		defer f.Close()
		p := filepath.Join(t.TempDir(), "empty_sheet.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		path string
		code string
	}{
		{"corrupt zip", writeFile(t, "broken.xlsx", append([]byte("PK\x03\x04"), []byte(strings.Repeat("garbage", 50))...)), CodeCorrupt},
		{"xlsx that is text", writeFile(t, "renamed.xlsx", []byte("hello")), CodeCorrupt},
		{"empty file", writeFile(t, "empty.csv", nil), CodeEmpty},
		{"empty xlsx file", writeFile(t, "empty.xlsx", nil), CodeEmpty},
		{"empty sheet", emptySheet(), CodeEmpty},
		{"blank csv", writeFile(t, "blank.csv", []byte("\r\n,,,\r\n\r\n")), CodeEmpty},
		{"password protected", writeFile(t, "secret.xlsx", makeCFB("EncryptionInfo")), CodeEncrypted},
		{"legacy xls", writeFile(t, "old.xls", makeCFB("Workbook")), CodeLegacyXLS},
		{"unrecognised headers", writeCSV(t, "other.csv", [][]string{{"日期", "备注", "金额"}, {"2026-01-01", "x", "1"}}), CodeUnrecognised},
		{"header only", writeXLSX(t, "header_only.xlsx", []string{"订单报表"}, map[string][][]string{"订单报表": {header}}), CodeNoRows},
		{"binary junk", writeFile(t, "junk.csv", []byte{0, 1, 2, 3, 0, 0, 9}), CodeUnrecognised},
		{"missing file", filepath.Join(t.TempDir(), "nope.xlsx"), CodeIO},
	}
	st := newStore(t)
	importOK(t, st, td("jd_orders.xlsx"))
	_ = rows
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := dbState(t, st.DB())
			res, err := ImportFiles(context.Background(), st, []string{c.path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Status != StatusFailed || r.Code != c.code {
				t.Fatalf("status %s code %q (%v), want failed %q", r.Status, r.Code, r.Err, c.code)
			}
			var e *errs.Error
			if c.code != CodeIO && !errors.As(r.Err, &e) {
				t.Errorf("error %v is not an *errs.Error", r.Err)
			}
			if after := dbState(t, st.DB()); after != before {
				t.Error("the database changed")
			}
			var status string
			if err := st.DB().QueryRow(`SELECT status FROM imports WHERE id = ?`, r.ImportID).Scan(&status); err != nil || status != StatusFailed {
				t.Errorf("imports row status %q (%v), want failed", status, err)
			}
			h, _ := History(context.Background(), st)
			if len(h) == 0 || h[0].Code != c.code {
				t.Errorf("history code = %+v, want %s", h[0], c.code)
			}
		})
	}
}

// TestMessyLayout: a title row above the header, data on the second sheet,
// blank rows and a totals row; bad cells are rejected row by row with a
// reason, recorded, and exportable.
func TestMessyLayout(t *testing.T) {
	header, rows := readSample(t, "taobao_orders.xlsx")
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	good := rows[:5]
	ruined := append([]string(nil), rows[5]...)
	ruined[col("订单编号")] = "1.23456789012346E+17"
	badDate := append([]string(nil), rows[6]...)
	badDate[col("订单付款时间")] = "2026-13-45 25:61"
	badAmount := append([]string(nil), rows[7]...)
	badAmount[col("买家实际支付金额")] = "12,3.4.5元"
	totals := make([]string, len(header))
	totals[0] = "合计"
	totals[col("买家实际支付金额")] = "99999.00"
	sheet := [][]string{{"淘宝订单报表 导出时间 2026-11-15"}, {}, header}
	sheet = append(sheet, good[:3]...)
	sheet = append(sheet, []string{}, ruined, badDate)
	sheet = append(sheet, good[3:]...)
	sheet = append(sheet, badAmount, totals)
	p := writeXLSX(t, "messy.xlsx", []string{"说明", "订单"}, map[string][][]string{
		"说明": {{"本文件由千牛导出"}, {"请勿修改"}},
		"订单": sheet,
	})
	st := newStore(t)
	res := importOK(t, st, p)
	r := res[0]
	if r.Platform != Taobao || r.OrdersNew != 5 || r.RowsRejected != 3 || r.Rows != 8 {
		t.Fatalf("got platform %s rows %d new %d rejected %d; want taobao 8 5 3", r.Platform, r.Rows, r.OrdersNew, r.RowsRejected)
	}
	rejs, err := Rejections(context.Background(), st, r.ImportID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{RejectScientific: "订单编号", RejectBadTime: "订单付款时间", RejectBadAmount: "买家实际支付金额"}
	for _, rj := range rejs {
		if want[rj.Reason] != rj.Column {
			t.Errorf("rejection %s in column %q, want %q", rj.Reason, rj.Column, want[rj.Reason])
		}
		if rj.RowNo < 4 || len(rj.Cells) < len(header)-5 {
			t.Errorf("rejection row %d with %d cells", rj.RowNo, len(rj.Cells))
		}
		delete(want, rj.Reason)
	}
	if len(want) != 0 {
		t.Errorf("missing rejections: %v", want)
	}
	// The exported rejections are a workbook we recognise again: fix the
	// amount and import it.
	out := filepath.Join(t.TempDir(), "rejected.xlsx")
	if err := ExportErrors(context.Background(), st, r.ImportID, out, func(r string) string { return r }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	xr, _ := f.GetRows(f.GetSheetList()[0])
	f.Close()
	if len(xr) != 4 || xr[0][0] != "订单编号" {
		t.Fatalf("exported %d rows, header %v", len(xr), xr[0][:3])
	}
	res2 := importOK(t, st, out)
	if res2[0].Platform != Taobao || res2[0].RowsRejected != 3 {
		t.Errorf("re-import of the export: %+v", res2[0])
	}
}

// TestOverlappingHalves: two exports that overlap import to the same
// figures as the whole file.
func TestOverlappingHalves(t *testing.T) {
	header, rows := readSample(t, "taobao_orders.csv")
	first := append([][]string{header}, rows[:300]...)
	second := append([][]string{header}, rows[200:]...)
	a, b := writeCSV(t, "a.csv", first), writeCSV(t, "b.csv", second)
	whole := newStore(t)
	importOK(t, whole, td("taobao_orders.csv"))
	halves := newStore(t)
	res := importOK(t, halves, a, b)
	if got, want := measure(t, halves.DB()), measure(t, whole.DB()); got != want {
		t.Errorf("halves give %+v, whole file %+v", got, want)
	}
	if res[1].OrdersNew != len(rows)-300 {
		t.Errorf("second half: %d new orders, want %d", res[1].OrdersNew, len(rows)-300)
	}
	if res[1].OrdersUpdated != 0 {
		t.Errorf("second half updated %d identical orders", res[1].OrdersUpdated)
	}
}

// TestReimportIdempotent: importing the same files again creates nothing.
func TestReimportIdempotent(t *testing.T) {
	for _, name := range []string{"taobao_orders.xlsx", "douyin_orders.xlsx", "shopify_orders.csv", "youzan_customers.xlsx"} {
		t.Run(name, func(t *testing.T) {
			st := newStore(t)
			importOK(t, st, td(name))
			before := dbState(t, st.DB())
			figs := measure(t, st.DB())
			r := importOK(t, st, td(name))[0]
			if r.OrdersNew != 0 || r.CustomersNew != 0 || r.OrdersUpdated != 0 {
				t.Errorf("second import: new %d, updated %d, customers %d; want 0", r.OrdersNew, r.OrdersUpdated, r.CustomersNew)
			}
			if got := measure(t, st.DB()); got != figs {
				t.Errorf("figures changed: %+v → %+v", figs, got)
			}
			if dbState(t, st.DB()) != before {
				t.Error("data changed on re-import")
			}
		})
	}
}

// TestStatusUpdateOnReimport: an order refunded since the last export
// stops counting as paid and its revenue goes.
func TestStatusUpdateOnReimport(t *testing.T) {
	header, rows := readSample(t, "pdd_orders.csv")
	idx := map[string]int{}
	for i, h := range header {
		idx[NormHeader(h)] = i
	}
	p := writeCSV(t, "pdd.csv", append([][]string{header}, rows...))
	st := newStore(t)
	importOK(t, st, p)
	before := measure(t, st.DB())
	// Find a paid order and mark it refunded.
	var no string
	var rev int64
	if err := st.DB().QueryRow(`SELECT order_no, revenue_fen FROM orders WHERE paid = 1 AND revenue_fen > 0 LIMIT 1`).Scan(&no, &rev); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if CleanCell(r[idx["订单号"]]) == no {
			r[idx["售后状态"]] = "退款成功"
		}
	}
	p2 := writeCSV(t, "pdd2.csv", append([][]string{header}, rows...))
	r := importOK(t, st, p2)[0]
	if r.OrdersUpdated != 1 || r.OrdersNew != 0 {
		t.Errorf("updated %d new %d, want 1 0", r.OrdersUpdated, r.OrdersNew)
	}
	after := measure(t, st.DB())
	if after.OrdersPaid != before.OrdersPaid-1 || after.RevenueFen != before.RevenueFen-rev {
		t.Errorf("paid %d→%d revenue %d→%d; want one paid order and %d fen fewer", before.OrdersPaid, after.OrdersPaid,
			before.RevenueFen, after.RevenueFen, rev)
	}
	var state string
	var paid int
	st.DB().QueryRow(`SELECT state, paid FROM orders WHERE order_no = ?`, no).Scan(&state, &paid)
	if state != StateRefunded || paid != 0 {
		t.Errorf("order %s: state %s paid %d", no, state, paid)
	}
}

// TestUserEditsSurvive: fields the user edited on a card are never
// overwritten by an import, neither by orders nor by a customer list.
func TestUserEditsSurvive(t *testing.T) {
	st := newStore(t)
	importOK(t, st, td("youzan_orders.xlsx"))
	db := st.DB()
	var id int64
	var phone string
	if err := db.QueryRow(`SELECT c.id, i.key FROM customers c JOIN identities i ON i.customer_id = c.id
		WHERE i.platform = 'youzan' AND i.masked = 0 AND c.name <> '' ORDER BY c.id LIMIT 1`).Scan(&id, &phone); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE customers SET name = '王老师', province = '', birthday = '1970-01-01',
		edited_fields = ',name,province,birthday,' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	importOK(t, st, td("youzan_orders.xlsx"), td("youzan_customers.xlsx"))
	var name, province, birthday string
	db.QueryRow(`SELECT name, province, birthday FROM customers WHERE id = ?`, id).Scan(&name, &province, &birthday)
	if name != "王老师" || province != "" || birthday != "1970-01-01" {
		t.Errorf("edited fields overwritten: name %q province %q birthday %q", name, province, birthday)
	}
	// An unedited field is still filled by the customer list.
	var level string
	db.QueryRow(`SELECT platform_level FROM customers WHERE id = ?`, id).Scan(&level)
	if level == "" {
		t.Errorf("customer %d (phone %s): level not filled from the customer list", id, phone)
	}
}

// TestCancelRollsBack: cancelling during a file leaves the data as before.
func TestCancelRollsBack(t *testing.T) {
	st := newStore(t)
	importOK(t, st, td("jd_orders.xlsx"))
	before := dbState(t, st.DB())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	res, err := ImportFiles(ctx, st, []string{td("taobao_orders.xlsx"), td("pdd_orders.csv")}, Options{Progress: func(p Progress) {
		calls++
		if p.Rows > 0 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls == 0 {
		t.Fatal("no progress report")
	}
	for _, r := range res {
		if r.Status != StatusCancelled || r.Code != CodeCancelled {
			t.Errorf("%s: status %s code %s", r.File, r.Status, r.Code)
		}
	}
	if dbState(t, st.DB()) != before {
		t.Error("a cancelled import changed the data")
	}
}

// TestMappingUnknownFile: an unknown layout is refused until the user maps
// it; the saved mapping then applies to the next file of that layout.
func TestMappingUnknownFile(t *testing.T) {
	rows := [][]string{
		{"流水号", "会员手机", "实收", "收款时间", "货品", "件数", "状态"},
		{"A001", "13800138000", "¥1,280.50", "2026/3/5 14:22", "红茶", "2", "已完成"},
		{"A002", "+86 138 0013 8000", "88", "2026-03-09 09:00:00", "绿茶", "1", "已完成"},
		{"A003", "13900139000", "50.00", "2026-03-10 10:00", "白茶", "1", "已取消"},
	}
	p := writeCSV(t, "pos.csv", rows)
	st := newStore(t)
	ctx := context.Background()
	res, _ := ImportFiles(ctx, st, []string{p}, Options{})
	if res[0].Code != CodeUnrecognised {
		t.Fatalf("code %s, want unrecognised", res[0].Code)
	}
	d, err := DetectFile(ctx, st, p)
	if err != nil {
		t.Fatal(err)
	}
	if d.Platform != Unknown || d.HeaderRow != 1 || len(d.Samples) != 3 || d.Headers[2] != "实收" {
		t.Fatalf("detection %+v", d)
	}
	m := Mapping{"order_no": "流水号", "phone": "会员手机", "amount": "实收", "paid_time": "收款时间",
		"product": "货品", "quantity": "件数", "status": "状态"}
	if err := m.Validate(d.Headers); err != nil {
		t.Fatal(err)
	}
	if err := (Mapping{"order_no": "流水号"}).Validate(d.Headers); !errors.Is(err, ErrMappingIncomplete) {
		t.Errorf("incomplete mapping accepted: %v", err)
	}
	if err := SaveMapping(ctx, st, d.Signature, m); err != nil {
		t.Fatal(err)
	}
	d2, _ := DetectFile(ctx, st, p)
	if d2.Platform != Mapped || d2.Mapping["amount"] != "实收" {
		t.Errorf("saved mapping not found: %+v", d2)
	}
	r := importOK(t, st, p)[0]
	if r.Platform != Mapped || r.OrdersNew != 3 || r.CustomersNew != 2 {
		t.Fatalf("mapped import: %+v", r)
	}
	f := measure(t, st.DB())
	if f.OrdersPaid != 2 || f.RevenueFen != 128050+8800 || f.Buyers != 1 {
		t.Errorf("mapped figures %+v", f)
	}
}

// TestUndoLast restores the database as it was before the last run.
func TestUndoLast(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	if _, err := UndoLast(ctx, st); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo with no import: %v", err)
	}
	importOK(t, st, td("jd_orders.xlsx"))
	before := dbState(t, st.DB())
	importOK(t, st, td("pdd_orders.csv"), td("douyin_orders.xlsx"))
	if dbState(t, st.DB()) == before {
		t.Fatal("import changed nothing")
	}
	if _, err := UndoLast(ctx, st); err != nil {
		t.Fatal(err)
	}
	if dbState(t, st.DB()) != before {
		t.Error("undo did not restore the state before the last run")
	}
	h, err := History(ctx, st)
	if err != nil || len(h) != 1 || h[0].Platform != JD {
		t.Errorf("history after undo: %+v %v", h, err)
	}
}

var _ = data.TimeLayout

func TestMappingMissing(t *testing.T) {
	for _, c := range []struct {
		m    Mapping
		want string
	}{
		{Mapping{}, "order_no customer_key time amount"},
		{Mapping{fOrderNo: "a", fPhone: "b", fCreated: "c", fAmount: "d"}, ""},
		{Mapping{fOrderNo: "a", fEmail: "b", fPaid: "c"}, "amount"},
	} {
		if got := strings.Join(c.m.Missing(), " "); got != c.want {
			t.Errorf("%v: missing %q, want %q", c.m, got, c.want)
		}
		if err := c.m.Validate([]string{"a", "b", "c", "d"}); (err == nil) != (c.want == "") {
			t.Errorf("%v: Validate %v, Missing %q", c.m, err, c.want)
		}
	}
}
