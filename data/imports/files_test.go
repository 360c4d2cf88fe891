package imports

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.xlsx", "a.csv", "~$b.xlsx", ".hidden.csv", "说明.txt"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pdf := filepath.Join(dir, "发票.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	got := Expand([]string{dir, pdf, empty, filepath.Join(dir, "gone.xlsx")})
	want := []struct{ base, code string }{
		{"a.csv", ""}, {"b.xlsx", ""}, {"发票.pdf", CodeNotSpreadsheet}, {filepath.Base(empty), CodeNoFiles}, {"gone.xlsx", CodeIO},
	}
	if len(got) != len(want) {
		t.Fatalf("Expand gave %+v", got)
	}
	for i, w := range want {
		if filepath.Base(got[i].Path) != w.base || ErrorCode(got[i].Err) != w.code {
			t.Errorf("%d: %s %v, want %s %q", i, got[i].Path, got[i].Err, w.base, w.code)
		}
	}
}
