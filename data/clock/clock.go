package clock

import (
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// TodayEnv names the environment variable that pins "today" (YYYY-MM-DD) for demos and
// screenshots on old sample data. Every screen, command and stamp reads today through
// Today/Now, so they all agree on the day.
const TodayEnv = "HUITOUKE_TODAY"

// source is the wall clock; tests replace it with Set.
var source atomic.Pointer[func() time.Time]

// Set replaces the wall clock (for tests) and returns a function that restores the previous
// one. HUITOUKE_TODAY still moves the day of whatever the clock says.
func Set(now func() time.Time) (restore func()) {
	prev := source.Swap(&now)
	return func() { source.Store(prev) }
}

func wall() time.Time {
	if f := source.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// TodayOverride returns the day set in HUITOUKE_TODAY, if it holds a valid YYYY-MM-DD date.
func TodayOverride() (Day, bool) {
	s := strings.TrimSpace(os.Getenv(TodayEnv))
	if s == "" {
		return 0, false
	}
	d, err := ParseDay(s)
	return d, err == nil
}

// Today is the shop's current calendar day (UTC+8), or the HUITOUKE_TODAY day when set.
func Today() Day { return todayAt(wall()) }

// Now is the current time in the shop's zone, moved to the HUITOUKE_TODAY day (keeping the
// clock time) when that override is set. Stamps written by edits, calls and complaints use it.
func Now() time.Time { return nowAt(wall()) }

func todayAt(t time.Time) Day {
	if d, ok := TodayOverride(); ok {
		return d
	}
	return FromTime(t, ShopZone)
}

func nowAt(t time.Time) time.Time {
	now := t.In(ShopZone)
	if d, ok := TodayOverride(); ok {
		y, m, dd := d.Date()
		return time.Date(y, m, dd, now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), ShopZone)
	}
	return now
}

// DayOf returns the Day of a civil date. Out-of-range months and days are normalised the way
// time.Date does (Feb 30 → Mar 1/2); use ParseDay for outside input.
func DayOf(year int, month time.Month, day int) Day {
	if month < 1 || month > 12 || day < 1 || day > 28 {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		year, month, day = t.Date()
	}
	return NewDay(year, int(month), day)
}
