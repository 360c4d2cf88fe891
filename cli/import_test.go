package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportJSON runs `huitouke import --json` end to end and checks the
// JSON contract and the exit codes.
func TestImportJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	sample := filepath.Join("..", "data", "imports", "testdata", "pdd_orders.csv")
	broken := filepath.Join(dir, "broken.xlsx")
	if err := os.WriteFile(broken, []byte("PK\x03\x04 not really a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Run(&Env{Ctx: context.Background(), Stdout: &out, Stderr: &errb}, args)
		return code, out.String(), errb.String()
	}
	type item struct {
		File          string `json:"file"`
		Platform      string `json:"platform"`
		Status        string `json:"status"`
		Rows          int    `json:"rows"`
		OrdersNew     int    `json:"orders_new"`
		OrdersUpdated int    `json:"orders_updated"`
		CustomersNew  int    `json:"customers_new"`
		RowsRejected  int    `json:"rows_rejected"`
		Message       string `json:"message"`
	}
	parse := func(s string) []item {
		t.Helper()
		var v []item
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("stdout is not one JSON array: %v\n%s", err, s)
		}
		if dec.More() {
			t.Fatalf("more than one JSON value on stdout:\n%s", s)
		}
		return v
	}

	code, out, _ := run("import", "--db", db, "--json", sample)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0", code)
	}
	v := parse(out)
	if len(v) != 1 || v[0].Platform != "pdd" || v[0].Status != "ok" || v[0].Rows != 484 || v[0].OrdersNew != 484 ||
		v[0].CustomersNew != 305 || v[0].RowsRejected != 0 || v[0].Message == "" {
		t.Errorf("first import: %+v", v)
	}

	// Again, plus a broken file: the sample updates nothing, the broken
	// file fails, exit 1.
	code, out, _ = run("import", "--json", "--db", db, sample, broken)
	if code != ExitFail {
		t.Errorf("exit %d, want 1", code)
	}
	v = parse(out)
	if len(v) != 2 || v[0].Status != "ok" || v[0].OrdersNew != 0 || v[0].OrdersUpdated != 0 ||
		v[1].Status != "failed" || v[1].Message == "" || v[1].File != broken {
		t.Errorf("second import: %+v", v)
	}

	if code, _, _ := run("import", "--db", db, "--json"); code != ExitUsage {
		t.Errorf("no files: exit %d, want 2", code)
	}
	if code, _, _ := run("import", "--bogus", sample); code != ExitUsage {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	code, out, _ = run("import", "--db", db, sample)
	if code != ExitOK || !strings.Contains(out, "pdd_orders.csv") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}
}
