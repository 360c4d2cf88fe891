package app

import (
	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

func menuItem(m *fyne.MainMenu, menu, item string) *fyne.MenuItem {
	for _, mm := range m.Items {
		if mm.Label != menu {
			continue
		}
		for _, it := range mm.Items {
			if it.Label == item {
				return it
			}
		}
	}
	return nil
}

func TestMenuHasFileAndHelpItems(t *testing.T) {
	u, _ := newTestUI(t)
	closeDemo(t, u)
	m := u.Win().MainMenu()
	if m == nil {
		t.Fatal("no main menu")
	}
	for _, want := range [][2]string{{"文件", "导入…"}, {"文件", "示例数据"}, {"帮助", "使用指南"}, {"帮助", "关于回头客"}} {
		if menuItem(m, want[0], want[1]) == nil {
			t.Errorf("menu %s has no item %s", want[0], want[1])
		}
	}
	menuItem(m, "文件", "导入…").Action()
	if u.Current() != kit.ScreenImport {
		t.Errorf("File → Import showed %q", u.Current())
	}
	u.Show(kit.ScreenSettings) // no background work that could outlive the test
	menuItem(m, "文件", "示例数据").Action()
	if !u.InDemo() {
		t.Fatal("File → Sample data did not enter the demo")
	}
	if it := menuItem(u.Win().MainMenu(), "文件", "示例数据"); it == nil || !it.Checked {
		t.Error("sample-data item not checked while in the demo")
	}
	menuItem(u.Win().MainMenu(), "文件", "示例数据").Action()
	if u.InDemo() {
		t.Error("second click on Sample data did not leave the demo")
	}
}

func TestGuideAndAboutSayWhatUsersNeed(t *testing.T) {
	u, _ := newTestUI(t)
	g := guideMarkdown()
	for _, want := range []string{"千牛", "新顾客", "45", "360", "Enter", "Esc", "Tab"} {
		if !strings.Contains(g, want) {
			t.Errorf("user guide lacks %q", want)
		}
	}
	var text strings.Builder
	kittest.Walk(u.aboutBox(), func(c fyne.CanvasObject) {
		switch v := c.(type) {
		case *widget.Label:
			text.WriteString(v.Text + "\n")
		case *widget.RichText:
			text.WriteString(v.String() + "\n")
		}
	})
	for _, want := range []string{Version, u.Store().Path(), u.Store().BackupDir(), "Apache"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("about box lacks %q", want)
		}
	}
	u.ShowGuide() // must not panic on a small test window
	u.ShowAbout()
}
