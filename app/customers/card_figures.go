package customers

import (
	"fmt"
	"huitouke/app/kit"
	"huitouke/data/customers"
	"huitouke/resources/vocab"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fillFigures shows the customer's figures in grid: segment, RFM, level, spending and rhythm.
func fillFigures(grid *fyne.Container, k *customers.Card) {
	s := k.Stats
	fig := func(label, value string) fyne.CanvasObject {
		l := canvas.NewText(label, theme.Color(theme.ColorNamePlaceHolder))
		l.TextSize = theme.CaptionTextSize()
		v := widget.NewLabel(value)
		v.Truncation = fyne.TextTruncateEllipsis
		v.TextStyle.Bold = true
		return container.NewVBox(l, v)
	}
	dash := "—"
	or := func(v string) string {
		if v == "" {
			return dash
		}
		return v
	}
	seg := vocab.Segment(s.Segment)
	if !s.Computed || s.Segment == "" {
		seg = vocab.Segment("none")
	}
	rfm := or(vocab.RFM(s.RFM))
	rfmTitle := lang.X("card.fig.rfm.class", "RFM 分类")
	if s.R > 0 {
		rfmTitle += fmt.Sprintf(" · R%d F%d M%d", s.R, s.F, s.M)
	}
	level := k.LevelOverride
	if level == "" {
		level = s.Level
	}
	cycle, since := dash, dash
	if s.HasCycle {
		cycle = lang.X("card.fig.days", "{{.N}} 天", map[string]any{"N": fmt.Sprintf("%.0f", s.CycleDays)})
	}
	if s.HasDaysSince {
		since = lang.X("card.fig.days", "{{.N}} 天", map[string]any{"N": s.DaysSince})
	}
	grid.Objects = []fyne.CanvasObject{
		fig(lang.X("card.fig.segment", "分群"), seg),
		fig(rfmTitle, rfm),
		fig(lang.X("card.fig.level", "会员等级"), or(vocab.Level(level))),
		fig(lang.X("card.fig.revenue", "累计消费"), kit.Yuan(s.RevenueFen)),
		fig(lang.X("card.fig.orders", "订单数"), fmt.Sprint(s.PaidOrders)),
		fig(lang.X("card.fig.average", "平均每单"), kit.Yuan(s.AverageFen())),
		fig(lang.X("card.fig.cycle", "购买周期"), cycle),
		fig(lang.X("card.fig.next", "预计下次购买"), or(s.NextExpected)),
		fig(lang.X("card.fig.since", "距上次购买"), since),
		fig(lang.X("card.fig.last", "最近下单"), or(s.LastDay)),
	}
	grid.Refresh()
}
