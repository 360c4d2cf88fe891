package figures

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/clock"
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
	"huitouke/widgets"
)

// exportGroup is one choice of the export selector: a segment, an RFM class or a level.
type exportGroup struct {
	label  string
	filter figures.SegmentFilter
}

type segmentsScreen struct {
	u       Shell
	root    *fyne.Container
	empty   fyne.CanvasObject
	content fyne.CanvasObject

	status    *widget.Label
	life      *widgets.BarChart
	rfm       *widgets.BarChart
	pareto    *widgets.ParetoChart
	levels    *widgets.BarChart
	cohorts   *widgets.HeatMap
	cycles    *widgets.BarChart
	paretoTxt *widget.Label
	lifeHelp  *widget.Label
	groupSel  *widget.Select
	exportBtn *widget.Button
	exportMsg *widget.Label

	segKeys   []string
	levelKeys []string
	groups    []exportGroup
	gen       int
	loads     sync.WaitGroup
}

// NewSegments builds the segments screen.
func NewSegments(u Shell) kit.Screen {
	s := &segmentsScreen{u: u, root: container.NewStack()}
	s.empty = kit.EmptyState(u.GoImport, theme.GridIcon(), lang.X("segments.empty.title", "还没有可分群的客户"),
		lang.X("segments.empty.text", "导入订单后，这里按新客、活跃、待唤醒、沉睡和流失为客户分群，并给出 RFM 分类。"))
	s.build()
	s.root.Objects = []fyne.CanvasObject{s.content}
	return s
}

func (s *segmentsScreen) Object() fyne.CanvasObject { return s.root }

func (s *segmentsScreen) Shown() {
	s.u.Figures().RecomputeIfStale()
	s.reload()
}

// rfmHelp explains an RFM class in plain words.
func rfmHelp(k string) string {
	switch k {
	case calc.RFMImportantValue:
		return lang.X("segments.rfm.important_value", "最近买过、常买、花得多：最好的客户，重点维护")
	case calc.RFMImportantDevelop:
		return lang.X("segments.rfm.important_develop", "最近买过、花得多但次数少：引导多买几次")
	case calc.RFMImportantKeep:
		return lang.X("segments.rfm.important_keep", "常买、花得多，但有一阵没来了：主动联系")
	case calc.RFMImportantRetain:
		return lang.X("segments.rfm.important_retain", "花得多，但次数少又很久没来：尽快挽留")
	case calc.RFMGeneralValue:
		return lang.X("segments.rfm.general_value", "最近买过、常买，但花得不多")
	case calc.RFMGeneralDevelop:
		return lang.X("segments.rfm.general_develop", "最近买过，次数少、花得少：多是新客")
	case calc.RFMGeneralKeep:
		return lang.X("segments.rfm.general_keep", "常买但花得少，有一阵没来了")
	case calc.RFMGeneralRetain:
		return lang.X("segments.rfm.general_retain", "次数少、花得少、很久没来")
	}
	return ""
}

func (s *segmentsScreen) build() {
	title := heading(lang.X("segments.title", "分群"))
	s.status = widget.NewLabel("")
	s.status.Importance = widget.LowImportance

	s.life = widgets.NewBarChart(nil)
	s.life.Title = lang.X("segments.chart.life", "生命周期分群（人数）")
	s.life.OnTapped = func(i int) {
		if i >= 0 && i < len(s.segKeys) {
			s.u.OpenCustomers(kit.CustomerFilter{Segment: s.segKeys[i]})
		}
	}
	s.lifeHelp = widget.NewLabel("")
	lifeHelp := s.lifeHelp
	lifeHelp.Wrapping = fyne.TextWrapWord
	lifeHelp.SizeName = theme.SizeNameCaptionText

	s.rfm = widgets.NewBarChart(nil)
	s.rfm.Title = lang.X("segments.chart.rfm", "RFM 八类客户（人数，悬停看销售额占比）")
	s.rfm.Horizontal = true
	s.rfm.OnTapped = func(i int) {
		if i >= 0 && i < len(calc.RFMClasses) {
			s.u.OpenCustomers(kit.CustomerFilter{RFM: calc.RFMClasses[i]})
		}
	}
	rfmHelpText := widget.NewLabel(lang.X("segments.rfm.caption",
		"R 最近一次购买距今多久，F 购买次数，M 消费金额，各与全店平均比较。“重要”= 消费高于平均，“价值/发展”= 最近买过，“价值/保持”= 买得比平均多。"))
	rfmHelpText.Wrapping = fyne.TextWrapWord
	rfmHelpText.SizeName = theme.SizeNameCaptionText

	s.pareto = widgets.NewParetoChart(nil)
	s.pareto.Title = lang.X("segments.chart.pareto", "二八分布：按累计消费从高到低，每 5% 客户一组")
	s.pareto.ValueText = func(v float64) string { return yuanShort(v) }
	s.paretoTxt = widget.NewLabel("")
	s.paretoTxt.Wrapping = fyne.TextWrapWord
	s.paretoTxt.Importance = widget.LowImportance

	s.levels = widgets.NewBarChart(nil)
	s.levels.Title = lang.X("segments.chart.levels", "会员等级分布（人数）")
	s.levels.OnTapped = func(i int) {
		if i >= 0 && i < len(s.levelKeys) && s.levelKeys[i] != "" {
			s.u.OpenCustomers(kit.CustomerFilter{Level: s.levelKeys[i]})
		}
	}

	s.cohorts = widgets.NewHeatMap(nil, nil, nil)
	s.cohorts.Title = lang.X("segments.chart.cohorts", "同期群：首次购买月份之后第 N 个月再次购买的比例")

	s.cycles = widgets.NewBarChart(nil)
	s.cycles.Title = lang.X("segments.chart.cycles", "复购周期分布（买过两次以上的客户，人数）")

	s.groupSel = widget.NewSelect(nil, nil)
	s.groupSel.PlaceHolder = lang.X("segments.export.choose", "选择要导出的分群…")
	s.exportBtn = widget.NewButtonWithIcon(lang.X("segments.export", "导出此分群"), theme.DocumentSaveIcon(), s.export)
	s.exportMsg = widget.NewLabel("")
	s.exportMsg.Wrapping = fyne.TextWrapWord
	exportRow := container.NewBorder(nil, nil, nil, s.exportBtn, s.groupSel)
	exportCard := widget.NewCard("", lang.X("segments.export.sub", "导出成 Excel（姓名、电话、等级、最近下单、消费），可用于短信或发券工具。"),
		container.NewVBox(exportRow, s.exportMsg))

	card := func(o fyne.CanvasObject, h float32, extra ...fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(append([]fyne.CanvasObject{minHeight(o, h)}, extra...)...)
	}
	body := container.NewVBox(
		container.NewBorder(nil, nil, title, s.status),
		exportCard,
		container.NewGridWithColumns(2, card(s.life, 300, lifeHelp), card(s.rfm, 300, rfmHelpText)),
		widget.NewSeparator(),
		container.NewGridWithColumns(2, card(s.pareto, 300, s.paretoTxt), card(s.levels, 300)),
		widget.NewSeparator(),
		minHeight(s.cohorts, 360),
		minHeight(s.cycles, 260),
	)
	s.content = container.NewVScroll(container.NewPadded(body))
}

func (s *segmentsScreen) lifeCaption(st calc.Settings) string {
	var b strings.Builder
	for i, k := range calc.Segments[:len(calc.Segments)-1] {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(vocab.Segment(k) + lang.X("segments.colon", "：") + segmentHelp(k, st))
	}
	return b.String()
}

func (s *segmentsScreen) reload() {
	s.gen++
	gen := s.gen
	s.status.SetText(lang.X("overview.loading", "计算中…"))
	cache, store, ctx := s.u.Figures().Cache(), s.u.Store(), s.u.Ctx()
	asOf := clock.Today()
	s.loads.Add(1)
	kit.GoSafe("figures", func() {
		page, err := cache.SegmentsPage(ctx, store, asOf)
		fyne.Do(func() {
			defer s.loads.Done()
			if gen != s.gen {
				return
			}
			if err == nil && !page.HasData {
				s.root.Objects = []fyne.CanvasObject{s.empty}
				s.root.Refresh()
				return
			}
			if s.root.Objects[0] != s.content {
				s.root.Objects = []fyne.CanvasObject{s.content}
				s.root.Refresh()
			}
			if err != nil {
				s.status.SetText(lang.X("overview.err.load", "无法计算指标，请稍后再试。") + " (" + err.Error() + ")")
				return
			}
			s.show(page.Breakdown)
		})
	})
}

func (s *segmentsScreen) show(b figures.Breakdown) {
	s.status.SetText(lang.X("segments.asof", "截至 {{.Day}}，共 {{.N}} 位购买过的客户", map[string]any{"Day": b.AsOf.String(), "N": kit.Grouped(b.Buyers)}))
	s.groups = s.groups[:0]
	s.showLifecycle(b)
	s.showRFM(b)
	s.showPareto(b)
	s.showLevels(b)
	s.showCohorts(b.Cohorts)
	s.showCycles(b.Cycles)
	s.showGroups()
}

// showLifecycle fills the lifecycle chart and its caption, and offers each segment for export.
func (s *segmentsScreen) showLifecycle(b figures.Breakdown) {
	s.segKeys = s.segKeys[:0]
	var bars []widgets.Bar
	for _, k := range calc.Segments {
		n := b.Segments[k]
		if k == calc.SegmentNone && n == 0 {
			continue
		}
		s.segKeys = append(s.segKeys, k)
		bars = append(bars, widgets.Bar{Label: vocab.Segment(k), Value: float64(n), Detail: segmentHelp(k, b.Settings)})
		s.groups = append(s.groups, exportGroup{fmt.Sprintf("%s（%s）", vocab.Segment(k), kit.Grouped(n)), figures.SegmentFilter{Segment: k}})
	}
	s.life.Bars = bars
	s.life.Refresh()
	s.lifeHelp.SetText(s.lifeCaption(b.Settings))
}

// showRFM fills the RFM chart and offers each class for export.
func (s *segmentsScreen) showRFM(b figures.Breakdown) {
	var bars []widgets.Bar
	for _, k := range calc.RFMClasses {
		n := b.RFM[k]
		bars = append(bars, widgets.Bar{Label: vocab.RFM(k), Value: float64(n),
			Detail: lang.X("segments.rfm.share", "销售额占比 {{.V}}", map[string]any{"V": pct(b.RFMShare[k])}) + " · " + rfmHelp(k)})
		s.groups = append(s.groups, exportGroup{fmt.Sprintf("RFM %s（%s）", vocab.RFM(k), kit.Grouped(n)), figures.SegmentFilter{RFM: k}})
	}
	s.rfm.Bars = bars
	s.rfm.Refresh()
}

func (s *segmentsScreen) showPareto(b figures.Breakdown) {
	var bars []widgets.Bar
	for _, p := range b.Pareto {
		label := fmt.Sprintf("%d%%", int(p.To*100+0.5))
		bars = append(bars, widgets.Bar{Label: label, Value: float64(p.RevenueFen) / 100,
			Detail: lang.X("segments.pareto.detail", "{{.N}} 位客户，{{.V}}", map[string]any{"N": kit.Grouped(p.Customers), "V": kit.Yuan(p.RevenueFen)})})
	}
	s.pareto.Bars = bars
	s.pareto.Refresh()
	s.paretoTxt.SetText(lang.X("segments.pareto.text", "消费最多的前 20% 客户带来了 {{.V}} 的销售额。", map[string]any{"V": pct(b.ParetoTop20)}))
}

// showLevels fills the level chart and offers each named level for export.
func (s *segmentsScreen) showLevels(b figures.Breakdown) {
	s.levelKeys = s.levelKeys[:0]
	var bars []widgets.Bar
	for _, l := range b.Levels {
		s.levelKeys = append(s.levelKeys, l.Name)
		detail := ""
		if l.MinFen >= 0 {
			detail = lang.X("segments.level.min", "累计消费满 {{.V}}", map[string]any{"V": kit.Yuan(l.MinFen)})
		} else {
			detail = lang.X("segments.level.manual", "手动设置的等级")
		}
		bars = append(bars, widgets.Bar{Label: vocab.Level(l.Name), Value: float64(l.Count), Detail: detail})
		if l.Name != "" {
			s.groups = append(s.groups, exportGroup{fmt.Sprintf("%s（%s）", vocab.Level(l.Name), kit.Grouped(l.Count)), figures.SegmentFilter{Level: l.Name}})
		}
	}
	s.levels.Bars = bars
	s.levels.Refresh()
}

// showCohorts fills the cohort table: the last 12 months of first purchases, newest at the
// bottom.
func (s *segmentsScreen) showCohorts(cs []calc.Cohort) {
	if len(cs) > 12 {
		cs = cs[len(cs)-12:]
	}
	rows := make([]string, len(cs))
	cells := make([][]float64, len(cs))
	cols := make([]string, figures.CohortMonths)
	for k := range cols {
		cols[k] = lang.X("segments.cohort.month", "+{{.N}}月", map[string]any{"N": k + 1})
	}
	for i, c := range cs {
		rows[i] = fmt.Sprintf("%d-%02d (%s)", c.Year, c.Month, kit.Grouped(c.Size))
		row := make([]float64, 0, figures.CohortMonths)
		for k := 1; k <= figures.CohortMonths && k <= c.Observed; k++ {
			row = append(row, c.Share[k])
		}
		cells[i] = row // months not reached yet stay empty
	}
	s.cohorts.Rows, s.cohorts.Cols, s.cohorts.Cells = rows, cols, cells
	s.cohorts.Refresh()
}

func (s *segmentsScreen) showCycles(cycles []calc.Bucket) {
	var bars []widgets.Bar
	for _, bk := range cycles {
		label := fmt.Sprintf("%d–%d", bk.From, bk.To)
		if bk.From == 0 {
			label = fmt.Sprintf("≤%d", bk.To)
		}
		if bk.To < 0 {
			label = fmt.Sprintf(">%d", bk.From)
		}
		bars = append(bars, widgets.Bar{Label: label + lang.X("segments.days", "天"), Value: float64(bk.Count)})
	}
	s.cycles.Bars = bars
	s.cycles.Refresh()
}

// showGroups offers the groups collected by the charts in the export selector, keeping the
// choice.
func (s *segmentsScreen) showGroups() {
	labels := make([]string, len(s.groups))
	for i, g := range s.groups {
		labels[i] = g.label
	}
	sel := s.groupSel.SelectedIndex()
	s.groupSel.Options = labels
	if sel >= 0 && sel < len(labels) {
		s.groupSel.SetSelectedIndex(sel)
	}
	s.groupSel.Refresh()
}

// exportHeaders are the export's column titles in the user's language.
func exportHeaders() []string {
	return []string{
		lang.X("customers.col.name", "姓名"), lang.X("customers.col.nickname", "昵称"), lang.X("customers.col.phones", "手机号"),
		lang.X("customers.col.platform", "平台"), lang.X("customers.col.level", "会员等级"), lang.X("customers.col.segment", "分群"),
		lang.X("customers.col.last", "最近下单"), lang.X("customers.col.orders", "订单数"), lang.X("customers.col.revenue", "累计消费（元）"),
	}
}

func (s *segmentsScreen) export() {
	i := s.groupSel.SelectedIndex()
	if i < 0 || i >= len(s.groups) {
		s.exportMsg.SetText(lang.X("segments.export.pick", "请先选择要导出的分群。"))
		return
	}
	g := s.groups[i]
	name := strings.NewReplacer("（", "_", "）", "", "/", "_", " ", "").Replace(g.label)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.exportMsg.SetText(lang.X("segments.export.failed", "导出失败：请检查文件夹是否可写、文件是否在 Excel 里打开着。") + "\n" + err.Error())
			return
		}
		if w == nil {
			return // cancelled
		}
		path := kit.URIPath(w.URI())
		// The export writes the file itself (atomically, by rename), over this empty one.
		if err := w.Close(); err != nil {
			fyne.LogError("close the chosen export file", err)
		}
		s.exportTo(g, path)
	}, s.u.Win())
	d.SetFileName(name + "_" + clock.Today().String() + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// exportTo writes the group to path in the background and reports in the screen.
func (s *segmentsScreen) exportTo(g exportGroup, path string) {
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		path += ".xlsx"
	}
	s.exportBtn.Disable()
	s.exportMsg.SetText(lang.X("segments.export.busy", "正在导出…"))
	store, ctx, headers := s.u.Store(), s.u.Ctx(), exportHeaders()
	label := func(kind, key string) string {
		if kind == "segment" {
			return vocab.Segment(key)
		}
		return vocab.Level(key)
	}
	// Labels are translated here, on the UI goroutine; the worker only looks them up.
	names := map[string]string{}
	for _, k := range calc.Segments {
		names["segment/"+k] = label("segment", k)
	}
	for _, k := range []string{calc.LevelRegular, calc.LevelSilver, calc.LevelGold, calc.LevelDiamond} {
		names["level/"+k] = label("level", k)
	}
	s.loads.Add(1)
	kit.GoSafe("figures", func() {
		n, err := figures.ExportSegment(ctx, store, g.filter, path, headers, func(kind, key string) string {
			if v, ok := names[kind+"/"+key]; ok {
				return v
			}
			return key
		})
		fyne.Do(func() {
			defer s.loads.Done()
			s.exportBtn.Enable()
			if err != nil {
				s.exportMsg.SetText(lang.X("segments.export.failed", "导出失败：请检查文件夹是否可写、文件是否在 Excel 里打开着。") + "\n" + err.Error())
				return
			}
			s.exportMsg.SetText(lang.X("segments.export.done", "已导出 {{.N}} 位客户到 {{.Path}}", map[string]any{"N": kit.Grouped(n), "Path": path}))
		})
	})
}

// yuanShort formats yuan for chart axes: whole yuan with thousands separators.
func yuanShort(v float64) string {
	return "¥" + kit.Thousands(int64(v+0.5))
}
