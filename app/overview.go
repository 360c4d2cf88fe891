package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newOverviewScreen(u *UI) screen {
	t := lang.X("overview.title", "概览")
	return u.newPlaceholder(theme.HomeIcon(), lang.X("overview.empty.title", "欢迎使用回头客"),
		lang.X("overview.empty.text", "导入店铺后台导出的订单表格，这里会显示新老客户、复购率和二八分布。"), u.pendingContent(t))
}
