package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newSegmentsScreen(u *UI) screen {
	t := lang.X("segments.title", "分群")
	return u.newPlaceholder(theme.GridIcon(), lang.X("segments.empty.title", "还没有可分群的客户"),
		lang.X("segments.empty.text", "导入订单后，这里按新客、活跃、待唤醒、沉睡和流失为客户分群，并给出 RFM 分类。"), u.pendingContent(t))
}
