package app

// Screens whose capabilities land in their own issues. Each shows the empty
// state until data exists, and a note that the screen is on its way.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

func (u *UI) pendingContent(title string) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		l := widget.NewLabel(lang.X("pending.text", "这个页面正在开发中，导入的数据已经保存好了。"))
		l.Wrapping = fyne.TextWrapWord
		return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l)
	}
}
