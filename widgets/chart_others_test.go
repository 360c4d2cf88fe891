package widgets

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sampleSlices() []Slice {
	return []Slice{{"新客", 50}, {"活跃", 100}, {"沉睡", 30}, {"流失", 20}}
}

func TestDonutChart_AnglesAndMarkup(t *testing.T) {
	test.NewTempApp(t)
	c := NewDonutChart(sampleSlices())
	c.Title = "生命周期"
	win := show(t, c, 400, 240)
	g := c.geometry(c.Size())
	// 50 of 200 is a quarter turn, 100 of 200 half a turn
	assert.InDelta(t, 0, g.start[0], 0.01)
	assert.InDelta(t, 90, g.end[0], 0.01)
	assert.InDelta(t, 270, g.end[1], 0.01)
	assert.InDelta(t, 360, g.end[3], 0.01)
	assert.Equal(t, "活跃  100 (50.0 %)", g.legendText[1])
	test.AssertRendersToMarkup(t, "donut.xml", win.Canvas())
	test.AssertRendersToImage(t, "donut.png", win.Canvas())
}

func TestDonutChart_TapAndHover(t *testing.T) {
	test.NewTempApp(t)
	c := NewDonutChart(sampleSlices())
	tapped := -1
	c.OnTapped = func(i int) { tapped = i }
	win := show(t, c, 400, 240)
	g := c.geometry(c.Size())
	r := g.ring.W / 2
	onRing := func(i int) fyne.Position {
		a := float64(g.start[i]+g.end[i]) / 2 * math.Pi / 180
		d := float64(r) * (1 + donutCutout) / 2
		return fyne.NewPos(g.ring.X+r+float32(d*math.Sin(a)), g.ring.Y+r-float32(d*math.Cos(a)))
	}
	for i := range c.Slices {
		tapped = -1
		test.TapAt(c, onRing(i))
		assert.Equal(t, i, tapped, "ring slice %d", i)
		tapped = -1
		test.TapAt(c, centre(g.legend[i]))
		assert.Equal(t, i, tapped, "legend row %d", i)
	}
	tapped = -1
	test.TapAt(c, fyne.NewPos(g.ring.X+r, g.ring.Y+r)) // the hole
	assert.Equal(t, -1, tapped)

	rr := test.TempWidgetRenderer(t, c).(*donutRenderer)
	test.MoveMouse(win.Canvas(), onRing(2))
	assert.Equal(t, "沉睡  30 (15.0 %)", rr.frame.tipMain.Text)
	assert.True(t, rr.frame.tipMain.Visible())
}

func TestDonutChart_NarrowPutsLegendBelow(t *testing.T) {
	test.NewTempApp(t)
	c := NewDonutChart(sampleSlices())
	show(t, c, 200, 400)
	g := c.geometry(c.Size())
	assert.Greater(t, g.legend[0].Y, g.ring.Y+g.ring.H-1)
	assertNoOverlap(t, visibleTexts(t, c))
}

func sampleLine() *LineChart {
	return NewLineChart(
		[]string{"1月", "2月", "3月", "4月", "5月", "6月"},
		[]Series{
			{Name: "新客", Values: []float64{12, 30, 25, 40, 38, 52}},
			{Name: "回头客", Values: []float64{5, 9, math.NaN(), 20, 31, 87}},
		})
}

func TestLineChart_MarkupTicksAndHover(t *testing.T) {
	test.NewTempApp(t)
	c := sampleLine()
	c.Title = "新客与回头客"
	var gotS, gotI = -1, -1
	c.OnTapped = func(s, i int) { gotS, gotI = s, i }
	win := show(t, c, 420, 260)
	g := c.geometry(c.Size())
	assert.Equal(t, []float64{0, 20, 40, 60, 80, 100}, g.ticks)
	// y is linear in value: 87 sits at 87 % of the axis height
	assert.InDelta(t, g.plot.Y+g.plot.H*0.13, g.pts[1][5].Y, 0.01)
	assert.True(t, math.IsNaN(float64(g.pts[1][2].Y)))
	test.AssertRendersToMarkup(t, "line.xml", win.Canvas())

	r := test.TempWidgetRenderer(t, c).(*lineRenderer)
	test.MoveMouse(win.Canvas(), g.pts[1][5])
	assert.Equal(t, "回头客 · 6月: 87", r.frame.tipMain.Text)
	test.TapAt(c, g.pts[0][3])
	assert.Equal(t, 0, gotS)
	assert.Equal(t, 3, gotI)
}

func TestLineChart_ManyMonthsThinLabels(t *testing.T) {
	test.NewTempApp(t)
	var labels []string
	var vals []float64
	for i := 0; i < 36; i++ {
		labels = append(labels, "2025-"+string(rune('0'+i%10))+"月")
		vals = append(vals, float64(i*i))
	}
	c := NewLineChart(labels, []Series{{Values: vals}})
	show(t, c, 300, 200)
	g := c.geometry(c.Size())
	shown := 0
	for _, s := range g.xText {
		if s != "" {
			shown++
		}
	}
	assert.Greater(t, shown, 1)
	assert.Less(t, shown, 36)
	assertNoOverlap(t, visibleTexts(t, c))
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		max    int
		want   []float64
	}{
		{0, 87, 6, []float64{0, 20, 40, 60, 80, 100}},
		{0, 1, 6, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0, 0, 5, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-30, 45, 6, []float64{-40, -20, 0, 20, 40, 60}},
		{0, 12345, 5, []float64{0, 5000, 10000, 15000}},
	} {
		got, _ := niceTicks(tc.lo, tc.hi, tc.max)
		assert.InDeltaSlice(t, tc.want, got, 1e-9, "%v..%v", tc.lo, tc.hi)
	}
	assert.Equal(t, "0.2", tickText(nil, 0.2, 0.2))
	assert.Equal(t, "5000", tickText(nil, 5000, 5000))
}

func TestParetoChart(t *testing.T) {
	test.NewTempApp(t)
	bars := []Bar{{Label: "A", Value: 50}, {Label: "B", Value: 20}, {Label: "C", Value: 10},
		{Label: "D", Value: 8}, {Label: "E", Value: 5}, {Label: "F", Value: 3},
		{Label: "G", Value: 2}, {Label: "H", Value: 1}, {Label: "I", Value: 1}, {Label: "J", Value: 0}}
	c := NewParetoChart(bars)
	c.Title = "客户贡献"
	tapped := -1
	c.OnTapped = func(i int) { tapped = i }
	win := show(t, c, 420, 260)
	cum := c.cumulative()
	assert.InDelta(t, 0.5, cum[0], 1e-9)
	assert.InDelta(t, 0.7, cum[1], 1e-9)
	assert.InDelta(t, 1, cum[9], 1e-9)
	assert.Equal(t, 2, c.topCount(), "top 20 % of 10 bars is 2 bars")
	assert.Equal(t, "前 20% 占 70.0 %", c.markerLabel())
	g := c.geometry(c.Size())
	assert.InDelta(t, g.bars[0].H/5, g.bars[2].H, 0.01)
	// the cumulative line ends on the 100 % grid line and passes 70 % after bar B
	assert.InDelta(t, g.tickY[4], g.line[9].Y, 0.01)
	assert.InDelta(t, g.tickY[0]-(g.tickY[0]-g.tickY[4])*0.7, g.line[1].Y, 0.01)
	assert.Equal(t, g.line[1], g.markerPt)
	test.AssertRendersToMarkup(t, "pareto.xml", win.Canvas())

	test.TapAt(c, centre(g.bars[2]))
	assert.Equal(t, 2, tapped)
	r := test.TempWidgetRenderer(t, c).(*paretoRenderer)
	test.MoveMouse(win.Canvas(), centre(g.bars[1]))
	assert.Equal(t, "B: 20", r.frame.tipMain.Text)
	assert.Equal(t, "累计 70.0 %", r.frame.tipSub.Text)

	c.TopFraction = 0.5
	assert.Equal(t, 5, c.topCount())
}

func sampleHeat() *HeatMap {
	nan := math.NaN()
	return NewHeatMap(
		[]string{"2025-01", "2025-02", "2025-03"},
		[]string{"M0", "M1", "M2", "M3"},
		[][]float64{
			{1, 0.42, 0.3, 0.21},
			{1, 0.38, 0.25, nan},
			{1, 0, nan, nan},
		})
}

func TestHeatMap(t *testing.T) {
	test.NewTempApp(t)
	c := sampleHeat()
	c.Title = "同期群留存"
	var gotR, gotC = -1, -1
	c.OnTapped = func(r, col int) { gotR, gotC = r, col }
	win := show(t, c, 420, 200)
	test.AssertRendersToMarkup(t, "heatmap.xml", win.Canvas())
	g := c.geometry(c.Size())

	test.TapAt(c, centre(g.cellBox(1, 2)))
	assert.Equal(t, 1, gotR)
	assert.Equal(t, 2, gotC)
	gotR, gotC = -1, -1
	test.TapAt(c, centre(g.cellBox(2, 3))) // no data there
	assert.Equal(t, -1, gotR)

	r := test.TempWidgetRenderer(t, c).(*heatRenderer)
	alpha := func(i, j int) uint8 {
		fill := r.cells[i*4+j].FillColor
		require.NotNil(t, fill)
		_, _, _, a := fill.RGBA()
		return uint8(a >> 8)
	}
	assert.Greater(t, alpha(0, 0), alpha(0, 1))
	assert.Greater(t, alpha(0, 1), alpha(2, 1))
	assert.Greater(t, alpha(2, 1), uint8(0), "a measured zero stays visible")
	assert.False(t, r.cells[2*4+3].Visible(), "NaN cells are drawn empty")
	assert.Equal(t, "42%", r.texts[1].Text)

	test.MoveMouse(win.Canvas(), centre(g.cellBox(0, 1)))
	assert.Equal(t, "2025-01 · M1: 42.0 %", r.frame.tipMain.Text)
	test.MoveMouse(win.Canvas(), centre(g.cellBox(2, 3)))
	assert.False(t, r.frame.tipMain.Visible())
}

func TestHeatMap_SmallCellsHideText(t *testing.T) {
	test.NewTempApp(t)
	rows := make([]string, 24)
	cells := make([][]float64, 24)
	cols := make([]string, 24)
	for i := range rows {
		rows[i] = "2024-" + strings.Repeat("x", i%3)
		cols[i] = "第" + string(rune('A'+i)) + "月"
		cells[i] = make([]float64, 24)
		for j := range cells[i] {
			cells[i][j] = float64(j) / 24
		}
	}
	c := NewHeatMap(rows, cols, cells)
	show(t, c, 300, 200)
	assert.False(t, c.geometry(c.Size()).showText)
	assertNoOverlap(t, visibleTexts(t, c))
}

func TestKPITile(t *testing.T) {
	test.NewTempApp(t)
	k := NewKPITile("复购率", "23.5 %")
	k.Change = "+3.2 %"
	k.Trend = 1
	k.Note = "近 90 天下过两单及以上的客户占比"
	win := show(t, k, 260, 120)
	test.AssertRendersToMarkup(t, "kpi.xml", win.Canvas())
	r := test.TempWidgetRenderer(t, k).(*kpiRenderer)
	th := k.Theme()
	v := variant()
	assert.Equal(t, th.Color(theme.ColorNameSuccess, v), r.change.Color)
	k.Trend = -1
	k.Refresh()
	assert.Equal(t, th.Color(theme.ColorNameError, v), r.change.Color)
	k.Trend = 0
	k.Refresh()
	assert.NotEqual(t, th.Color(theme.ColorNameError, v), r.change.Color)

	// narrow: value stays whole, the note is elided
	min := k.MinSize()
	win.Resize(fyne.NewSize(min.Width, min.Height))
	assert.Equal(t, "23.5 %", r.value.Text)
	assert.True(t, strings.HasSuffix(r.note.Text, ellipsis), r.note.Text)
}

func TestEmptyCharts(t *testing.T) {
	test.NewTempApp(t)
	for name, w := range map[string]interface {
		fyne.Widget
	}{
		"bar":        NewBarChart(nil),
		"donut":      NewDonutChart([]Slice{{"a", 0}}),
		"line":       NewLineChart([]string{"1月"}, []Series{{Name: "x", Values: []float64{math.NaN()}}}),
		"pareto":     NewParetoChart(nil),
		"heatmap":    NewHeatMap(nil, nil, nil),
		"bar-custom": &BarChart{EmptyText: "还没有导入订单"},
	} {
		t.Run(name, func(t *testing.T) {
			show(t, w, 300, 200)
			texts := visibleTexts(t, w)
			require.Len(t, texts, 1, "only the empty text shows")
			want := "暂无数据"
			if name == "bar-custom" {
				want = "还没有导入订单"
			}
			assert.Equal(t, want, texts[0].Text)
			// centred horizontally
			assert.InDelta(t, 150, texts[0].Position().X+texts[0].Size().Width/2, 1)
			if tp, ok := w.(fyne.Tappable); ok {
				test.TapAt(tp, fyne.NewPos(150, 100)) // must not panic
			}
		})
	}
	test.AssertRendersToMarkup(t, "empty.xml", show(t, NewBarChart(nil), 300, 200).Canvas())
}

func TestThemes(t *testing.T) {
	for _, tc := range []struct {
		name string
		th   fyne.Theme
	}{
		{"light", forcedVariant{theme.DefaultTheme(), theme.VariantLight}},
		{"dark", forcedVariant{theme.DefaultTheme(), theme.VariantDark}},
		{"ugly", test.NewTheme()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(tc.th)
			k := NewKPITile("客户数", "1,234")
			k.Change = "-2 %"
			k.Trend = -1
			b := NewBarChart(sampleBars())
			d := NewDonutChart(sampleSlices())
			h := sampleHeat()
			for _, w := range []fyne.Widget{k, b, d, h} {
				show(t, w, 300, 200)
			}
			test.AssertRendersToImage(t, "theme_"+tc.name+"_heatmap.png", show(t, h, 300, 160).Canvas())
			test.AssertRendersToImage(t, "theme_"+tc.name+"_bar.png", show(t, b, 300, 160).Canvas())
			rk := test.TempWidgetRenderer(t, k).(*kpiRenderer)
			assert.Equal(t, tc.th.Color(theme.ColorNameError, variant()), rk.change.Color)
			assert.Equal(t, tc.th.Color(theme.ColorNameInputBackground, variant()), rk.bg.FillColor)
			rb := test.TempWidgetRenderer(t, b).(*barRenderer)
			assert.Equal(t, tc.th.Color(theme.ColorNamePrimary, variant()), rb.bars[0].FillColor)
			assert.Equal(t, tc.th.Color(theme.ColorNameForeground, variant()), rb.labels[0].Color)
			rd := test.TempWidgetRenderer(t, d).(*donutRenderer)
			assert.Equal(t, tc.th.Color(theme.ColorNamePrimary, variant()), rd.arcs[0].FillColor)
			test.AssertRendersToImage(t, "theme_"+tc.name+"_donut.png", show(t, d, 300, 200).Canvas())
			test.AssertRendersToMarkup(t, "theme_"+tc.name+"_kpi.xml", show(t, k, 220, 110).Canvas())
		})
	}
}

// forcedVariant pins a theme to one variant: the test app reports no
// variant of its own, so this is how the real light and dark colours are used.
type forcedVariant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (f forcedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return f.Theme.Color(n, f.v)
}

func TestElide(t *testing.T) {
	test.NewTempApp(t)
	ts := textStyle{size: 12}
	long := "这是一个非常非常长的客户分层名称"
	for _, w := range []float32{10, 30, 60, 120, 1000} {
		got := ts.elide(long, w)
		assert.LessOrEqual(t, ts.measure(got).Width, w, "width %v", w)
		if got != long && got != "" {
			assert.True(t, strings.HasSuffix(got, ellipsis))
		}
	}
	assert.Equal(t, long, ts.elide(long, 1000))
	assert.Equal(t, "", ts.elide(long, 1))
}

func TestWithAlpha(t *testing.T) {
	c := withAlpha(color.NRGBA{R: 200, G: 100, B: 0, A: 255}, 0.5)
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	assert.Equal(t, uint8(200), n.R)
	assert.Equal(t, uint8(128), n.A)
}
