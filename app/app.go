// Package app is Huitouke's window shell: navigation, menu, help, the first-run guide and
// demo switching. Each feature lives in its own package below (app/calls, app/customers,
// app/imports, app/figures, app/scripts, app/settings) and reaches the shell only through
// the small interface it declares; UI implements all of them.
package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/calls"
	"huitouke/app/customers"
	"huitouke/app/figures"
	"huitouke/app/imports"
	"huitouke/app/kit"
	"huitouke/app/scripts"
	"huitouke/app/settings"
	"huitouke/data"
)

type navEntry struct {
	name  string
	title func() string
	icon  fyne.Resource
	make  func(u *UI) kit.Screen
}

func navEntries() []navEntry {
	return []navEntry{
		{kit.ScreenOverview, func() string { return lang.X("nav.overview", "概览") }, theme.HomeIcon(), func(u *UI) kit.Screen { return figures.NewOverview(u) }},
		{kit.ScreenImport, func() string { return lang.X("nav.import", "导入") }, theme.UploadIcon(), func(u *UI) kit.Screen { return imports.New(u) }},
		{kit.ScreenCustomers, func() string { return lang.X("nav.customers", "客户") }, theme.AccountIcon(), func(u *UI) kit.Screen { return customers.New(u) }},
		{kit.ScreenSegments, func() string { return lang.X("nav.segments", "分群") }, theme.GridIcon(), func(u *UI) kit.Screen { return figures.NewSegments(u) }},
		{kit.ScreenCalls, func() string { return lang.X("nav.calls", "回访") }, theme.MailReplyIcon(), func(u *UI) kit.Screen { return calls.New(u) }},
		{kit.ScreenScripts, func() string { return lang.X("nav.scripts", "话术") }, theme.DocumentIcon(), func(u *UI) kit.Screen { return scripts.New(u) }},
		{kit.ScreenSettings, func() string { return lang.X("nav.settings", "设置") }, theme.SettingsIcon(), func(u *UI) kit.Screen {
			return settings.New(u, figures.SettingsSection(u), calls.SettingsSection(u))
		}},
	}
}

// Preference keys of the window itself; the ones screens share are in kit.
const (
	prefWindowSize = "window.size" // "WxH": one key, so one write saves both
	prefLastScreen = "window.screen"
)

// UI is the main window's state: the shell every feature screen works through.
type UI struct {
	app   fyne.App
	win   fyne.Window
	store *data.Store
	ctx   context.Context

	entries []navEntry
	screens map[string]kit.Screen
	current string
	nav     *widget.List
	body    *fyne.Container

	figures *figures.Recomputer // the figure cache and recompute runner of this window
	cards   *customers.Cards    // the customer card windows open now

	// Hooks registered by screens; dropped with the screens when the store is
	// switched (demo, restore), so screens no longer shown stop being called.
	dataChanged []func()
	onClose     []func()
}

// New builds the main window's content on win. Call it on the UI goroutine.
func New(a fyne.App, win fyne.Window, st *data.Store) *UI {
	u := &UI{app: a, win: win, store: st, ctx: context.Background(), screens: map[string]kit.Screen{}}
	u.figures = figures.NewRecomputer(u)
	u.cards = customers.NewCards(u)
	u.entries = navEntries()
	u.body = container.NewStack()
	u.nav = widget.NewList(
		func() int { return len(u.entries) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("导航 Navigation"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(u.entries[id].icon)
			row.Objects[1].(*widget.Label).SetText(u.entries[id].title())
		},
	)
	u.nav.OnSelected = func(id widget.ListItemID) { u.show(u.entries[id].name) }

	title := widget.NewLabelWithStyle(lang.X("app.name", "回头客"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	left := container.NewBorder(container.NewPadded(title), nil, nil, nil, u.nav)
	split := container.NewHSplit(left, u.body)
	split.Offset = 0.14
	win.SetContent(split)
	win.SetOnDropped(u.Dropped)
	u.installMenu()

	last := a.Preferences().StringWithFallback(prefLastScreen, kit.ScreenOverview)
	if u.indexOf(last) < 0 {
		last = kit.ScreenOverview
	}
	u.Show(last)
	// Segments age with the calendar: refresh yesterday's figures in the
	// background whichever screen the user starts on.
	u.RecomputeIfStale()
	return u
}

func (u *UI) indexOf(name string) int {
	for i, e := range u.entries {
		if e.name == name {
			return i
		}
	}
	return -1
}

// Show brings a screen to the front and selects it in the navigation.
func (u *UI) Show(name string) {
	i := u.indexOf(name)
	if i < 0 {
		return
	}
	if u.current == name {
		u.screen(name).Shown()
		return
	}
	u.nav.Select(i) // calls show through OnSelected
}

func (u *UI) show(name string) {
	s := u.screen(name)
	u.current = name
	u.body.Objects = []fyne.CanvasObject{s.Object()}
	u.body.Refresh()
	u.App().Preferences().SetString(prefLastScreen, name)
	s.Shown()
}

// Current is the screen in front.
func (u *UI) Current() string { return u.current }

func (u *UI) screen(name string) kit.Screen {
	if s, ok := u.screens[name]; ok {
		return s
	}
	e := u.entries[u.indexOf(name)]
	s := e.make(u)
	u.screens[name] = s
	return s
}

// OnDataChanged registers fn to run (on the UI goroutine) after imports,
// merges, restores and other changes that alter figures. It is for screens:
// their hooks are dropped when the screens are rebuilt (switchStore).
func (u *UI) OnDataChanged(fn func()) { u.dataChanged = append(u.dataChanged, fn) }

// DataChanged tells every screen that the data changed. Call it on the UI
// goroutine (from a worker, through fyne.Do).
func (u *UI) DataChanged() {
	u.figures.DataChanged()
	for _, fn := range u.dataChanged {
		fn()
	}
	if s, ok := u.screens[u.current]; ok {
		s.Shown()
	}
}

// Dropped receives files dropped anywhere on the window and hands them to
// the import screen.
func (u *UI) Dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri == nil || uri.Scheme() != "file" {
			continue
		}
		paths = append(paths, kit.URIPath(uri))
	}
	if len(paths) == 0 {
		return
	}
	u.Show(kit.ScreenImport)
	if is, ok := u.screen(kit.ScreenImport).(fileReceiver); ok {
		is.ReceiveFiles(paths)
	}
}

// fileReceiver is a screen that takes dropped or picked files.
type fileReceiver interface {
	ReceiveFiles(paths []string)
}

// OnClose registers fn to run when the window is about to close, to flush
// pending edits. Like OnDataChanged it is for screens: dropped with them.
func (u *UI) OnClose(fn func()) { u.onClose = append(u.onClose, fn) }

// Closing runs the close hooks and remembers the window size. main calls it
// from the window's close intercept.
func (u *UI) Closing() {
	for _, fn := range u.onClose {
		fn()
	}
	u.cards.FlushAll()
	u.SaveWindowSize()
}

// SaveWindowSize remembers the window's size for the next start.
func (u *UI) SaveWindowSize() {
	s := u.Win().Canvas().Size()
	if s.Width > 100 && s.Height > 100 {
		u.App().Preferences().SetString(prefWindowSize, fmt.Sprintf("%.0fx%.0f", s.Width, s.Height))
	}
}

// WindowSize is the size to open with: the remembered one, or a sensible
// first size.
func WindowSize(a fyne.App) fyne.Size {
	var w, h float32
	if _, err := fmt.Sscanf(a.Preferences().String(prefWindowSize), "%fx%f", &w, &h); err != nil || w < 640 || h < 420 {
		w, h = 1180, 760
	}
	return fyne.NewSize(w, h)
}

// AgentName is the name of the agent using this computer.
func (u *UI) AgentName() string {
	return strings.TrimSpace(u.App().Preferences().String(kit.PrefAgent))
}

// App is the Fyne application.
func (u *UI) App() fyne.App { return u.app }

// Win is the main window.
func (u *UI) Win() fyne.Window { return u.win }

// Store is the database the window works on now (it changes in demo mode and on restore).
func (u *UI) Store() *data.Store { return u.store }

// Ctx is the window's context.
func (u *UI) Ctx() context.Context { return u.ctx }

// Built is the screen called name if it has been built (nil otherwise): features reach each
// other's screens through interfaces, never through their types.
func (u *UI) Built(name string) kit.Screen { return u.screens[name] }

// GoImport shows the import screen (the empty states' button).
func (u *UI) GoImport() { u.Show(kit.ScreenImport) }

// HasData tells whether any order or customer is stored.
func (u *UI) HasData() bool {
	c, err := u.store.Counts(u.ctx)
	return err == nil && (c.Orders > 0 || c.Customers > 0)
}

// OpenCustomers shows the customer list with filter set (from a segment chart, for example).
func (u *UI) OpenCustomers(f kit.CustomerFilter) {
	u.Show(kit.ScreenCustomers)
	if s, ok := u.screens[kit.ScreenCustomers].(interface{ SetFilter(kit.CustomerFilter) }); ok {
		s.SetFilter(f)
	}
}

// OpenCustomer opens the card of one customer in its own window.
func (u *UI) OpenCustomer(id int64) { u.cards.Open(id) }

// Recompute refreshes the derived figures off the UI goroutine, then calls done and tells
// every screen (see figures.Recomputer).
func (u *UI) Recompute(done func()) { u.figures.Recompute(done) }

// RecomputeIfStale starts a recompute when the stored figures are from another day.
func (u *UI) RecomputeIfStale() { u.figures.RecomputeIfStale() }

// ReloadScripts tells the call workspace, if built, that the scripts were edited.
func (u *UI) ReloadScripts() {
	if s, ok := u.screens[kit.ScreenCalls].(interface{ ReloadScripts() }); ok {
		s.ReloadScripts()
	}
}

// Figures is the window's figure cache and recompute runner.
func (u *UI) Figures() *figures.Recomputer { return u.figures }

// CloseCards saves and closes the customer card windows (before a restore replaces the data
// they show).
func (u *UI) CloseCards() { u.cards.StoreChanged() }
