package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// show puts w alone in a fixed-size, unpadded test window.
func show(t *testing.T, w fyne.CanvasObject, width, height float32) fyne.Window {
	t.Helper()
	win := test.NewTempWindow(t, w)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(width, height))
	return win
}

func centre(b box) fyne.Position { return fyne.NewPos(b.X+b.W/2, b.Y+b.H/2) }

// visibleTexts returns the shown, non-empty texts of a widget's renderer.
func visibleTexts(t *testing.T, w fyne.Widget) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.TempWidgetRenderer(t, w).Objects() {
		if txt, ok := o.(*canvas.Text); ok && txt.Visible() && txt.Text != "" {
			out = append(out, txt)
		}
	}
	return out
}

// assertNoOverlap fails when two shown texts' drawn extents intersect.
func assertNoOverlap(t *testing.T, texts []*canvas.Text) {
	t.Helper()
	ext := func(x *canvas.Text) box {
		sz := fyne.MeasureText(x.Text, x.TextSize, x.TextStyle)
		b := box{x.Position().X, x.Position().Y, sz.Width, sz.Height}
		switch x.Alignment {
		case fyne.TextAlignCenter:
			b.X += (x.Size().Width - sz.Width) / 2
		case fyne.TextAlignTrailing:
			b.X += x.Size().Width - sz.Width
		}
		return b
	}
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			a, b := ext(texts[i]), ext(texts[j])
			if a.X < b.X+b.W-0.5 && b.X < a.X+a.W-0.5 && a.Y < b.Y+b.H-0.5 && b.Y < a.Y+a.H-0.5 {
				t.Errorf("texts %q at %v and %q at %v overlap", texts[i].Text, a, texts[j].Text, b)
			}
		}
	}
}

func sampleBars() []Bar {
	return []Bar{
		{Label: "新客", Value: 100, Detail: "首单 30 天内"},
		{Label: "活跃", Value: 50},
		{Label: "沉睡", Value: 25},
		{Label: "流失", Value: 0},
	}
}

func TestBarChart_Markup(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		golden     string
		horizontal bool
	}{
		{"bar_vertical.xml", false},
		{"bar_horizontal.xml", true},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			c := NewBarChart(sampleBars())
			c.Title = "客户分层"
			c.Horizontal = tc.horizontal
			win := show(t, c, 400, 240)
			test.AssertRendersToMarkup(t, tc.golden, win.Canvas())
		})
	}
}

func TestBarChart_ValuesScale(t *testing.T) {
	test.NewTempApp(t)
	for _, horizontal := range []bool{false, true} {
		c := NewBarChart(sampleBars())
		c.Horizontal = horizontal
		show(t, c, 400, 300)
		g := c.geometry(c.Size())
		length := func(i int) float32 {
			if horizontal {
				return g.bars[i].W
			}
			return g.bars[i].H
		}
		require.Greater(t, length(0), float32(50), "horizontal=%v", horizontal)
		assert.InDelta(t, length(0)/2, length(1), 0.01, "a bar of 50 is half a bar of 100 (horizontal=%v)", horizontal)
		assert.InDelta(t, length(0)/4, length(2), 0.01, "horizontal=%v", horizontal)
		assert.Zero(t, length(3), "horizontal=%v", horizontal)
	}
}

func TestBarChart_NegativeAndNaNDrawAsZero(t *testing.T) {
	test.NewTempApp(t)
	c := NewBarChart([]Bar{{Label: "a", Value: 10}, {Label: "b", Value: -5}})
	show(t, c, 300, 200)
	g := c.geometry(c.Size())
	assert.Zero(t, g.bars[1].H)
	assert.Greater(t, g.bars[0].H, float32(0))
}

func TestBarChart_TapAndHover(t *testing.T) {
	test.NewTempApp(t)
	for _, horizontal := range []bool{false, true} {
		c := NewBarChart(sampleBars())
		c.Horizontal = horizontal
		tapped := -1
		c.OnTapped = func(i int) { tapped = i }
		win := show(t, c, 400, 240)
		g := c.geometry(c.Size())
		for i := range c.Bars {
			tapped = -1
			// the slot, not only the bar, is tappable so the empty "流失" bar still reacts
			test.TapAt(c, centre(g.slots[i]))
			assert.Equal(t, i, tapped, "horizontal=%v", horizontal)
		}
		tapped = -1
		test.TapAt(c, fyne.NewPos(1, 1)) // title/padding area
		assert.Equal(t, -1, tapped)

		r := test.TempWidgetRenderer(t, c).(*barRenderer)
		test.MoveMouse(win.Canvas(), centre(g.bars[1]))
		assert.True(t, r.frame.tipMain.Visible())
		assert.Equal(t, "活跃: 50", r.frame.tipMain.Text)
		assert.False(t, r.frame.tipSub.Visible(), "bar without detail has no second line")
		test.MoveMouse(win.Canvas(), centre(g.bars[0]))
		assert.Equal(t, "新客: 100", r.frame.tipMain.Text)
		assert.Equal(t, "首单 30 天内", r.frame.tipSub.Text)
		// the tooltip stays inside the widget
		tp, ts := r.frame.tipBG.Position(), r.frame.tipBG.Size()
		assert.True(t, tp.X >= 0 && tp.Y >= 0 && tp.X+ts.Width <= 400 && tp.Y+ts.Height <= 240)
		test.MoveMouse(win.Canvas(), fyne.NewPos(500, 500))
		assert.False(t, r.frame.tipMain.Visible())
	}
}

func TestBarChart_ValueTextAndReuse(t *testing.T) {
	test.NewTempApp(t)
	c := NewBarChart(sampleBars())
	c.ValueText = func(v float64) string { return "¥" + defaultValueText(v) }
	show(t, c, 400, 240)
	r := test.TempWidgetRenderer(t, c).(*barRenderer)
	assert.Equal(t, "¥100", r.values[0].Text)
	first := r.bars[0]
	c.Bars = append(c.Bars, Bar{Label: "新增", Value: 80})
	c.Refresh()
	assert.Same(t, first, r.bars[0], "Refresh reuses canvas objects")
	assert.Len(t, r.bars, 5)
}

func TestBarChart_CrowdedLabelsDoNotOverlap(t *testing.T) {
	test.NewTempApp(t)
	var bars []Bar
	for i := 0; i < 40; i++ {
		bars = append(bars, Bar{Label: "第" + strings.Repeat("长", i%5) + "类", Value: float64(i * 3)})
	}
	for _, tc := range []struct {
		horizontal bool
		w, h       float32
	}{{false, 300, 200}, {true, 300, 200}, {false, 160, 120}, {true, 160, 400}} {
		c := NewBarChart(bars)
		c.Horizontal = tc.horizontal
		show(t, c, tc.w, tc.h)
		texts := visibleTexts(t, c)
		assert.NotEmpty(t, texts)
		assertNoOverlap(t, texts)
	}
}
