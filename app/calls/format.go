package calls

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"huitouke/data/calls"
	"huitouke/data/calls/rules"
)

func callShowIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func callDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || (r == '+' && b.Len() == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// formatPhone groups a Chinese mobile number 3-4-4 so it reads aloud easily.
func formatPhone(p string) string {
	d := callDigits(p)
	if len(d) == 11 && d[0] == '1' {
		return d[:3] + " " + d[3:7] + " " + d[7:]
	}
	return p
}

func callShortTime(s string) string {
	if len(s) >= 16 {
		return s[5:16]
	}
	return s
}

func dueText(it calls.Item, now time.Time) string {
	switch {
	case it.Overdue(now):
		return lang.X("calls.due.overdue", "已超时 {{.T}}", map[string]any{"T": callShortTime(it.Due)})
	case len(it.Due) > 10:
		return lang.X("calls.due.at", "{{.T}} 前", map[string]any{"T": callShortTime(it.Due)})
	case it.Reason == rules.ReasonRepurchaseDue:
		return lang.X("calls.due.expected", "预计 {{.D}} 回购", map[string]any{"D": it.Due})
	case it.Reason == rules.ReasonBirthday:
		return lang.X("calls.due.birthday", "生日 {{.D}}", map[string]any{"D": it.Detail})
	case it.Reason == rules.ReasonManual && it.Detail != "":
		return lang.X("calls.due.manual", "{{.Agent}} 加入", map[string]any{"Agent": it.Detail})
	case it.Reason == rules.ReasonPromotion:
		return lang.X("calls.due.promo", "{{.Name}} {{.D}}", map[string]any{"Name": it.Detail, "D": it.Due})
	case it.Due != "":
		return lang.X("calls.due.order", "订单 {{.D}}", map[string]any{"D": it.Due})
	}
	return ""
}

// defaultFollowUp proposes a callback time: for a busy customer two hours
// later (tomorrow 10:00 after 18:00), for an interested one in three days.
func defaultFollowUp(o calls.Outcome, now time.Time) string {
	var t time.Time
	if o == calls.Busy {
		t = now.Add(2 * time.Hour).Truncate(30 * time.Minute)
		switch {
		case now.Hour() >= 18 || t.Day() != now.Day():
			t = time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, now.Location())
		case t.Hour() < 9: // nobody wants a call before nine
			t = time.Date(now.Year(), now.Month(), now.Day(), 10, 0, 0, 0, now.Location())
		}
	} else {
		t = time.Date(now.Year(), now.Month(), now.Day()+3, 10, 0, 0, 0, now.Location())
	}
	return t.Format("2006-01-02 15:04")
}

// parseFollowUp reads "2026-11-16 10:00", "11-16 10:00", "10:00" (today)
// or "2026-11-16" (10:00 that day).
func parseFollowUp(s string, now time.Time) (time.Time, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "：", ":")), " ")
	loc := now.Location()
	for _, f := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(f, s, loc); err == nil {
			return t, true
		}
	}
	if t, err := time.ParseInLocation("01-02 15:04", s, loc); err == nil {
		t = time.Date(now.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		if t.Before(now.AddDate(0, 0, -1)) {
			t = t.AddDate(1, 0, 0)
		}
		return t, true
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
		return time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), 0, 0, loc), true
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t.Add(10 * time.Hour), true
	}
	return time.Time{}, false
}

// parseScores reads four marks typed as "5435" or "5 4 3 5".
func parseScores(s string) (calls.Scores, bool) {
	var d []int
	for _, r := range s {
		switch {
		case r >= '1' && r <= '5':
			d = append(d, int(r-'0'))
		case r == ' ' || r == ',' || r == '，' || r == '/':
		default:
			return calls.Scores{}, false
		}
	}
	if len(d) != 4 {
		return calls.Scores{}, false
	}
	return calls.Scores{Delivery: d[0], Packaging: d[1], Product: d[2], Service: d[3]}, true
}

// reasonColor gives each reason its own colour from the theme's palette, so
// the list reads at a glance; urgent reasons are red and orange.
func reasonColor(r rules.Reason) color.Color {
	name := theme.ColorGray
	switch r {
	case rules.ReasonManual: // the shop's own colour: someone here chose this customer
		return theme.Color(theme.ColorNamePrimary)
	case rules.ReasonComplaint:
		name = theme.ColorRed
	case rules.ReasonCallback:
		name = theme.ColorOrange
	case rules.ReasonAfterSale:
		name = theme.ColorBlue
	case rules.ReasonRepurchaseDue:
		name = theme.ColorPurple
	case rules.ReasonSecondPurchase:
		name = theme.ColorGreen
	case rules.ReasonBirthday:
		name = theme.ColorYellow
	case rules.ReasonPromotion:
		name = theme.ColorBrown
	}
	return theme.PrimaryColorNamed(name)
}
