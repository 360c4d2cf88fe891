package kit

import (
	"fmt"
	"strconv"
	"strings"
)

// Yuan shows fen as ¥12,345.67; a refund is -¥12.00. Every screen shows money
// through it, so amounts read the same everywhere.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s¥%s.%02d", sign, Thousands(fen/100), fen%100)
}

// Thousands groups the digits of n by three: -1,234,567.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Grouped is Thousands for counts: 12,345 orders.
func Grouped(n int) string { return Thousands(int64(n)) }
