package widgets

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Slice is one part of a DonutChart.
type Slice struct {
	Label string  // already translated
	Value float64 // share is Value / sum of all values; negative and NaN count as zero
}

// donutCutout is the inner radius as a fraction of the outer radius.
const donutCutout = 0.6

// DonutChart draws shares of a whole as a ring (canvas.Arc segments, which both
// the software test painter and the OpenGL painter draw) with a legend giving
// label, value and percentage of each slice.
type DonutChart struct {
	chartBase

	Title  string
	Slices []Slice
	// ValueText formats values in legend, centre and tooltip; default whole numbers.
	ValueText func(float64) string
	EmptyText string
	OnTapped  func(index int)
}

// NewDonutChart returns a donut chart of slices.
func NewDonutChart(slices []Slice) *DonutChart {
	c := &DonutChart{Slices: slices}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *DonutChart) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &donutRenderer{chart: c, center: canvas.NewText("", theme.Color(theme.ColorNameForeground))}
	r.center.Alignment = fyne.TextAlignCenter
	r.center.TextStyle.Bold = true
	r.link(&c.chartBase, r, &c.Title, &c.EmptyText, fyne.NewSize(200, 120))
	return r
}

// Tapped calls OnTapped with the slice under the pointer (ring or legend row).
func (c *DonutChart) Tapped(ev *fyne.PointEvent) {
	emit(c.OnTapped, c.geometry(c.Size()).hit(ev.Position))
}

func (c *DonutChart) total() float64 {
	t := 0.0
	for _, s := range c.Slices {
		t += barValue(s.Value)
	}
	return t
}

type donutGeom struct {
	ring       box       // square holding the ring
	start, end []float32 // degrees clockwise from 12 o'clock
	swatches   []box
	legend     []box
	legendText []string // elided, "" for rows that did not fit
}

func (g donutGeom) hit(p fyne.Position) int {
	r := g.ring.W / 2
	dx := float64(p.X - (g.ring.X + r))
	dy := float64(p.Y - (g.ring.Y + r))
	d := math.Hypot(dx, dy)
	if r > 0 && d <= float64(r) && d >= float64(r)*donutCutout {
		a := float32(math.Mod(math.Atan2(dx, -dy)*180/math.Pi+360, 360))
		for i := range g.start {
			if g.end[i] > g.start[i] && a >= g.start[i] && a < g.end[i] {
				return i
			}
		}
	}
	for i, b := range g.legend {
		if g.legendText[i] != "" && (box{g.swatches[i].X, b.Y, b.X + b.W - g.swatches[i].X, b.H}).contains(p) {
			return i
		}
	}
	return -1
}

func (c *DonutChart) legendLine(i int, total float64) string {
	s := c.Slices[i]
	share := 0.0
	if total > 0 {
		share = barValue(s.Value) / total
	}
	return s.Label + "  " + valueFormatter(c.ValueText)(s.Value) + " (" + percentText(share) + ")"
}

func (c *DonutChart) geometry(size fyne.Size) donutGeom {
	th := c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	p := plotArea(th, size, c.Title)
	n := len(c.Slices)
	g := donutGeom{
		start: make([]float32, n), end: make([]float32, n),
		swatches: make([]box, n), legend: make([]box, n), legendText: make([]string, n),
	}
	total := c.total()
	if n == 0 || total <= 0 {
		return g
	}
	ts := textStyle{size: th.Size(theme.SizeNameCaptionText)}
	lh := ts.lineHeight()
	rowH := lh + pad
	sw := lh * 0.8
	textW := float32(0)
	lines := make([]string, n)
	for i := range c.Slices {
		lines[i] = c.legendLine(i, total)
		textW = max32(textW, ts.measure(lines[i]).Width)
	}
	legendW := sw + pad + textW

	var legendX, legendY, legendTextW float32
	rows := n
	if p.W-legendW-2*pad >= min32(p.H, 80) || p.W >= 2*p.H {
		// legend to the right of the ring
		d := min32(p.H, p.W*0.6)
		d = min32(d, max32(p.W-legendW-2*pad, p.W*0.4))
		g.ring = box{p.X, p.Y + (p.H-d)/2, d, d}
		legendX = p.X + d + 2*pad
		legendTextW = p.X + p.W - legendX - sw - pad
		rows = min(n, int(p.H/rowH))
		legendY = p.Y + (p.H-float32(rows)*rowH)/2
	} else {
		// legend under the ring
		rows = min(n, int(max32(0, p.H-60)/rowH))
		d := min32(p.W, p.H-float32(rows)*rowH-pad)
		g.ring = box{p.X + (p.W-d)/2, p.Y, d, d}
		legendX = p.X
		legendY = p.Y + d + pad
		legendTextW = p.W - sw - pad
	}
	acc := 0.0
	for i, s := range c.Slices {
		g.start[i] = float32(acc / total * 360)
		acc += barValue(s.Value)
		g.end[i] = float32(acc / total * 360)
		y := legendY + float32(i)*rowH
		g.swatches[i] = box{legendX, y + (rowH-sw)/2, sw, sw}
		g.legend[i] = box{legendX + sw + pad, y + (rowH-lh)/2, max32(0, legendTextW), lh}
		if i < rows {
			g.legendText[i] = ts.elide(lines[i], legendTextW)
		}
	}
	return g
}

type donutRenderer struct {
	chartRenderer
	chart    *DonutChart
	center   *canvas.Text
	arcs     []*canvas.Arc
	swatches []*canvas.Rectangle
	legend   []*canvas.Text
}

func (r *donutRenderer) styleParts(th fyne.Theme, v fyne.ThemeVariant) (bool, string, string) {
	c := r.chart
	n := len(c.Slices)
	for len(r.arcs) < n {
		r.arcs = append(r.arcs, canvas.NewArc(0, 0, donutCutout, theme.Color(theme.ColorNamePrimary)))
	}
	r.arcs = r.arcs[:n]
	r.swatches = growRects(r.swatches, n)
	r.legend = growTexts(r.legend, n)
	caption := th.Size(theme.SizeNameCaptionText)
	for i := range c.Slices {
		col := seriesColor(th, v, i)
		r.arcs[i].FillColor = col
		r.arcs[i].CutoutRatio = donutCutout
		r.swatches[i].FillColor = col
		r.swatches[i].CornerRadius = 2
		r.legend[i].TextSize = caption
		r.legend[i].Color = th.Color(theme.ColorNameForeground, v)
	}
	total := c.total()
	empty := total <= 0
	r.center.Text = valueFormatter(c.ValueText)(total)
	r.center.TextSize = th.Size(theme.SizeNameSubHeadingText)
	r.center.Color = th.Color(theme.ColorNameForeground, v)
	r.center.Hidden = empty

	tip := ""
	if at, ok := c.pointer(); ok && !empty {
		if i := c.geometry(c.Size()).hit(at); i >= 0 {
			tip = c.legendLine(i, total)
		}
	}
	return empty, tip, ""
}

func (r *donutRenderer) appendParts(objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = appendObjs(objs, r.arcs)
	objs = append(objs, r.center)
	objs = appendObjs(objs, r.swatches)
	return appendObjs(objs, r.legend)
}

func (r *donutRenderer) layoutParts(_ fyne.Theme, size fyne.Size) bool {
	g := r.chart.geometry(size)
	if len(g.start) != len(r.arcs) {
		return false
	}
	empty := g.ring.W <= 0
	for i := range r.arcs {
		place(r.arcs[i], g.ring)
		r.arcs[i].StartAngle, r.arcs[i].EndAngle = g.start[i], g.end[i]
		r.arcs[i].Hidden = empty || g.end[i] <= g.start[i]
		place(r.swatches[i], g.swatches[i])
		r.swatches[i].Hidden = empty || g.legendText[i] == ""
		place(r.legend[i], g.legend[i])
		setText(r.legend[i], g.legendText[i])
	}
	ts := textStyle{r.center.TextSize, r.center.TextStyle}
	inner := g.ring.W * donutCutout
	// the total only shows when it fits inside the hole
	r.center.Hidden = empty || ts.measure(r.center.Text).Width > inner*0.9
	lh := ts.lineHeight()
	place(r.center, box{g.ring.X, g.ring.Y + (g.ring.H-lh)/2, g.ring.W, lh})
	return true
}
