package xlsx

import (
	"bufio"
	"os"
	"testing"

	"huitouke/data/xlsx/xlsxgen"
)

func writeBig(tb testing.TB, path string, rows int, shared bool) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	if err := xlsxgen.WriteXLSX(bw, xlsxgen.Options{Rows: rows, Seed: 1, Shared: shared}); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// TestGeneratedFile checks the generator's output through the reader: the
// header, the row count and the shapes of a few columns, in both variants.
func TestGeneratedFile(t *testing.T) {
	for _, shared := range []bool{false, true} {
		path := t.TempDir() + "/g.xlsx"
		writeBig(t, path, 3000, shared)
		w, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rows := readAll(t, w, 0)
		w.Close()
		if len(rows) != 3001 {
			t.Fatalf("shared=%v: %d rows, want 3001", shared, len(rows))
		}
		if rows[1][0] != "订单编号" || len(rows[1]) != 46 || rows[1][45] != "预约门店" {
			t.Errorf("header %q", rows[1])
		}
		buyers := map[string]bool{}
		for n := 2; n <= 3001; n++ {
			r := rows[n]
			if len(r[0]) != 19 {
				t.Fatalf("row %d: order number %q", n, r[0])
			}
			buyers[r[1]] = true
		}
		if len(buyers) < 700 || len(buyers) > 1300 {
			t.Errorf("%d buyers for 3000 orders, want about 1000", len(buyers))
		}
	}
}
