package widgets

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Series is one line of a LineChart; Values[i] belongs to Labels[i] and NaN
// leaves a gap in the line.
type Series struct {
	Name   string
	Values []float64
}

// LineChart draws one or more series over shared x-axis categories (e.g.
// months) with round-numbered y ticks and a legend.
type LineChart struct {
	chartBase

	Title  string
	Labels []string
	Series []Series
	// ValueText formats y ticks and the tooltip; default whole numbers
	// (ticks get the decimals their step needs).
	ValueText func(float64) string
	EmptyText string
	// OnTapped receives the series and the x index of the point nearest the tap.
	OnTapped func(series, index int)
}

// NewLineChart returns a line chart of series over labels.
func NewLineChart(labels []string, series []Series) *LineChart {
	c := &LineChart{Labels: labels, Series: series}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *LineChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &lineRenderer{chart: c, mark: canvas.NewCircle(theme.Color(theme.ColorNamePrimary))}
	r.link(&c.chartBase, r, &c.Title, &c.EmptyText, fyne.NewSize(200, 140))
	return r
}

// Tapped calls OnTapped with the point nearest to the tap.
func (c *LineChart) Tapped(ev *fyne.PointEvent) {
	if s, i := c.geometry(c.Size()).hit(ev.Position); i >= 0 && c.OnTapped != nil {
		c.OnTapped(s, i)
	}
}

func (c *LineChart) points() int {
	n := len(c.Labels)
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	return n
}

func (c *LineChart) value(s, i int) float64 {
	vs := c.Series[s].Values
	if i >= len(vs) || math.IsInf(vs[i], 0) {
		return math.NaN()
	}
	return vs[i]
}

func (c *LineChart) isEmpty() bool {
	for s := range c.Series {
		for i := range c.Series[s].Values {
			if !math.IsNaN(c.value(s, i)) {
				return false
			}
		}
	}
	return true
}

type lineGeom struct {
	plot      box // the area inside the axes
	ticks     []float64
	tickStep  float64
	tickY     []float32
	tickBox   []box
	xs        []float32 // x of each category centre
	xBox      []box
	xText     []string
	pts       [][]fyne.Position // per series; NaN values give a NaN position
	dot       float32           // point radius, 0 when too crowded
	legendSw  []box
	legendBox []box
	legendTxt []string
}

func (g lineGeom) hit(p fyne.Position) (int, int) {
	if len(g.xs) == 0 || p.X < g.plot.X || p.X > g.plot.X+g.plot.W || p.Y < g.plot.Y-8 || p.Y > g.plot.Y+g.plot.H+8 {
		return -1, -1
	}
	slot := g.plot.W / float32(len(g.xs))
	i := min(len(g.xs)-1, max(0, int((p.X-g.plot.X)/slot)))
	best, bestD := -1, float32(math.MaxFloat32)
	for s := range g.pts {
		q := g.pts[s][i]
		if math.IsNaN(float64(q.Y)) {
			continue
		}
		d := q.Y - p.Y
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = s, d
		}
	}
	if best < 0 {
		return -1, -1
	}
	return best, i
}

func (c *LineChart) geometry(size fyne.Size) lineGeom {
	th := c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	p := plotArea(th, size, c.Title)
	var g lineGeom
	n := c.points()
	if n == 0 || c.isEmpty() {
		return g
	}
	ts := textStyle{size: th.Size(theme.SizeNameCaptionText)}
	lh := ts.lineHeight()

	// legend row on top
	top := p.Y
	if len(c.Series) > 1 || (len(c.Series) == 1 && c.Series[0].Name != "") {
		sw := lh * 0.8
		each := p.W / float32(len(c.Series))
		x := p.X
		for _, s := range c.Series {
			w := min32(ts.measure(s.Name).Width, each-sw-2*pad)
			g.legendSw = append(g.legendSw, box{x, top + (lh-sw)/2, sw, sw})
			g.legendBox = append(g.legendBox, box{x + sw + pad/2, top, max32(0, w), lh})
			g.legendTxt = append(g.legendTxt, ts.elide(s.Name, w))
			x += sw + pad/2 + max32(0, w) + 2*pad
		}
		top += lh + pad
	}

	lo, hi := 0.0, math.Inf(-1)
	for s := range c.Series {
		for i := 0; i < n; i++ {
			if v := c.value(s, i); !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	bottom := p.Y + p.H - lh - pad/2
	plotH := max32(0, bottom-top-lh/2)
	maxTicks := max(2, int(plotH/(lh*2))+1)
	g.ticks, g.tickStep = niceTicks(lo, hi, min(maxTicks, 6))
	tickW := float32(0)
	for _, t := range g.ticks {
		tickW = max32(tickW, ts.measure(tickText(c.ValueText, t, g.tickStep)).Width)
	}
	g.plot = box{p.X + tickW + pad, top + lh/2, max32(0, p.W-tickW-pad), plotH}
	lo, hi = g.ticks[0], g.ticks[len(g.ticks)-1]
	yOf := func(v float64) float32 {
		return g.plot.Y + g.plot.H*float32((hi-v)/(hi-lo))
	}
	for _, t := range g.ticks {
		y := yOf(t)
		g.tickY = append(g.tickY, y)
		g.tickBox = append(g.tickBox, box{p.X, y - lh/2, tickW, lh})
	}

	slot := g.plot.W / float32(n)
	maxLabelW := float32(0)
	for _, l := range c.Labels {
		maxLabelW = max32(maxLabelW, ts.measure(l).Width)
	}
	step := labelStep(maxLabelW, slot, pad)
	avail := min32(float32(step)*slot-pad, g.plot.W)
	for i := 0; i < n; i++ {
		x := g.plot.X + (float32(i)+0.5)*slot
		g.xs = append(g.xs, x)
		bx, bw := centred(x, avail, g.plot.X, g.plot.X+g.plot.W)
		g.xBox = append(g.xBox, box{bx, bottom + pad/2, bw, lh})
		txt := ""
		if i%step == 0 && i < len(c.Labels) {
			txt = ts.elide(c.Labels[i], bw)
		}
		g.xText = append(g.xText, txt)
	}
	for s := range c.Series {
		pts := make([]fyne.Position, n)
		for i := 0; i < n; i++ {
			v := c.value(s, i)
			if math.IsNaN(v) {
				pts[i] = fyne.NewPos(g.xs[i], float32(math.NaN()))
				continue
			}
			pts[i] = fyne.NewPos(g.xs[i], yOf(v))
		}
		g.pts = append(g.pts, pts)
	}
	if slot >= 12 {
		g.dot = 3
	}
	return g
}

type lineRenderer struct {
	chartRenderer
	chart   *LineChart
	grid    []*canvas.Line
	ticks   []*canvas.Text
	xLabels []*canvas.Text
	segs    []*canvas.Line
	dots    []*canvas.Circle
	legSw   []*canvas.Rectangle
	legTxt  []*canvas.Text
	mark    *canvas.Circle
}

func (r *lineRenderer) styleParts(th fyne.Theme, v fyne.ThemeVariant) (bool, string, string) {
	c := r.chart
	n := c.points()
	ns := len(c.Series)
	// Tick count depends on height, so reserve the most Layout can ask for.
	r.grid = growLines(r.grid, 8)
	r.ticks = growTexts(r.ticks, 8)
	r.xLabels = growTexts(r.xLabels, n)
	r.segs = growLines(r.segs, ns*max(0, n-1))
	r.dots = growCircles(r.dots, ns*n)
	r.legSw = growRects(r.legSw, ns)
	r.legTxt = growTexts(r.legTxt, ns)
	caption := th.Size(theme.SizeNameCaptionText)
	fg := th.Color(theme.ColorNameForeground, v)
	for i := range r.grid {
		r.grid[i].StrokeColor = th.Color(theme.ColorNameSeparator, v)
		r.grid[i].StrokeWidth = 1
		r.ticks[i].TextSize = caption
		r.ticks[i].Color = th.Color(theme.ColorNamePlaceHolder, v)
		r.ticks[i].Alignment = fyne.TextAlignTrailing
	}
	styleTexts(r.xLabels, caption, fg, fyne.TextAlignCenter)
	for s := 0; s < ns; s++ {
		col := seriesColor(th, v, s)
		for i := 0; i < n-1; i++ {
			r.segs[s*(n-1)+i].StrokeColor = col
			r.segs[s*(n-1)+i].StrokeWidth = 2
		}
		for i := 0; i < n; i++ {
			r.dots[s*n+i].FillColor = col
		}
		r.legSw[s].FillColor = col
		r.legSw[s].CornerRadius = 2
		r.legTxt[s].TextSize = caption
		r.legTxt[s].Color = fg
	}
	empty := n == 0 || c.isEmpty()

	tip := ""
	r.mark.Hidden = true
	if at, ok := c.pointer(); ok && !empty {
		g := c.geometry(c.Size())
		if s, i := g.hit(at); i >= 0 {
			label := ""
			if i < len(c.Labels) {
				label = c.Labels[i]
			}
			tip = label + ": " + valueFormatter(c.ValueText)(c.value(s, i))
			if c.Series[s].Name != "" {
				tip = c.Series[s].Name + " · " + tip
			}
			r.mark.Hidden = false
			r.mark.FillColor = seriesColor(th, v, s)
			r.mark.StrokeColor = th.Color(theme.ColorNameBackground, v)
			r.mark.StrokeWidth = 2
		}
	}
	return empty, tip, ""
}

func (r *lineRenderer) appendParts(objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = appendObjs(objs, r.grid)
	objs = appendObjs(objs, r.ticks)
	objs = appendObjs(objs, r.xLabels)
	objs = appendObjs(objs, r.segs)
	objs = appendObjs(objs, r.dots)
	objs = append(objs, r.mark)
	objs = appendObjs(objs, r.legSw)
	return appendObjs(objs, r.legTxt)
}

func (r *lineRenderer) layoutParts(_ fyne.Theme, size fyne.Size) bool {
	c := r.chart
	g := c.geometry(size)
	n := len(g.xs)
	if len(g.pts) != len(c.Series) || len(r.xLabels) != n && n > 0 {
		r.hideAll()
		return false
	}
	if n == 0 {
		r.hideAll()
		return false
	}
	for i := range r.grid {
		if i >= len(g.tickY) {
			r.grid[i].Hidden, r.ticks[i].Hidden = true, true
			continue
		}
		r.grid[i].Hidden, r.ticks[i].Hidden = false, false
		r.grid[i].Position1 = fyne.NewPos(g.plot.X, g.tickY[i])
		r.grid[i].Position2 = fyne.NewPos(g.plot.X+g.plot.W, g.tickY[i])
		place(r.ticks[i], g.tickBox[i])
		setText(r.ticks[i], tickText(c.ValueText, g.ticks[i], g.tickStep))
	}
	for i, t := range r.xLabels {
		place(t, g.xBox[i])
		setText(t, g.xText[i])
		t.Hidden = false
	}
	for s, pts := range g.pts {
		for i := 0; i < n-1; i++ {
			l := r.segs[s*(n-1)+i]
			a, b := pts[i], pts[i+1]
			l.Hidden = math.IsNaN(float64(a.Y)) || math.IsNaN(float64(b.Y))
			if !l.Hidden {
				l.Position1, l.Position2 = a, b
			}
		}
		for i := 0; i < n; i++ {
			d := r.dots[s*n+i]
			d.Hidden = g.dot == 0 || math.IsNaN(float64(pts[i].Y))
			if !d.Hidden {
				place(d, box{pts[i].X - g.dot, pts[i].Y - g.dot, 2 * g.dot, 2 * g.dot})
			}
		}
		r.legSw[s].Hidden = s >= len(g.legendSw)
		r.legTxt[s].Hidden = s >= len(g.legendSw)
		if s < len(g.legendSw) {
			place(r.legSw[s], g.legendSw[s])
			place(r.legTxt[s], g.legendBox[s])
			setText(r.legTxt[s], g.legendTxt[s])
		}
	}
	if at, ok := c.pointer(); ok && !r.mark.Hidden {
		if s, i := g.hit(at); i >= 0 {
			q := g.pts[s][i]
			place(r.mark, box{q.X - 5, q.Y - 5, 10, 10})
		}
	}
	return true
}

// hideAll hides the chart's own objects and the tooltip; title and empty text stay.
func (r *lineRenderer) hideAll() {
	for _, o := range r.objs[r.ownFrom:] {
		o.Hide()
	}
}
