// Package widgets holds reusable Fyne widgets (charts, KPI tiles) for Huitouke.
//
// It never imports huitouke/data: screens translate their figures into the plain
// values these widgets take (labels already translated, numbers as float64).
package widgets

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// categorical is the fixed palette for series/slices after the first one (which
// takes the theme's primary colour). It is the Okabe–Ito colour-blind-safe set,
// whose mid-luminance hues stay legible on both the light and the dark theme
// background; black and white are left out for that reason.
var categorical = []color.NRGBA{
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0x99, G: 0x99, B: 0x99, A: 0xFF}, // grey
}

// seriesColor returns the colour of the i-th series or slice.
func seriesColor(th fyne.Theme, v fyne.ThemeVariant, i int) color.Color {
	if i <= 0 {
		return th.Color(theme.ColorNamePrimary, v)
	}
	return categorical[(i-1)%len(categorical)]
}

// withAlpha scales the alpha of c by a (0..1), used for heat-map intensity.
func withAlpha(c color.Color, a float64) color.Color {
	r, g, b, al := c.RGBA()
	if al == 0 {
		return color.Transparent
	}
	// un-premultiply, then apply the new alpha
	n := color.NRGBA{
		R: uint8(r * 0xffff / al >> 8),
		G: uint8(g * 0xffff / al >> 8),
		B: uint8(b * 0xffff / al >> 8),
		A: uint8(math.Round(float64(al>>8) * clamp01(a))),
	}
	return n
}

func clamp01(f float64) float64 {
	if f < 0 || math.IsNaN(f) {
		return 0
	}
	if f > 1 {
		return 1
	}
	return f
}

// box is an axis-aligned rectangle in widget coordinates, used both to place
// canvas objects and to hit-test taps and hovers with the very same numbers.
type box struct{ X, Y, W, H float32 }

func (b box) contains(p fyne.Position) bool {
	return p.X >= b.X && p.X < b.X+b.W && p.Y >= b.Y && p.Y < b.Y+b.H
}

func (b box) pos() fyne.Position { return fyne.NewPos(b.X, b.Y) }
func (b box) size() fyne.Size    { return fyne.NewSize(b.W, b.H) }

func place(o fyne.CanvasObject, b box) {
	o.Move(b.pos())
	o.Resize(b.size())
}

// defaultValueText formats values as whole numbers, the brief's default.
func defaultValueText(v float64) string {
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func valueFormatter(f func(float64) string) func(float64) string {
	if f != nil {
		return f
	}
	return defaultValueText
}

// tickText formats an axis tick; without a caller formatter it shows as many
// decimals as the tick step needs so 0.2-steps do not all read "0".
func tickText(f func(float64) string, v, step float64) string {
	if f != nil {
		return f(v)
	}
	dec := 0
	for s := step; dec < 6 && s > 0 && math.Abs(s-math.Round(s)) > 1e-9; s *= 10 {
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

func percentText(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + " %"
}

// niceNum is Heckbert's "nice number" for axis labelling.
func niceNum(x float64, round bool) float64 {
	if x <= 0 {
		return 1
	}
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	if round {
		switch {
		case f < 1.5:
			nf = 1
		case f < 3:
			nf = 2
		case f < 7:
			nf = 5
		default:
			nf = 10
		}
	} else {
		switch {
		case f <= 1:
			nf = 1
		case f <= 2:
			nf = 2
		case f <= 5:
			nf = 5
		default:
			nf = 10
		}
	}
	return nf * math.Pow(10, exp)
}

// niceTicks returns round tick values covering [lo, hi] with at most about
// maxTicks ticks, plus the step between them.
func niceTicks(lo, hi float64, maxTicks int) ([]float64, float64) {
	if maxTicks < 2 {
		maxTicks = 2
	}
	if hi <= lo {
		hi = lo + 1
	}
	step := niceNum(niceNum(hi-lo, false)/float64(maxTicks-1), true)
	start := math.Floor(lo/step) * step
	end := math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for v := start; v <= end+step/2; v += step {
		// snap away float noise such as 0.30000000000000004
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks, step
}

// textStyle bundles what MeasureText needs.
type textStyle struct {
	size  float32
	style fyne.TextStyle
}

func (s textStyle) measure(t string) fyne.Size {
	return fyne.MeasureText(t, s.size, s.style)
}

func (s textStyle) lineHeight() float32 {
	return fyne.MeasureText("国Ag", s.size, s.style).Height
}

const ellipsis = "…"

// elide shortens t with a trailing ellipsis so it fits in max width; it returns
// "" when not even the ellipsis fits, so crowded labels disappear instead of overlapping.
func (s textStyle) elide(t string, max float32) string {
	if t == "" || s.measure(t).Width <= max {
		return t
	}
	if s.measure(ellipsis).Width > max {
		return ""
	}
	r := []rune(t)
	lo, hi := 0, len(r) // lo always fits
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.measure(string(r[:mid])+ellipsis).Width <= max {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + ellipsis
}

// labelStep returns every how-many-th label can be shown when labels of width
// labelW sit on slots slotW apart, leaving a small gap between neighbours.
func labelStep(labelW, slotW, gap float32) int {
	if slotW <= 0 {
		return 1 << 30
	}
	n := int(math.Ceil(float64((labelW + gap) / slotW)))
	if n < 1 {
		n = 1
	}
	return n
}

func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

func min32(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

// growRects returns rs resized to n, creating rectangles as needed and reusing
// the existing ones so Fyne's render cache does not churn on every Refresh.
func growRects(rs []*canvas.Rectangle, n int) []*canvas.Rectangle {
	for len(rs) < n {
		rs = append(rs, canvas.NewRectangle(color.Transparent))
	}
	return rs[:n]
}

func growTexts(ts []*canvas.Text, n int) []*canvas.Text {
	for len(ts) < n {
		ts = append(ts, canvas.NewText("", color.Transparent))
	}
	return ts[:n]
}

func growLines(ls []*canvas.Line, n int) []*canvas.Line {
	for len(ls) < n {
		ls = append(ls, canvas.NewLine(color.Transparent))
	}
	return ls[:n]
}

func growCircles(cs []*canvas.Circle, n int) []*canvas.Circle {
	for len(cs) < n {
		cs = append(cs, canvas.NewCircle(color.Transparent))
	}
	return cs[:n]
}

func variant() fyne.ThemeVariant {
	return fyne.CurrentApp().Settings().ThemeVariant()
}

func appendObjs[T fyne.CanvasObject](dst []fyne.CanvasObject, src []T) []fyne.CanvasObject {
	for _, o := range src {
		dst = append(dst, o)
	}
	return dst
}

func refreshAll[T fyne.CanvasObject](src []T) {
	for _, o := range src {
		o.Refresh()
	}
}

// styleTexts gives every text of ts the size, colour and alignment.
func styleTexts(ts []*canvas.Text, size float32, col color.Color, align fyne.TextAlign) {
	for _, t := range ts {
		t.TextSize = size
		t.Color = col
		t.Alignment = align
	}
}

// setText changes a text during Layout and refreshes it only when it changed,
// because eliding depends on the size Layout is given.
func setText(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

func setHidden(o fyne.CanvasObject, hidden bool) {
	if hidden && o.Visible() {
		o.Hide()
	} else if !hidden && !o.Visible() {
		o.Show()
	}
}

// centred returns the x and width of a label box of at most width w centred on
// cx inside [lo, hi]. Near the edges the box narrows rather than shifts, so a
// label never slides onto its neighbour.
func centred(cx, w, lo, hi float32) (float32, float32) {
	half := max32(0, min32(w/2, min32(cx-lo, hi-cx)))
	return cx - half, 2 * half
}
