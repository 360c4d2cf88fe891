package customers

import (
	"errors"
	"huitouke/data/customers"
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
	var ve *customers.ValidationError
	if !errors.As(err, &ve) {
		return lang.X("customers.error.save", "保存失败，请再试一次。")
	}
	switch ve.Code {
	case customers.CodeRequired:
		return lang.X("val.required", "请填写这一项。")
	case customers.CodePhone:
		return lang.X("val.phone", "这不是手机号。请填写 11 位手机号，如 138 0013 8000；境外号码以 + 开头，如 +1 415 555 0100。")
	case customers.CodePhoneLength:
		return lang.X("val.phone.length", "手机号应为 11 位数字（1 开头），请检查是否多写或少写了一位。")
	case customers.CodePhoneMasked:
		return lang.X("val.phone.masked", "带 * 的号码是平台打码的，无法拨打。请填写完整号码。")
	case customers.CodeDate:
		return lang.X("val.date", "日期请写成 YYYY-MM-DD，例如 2026-11-15。")
	case customers.CodeBirthday:
		return lang.X("val.birthday", "生日请写成 1990-05-17；不知道年份可写 --05-17 或 5月17日。")
	case customers.CodeFuture:
		return lang.X("val.future", "生日不能晚于今天。")
	case customers.CodeEmail:
		return lang.X("val.email", "邮箱格式不对，应像 name@example.com。")
	case customers.CodeScore:
		return lang.X("val.score", "评分为 1 到 5 分。")
	case customers.CodeDuplicate:
		return lang.X("val.duplicate", "这个号码已经在卡片上了。")
	case customers.CodeSelf:
		return lang.X("val.self", "不能选择客户自己。")
	case customers.CodeReferralLoop:
		return lang.X("val.loop", "不能互相推荐：这位客户本身是由当前客户（间接）推荐来的。")
	case customers.CodeMerged:
		return lang.X("val.merged", "这位客户已合并到另一位客户，请打开合并后的卡片。")
	case customers.CodePoints:
		return lang.X("val.points", "请填写要增加或减少的积分（不能为 0）。")
	case customers.CodeTooLong:
		return lang.X("val.toolong", "内容太长了，请精简一些。")
	}
	return lang.X("val.invalid", "填写的内容不正确。")
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
