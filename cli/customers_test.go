package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"huitouke/data"
)

func customersDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.db")
	st, err := data.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range []string{
		`INSERT INTO customers(id, name, nickname, platform, created_at, updated_at) VALUES (1, '张三', 'zs_tb', 'taobao', '', ''), (2, '李四', '', 'jd', '', ''), (3, '王五', '', 'pdd', '', '')`,
		`INSERT INTO customer_phones(customer_id, phone, normalized, masked) VALUES (1, '13800138000', '13800138000', 0), (1, '139****0000', '', 1)`,
		`INSERT INTO tags(id, name) VALUES (1, 'VIP')`, `INSERT INTO customer_tags VALUES (1, 1)`,
		`UPDATE customers SET do_not_contact = 1 WHERE id = 3`,
		// 张三: two orders, the last on 2026-10-01; 李四 one on 2025-01-10.
		`INSERT INTO orders(platform, order_no, customer_id, paid, state, order_day, amount_fen, revenue_fen) VALUES
			('taobao', 'A1', 1, 1, 'paid', '2026-09-01', 10000, 10000), ('taobao', 'A2', 1, 1, 'paid', '2026-10-01', 2345, 2345),
			('jd', 'B1', 2, 1, 'paid', '2025-01-10', 50000, 50000), ('jd', 'B2', 2, 0, 'unpaid', '2026-10-01', 9900, 0)`,
	} {
		if _, err := st.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(&Env{Ctx: context.Background(), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestCustomersJSONReflectsAsOf(t *testing.T) {
	db := customersDB(t)
	code, out, errs := runCLI("customers", "--db", db, "--as-of", "2026-11-15", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != 3 {
		t.Fatalf("%d customers: %s", len(got), out)
	}
	zs := got[0]
	// 45 days after 2026-10-01 with two orders: active; 123.45 yuan.
	if zs["segment"] != "active" || zs["orders"] != 2.0 || zs["last_order"] != "2026-10-01" || zs["do_not_contact"] != false {
		t.Errorf("张三 %v", zs)
	}
	if !strings.Contains(out, `"revenue":123.45`) || !strings.Contains(out, `"revenue":0.00`) {
		t.Errorf("revenue not written with two decimals: %s", out)
	}
	if ph := zs["phones"].([]any); len(ph) != 2 || ph[0] != "13800138000" {
		t.Errorf("phones %v", ph)
	}
	if got[1]["segment"] != "lost" || got[2]["segment"] != "none" || got[2]["do_not_contact"] != true || got[2]["last_order"] != "" {
		t.Errorf("李四 %v, 王五 %v", got[1], got[2])
	}
	// Another as-of day changes the segment: on 2026-12-15 (75 days) 张三 is cooling.
	_, out, _ = runCLI("customers", "--db", db, "--as-of", "2026-12-15", "--json", "--segment", "cooling")
	if !strings.Contains(out, `"name":"张三"`) || strings.Contains(out, "李四") {
		t.Errorf("cooling on 2026-12-15: %s", out)
	}
	_, out, _ = runCLI("customers", "--db", db, "--as-of", "2026-11-15", "--json", "--search", "8000")
	if !strings.Contains(out, "张三") || strings.Contains(out, "李四") {
		t.Errorf("search: %s", out)
	}
}

func TestCustomersUsageErrors(t *testing.T) {
	db := customersDB(t)
	for _, args := range [][]string{
		{"customers", "--db", db, "--segment", "vip"},
		{"customers", "--db", db, "--as-of", "15/11/2026"},
		{"customers", "--db", db, "--json", "--xlsx", "x.xlsx"},
	} {
		if code, _, errs := runCLI(args...); code != ExitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	code, out, _ := runCLI("customers", "--db", db, "--as-of", "2026-11-15")
	if code != ExitOK || !strings.Contains(out, "张三") || !strings.Contains(out, "123.45") {
		t.Errorf("table: %d %s", code, out)
	}
	x := filepath.Join(t.TempDir(), "c.xlsx")
	if code, _, errs := runCLI("customers", "--db", db, "--xlsx", x); code != ExitOK {
		t.Errorf("xlsx: %d %s", code, errs)
	}
}
