package app

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
)

// syncBackground makes the screens' background work (figures, customers,
// calls, demo) finish before the call that started it returns. Fyne's test
// driver runs fyne.Do on the calling goroutine, so work left on its own
// goroutine would race with the test. newTestUI calls it.
func syncBackground(t testing.TB) {
	t.Helper()
	kittest.Sync(t)
}

func newTestUI(t *testing.T) (*UI, fyne.App) {
	t.Helper()
	syncBackground(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(&kit.Theme{})
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := a.NewWindow("回头客 Huitouke")
	w.Resize(fyne.NewSize(1100, 720))
	u := New(a, w, st)
	t.Cleanup(w.Close)
	return u, a
}

func TestEveryNavigationEntryShowsItsScreen(t *testing.T) {
	u, a := newTestUI(t)
	if u.Current() != kit.ScreenOverview {
		t.Fatalf("first screen %q, want overview", u.Current())
	}
	for i, e := range u.entries {
		// Tap the entry as a user would: through the list.
		u.nav.Select(i)
		if u.Current() != e.name {
			t.Fatalf("after selecting %q the current screen is %q", e.name, u.Current())
		}
		s := u.screens[e.name]
		if s == nil || len(u.body.Objects) != 1 || u.body.Objects[0] != s.Object() {
			t.Fatalf("screen %q is not in the window body", e.name)
		}
		if s.Object().MinSize().IsZero() {
			t.Errorf("screen %q renders nothing", e.name)
		}
		if got := a.Preferences().String(prefLastScreen); got != e.name {
			t.Errorf("last screen remembered as %q, want %q", got, e.name)
		}
	}
}

func TestScreensWithoutDataLeadToImport(t *testing.T) {
	u, _ := newTestUI(t)
	u.Show(kit.ScreenCustomers)
	// The empty state's button is the way to the import screen.
	btn := kittest.FindButton(u.body, "导入订单文件")
	if btn == nil {
		t.Fatal("customers screen without data has no import button")
	}
	test.Tap(btn)
	if u.Current() != kit.ScreenImport {
		t.Fatalf("import button led to %q", u.Current())
	}
}

func TestDroppedFilesReachTheImportScreen(t *testing.T) {
	u, _ := newTestUI(t)
	u.Show(kit.ScreenSettings)
	// The import screen's own handling is tested in app/imports; here, what
	// the shell hands it.
	rec := &receiver{Screen: u.screen(kit.ScreenImport)}
	u.screens[kit.ScreenImport] = rec
	// Test windows ignore SetOnDropped, so call the handler as the driver would.
	u.Dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI("/tmp/淘宝订单.xlsx"), nil})
	if u.Current() != kit.ScreenImport {
		t.Fatalf("drop left the window on %q", u.Current())
	}
	if len(rec.files) != 1 || filepath.Base(rec.files[0]) != "淘宝订单.xlsx" {
		t.Fatalf("import screen received %v", rec.files)
	}
}

// receiver records the files handed to the import screen.
type receiver struct {
	kit.Screen
	files []string
}

func (r *receiver) ReceiveFiles(paths []string) { r.files = append(r.files, paths...) }

func TestLastScreenIsRemembered(t *testing.T) {
	u, a := newTestUI(t)
	u.Show(kit.ScreenSegments)
	w := a.NewWindow("again")
	u2 := New(a, w, u.Store())
	defer w.Close()
	if u2.Current() != kit.ScreenSegments {
		t.Fatalf("reopened on %q, want segments", u2.Current())
	}
}
