package calls

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/calls"
	"huitouke/data/calls/rules"
)

// keySink takes the keyboard while the agent works without typing text:
// digits log outcomes, Enter saves, Esc cancels, Tab goes to the note. It is
// focusable and accepts Tab itself, so Tab does not wander off to the
// navigation list (the driver would move focus before we could see it).
type keySink struct {
	widget.BaseWidget
	label   string
	focused bool
	onKey   func(*fyne.KeyEvent)
}

func newKeySink(label string, onKey func(*fyne.KeyEvent)) *keySink {
	k := &keySink{label: label, onKey: onKey}
	k.ExtendBaseWidget(k)
	return k
}

func (k *keySink) FocusGained()     { k.focused = true; k.Refresh() }
func (k *keySink) FocusLost()       { k.focused = false; k.Refresh() }
func (k *keySink) TypedRune(rune)   {}
func (k *keySink) AcceptsTab() bool { return true }
func (k *keySink) TypedKey(ev *fyne.KeyEvent) {
	if k.onKey != nil {
		k.onKey(ev)
	}
}

// Tapped focuses the sink, so a click on the workspace gives the keys back.
func (k *keySink) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
		c.Focus(k)
	}
}

func (k *keySink) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	txt := canvas.NewText(k.label, theme.Color(theme.ColorNamePlaceHolder))
	r := &keySinkRenderer{k: k, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type keySinkRenderer struct {
	k   *keySink
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *keySinkRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos(theme.Padding()*2, (s.Height-ts.Height)/2))
	r.txt.Resize(ts)
}

func (r *keySinkRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+theme.Padding()*4, ts.Height+theme.Padding()*2)
}

func (r *keySinkRenderer) Refresh() {
	r.txt.Text = r.k.label
	if r.k.focused {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
		r.txt.Color = theme.Color(theme.ColorNameForeground)
	} else {
		r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		r.txt.Color = theme.Color(theme.ColorNamePlaceHolder)
	}
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *keySinkRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *keySinkRenderer) Destroy()                     {}

// keyEntry is a single-line entry for the workspace: Enter and Esc go to
// the workspace, and Alt+digit logs an outcome even while typing (canvas
// shortcuts do not reach the window while an entry has the focus).
type keyEntry struct {
	widget.Entry
	// swallow is the character of the key that moved the focus here: the
	// driver delivers that key's rune to the newly focused entry right
	// after the key itself ("4" chose "busy" and must not be typed).
	swallow rune
	onEnter func()
	onEsc   func()
	onAlt   func(fyne.KeyName) bool
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.onEnter != nil && !e.MultiLine {
			e.onEnter()
			return
		}
	case fyne.KeyEscape:
		if e.onEsc != nil {
			e.onEsc()
			return
		}
	}
	e.Entry.TypedKey(ev)
}

func (e *keyEntry) TypedRune(r rune) {
	if sw := e.swallow; sw != 0 {
		e.swallow = 0
		if r == sw {
			return
		}
	}
	e.Entry.TypedRune(r)
}

// keyRune is the character a single-character key types ("S" types 's').
func keyRune(k fyne.KeyName) rune {
	if len(k) != 1 {
		return 0
	}
	c := rune(k[0])
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}

func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.Modifier == fyne.KeyModifierAlt && e.onAlt != nil {
		if e.onAlt(cs.KeyName) {
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// focusEntry gives e the keyboard; when a key press moved it there, the
// character of that key is not typed into it.
func (s *callsScreen) focusEntry(e *keyEntry) {
	e.swallow = s.lastKey
	s.u.Win().Canvas().Focus(e)
}

// handleKey is the keyboard map of the workspace (keys reach it when no
// text field has the focus).
func (s *callsScreen) handleKey(ev *fyne.KeyEvent) {
	s.lastKey = keyRune(ev.Name)
	defer func() { s.lastKey = 0 }()
	if o, ok := outcomeForKey(ev.Name); ok {
		s.choose(o)
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.save()
	case fyne.KeyEscape:
		s.cancel()
	case fyne.KeyTab:
		s.u.Win().Canvas().Focus(s.out.note)
	case fyne.KeyDown, fyne.KeyJ:
		s.move(1)
	case fyne.KeyUp, fyne.KeyK:
		s.move(-1)
	case fyne.KeyO:
		if s.card.objShown == objAll {
			s.card.objShown = objNone
		} else {
			s.card.objShown = objAll
		}
		s.render()
	case fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5:
		s.showObjection(int(ev.Name[1] - '1'))
	case fyne.KeyC:
		s.copyPhone()
	case fyne.KeyD:
		s.dial()
	case fyne.KeyS:
		if s.out.scoresRow.Visible() {
			s.focusEntry(s.out.scores)
		}
	}
}

func (s *callsScreen) showObjection(i int) {
	objs := s.ss.book.Objections
	if i < 0 || i >= len(objs) {
		return
	}
	s.card.objShown = i
	s.render()
	// An objection that calls for an outcome preselects it.
	switch objs[i].Action {
	case rules.ActionCallback:
		s.choose(calls.Busy)
	case rules.ActionComplaint:
		s.choose(calls.Complaint)
	case rules.ActionDoNotContact:
		s.choose(calls.DoNotContact)
	}
}

func outcomeForKey(k fyne.KeyName) (calls.Outcome, bool) {
	if len(k) == 1 && k[0] >= '1' && k[0] <= '8' {
		return calls.Outcomes()[k[0]-'1'], true
	}
	return "", false
}
