package imports

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bufio"
	"huitouke/data"
	"huitouke/data/xlsx/xlsxgen"
	"os"
)

// indexList is every index and trigger of the schema with its definition.
func indexList(t testing.TB, st *data.Store) string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT name, COALESCE(sql, '') FROM sqlite_schema WHERE type IN ('index', 'trigger') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			t.Fatal(err)
		}
		b.WriteString(n + ": " + s + "\n")
	}
	return b.String()
}

// TestBulkPath runs the import tests again through the path big files
// take (secondary indexes dropped and rebuilt, order numbers checked with
// the Bloom filter first), and checks the indexes come back as they were,
// after a success and after a cancel.
func TestBulkPath(t *testing.T) {
	forceBulk = true
	t.Cleanup(func() { forceBulk = false })
	for name, fn := range map[string]func(*testing.T){
		"SamplesMatchTruth":      TestSamplesMatchTruth,
		"ReimportIdempotent":     TestReimportIdempotent,
		"OverlappingHalves":      TestOverlappingHalves,
		"StatusUpdateOnReimport": TestStatusUpdateOnReimport,
		"UserEditsSurvive":       TestUserEditsSurvive,
		"CancelRollsBack":        TestCancelRollsBack,
		"UndoLast":               TestUndoLast,
	} {
		t.Run(name, fn)
	}
	t.Run("IndexesKept", func(t *testing.T) {
		st := newStore(t)
		before := indexList(t, st)
		if !strings.Contains(before, "orders_customer") || !strings.Contains(before, "phones_search_ins") {
			t.Fatalf("schema without orders_customer:\n%s", before)
		}
		importOK(t, st, td("taobao_orders.xlsx"), td("youzan_customers.xlsx"))
		if got := indexList(t, st); got != before {
			t.Errorf("indexes after import:\n%s\nwant:\n%s", got, before)
		}
		ctx, cancel := context.WithCancel(context.Background())
		_, err := ImportFiles(ctx, st, []string{td("jd_orders.xlsx")}, Options{Progress: func(p Progress) {
			if p.Rows > 0 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if got := indexList(t, st); got != before {
			t.Errorf("indexes after a cancelled import:\n%s\nwant:\n%s", got, before)
		}
	})
}

// TestLineReportLast: a line report given before its order report is
// imported after it, and the results stay in the order of paths.
func TestLineReportLast(t *testing.T) {
	st := newStore(t)
	var done []string
	paths := []string{td("taobao_items.xlsx"), td("taobao_orders.xlsx")}
	res, err := ImportFiles(context.Background(), st, paths, Options{FileDone: func(r Result) {
		done = append(done, filepath.Base(r.File))
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].File != paths[0] || res[1].File != paths[1] {
		t.Fatalf("results not in the order of paths: %+v", res)
	}
	if strings.Join(done, ",") != "taobao_orders.xlsx,taobao_items.xlsx" {
		t.Errorf("FileDone order %v, want the order report first", done)
	}
	if res[0].Status != StatusOK || res[0].RowsRejected != 0 || res[0].LinesWritten == 0 {
		t.Errorf("line report: %+v", res[0])
	}
	truth := loadTruth(t)
	for _, set := range truth.Sets {
		if len(set.ImportInOrder) == 2 && set.ImportInOrder[1] == "taobao_items.xlsx" {
			checkFigures(t, measure(t, st.DB()), set.Truth)
		}
	}
}

// TestFileDone: one call per file, with the file's own result, including
// the files a cancel skipped.
func TestFileDone(t *testing.T) {
	st := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []Result
	paths := []string{td("jd_orders.xlsx"), td("pdd_orders.csv"), td("douyin_orders.xlsx")}
	res, err := ImportFiles(ctx, st, paths, Options{FileDone: func(r Result) {
		got = append(got, r)
		if len(got) == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(got) != 3 {
		t.Fatalf("FileDone called %d times, want 3", len(got))
	}
	for i, r := range got {
		if r.File != res[i].File || r.Status != res[i].Status || r.OrdersNew != res[i].OrdersNew {
			t.Errorf("call %d: %+v, result %+v", i, r, res[i])
		}
	}
	if got[0].Status != StatusOK || got[1].Status != StatusOK || got[2].Status != StatusCancelled {
		t.Errorf("statuses %s %s %s, want ok ok cancelled", got[0].Status, got[1].Status, got[2].Status)
	}
}

func TestDetectionKind(t *testing.T) {
	for _, c := range []struct{ file, kind string }{
		{"taobao_orders.xlsx", KindOrders},
		{"taobao_items.xlsx", KindLines},
		{"youzan_customers.xlsx", KindCustomers},
		{"shopify_customers.csv", KindCustomers},
		{"pdd_orders.csv", KindOrders},
	} {
		d, err := DetectFile(context.Background(), nil, td(c.file))
		if err != nil {
			t.Fatal(err)
		}
		if d.Kind != c.kind {
			t.Errorf("%s: kind %q, want %q", c.file, d.Kind, c.kind)
		}
	}
}

func TestUndoLastStartedAt(t *testing.T) {
	st := newStore(t)
	importOK(t, st, td("jd_orders.xlsx"))
	h, err := History(context.Background(), st)
	if err != nil || len(h) != 1 {
		t.Fatal(h, err)
	}
	r, err := UndoLast(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if r.StartedAt == "" || r.StartedAt != h[0].StartedAt {
		t.Errorf("StartedAt %q, want %q", r.StartedAt, h[0].StartedAt)
	}
}

func TestBloom(t *testing.T) {
	b := newBloom(10000)
	for i := 0; i < 20000; i += 2 {
		b.add(strconv.Itoa(i))
	}
	fp := 0
	for i := 0; i < 20000; i++ {
		has := b.has(strconv.Itoa(i))
		if i%2 == 0 && !has {
			t.Fatalf("%d added but not found", i)
		}
		if i%2 == 1 && has {
			fp++
		}
	}
	if fp > 300 { // 3 % of 10000
		t.Errorf("%d false positives in 10000", fp)
	}
}

// BenchmarkImport200k imports 200,000 generated Taobao order rows (the
// shape of cmd/genbig) into a fresh database per iteration; the file is
// made once. The targets (1,000,000 rows: xlsx <= 20 s, csv <= 15 s, peak
// RSS <= 400 MB) are checked with cmd/benchimport.
func BenchmarkImport200k(b *testing.B) {
	dir := b.TempDir()
	o := xlsxgen.Options{Rows: 200000, Seed: 1}
	for _, c := range []struct {
		name string
		gen  func(*bufio.Writer) error
	}{
		{"big.xlsx", func(w *bufio.Writer) error { return xlsxgen.WriteXLSX(w, o) }},
		{"big.csv", func(w *bufio.Writer) error { return xlsxgen.WriteCSV(w, o) }},
	} {
		p := filepath.Join(dir, c.name)
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := c.gen(w); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
		b.Run(strings.TrimPrefix(filepath.Ext(c.name), "."), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st := newStore(b)
				b.StartTimer()
				r := importOK(b, st, p)[0]
				if r.OrdersNew != 200000 {
					b.Fatalf("%d new orders", r.OrdersNew)
				}
				b.StopTimer()
				st.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(200000*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestBulkSearchMarks: the bulk path, which drops the search triggers and
// marks customers itself, leaves the same customers marked for a search
// rebuild as the row-by-row path, file after file (new customers, and
// existing ones given a phone or tag by a later file).
func TestBulkSearchMarks(t *testing.T) {
	files := []string{"taobao_orders.xlsx", "youzan_customers.xlsx", "youzan_orders.xlsx", "taobao_orders.csv",
		"shopify_orders.csv", "shopify_customers.csv", "youzan_customers.xlsx"}
	run := func(bulk bool) []string {
		forceBulk = bulk
		defer func() { forceBulk = false }()
		st := newStore(t)
		var out []string
		for _, f := range files {
			if _, err := st.DB().Exec(`DELETE FROM customer_search_dirty`); err != nil {
				t.Fatal(err)
			}
			importOK(t, st, td(f))
			rows, err := st.DB().Query(`SELECT customer_id FROM customer_search_dirty ORDER BY customer_id`)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, strconv.FormatInt(id, 10))
			}
			rows.Close()
			out = append(out, f+": "+strings.Join(ids, ","))
		}
		return out
	}
	slow, fast := run(false), run(true)
	// New customers (first file) and existing ones (youzan_orders.xlsx,
	// customers of the list before it) must be marked at all.
	for _, i := range []int{0, 2} {
		if strings.HasSuffix(slow[i], ": ") {
			t.Errorf("row-by-row path marked no customer: %s", slow[i])
		}
	}
	for i := range slow {
		if slow[i] != fast[i] {
			t.Errorf("marked after %s:\nbulk:       %s\nrow by row: %s", files[i], fast[i], slow[i])
		}
	}
}
