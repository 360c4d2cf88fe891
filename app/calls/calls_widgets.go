package calls

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/resources/vocab"
)

// badge is a coloured reason tag: a tinted rounded box with the reason in
// the reason's colour.
type badge struct {
	widget.BaseWidget
	text  string
	color color.Color
}

func newBadge() *badge {
	b := &badge{color: theme.Color(theme.ColorNamePrimary)}
	b.ExtendBaseWidget(b)
	return b
}

func (b *badge) set(text string, c color.Color) {
	if b.text == text && b.color == c {
		return
	}
	b.text, b.color = text, c
	b.Refresh()
}

func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = theme.InputRadiusSize()
	txt := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	txt.TextSize = theme.CaptionTextSize()
	r := &badgeRenderer{b: b, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

func (r *badgeRenderer) Layout(s fyne.Size) {
	// A stroked rounded box smaller than its corners makes the software
	// painter (screenshots, tests) fail: outline only once it fits.
	if s.Width > 2*r.bg.CornerRadius+2 && s.Height > 2*r.bg.CornerRadius+2 {
		r.bg.StrokeWidth = 1
	} else {
		r.bg.StrokeWidth = 0
	}
	r.bg.Resize(s)
	ts := r.txt.MinSize()
	r.txt.Move(fyne.NewPos((s.Width-ts.Width)/2, (s.Height-ts.Height)/2))
	r.txt.Resize(ts)
}

func (r *badgeRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+theme.Padding()*3, ts.Height+theme.Padding())
}

func (r *badgeRenderer) Refresh() {
	r.txt.Text = r.b.text
	cr, cg, cb, _ := r.b.color.RGBA()
	r.bg.FillColor = color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0x38}
	r.bg.StrokeColor = r.b.color
	r.txt.Color = theme.Color(theme.ColorNameForeground)
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *badgeRenderer) Destroy()                     {}

// callRow is one line of the day's list: reason badge, name, due, status.
type callRow struct {
	widget.BaseWidget
	reason *badge
	name   *widget.Label
	due    *canvas.Text
	status *widget.Icon
	box    fyne.CanvasObject
}

func newCallRow() *callRow {
	r := &callRow{reason: newBadge(), name: widget.NewLabel("王女士 王女士"), due: canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
		status: widget.NewIcon(nil)}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.due.TextSize = theme.CaptionTextSize()
	badgeBox := container.NewGridWrap(fyne.NewSize(badgeWidth(), 24), r.reason)
	// Two lines: the person, then when and what the call is worth. On one line the name of a
	// person with several platform accounts had no room beside the due day and the value.
	r.name.Importance = widget.MediumImportance
	lines := container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()), r.name, container.NewPadded(r.due))
	r.box = container.NewBorder(nil, nil, container.NewCenter(badgeBox),
		container.NewCenter(container.NewGridWrap(fyne.NewSize(20, 20), r.status)), lines)
	r.ExtendBaseWidget(r)
	return r
}

func (r *callRow) set(it calls.Item, now time.Time) {
	r.reason.set(vocab.Reason(it.Reason), reasonColor(it.Reason))
	name := it.Name
	if name == "" {
		name = it.Nickname
	}
	if n := len(it.Members); n > 1 {
		name = lang.X("calls.row.records", "{{.Name}}（{{.N}} 个平台账号）", map[string]any{"Name": name, "N": n})
	}
	r.name.SetText(name)
	r.due.Text = dueText(it, now)
	if it.ValueFen > 0 {
		r.due.Text += "  " + lang.X("calls.row.value", "价值 {{.V}}", map[string]any{"V": kit.Yuan(it.ValueFen)})
	}
	r.due.Color = theme.Color(theme.ColorNamePlaceHolder)
	if it.Overdue(now) {
		r.due.Color = theme.Color(theme.ColorNameError)
	}
	r.due.Refresh()
	switch it.Status {
	case calls.StatusDone:
		r.status.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	case calls.StatusSkipped:
		r.status.SetResource(theme.MediaSkipNextIcon())
	case calls.StatusWorking:
		r.status.SetResource(theme.NewPrimaryThemedResource(theme.MediaRecordIcon()))
	default:
		r.status.SetResource(nil)
	}
}

// badgeWidth fits the longest reason name of the current language, so the
// badges line up and none is clipped.
func badgeWidth() float32 {
	w := float32(0)
	for _, rs := range append(rules.Reasons(), rules.ReasonManual) {
		w = max(w, fyne.MeasureText(vocab.Reason(rs), theme.CaptionTextSize(), fyne.TextStyle{}).Width)
	}
	return w + theme.Padding()*3
}

func (r *callRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

// newDialog is a small form dialog whose OK runs submit (Enter in its
// entries runs submit too, see keyEntry).
func newDialog(title, text string, content fyne.CanvasObject, submit func(), win fyne.Window) dialog.Dialog {
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(lbl, content)
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(title, lang.X("calls.ok", "确定 (Enter)"), lang.X("calls.cancel", "取消 (Esc)"),
		container.NewGridWrap(fyne.NewSize(420, box.MinSize().Height+40), box), func(ok bool) {
			if ok {
				submit()
			}
		}, win)
	return d
}
