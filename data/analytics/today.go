package analytics

import (
	"os"
	"strings"
	"time"
)

// TodayEnv names the environment variable that pins "today" (YYYY-MM-DD) for demos and
// screenshots on old sample data. Every screen and command reads today through Today/Now so
// they all agree on the day.
const TodayEnv = "HUITOUKE_TODAY"

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
func Today() Day { return todayAt(time.Now()) }

// Now is the current time in the shop's zone, moved to the HUITOUKE_TODAY day (keeping the
// clock time) when that override is set.
func Now() time.Time { return nowAt(time.Now()) }

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
