package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chartBase is embedded by every chart widget, as widget.BaseWidget is by
// Fyne's own widgets: it carries the BaseWidget and the pointer state behind
// the tooltip. Each chart adds its data fields, Tapped and its renderer.
type chartBase struct {
	widget.BaseWidget

	hover hover
}

// Every chart reacts to taps and shows a tooltip on hover.
var (
	_ fyne.Tappable     = (*BarChart)(nil)
	_ desktop.Hoverable = (*BarChart)(nil)
	_ fyne.Tappable     = (*DonutChart)(nil)
	_ desktop.Hoverable = (*DonutChart)(nil)
	_ fyne.Tappable     = (*HeatMap)(nil)
	_ desktop.Hoverable = (*HeatMap)(nil)
	_ fyne.Tappable     = (*LineChart)(nil)
	_ desktop.Hoverable = (*LineChart)(nil)
	_ fyne.Tappable     = (*ParetoChart)(nil)
	_ desktop.Hoverable = (*ParetoChart)(nil)
)

// hover is the pointer state each chart keeps for its tooltip.
type hover struct {
	active bool
	at     fyne.Position
}

// MouseIn shows the tooltip.
func (b *chartBase) MouseIn(ev *desktop.MouseEvent) { b.MouseMoved(ev) }

// MouseMoved moves the tooltip to what is under the pointer.
func (b *chartBase) MouseMoved(ev *desktop.MouseEvent) {
	b.hover = hover{active: true, at: ev.Position}
	b.Refresh()
}

// MouseOut hides the tooltip.
func (b *chartBase) MouseOut() {
	b.hover = hover{}
	b.Refresh()
}

// pointer returns where the pointer is while it is over the chart.
func (b *chartBase) pointer() (fyne.Position, bool) {
	return b.hover.at, b.hover.active
}

// emit calls f with index i when something was hit (i >= 0) and f is set.
func emit(f func(int), i int) {
	if i >= 0 && f != nil {
		f(i)
	}
}

// plotArea mirrors frame.layout so geometry can be computed without a renderer.
func plotArea(th fyne.Theme, size fyne.Size, title string) box {
	pad := th.Size(theme.SizeNamePadding)
	top := pad
	if title != "" {
		top += textStyle{th.Size(theme.SizeNameText), fyne.TextStyle{Bold: true}}.lineHeight() + pad
	}
	return box{pad, top, max32(0, size.Width-2*pad), max32(0, size.Height-top-pad)}
}

// chartPart is what a chart's renderer adds to the chartRenderer it embeds:
// its own canvas objects, and how to style and place them.
type chartPart interface {
	// styleParts sizes the chart's object slices to the data and sets their
	// text, colours and visibility from the theme; it says whether the chart
	// is empty and what the tooltip shows for the pointer, if anything.
	styleParts(th fyne.Theme, v fyne.ThemeVariant) (empty bool, tip, tipSub string)
	// appendParts appends the chart's objects, bottom to top, to dst.
	appendParts(dst []fyne.CanvasObject) []fyne.CanvasObject
	// layoutParts positions the chart's objects. It returns false when it
	// could not (the data changed since the last Refresh, which lays out
	// again), and the tooltip is then left where it is.
	layoutParts(th fyne.Theme, size fyne.Size) bool
}

// chartRenderer is the fyne.WidgetRenderer every chart renderer embeds. It
// keeps the canvas objects (the frame's title, empty text and tooltip around
// the chart's own ones), rebuilds their list and restyles them in Refresh and
// only positions them in Layout; the chart's own work is its chartPart.
type chartRenderer struct {
	base             *chartBase
	part             chartPart
	title, emptyText *string   // the chart's Title and EmptyText fields
	min              fyne.Size // smallest plot area; the title's height is added
	frame            *frame
	objs             []fyne.CanvasObject
	ownFrom, ownTo   int // the chart's own objects are objs[ownFrom:ownTo]
}

// link ties the renderer to its chart and runs the first Refresh, so part
// must be ready to style; title and emptyText point at the chart's fields of
// those names, minPlot is the smallest plot area.
func (r *chartRenderer) link(base *chartBase, part chartPart, title, emptyText *string, minPlot fyne.Size) {
	r.base, r.part, r.title, r.emptyText, r.min = base, part, title, emptyText, minPlot
	r.frame = newFrame()
	r.Refresh()
}

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *chartRenderer) MinSize() fyne.Size {
	p := plotArea(r.base.Theme(), fyne.NewSize(0, 0), *r.title)
	return fyne.NewSize(r.min.Width, r.min.Height+p.Y)
}

// own returns the chart's own objects, without the frame's.
func (r *chartRenderer) own() []fyne.CanvasObject { return r.objs[r.ownFrom:r.ownTo] }

func (r *chartRenderer) Refresh() {
	th := r.base.Theme()
	v := variant()
	empty, tip, sub := r.part.styleParts(th, v)
	r.frame.refresh(th, v, *r.title, *r.emptyText, empty, tip, sub)

	r.objs = append(r.objs[:0], r.frame.back()...)
	r.ownFrom = len(r.objs)
	r.objs = r.part.appendParts(r.objs)
	r.ownTo = len(r.objs)
	r.objs = append(r.objs, r.frame.front()...)
	r.Layout(r.base.Size())
	refreshAll(r.own())
}

func (r *chartRenderer) Layout(size fyne.Size) {
	th := r.base.Theme()
	r.frame.layout(th, size)
	if r.part.layoutParts(th, size) {
		r.frame.layoutTip(th, size, r.base.hover.at)
	}
}

func emptyText(t string) string {
	if t != "" {
		return t
	}
	return lang.X("chart.empty", "暂无数据")
}

// frame holds what every chart shares: title, "no data" text and the hover tooltip.
type frame struct {
	title, empty    *canvas.Text
	tipBG           *canvas.Rectangle
	tipMain, tipSub *canvas.Text

	// full texts; layout elides copies of these to the current width
	fullTitle, fullTip, fullSub string
}

func newFrame() *frame {
	f := &frame{
		title:   canvas.NewText("", color.Transparent),
		empty:   canvas.NewText("", color.Transparent),
		tipBG:   canvas.NewRectangle(color.Transparent),
		tipMain: canvas.NewText("", color.Transparent),
		tipSub:  canvas.NewText("", color.Transparent),
	}
	f.title.TextStyle.Bold = true
	f.empty.Alignment = fyne.TextAlignCenter
	return f
}

// back are drawn under the chart, front above it.
func (f *frame) back() []fyne.CanvasObject  { return []fyne.CanvasObject{f.title, f.empty} }
func (f *frame) front() []fyne.CanvasObject { return []fyne.CanvasObject{f.tipBG, f.tipMain, f.tipSub} }

func (f *frame) refresh(th fyne.Theme, v fyne.ThemeVariant, title, empty string, isEmpty bool, tip, tipSub string) {
	f.fullTitle, f.fullTip, f.fullSub = title, tip, tipSub
	f.title.Text = title
	f.title.TextSize = th.Size(theme.SizeNameText)
	f.title.Color = th.Color(theme.ColorNameForeground, v)
	f.title.Hidden = title == ""

	f.empty.Text = emptyText(empty)
	f.empty.TextSize = th.Size(theme.SizeNameText)
	f.empty.Color = th.Color(theme.ColorNamePlaceHolder, v)
	f.empty.Hidden = !isEmpty

	f.tipBG.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	f.tipBG.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	f.tipBG.StrokeWidth = 1
	f.tipBG.CornerRadius = th.Size(theme.SizeNameInputRadius)
	for _, t := range []*canvas.Text{f.tipMain, f.tipSub} {
		t.TextSize = th.Size(theme.SizeNameCaptionText)
		t.Color = th.Color(theme.ColorNameForeground, v)
	}
	f.tipMain.TextStyle.Bold = true
	f.tipMain.Text = tip
	f.tipSub.Text = tipSub
	f.tipBG.Hidden = tip == ""
	f.tipMain.Hidden = tip == ""
	f.tipSub.Hidden = tip == "" || tipSub == ""
	f.title.Refresh()
	f.empty.Refresh()
	f.tipBG.Refresh()
	f.tipMain.Refresh()
	f.tipSub.Refresh()
}

// layout places title and empty text and returns the area left for the plot.
func (f *frame) layout(th fyne.Theme, size fyne.Size) box {
	pad := th.Size(theme.SizeNamePadding)
	top := pad
	if !f.title.Hidden {
		ts := textStyle{f.title.TextSize, f.title.TextStyle}
		setText(f.title, ts.elide(f.fullTitle, size.Width-2*pad))
		h := ts.lineHeight()
		place(f.title, box{pad, pad, size.Width - 2*pad, h})
		top += h + pad
	}
	es := textStyle{f.empty.TextSize, f.empty.TextStyle}
	h := es.lineHeight()
	place(f.empty, box{0, top + (size.Height-top-h)/2, size.Width, h})
	return box{pad, top, max32(0, size.Width-2*pad), max32(0, size.Height-top-pad)}
}

// layoutTip puts the tooltip near the pointer, kept fully inside the widget.
func (f *frame) layoutTip(th fyne.Theme, size fyne.Size, at fyne.Position) {
	if f.tipBG.Hidden {
		return
	}
	pad := th.Size(theme.SizeNamePadding)
	ms := textStyle{f.tipMain.TextSize, f.tipMain.TextStyle}
	ss := textStyle{f.tipSub.TextSize, f.tipSub.TextStyle}
	maxW := max32(0, size.Width-4*pad)
	// full text first; elide only when the widget itself is narrower
	setText(f.tipMain, f.fullTip)
	mw := ms.measure(f.fullTip).Width
	if mw > maxW {
		setText(f.tipMain, ms.elide(f.fullTip, maxW))
		mw = maxW
	}
	w := mw
	h := ms.lineHeight()
	if !f.tipSub.Hidden {
		setText(f.tipSub, f.fullSub)
		sw := ss.measure(f.fullSub).Width
		if sw > maxW {
			setText(f.tipSub, ss.elide(f.fullSub, maxW))
			sw = maxW
		}
		w = max32(w, sw)
		h += ss.lineHeight()
	}
	bw, bh := w+2*pad, h+2*pad
	x := at.X + 12
	y := at.Y - bh - 8
	if x+bw > size.Width {
		x = at.X - bw - 12
	}
	if x < 0 {
		x = max32(0, size.Width-bw)
	}
	if y < 0 {
		y = at.Y + 16
	}
	if y+bh > size.Height {
		y = max32(0, size.Height-bh)
	}
	place(f.tipBG, box{x, y, bw, bh})
	place(f.tipMain, box{x + pad, y + pad, w, ms.lineHeight()})
	place(f.tipSub, box{x + pad, y + pad + ms.lineHeight(), w, ss.lineHeight()})
}
