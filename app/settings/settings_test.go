package settings

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit/kittest"
	"huitouke/data"
)

func newScreen(t *testing.T) (*kittest.Shell, *settingsScreen) {
	t.Helper()
	sh := kittest.New(t)
	s := New(sh).(*settingsScreen)
	sh.Put("settings", s)
	return sh, s
}

func TestShopNameIsSavedAndItsErrorShown(t *testing.T) {
	sh, s := newScreen(t)
	ctx := context.Background()
	test.Type(s.shop, "山间茶铺")
	if v, err := sh.St.Setting(ctx, data.SettingShopName, ""); err != nil || v != "山间茶铺" {
		t.Fatalf("saved %q, %v", v, err)
	}
	if s.shopErr.Visible() {
		t.Errorf("error shown after a save: %q", s.shopErr.Text)
	}
	// Showing the screen again reads the name back without writing it.
	s.Shown()
	if s.shop.Text != "山间茶铺" {
		t.Errorf("shown %q", s.shop.Text)
	}

	// A save that fails says so under the field instead of being dropped.
	sh.St.Close()
	test.Type(s.shop, "！")
	if !s.shopErr.Visible() || !strings.Contains(s.shopErr.Text, "店铺名称没有保存") {
		t.Errorf("failed save: visible %v, %q", s.shopErr.Visible(), s.shopErr.Text)
	}
}

func TestRestoreListShowsOnlyThisDatabasesBackups(t *testing.T) {
	sh, s := newScreen(t)
	ctx := context.Background()
	other, err := data.Open(ctx, filepath.Join(sh.St.Dir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for i := 0; i < 3; i++ {
		if _, err := other.Backup(ctx, "manual"); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := sh.St.Backup(ctx, "import")
	if err != nil {
		t.Fatal(err)
	}
	s.Shown()
	if len(s.items) != 1 || s.items[0].Path != mine.Path || s.backups.Length() != 1 {
		t.Fatalf("restore list %+v, want only %s", s.items, mine.Path)
	}

	// Restoring from the list closes the cards first, replaces the data and says so.
	s.backups.Select(0)
	s.confirmRestore(s.items[0])
	top := sh.W.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no confirmation shown")
	}
	yes := findButton(top, widget.HighImportance)
	if yes == nil {
		t.Fatal("no confirm button")
	}
	test.Tap(yes)
	if sh.CardsClosed != 1 || sh.Changes != 1 {
		t.Errorf("cards closed %d, data changes %d", sh.CardsClosed, sh.Changes)
	}
	if !strings.Contains(s.status.Text, "已恢复") {
		t.Errorf("status %q", s.status.Text)
	}
	// The safety backup joins this database's list; the other's stay out.
	if len(s.items) != 2 || s.items[0].Reason != "beforerestore" {
		t.Errorf("after restore the list is %+v", s.items)
	}
}

// findButton finds a button of the given importance in o's tree.
func findButton(o fyne.CanvasObject, imp widget.Importance) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Importance == imp {
		return b
	}
	var kids []fyne.CanvasObject
	switch v := o.(type) {
	case *fyne.Container:
		kids = v.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(v).Objects()
	}
	for _, k := range kids {
		if b := findButton(k, imp); b != nil {
			return b
		}
	}
	return nil
}
