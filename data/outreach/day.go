package outreach

import (
	"errors"
	"fmt"
	"time"
)

// Day is a calendar day counted as days since 1970-01-01 (day 0). Shop days are
// calendar dates in the shop's time zone, so arithmetic on them is plain integer
// arithmetic: d+10 is ten days later. The underlying type is int32 so that a
// Day from another package with the same definition converts with Day(x).
type Day int32

// ShopZone is the default shop time zone (UTC+8) used when Config.Location is nil.
var ShopZone = time.FixedZone("UTC+8", 8*3600)

// ErrBadDay is returned (wrapped) by ParseDay for text that is not YYYY-MM-DD.
var ErrBadDay = errors.New("outreach: bad day")

// DayOf returns the Day of a civil date. Out-of-range months and days are
// normalised the way time.Date does (Feb 30 → Mar 1/2).
func DayOf(year int, month time.Month, day int) Day {
	if month < 1 || month > 12 || day < 1 || day > 28 {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		year, month, day = t.Date()
	}
	return Day(daysFromCivil(year, int(month), day))
}

// DayOfTime returns the calendar day of t in loc (ShopZone when loc is nil).
func DayOfTime(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = ShopZone
	}
	y, m, d := t.In(loc).Date()
	return Day(daysFromCivil(y, int(m), d))
}

// ParseDay parses "YYYY-MM-DD".
func ParseDay(s string) (Day, error) {
	y, m, d, ok := parseYMD(s)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrBadDay, s)
	}
	return Day(daysFromCivil(y, m, d)), nil
}

// Date returns the civil date of d.
func (d Day) Date() (year int, month time.Month, day int) {
	y, m, dd := civilFromDays(int64(d))
	return y, time.Month(m), dd
}

// Time returns midnight at the start of d in loc (ShopZone when loc is nil).
func (d Day) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = ShopZone
	}
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// Add returns the day n days after d (before, for negative n).
func (d Day) Add(n int) Day { return d + Day(n) }

// String formats d as YYYY-MM-DD.
func (d Day) String() string {
	y, m, dd := civilFromDays(int64(d))
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%d-%02d-%02d", y, m, dd)
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-',
		byte('0' + dd/10), byte('0' + dd%10),
	}
	return string(b[:])
}

func parseYMD(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil and civilFromDays are Howard Hinnant's algorithms: exact for
// the proleptic Gregorian calendar and far cheaper than going through time.Time,
// which matters when a million birthdays are checked per list.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}
