// Package kit holds the small things every screen of the window shares: the background
// runner, the empty state, dialog sizes, money and count formatting, and the names of the
// screens. Feature packages (app/calls, app/customers, …) use it; it knows no feature.
package kit

import (
	"log"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// Screen is one page of the window.
type Screen interface {
	// Object is the screen's root, built once.
	Object() fyne.CanvasObject
	// Shown is called each time the screen comes to the front.
	Shown()
}

// Background runs slow work (queries, saves, imports, exports, recompute) off the UI
// goroutine; the work reports back with fyne.Do. It is the one runner every screen uses, so
// tests make all of them synchronous at once (Sync): Fyne's test driver runs fyne.Do on the
// calling goroutine, so work left on its own goroutine would touch widgets concurrently with
// the test.
var Background = func(work func()) { go work() }

// Go runs work off the UI goroutine, then done on it.
func Go(work, done func()) {
	Background(func() {
		work()
		if done != nil {
			fyne.Do(done)
		}
	})
}

// GoSafe runs work on the background runner and logs, rather than crashes on, a panic: a
// load still running when the window closes finds the store closed (a nil pool, which
// database/sql answers with a panic).
func GoSafe(what string, work func()) {
	Background(func() {
		defer func() {
			if p := recover(); p != nil {
				log.Printf("%s: background work stopped: %v", what, p)
			}
		}()
		work()
	})
}

// EmptyState is what a screen shows before there is data: what the screen will hold and a
// button that leads to importing (toImport), with icon, title and text.
func EmptyState(toImport func(), icon fyne.Resource, title, text string) fyne.CanvasObject {
	img := widget.NewIcon(icon)
	iconBox := container.NewGridWrap(fyne.NewSize(72, 72), img)
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(text)
	body.Alignment = fyne.TextAlignCenter
	body.Wrapping = fyne.TextWrapWord
	btn := widget.NewButtonWithIcon(lang.X("empty.import", "导入订单文件"), theme.UploadIcon(), toImport)
	btn.Importance = widget.HighImportance
	hint := canvas.NewText(lang.X("empty.drop", "也可以直接把 Excel / CSV 文件拖到窗口里"), theme.Color(theme.ColorNamePlaceHolder))
	hint.Alignment = fyne.TextAlignCenter
	hint.TextSize = theme.CaptionTextSize()
	col := container.NewVBox(container.NewCenter(iconBox), t, body, container.NewCenter(btn), hint)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 300), col))
}

// ShowContent puts empty on root while the shop has no data yet (hasData false), else
// *content, built by build the first time. It reports whether the content is shown and
// whether it was just built.
func ShowContent(hasData bool, root *fyne.Container, empty fyne.CanvasObject, content *fyne.CanvasObject, build func() fyne.CanvasObject) (shown, built bool) {
	if !hasData {
		root.Objects = []fyne.CanvasObject{empty}
		root.Refresh()
		return false, false
	}
	if *content == nil {
		*content, built = build(), true
	}
	root.Objects = []fyne.CanvasObject{*content}
	root.Refresh()
	return true, built
}

// DialogSize is w×h, shrunk to fit inside win with a margin.
func DialogSize(win fyne.Window, w, h float32) fyne.Size {
	s := win.Canvas().Size()
	if s.Width > 100 {
		w = min(w, s.Width-40)
	}
	if s.Height > 100 {
		h = min(h, s.Height-40)
	}
	return fyne.NewSize(w, h)
}

// Preference keys (Fyne's preferences, per user and machine) that several screens read.
const (
	PrefAgent     = "agent.name"
	PrefLanguage  = "ui.language"
	PrefThemeMode = "ui.theme"
)

// URIPath is the file path of a dropped or picked file.
func URIPath(uri fyne.URI) string {
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

// CustomerFilter selects customers in the list; zero fields select all. Screens that lead to
// the list (a segment chart, for example) fill it in.
type CustomerFilter struct {
	Search        string
	Segment       string // new|active|cooling|dormant_high|dormant_low|lost|none
	RFM           string // important_value … general_retain
	Level         string
	Tag           string
	Platform      string
	BirthdayMonth int // 1..12, 0 = any
	DoNotContact  int // 0 any, 1 only do-not-contact, -1 only contactable
}
