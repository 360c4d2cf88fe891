package clock

import (
	"errors"
	"testing"
	"time"
)

func mustDay(t testing.TB, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatalf("ParseDay(%q): %v", s, err)
	}
	return d
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   string
		want Day
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1970-01-02", 1, true},
		{"1969-12-31", -1, true},
		{"2000-03-01", 11017, true}, // 30 years incl. 7 leap days = 10957, + Jan 31 + Feb 29 = 11017
		{"2024-02-29", 19782, true},
		{"2026-11-15", 20772, true}, // 56*365 + 14 leap days = 20454 (2026-01-01), + 304 (Jan..Oct) + 14
		{"2026-02-29", 0, false},    // 2026 is not a leap year
		{"1900-02-29", 0, false},    // century, not a leap year
		{"2026-13-01", 0, false},
		{"2026-00-10", 0, false},
		{"2026-04-31", 0, false},
		{"2026-11-5", 0, false},
		{"2026/11/15", 0, false},
		{"２０２６-11-15", 0, false},
		{"", 0, false},
		{"2026-11-15 ", 0, false},
		{"+026-11-15", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDay(tt.in)
		if tt.ok != (err == nil) {
			t.Errorf("ParseDay(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if !tt.ok {
			if !errors.Is(err, ErrBadDay) {
				t.Errorf("ParseDay(%q) error %v does not wrap ErrBadDay", tt.in, err)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDay(%q) = %d, want %d", tt.in, got, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseDay(%q).String() = %q", tt.in, got.String())
		}
	}
}

// TestDayAgainstTime checks the civil-date arithmetic against the time package for every day
// of 1600..2400.
func TestDayAgainstTime(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2400, 12, 31, 0, 0, 0, 0, time.UTC)
	for tm := start; !tm.After(end); tm = tm.AddDate(0, 0, 1) {
		want := Day(tm.Unix() / 86400)
		if tm.Unix() < 0 && tm.Unix()%86400 != 0 {
			t.Fatal("midnight expected")
		}
		if got := NewDay(tm.Year(), int(tm.Month()), tm.Day()); got != want {
			t.Fatalf("NewDay(%s) = %d, want %d", tm.Format(time.DateOnly), got, want)
		}
		if got := want.String(); got != tm.Format(time.DateOnly) {
			t.Fatalf("Day(%d).String() = %s, want %s", want, got, tm.Format(time.DateOnly))
		}
		if got, want := want.MonthKey(), tm.Year()*12+int(tm.Month())-1; got != want {
			t.Fatalf("MonthKey(%s) = %d, want %d", tm.Format(time.DateOnly), got, want)
		}
		if tm.Day() == 1 && MonthStart(want.MonthKey()) != want {
			t.Fatalf("MonthStart(%s) wrong", tm.Format(time.DateOnly))
		}
	}
}

func TestFromTime(t *testing.T) {
	tests := []struct {
		utc  string
		loc  *time.Location
		want string
	}{
		{"2026-11-14T15:59:59Z", nil, "2026-11-14"}, // 23:59:59 in UTC+8
		{"2026-11-14T16:00:00Z", nil, "2026-11-15"}, // midnight in UTC+8
		{"2026-11-14T16:00:00Z", time.UTC, "2026-11-14"},
		{"2026-01-01T02:00:00Z", time.FixedZone("-5", -5*3600), "2025-12-31"},
	}
	for _, tt := range tests {
		tm, err := time.Parse(time.RFC3339, tt.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := FromTime(tm, tt.loc).String(); got != tt.want {
			t.Errorf("FromTime(%s) = %s, want %s", tt.utc, got, tt.want)
		}
	}
	if got := mustDay(t, "2026-11-15").Time(nil).Format(time.RFC3339); got != "2026-11-15T00:00:00+08:00" {
		t.Errorf("Time() = %s", got)
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-11-15", "2024-02-29", "0001-01-01", "9999-12-31", "2026-02-30", "abcd-ef-gh", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			if !errors.Is(err, ErrBadDay) {
				t.Fatalf("error %v does not wrap ErrBadDay", err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDay(%q).String() = %q", s, d.String())
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			t.Fatalf("ParseDay accepted %q, time.Parse rejects it: %v", s, err)
		}
	})
}
