package imports

import (
	"fmt"
	"log"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// The rows an import left out: a table of row number, column, translated
// reason and the raw text, and an export to Excel to fix them.

type rejectCol struct {
	title func() string
	width float32
	text  func(r imports.Rejection) string
}

func rejectColumns() []rejectCol {
	return []rejectCol{
		{func() string { return lang.X("import.rejects.row", "行号") }, 70, func(r imports.Rejection) string { return strconv.Itoa(r.RowNo) }},
		{func() string { return lang.X("import.rejects.column", "列") }, 130, func(r imports.Rejection) string { return r.Column }},
		{func() string { return lang.X("import.rejects.reason", "原因") }, 330, func(r imports.Rejection) string { return vocab.Reject(r.Reason) }},
		{func() string { return lang.X("import.rejects.raw", "原始内容") }, 300, func(r imports.Rejection) string {
			raw := strings.Join(r.Cells, " | ")
			if r.Detail != "" {
				if raw != "" {
					return r.Detail + "\n" + raw
				}
				return r.Detail
			}
			return raw
		}},
	}
}

func (s *importScreen) showRejects(j *importJob) {
	if j.res == nil || j.res.ImportID == 0 {
		return
	}
	id := j.res.ImportID
	st, ctx := s.u.Store(), s.u.Ctx()
	s.busy.Add(1)
	go func() {
		rows, err := imports.Rejections(ctx, st, id)
		fyne.Do(func() {
			defer s.busy.Add(-1)
			if err != nil {
				s.showError(lang.X("import.rejects.failed", "读取有问题的行失败。"), err)
				return
			}
			s.rejectsDialog(j, rows)
		})
	}()
}

func (s *importScreen) rejectsDialog(j *importJob, rows []imports.Rejection) {
	cols := rejectColumns()
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(rows), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(cols[id.Col].text(rows[id.Row]))
		},
	)
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col].title())
		}
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	// Wrapped reasons need taller rows; measured once here, not in the
	// cell callback.
	th := theme.Current()
	ts := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding)
	lineH := fyne.MeasureText("行", ts, fyne.TextStyle{}).Height
	for i, r := range rows {
		lines := 1
		for ci, c := range cols {
			n := 0
			for _, part := range strings.Split(c.text(r), "\n") {
				w := fyne.MeasureText(part, ts, fyne.TextStyle{}).Width
				n += int(math.Max(1, math.Ceil(float64(w/(cols[ci].width-2*pad)))))
			}
			lines = max(lines, min(n, 6))
		}
		if lines > 1 {
			t.SetRowHeight(i, float32(lines)*lineH+2*pad+4)
		}
	}
	head := widget.NewLabel(lang.X("import.rejects.head", "{{.File}}：{{.N}} 行没有导入。改好后可以重新导入这个文件，已导入的订单不会重复。",
		map[string]any{"File": filepath.Base(j.path), "N": kit.Grouped(len(rows))}))
	head.Wrapping = fyne.TextWrapWord
	export := widget.NewButtonWithIcon(lang.X("import.rejects.export", "导出为 Excel"), theme.DownloadIcon(), func() { s.exportRejects(j) })
	content := container.NewBorder(head, container.NewHBox(export), nil, nil, t)
	d := dialog.NewCustom(lang.X("import.rejects.title", "没有导入的行"), lang.X("import.close", "关闭"), content, s.u.Win())
	d.Resize(impDialogSize(s.u.Win()))
	d.Show()
}

// exportRejects saves the rejected rows as an .xlsx chosen by the user.
func (s *importScreen) exportRejects(j *importJob) {
	if j.res == nil || j.res.ImportID == 0 {
		return
	}
	id := j.res.ImportID
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			s.showError(lang.X("import.rejects.exportfailed", "导出失败：请换一个文件夹，或关闭在 Excel 中打开的同名文件后再试。"), err)
			return
		}
		if wc == nil {
			return // the user closed the dialog
		}
		path := kit.URIPath(wc.URI())
		// The workbook is written to the path afresh (ExportErrors), which
		// reports any trouble with it.
		if err := wc.Close(); err != nil {
			log.Printf("import: close %s: %v", path, err)
		}
		if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
			path += ".xlsx"
		}
		s.exportRejectsTo(id, path)
	}, s.u.Win())
	base := strings.TrimSuffix(filepath.Base(j.path), filepath.Ext(j.path))
	d.SetFileName(base + lang.X("import.rejects.suffix", "-没有导入的行") + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(j.path))); err == nil {
		d.SetLocation(dir)
	}
	d.Resize(impDialogSize(s.u.Win()))
	d.Show()
}

func (s *importScreen) exportRejectsTo(id int64, path string) {
	st, ctx := s.u.Store(), s.u.Ctx()
	s.busy.Add(1)
	go func() {
		err := imports.ExportErrors(ctx, st, id, path, vocab.Reject)
		fyne.Do(func() {
			defer s.busy.Add(-1)
			if err != nil {
				s.showError(lang.X("import.rejects.exportfailed", "导出失败：请换一个文件夹，或关闭在 Excel 中打开的同名文件后再试。"), err)
				return
			}
			dialog.ShowInformation(lang.X("import.rejects.exported.title", "已导出"),
				lang.X("import.rejects.exported", "已保存到 {{.Path}}", map[string]any{"Path": path}), s.u.Win())
		})
	}()
}

// showError shows a translated sentence with the technical detail below.
func (s *importScreen) showError(msg string, err error) {
	if err != nil {
		msg = fmt.Sprintf("%s\n\n%v", msg, err)
	}
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.X("import.error.title", "出错了"), lang.X("import.close", "关闭"), l, s.u.Win())
	d.Resize(fyne.NewSize(520, 240))
	d.Show()
}
