package imports

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// importHistory is the list of past imports with "undo the last import".
type importHistory struct {
	s       *importScreen
	card    *widget.Card
	recs    []imports.ImportRecord
	table   *widget.Table
	tableBx *fyne.Container
	empty   *widget.Label
	undo    *widget.Button
	status  *widget.Label
	head    *fyne.Container // undo and its status
	running bool
	shown   bool // the history had rows once
}

type histCol struct {
	title func() string
	width float32
	text  func(r imports.ImportRecord) string
}

func histColumns() []histCol {
	return []histCol{
		{func() string { return lang.X("import.hist.file", "文件") }, 230, func(r imports.ImportRecord) string { return r.FileName }},
		{func() string { return lang.X("import.hist.platform", "平台") }, 110, func(r imports.ImportRecord) string {
			if r.Platform == "" {
				return "—" // failed before its layout was known
			}
			return vocab.Platform(r.Platform)
		}},
		{func() string { return lang.X("import.hist.when", "时间") }, 150, func(r imports.ImportRecord) string { return shortTime(r.StartedAt) }},
		{func() string { return lang.X("import.hist.rows", "读取行数") }, 84, func(r imports.ImportRecord) string { return kit.Grouped(r.Rows) }},
		{func() string { return lang.X("import.hist.new", "新订单") }, 76, func(r imports.ImportRecord) string { return kit.Grouped(r.OrdersNew) }},
		{func() string { return lang.X("import.hist.updated", "更新订单") }, 84, func(r imports.ImportRecord) string { return kit.Grouped(r.OrdersUpdated) }},
		{func() string { return lang.X("import.hist.customers", "新客户") }, 76, func(r imports.ImportRecord) string { return kit.Grouped(r.CustomersNew) }},
		{func() string { return lang.X("import.hist.rejected", "问题行") }, 76, func(r imports.ImportRecord) string { return kit.Grouped(r.RowsRejected) }},
		{func() string { return lang.X("import.hist.status", "状态") }, 90, func(r imports.ImportRecord) string { return vocab.ImportStatus(r.Status) }},
	}
}

// shortTime drops the seconds of a stored "2006-01-02 15:04:05".
func shortTime(s string) string {
	if len(s) >= 16 {
		return s[:16]
	}
	return s
}

func newImportHistory(s *importScreen) *importHistory {
	h := &importHistory{s: s}
	cols := histColumns()
	h.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(h.recs), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("taobao_orders.xlsx")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < 0 || id.Row >= len(h.recs) {
				l.SetText("")
				return
			}
			r := h.recs[id.Row]
			l.Importance = widget.MediumImportance
			if id.Col == len(cols)-1 && r.Status != imports.StatusOK {
				l.Importance = widget.DangerImportance
			}
			l.SetText(cols[id.Col].text(r))
		},
	)
	h.table.ShowHeaderColumn = false
	h.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("读取行数", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	h.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(cols[id.Col].title())
		}
	}
	for i, c := range cols {
		h.table.SetColumnWidth(i, c.width)
	}
	h.table.OnSelected = func(id widget.TableCellID) {
		h.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(h.recs) {
			h.explain(h.recs[id.Row])
		}
	}
	h.tableBx = container.New(&impMinHeight{}, h.table)

	h.empty = widget.NewLabel(lang.X("import.hist.empty", "还没有导入过文件。"))
	h.undo = widget.NewButtonWithIcon(lang.X("import.undo", "撤销上次导入…"), theme.ContentUndoIcon(), h.confirmUndo)
	h.undo.Disable()
	h.status = widget.NewLabel("")
	h.status.Wrapping = fyne.TextWrapWord
	h.head = container.NewBorder(nil, nil, h.undo, nil, h.status)
	h.card = widget.NewCard(lang.X("import.hist.title", "导入记录"), "",
		// Undo sits above the table: a wheel over the table scrolls the
		// table, so a button under it is hard to reach.
		container.NewVBox(h.head, h.empty, h.tableBx))
	h.show()
	return h
}

// reload reads the history. It runs on the UI goroutine: the imports table
// holds one short row per file ever imported, read in well under a
// millisecond, and a synchronous read leaves no goroutine behind when the
// window closes.
func (h *importHistory) reload() {
	recs, err := imports.History(h.s.u.Ctx(), h.s.u.Store())
	if err != nil {
		h.status.SetText(lang.X("import.hist.failed", "读取导入记录失败。") + "\n" + err.Error())
		return
	}
	h.recs = recs
	h.show()
}

func (h *importHistory) show() {
	n := len(h.recs)
	if n == 0 {
		h.empty.Show()
		h.tableBx.Hide()
		h.undo.Hide()
		h.s.howto.Open(0)
	} else {
		h.empty.Hide()
		h.tableBx.Show()
		h.undo.Show()
		if !h.shown {
			// Someone who has imported before knows where exports are:
			// the history matters more than the how-to.
			h.s.howto.Close(0)
		}
		h.shown = true
		h.tableBx.Layout.(*impMinHeight).h = float32(min(n, 8)+1)*38 + 4
		h.tableBx.Refresh()
	}
	if n == 0 && h.status.Text == "" {
		h.head.Hide()
	} else {
		h.head.Show()
	}
	h.table.Refresh()
	h.setRunning(h.running)
}

// setRunning disables undo while an import runs (it would restore under
// the importer's feet).
func (h *importHistory) setRunning(on bool) {
	h.running = on
	if on || len(h.lastRun()) == 0 {
		h.undo.Disable()
	} else {
		h.undo.Enable()
	}
}

// lastRun is the files of the newest import run: they share its backup.
func (h *importHistory) lastRun() []imports.ImportRecord {
	var out []imports.ImportRecord
	backup := ""
	for _, r := range h.recs { // newest first
		if r.BackupPath == "" {
			continue
		}
		if backup == "" {
			backup = r.BackupPath
		}
		if r.BackupPath == backup {
			out = append(out, r)
		}
	}
	return out
}

func (h *importHistory) confirmUndo() {
	run := h.lastRun()
	if len(run) == 0 || h.running {
		return
	}
	var b strings.Builder
	for i := len(run) - 1; i >= 0; i-- {
		r := run[i]
		b.WriteString("• " + r.FileName)
		if r.Status == imports.StatusOK {
			b.WriteString("  " + lang.X("import.undo.file", "（新订单 {{.New}}，更新订单 {{.Updated}}，新客户 {{.Customers}}）",
				map[string]any{"New": kit.Grouped(r.OrdersNew), "Updated": kit.Grouped(r.OrdersUpdated), "Customers": kit.Grouped(r.CustomersNew)}))
		} else {
			b.WriteString("  " + lang.X("import.undo.file.none", "（{{.Status}}，没有改变数据）", map[string]any{"Status": vocab.ImportStatus(r.Status)}))
		}
		b.WriteString("\n")
	}
	msg := lang.X("import.undo.confirm", "撤销 {{.When}} 的导入？这次导入的文件：", map[string]any{"When": shortTime(run[len(run)-1].StartedAt)}) +
		"\n" + b.String() + "\n" +
		lang.X("import.undo.confirm.after", "数据会回到这次导入之前的样子（之后的修改也会一起撤销）。现在的数据会先另存一份备份，可以在“设置 → 备份”里恢复。")
	body := widget.NewLabel(msg)
	body.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.X("import.undo.title", "撤销上次导入"), lang.X("import.undo.ok", "撤销"),
		lang.X("import.undo.keep", "不撤销"), container.NewVScroll(body), func(ok bool) {
			if ok {
				h.runUndo(shortTime(run[len(run)-1].StartedAt))
			}
		}, h.s.u.Win())
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}

// runUndo restores the backup taken before the last run; when is that
// run's start, for the message.
func (h *importHistory) runUndo(when string) {
	if h.running {
		return
	}
	h.running = true
	h.undo.Disable()
	h.status.SetText(lang.X("import.undo.running", "正在撤销…"))
	st, ctx := h.s.u.Store(), h.s.u.Ctx()
	h.s.busy.Add(1)
	go func() {
		_, err := imports.UndoLast(ctx, st)
		fyne.Do(func() {
			defer h.s.busy.Add(-1)
			h.running = false
			if err != nil {
				msg := lang.X("import.undo.failed", "撤销失败，现在的数据没有改变。")
				switch {
				case errors.Is(err, imports.ErrNothingToUndo):
					msg = lang.X("import.undo.nothing", "没有可以撤销的导入。")
				case errors.Is(err, imports.ErrBackupGone):
					msg = lang.X("import.undo.gone", "导入前的备份已经被删除，无法撤销。可以在“设置 → 备份”里恢复更早的备份。")
				}
				h.status.SetText(msg + "\n" + err.Error())
				h.setRunning(false)
				return
			}
			h.status.SetText(lang.X("import.undo.done", "已撤销 {{.When}} 的导入，数据已回到导入之前。", map[string]any{"When": when}))
			h.s.clearFinished()
			h.s.u.DataChanged()
			h.reload()
		})
	}()
}

// explain shows one history row in full: the translated reason of a failure
// and the detail.
func (h *importHistory) explain(r imports.ImportRecord) {
	lines := []string{
		fmt.Sprintf("%s  ·  %s  ·  %s", r.FileName, vocab.Platform(r.Platform), shortTime(r.StartedAt)),
		lang.X("import.summary", "读取 {{.Rows}} 行 · 新订单 {{.New}} · 更新订单 {{.Updated}} · 新客户 {{.Customers}} · 有问题的行 {{.Rejected}}",
			map[string]any{"Rows": kit.Grouped(r.Rows), "New": kit.Grouped(r.OrdersNew), "Updated": kit.Grouped(r.OrdersUpdated),
				"Customers": kit.Grouped(r.CustomersNew), "Rejected": kit.Grouped(r.RowsRejected)}),
	}
	if r.Status != imports.StatusOK {
		lines = append(lines, vocab.ImportStatus(r.Status)+"："+vocab.ImportError(r.Code))
	}
	l := widget.NewLabel(strings.Join(lines, "\n"))
	l.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(l)
	if r.Message != "" && r.Status != imports.StatusOK {
		d := widget.NewLabel(r.Message)
		d.Wrapping = fyne.TextWrapBreak
		d.Selectable = true
		content.Add(widget.NewAccordion(widget.NewAccordionItem(lang.X("import.detail", "详情"), d)))
	}
	if r.Status == imports.StatusOK && r.RowsRejected > 0 {
		j := &importJob{path: r.FilePath, res: &imports.Result{File: r.FilePath, ImportID: r.ID, RowsRejected: r.RowsRejected}}
		content.Add(container.NewHBox(
			widget.NewButtonWithIcon(lang.X("import.rejects.view", "查看"), theme.VisibilityIcon(), func() { h.s.showRejects(j) }),
			widget.NewButtonWithIcon(lang.X("import.rejects.export", "导出为 Excel"), theme.DownloadIcon(), func() { h.s.exportRejects(j) }),
		))
	}
	d := dialog.NewCustom(lang.X("import.hist.detail", "导入详情"), lang.X("import.close", "关闭"), content, h.s.u.Win())
	d.Resize(fyne.NewSize(560, 300))
	d.Show()
}
