package widgets

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Bar is one category of a BarChart or ParetoChart.
type Bar struct {
	Label  string  // category label, already translated
	Value  float64 // bar length; negative and NaN values draw as zero
	Detail string  // optional second tooltip line
}

// BarChart draws one value per category as vertical or horizontal bars with the
// value printed at the end of each bar.
type BarChart struct {
	chartBase

	Title      string
	Bars       []Bar
	Horizontal bool
	// ValueText formats value labels and the tooltip; default whole numbers.
	ValueText func(float64) string
	// EmptyText replaces the default "no data" text.
	EmptyText string
	OnTapped  func(index int)
}

// NewBarChart returns a vertical bar chart of bars.
func NewBarChart(bars []Bar) *BarChart {
	c := &BarChart{Bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &barRenderer{chart: c, axis: canvas.NewLine(theme.Color(theme.ColorNameSeparator))}
	r.link(&c.chartBase, r, &c.Title, &c.EmptyText, fyne.NewSize(160, 120))
	return r
}

// Tapped calls OnTapped with the index of the bar (or its slot) under the pointer.
func (c *BarChart) Tapped(ev *fyne.PointEvent) {
	emit(c.OnTapped, c.geometry(c.Size()).hit(ev.Position))
}

func barValue(v float64) float64 {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// barGeom is the whole layout of a bar chart for one size; the renderer draws
// it and Tapped/MouseMoved hit-test against it, so both always agree.
type barGeom struct {
	plot       box
	slots      []box // tappable area per bar (full column / row)
	bars       []box
	labels     []box
	labelText  []string // elided label text, "" when thinned out
	values     []box
	showValues bool
	axisFrom   fyne.Position
	axisTo     fyne.Position
}

func (g barGeom) hit(p fyne.Position) int {
	for i, s := range g.slots {
		if s.contains(p) {
			return i
		}
	}
	return -1
}

func (c *BarChart) captionStyle() textStyle {
	return textStyle{size: c.Theme().Size(theme.SizeNameCaptionText)}
}

func (c *BarChart) geometry(size fyne.Size) barGeom {
	th := c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	var g barGeom
	n := len(c.Bars)
	g.plot = plotArea(th, size, c.Title)
	if n == 0 {
		return g
	}
	ts := c.captionStyle()
	lh := ts.lineHeight()
	format := valueFormatter(c.ValueText)
	maxV, maxLabelW, maxValueW := 0.0, float32(0), float32(0)
	for _, b := range c.Bars {
		maxV = math.Max(maxV, barValue(b.Value))
		maxLabelW = max32(maxLabelW, ts.measure(b.Label).Width)
		maxValueW = max32(maxValueW, ts.measure(format(b.Value)).Width)
	}
	ratio := func(v float64) float32 {
		if maxV <= 0 {
			return 0
		}
		return float32(barValue(v) / maxV)
	}
	g.slots = make([]box, n)
	g.bars = make([]box, n)
	g.labels = make([]box, n)
	g.labelText = make([]string, n)
	g.values = make([]box, n)
	p := g.plot

	if c.Horizontal {
		rowH := p.H / float32(n)
		barH := min32(rowH*0.7, 28)
		labelW := min32(maxLabelW, p.W*0.35)
		valueW := maxValueW
		g.showValues = valueW <= p.W*0.25 && rowH >= lh*0.9
		if !g.showValues {
			valueW = 0
		}
		x0 := p.X + labelW + pad
		maxW := max32(0, p.W-labelW-pad-valueW-pad)
		step := labelStep(lh, rowH, 0)
		for i, b := range c.Bars {
			y := p.Y + float32(i)*rowH
			mid := y + rowH/2
			g.slots[i] = box{p.X, y, p.W, rowH}
			w := maxW * ratio(b.Value)
			g.bars[i] = box{x0, mid - barH/2, w, barH}
			g.labels[i] = box{p.X, mid - lh/2, labelW, lh}
			if i%step == 0 {
				g.labelText[i] = ts.elide(b.Label, labelW)
			}
			g.values[i] = box{x0 + w + pad/2, mid - lh/2, valueW, lh}
		}
		g.axisFrom = fyne.NewPos(x0, p.Y)
		g.axisTo = fyne.NewPos(x0, p.Y+p.H)
		return g
	}

	slot := p.W / float32(n)
	barW := min32(slot*0.7, 64)
	bottom := p.Y + p.H - lh - pad/2
	top := p.Y + lh
	maxH := max32(0, bottom-top)
	g.showValues = maxValueW <= slot-2
	gap := pad
	avail := slot - gap
	step := 1
	if maxLabelW > avail {
		// prefer eliding to ~3 characters before dropping labels altogether
		short := ts.measure("国国国" + ellipsis).Width
		if avail < short {
			step = labelStep(min32(maxLabelW, short), slot, gap)
			avail = float32(step)*slot - gap
		}
	}
	for i, b := range c.Bars {
		x := p.X + float32(i)*slot
		g.slots[i] = box{x, p.Y, slot, p.H}
		h := maxH * ratio(b.Value)
		g.bars[i] = box{x + (slot-barW)/2, bottom - h, barW, h}
		g.values[i] = box{x, bottom - h - lh, slot, lh}
		lx, lw := centred(x+slot/2, avail, p.X, p.X+p.W)
		g.labels[i] = box{lx, bottom + pad/2, lw, lh}
		if i%step == 0 {
			g.labelText[i] = ts.elide(b.Label, lw)
		}
	}
	g.axisFrom = fyne.NewPos(p.X, bottom)
	g.axisTo = fyne.NewPos(p.X+p.W, bottom)
	return g
}

type barRenderer struct {
	chartRenderer
	chart  *BarChart
	axis   *canvas.Line
	bars   []*canvas.Rectangle
	labels []*canvas.Text
	values []*canvas.Text
}

func (r *barRenderer) styleParts(th fyne.Theme, v fyne.ThemeVariant) (bool, string, string) {
	c := r.chart
	n := len(c.Bars)
	r.bars = growRects(r.bars, n)
	r.labels = growTexts(r.labels, n)
	r.values = growTexts(r.values, n)
	format := valueFormatter(c.ValueText)
	caption := th.Size(theme.SizeNameCaptionText)
	fg := th.Color(theme.ColorNameForeground, v)
	for i, b := range c.Bars {
		r.bars[i].FillColor = th.Color(theme.ColorNamePrimary, v)
		r.bars[i].CornerRadius = 2
		r.labels[i].TextSize = caption
		r.labels[i].Color = fg
		r.values[i].TextSize = caption
		r.values[i].Color = fg
		r.values[i].Text = format(b.Value)
		if c.Horizontal {
			r.labels[i].Alignment = fyne.TextAlignTrailing
			r.values[i].Alignment = fyne.TextAlignLeading
		} else {
			r.labels[i].Alignment = fyne.TextAlignCenter
			r.values[i].Alignment = fyne.TextAlignCenter
		}
	}
	r.axis.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.axis.StrokeWidth = 1
	r.axis.Hidden = n == 0

	tip, sub := "", ""
	if at, ok := c.pointer(); ok {
		if i := c.geometry(c.Size()).hit(at); i >= 0 {
			tip = c.Bars[i].Label + ": " + format(c.Bars[i].Value)
			sub = c.Bars[i].Detail
		}
	}
	return n == 0, tip, sub
}

func (r *barRenderer) appendParts(objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = append(objs, r.axis)
	objs = appendObjs(objs, r.bars)
	objs = appendObjs(objs, r.labels)
	return appendObjs(objs, r.values)
}

func (r *barRenderer) layoutParts(_ fyne.Theme, size fyne.Size) bool {
	g := r.chart.geometry(size)
	if len(g.bars) != len(r.bars) {
		return false // data changed since the last Refresh; the pending Refresh lays out again
	}
	for i := range r.bars {
		place(r.bars[i], g.bars[i])
		r.bars[i].Hidden = g.bars[i].W <= 0 || g.bars[i].H <= 0
		place(r.labels[i], g.labels[i])
		setText(r.labels[i], g.labelText[i])
		place(r.values[i], g.values[i])
		r.values[i].Hidden = !g.showValues
	}
	r.axis.Position1 = g.axisFrom
	r.axis.Position2 = g.axisTo
	return true
}
