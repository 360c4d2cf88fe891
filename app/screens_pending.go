package app

// Screens whose capabilities land in their own issues. Each shows the empty
// state until data exists, and a note that the screen is on its way.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func (u *UI) pendingContent(title string) func() fyne.CanvasObject {
	return func() fyne.CanvasObject {
		l := widget.NewLabel(lang.X("pending.text", "这个页面正在开发中，导入的数据已经保存好了。"))
		l.Wrapping = fyne.TextWrapWord
		return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), l)
	}
}

func newOverviewScreen(u *UI) screen {
	t := lang.X("overview.title", "概览")
	return u.newPlaceholder(theme.HomeIcon(), lang.X("overview.empty.title", "欢迎使用回头客"),
		lang.X("overview.empty.text", "导入店铺后台导出的订单表格，这里会显示新老客户、复购率和二八分布。"), u.pendingContent(t))
}

func newCustomersScreen(u *UI) screen {
	t := lang.X("customers.title", "客户")
	return u.newPlaceholder(theme.AccountIcon(), lang.X("customers.empty.title", "还没有客户"),
		lang.X("customers.empty.text", "导入订单后，每位买家都会有一张客户卡片：联系方式、购买记录、备注和标签。"), u.pendingContent(t))
}

func newSegmentsScreen(u *UI) screen {
	t := lang.X("segments.title", "分群")
	return u.newPlaceholder(theme.GridIcon(), lang.X("segments.empty.title", "还没有可分群的客户"),
		lang.X("segments.empty.text", "导入订单后，这里按新客、活跃、待唤醒、沉睡和流失为客户分群，并给出 RFM 分类。"), u.pendingContent(t))
}

func newCallsScreen(u *UI) screen {
	t := lang.X("calls.title", "回访")
	return u.newPlaceholder(theme.MailReplyIcon(), lang.X("calls.empty.title", "今天还没有回访名单"),
		lang.X("calls.empty.text", "导入订单后，回头客每天为您列出该给谁打电话、为什么打、该怎么说。"), u.pendingContent(t))
}

func newScriptsScreen(u *UI) screen {
	t := lang.X("scripts.title", "话术")
	return u.newPlaceholder(theme.DocumentIcon(), lang.X("scripts.empty.title", "回访话术"),
		lang.X("scripts.empty.text", "每个回访原因都有一套话术：开场、来意、开放式提问和结束语，可以按店铺风格修改。"), u.pendingContent(t))
}
