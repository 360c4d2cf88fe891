package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// writeTable writes rows as aligned columns: each cell padded to its column's width plus
// two spaces (at least one when a cell is wider than maxCol), trailing spaces trimmed. A
// column is as wide as its widest cell, or maxCol when that is smaller (0: no limit).
// Widths count CJK characters as two columns. Every command's table goes through it.
func writeTable(w io.Writer, rows [][]string, maxCol int) {
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			cw := width(c)
			if maxCol > 0 {
				cw = min(cw, maxCol)
			}
			widths[i] = max(widths[i], cw)
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", max(1, widths[i]-width(c)+2)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// width is how many terminal columns s takes (CJK characters take two).
func width(s string) int {
	w := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFF60) {
			w += 2
		} else {
			w++
		}
	}
	return w
}
