package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"huitouke/data"
)

// TestReportOnImportedSample imports the Taobao sample through the CLI and checks `report
// --json` against the figures the independent generator wrote into truth.json for that file.
func TestReportOnImportedSample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	sample := filepath.Join("..", "data", "figures", "testdata", "taobao_orders.xlsx")
	if code, _, errs := runCLI("import", "--db", db, sample); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	code, out, errs := runCLI("report", "--db", db, "--as-of", "2026-11-15", "--json")
	if code != ExitOK {
		t.Fatalf("report exit %d: %s", code, errs)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]any{
		"as_of": "2026-11-15", "from": "2023-11-18", "to": "2026-11-15",
		"orders": 457.0, "customers": 284.0, "buyers": 284.0, "repeat_customers": 77.0,
		"revenue": 85249.09, "avg_spend_per_buyer": 300.17,
		"repeat_rate_customers": 0.2711, "repeat_rate_orders": 0.3786, "pareto_top20_share": 0.5782,
	}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("%s = %v, want %v", k, r[k], v)
		}
	}
	seg := r["segments"].(map[string]any)
	for k, v := range map[string]float64{"new": 21, "active": 12, "cooling": 17, "dormant_high": 34, "dormant_low": 41, "lost": 159} {
		if seg[k] != v {
			t.Errorf("segment %s = %v, want %v", k, seg[k], v)
		}
	}
	rfm := r["rfm"].(map[string]any)
	total := 0.0
	for _, v := range rfm {
		total += v.(float64)
	}
	if len(rfm) != 8 || total != 284 {
		t.Errorf("rfm classes %v add up to %v, want 8 classes of 284 buyers", rfm, total)
	}
	// Money always carries two decimals, even when whole.
	if !regexp.MustCompile(`"revenue":85249\.09,`).MatchString(out) {
		t.Errorf("revenue not written as 85249.09: %s", out)
	}
	// The key order is part of the contract scripts read.
	keys := []string{"as_of", "from", "to", "orders", "customers", "buyers", "revenue", "repeat_customers",
		"repeat_rate_customers", "repeat_rate_orders", "returning_share_orders", "returning_share_revenue",
		"avg_spend_per_buyer", "pareto_top20_share", "segments", "rfm"}
	last := -1
	for _, k := range keys {
		i := strings.Index(out, `"`+k+`":`)
		if i <= last {
			t.Errorf("key %s missing or out of order", k)
		}
		last = i
	}

	// A period: October 2026 only.
	code, out, _ = runCLI("report", "--db", db, "--as-of", "2026-11-15", "--from", "2026-10-01", "--to", "2026-10-31", "--json")
	if code != ExitOK {
		t.Fatalf("period exit %d", code)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p["from"] != "2026-10-01" || p["to"] != "2026-10-31" || p["orders"].(float64) >= 457 || p["customers"] != 284.0 {
		t.Errorf("october: %v", p)
	}

	// The readable table.
	code, out, _ = runCLI("report", "--db", db, "--as-of", "2026-11-15")
	if code != ExitOK || !strings.Contains(out, "¥85,249.09") || !strings.Contains(out, "27.1 %") {
		t.Errorf("table (exit %d):\n%s", code, out)
	}
}

func TestReportOnEmptyDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	st, err := data.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := runCLI("report", "--db", db, "--as-of", "2026-11-15", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, s := range []string{`"from":""`, `"to":"2026-11-15"`, `"orders":0`, `"revenue":0.00`, `"avg_spend_per_buyer":0.00`, `"repeat_rate_customers":0`, `"lost":0`} {
		if !strings.Contains(out, s) {
			t.Errorf("empty report lacks %s: %s", s, out)
		}
	}
	if code, out, _ := runCLI("report", "--db", db); code != ExitOK || out == "" {
		t.Errorf("table on an empty DB: exit %d, %q", code, out)
	}
}

func TestReportUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"--from", "2026-10-01"},
		{"--to", "2026-10-31"},
		{"--as-of", "2026-02-30"},
		{"--as-of", "15.11.2026"},
		{"--from", "2026-10-01", "--to", "yesterday"},
		{"--from", "2026-10-31", "--to", "2026-10-01"},
		{"--bogus"},
		{"extra"},
	} {
		code, _, errs := runCLI(append([]string{"report", "--db", db}, args...)...)
		if code != ExitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, errs, ExitUsage)
		}
	}
	_, _, errs := runCLI("report", "--db", db, "--as-of", "2026-13-01")
	if !strings.Contains(errs, "YYYY-MM-DD") {
		t.Errorf("bad date message does not say the format: %q", errs)
	}
}
