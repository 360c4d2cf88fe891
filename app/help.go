package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

// installMenu sets the window's main menu: File (import, sample data) and
// Help (user guide, about). It is called again when the demo mode changes,
// so the sample-data item shows its state.
func (u *UI) installMenu() {
	demoItem := fyne.NewMenuItem(lang.X("menu.demo", "示例数据"), u.ToggleDemo)
	demoItem.Checked = u.InDemo()
	file := fyne.NewMenu(lang.X("menu.file", "文件"),
		fyne.NewMenuItem(lang.X("menu.import", "导入…"), func() { u.Show(kit.ScreenImport) }),
		demoItem,
	)
	help := fyne.NewMenu(lang.X("menu.help", "帮助"),
		fyne.NewMenuItem(lang.X("menu.guide", "使用指南"), u.ShowGuide),
		fyne.NewMenuItem(lang.X("menu.about", "关于回头客"), u.ShowAbout),
	)
	u.Win().SetMainMenu(fyne.NewMainMenu(file, help))
}

// guideMarkdown is the user guide: where each platform's export is, what the
// segments mean in plain words, and the call workspace's keys.
func guideMarkdown() string {
	var b strings.Builder
	b.WriteString("## " + lang.X("guide.import.title", "导入订单") + "\n\n")
	b.WriteString(lang.X("guide.import.text", "在店铺后台导出订单表格（Excel或CSV），拖到回头客窗口里，或在“导入”页选择文件。同一份文件导入两次不会重复计算，只会更新订单状态。") + "\n\n")
	for _, p := range vocab.PlatformExports() {
		fmt.Fprintf(&b, "- **%s**：%s\n", p.Name, p.Where)
	}
	s := calc.DefaultSettings()
	b.WriteString("\n## " + lang.X("guide.segments.title", "顾客分群") + "\n\n")
	b.WriteString(lang.X("guide.segments.text", "只计算已付款、没有全额退款的订单。天数从最近一次付款算起（以下为默认值，可在设置里修改）：") + "\n\n")
	args := map[string]any{"New": s.NewDays, "Cooling": s.CoolingDays, "High": s.DormantHighDays, "Low": s.DormantLowDays}
	for _, line := range []string{
		lang.X("guide.seg.new", "**新顾客**：只买过一次，在 {{.New}} 天内", args),
		lang.X("guide.seg.active", "**活跃老顾客**：买过两次以上，最近一次在 {{.New}} 天内", args),
		lang.X("guide.seg.cooling", "**待唤醒**：最近一次购买在 {{.New}}–{{.Cooling}} 天前", args),
		lang.X("guide.seg.high", "**高挽回**：{{.Cooling}}–{{.High}} 天前买过，值得打电话挽回", args),
		lang.X("guide.seg.low", "**低挽回**：{{.High}}–{{.Low}} 天前买过，以关怀为主", args),
		lang.X("guide.seg.lost", "**已流失**：超过 {{.Low}} 天没有购买", args),
	} {
		b.WriteString("- " + line + "\n")
	}
	b.WriteString("\n" + lang.X("guide.rfm", "RFM八类把“最近买没买、买得多不多、花得多不多”和全店平均相比，例如“重要价值”是最近买过、常买、花得多的顾客。") + "\n")
	b.WriteString("\n## " + lang.X("guide.keys.title", "回访工作台快捷键") + "\n\n")
	for _, line := range []string{
		lang.X("guide.keys.outcomes", "**1–8**：记录通话结果（按钮上标着数字）"),
		lang.X("guide.keys.objections", "**O**：打开异议应答（“不记得你们店”“太忙了”……）"),
		lang.X("guide.keys.note", "**Tab**：跳到备注"),
		lang.X("guide.keys.enter", "**Enter**：保存并打下一位"),
		lang.X("guide.keys.esc", "**Esc**：取消，回到名单"),
	} {
		b.WriteString("- " + line + "\n")
	}
	b.WriteString("\n## " + lang.X("guide.data.title", "数据与备份") + "\n\n")
	b.WriteString(lang.X("guide.data.text", "所有数据只保存在这台电脑上。每次导入前自动备份，可在“设置 → 备份”里恢复。") + "\n")
	return b.String()
}

// ShowGuide opens the user guide.
func (u *UI) ShowGuide() {
	text := widget.NewRichTextFromMarkdown(guideMarkdown())
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	d := dialog.NewCustom(lang.X("menu.guide", "使用指南"), lang.X("dialog.close", "关闭"), scroll, u.Win())
	d.Resize(kit.DialogSize(u.Win(), 720, 560))
	d.Show()
}

// aboutBox is the About box: version, where the data is, licences. Paths
// are selectable labels in the CJK font (a user folder may be Chinese).
func (u *UI) aboutBox() fyne.CanvasObject {
	var b strings.Builder
	b.WriteString("## " + lang.X("app.title", "回头客 Huitouke") + "\n\n")
	b.WriteString(lang.X("about.version", "版本 {{.Version}}", map[string]any{"Version": Version}) + "\n\n")
	b.WriteString(lang.X("about.tagline", "把平台订单变成老顾客名单和每天的回访电话。") + "\n")
	if u.InDemo() {
		b.WriteString("\n**" + lang.X("about.demo", "正在查看示例数据（单独的数据库，不影响你的数据）") + "**\n")
	}
	head := widget.NewRichTextFromMarkdown(b.String())
	head.Wrapping = fyne.TextWrapWord
	path := func(p string) *widget.Label {
		l := widget.NewLabel(p)
		l.Wrapping = fyne.TextWrapBreak
		l.Selectable = true
		return l
	}
	where := widget.NewForm(
		widget.NewFormItem(lang.X("about.data", "数据文件"), path(u.Store().Path())),
		widget.NewFormItem(lang.X("about.backups", "备份文件夹"), path(u.Store().BackupDir())),
	)
	license := widget.NewLabel(lang.X("about.license", "中文字体：Droid Sans Fallback，Apache License 2.0（Google）。界面使用 Fyne（BSD 3-Clause），数据库使用 SQLite（公有领域）。"))
	license.Wrapping = fyne.TextWrapWord
	return container.NewVBox(head, where, license)
}

// ShowAbout opens the About box.
func (u *UI) ShowAbout() {
	d := dialog.NewCustom(lang.X("menu.about", "关于回头客"), lang.X("dialog.close", "关闭"), u.aboutBox(), u.Win())
	d.Resize(kit.DialogSize(u.Win(), 600, 420))
	d.Show()
}
