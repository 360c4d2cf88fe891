package demo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"huitouke/data"
	"huitouke/data/imports"
)

var asOf = time.Date(2026, 11, 15, 20, 0, 0, 0, time.FixedZone("UTC+8", 8*3600))

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(Options{AsOf: asOf})
	b := Generate(Options{AsOf: asOf})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two generations with the same options differ")
	}
	c := Generate(Options{AsOf: asOf, Seed: 7})
	if reflect.DeepEqual(a.Orders, c.Orders) {
		t.Fatal("another seed gave the same orders")
	}
}

func TestGeneratePlausibleShop(t *testing.T) {
	s := Generate(Options{AsOf: asOf})
	if len(s.Customers) != DefaultCustomers {
		t.Fatalf("customers = %d, want %d", len(s.Customers), DefaultCustomers)
	}
	if n := len(s.Orders); n < 2*DefaultCustomers || n > 6*DefaultCustomers {
		t.Errorf("orders = %d, want between 2 and 6 per customer", n)
	}
	start := asOf.AddDate(-Years, 0, -1)
	paid, masked, birthdays, platforms := 0, 0, 0, map[string]int{}
	buyers := map[int64]int{}
	orderNos := map[string]bool{}
	for _, o := range s.Orders {
		if o.Created.Before(start) || o.Created.After(asOf.Add(24*time.Hour)) {
			t.Errorf("order %s created %v, outside the demo's %d years", o.OrderNo, o.Created, Years)
		}
		if o.Paid {
			paid++
			buyers[o.Customer]++
			if o.PaidAt.Before(o.Created) {
				t.Errorf("order %s paid before it was created", o.OrderNo)
			}
		}
		if o.AmountFen <= 0 || o.AmountFen > 500000 || o.RefundFen < 0 || o.RefundFen > o.AmountFen {
			t.Errorf("order %s amount %d refund %d", o.OrderNo, o.AmountFen, o.RefundFen)
		}
		if o.Status == "" {
			t.Errorf("order %s has no status", o.OrderNo)
		}
		k := o.Platform + "|" + o.OrderNo
		if orderNos[k] {
			t.Errorf("order number %s repeats", k)
		}
		orderNos[k] = true
		platforms[o.Platform]++
	}
	if share := float64(paid) / float64(len(s.Orders)); share < 0.85 || share > 0.99 {
		t.Errorf("paid share %.2f, want most orders paid but not all", share)
	}
	for _, c := range s.Customers {
		if c.PhoneMasked {
			masked++
		}
		if c.Birthday != "" {
			birthdays++
		}
		if c.Name == "" || c.Key == "" {
			t.Errorf("customer %d without name or key", c.ID)
		}
	}
	if masked < 20 || birthdays < 60 {
		t.Errorf("masked phones %d, birthdays %d: want some of each", masked, birthdays)
	}
	if len(platforms) < 5 {
		t.Errorf("orders on %d platforms, want several", len(platforms))
	}
	repeat := 0
	for _, n := range buyers {
		if n >= 2 {
			repeat++
		}
	}
	if r := float64(repeat) / float64(len(buyers)); r < 0.25 || r > 0.7 {
		t.Errorf("repeat-buyer share %.2f: a demo shop should have returning customers, not only", r)
	}
	if len(s.Calls) < 20 || len(s.Complaints) < 2 {
		t.Errorf("calls %d, complaints %d", len(s.Calls), len(s.Complaints))
	}
	open := 0
	for _, c := range s.Complaints {
		if c.Status == "open" {
			open++
		}
	}
	if open != 1 {
		t.Errorf("open complaints = %d, want 1 for the call list to show", open)
	}
}

func TestCreateWritesAMarkedSeparateDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	real := filepath.Join(dir, "huitouke.db")
	path := PathFor(real)
	if path != filepath.Join(dir, "demo", "huitouke-demo.db") {
		t.Fatalf("PathFor = %s", path)
	}
	st, err := Create(ctx, path, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if !IsDemo(ctx, st) {
		t.Error("demo database is not marked as demo")
	}
	if name, _ := st.Setting(ctx, settingShopName, ""); name != ShopName {
		t.Errorf("shop name %q", name)
	}
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Generate(Options{AsOf: asOf})
	wantPaid := 0
	for _, o := range want.Orders {
		if o.Paid {
			wantPaid++
		}
	}
	if c.Customers != len(want.Customers) || c.Orders != len(want.Orders) || c.PaidOrders != wantPaid {
		t.Errorf("stored %+v, generated %d customers %d orders %d paid", c, len(want.Customers), len(want.Orders), wantPaid)
	}
	var masked, revenueBad int
	db := st.DB()
	if err := db.QueryRow(`SELECT COUNT(*) FROM customer_phones WHERE masked = 1 AND normalized = ''`).Scan(&masked); err != nil {
		t.Fatal(err)
	}
	if masked == 0 {
		t.Error("no masked phones stored")
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM orders WHERE (paid = 1 AND revenue_fen <> amount_fen - refund_fen) OR (paid = 0 AND revenue_fen <> 0)`).Scan(&revenueBad); err != nil {
		t.Fatal(err)
	}
	if revenueBad != 0 {
		t.Errorf("%d orders with revenue not amount − refund", revenueBad)
	}
	st.Close()

	// Creating again replaces the old demo rather than adding to it.
	st, err = Create(ctx, path, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := st.Counts(ctx)
	st.Close()
	if c2 != c {
		t.Errorf("second Create gave %+v, first %+v", c2, c)
	}
	if _, err := os.Stat(real); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the real database path was touched: %v", err)
	}
	if b, _ := st.Backups(); len(b) != 0 || filepath.Dir(st.BackupDir()) == dir {
		t.Errorf("demo backups go to %s, the real database's folder", st.BackupDir())
	}
}

// The demo goes in as a real shop does: its exports through the importer,
// the rest through the owners of the tables. Everything generated arrives.
func TestCreateGoesThroughTheImporter(t *testing.T) {
	ctx := context.Background()
	st, err := Create(ctx, filepath.Join(t.TempDir(), "d-demo.db"), Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hist, err := imports.History(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) < 7 {
		t.Errorf("%d imports in the history, want one file or more per platform", len(hist))
	}
	for _, r := range hist {
		if r.Status != imports.StatusOK || r.RowsRejected != 0 || r.BackupPath != "" {
			t.Errorf("import %s: status %s, %d rows rejected, backup %q", r.FileName, r.Status, r.RowsRejected, r.BackupPath)
		}
	}
	want := Generate(Options{AsOf: asOf})
	birthdays, tbLines := 0, 0
	for _, c := range want.Customers {
		if c.Birthday != "" {
			birthdays++
		}
	}
	for _, o := range want.Orders {
		if o.Platform == imports.Taobao {
			tbLines += len(o.Lines)
		}
	}
	for _, c := range []struct {
		what, q string
		want    int
	}{
		{"calls", `SELECT COUNT(*) FROM calls`, len(want.Calls)},
		{"complaints", `SELECT COUNT(*) FROM complaints`, len(want.Complaints)},
		{"open complaints", `SELECT COUNT(*) FROM complaints WHERE status = 'open'`, 1},
		{"feedback", `SELECT COUNT(*) FROM feedback`, len(want.Feedback)},
		{"birthdays", `SELECT COUNT(*) FROM customers WHERE birthday <> ''`, birthdays},
		{"Taobao lines (from the line report)", `SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.platform = 'taobao'`, tbLines},
		{"platforms", `SELECT COUNT(DISTINCT platform) FROM customers`, 7},
	} {
		var n int
		if err := st.DB().QueryRow(c.q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != c.want {
			t.Errorf("%s: %d stored, want %d", c.what, n, c.want)
		}
	}
}

func TestCreateRefusesToReplaceRealData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop-demo.db")
	st, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, settingShopName, "真的店"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Create(ctx, path, Options{AsOf: asOf}); !errors.Is(err, ErrNotDemo) {
		t.Fatalf("Create over a real database: err = %v, want ErrNotDemo", err)
	}
	st, err = data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name, _ := st.Setting(ctx, settingShopName, ""); name != "真的店" {
		t.Errorf("real database changed: shop name %q", name)
	}
}

func BenchmarkCreate(b *testing.B) {
	b.ReportAllocs()
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		st, err := Create(context.Background(), filepath.Join(dir, "d-demo.db"), Options{AsOf: asOf})
		if err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
}
