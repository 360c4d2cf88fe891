package imports

import (
	"strconv"
	"strings"
	"time"
)

// PhoneKey normalises a phone number for matching: digits only, with a +86
// / 0086 / 86 country prefix dropped from mobile numbers. A masked number
// (138****1234) is returned as written (apostrophes and spaces removed) with
// masked set: it is all the platform gives, but it must never merge people
// across platforms.
func PhoneKey(s string) (key string, masked bool) {
	s = CleanCell(s)
	if s == "" {
		return "", false
	}
	if strings.ContainsAny(s, "*＊") {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r == '＊':
				b.WriteByte('*')
			case r == ' ' || r == '-' || r == '\'' || r == '\u00a0':
			default:
				b.WriteRune(r)
			}
		}
		k := b.String()
		k = strings.TrimPrefix(k, "+86")
		return k, true
	}
	var b [32]byte
	d := b[:0]
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
			if len(d) == cap(b) {
				break
			}
		}
	}
	k := string(d)
	switch {
	case len(k) == 13 && strings.HasPrefix(k, "861"):
		k = k[2:]
	case len(k) == 15 && strings.HasPrefix(k, "00861"):
		k = k[4:]
	}
	return k, false
}

// IsMasked tells whether a name, phone or key was masked by the platform
// (张**, 138****1234).
func IsMasked(s string) bool { return strings.ContainsAny(s, "*＊") }

// IsScientific tells whether an order number was turned into Excel's
// scientific notation (1.23E+17): its digits are lost for good.
func IsScientific(s string) bool {
	e := strings.IndexAny(s, "eE")
	if e <= 0 || e == len(s)-1 {
		return false
	}
	mant, exp := s[:e], s[e+1:]
	if exp[0] == '+' || exp[0] == '-' {
		exp = exp[1:]
	}
	if exp == "" || !allDigits(exp) {
		return false
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		return i > 0 && allDigits(mant[:i]) && allDigits(mant[i+1:])
	}
	return allDigits(mant)
}

// cleanOrderNo tidies an order number: Excel stores 258581198857 as a
// number, and some writers add ".0".
func cleanOrderNo(s string) string {
	if i := strings.IndexByte(s, '.'); i > 0 && allDigits(s[:i]) && strings.Trim(s[i+1:], "0") == "" {
		return s[:i]
	}
	return s
}

// Gender maps a gender or title cell (男/女, male/female, m/f, 1/2, and
// the titles 先生/女士/小姐, Mr/Ms/Mrs/Miss) to "m"/"f"; anything else (未知,
// 保密) gives "". It reads only a gender or title column: a gender is never
// guessed from a name.
func Gender(s string) string {
	switch strings.TrimSuffix(strings.ToLower(CleanCell(s)), ".") {
	case "男", "男性", "男士", "m", "male", "先生", "mr", "1":
		return "m"
	case "女", "女性", "f", "female", "女士", "小姐", "太太", "ms", "mrs", "miss", "2":
		return "f"
	}
	return ""
}

// Birthday normalises a birthday cell to YYYY-MM-DD, or --MM-DD when the
// year is not given (05-17, 5月17日).
func Birthday(s string, loc *time.Location) (string, error) {
	s = CleanCell(s)
	if s == "" {
		return "", nil
	}
	if t, err := ParseTime(s, loc); err == nil {
		if t.Year() <= 1900 {
			return t.Format("--01-02"), nil
		}
		return t.Format("2006-01-02"), nil
	}
	var m, d int
	p := timeParser{s: strings.TrimPrefix(s, "--")}
	var n int
	if m, n = p.num(2); n == 0 || !p.dateSep() {
		return "", ErrBadTime
	}
	if d, n = p.num(2); n == 0 {
		return "", ErrBadTime
	}
	if strings.HasPrefix(p.s[p.i:], "日") {
		p.i += 3
	}
	if p.i != len(p.s) || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", ErrBadTime
	}
	return "--" + twoDigits(m) + "-" + twoDigits(d), nil
}

func twoDigits(v int) string {
	if v < 10 {
		return "0" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}
