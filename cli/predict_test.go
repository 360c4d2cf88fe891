package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestPredictCDNOW imports the CDNOW 1/10 sample (converted to a WooCommerce export by
// testdata/cdnow/convert.go) and fits it as the papers did: calibration to 1997-09-30, time
// in weeks. Every estimate must be within 1 % of the published one.
func TestPredictCDNOW(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	if code, _, errs := runCLI("import", "--db", db, filepath.Join("testdata", "cdnow", "orders.csv")); code != ExitOK {
		t.Fatalf("import exit %d: %s", code, errs)
	}
	code, out, errs := runCLI("predict", "--db", db, "--calibration-end", "1997-09-30", "--unit", "week", "--json")
	if code != ExitOK {
		t.Fatalf("predict exit %d: %s", code, errs)
	}
	var r struct {
		BGNBD      map[string]float64 `json:"bgnbd"`
		GammaGamma map[string]float64 `json:"gamma_gamma"`
		Customers  int                `json:"customers"`
		Repeaters  int                `json:"repeaters"`
		Holdout    struct {
			From, To          string
			Predicted, Actual float64
			Weeks             []map[string]any
		} `json:"holdout"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if r.Customers != 2357 || r.Repeaters != 946 {
		t.Errorf("customers %d, repeaters %d; the papers have 2357 and 946", r.Customers, r.Repeaters)
	}
	paper := []struct {
		m         map[string]float64
		key       string
		want, tol float64
	}{{r.BGNBD, "r", 0.243, 0.01}, {r.BGNBD, "alpha", 4.414, 0.01}, {r.BGNBD, "a", 0.793, 0.01}, {r.BGNBD, "b", 2.426, 0.01},
		{r.BGNBD, "loglik", -9582.4, 0.0001},
		{r.GammaGamma, "p", 6.25, 0.01}, {r.GammaGamma, "q", 3.74, 0.01}, {r.GammaGamma, "gamma", 15.44, 0.01}}
	for _, p := range paper {
		got := p.m[p.key]
		t.Logf("%-6s %10.4f  paper %9.3f  %+.2f %%", p.key, got, p.want, 100*(got/p.want-1))
		if math.Abs(got/p.want-1) > p.tol {
			t.Errorf("%s = %v, paper %v", p.key, got, p.want)
		}
	}
	// The holdout runs to the last order (1998-06-30): 39 weeks.
	if r.Holdout.From != "1997-10-01" || r.Holdout.To != "1998-06-30" || len(r.Holdout.Weeks) != 39 ||
		r.Holdout.Actual != 1882 || math.Abs(r.Holdout.Predicted-1653) > 10 {
		t.Errorf("holdout %s – %s, %d weeks, predicted %v, actual %v", r.Holdout.From, r.Holdout.To,
			len(r.Holdout.Weeks), r.Holdout.Predicted, r.Holdout.Actual)
	}
	// The four keys come first, in its order.
	for i, k := range []string{`{"bgnbd":{"r":`, `"gamma_gamma":{"p":`, `"customers":`, `"repeaters":`} {
		if j := strings.Index(out, k); j < 0 || (i == 0 && j != 0) {
			t.Errorf("key %s missing or misplaced: %.200s", k, out)
		}
	}

	// Per customer, in a table; customer 1 of the sample bought on 1997-01-01, 01-18, 08-02.
	code, out, errs = runCLI("predict", "--db", db, "--as-of", "1997-09-30", "--unit", "week", "--customers", "--json")
	if code != ExitOK {
		t.Fatalf("predict --customers exit %d: %s", code, errs)
	}
	var c struct {
		Predictions []map[string]any `json:"predictions"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Predictions) != 2357 {
		t.Fatalf("%d predictions, want 2357", len(c.Predictions))
	}
	p := c.Predictions[0]
	if p["x"] != 2.0 || p["t_x"] != 30.4286 || p["T"] != 38.8571 {
		t.Errorf("first customer %v, want x 2, t_x 30.43, T 38.86", p)
	}
	if a := p["p_alive"].(float64); a < 0.5 || a > 1 {
		t.Errorf("p_alive %v", a)
	}
	code, out, _ = runCLI("predict", "--db", db, "--as-of", "1997-09-30", "--customers", "--lang", "zh")
	if code != ExitOK || !strings.Contains(out, "r ") || strings.Count(out, "\n") < 2357 {
		t.Errorf("text output (exit %d): %.500s", code, out)
	}
}

func TestPredictTooFewAndUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db") // an empty shop
	if code, _, errs := runCLI("predict", "--db", db); code != ExitFail || errs == "" {
		t.Errorf("too few data: exit %d, %q", code, errs)
	}
	if code, _, _ := runCLI("predict", "--db", db, "--unit", "month"); code != ExitUsage {
		t.Errorf("--unit month: exit %d", code)
	}
	if code, _, _ := runCLI("predict", "--db", db, "--as-of", "2026-01-01", "--calibration-end", "2026-02-01"); code != ExitUsage {
		t.Errorf("calibration after as-of: exit %d", code)
	}
}
