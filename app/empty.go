package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyState is what a screen shows before there is data: what the screen
// will hold and a button that leads to importing.
func (u *UI) emptyState(icon fyne.Resource, title, text string) fyne.CanvasObject {
	img := widget.NewIcon(icon)
	iconBox := container.NewGridWrap(fyne.NewSize(72, 72), img)
	t := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabel(text)
	body.Alignment = fyne.TextAlignCenter
	body.Wrapping = fyne.TextWrapWord
	btn := widget.NewButtonWithIcon(lang.X("empty.import", "导入订单文件"), theme.UploadIcon(), func() { u.Show(ScreenImport) })
	btn.Importance = widget.HighImportance
	hint := canvas.NewText(lang.X("empty.drop", "也可以直接把 Excel / CSV 文件拖到窗口里"), theme.Color(theme.ColorNamePlaceHolder))
	hint.Alignment = fyne.TextAlignCenter
	hint.TextSize = theme.CaptionTextSize()
	col := container.NewVBox(container.NewCenter(iconBox), t, body, container.NewCenter(btn), hint)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(460, 300), col))
}

// hasData tells whether any order or customer is stored.
func (u *UI) hasData() bool {
	c, err := u.Store.Counts(u.Ctx)
	return err == nil && (c.Orders > 0 || c.Customers > 0)
}

// showContent puts empty on root while the shop has no data yet, else
// *content, built by build the first time. It reports whether the content is
// shown and whether it was just built.
func (u *UI) showContent(root *fyne.Container, empty fyne.CanvasObject, content *fyne.CanvasObject, build func() fyne.CanvasObject) (shown, built bool) {
	if !u.hasData() {
		root.Objects = []fyne.CanvasObject{empty}
		root.Refresh()
		return false, false
	}
	if *content == nil {
		*content, built = build(), true
	}
	root.Objects = []fyne.CanvasObject{*content}
	root.Refresh()
	return true, built
}
