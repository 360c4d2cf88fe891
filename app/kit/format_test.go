package kit

import "testing"

// yuan replaced three copies (overview, customers, calls) that agreed on
// every case below.
func TestYuan(t *testing.T) {
	for _, tc := range []struct {
		fen  int64
		want string
	}{
		{0, "¥0.00"},
		{5, "¥0.05"},
		{100, "¥1.00"},
		{99999, "¥999.99"},
		{100000, "¥1,000.00"},
		{123456789, "¥1,234,567.89"},
		{-5, "-¥0.05"},
		{-123456789, "-¥1,234,567.89"},
	} {
		if got := Yuan(tc.fen); got != tc.want {
			t.Errorf("Yuan(%d) = %q, want %q", tc.fen, got, tc.want)
		}
	}
	if got := Thousands(-1234567); got != "-1,234,567" {
		t.Errorf("Thousands(-1234567) = %q", got)
	}
}
