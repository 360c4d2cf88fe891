package scripts

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// openScripts seeds one customer due for an after-sale call today, generates
// today's list and shows the script editor in a stand-in shell.
func openScripts(t *testing.T) (*kittest.Shell, *scriptsScreen) {
	t.Helper()
	t.Setenv("HUITOUKE_TODAY", "2026-11-15")
	old := saveDelay
	saveDelay = time.Hour // the test saves itself, on its own goroutine
	t.Cleanup(func() { saveDelay = old })
	u := kittest.New(t)
	u.Agent = "小王"
	db := u.Store().DB()
	for _, q := range []string{
		`INSERT INTO settings(key, value) VALUES ('calls.holdout_share', '0'), ('shop.name', '山间茶铺')`,
		`INSERT INTO customers(id, name, gender, created_at, updated_at) VALUES (1, '张丽', 'f', '2025-01-01 00:00:00', '2025-01-01 00:00:00')`,
		`INSERT INTO customer_phones(customer_id, phone, normalized) VALUES (1, '13800000001', '13800000001')`,
		`INSERT INTO orders(platform, order_no, customer_id, status, state, paid, paid_at, order_day, amount_fen, revenue_fen, items)
			VALUES ('taobao', 'T1', 1, '交易成功', 'paid', 1, '2026-11-05 10:00:00', '2026-11-05', 50000, 50000, '明前龙井 250g')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := calls.OpenDay(context.Background(), u.Store(), clock.Today(), calls.DayOptions{Locale: "zh", Regenerate: true}); err != nil {
		t.Fatal(err)
	}
	s := New(u).(*scriptsScreen)
	u.Put(kit.ScreenScripts, s)
	return u, s
}

func previewText(s *scriptsScreen) string {
	var b strings.Builder
	for _, seg := range s.pv.text.Segments {
		b.WriteString(seg.Textual())
		b.WriteString("\n")
	}
	return b.String()
}

// TestScriptsEditAndPreview: the agent opens 话术, picks the after-sale
// script, rewrites its opening with placeholders and sees it filled for a
// customer of today's list; the edit is stored and the call workspace is told.
func TestScriptsEditAndPreview(t *testing.T) {
	u, s := openScripts(t)
	if s.pv.sample.CustomerID != 1 || s.pv.pick.Selected == "" {
		t.Fatalf("the preview did not pick today's customer: %+v (%q)", s.pv.sample.CustomerID, s.pv.pick.Selected)
	}
	after := -1
	for i, r := range s.reasons {
		if r == rules.ReasonAfterSale {
			after = i
		}
	}
	s.nav.Select(after)
	if s.parts[0].Text == "" {
		t.Fatal("the after-sale script's opening is empty")
	}

	s.parts[0].SetText("")
	test.Type(s.parts[0], "您好{称呼}，我是{店铺名}的{客服名}。")
	if got := previewText(s); !strings.Contains(got, "您好张女士，我是山间茶铺的小王。") {
		t.Errorf("preview does not show the filled opening:\n%s", got)
	}
	if s.warn[0].Visible() {
		t.Errorf("known placeholders flagged: %s", s.warn[0].Text)
	}
	// The edit is saved when typing pauses; save now instead of waiting.
	s.timer.Stop()
	s.save()
	if u.ScriptReloads != 1 {
		t.Errorf("the call workspace was told %d times, want once", u.ScriptReloads)
	}
	sc, err := calls.LoadScripts(context.Background(), u.Store(), "zh")
	if err != nil {
		t.Fatal(err)
	}
	if sc[rules.ReasonAfterSale].Opening != "您好{称呼}，我是{店铺名}的{客服名}。" {
		t.Errorf("stored opening %q", sc[rules.ReasonAfterSale].Opening)
	}

	// A placeholder the scripts do not know is flagged as the agent types.
	test.Type(s.parts[0], "{优惠券}")
	if !s.warn[0].Visible() || !strings.Contains(s.warn[0].Text, "优惠券") {
		t.Errorf("unknown placeholder not flagged: %q", s.warn[0].Text)
	}
	s.timer.Stop()
}
