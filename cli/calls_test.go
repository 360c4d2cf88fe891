package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
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

// callsPersonDB is customersDB plus 张三's JD record (same number) and two
// more customers to call.
func callsPersonDB(t *testing.T) string {
	t.Helper()
	db := customersDB(t)
	st, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range []string{
		`INSERT INTO customers(id, name, platform, gender, created_at, updated_at) VALUES (4, '张三', 'jd', '', '', ''), (5, '赵六', 'pdd', 'm', '', ''), (6, '钱七', 'douyin', 'f', '', '')`,
		`INSERT INTO customer_phones(customer_id, phone, normalized, masked) VALUES (4, '+86 138 0013 8000', '13800138000', 0), (5, '13900000005', '13900000005', 0), (6, '13900000006', '13900000006', 0)`,
		`INSERT INTO orders(platform, order_no, customer_id, paid, state, order_day, amount_fen, revenue_fen) VALUES
			('jd', 'J1', 4, 1, 'paid', '2026-10-20', 5000, 5000), ('pdd', 'P1', 5, 1, 'paid', '2026-10-25', 5000, 5000), ('douyin', 'D1', 6, 1, 'paid', '2026-10-26', 5000, 5000)`,
		`INSERT INTO settings(key, value) VALUES ('calls.holdout_share', '0')`,
	} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

type callEntry struct {
	CustomerID  int64   `json:"customer_id"`
	Phone       string  `json:"phone"`
	Reason      string  `json:"reason"`
	Salutation  string  `json:"salutation"`
	CustomerIDs []int64 `json:"customer_ids"`
	Today       *bool   `json:"today"`
}

func TestCallsPersonsEligibleAndNext(t *testing.T) {
	db := callsPersonDB(t)
	code, out, errs := runCLI("calls", "--db", db, "--date", "2026-11-15", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []callEntry
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	phones := map[string]bool{}
	for _, c := range got {
		if phones[c.Phone] {
			t.Errorf("%s twice", c.Phone)
		}
		phones[c.Phone] = true
		if c.Salutation == "" || len(c.CustomerIDs) == 0 || c.CustomerIDs[0] != c.CustomerID || c.Today != nil {
			t.Errorf("entry %+v", c)
		}
		if c.CustomerID == 1 || c.CustomerID == 4 {
			if len(c.CustomerIDs) != 2 || c.Phone != "13800138000" {
				t.Errorf("张三 on two platforms: %+v", c)
			}
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d entries, want 3 (张三 once, 赵六, 钱七): %s", len(got), out)
	}
	code, out, errs = runCLI("calls", "--db", db, "--date", "2026-11-15", "--json", "--eligible")
	if code != ExitOK {
		t.Fatalf("eligible: exit %d: %s", code, errs)
	}
	var el []callEntry
	if err := json.Unmarshal([]byte(out), &el); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(el) != 3 || el[0].Today == nil || !*el[0].Today {
		t.Errorf("eligible: %s", out)
	}
	// Two agents work the list: each entry once, then null.
	claimed := map[int64]bool{}
	for i := range 4 {
		agent := []string{"小王", "小李"}[i%2]
		code, out, errs = runCLI("calls", "next", "--db", db, "--date", "2026-11-15", "--agent", agent, "--json")
		if code != ExitOK {
			t.Fatalf("next: exit %d: %s", code, errs)
		}
		if i == 3 {
			if strings.TrimSpace(out) != "null" {
				t.Errorf("list done: %s", out)
			}
			break
		}
		var c callEntry
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if claimed[c.CustomerID] {
			t.Errorf("customer %d given twice", c.CustomerID)
		}
		claimed[c.CustomerID] = true
		// The agent moves on: the entry is done (skipped).
		st, err := data.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().Exec(`UPDATE call_list SET status = 'skipped' WHERE customer_id = ? AND day = '2026-11-15'`, c.CustomerID); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	if code, _, _ := runCLI("calls", "next", "--db", db); code != ExitUsage {
		t.Errorf("next without --agent: exit %d", code)
	}
}
