package widgets

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

// ParetoChart draws bars (the caller sorts them, largest first) and the
// cumulative share of the total as a line on a 0–100 % right axis, with a
// marker where the top TopFraction of the bars ends (the 80/20 view).
type ParetoChart struct {
	chartBase

	Title string
	Bars  []Bar
	// TopFraction is the share of bars the marker covers; 0 means 0.2.
	TopFraction float64
	// ValueText formats the left axis and tooltip; default whole numbers.
	ValueText func(float64) string
	EmptyText string
	OnTapped  func(index int)
}

// NewParetoChart returns a Pareto chart of bars, which should be sorted descending.
func NewParetoChart(bars []Bar) *ParetoChart {
	c := &ParetoChart{Bars: bars}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *ParetoChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &paretoRenderer{
		chart:      c,
		marker:     canvas.NewLine(theme.Color(theme.ColorNameForeground)),
		markerDot:  canvas.NewCircle(theme.Color(theme.ColorNameForeground)),
		markerText: canvas.NewText("", theme.Color(theme.ColorNameForeground)),
	}
	r.link(&c.chartBase, r, &c.Title, &c.EmptyText, fyne.NewSize(220, 160))
	return r
}

// Tapped calls OnTapped with the bar under the pointer.
func (c *ParetoChart) Tapped(ev *fyne.PointEvent) {
	emit(c.OnTapped, c.geometry(c.Size()).hit(ev.Position))
}

// cumulative returns the running share (0..1) of the total after each bar.
func (c *ParetoChart) cumulative() []float64 {
	total := 0.0
	for _, b := range c.Bars {
		total += barValue(b.Value)
	}
	cum := make([]float64, len(c.Bars))
	acc := 0.0
	for i, b := range c.Bars {
		acc += barValue(b.Value)
		if total > 0 {
			cum[i] = acc / total
		}
	}
	return cum
}

// topCount is how many bars the marker covers: at least one, rounded up.
func (c *ParetoChart) topCount() int {
	f := c.TopFraction
	if f <= 0 || f > 1 || math.IsNaN(f) {
		f = 0.2
	}
	k := int(math.Ceil(f*float64(len(c.Bars)) - 1e-9))
	return min(len(c.Bars), max(1, k))
}

func (c *ParetoChart) markerLabel() string {
	f := c.TopFraction
	if f <= 0 || f > 1 || math.IsNaN(f) {
		f = 0.2
	}
	cum := c.cumulative()
	return lang.X("chart.pareto.marker", "前 {{.Top}} 占 {{.Share}}", map[string]any{
		"Top":   strconv.FormatFloat(f*100, 'f', -1, 64) + "%",
		"Share": percentText(cum[c.topCount()-1]),
	})
}

type paretoGeom struct {
	plot       box
	slots      []box
	bars       []box
	labels     []box
	labelText  []string
	line       []fyne.Position
	dot        float32
	leftTicks  []float64
	leftStep   float64
	tickY      []float32
	leftBox    []box
	rightBox   []box
	markerX    float32
	markerPt   fyne.Position
	markerText box
}

func (g paretoGeom) hit(p fyne.Position) int {
	for i, s := range g.slots {
		if s.contains(p) {
			return i
		}
	}
	return -1
}

func (c *ParetoChart) isEmpty() bool {
	for _, b := range c.Bars {
		if barValue(b.Value) > 0 {
			return false
		}
	}
	return true
}

func (c *ParetoChart) geometry(size fyne.Size) paretoGeom {
	th := c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	p := plotArea(th, size, c.Title)
	var g paretoGeom
	n := len(c.Bars)
	if n == 0 || c.isEmpty() {
		return g
	}
	ts := textStyle{size: th.Size(theme.SizeNameCaptionText)}
	lh := ts.lineHeight()
	maxV := 0.0
	maxLabelW := float32(0)
	for _, b := range c.Bars {
		maxV = math.Max(maxV, barValue(b.Value))
		maxLabelW = max32(maxLabelW, ts.measure(b.Label).Width)
	}
	// Four round steps on the left so its ticks share grid lines with 0/25/50/75/100 %.
	g.leftStep = niceNum(maxV/4, false)
	leftW := float32(0)
	for k := 0; k <= 4; k++ {
		t := g.leftStep * float64(k)
		g.leftTicks = append(g.leftTicks, t)
		leftW = max32(leftW, ts.measure(tickText(c.ValueText, t, g.leftStep)).Width)
	}
	rightW := ts.measure("100%").Width
	top := p.Y + lh*1.5 // room for the marker text above the 100 % line
	bottom := p.Y + p.H - lh - pad/2
	g.plot = box{p.X + leftW + pad, top, max32(0, p.W-leftW-rightW-2*pad), max32(0, bottom-top)}
	for k := 0; k <= 4; k++ {
		y := g.plot.Y + g.plot.H*float32(4-k)/4
		g.tickY = append(g.tickY, y)
		g.leftBox = append(g.leftBox, box{p.X, y - lh/2, leftW, lh})
		g.rightBox = append(g.rightBox, box{g.plot.X + g.plot.W + pad, y - lh/2, rightW, lh})
	}
	slot := g.plot.W / float32(n)
	barW := min32(slot*0.8, 64)
	avail := slot - pad
	step := 1
	if maxLabelW > avail {
		short := ts.measure("国国国" + ellipsis).Width
		if avail < short {
			step = labelStep(min32(maxLabelW, short), slot, pad)
			avail = float32(step)*slot - pad
		}
	}
	leftMax := g.leftStep * 4
	cum := c.cumulative()
	for i, b := range c.Bars {
		x := g.plot.X + float32(i)*slot
		g.slots = append(g.slots, box{x, p.Y, slot, p.H})
		h := g.plot.H * float32(barValue(b.Value)/leftMax)
		g.bars = append(g.bars, box{x + (slot-barW)/2, bottom - h, barW, h})
		lx, lw := centred(x+slot/2, avail, g.plot.X, g.plot.X+g.plot.W)
		g.labels = append(g.labels, box{lx, bottom + pad/2, lw, lh})
		txt := ""
		if i%step == 0 {
			txt = ts.elide(b.Label, lw)
		}
		g.labelText = append(g.labelText, txt)
		g.line = append(g.line, fyne.NewPos(x+slot/2, bottom-g.plot.H*float32(cum[i])))
	}
	if slot >= 10 {
		g.dot = 3
	}
	k := c.topCount()
	g.markerX = g.plot.X + float32(k)*slot
	g.markerPt = g.line[k-1]
	bold := textStyle{ts.size, fyne.TextStyle{Bold: true}}
	mw := min32(bold.measure(c.markerLabel()).Width, p.W)
	mx := g.markerPt.X - mw/2
	mx = max32(p.X, min32(mx, p.X+p.W-mw))
	g.markerText = box{mx, p.Y, mw, lh}
	return g
}

type paretoRenderer struct {
	chartRenderer
	chart      *ParetoChart
	grid       []*canvas.Line
	leftTicks  []*canvas.Text
	rightTicks []*canvas.Text
	bars       []*canvas.Rectangle
	labels     []*canvas.Text
	segs       []*canvas.Line
	dots       []*canvas.Circle
	marker     *canvas.Line
	markerDot  *canvas.Circle
	markerText *canvas.Text
}

func (r *paretoRenderer) styleParts(th fyne.Theme, v fyne.ThemeVariant) (bool, string, string) {
	c := r.chart
	n := len(c.Bars)
	r.grid = growLines(r.grid, 5)
	r.leftTicks = growTexts(r.leftTicks, 5)
	r.rightTicks = growTexts(r.rightTicks, 5)
	r.bars = growRects(r.bars, n)
	r.labels = growTexts(r.labels, n)
	r.segs = growLines(r.segs, max(0, n-1))
	r.dots = growCircles(r.dots, n)
	caption := th.Size(theme.SizeNameCaptionText)
	fg := th.Color(theme.ColorNameForeground, v)
	lineCol := seriesColor(th, v, 1)
	for k := 0; k < 5; k++ {
		r.grid[k].StrokeColor = th.Color(theme.ColorNameSeparator, v)
		r.grid[k].StrokeWidth = 1
		for _, t := range []*canvas.Text{r.leftTicks[k], r.rightTicks[k]} {
			t.TextSize = caption
			t.Color = th.Color(theme.ColorNamePlaceHolder, v)
		}
		r.leftTicks[k].Alignment = fyne.TextAlignTrailing
		r.rightTicks[k].Text = strconv.Itoa(k*25) + "%"
	}
	for i := range c.Bars {
		r.bars[i].FillColor = th.Color(theme.ColorNamePrimary, v)
		r.bars[i].CornerRadius = 2
		r.labels[i].TextSize = caption
		r.labels[i].Color = fg
		r.labels[i].Alignment = fyne.TextAlignCenter
		r.dots[i].FillColor = lineCol
	}
	for _, s := range r.segs {
		s.StrokeColor = lineCol
		s.StrokeWidth = 2
	}
	r.marker.StrokeColor = fg
	r.marker.StrokeWidth = 1
	r.markerDot.FillColor = lineCol
	r.markerDot.StrokeColor = fg
	r.markerDot.StrokeWidth = 2
	r.markerText.TextSize = caption
	r.markerText.TextStyle.Bold = true
	r.markerText.Color = fg
	empty := n == 0 || c.isEmpty()
	if !empty {
		r.markerText.Text = c.markerLabel()
	}

	tip, sub := "", ""
	if at, ok := c.pointer(); ok && !empty {
		if i := c.geometry(c.Size()).hit(at); i >= 0 {
			tip = c.Bars[i].Label + ": " + valueFormatter(c.ValueText)(c.Bars[i].Value)
			sub = lang.X("chart.pareto.cumulative", "累计 {{.Share}}", map[string]any{"Share": percentText(c.cumulative()[i])})
			if c.Bars[i].Detail != "" {
				sub = c.Bars[i].Detail + " · " + sub
			}
		}
	}
	return empty, tip, sub
}

func (r *paretoRenderer) appendParts(objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = appendObjs(objs, r.grid)
	objs = appendObjs(objs, r.leftTicks)
	objs = appendObjs(objs, r.rightTicks)
	objs = appendObjs(objs, r.bars)
	objs = appendObjs(objs, r.labels)
	objs = append(objs, r.marker)
	objs = appendObjs(objs, r.segs)
	objs = appendObjs(objs, r.dots)
	return append(objs, r.markerDot, r.markerText)
}

func (r *paretoRenderer) layoutParts(th fyne.Theme, size fyne.Size) bool {
	c := r.chart
	g := c.geometry(size)
	n := len(g.bars)
	hidden := n == 0 || n != len(r.bars)
	for _, o := range r.own() {
		setHidden(o, hidden)
	}
	if hidden {
		return false
	}
	ts := textStyle{th.Size(theme.SizeNameCaptionText), fyne.TextStyle{Bold: true}}
	for k := 0; k < 5; k++ {
		y := g.tickY[k]
		r.grid[k].Position1 = fyne.NewPos(g.plot.X, y)
		r.grid[k].Position2 = fyne.NewPos(g.plot.X+g.plot.W, y)
		place(r.leftTicks[k], g.leftBox[k])
		setText(r.leftTicks[k], tickText(c.ValueText, g.leftTicks[k], g.leftStep))
		place(r.rightTicks[k], g.rightBox[k])
	}
	for i := range r.bars {
		place(r.bars[i], g.bars[i])
		r.bars[i].Hidden = g.bars[i].H <= 0
		place(r.labels[i], g.labels[i])
		setText(r.labels[i], g.labelText[i])
		r.dots[i].Hidden = g.dot == 0
		q := g.line[i]
		place(r.dots[i], box{q.X - g.dot, q.Y - g.dot, 2 * g.dot, 2 * g.dot})
		if i > 0 {
			r.segs[i-1].Position1, r.segs[i-1].Position2 = g.line[i-1], q
		}
	}
	r.marker.Position1 = fyne.NewPos(g.markerX, g.plot.Y)
	r.marker.Position2 = fyne.NewPos(g.markerX, g.plot.Y+g.plot.H)
	q := g.markerPt
	place(r.markerDot, box{q.X - 5, q.Y - 5, 10, 10})
	place(r.markerText, g.markerText)
	setText(r.markerText, ts.elide(c.markerLabel(), g.markerText.W))
	return true
}
