package imports

import "testing"

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		row  string
		want int
	}{
		{"(?)", 1},
		{"(?,?,?)", 3},
		{"('taobao',?,?,7)", 2},
		{"(?,'a?b',?)", 2},     // a ? inside a literal is text
		{"(?,'it''s ?',?)", 2}, // a doubled quote stays inside the literal
		{"(" + sqlLit("x'?'") + ",?)", 1},
	}
	for _, tt := range tests {
		if got := placeholders(tt.row); got != tt.want {
			t.Errorf("placeholders(%q) = %d, want %d", tt.row, got, tt.want)
		}
	}
}
