package customers

import (
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/customers"
)

// fillPrediction shows the purchase predictions under the figures (docs/DOMAIN.md section
// 12): the chance the customer is still buying as a small bar, and the rest in plain words.
// Nothing when none is stored (no paid order, or too few data for the models).
func fillPrediction(box *fyne.Container, k *customers.Card) {
	p := k.Prediction
	if p == nil {
		box.Objects = nil
		box.Hide()
		return
	}
	bar := widget.NewProgressBar()
	bar.SetValue(p.PAlive)
	bar.TextFormatter = func() string { return "" }
	barBox := container.NewGridWrap(fyne.NewSize(80, bar.MinSize().Height), bar)
	line := widget.NewLabel(predictionText(p))
	line.Truncation = fyne.TextTruncateEllipsis
	box.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, container.NewCenter(barBox), nil, line)}
	box.Show()
	box.Refresh()
}

// predictionText is the card's prediction line: "还在买的可能 82 % · 未来 90 天预计 1.3 单 · 预计一年贡献 ¥640".
func predictionText(p *customers.Prediction) string {
	s := lang.X("card.predict.line", "还在买的可能 {{.Alive}} % · 未来 90 天预计 {{.Orders}} 单",
		map[string]any{"Alive": fmt.Sprintf("%.0f", 100*p.PAlive), "Orders": fmt.Sprintf("%.1f", p.Next90)})
	if p.Value12mFen > 0 {
		s += lang.X("card.predict.value", " · 预计一年贡献 {{.Value}}",
			map[string]any{"Value": "¥" + kit.Thousands(int64(math.Round(float64(p.Value12mFen)/100)))})
	}
	if p.NextDay != 0 {
		s += lang.X("card.predict.next", " · 预计下次 {{.Day}}", map[string]any{"Day": p.NextDay.String()})
	}
	return s
}
