package figures

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/clock"
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
	"huitouke/widgets"
)

// Period choices of the overview, in the order of the selector.
const (
	periodLast30 = iota
	periodLast90
	periodLast365
	periodThisYear
	periodAll
	periodCustom
)

func periodLabels() []string {
	return []string{
		lang.X("overview.period.last30", "近 30 天"), lang.X("overview.period.last90", "近 90 天"),
		lang.X("overview.period.last365", "近 365 天"), lang.X("overview.period.year", "今年"),
		lang.X("overview.period.all", "全部时间"), lang.X("overview.period.custom", "自定义…"),
	}
}

type overviewScreen struct {
	u       Shell
	root    *fyne.Container
	empty   fyne.CanvasObject
	content fyne.CanvasObject

	period    *widget.Select
	from, to  *widget.Entry
	customBox *fyne.Container
	asOf      *widget.Entry
	status    *widget.Label // "计算中…" or the period shown
	problem   *canvas.Text  // inline validation message
	tiles     []*widgets.KPITile
	cycleNote *widget.Label
	segChart  *widgets.BarChart
	trend     *widgets.LineChart
	segKeys   []string
	gen       int            // generation of the latest load; older results are dropped
	loads     sync.WaitGroup // loads in flight (tests wait on it)
	choice    int
}

// KPI tile order.
const (
	tileCustomers = iota
	tileBuyers
	tileRevenue
	tileAvg
	tileRepeatCustomers
	tileRepeatOrders
	tileReturning
	tilePareto
	tileCount
)

// NewOverview builds the overview screen.
func NewOverview(u Shell) kit.Screen {
	s := &overviewScreen{u: u, root: container.NewStack()}
	// A new shop sees the first-run guide instead of an empty dashboard.
	s.empty = u.FirstRunGuide()
	s.build()
	s.root.Objects = []fyne.CanvasObject{s.content}
	return s
}

func (s *overviewScreen) Object() fyne.CanvasObject { return s.root }

func (s *overviewScreen) Shown() {
	s.u.Figures().RecomputeIfStale()
	s.reload()
}

func (s *overviewScreen) build() {
	title := heading(lang.X("overview.title", "概览"))
	s.period = widget.NewSelect(periodLabels(), nil)
	s.period.SetSelectedIndex(periodLast90)
	s.choice = periodLast90
	s.period.OnChanged = func(string) {
		s.choice = s.period.SelectedIndex()
		if s.choice == periodCustom {
			s.customBox.Show()
			if s.from.Text == "" {
				s.to.SetText(clock.Today().String())
				s.from.SetText((clock.Today() - 29).String())
			}
		} else {
			s.customBox.Hide()
		}
		s.reload()
	}
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("2026-01-01")
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("2026-12-31")
	apply := widget.NewButton(lang.X("overview.apply", "查看"), func() { s.reload() })
	s.from.OnSubmitted = func(string) { s.reload() }
	s.to.OnSubmitted = func(string) { s.reload() }
	s.customBox = container.NewHBox(fixedWidth(s.from, 120), widget.NewLabel("–"), fixedWidth(s.to, 120), apply)
	s.customBox.Hide()
	s.asOf = widget.NewEntry()
	s.asOf.SetText(clock.Today().String())
	s.asOf.OnSubmitted = func(string) { s.reload() }
	asOfApply := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { s.reload() })
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance
	s.problem = canvas.NewText("", theme.Color(theme.ColorNameError))
	s.problem.TextSize = theme.CaptionTextSize()
	s.problem.Hide()

	controls := container.NewHBox(
		widget.NewLabel(lang.X("overview.period", "统计期")), fixedWidth(s.period, 150), s.customBox,
		widget.NewLabel(lang.X("overview.asof", "计算日期")), fixedWidth(s.asOf, 120), asOfApply,
	)
	header := container.NewVBox(
		container.NewBorder(nil, nil, title, s.status),
		controls,
		s.problem,
	)

	labels := []string{
		lang.X("overview.kpi.customers", "购买过的客户"),
		lang.X("overview.kpi.buyers", "统计期内买家"),
		lang.X("overview.kpi.revenue", "销售额"),
		lang.X("overview.kpi.avg", "客单价"),
		lang.X("overview.kpi.repeat_customers", "复购率（按人数）"),
		lang.X("overview.kpi.repeat_orders", "复购率（按订单）"),
		lang.X("overview.kpi.returning", "老客订单占比"),
		lang.X("overview.kpi.pareto", "前 20% 客户贡献"),
	}
	grid := container.NewGridWithColumns(4)
	for _, l := range labels {
		t := widgets.NewKPITile(l, "–")
		t.Note = " " // measured with a note line, so tiles keep their height when notes come
		s.tiles = append(s.tiles, t)
		// The tile's own minimum leaves its note touching the border; give it air.
		grid.Add(minHeight(t, 104))
	}
	s.cycleNote = widget.NewLabel("")
	s.cycleNote.Wrapping = fyne.TextWrapWord
	// Normal text colour: LowImportance draws in the placeholder colour, which
	// is barely readable on the light theme, and this note matters.
	s.cycleNote.Importance = widget.MediumImportance

	s.segChart = widgets.NewBarChart(nil)
	s.segChart.Title = lang.X("overview.chart.segments", "客户生命周期（点一下查看名单）")
	s.segChart.OnTapped = func(i int) {
		if i >= 0 && i < len(s.segKeys) {
			s.u.OpenCustomers(kit.CustomerFilter{Segment: s.segKeys[i]})
		}
	}
	s.trend = widgets.NewLineChart(nil, nil)
	s.trend.Title = lang.X("overview.chart.trend", "每月新客与老客（买家人数）")
	charts := container.NewGridWithColumns(2, minHeight(s.segChart, 300), minHeight(s.trend, 300))

	body := container.NewVBox(header, widget.NewSeparator(), grid, s.cycleNote, charts)
	s.content = container.NewVScroll(container.NewPadded(body))
}

// chosenPeriod reads the selector and the date entries. ok is false (and the message shown)
// when a date cannot be read.
func (s *overviewScreen) chosenPeriod() (calc.Period, clock.Day, bool) {
	s.problem.Hide()
	bad := func(msg string) (calc.Period, clock.Day, bool) {
		s.problem.Text = msg
		s.problem.Color = theme.Color(theme.ColorNameError)
		s.problem.Show()
		s.problem.Refresh()
		return calc.Period{}, 0, false
	}
	asOf, err := clock.ParseDay(strings.TrimSpace(s.asOf.Text))
	if err != nil {
		return bad(lang.X("overview.err.asof", "计算日期要写成 YYYY-MM-DD，例如 2026-11-15。"))
	}
	switch s.choice {
	case periodLast30:
		return calc.Period{From: asOf - 29, To: asOf}, asOf, true
	case periodLast90:
		return calc.Period{From: asOf - 89, To: asOf}, asOf, true
	case periodLast365:
		return calc.Period{From: asOf - 364, To: asOf}, asOf, true
	case periodThisYear:
		y, _, _ := asOf.Date()
		return calc.Period{From: clock.NewDay(y, 1, 1), To: asOf}, asOf, true
	case periodCustom:
		from, err1 := clock.ParseDay(strings.TrimSpace(s.from.Text))
		to, err2 := clock.ParseDay(strings.TrimSpace(s.to.Text))
		if err1 != nil || err2 != nil {
			return bad(lang.X("overview.err.range", "开始和结束日期要写成 YYYY-MM-DD，例如 2026-10-01。"))
		}
		if to < from {
			return bad(lang.X("overview.err.order", "结束日期不能早于开始日期。"))
		}
		if from > asOf {
			return bad(lang.X("overview.err.future", "开始日期晚于计算日期，这段时间还没有订单。"))
		}
		return calc.Period{From: from, To: to}, asOf, true
	}
	return calc.Period{}, asOf, true
}

// reload computes the figures of the chosen period in the background.
func (s *overviewScreen) reload() {
	p, asOf, ok := s.chosenPeriod()
	if !ok {
		return
	}
	s.gen++
	gen := s.gen
	s.status.SetText(lang.X("overview.loading", "计算中…"))
	cache, store, ctx := s.u.Figures().Cache(), s.u.Store(), s.u.Ctx()
	s.loads.Add(1)
	kit.GoSafe("figures", func() {
		o, err := cache.Overview(ctx, store, p, asOf)
		fyne.Do(func() {
			defer s.loads.Done()
			if gen != s.gen {
				return
			}
			s.showOverview(o, err)
		})
	})
}

// showOverview puts a loaded overview (or why it could not be loaded) on the screen.
func (s *overviewScreen) showOverview(o figures.Overview, err error) {
	if err == nil && !o.HasData {
		s.root.Objects = []fyne.CanvasObject{s.empty}
		s.root.Refresh()
		s.status.SetText("")
		return
	}
	if s.root.Objects[0] != s.content {
		s.root.Objects = []fyne.CanvasObject{s.content}
		s.root.Refresh()
	}
	if err != nil {
		s.status.SetText("")
		s.problem.Text = lang.X("overview.err.load", "无法计算指标，请稍后再试。") + " (" + err.Error() + ")"
		s.problem.Show()
		s.problem.Refresh()
		return
	}
	s.show(o.Report, o.Months)
}

func (s *overviewScreen) show(r figures.Report, months []calc.Month) {
	f, pf := r.Figures, r.Previous
	from := f.From
	if from == 0 {
		from = r.FirstDay
	}
	s.status.SetText(lang.X("overview.shown", "{{.From}} 至 {{.To}}", map[string]any{"From": from.String(), "To": f.To.String()}))
	type kpi struct {
		value      string
		cur, prev  float64
		rate       bool // change in percentage points instead of percent
		prevString string
	}
	vals := []kpi{
		{kit.Grouped(f.Customers), float64(f.Customers), float64(pf.Customers), false, kit.Grouped(pf.Customers)},
		{kit.Grouped(f.Buyers), float64(f.Buyers), float64(pf.Buyers), false, kit.Grouped(pf.Buyers)},
		{kit.Yuan(f.RevenueFen), float64(f.RevenueFen), float64(pf.RevenueFen), false, kit.Yuan(pf.RevenueFen)},
		{kit.Yuan(int64(math.Round(f.AvgSpendPerBuyerFen))), f.AvgSpendPerBuyerFen, pf.AvgSpendPerBuyerFen, false, kit.Yuan(int64(math.Round(pf.AvgSpendPerBuyerFen)))},
		{pct(f.RepeatRateCustomers), f.RepeatRateCustomers, pf.RepeatRateCustomers, true, pct(pf.RepeatRateCustomers)},
		{pct(f.RepeatRateOrders), f.RepeatRateOrders, pf.RepeatRateOrders, true, pct(pf.RepeatRateOrders)},
		{pct(f.ReturningShareOrders), f.ReturningShareOrders, pf.ReturningShareOrders, true, pct(pf.ReturningShareOrders)},
		{pct(f.ParetoTop20Share), f.ParetoTop20Share, pf.ParetoTop20Share, true, pct(pf.ParetoTop20Share)},
	}
	cycle := ""
	if r.HasShopCycle {
		cycle = lang.X("overview.cycle.short", "复购周期约 {{.N}} 天", map[string]any{"N": int(math.Round(r.ShopCycle))})
	}
	for i, t := range s.tiles {
		k := vals[i]
		t.Value = k.value
		t.Change, t.Trend, t.Note = "", 0, ""
		if r.HasPrevious {
			t.Change, t.Trend = changeText(k.cur, k.prev, k.rate)
			t.Note = lang.X("overview.prev", "上一期 {{.V}}", map[string]any{"V": k.prevString})
		}
		switch i {
		case tileRepeatCustomers, tileRepeatOrders:
			if cycle != "" {
				t.Note = cycle
			}
		case tileReturning:
			t.Note = lang.X("overview.returning.revenue", "销售额占比 {{.V}}", map[string]any{"V": pct(f.ReturningShareRevenue)})
		}
		t.Refresh()
	}
	if r.HasShopCycle {
		s.cycleNote.SetText(lang.X("overview.cycle.note",
			"复购率要看足够长的时间：统计期应长于本店的复购周期（中位数约 {{.N}} 天），否则很多老客还没到再次购买的时候。",
			map[string]any{"N": int(math.Round(r.ShopCycle))}))
	} else {
		s.cycleNote.SetText(lang.X("overview.cycle.none", "还没有客户买过第二次，暂时算不出复购周期。统计期应长于商品的复购周期。"))
	}

	s.segKeys = s.segKeys[:0]
	var bars []widgets.Bar
	for _, k := range calc.Segments {
		if k == calc.SegmentNone {
			continue
		}
		s.segKeys = append(s.segKeys, k)
		bars = append(bars, widgets.Bar{Label: vocab.Segment(k), Value: float64(r.Segments[k]), Detail: segmentHelp(k, r.Settings)})
	}
	s.segChart.Bars = bars
	s.segChart.Refresh()

	labels := make([]string, len(months))
	newB := make([]float64, len(months))
	retB := make([]float64, len(months))
	for i, m := range months {
		labels[i] = fmt.Sprintf("%d-%02d", m.Year, m.Month)
		newB[i], retB[i] = float64(m.NewBuyers), float64(m.ReturningBuyers)
	}
	s.trend.Labels = labels
	s.trend.Series = []widgets.Series{
		{Name: lang.X("overview.series.new", "新客"), Values: newB},
		{Name: lang.X("overview.series.returning", "老客"), Values: retB},
	}
	s.trend.Refresh()
}

// changeText formats the change of a KPI against the previous period: percent for amounts and
// counts, percentage points for rates. Higher is better for every tile.
func changeText(cur, prev float64, rate bool) (string, int) {
	trend := 0
	switch {
	case cur > prev:
		trend = 1
	case cur < prev:
		trend = -1
	}
	if rate {
		d := (cur - prev) * 100
		return lang.X("overview.change.pt", "{{.V}} 个百分点", map[string]any{"V": fmt.Sprintf("%+.1f", d)}), trend
	}
	if prev == 0 {
		if cur == 0 {
			return "±0", 0
		}
		return lang.X("overview.change.new", "上一期为 0"), trend
	}
	return fmt.Sprintf("%+.1f%%", (cur-prev)/math.Abs(prev)*100), trend
}

// segmentHelp explains a segment in plain words (tooltips and captions), with the shop's
// own day thresholds.
func segmentHelp(k string, st calc.Settings) string {
	d := map[string]any{"New": st.NewDays, "Cooling": st.CoolingDays, "High": st.DormantHighDays, "Low": st.DormantLowDays}
	switch k {
	case calc.SegmentNew:
		return lang.X("segments.help.new", "只买过一次，就在最近 {{.New}} 天内", d)
	case calc.SegmentActive:
		return lang.X("segments.help.active", "买过两次以上，最近 {{.New}} 天内还买过", d)
	case calc.SegmentCooling:
		return lang.X("segments.help.cooling", "{{.New}}–{{.Cooling}} 天没来买了，及时问候最容易拉回", d)
	case calc.SegmentDormantHigh:
		return lang.X("segments.help.dormant_high", "{{.Cooling}}–{{.High}} 天没来买，有机会挽回：关怀加优惠", d)
	case calc.SegmentDormantLow:
		return lang.X("segments.help.dormant_low", "{{.High}}–{{.Low}} 天没来买，以关怀为主，大促时再给优惠", d)
	case calc.SegmentLost:
		return lang.X("segments.help.lost", "超过 {{.Low}} 天没来买了", d)
	case calc.SegmentNone:
		return lang.X("segments.help.none", "有资料，但还没有付款的订单", d)
	}
	return ""
}
