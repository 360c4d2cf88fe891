package widgets

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// HeatMap draws a grid of shares (0..1), e.g. a cohort retention table: each
// cell is the primary colour at an intensity given by its value. NaN cells
// (no data yet) are left empty.
type HeatMap struct {
	chartBase

	Title string
	Rows  []string
	Cols  []string
	// Cells[row][col] in 0..1; NaN, or a missing entry of a short row, means no data.
	Cells [][]float64
	// ValueText formats cell text; default a whole percentage ("42%").
	ValueText func(float64) string
	EmptyText string
	OnTapped  func(row, col int)
}

// NewHeatMap returns a heat map with the given row and column labels and cells.
func NewHeatMap(rows, cols []string, cells [][]float64) *HeatMap {
	c := &HeatMap{Rows: rows, Cols: cols, Cells: cells}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *HeatMap) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &heatRenderer{chart: c}
	r.link(&c.chartBase, r, &c.Title, &c.EmptyText, fyne.NewSize(200, 120))
	return r
}

// Tapped calls OnTapped with the cell under the pointer when it has data.
func (c *HeatMap) Tapped(ev *fyne.PointEvent) {
	if i, j := c.geometry(c.Size()).hit(ev.Position); i >= 0 && !math.IsNaN(c.cell(i, j)) && c.OnTapped != nil {
		c.OnTapped(i, j)
	}
}

func (c *HeatMap) dims() (rows, cols int) {
	rows, cols = len(c.Rows), len(c.Cols)
	if len(c.Cells) > rows {
		rows = len(c.Cells)
	}
	for _, r := range c.Cells {
		cols = max(cols, len(r))
	}
	return rows, cols
}

func (c *HeatMap) cell(i, j int) float64 {
	if i >= len(c.Cells) || j >= len(c.Cells[i]) || math.IsInf(c.Cells[i][j], 0) {
		return math.NaN()
	}
	return c.Cells[i][j]
}

func (c *HeatMap) cellText(v float64) string {
	if c.ValueText != nil {
		return c.ValueText(v)
	}
	return strconv.FormatFloat(v*100, 'f', 0, 64) + "%"
}

func label(ls []string, i int) string {
	if i < len(ls) {
		return ls[i]
	}
	return ""
}

type heatGeom struct {
	grid             box
	rows, cols       int
	cellW, cellH     float32
	rowBox, colBox   []box
	rowText, colText []string
	showText         bool
}

func (g heatGeom) cellBox(i, j int) box {
	return box{g.grid.X + float32(j)*g.cellW, g.grid.Y + float32(i)*g.cellH, g.cellW, g.cellH}
}

func (g heatGeom) hit(p fyne.Position) (int, int) {
	if g.rows == 0 || g.cols == 0 || !g.grid.contains(p) {
		return -1, -1
	}
	i := min(g.rows-1, int((p.Y-g.grid.Y)/g.cellH))
	j := min(g.cols-1, int((p.X-g.grid.X)/g.cellW))
	return i, j
}

func (c *HeatMap) geometry(size fyne.Size) heatGeom {
	th := c.Theme()
	pad := th.Size(theme.SizeNamePadding)
	p := plotArea(th, size, c.Title)
	var g heatGeom
	g.rows, g.cols = c.dims()
	if g.rows == 0 || g.cols == 0 {
		g.rows, g.cols = 0, 0
		return g
	}
	ts := textStyle{size: th.Size(theme.SizeNameCaptionText)}
	lh := ts.lineHeight()
	rowW, colW := float32(0), float32(0)
	for i := 0; i < g.rows; i++ {
		rowW = max32(rowW, ts.measure(label(c.Rows, i)).Width)
	}
	for j := 0; j < g.cols; j++ {
		colW = max32(colW, ts.measure(label(c.Cols, j)).Width)
	}
	rowW = min32(rowW, p.W*0.3)
	gx := p.X + rowW + pad
	gy := p.Y + lh + pad/2
	g.cellW = max32(0, p.X+p.W-gx) / float32(g.cols)
	// tall cells look like bars, so cap them and leave the rest empty
	g.cellH = min32(max32(0, p.Y+p.H-gy)/float32(g.rows), 2.5*lh)
	g.grid = box{gx, gy, g.cellW * float32(g.cols), g.cellH * float32(g.rows)}
	g.showText = g.cellH >= lh && ts.measure(c.cellText(1)).Width <= g.cellW-2

	rowStep := labelStep(lh, g.cellH, 0)
	for i := 0; i < g.rows; i++ {
		b := box{p.X, gy + float32(i)*g.cellH + (g.cellH-lh)/2, rowW, lh}
		g.rowBox = append(g.rowBox, b)
		t := ""
		if i%rowStep == 0 {
			t = ts.elide(label(c.Rows, i), rowW)
		}
		g.rowText = append(g.rowText, t)
	}
	colStep := 1
	avail := g.cellW - 2
	if colW > avail {
		short := ts.measure("国国" + ellipsis).Width
		if avail < short {
			colStep = labelStep(min32(colW, short), g.cellW, pad)
			avail = float32(colStep)*g.cellW - pad
		}
	}
	for j := 0; j < g.cols; j++ {
		x, w := centred(gx+(float32(j)+0.5)*g.cellW, avail, gx, gx+g.grid.W)
		g.colBox = append(g.colBox, box{x, p.Y, w, lh})
		t := ""
		if j%colStep == 0 {
			t = ts.elide(label(c.Cols, j), w)
		}
		g.colText = append(g.colText, t)
	}
	return g
}

type heatRenderer struct {
	chartRenderer
	chart     *HeatMap
	rows      int
	cols      int
	cells     []*canvas.Rectangle
	texts     []*canvas.Text
	rowLabels []*canvas.Text
	colLabels []*canvas.Text
}

func (r *heatRenderer) styleParts(th fyne.Theme, v fyne.ThemeVariant) (bool, string, string) {
	c := r.chart
	r.rows, r.cols = c.dims()
	n := r.rows * r.cols
	r.cells = growRects(r.cells, n)
	r.texts = growTexts(r.texts, n)
	r.rowLabels = growTexts(r.rowLabels, r.rows)
	r.colLabels = growTexts(r.colLabels, r.cols)
	caption := th.Size(theme.SizeNameCaptionText)
	primary := th.Color(theme.ColorNamePrimary, v)
	fg := th.Color(theme.ColorNameForeground, v)
	onPrimary := th.Color(theme.ColorNameForegroundOnPrimary, v)
	for i := 0; i < r.rows; i++ {
		for j := 0; j < r.cols; j++ {
			k := i*r.cols + j
			val := c.cell(i, j)
			rect, t := r.cells[k], r.texts[k]
			t.TextSize = caption
			t.Alignment = fyne.TextAlignCenter
			if math.IsNaN(val) {
				rect.FillColor = nil
				t.Text = ""
				continue
			}
			// a floor of 8 % keeps a true zero visible as "measured, nobody came back"
			rect.FillColor = withAlpha(primary, 0.08+0.92*clamp01(val))
			rect.CornerRadius = 2
			t.Text = c.cellText(val)
			t.Color = fg
			if val >= 0.5 {
				t.Color = onPrimary
			}
		}
	}
	styleTexts(r.rowLabels, caption, fg, fyne.TextAlignTrailing)
	styleTexts(r.colLabels, caption, fg, fyne.TextAlignCenter)

	tip := ""
	if at, ok := c.pointer(); ok && n > 0 {
		if i, j := c.geometry(c.Size()).hit(at); i >= 0 && !math.IsNaN(c.cell(i, j)) {
			tip = label(c.Rows, i) + " · " + label(c.Cols, j) + ": " + c.tipText(c.cell(i, j))
		}
	}
	return n == 0, tip, ""
}

func (r *heatRenderer) appendParts(objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = appendObjs(objs, r.cells)
	objs = appendObjs(objs, r.texts)
	objs = appendObjs(objs, r.rowLabels)
	return appendObjs(objs, r.colLabels)
}

// tipText gives the exact value: one decimal more than the cell shows.
func (c *HeatMap) tipText(v float64) string {
	if c.ValueText != nil {
		return c.ValueText(v)
	}
	return percentText(v)
}

func (r *heatRenderer) layoutParts(_ fyne.Theme, size fyne.Size) bool {
	g := r.chart.geometry(size)
	if g.rows != r.rows || g.cols != r.cols {
		return false
	}
	lh := float32(0)
	if len(r.texts) > 0 {
		// styleParts gives every cell text the same size, so measure once
		lh = textStyle{size: r.texts[0].TextSize}.lineHeight()
	}
	for i := 0; i < g.rows; i++ {
		for j := 0; j < g.cols; j++ {
			k := i*g.cols + j
			b := g.cellBox(i, j)
			inner := box{b.X + 1, b.Y + 1, max32(0, b.W-2), max32(0, b.H-2)}
			place(r.cells[k], inner)
			r.cells[k].Hidden = r.cells[k].FillColor == nil
			place(r.texts[k], box{inner.X, inner.Y + (inner.H-lh)/2, inner.W, lh})
			r.texts[k].Hidden = !g.showText || r.texts[k].Text == ""
		}
		place(r.rowLabels[i], g.rowBox[i])
		setText(r.rowLabels[i], g.rowText[i])
	}
	for j := 0; j < g.cols; j++ {
		place(r.colLabels[j], g.colBox[j])
		setText(r.colLabels[j], g.colText[j])
	}
	return true
}
