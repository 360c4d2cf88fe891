package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newCallsScreen(u *UI) screen {
	t := lang.X("calls.title", "回访")
	return u.newPlaceholder(theme.MailReplyIcon(), lang.X("calls.empty.title", "今天还没有回访名单"),
		lang.X("calls.empty.text", "导入订单后，回头客每天为您列出该给谁打电话、为什么打、该怎么说。"), u.pendingContent(t))
}
