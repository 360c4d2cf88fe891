package imports

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Run looks at every file, leaves out the ones it cannot import, hands the
// rest to the importer (which puts the line report last) and reports each
// in the caller's terms: indexes in Paths.
func TestRun(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := t.TempDir()
	unknown := filepath.Join(dir, "自建店铺.csv")
	if err := os.WriteFile(unknown, []byte("单据号,买家名称,成交日期,成交金额\nA1,王,2026-03-05 14:22:10,1.00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "坏.xlsx")
	if err := os.WriteFile(broken, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := []string{td("taobao_items.xlsx"), unknown, broken, filepath.Join(dir, "gone.csv"), td("taobao_orders.xlsx")}
	detected := map[int]string{}
	var progressed []int
	var done []string
	res, err := Run(ctx, st, Batch{Paths: paths,
		Detected: func(i int, d Detection, err error) {
			detected[i] = d.Platform
			if err != nil {
				detected[i] = ErrorCode(err)
			}
		},
		Options: Options{
			Progress: func(p Progress) {
				if p.Done {
					progressed = append(progressed, p.FileIndex)
				}
			},
			FileDone: func(r Result) { done = append(done, filepath.Base(r.File)) },
		}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{0: Taobao, 1: Unknown, 2: CodeCorrupt, 3: CodeIO, 4: Taobao}
	for i, p := range want {
		if detected[i] != p {
			t.Errorf("file %d detected as %q, want %q", i, detected[i], p)
		}
	}
	if len(res.Imported) != 3 || res.Imported[0] != 0 || res.Imported[1] != 2 || res.Imported[2] != 4 {
		t.Fatalf("imported %v, want the line report, the broken file and the order report", res.Imported)
	}
	if res.Results[0].Status != StatusOK || res.Results[0].RowsRejected != 0 || res.Results[2].Status != StatusOK ||
		res.Results[1].Code != CodeCorrupt {
		t.Errorf("results %+v", res.Results)
	}
	if len(done) != 3 || done[len(done)-1] != "taobao_items.xlsx" {
		t.Errorf("files done in the order %v, want the line report last", done)
	}
	for _, i := range progressed {
		if i != 0 && i != 2 && i != 4 {
			t.Errorf("progress reported for file %d, not one imported", i)
		}
	}

	// The unknown file mapped by the user: imported, its mapping saved.
	m := Mapping{fOrderNo: "单据号", fCustomer: "买家名称", fPaid: "成交日期", fAmount: "成交金额"}
	d, err := DetectFile(ctx, st, unknown)
	if err != nil {
		t.Fatal(err)
	}
	res, err = Run(ctx, st, Batch{Paths: []string{unknown}, Mapping: m, Signature: d.Signature})
	if err != nil || res.SaveErr != nil || len(res.Results) != 1 {
		t.Fatalf("mapped run: %v, %v, %+v", err, res.SaveErr, res)
	}
	if r := res.Results[0]; r.Status != StatusOK {
		t.Fatalf("mapped file: %+v", r)
	}
	if _, ok, err := LoadMapping(ctx, st, d.Signature); !ok || err != nil {
		t.Errorf("mapping not saved: %v", err)
	}
}
