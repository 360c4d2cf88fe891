package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importScreen receives files (dropped anywhere on the window or picked)
// and imports them.
type importScreen struct {
	u     *UI
	root  fyne.CanvasObject
	files []string
	list  *widget.List
}

func newImportScreen(u *UI) screen {
	s := &importScreen{u: u}
	title := widget.NewLabelWithStyle(lang.X("import.title", "导入订单和客户"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := widget.NewLabel(lang.X("import.hint", "把淘宝/天猫、京东、拼多多、抖店、有赞、Shopify 或 WooCommerce 后台导出的订单表格（.xlsx / .csv）拖到窗口任意位置，或点击“选择文件”。"))
	hint.Wrapping = fyne.TextWrapWord
	pick := widget.NewButtonWithIcon(lang.X("import.pick", "选择文件"), theme.FolderOpenIcon(), s.pick)
	pick.Importance = widget.HighImportance
	s.list = widget.NewList(
		func() int { return len(s.files) },
		func() fyne.CanvasObject { return widget.NewLabel("file.xlsx") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(filepath.Base(s.files[id]))
		},
	)
	s.root = container.NewBorder(container.NewVBox(title, hint, container.NewHBox(pick)), nil, nil, nil, s.list)
	return s
}

func (s *importScreen) Object() fyne.CanvasObject { return s.root }

func (s *importScreen) Shown() {}

// ReceiveFiles queues files for import.
func (s *importScreen) ReceiveFiles(paths []string) {
	s.files = append(s.files, paths...)
	s.list.Refresh()
}

func (s *importScreen) pick() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		rc.Close()
		s.ReceiveFiles([]string{uriPath(rc.URI())})
	}, s.u.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv", ".xls"}))
	d.Show()
}
