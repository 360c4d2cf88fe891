package imports

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// jobView is the card of one file: name, platform and state, a progress
// bar while it imports, then its figures or why it failed. Its widgets are
// built once and updated in place as progress comes in.
type jobView struct {
	s   *importScreen
	j   *importJob
	bg  *canvas.Rectangle
	box *fyne.Container

	root     fyne.CanvasObject
	icon     *widget.Icon
	name     *widget.Label
	platform *widget.Label
	state    *widget.Label
	cancel   *widget.Button

	progRow  *fyne.Container
	bar      *widget.ProgressBar
	progText *widget.Label

	summary   *widget.Label
	sumRow    *fyne.Container
	actions   *fyne.Container
	rejects   *widget.Button
	export    *widget.Button
	customers *widget.Button
	remap     *widget.Button

	reason *widget.Label
	detail *widget.Accordion
	detTxt *widget.Label
}

func newJobView(s *importScreen, j *importJob) *jobView {
	v := &jobView{s: s, j: j}
	v.icon = widget.NewIcon(theme.FileIcon())
	// Not bold: the CJK font has no bold face, and a name half bold (the
	// Latin part) looks broken.
	v.name = widget.NewLabel(filepath.Base(j.path))
	v.name.Truncation = fyne.TextTruncateEllipsis
	v.platform = widget.NewLabel("")
	v.platform.Importance = widget.HighImportance
	v.state = widget.NewLabel("")
	v.cancel = widget.NewButtonWithIcon(lang.X("import.cancel", "取消"), theme.CancelIcon(), func() { s.cancel(j) })
	head := container.NewBorder(nil, nil, container.NewHBox(v.icon), container.NewHBox(v.platform, v.state, v.cancel), v.name)

	v.bar = widget.NewProgressBar()
	v.progText = widget.NewLabel("")
	v.progRow = container.NewBorder(nil, nil, nil, v.progText, v.bar)

	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.rejects = widget.NewButtonWithIcon(lang.X("import.rejects.view", "查看"), theme.VisibilityIcon(), func() { s.showRejects(j) })
	v.export = widget.NewButtonWithIcon(lang.X("import.rejects.export", "导出为 Excel"), theme.DownloadIcon(), func() { s.exportRejects(j) })
	v.customers = widget.NewButtonWithIcon(lang.X("import.customers", "查看客户"), theme.AccountIcon(), func() { s.u.Show(kit.ScreenCustomers) })
	v.remap = widget.NewButtonWithIcon(lang.X("import.mapping.open", "设置列对应…"), theme.ListIcon(), func() { s.openMapping(j) })
	v.remap.Importance = widget.HighImportance
	v.actions = container.NewHBox(v.rejects, v.export, v.remap, v.customers)
	v.sumRow = container.NewBorder(nil, nil, nil, v.actions, v.summary)

	v.reason = widget.NewLabel("")
	v.reason.Wrapping = fyne.TextWrapWord
	v.reason.Importance = widget.DangerImportance
	v.detTxt = widget.NewLabel("")
	v.detTxt.Wrapping = fyne.TextWrapBreak
	v.detTxt.Selectable = true
	v.detail = widget.NewAccordion(widget.NewAccordionItem(lang.X("import.detail", "详情"), v.detTxt))

	v.box = container.NewVBox(head, v.progRow, v.sumRow, v.reason, v.detail)
	v.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	v.bg.CornerRadius = theme.InputRadiusSize() * 2
	v.root = container.NewStack(v.bg, container.NewPadded(v.box))
	v.update()
	return v
}

// update shows the job's current state.
func (v *jobView) update() {
	j := v.j
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	v.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	v.platform.SetText(v.platformText())
	running := v.s.running != nil && v.s.running == j.batch
	// Cancel stops the run from this file on, so it sits on the file being
	// worked on, and on the files of a drop still waiting for its turn.
	active := j.state == jobDetecting || j.state == jobImporting
	show(v.cancel, running && active || !running && j.state == jobWaiting)
	show(v.progRow, j.state == jobImporting || j.state == jobRead)
	show(v.summary, j.state == jobDone || j.state == jobRead || j.state == jobNeedsMapping)
	show(v.sumRow, j.state == jobDone || j.state == jobRead || j.state == jobNeedsMapping)
	show(v.reason, j.state == jobFailed || j.state == jobCancelled)
	show(v.detail, j.state == jobFailed && j.err != nil || j.state == jobDone && j.err != nil)
	v.reason.Importance = widget.DangerImportance
	v.state.Importance = widget.MediumImportance

	switch j.state {
	case jobWaiting:
		v.icon.SetResource(theme.FileIcon())
		if running {
			v.state.SetText(lang.X("import.state.waiting", "排队中"))
		} else {
			v.state.SetText(lang.X("import.state.queued", "等待前面的文件"))
		}
	case jobDetecting:
		v.icon.SetResource(theme.SearchIcon())
		v.state.SetText(lang.X("import.state.detecting", "正在识别格式…"))
	case jobImporting:
		v.icon.SetResource(theme.UploadIcon())
		v.state.SetText(lang.X("import.state.importing", "正在导入…"))
		v.showProgress()
	case jobRead:
		v.icon.SetResource(theme.UploadIcon())
		v.state.SetText(lang.X("import.state.read", "已读完，正在收尾…"))
		v.showProgress()
		v.summary.SetText(lang.X("import.state.read.text", "这个文件已读完 {{.Rows}} 行；本批文件全部导入后显示结果。",
			map[string]any{"Rows": kit.Grouped(j.prog.Rows)}))
	case jobNeedsMapping:
		v.icon.SetResource(theme.QuestionIcon())
		v.state.SetText(lang.X("import.state.mapping", "需要设置列对应"))
		v.state.Importance = widget.WarningImportance
		v.summary.SetText(lang.X("import.mapping.needed", "认不出这个文件的格式。请告诉回头客每一列是什么，设置一次后，相同格式的文件会自动导入。"))
	case jobDone:
		v.icon.SetResource(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		v.state.SetText(lang.X("import.state.done", "导入完成"))
		v.state.Importance = widget.SuccessImportance
		v.showSummary()
		if j.err != nil {
			v.detTxt.SetText(lang.X("import.mapping.notsaved", "列对应没能保存，下次导入时需要重新设置。") + "\n" + j.err.Error())
		}
	case jobFailed:
		v.icon.SetResource(theme.NewErrorThemedResource(theme.ErrorIcon()))
		v.state.SetText(lang.X("import.state.failed", "导入失败"))
		v.state.Importance = widget.DangerImportance
		v.reason.SetText(vocab.ImportError(j.code))
		if j.err != nil {
			v.detTxt.SetText(j.err.Error())
		}
	case jobCancelled:
		v.icon.SetResource(theme.CancelIcon())
		v.state.SetText(lang.X("import.state.cancelled", "已取消"))
		v.reason.Importance = widget.MediumImportance
		v.reason.SetText(vocab.ImportError(imports.CodeCancelled))
	}
	res := j.res
	show(v.rejects, j.state == jobDone && res != nil && res.RowsRejected > 0)
	show(v.export, j.state == jobDone && res != nil && res.RowsRejected > 0)
	show(v.customers, j.state == jobDone)
	show(v.remap, j.state == jobNeedsMapping)
	v.state.Refresh()
	v.reason.Refresh()
	v.box.Refresh()
	v.bg.Refresh()
}

func (v *jobView) platformText() string {
	j := v.j
	switch {
	case j.platform != "":
		return vocab.Platform(j.platform)
	case j.state == jobNeedsMapping:
		return vocab.Platform(imports.Unknown)
	}
	return ""
}

// showProgress writes rows done / total, speed and time left.
func (v *jobView) showProgress() {
	p := v.j.prog
	if v.j.state == jobRead || p.Done {
		v.bar.Max = 1
		v.bar.SetValue(1)
		v.progText.SetText(lang.X("import.progress.read", "{{.Rows}} 行", map[string]any{"Rows": kit.Grouped(p.Rows)}))
		return
	}
	txt := ""
	if p.RowsTotal > 0 {
		v.bar.Max = float64(p.RowsTotal)
		v.bar.SetValue(float64(min(p.Rows, p.RowsTotal)))
		txt = lang.X("import.progress.rows", "{{.Rows}} / 约 {{.Total}} 行", map[string]any{"Rows": kit.Grouped(p.Rows), "Total": kit.Grouped(p.RowsTotal)})
	} else {
		v.bar.Max = 1
		v.bar.SetValue(0)
		txt = lang.X("import.progress.read", "{{.Rows}} 行", map[string]any{"Rows": kit.Grouped(p.Rows)})
	}
	if p.RowsPerSec > 0 {
		txt += " · " + lang.X("import.progress.speed", "{{.N}} 行/秒", map[string]any{"N": kit.Grouped(int(p.RowsPerSec))})
		if p.RowsTotal > p.Rows {
			left := time.Duration(float64(p.RowsTotal-p.Rows) / p.RowsPerSec * float64(time.Second))
			txt += " · " + lang.X("import.progress.left", "还剩约 {{.T}}", map[string]any{"T": impDuration(left)})
		}
	}
	v.progText.SetText(txt)
}

// showSummary writes what the file brought.
func (v *jobView) showSummary() {
	r := v.j.res
	if r == nil {
		return
	}
	txt := lang.X("import.summary", "读取 {{.Rows}} 行 · 新订单 {{.New}} · 更新订单 {{.Updated}} · 新客户 {{.Customers}} · 有问题的行 {{.Rejected}}",
		map[string]any{"Rows": kit.Grouped(r.Rows), "New": kit.Grouped(r.OrdersNew), "Updated": kit.Grouped(r.OrdersUpdated),
			"Customers": kit.Grouped(r.CustomersNew), "Rejected": kit.Grouped(r.RowsRejected)})
	if r.OrdersNew+r.OrdersUpdated+r.CustomersNew == 0 && r.LinesWritten > 0 {
		// A line report adds product lines only; say so, or it looks as
		// if the file did nothing.
		txt += " · " + lang.X("import.summary.lines", "商品明细 {{.N}} 条", map[string]any{"N": kit.Grouped(r.LinesWritten)})
	}
	if r.RowsRejected > 0 {
		txt += "\n" + lang.X("import.summary.rejected", "有 {{.N}} 行没有导入：点“查看”看原因，或导出为 Excel 改好后重新导入。", map[string]any{"N": kit.Grouped(r.RowsRejected)})
	}
	v.summary.SetText(txt)
}
