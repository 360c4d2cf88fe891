package customers

import (
	"fmt"
	"huitouke/data/clock"
	"huitouke/data/errs"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Validation error codes; the UI turns each into a sentence in the user's
// language.
const (
	CodeRequired     = "required"      // nothing entered where something is needed
	CodeInvalid      = "invalid"       // not one of the allowed values
	CodePhone        = "phone"         // not a phone number at all
	CodePhoneLength  = "phone_length"  // a mainland mobile number needs 11 digits
	CodePhoneMasked  = "phone_masked"  // a masked number (138****1234) cannot be entered
	CodeDate         = "date"          // not a date YYYY-MM-DD
	CodeBirthday     = "birthday"      // not YYYY-MM-DD or --MM-DD (MM-DD)
	CodeFuture       = "future"        // a birthday after today
	CodeEmail        = "email"         // not an e-mail address
	CodeScore        = "score"         // a feedback score outside 1..5
	CodeDuplicate    = "duplicate"     // already there
	CodeSelf         = "self"          // a customer cannot refer / merge with themself
	CodeReferralLoop = "referral_loop" // A referred B who (indirectly) referred A
	CodeMerged       = "merged"        // the customer was merged into another one
	CodePoints       = "points"        // points adjustment of 0
	CodeTooLong      = "too_long"      // more text than a field holds
)

// PhoneKind tells mainland mobile, landline and international numbers apart.
type PhoneKind int

// Phone kinds.
const (
	PhoneMobile PhoneKind = iota + 1
	PhoneLandline
	PhoneInternational
)

var mainlandMobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// ValidatePhone checks a phone number typed by a user and returns how to
// store it (display) and its normalised digits (as imports normalise them:
// digits only, +86/0086/86 dropped). Accepted: mainland mobiles 1[3-9]x
// with 11 digits, with or without +86 / 0086 / 86 and spaces or dashes;
// mainland landlines (0xx-xxxxxxxx); international +CC… or 00CC… numbers.
func ValidatePhone(s string) (display, normalized string, kind PhoneKind, err error) {
	in := s
	s = strings.TrimSpace(foldWidth(s))
	bad := func(code string) (string, string, PhoneKind, error) {
		return "", "", 0, &errs.Error{Area: errs.Customers, Field: "phone", Code: code, Value: in}
	}
	if s == "" {
		return bad(CodeRequired)
	}
	if strings.ContainsAny(s, "*") {
		return bad(CodePhoneMasked)
	}
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = s[1:]
	}
	var d strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '\u00a0':
		default:
			return bad(CodePhone)
		}
	}
	digits := d.String()
	if !plus && strings.HasPrefix(digits, "00") {
		plus, digits = true, digits[2:]
	}
	switch {
	case plus && strings.HasPrefix(digits, "86"):
		digits = digits[2:]
	case !plus && len(digits) == 13 && strings.HasPrefix(digits, "861"):
		digits = digits[2:]
	case plus:
		// E.164: country code and number, at most 15 digits in all.
		if len(digits) < 8 || len(digits) > 15 || digits[0] == '0' {
			return bad(CodePhone)
		}
		return "+" + digits, digits, PhoneInternational, nil
	}
	switch {
	case mainlandMobile.MatchString(digits):
		return digits, digits, PhoneMobile, nil
	case strings.HasPrefix(digits, "1"):
		return bad(CodePhoneLength)
	case strings.HasPrefix(digits, "0") && len(digits) >= 10 && len(digits) <= 12 && digits[1] != '0':
		return digits, digits, PhoneLandline, nil
	}
	return bad(CodePhone)
}

// foldWidth turns full-width digits, letters and signs (typed with a
// Chinese input method) into ASCII.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		if r == '　' {
			return ' '
		}
		return r
	}, s)
}

var dateRE = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)
var monthDayRE = regexp.MustCompile(`^(?:--)?(\d{1,2})[-/.月](\d{1,2})日?$`)

// ValidateDate checks a calendar date and returns it as YYYY-MM-DD. Also
// accepted: 2026/3/5, 2026.03.05, 2026年3月5日.
func ValidateDate(field, s string) (string, error) {
	t := strings.TrimSpace(foldWidth(s))
	m := dateRE.FindStringSubmatch(t)
	if m == nil {
		return "", &errs.Error{Area: errs.Customers, Field: field, Code: CodeDate, Value: s}
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if y < 1900 || y > 2200 || !validDay(y, mo, d) {
		return "", &errs.Error{Area: errs.Customers, Field: field, Code: CodeDate, Value: s}
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), nil
}

// ValidateBirthday checks a birthday: a date YYYY-MM-DD, or --MM-DD (MM-DD,
// 5月17日) when the year is unknown. Empty clears it.
func ValidateBirthday(s string) (string, error) {
	t := strings.TrimSpace(foldWidth(s))
	if t == "" {
		return "", nil
	}
	if m := monthDayRE.FindStringSubmatch(t); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		if !validDay(2000, mo, d) { // a leap year: 02-29 is a birthday
			return "", &errs.Error{Area: errs.Customers, Field: "birthday", Code: CodeBirthday, Value: s}
		}
		return fmt.Sprintf("--%02d-%02d", mo, d), nil
	}
	v, err := ValidateDate("birthday", t)
	if err != nil {
		return "", &errs.Error{Area: errs.Customers, Field: "birthday", Code: CodeBirthday, Value: s}
	}
	if v > clock.Now().Format("2006-01-02") {
		return "", &errs.Error{Area: errs.Customers, Field: "birthday", Code: CodeFuture, Value: s}
	}
	return v, nil
}

func validDay(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var emailRE = regexp.MustCompile(`^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$`)

// ValidateEmail checks an e-mail address; empty clears it. The address is
// stored trimmed, with the domain in lower case.
func ValidateEmail(s string) (string, error) {
	t := strings.TrimSpace(foldWidth(s))
	if t == "" {
		return "", nil
	}
	if !emailRE.MatchString(t) || len(t) > 254 {
		return "", &errs.Error{Area: errs.Customers, Field: "email", Code: CodeEmail, Value: s}
	}
	at := strings.LastIndexByte(t, '@')
	return t[:at] + strings.ToLower(t[at:]), nil
}
