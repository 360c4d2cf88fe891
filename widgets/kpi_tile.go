package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KPITile shows one headline figure as a card: a label, the value, its change
// against the previous period and a short note.
type KPITile struct {
	widget.BaseWidget

	Label  string // e.g. "复购率", already translated
	Value  string // formatted by the caller, never elided
	Change string // e.g. "+3.2 %"; empty hides it
	// Trend colours Change: +1 success, -1 error, 0 neutral. Callers decide
	// whether a rise is good (a rising churn rate should pass -1).
	Trend int
	Note  string // small help text under the value
}

// NewKPITile returns a tile showing value under label.
func NewKPITile(label, value string) *KPITile {
	t := &KPITile{Label: label, Value: value}
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (t *KPITile) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	r := &kpiRenderer{
		tile:   t,
		bg:     canvas.NewRectangle(color.Transparent),
		label:  canvas.NewText("", color.Transparent),
		value:  canvas.NewText("", color.Transparent),
		change: canvas.NewText("", color.Transparent),
		note:   canvas.NewText("", color.Transparent),
	}
	r.value.TextStyle.Bold = true
	r.change.TextStyle.Bold = true
	r.objs = []fyne.CanvasObject{r.bg, r.label, r.value, r.change, r.note}
	r.Refresh()
	return r
}

type kpiRenderer struct {
	tile                       *KPITile
	bg                         *canvas.Rectangle
	label, value, change, note *canvas.Text
	objs                       []fyne.CanvasObject
}

func (r *kpiRenderer) Destroy() {}

func (r *kpiRenderer) Objects() []fyne.CanvasObject { return r.objs }

func style(t *canvas.Text) textStyle { return textStyle{t.TextSize, t.TextStyle} }

func (r *kpiRenderer) MinSize() fyne.Size {
	th := r.tile.Theme()
	ip := th.Size(theme.SizeNameInnerPadding)
	pad := th.Size(theme.SizeNamePadding)
	// the value must always show in full; labels and notes are elided
	w := style(r.value).measure(r.tile.Value).Width
	if r.tile.Change != "" {
		w += pad + style(r.change).measure(r.tile.Change).Width
	}
	w = max32(w, 100)
	h := style(r.label).lineHeight() + style(r.value).lineHeight() + pad
	if r.tile.Note != "" {
		h += style(r.note).lineHeight() + pad/2
	}
	return fyne.NewSize(w+2*ip, h+2*ip)
}

func (r *kpiRenderer) Refresh() {
	t := r.tile
	th := t.Theme()
	v := variant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.bg.StrokeWidth = 1
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius) * 2

	r.label.TextSize = th.Size(theme.SizeNameText)
	r.label.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.value.Text = t.Value
	r.value.TextSize = th.Size(theme.SizeNameHeadingText)
	r.value.Color = th.Color(theme.ColorNameForeground, v)
	r.change.Text = t.Change
	r.change.TextSize = th.Size(theme.SizeNameText)
	r.change.Hidden = t.Change == ""
	switch {
	case t.Trend > 0:
		r.change.Color = th.Color(theme.ColorNameSuccess, v)
	case t.Trend < 0:
		r.change.Color = th.Color(theme.ColorNameError, v)
	default:
		r.change.Color = th.Color(theme.ColorNamePlaceHolder, v)
	}
	r.note.TextSize = th.Size(theme.SizeNameCaptionText)
	r.note.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.note.Hidden = t.Note == ""
	r.Layout(t.Size())
	for _, o := range r.objs {
		o.Refresh()
	}
}

func (r *kpiRenderer) Layout(size fyne.Size) {
	t := r.tile
	th := t.Theme()
	ip := th.Size(theme.SizeNameInnerPadding)
	pad := th.Size(theme.SizeNamePadding)
	r.bg.Resize(size)
	r.bg.Move(fyne.NewPos(0, 0))
	w := max32(0, size.Width-2*ip)
	y := ip
	lh := style(r.label).lineHeight()
	place(r.label, box{ip, y, w, lh})
	setText(r.label, style(r.label).elide(t.Label, w))
	y += lh + pad
	vh := style(r.value).lineHeight()
	vw := style(r.value).measure(t.Value).Width
	place(r.value, box{ip, y, vw, vh})
	if !r.change.Hidden {
		cs := style(r.change)
		ch := cs.lineHeight()
		// change sits after the value, on its baseline
		place(r.change, box{ip + vw + pad, y + vh - ch - 2, max32(0, w-vw-pad), ch})
		setText(r.change, cs.elide(t.Change, max32(0, w-vw-pad)))
	}
	y += vh + pad/2
	place(r.note, box{ip, y, w, style(r.note).lineHeight()})
	setText(r.note, style(r.note).elide(t.Note, w))
}
