// Package clock is the shop's one clock and calendar: the Day type, today and now in the
// shop's time zone (UTC+8), parsing of stored days, and the HUITOUKE_TODAY override that pins
// "today" for demos and checks. Every package that needs the date asks here, so a screen, a
// command and a stamp written by an edit always agree on the day.
package clock

import (
	"errors"
	"fmt"
	"time"
)

// Day is a calendar date counted in days since 1970-01-01. It carries no time zone: an order's
// day is fixed once, in the shop's zone, when it is imported (see FromTime).
type Day int32

// ErrBadDay is returned (wrapped) by ParseDay for text that is not a valid YYYY-MM-DD date.
var ErrBadDay = errors.New("clock: not a YYYY-MM-DD date")

// daysFromCivil is Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar
// and much cheaper than going through time.Time, which matters with millions of orders.
func daysFromCivil(y, m, d int) Day {
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
	return Day(era*146097 + doe - 719468)
}

// Date returns the civil year, month and day of month (1..31).
func (d Day) Date() (year int, month time.Month, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}

// NewDay builds a Day from a civil date; out-of-range months/days are not checked (use ParseDay
// for outside input).
func NewDay(year, month, day int) Day { return daysFromCivil(year, month, day) }

// String formats the day as YYYY-MM-DD, the form stored in the database. Years 0..9999 are
// formatted by hand: day lists format a day per row, and Sprintf is several times slower.
func (d Day) String() string {
	y, month, dd := d.Date()
	m := int(month)
	if y < 0 || y > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
	}
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-',
		byte('0' + dd/10), byte('0' + dd%10),
	}
	return string(b[:])
}

// Add returns the day n days after d (before, for negative n).
func (d Day) Add(n int) Day { return d + Day(n) }

// MonthKey numbers calendar months consecutively (year*12 + month-1) so months can index slices.
func (d Day) MonthKey() int {
	y, m, _ := d.Date()
	return y*12 + int(m) - 1
}

// MonthStart returns the first day of the month numbered by MonthKey.
func MonthStart(key int) Day {
	y := key / 12
	m := key%12 + 1
	if key < 0 && key%12 != 0 {
		y = (key - 11) / 12
		m = key - y*12 + 1
	}
	return daysFromCivil(y, m, 1)
}

// DaysIn returns the number of days of a month.
func DaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseDay reads a strict YYYY-MM-DD date (as stored in orders.order_day). Anything else,
// including impossible dates such as 2026-02-30, is an error wrapping ErrBadDay.
func ParseDay(s string) (Day, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%w: %q", ErrBadDay, s)
	}
	num := func(part string) (int, bool) {
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) {
		return 0, fmt.Errorf("%w: %q", ErrBadDay, s)
	}
	return daysFromCivil(y, m, d), nil
}

// FromTime returns the calendar day of t in loc (the shop's zone, UTC+8 by default). A nil loc
// means UTC+8, the shop default of docs/DOMAIN.md.
func FromTime(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = ShopZone
	}
	y, m, d := t.In(loc).Date()
	return daysFromCivil(y, int(m), d)
}

// ShopZone is the default shop time zone, UTC+8 (China Standard Time, no daylight saving).
var ShopZone = time.FixedZone("UTC+8", 8*3600)

// Time returns midnight of the day in loc (nil = ShopZone).
func (d Day) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = ShopZone
	}
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}
