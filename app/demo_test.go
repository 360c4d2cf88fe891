package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
	"huitouke/data/demo"
)

// closeDemo closes the demo store a test's window left open.
func closeDemo(t *testing.T, u *UI) {
	t.Cleanup(func() {
		if st := leftDemo[u]; st != nil {
			st.Close()
			delete(leftDemo, u)
		}
	})
}

func TestDemoIsSeparateAndLeavesTheRealDatabaseAlone(t *testing.T) {
	u, _ := newTestUI(t)
	closeDemo(t, u)
	real := u.Store()
	if err := real.SetSetting(u.Ctx(), data.SettingShopName, "真的茶铺"); err != nil {
		t.Fatal(err)
	}
	u.Show(kit.ScreenSettings)
	before, err := real.Settings(u.Ctx(), "")
	if err != nil {
		t.Fatal(err)
	}

	test.Tap(kittest.FindButton(u.FirstRunGuide(), "用示例数据试试"))
	if !u.InDemo() {
		t.Fatal("the sample-data button did not enter the demo")
	}
	if u.Store() == real || u.Store().Path() == real.Path() {
		t.Fatal("demo uses the real database")
	}
	if !demo.IsDemo(u.Ctx(), u.Store()) {
		t.Error("store in use is not marked as demo")
	}
	c, err := u.Store().Counts(u.Ctx())
	if err != nil || c.Customers < 100 || c.Orders < c.Customers {
		t.Errorf("demo counts %+v, %v", c, err)
	}
	if u.Current() != kit.ScreenSettings {
		t.Errorf("entering the demo moved the window to %q", u.Current())
	}
	if s, ok := u.screens[kit.ScreenSettings]; !ok || u.body.Objects[0] != s.Object() {
		t.Error("the current screen was not rebuilt for the demo store")
	}
	leave := kittest.FindButton(u.Win().Content(), "退出示例")
	if leave == nil {
		t.Fatal("no banner with a way out of the demo")
	}

	test.Tap(leave)
	if u.InDemo() || u.Store() != real {
		t.Fatal("leaving the demo did not switch back to the real store")
	}
	if kittest.FindButton(u.Win().Content(), "退出示例") != nil {
		t.Error("banner still shown after leaving the demo")
	}
	after, err := real.Settings(u.Ctx(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || after[data.SettingShopName] != "真的茶铺" || after[demo.SettingDemo] != "" {
		t.Errorf("real settings changed: before %v after %v", before, after)
	}
	if c, _ := real.Counts(u.Ctx()); c.Customers != 0 || c.Orders != 0 {
		t.Errorf("real database got data: %+v", c)
	}

	// Entering again works (the old demo file is replaced, not refused).
	u.EnterDemo()
	if !u.InDemo() {
		t.Fatal("second visit to the demo failed")
	}
	u.LeaveDemo()
}

// Screens built for one store register data-changed and close hooks; a demo
// switch drops those screens, so their hooks must go too, or every visit to
// the demo would leave more dead screens being called.
func TestDemoSwitchDropsOldScreensHooks(t *testing.T) {
	u, _ := newTestUI(t)
	closeDemo(t, u)
	visit := func() {
		u.Show(kit.ScreenCalls)
		u.Show(kit.ScreenCustomers)
		u.Show(kit.ScreenOverview)
	}
	visit()
	// Built real-store screens: their hooks, and the window's own.
	base, baseClose := len(u.dataChanged), len(u.onClose)
	if base == 0 || baseClose == 0 {
		t.Fatalf("screens registered no hooks (%d data, %d close): the test would prove nothing", base, baseClose)
	}
	for i := range 2 {
		u.EnterDemo()
		if !u.InDemo() {
			t.Fatalf("visit %d: not in the demo", i)
		}
		visit()
		u.LeaveDemo()
		visit()
		if n := len(u.dataChanged); n != base {
			t.Errorf("visit %d: %d data-changed hooks, want %d", i, n, base)
		}
		if n := len(u.onClose); n != baseClose {
			t.Errorf("visit %d: %d close hooks, want %d", i, n, baseClose)
		}
	}
}
