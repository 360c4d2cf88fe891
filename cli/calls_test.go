package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCallsJSON(t *testing.T) {
	db := customersDB(t)
	// 张三 bought on 2026-09-01 and 2026-10-01: a 30-day cycle, so his next
	// purchase was expected on 2026-10-31 and is overdue on 2026-11-15.
	// 李四 (lost) and 王五 (do not contact) are not called.
	code, out, errs := runCLI("calls", "--db", db, "--date", "2026-11-15", "--json", "--agent", "小王")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []struct {
		CustomerID int64  `json:"customer_id"`
		Name       string `json:"name"`
		Phone      string `json:"phone"`
		Reason     string `json:"reason"`
		Priority   int    `json:"priority"`
		Due        string `json:"due"`
		Script     string `json:"script"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// With the default 10 % holdout one shown customer may be held out;
	// the other two never appear.
	for _, c := range got {
		if c.CustomerID != 1 {
			t.Errorf("customer %d listed: %+v", c.CustomerID, c)
		}
	}
	if len(got) == 1 {
		c := got[0]
		if c.Reason != "repurchase_due" || c.Phone != "13800138000" || c.Due != "2026-10-31" || c.Name != "张三" {
			t.Errorf("entry %+v", c)
		}
		if !strings.Contains(c.Script, "小王") || strings.Contains(c.Script, "{") {
			t.Errorf("script not filled: %q", c.Script)
		}
	}
	// Asking again gives the same list (the day is stored).
	_, out2, _ := runCLI("calls", "--db", db, "--date", "2026-11-15", "--json", "--agent", "小王")
	if out2 != out {
		t.Errorf("second run differs:\n%s\n%s", out, out2)
	}
}

func TestCallsBadDateAndXLSX(t *testing.T) {
	db := customersDB(t)
	if code, _, _ := runCLI("calls", "--db", db, "--date", "2026-02-30"); code != ExitUsage {
		t.Errorf("bad date: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := runCLI("calls", "--db", db, "--json", "--xlsx", "x.xlsx"); code != ExitUsage {
		t.Errorf("--json with --xlsx: exit %d", code)
	}
	out := filepath.Join(t.TempDir(), "calls.xlsx")
	if code, _, errs := runCLI("calls", "--db", db, "--date", "2026-11-15", "--xlsx", out); code != ExitOK {
		t.Fatalf("xlsx: exit %d %s", code, errs)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) < 1 || len(rows[0]) != 9 {
		t.Fatalf("rows %v", rows)
	}
	if code, table, _ := runCLI("calls", "--db", db, "--date", "2026-11-15"); code != ExitOK || !strings.Contains(table, "2026-11-15") {
		t.Errorf("table: %d %q", code, table)
	}
	os.Remove(out)
}
