package outreach

import (
	"time"

	"huitouke/data/analytics"
)

// Day is a shop calendar day, the same type as analytics.Day (days since 1970-01-01), so
// figures and call lists exchange days without conversion: d+10 is ten days later.
type Day = analytics.Day

// ShopZone is the default shop time zone (UTC+8) used when Config.Location is nil.
var ShopZone = analytics.ShopZone

// ErrBadDay is returned (wrapped) by ParseDay for text that is not YYYY-MM-DD.
var ErrBadDay = analytics.ErrBadDay

// DayOf returns the Day of a civil date. Out-of-range months and days are
// normalised the way time.Date does (Feb 30 → Mar 1/2).
func DayOf(year int, month time.Month, day int) Day {
	if month < 1 || month > 12 || day < 1 || day > 28 {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		year, month, day = t.Date()
	}
	return analytics.NewDay(year, int(month), day)
}

// DayOfTime returns the calendar day of t in loc (ShopZone when loc is nil).
func DayOfTime(t time.Time, loc *time.Location) Day { return analytics.FromTime(t, loc) }

// ParseDay parses a strict "YYYY-MM-DD" (see analytics.ParseDay).
func ParseDay(s string) (Day, error) { return analytics.ParseDay(s) }

// digits, isLeap and daysIn read the month-day part of birthdays (rules.go).
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
