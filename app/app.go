// Package app is Huitouke's window: navigation, screens and the glue between
// Fyne and the data layer. It is the only package that knows both.
package app

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data"
)

// Screen names, also stored as the last screen shown.
const (
	ScreenOverview  = "overview"
	ScreenImport    = "import"
	ScreenCustomers = "customers"
	ScreenSegments  = "segments"
	ScreenCalls     = "calls"
	ScreenScripts   = "scripts"
	ScreenSettings  = "settings"
)

// screen is one page of the window.
type screen interface {
	// Object is the screen's root, built once.
	Object() fyne.CanvasObject
	// Shown is called each time the screen comes to the front.
	Shown()
}

type navEntry struct {
	name  string
	title func() string
	icon  fyne.Resource
	make  func(u *UI) screen
}

func navEntries() []navEntry {
	return []navEntry{
		{ScreenOverview, func() string { return lang.X("nav.overview", "概览") }, theme.HomeIcon(), newOverviewScreen},
		{ScreenImport, func() string { return lang.X("nav.import", "导入") }, theme.UploadIcon(), newImportScreen},
		{ScreenCustomers, func() string { return lang.X("nav.customers", "客户") }, theme.AccountIcon(), newCustomersScreen},
		{ScreenSegments, func() string { return lang.X("nav.segments", "分群") }, theme.GridIcon(), newSegmentsScreen},
		{ScreenCalls, func() string { return lang.X("nav.calls", "回访") }, theme.MailReplyIcon(), newCallsScreen},
		{ScreenScripts, func() string { return lang.X("nav.scripts", "话术") }, theme.DocumentIcon(), newScriptsScreen},
		{ScreenSettings, func() string { return lang.X("nav.settings", "设置") }, theme.SettingsIcon(), newSettingsScreen},
	}
}

// Preference keys kept in Fyne's preferences (per user and machine).
const (
	prefWindowSize = "window.size" // "WxH": one key, so one write saves both
	prefLastScreen = "window.screen"
	prefAgent      = "agent.name"
	prefLanguage   = "ui.language"
	prefThemeMode  = "ui.theme"
)

// background runs slow work (queries, saves, imports, exports, recompute) off
// the UI goroutine; the work reports back with fyne.Do. It is the one runner
// every screen uses, so tests make all of them synchronous at once
// (syncBackground in app_test.go): Fyne's test driver runs fyne.Do on the
// calling goroutine, so work left on its own goroutine would touch widgets
// concurrently with the test.
var background = func(work func()) { go work() }

// inBackground runs work off the UI goroutine, then done on it.
func (u *UI) inBackground(work, done func()) {
	background(func() {
		work()
		fyne.Do(done)
	})
}

// UI is the main window's state, shared by the screens.
type UI struct {
	App   fyne.App
	Win   fyne.Window
	Store *data.Store
	Ctx   context.Context

	entries []navEntry
	screens map[string]screen
	current string
	nav     *widget.List
	body    *fyne.Container

	// Hooks registered by screens; dropped with the screens when the store is
	// switched (demo), so screens no longer shown stop being called.
	dataChanged []func()
	onClose     []func()
	// Hooks of the window itself (figure cache, card windows), kept across
	// store switches.
	windowDataChanged []func()
	windowOnClose     []func()
}

// New builds the main window's content on win. Call it on the UI goroutine.
func New(a fyne.App, win fyne.Window, st *data.Store) *UI {
	u := &UI{App: a, Win: win, Store: st, Ctx: context.Background(), screens: map[string]screen{}}
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

	last := a.Preferences().StringWithFallback(prefLastScreen, ScreenOverview)
	if u.indexOf(last) < 0 {
		last = ScreenOverview
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
	u.App.Preferences().SetString(prefLastScreen, name)
	s.Shown()
}

// Current is the screen in front.
func (u *UI) Current() string { return u.current }

func (u *UI) screen(name string) screen {
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

// onDataChangedWindow registers a hook of the window itself, kept for the
// window's life (not dropped with the screens).
func (u *UI) onDataChangedWindow(fn func()) { u.windowDataChanged = append(u.windowDataChanged, fn) }

// DataChanged tells every screen that the data changed. Call it on the UI
// goroutine (from a worker, through fyne.Do).
func (u *UI) DataChanged() {
	for _, fn := range u.windowDataChanged {
		fn()
	}
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
		paths = append(paths, uriPath(uri))
	}
	if len(paths) == 0 {
		return
	}
	u.Show(ScreenImport)
	if is, ok := u.screen(ScreenImport).(fileReceiver); ok {
		is.ReceiveFiles(paths)
	}
}

// fileReceiver is a screen that takes dropped or picked files.
type fileReceiver interface {
	ReceiveFiles(paths []string)
}

func uriPath(uri fyne.URI) string {
	p := uri.Path()
	if p == "" {
		if parsed, err := url.Parse(uri.String()); err == nil {
			p = parsed.Path
		}
	}
	// file:///C:/x on Windows comes as /C:/x.
	if len(p) > 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

// OnClose registers fn to run when the window is about to close, to flush
// pending edits. Like OnDataChanged it is for screens: dropped with them.
func (u *UI) OnClose(fn func()) { u.onClose = append(u.onClose, fn) }

// onCloseWindow registers a close hook of the window itself, kept for the
// window's life.
func (u *UI) onCloseWindow(fn func()) { u.windowOnClose = append(u.windowOnClose, fn) }

// Closing runs the close hooks and remembers the window size. main calls it
// from the window's close intercept.
func (u *UI) Closing() {
	for _, fn := range u.onClose {
		fn()
	}
	for _, fn := range u.windowOnClose {
		fn()
	}
	u.SaveWindowSize()
}

// SaveWindowSize remembers the window's size for the next start.
func (u *UI) SaveWindowSize() {
	s := u.Win.Canvas().Size()
	if s.Width > 100 && s.Height > 100 {
		u.App.Preferences().SetString(prefWindowSize, fmt.Sprintf("%.0fx%.0f", s.Width, s.Height))
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
	return strings.TrimSpace(u.App.Preferences().String(prefAgent))
}
