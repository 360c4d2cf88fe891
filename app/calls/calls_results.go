package calls

import (
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// callsResults is the "did it work" tab: calls, reach, conversion by reason
// and agent, and the lift against the holdout with both group sizes.
type callsResults struct {
	u       Shell
	root    fyne.CanvasObject
	period  *widget.Select
	days    []int
	summary *widget.Label
	lift    *widget.Label
	small   *widget.Label
	byAgent *fyne.Container
	byRsn   *fyne.Container
	byDay   *fyne.Container
	loading bool
	goBG    func(func())
}

func newCallsResults(u Shell, goBG func(func())) *callsResults {
	r := &callsResults{u: u, days: []int{7, 30, 90, 365}, goBG: goBG}
	r.period = widget.NewSelect([]string{
		lang.X("calls.res.7", "最近 7 天"), lang.X("calls.res.30", "最近 30 天"),
		lang.X("calls.res.90", "最近 90 天"), lang.X("calls.res.365", "最近一年"),
	}, nil)
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	r.lift = widget.NewLabel("")
	r.lift.Wrapping = fyne.TextWrapWord
	r.small = widget.NewLabel(lang.X("calls.res.small", "样本太小，仅供参考"))
	r.small.Importance = widget.WarningImportance
	r.small.Hide()
	r.byAgent = container.NewGridWithColumns(5)
	r.byRsn = container.NewGridWithColumns(5)
	r.byDay = container.NewGridWithColumns(5)
	note := widget.NewLabel(lang.X("calls.res.note", "打完电话后 14 天内有付款订单就算转化（之后导入的订单也会算进来）。对照组是每天随机留出、不拨打的客户，两组转化率之差就是回访真正带来的提升。"))
	note.Wrapping = fyne.TextWrapWord
	r.root = container.NewVScroll(container.NewVBox(
		container.NewHBox(widget.NewLabel(lang.X("calls.res.period", "时间范围")), r.period),
		widget.NewCard(lang.X("calls.res.overall", "总体"), "", r.summary),
		widget.NewCard(lang.X("calls.res.lift", "回访带来的提升"), "", container.NewVBox(r.lift, r.small)),
		widget.NewCard(lang.X("calls.res.byreason", "按原因"), "", r.byRsn),
		widget.NewCard(lang.X("calls.res.byagent", "按客服"), "", r.byAgent),
		widget.NewCard(lang.X("calls.res.byday", "按天"), "", r.byDay),
		note,
	))
	r.period.SetSelectedIndex(1)
	r.period.OnChanged = func(string) { r.load() }
	return r
}

func callPct(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

func (r *callsResults) load() {
	if r.loading || r.period.SelectedIndex() < 0 {
		return
	}
	r.loading = true
	to := clock.Today()
	from := to - clock.Day(r.days[r.period.SelectedIndex()]-1)
	st, ctx := r.u.Store(), r.u.Ctx()
	r.goBG(func() {
		res, err := calls.Results(ctx, st, from, to, 0)
		uiDo(func() {
			r.loading = false
			if err != nil {
				r.summary.SetText(lang.X("calls.res.err", "读取回访效果失败。") + "\n" + err.Error())
				return
			}
			r.show(res)
		})
	})
}

func (r *callsResults) show(res rules.Results) {
	o := res.Overall
	r.summary.SetText(lang.X("calls.res.summary", "拨打 {{.Calls}} 通，接通 {{.Reached}} 通（接通率 {{.Reach}}），其中 {{.Conv}} 位在 {{.W}} 天内下单（转化率 {{.Rate}}）。",
		map[string]any{"Calls": o.Calls, "Reached": o.Reached, "Reach": callPct(o.ReachRate), "Conv": o.Converted, "W": res.Window, "Rate": callPct(o.ConversionRate)}))
	l := res.Lift
	r.lift.SetText(lang.X("calls.res.liftline", "回访组 {{.CN}} 人，转化率 {{.CR}}；对照组（没打电话）{{.HN}} 人，转化率 {{.HR}}。提升 {{.Lift}} 个百分点。",
		map[string]any{"CN": l.CalledSize, "CR": callPct(l.CalledRate), "HN": l.HoldoutSize, "HR": callPct(l.HoldoutRate), "Lift": fmt.Sprintf("%+.1f", l.Lift*100)}))
	callShowIf(r.small, l.SmallSample)

	head := func(first string) []fyne.CanvasObject {
		return []fyne.CanvasObject{
			widget.NewLabelWithStyle(first, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(lang.X("calls.res.calls", "拨打"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(lang.X("calls.res.reach", "接通率"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(lang.X("calls.res.conv", "转化"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(lang.X("calls.res.rate", "转化率"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}),
		}
	}
	row := func(name string, s rules.Stats) []fyne.CanvasObject {
		return []fyne.CanvasObject{
			widget.NewLabel(name),
			widget.NewLabelWithStyle(fmt.Sprint(s.Calls), fyne.TextAlignTrailing, fyne.TextStyle{}),
			widget.NewLabelWithStyle(callPct(s.ReachRate), fyne.TextAlignTrailing, fyne.TextStyle{}),
			widget.NewLabelWithStyle(fmt.Sprint(s.Converted), fyne.TextAlignTrailing, fyne.TextStyle{}),
			widget.NewLabelWithStyle(callPct(s.ConversionRate), fyne.TextAlignTrailing, fyne.TextStyle{}),
		}
	}
	objs := head(lang.X("calls.col.reason", "原因"))
	for _, rs := range append(rules.Reasons(), rules.ReasonManual) {
		if s, ok := res.ByReason[rs]; ok {
			objs = append(objs, row(vocab.Reason(rs), s)...)
		}
	}
	r.byRsn.Objects = objs
	r.byRsn.Refresh()
	agents := make([]string, 0, len(res.ByAgent))
	for a := range res.ByAgent {
		agents = append(agents, a)
	}
	sort.Strings(agents)
	objs = head(lang.X("calls.col.agent", "客服"))
	for _, a := range agents {
		name := a
		if name == "" {
			name = lang.X("calls.res.noagent", "（未填客服）")
		}
		objs = append(objs, row(name, res.ByAgent[a])...)
	}
	r.byAgent.Objects = objs
	r.byAgent.Refresh()
	days := make([]clock.Day, 0, len(res.ByDay))
	for d := range res.ByDay {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] > days[j] })
	objs = head(lang.X("calls.res.day", "日期"))
	for _, d := range days {
		objs = append(objs, row(d.String(), res.ByDay[d])...)
	}
	r.byDay.Objects = objs
	r.byDay.Refresh()
}
