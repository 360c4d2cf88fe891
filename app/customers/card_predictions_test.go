package customers

import (
	"strings"
	"testing"

	"huitouke/data/clock"
	"huitouke/data/customers"
)

func TestPredictionText(t *testing.T) {
	p := &customers.Prediction{PAlive: 0.8234, Next90: 1.26, Value12mFen: 64012, NextDay: clock.NewDay(2026, 12, 1)}
	got := predictionText(p)
	for _, want := range []string{"82 %", "1.3", "¥640", "2026-12-01"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	// Without the spend model and no date within three years: only the first two parts.
	got = predictionText(&customers.Prediction{PAlive: 1, Next90: 0.04})
	if strings.Contains(got, "¥") || strings.Count(got, "·") != 1 {
		t.Errorf("%q", got)
	}
}
