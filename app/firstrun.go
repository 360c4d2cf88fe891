package app

import (
	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/resources/vocab"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// firstRunGuide is what the overview shows while the database is empty: four
// steps, each leading to the screen that does it, and a way to look around
// with sample data first.
func (u *UI) FirstRunGuide() fyne.CanvasObject {
	title := canvas.NewText(lang.X("firstrun.title", "欢迎使用回头客"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextHeadingSize()
	intro := widget.NewLabel(lang.X("firstrun.intro", "四步开始：把平台导出的订单放进来，回头客会整理出老顾客，告诉你今天该给谁打电话。数据只保存在这台电脑上。"))
	intro.Wrapping = fyne.TextWrapWord

	// Step 1: names. Saved as typed, like the Settings screen, so nothing
	// is lost when the user moves on without pressing anything.
	shop := widget.NewEntry()
	shop.SetPlaceHolder(lang.X("settings.shop.placeholder", "例如：山间茶铺"))
	if name, err := u.Store().Setting(u.Ctx(), data.SettingShopName, ""); err == nil {
		shop.SetText(name)
	}
	shop.OnChanged = func(v string) {
		if err := u.Store().SetSetting(u.Ctx(), data.SettingShopName, strings.TrimSpace(v)); err != nil {
			fyne.LogError("save shop name", err)
		}
	}
	agent := widget.NewEntry()
	agent.SetPlaceHolder(lang.X("settings.agent.placeholder", "例如：小王"))
	agent.SetText(u.AgentName())
	agent.OnChanged = func(v string) { u.App().Preferences().SetString(kit.PrefAgent, strings.TrimSpace(v)) }
	names := widget.NewForm(
		widget.NewFormItem(lang.X("settings.shop", "店铺名称"), shop),
		widget.NewFormItem(lang.X("firstrun.agent", "你的名字"), agent),
	)
	names.Items[1].HintText = lang.X("firstrun.agent.hint", "回访话术里会用到，例如“我是回头客茶铺的小王”")

	// Step 2: where to get the export, per platform.
	where := container.New(&twoColumns{})
	for _, p := range vocab.PlatformExports() {
		n := widget.NewLabel(p.Name)
		n.TextStyle.Bold = true
		w := widget.NewLabel(p.Where)
		w.Wrapping = fyne.TextWrapWord
		where.Add(n)
		where.Add(w)
	}
	importBtn := widget.NewButtonWithIcon(lang.X("firstrun.import", "选择文件导入…"), theme.UploadIcon(), func() { u.Show(kit.ScreenImport) })
	importBtn.Importance = widget.HighImportance
	dropText := widget.NewLabel(lang.X("firstrun.drop", "在店铺后台导出订单表格（Excel 或 CSV），直接拖到这个窗口里就行。导出的位置："))
	dropText.Wrapping = fyne.TextWrapWord

	segText := widget.NewLabel(lang.X("firstrun.segments.text", "导入后，顾客自动分成新顾客、活跃老顾客、待唤醒、高挽回、低挽回和已流失。"))
	segText.Wrapping = fyne.TextWrapWord
	callText := widget.NewLabel(lang.X("firstrun.calls.text", "每天的回访名单：售后回访、生日祝福、该复购了……按话术打电话，一个数字键记下结果。"))
	callText.Wrapping = fyne.TextWrapWord

	steps := container.NewVBox(
		step(1, lang.X("firstrun.step.names", "填写店铺名称和你的名字"), names),
		step(2, lang.X("firstrun.step.import", "把平台导出的订单文件拖到这里"),
			container.NewVBox(dropText, where, container.NewHBox(importBtn))),
		step(3, lang.X("firstrun.step.segments", "看看你的顾客分群"),
			container.NewVBox(segText, container.NewHBox(widget.NewButtonWithIcon(lang.X("firstrun.segments", "查看分群"), theme.GridIcon(), func() { u.Show(kit.ScreenSegments) })))),
		step(4, lang.X("firstrun.step.calls", "开始今天的回访"),
			container.NewVBox(callText, container.NewHBox(widget.NewButtonWithIcon(lang.X("firstrun.calls", "打开回访名单"), theme.MailReplyIcon(), func() { u.Show(kit.ScreenCalls) })))),
	)

	demoBtn := widget.NewButtonWithIcon(lang.X("firstrun.demo", "用示例数据试试"), theme.MediaPlayIcon(), u.EnterDemo)
	demoHint := widget.NewLabel(lang.X("firstrun.demo.hint", "还没有导出文件？先用一家虚构茶叶店的数据看看回头客能做什么。示例数据单独存放，不会混进你的数据。"))
	demoHint.Wrapping = fyne.TextWrapWord
	demo := widget.NewCard("", "", container.NewBorder(nil, nil, nil, demoBtn, demoHint))

	// The sample data sits above the steps: without an export at hand it is
	// the quickest way to see what the app does.
	col := container.NewVBox(title, intro, demo, steps)
	// A readable column, centred, that scrolls when the window is small.
	return container.NewVScroll(container.New(maxWidth(780), container.NewPadded(col)))
}

// maxWidth centres its one child and keeps it no wider than the given width,
// so lines of text stay readable on a wide window.
type maxWidth float32

func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	s := objs[0].MinSize()
	return fyne.NewSize(min(s.Width, float32(m)), s.Height)
}

func (m maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	w := min(size.Width, float32(m))
	objs[0].Move(fyne.NewPos((size.Width-w)/2, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
}

// step is one numbered card of the guide.
func step(n int, title string, body fyne.CanvasObject) fyne.CanvasObject {
	num := canvas.NewText(string(rune('0'+n)), theme.Color(theme.ColorNamePrimary))
	num.TextSize = theme.TextHeadingSize()
	num.Alignment = fyne.TextAlignCenter
	head := canvas.NewText(title, theme.Color(theme.ColorNameForeground))
	head.TextSize = theme.TextSubHeadingSize()
	numBox := container.NewGridWrap(fyne.NewSize(36, 36), num)
	return widget.NewCard("", "", container.NewBorder(nil, nil, container.NewVBox(numBox), nil,
		container.NewVBox(head, body)))
}

// twoColumns lays out pairs (platform, where) with the first column as
// wide as its widest cell, so the menu paths line up.
type twoColumns struct{}

func (twoColumns) widths(objs []fyne.CanvasObject) float32 {
	var w float32
	for i := 0; i < len(objs); i += 2 {
		w = max(w, objs[i].MinSize().Width)
	}
	return w
}

func (l twoColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	first := l.widths(objs)
	var h, second float32
	for i := 0; i+1 < len(objs); i += 2 {
		h += max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		second = max(second, objs[i+1].MinSize().Width)
	}
	return fyne.NewSize(first+second, h)
}

func (l twoColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	first := l.widths(objs)
	var y float32
	for i := 0; i+1 < len(objs); i += 2 {
		h := max(objs[i].MinSize().Height, objs[i+1].MinSize().Height)
		objs[i].Move(fyne.NewPos(0, y))
		objs[i].Resize(fyne.NewSize(first, h))
		objs[i+1].Move(fyne.NewPos(first, y))
		objs[i+1].Resize(fyne.NewSize(size.Width-first, h))
		y += h
	}
}
