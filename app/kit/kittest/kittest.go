// Package kittest is a stand-in for the window shell, for the tests of one feature package
// at a time: a real Fyne test app and window, a real store in a temporary folder, and a
// record of what the feature asked of the shell (screens shown, customers opened, data
// changes). The background runner is made synchronous.
package kittest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
)

// Shell implements every feature's Shell interface.
type Shell struct {
	T     testing.TB
	A     fyne.App
	W     fyne.Window
	St    *data.Store
	Agent string
	Demo  bool

	Shown          []string              // screens shown, in order
	Screens        map[string]kit.Screen // what Built answers
	Opened         []int64               // customers whose card was asked for
	Filters        []kit.CustomerFilter  // OpenCustomers calls
	Changes        int                   // DataChanged calls
	Recomputes     int                   // Recompute calls
	ScriptReloads  int                   // ReloadScripts calls
	CardsClosed    int                   // CloseCards calls
	GuideObject    fyne.CanvasObject     // what FirstRunGuide returns
	OnOpenCustomer func(id int64)        // optional: what OpenCustomer does besides recording
	dataChanged    []func()
	onClose        []func()
}

// Sync makes kit.Background run work on the calling goroutine for the test's duration.
func Sync(t testing.TB) {
	t.Helper()
	old := kit.Background
	kit.Background = func(work func()) { work() }
	t.Cleanup(func() { kit.Background = old })
}

// New makes a shell over an empty store in t.TempDir(), with a 1100×720 test window.
func New(t testing.TB) *Shell {
	t.Helper()
	Sync(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(&kit.Theme{})
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := a.NewWindow("回头客 Huitouke")
	w.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(w.Close)
	return &Shell{T: t, A: a, W: w, St: st, Screens: map[string]kit.Screen{}}
}

// Put shows s in the window, as the shell does when its screen is selected.
func (s *Shell) Put(name string, sc kit.Screen) {
	s.Screens[name] = sc
	s.W.SetContent(sc.Object())
	sc.Shown()
}

func (s *Shell) App() fyne.App                    { return s.A }
func (s *Shell) Win() fyne.Window                 { return s.W }
func (s *Shell) Store() *data.Store               { return s.St }
func (s *Shell) Ctx() context.Context             { return context.Background() }
func (s *Shell) Built(name string) kit.Screen     { return s.Screens[name] }
func (s *Shell) GoImport()                        { s.Show(kit.ScreenImport) }
func (s *Shell) OnDataChanged(fn func())          { s.dataChanged = append(s.dataChanged, fn) }
func (s *Shell) OnClose(fn func())                { s.onClose = append(s.onClose, fn) }
func (s *Shell) InDemo() bool                     { return s.Demo }
func (s *Shell) ReloadScripts()                   { s.ScriptReloads++ }
func (s *Shell) CloseCards()                      { s.CardsClosed++ }
func (s *Shell) FirstRunGuide() fyne.CanvasObject { return s.GuideObject }

// Show records the screen; a screen put with Put is shown again.
func (s *Shell) Show(name string) {
	s.Shown = append(s.Shown, name)
	if sc := s.Screens[name]; sc != nil {
		sc.Shown()
	}
}

// Current is the last screen shown.
func (s *Shell) Current() string {
	if len(s.Shown) == 0 {
		return ""
	}
	return s.Shown[len(s.Shown)-1]
}

// HasData tells whether any order or customer is stored.
func (s *Shell) HasData() bool {
	c, err := s.St.Counts(context.Background())
	return err == nil && (c.Orders > 0 || c.Customers > 0)
}

// DataChanged runs the registered hooks.
func (s *Shell) DataChanged() {
	s.Changes++
	for _, fn := range s.dataChanged {
		fn()
	}
}

// Close runs the close hooks, as the window does when it closes.
func (s *Shell) Close() {
	for _, fn := range s.onClose {
		fn()
	}
}

// AgentName is Agent, or the preference the settings screen writes.
func (s *Shell) AgentName() string {
	if s.Agent != "" {
		return s.Agent
	}
	return strings.TrimSpace(s.A.Preferences().String(kit.PrefAgent))
}

// OpenCustomer records the customer and calls OnOpenCustomer when set.
func (s *Shell) OpenCustomer(id int64) {
	s.Opened = append(s.Opened, id)
	if s.OnOpenCustomer != nil {
		s.OnOpenCustomer(id)
	}
}

// OpenCustomers records the filter.
func (s *Shell) OpenCustomers(f kit.CustomerFilter) {
	s.Filters = append(s.Filters, f)
	s.Show(kit.ScreenCustomers)
}

// Recompute recomputes the stored figures as of today, synchronously, then calls done and
// tells the hooks.
func (s *Shell) Recompute(done func()) {
	s.Recomputes++
	if _, err := figures.Recompute(context.Background(), s.St, clock.Today()); err != nil {
		s.T.Errorf("recompute: %v", err)
	}
	if done != nil {
		done()
	}
	s.DataChanged()
}
