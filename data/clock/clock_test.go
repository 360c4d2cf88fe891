package clock

import (
	"testing"
	"time"
)

func TestTodayAndNow(t *testing.T) {
	// 2026-11-24 17:30 UTC is already 2026-11-25 01:30 in the shop's zone.
	at := time.Date(2026, 11, 24, 17, 30, 5, 0, time.UTC)
	tests := []struct {
		name, env string
		wantDay   string
		wantNow   string
	}{
		{"no override uses UTC+8", "", "2026-11-25", "2026-11-25 01:30:05"},
		{"override pins the day", "2026-11-15", "2026-11-15", "2026-11-15 01:30:05"},
		{"spaces are ignored", " 2026-03-01 ", "2026-03-01", "2026-03-01 01:30:05"},
		{"bad override is ignored", "2026-02-30", "2026-11-25", "2026-11-25 01:30:05"},
		{"garbage is ignored", "yesterday", "2026-11-25", "2026-11-25 01:30:05"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(TodayEnv, tc.env)
			if got := todayAt(at).String(); got != tc.wantDay {
				t.Errorf("todayAt = %s, want %s", got, tc.wantDay)
			}
			now := nowAt(at)
			if got := now.Format("2006-01-02 15:04:05"); got != tc.wantNow {
				t.Errorf("nowAt = %s, want %s", got, tc.wantNow)
			}
			if _, off := now.Zone(); off != 8*3600 {
				t.Errorf("nowAt zone offset = %d, want UTC+8", off)
			}
		})
	}
}

func TestTodayReadsOverride(t *testing.T) {
	t.Setenv(TodayEnv, "2026-11-15")
	if got := Today(); got != NewDay(2026, 11, 15) {
		t.Errorf("Today() = %s, want 2026-11-15", got)
	}
	if got := FromTime(Now(), nil); got != NewDay(2026, 11, 15) {
		t.Errorf("Now() day = %s, want 2026-11-15", got)
	}
}
