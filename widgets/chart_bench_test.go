package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// BenchmarkHeatMapHover measures one pointer move over a 24×24 cohort table,
// which re-runs Refresh and Layout; it must stay well under a frame (16 ms).
func BenchmarkHeatMapHover(b *testing.B) {
	test.NewTempApp(b)
	rows := make([]string, 24)
	cells := make([][]float64, 24)
	for i := range cells {
		rows[i] = "2024-01"
		cells[i] = make([]float64, 24)
		for j := range cells[i] {
			cells[i][j] = float64(j) / 24
		}
	}
	c := NewHeatMap(rows, rows, cells)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(800, 500))
	ev := &desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(400, 250)}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.MouseMoved(ev)
	}
}

// BenchmarkBarChartRefresh measures a data refresh of a 50-bar chart.
func BenchmarkBarChartRefresh(b *testing.B) {
	test.NewTempApp(b)
	bars := make([]Bar, 50)
	for i := range bars {
		bars[i] = Bar{Label: "类别", Value: float64(i)}
	}
	c := NewBarChart(bars)
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(800, 400))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Refresh()
	}
}
