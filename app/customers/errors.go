package customers

import (
	"huitouke/resources/vocab"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		if r == '－' {
			return '-'
		}
		return r
	}, s)
}

// customerErrorText says in the user's language what is wrong with a value.
func customerErrorText(err error) string {
	if text, ok := vocab.Error(err); ok {
		return text
	}
	return lang.X("customers.error.save", "保存失败，请再试一次。")
}

// showError shows a translated sentence in w, with the technical detail below it.
func showError(w fyne.Window, msg string, err error) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(err.Error())
	detail.Wrapping = fyne.TextWrapWord
	detail.Importance = widget.LowImportance
	dialog.NewCustom(lang.X("customers.error.title", "出错了"), lang.X("dialog.ok", "确定"),
		container.NewGridWrap(fyne.NewSize(420, 140), container.NewVBox(l, detail)), w).Show()
}
