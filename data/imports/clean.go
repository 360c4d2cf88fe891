package imports

import (
	"errors"
	"huitouke/data/clock"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CleanCell undoes what exports do to cells so they survive Excel: the
// ="…" formula wrapper, a leading apostrophe or tab, surrounding spaces and
// tabs. Placeholder words for "nothing" (-, --, null, 无) become "".
func CleanCell(s string) string {
	s = trimCell(s)
	if len(s) >= 3 && s[0] == '=' && s[1] == '"' && s[len(s)-1] == '"' {
		s = strings.ReplaceAll(s[2:len(s)-1], `""`, `"`)
		s = trimCell(s)
	}
	if strings.HasPrefix(s, "'") {
		s = trimCell(s[1:])
	}
	switch s {
	case "-", "--", "null", "NULL", "Null", "无", "N/A", "n/a", "#N/A":
		return ""
	}
	return s
}

// trimCell trims ASCII blanks, tabs, CR/LF, no-break and ideographic spaces,
// zero-width characters and a stray BOM. The fast path avoids allocation.
func trimCell(s string) string {
	start, end := 0, len(s)
	for start < end {
		c := s[start]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			start++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRuneInString(s[start:])
		if !isBlankRune(r) {
			break
		}
		start += n
	}
	for end > start {
		c := s[end-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			end--
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !isBlankRune(r) {
			break
		}
		end -= n
	}
	return s[start:end]
}

func isBlankRune(r rune) bool {
	switch r {
	case '\u00a0', '\u3000', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2007', '\u202f':
		return true
	}
	return false
}

// Errors of the value parsers; the importer turns them into reason codes.
var (
	ErrBadAmount = errors.New("not an amount")
	ErrBadTime   = errors.New("not a date/time")
)

// ParseAmount reads a money cell into fen, exactly (decimal arithmetic on the
// digits, never through float64). It accepts currency signs (¥ ￥ 元 RMB CNY
// $), thousands separators, a sign or accounting parentheses, and Excel's
// stored numbers including float noise (41.349999999999994) and exponents.
// Fractions of a fen are rounded half away from zero. An empty cell is 0.
func ParseAmount(s string) (int64, error) {
	s = CleanCell(s)
	if s == "" {
		return 0, nil
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = s[1 : len(s)-1]
	}
	// Strip currency words and separators.
	var b [64]byte
	buf := b[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E':
			buf = append(buf, c)
			i++
		case c == '-' || c == '+':
			buf = append(buf, c)
			i++
		case c == ',' || c == ' ' || c == '$' || c == '\'' || c == '_':
			i++
		case strings.HasPrefix(s[i:], "RMB"), strings.HasPrefix(s[i:], "CNY"), strings.HasPrefix(s[i:], "rmb"), strings.HasPrefix(s[i:], "cny"):
			i += 3
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			switch r {
			case '¥', '￥', '元', '，', '\u00a0', '\u3000':
				i += n
			case '０', '１', '２', '３', '４', '５', '６', '７', '８', '９':
				buf = append(buf, byte('0'+(r-'０')))
				i += n
			case '．':
				buf = append(buf, '.')
				i += n
			case '－':
				buf = append(buf, '-')
				i += n
			default:
				return 0, ErrBadAmount
			}
		}
		if len(buf) > 60 {
			return 0, ErrBadAmount
		}
	}
	t := string(buf)
	if t == "" {
		return 0, ErrBadAmount
	}
	// A trailing minus (1.00-) appears in some accounting exports.
	if strings.HasSuffix(t, "-") && strings.Count(t, "-") == 1 {
		t = "-" + t[:len(t)-1]
	}
	switch t[0] {
	case '-':
		neg = !neg
		t = t[1:]
	case '+':
		t = t[1:]
	}
	exp := 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(t[i+1:], "+"))
		if err != nil || e > 20 || e < -20 {
			return 0, ErrBadAmount
		}
		exp = e
		t = t[:i]
	}
	intPart, frac := t, ""
	if i := strings.IndexByte(t, '.'); i >= 0 {
		intPart, frac = t[:i], t[i+1:]
	}
	if intPart == "" && frac == "" {
		return 0, ErrBadAmount
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return 0, ErrBadAmount
	}
	// Move the decimal point by the exponent.
	digits := intPart + frac
	point := len(intPart) + exp
	for point < 0 {
		digits = "0" + digits
		point++
	}
	for point > len(digits) {
		digits += "0"
	}
	intPart, frac = digits[:point], digits[point:]
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 15 {
		return 0, ErrBadAmount
	}
	// Float noise: a stored 41.349999999999994 means 41.35. Round long
	// fractions to 9 places first, then to fen.
	if len(frac) > 9 {
		frac = roundDigits(&intPart, frac, 9)
	}
	frac = roundDigits(&intPart, frac, 2)
	for len(frac) < 2 {
		frac += "0"
	}
	if len(intPart) > 15 {
		return 0, ErrBadAmount
	}
	var v int64
	for _, c := range intPart + frac {
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, nil
}

// roundDigits rounds the decimal fraction frac to n digits, half away from
// zero, carrying into intPart when needed.
func roundDigits(intPart *string, frac string, n int) string {
	if len(frac) <= n {
		return frac
	}
	up := frac[n] >= '5'
	frac = frac[:n]
	if !up {
		return frac
	}
	d := []byte(*intPart + frac)
	i := len(d) - 1
	for ; i >= 0; i-- {
		if d[i] == '9' {
			d[i] = '0'
			continue
		}
		d[i]++
		break
	}
	if i < 0 {
		d = append([]byte{'1'}, d...)
	}
	cut := len(d) - n
	*intPart = string(d[:cut])
	return string(d[cut:])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseTime reads a date/time cell written in the shop's time zone loc:
// Excel serial numbers (46341.6969…), 2026-03-05 14:22:10, 2026/3/5 14:22,
// 2026.03.05, 2026年3月5日, ISO forms with T, fractions of a second, and
// offsets (+0800, +08:00, Z) which are converted to loc. US-style 3/5/2026
// is read month first. An empty cell gives the zero time and no error.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = CleanCell(s)
	if s == "" {
		return time.Time{}, nil
	}
	if loc == nil {
		loc = clock.ShopZone
	}
	if t, ok := parseSerial(s, loc); ok {
		return t, nil
	}
	p := timeParser{s: s}
	return p.parse(loc)
}

// parseSerial reads Excel's day count since 1899-12-30 (the 1900 leap-year
// bug is built into that epoch for dates after February 1900).
func parseSerial(s string, loc *time.Location) (time.Time, bool) {
	if s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' && !dot {
			dot = true
			continue
		}
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
	}
	if !dot && len(s) >= 8 {
		return time.Time{}, false // 20260305 is a compact date, not a serial
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 61 || f >= 109574 { // up to 2199-12-31, as ParseTime accepts
		return time.Time{}, false
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, loc).AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	return t, true
}

type timeParser struct {
	s string
	i int
}

func (p *timeParser) num(maxDigits int) (int, int) {
	start := p.i
	v := 0
	for p.i < len(p.s) && p.i-start < maxDigits && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
	}
	return v, p.i - start
}

// sep consumes one date separator.
func (p *timeParser) dateSep() bool {
	if p.i >= len(p.s) {
		return false
	}
	switch p.s[p.i] {
	case '-', '/', '.':
		p.i++
		return true
	}
	for _, w := range []string{"年", "月"} {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return true
		}
	}
	return false
}

func (p *timeParser) skipSpaces() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *timeParser) parse(loc *time.Location) (time.Time, error) {
	var y, mo, d int
	a, na := p.num(4)
	switch {
	case na == 4 && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9':
		// Compact 20260305[142210].
		y = a
		var n1, n2 int
		mo, n1 = p.num(2)
		d, n2 = p.num(2)
		if n1 != 2 || n2 != 2 {
			return time.Time{}, ErrBadTime
		}
	case na == 4:
		y = a
		if !p.dateSep() {
			return time.Time{}, ErrBadTime
		}
		var n int
		if mo, n = p.num(2); n == 0 {
			return time.Time{}, ErrBadTime
		}
		if !p.dateSep() {
			return time.Time{}, ErrBadTime
		}
		if d, n = p.num(2); n == 0 {
			return time.Time{}, ErrBadTime
		}
		if strings.HasPrefix(p.s[p.i:], "日") {
			p.i += len("日")
		}
	case na == 1 || na == 2:
		// US order m/d/yyyy, as Excel writes it in an English locale.
		mo = a
		if p.i >= len(p.s) || p.s[p.i] != '/' {
			return time.Time{}, ErrBadTime
		}
		p.i++
		var n int
		if d, n = p.num(2); n == 0 || p.i >= len(p.s) || p.s[p.i] != '/' {
			return time.Time{}, ErrBadTime
		}
		p.i++
		if y, n = p.num(4); n != 4 {
			return time.Time{}, ErrBadTime
		}
	default:
		return time.Time{}, ErrBadTime
	}
	var h, mi, sec, nsec int
	var zone *time.Location
	if p.i < len(p.s) && (p.s[p.i] == 'T' || p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
		p.skipSpaces()
	}
	if p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		var n int
		if h, n = p.num(2); n == 0 {
			return time.Time{}, ErrBadTime
		}
		if p.i < len(p.s) && (p.s[p.i] == ':' || strings.HasPrefix(p.s[p.i:], "时") || strings.HasPrefix(p.s[p.i:], "点")) {
			if p.s[p.i] == ':' {
				p.i++
			} else {
				p.i += 3
			}
			if mi, n = p.num(2); n == 0 {
				return time.Time{}, ErrBadTime
			}
			if strings.HasPrefix(p.s[p.i:], "分") {
				p.i += 3
			}
			if p.i < len(p.s) && (p.s[p.i] == ':' || p.s[p.i] >= '0' && p.s[p.i] <= '9') {
				if p.s[p.i] == ':' {
					p.i++
				}
				if sec, n = p.num(2); n == 0 {
					return time.Time{}, ErrBadTime
				}
				if strings.HasPrefix(p.s[p.i:], "秒") {
					p.i += 3
				}
				if p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == ',') {
					p.i++
					start := p.i
					frac, nf := p.num(9)
					for k := nf; k < 9; k++ {
						frac *= 10
					}
					if nf == 0 {
						return time.Time{}, ErrBadTime
					}
					nsec = frac
					for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
						p.i++
					}
					_ = start
				}
			}
		} else if n == 2 && p.i+4 <= len(p.s) && allDigits(p.s[p.i:p.i+4]) {
			// Compact 142210 after a compact date.
			mi, _ = p.num(2)
			sec, _ = p.num(2)
		} else {
			return time.Time{}, ErrBadTime
		}
		p.skipSpaces()
		// AM/PM as in 3/5/2026 2:22:10 PM.
		rest := strings.ToUpper(p.s[p.i:])
		if strings.HasPrefix(rest, "AM") || strings.HasPrefix(rest, "PM") {
			if h < 1 || h > 12 {
				return time.Time{}, ErrBadTime
			}
			if rest[0] == 'P' && h != 12 {
				h += 12
			} else if rest[0] == 'A' && h == 12 {
				h = 0
			}
			p.i += 2
			p.skipSpaces()
		}
		var err error
		if zone, err = p.zone(); err != nil {
			return time.Time{}, err
		}
	}
	p.skipSpaces()
	if p.i != len(p.s) {
		return time.Time{}, ErrBadTime
	}
	if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, ErrBadTime
	}
	if sec == 60 {
		sec = 59 // leap second: keep the day
	}
	in := loc
	if zone != nil {
		in = zone
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, in)
	if t.Day() != d || int(t.Month()) != mo {
		return time.Time{}, ErrBadTime // 2026-02-30
	}
	return t.In(loc), nil
}

// zone reads Z, UTC, GMT, +08, +0800 or +08:00 (optionally after "UTC"/"GMT").
func (p *timeParser) zone() (*time.Location, error) {
	if p.i >= len(p.s) {
		return nil, nil
	}
	rest := p.s[p.i:]
	switch {
	case rest == "Z" || rest == "z":
		p.i++
		return time.UTC, nil
	case strings.HasPrefix(rest, "UTC"), strings.HasPrefix(rest, "GMT"):
		p.i += 3
		if p.i == len(p.s) {
			return time.UTC, nil
		}
	}
	if p.i >= len(p.s) || (p.s[p.i] != '+' && p.s[p.i] != '-') {
		return nil, ErrBadTime
	}
	sign := 1
	if p.s[p.i] == '-' {
		sign = -1
	}
	p.i++
	hh, n := p.num(2)
	if n != 2 {
		return nil, ErrBadTime
	}
	mm := 0
	if p.i < len(p.s) && p.s[p.i] == ':' {
		p.i++
	}
	if p.i < len(p.s) {
		if mm, n = p.num(2); n != 2 {
			return nil, ErrBadTime
		}
	}
	if hh > 14 || mm > 59 {
		return nil, ErrBadTime
	}
	off := sign * (hh*3600 + mm*60)
	return time.FixedZone("", off), nil
}
