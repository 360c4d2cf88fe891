package imports

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// lookalikes maps Cyrillic and Greek letters that look like Latin ones, as
// in WooCommerce's "Сustomer Note" (a Cyrillic С).
var lookalikes = map[rune]rune{
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y',
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	'ο': 'o',
}

// NormHeader is the form in which header names are compared: trimmed,
// full-width folded to half-width, look-alike letters replaced, lower-case,
// with blanks, required-field stars and colons removed. "商品总价（元）",
// " 商品总价(元) " and "Сustomer Note"/"customer note" compare equal.
func NormHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if l, ok := lookalikes[r]; ok {
			r = l
		}
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff', r == '*', r == ':', r == '"', r == '\'':
			continue
		case r == '【' || r == '〔':
			r = '['
		case r == '】' || r == '〕':
			r = ']'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// HeaderSignature identifies a layout by its column names, so a mapping the
// user chose once applies again to the next export of the same layout.
func HeaderSignature(headers []string) string {
	h := sha256.New()
	for _, s := range headers {
		n := NormHeader(s)
		if n == "" {
			continue
		}
		h.Write([]byte(n))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// isTotalsRow spots the summary line some exports end with (合计 / 总计 /
// Total …) in the first cells of a row.
func isTotalsRow(cells []string) bool {
	for i, c := range cells {
		if i >= 3 {
			break
		}
		c = trimCell(c)
		if c == "" {
			continue
		}
		if k := c[0]; k >= '0' && k <= '9' || k == '=' || k == '#' {
			return false // an order number, the common case
		}
		n := NormHeader(CleanCell(c))
		if n == "" {
			continue
		}
		for _, w := range []string{"合计", "总计", "汇总", "小计", "total", "grandtotal", "sum"} {
			if n == w || strings.HasPrefix(n, w+":") || (strings.HasPrefix(n, w) && len(n) <= len(w)+12 && !containsDigitRun(n, 6)) {
				return true
			}
		}
		return false
	}
	return false
}

// containsDigitRun reports a run of n digits (an order number, not a label).
func containsDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if CleanCell(c) != "" {
			return false
		}
	}
	return true
}
