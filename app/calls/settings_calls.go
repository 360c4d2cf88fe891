package calls

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// SettingsSection is the Settings card of the calls: rules and campaigns.
func SettingsSection(u Shell) func() fyne.CanvasObject {
	return func() fyne.CanvasObject { return buildCallSettings(u) }
}

// buildCallSettings is the "回访规则" card: which reasons are on, their
// numbers, the gap between calls, the holdout share and the campaigns.
func buildCallSettings(u Shell) fyne.CanvasObject {
	cfg, err := calls.LoadConfig(u.Ctx(), u.Store())
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	if err != nil {
		msg.SetText(err.Error())
	}
	loading := true
	save := func() {
		if loading {
			return
		}
		if err := calls.SaveConfig(u.Ctx(), u.Store(), cfg); err != nil {
			msg.Importance = widget.DangerImportance
			msg.SetText(configErrorText(err))
			return
		}
		msg.Importance = widget.SuccessImportance
		msg.SetText(lang.X("settings.calls.saved", "已保存，明天的名单按新规则生成（今天的名单点刷新也会更新）。"))
	}
	intEntry := func(v *int) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(strconv.Itoa(*v))
		e.OnChanged = func(s string) {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				msg.Importance = widget.DangerImportance
				msg.SetText(lang.X("settings.calls.number", "请填写整数天数。"))
				return
			}
			*v = n
			save()
		}
		return e
	}
	checks := container.NewGridWithColumns(3)
	for _, r := range rules.Reasons() {
		c := widget.NewCheck(vocab.Reason(r), func(on bool) {
			cfg.Enabled[r] = on
			save()
		})
		c.SetChecked(cfg.IsEnabled(r))
		checks.Add(c)
	}
	promo := widget.NewEntry()
	promo.SetText(calls.FormatDayList(cfg.PromoDays))
	promo.OnChanged = func(s string) {
		days, err := calls.ParseDayList(s)
		if err != nil {
			msg.Importance = widget.DangerImportance
			msg.SetText(lang.X("settings.calls.promo.bad", "请写成用逗号分开的天数，例如 7,3,1。"))
			return
		}
		cfg.PromoDays = days
		save()
	}
	holdout := widget.NewEntry()
	holdout.SetText(strconv.FormatFloat(cfg.HoldoutShare*100, 'f', -1, 64))
	holdout.OnChanged = func(s string) {
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "%"), 64)
		if err != nil {
			msg.Importance = widget.DangerImportance
			msg.SetText(lang.X("settings.calls.holdout.bad", "对照组比例请填 0 到 50 之间的数字。"))
			return
		}
		cfg.HoldoutShare = f / 100
		save()
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("settings.calls.aftersale", "售后回访：付款后第几天"), intEntry(&cfg.AfterSaleDays)),
		widget.NewFormItem(lang.X("settings.calls.second", "促二次购买：首单后最少天数"), intEntry(&cfg.SecondMin)),
		widget.NewFormItem(lang.X("settings.calls.second.max", "促二次购买：首单后最多天数"), intEntry(&cfg.SecondMax)),
		widget.NewFormItem(lang.X("settings.calls.repurchase", "该回购了：提前几天提醒"), intEntry(&cfg.RepurchaseWindow)),
		widget.NewFormItem(lang.X("settings.calls.birthday", "生日：提前几天"), intEntry(&cfg.BirthdayDays)),
		widget.NewFormItem(lang.X("settings.calls.promo", "活动提醒：活动前几天"), promo),
		widget.NewFormItem(lang.X("settings.calls.gap", "两次联系至少间隔（天）"), intEntry(&cfg.MinGapDays)),
		widget.NewFormItem(lang.X("settings.calls.holdout", "对照组比例（%）"), holdout),
		widget.NewFormItem(lang.X("settings.calls.agents", "在岗客服（位）"), intEntry(&cfg.Agents)),
		widget.NewFormItem(lang.X("settings.calls.peragent", "每位客服每天通话数"), intEntry(&cfg.PerAgent)),
	)
	form.Items[6].HintText = lang.X("settings.calls.gap.hint", "投诉跟进和约定回拨不受限制")
	form.Items[7].HintText = lang.X("settings.calls.holdout.hint", "每天随机留出这部分客户不打电话，用来衡量回访的真实效果")
	loading = false

	return widget.NewCard(lang.X("settings.calls", "回访规则"), lang.X("settings.calls.sub", "每天的回访名单按这些规则生成。"),
		container.NewVBox(checks, form, msg, widget.NewSeparator(), campaignEditor(u)))
}

func configErrorText(err error) string {
	if text, ok := vocab.Error(err); ok {
		return text
	}
	return err.Error()
}

// campaignEditor lists the campaigns with presets for the big festivals.
func campaignEditor(u Shell) fyne.CanvasObject {
	list := container.NewVBox()
	var reload func()
	segText := func(segs []string) string {
		out := make([]string, len(segs))
		for i, s := range segs {
			out[i] = vocab.Segment(s)
		}
		return vocab.Join(out)
	}
	edit := func(c calls.Campaign) { editCampaign(u, c, reload) }
	reload = func() {
		cs, err := calls.Campaigns(u.Ctx(), u.Store())
		list.Objects = nil
		if err != nil {
			list.Add(widget.NewLabel(err.Error()))
		}
		if len(cs) == 0 {
			list.Add(widget.NewLabel(lang.X("settings.campaign.none", "还没有活动。活动前 7、3、1 天会提醒选中分群的客户。")))
		}
		for _, c := range cs {
			state := ""
			if !c.Active {
				state = lang.X("settings.campaign.off", "（已停用）")
			}
			lbl := widget.NewLabel(fmt.Sprintf("%s  %s  →  %s %s", c.Day, c.Name, segText(c.Segments), state))
			del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
				if err := calls.DeleteCampaign(u.Ctx(), u.Store(), c.ID); err != nil {
					dialog.ShowInformation(lang.X("settings.campaign.edit", "活动"),
						lang.X("settings.campaign.delfail", "活动没有删除，请稍后再试。")+"\n("+err.Error()+")", u.Win())
				}
				reload()
			})
			ed := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { edit(c) })
			list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(ed, del), lbl))
		}
		list.Refresh()
	}
	reload()
	presets := container.NewHBox(widget.NewLabel(lang.X("settings.campaign.add", "添加活动：")))
	for _, p := range calls.Presets {
		name := p.NameZh
		if vocab.Locale() == "en" {
			name = p.NameEn
		}
		presets.Add(widget.NewButton(name, func() {
			edit(calls.Campaign{Name: name, Day: p.NextDay(clock.Today()), Segments: calls.PresetSegments, Active: true})
		}))
	}
	presets.Add(widget.NewButtonWithIcon(lang.X("settings.campaign.custom", "自定义"), theme.ContentAddIcon(), func() {
		edit(calls.Campaign{Day: clock.Today() + 14, Segments: calls.PresetSegments, Active: true})
	}))
	return container.NewVBox(widget.NewLabelWithStyle(lang.X("settings.campaigns", "活动提醒"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), list, presets)
}

// campaignSegments are the segments a campaign can remind, in the order shown.
var campaignSegments = []string{rules.SegmentNew, rules.SegmentActive, rules.SegmentCooling, rules.SegmentDormantHigh, rules.SegmentDormantLow, rules.SegmentLost}

// editCampaign opens the form of campaign c; saved runs after it was stored.
func editCampaign(u Shell, c calls.Campaign, saved func()) {
	name := widget.NewEntry()
	name.SetText(c.Name)
	day := widget.NewEntry()
	day.SetText(c.Day.String())
	checks := make([]*widget.Check, len(campaignSegments))
	box := container.NewGridWithColumns(3)
	for i, s := range campaignSegments {
		checks[i] = widget.NewCheck(vocab.Segment(s), nil)
		for _, x := range c.Segments {
			if x == s {
				checks[i].SetChecked(true)
			}
		}
		box.Add(checks[i])
	}
	active := widget.NewCheck(lang.X("settings.campaign.active", "启用"), nil)
	active.SetChecked(c.Active)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("settings.campaign.name", "活动名称"), name),
		widget.NewFormItem(lang.X("settings.campaign.day", "活动日期"), day),
		widget.NewFormItem(lang.X("settings.campaign.segments", "提醒哪些客户"), box),
		widget.NewFormItem("", active),
	}
	dialog.ShowForm(lang.X("settings.campaign.edit", "活动"), lang.X("calls.ok.save", "保存"), lang.X("calls.cancel.plain", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		d, err := clock.ParseDay(strings.TrimSpace(day.Text))
		if err != nil {
			dialog.ShowInformation(lang.X("settings.campaign.edit", "活动"), lang.X("cli.calls.baddate", "日期 {{.Day}} 无法识别，请写成 YYYY-MM-DD，例如 2026-11-15。", map[string]any{"Day": day.Text}), u.Win())
			return
		}
		c.Name, c.Day, c.Active, c.Segments = name.Text, d, active.Checked, nil
		for i, ch := range checks {
			if ch.Checked {
				c.Segments = append(c.Segments, campaignSegments[i])
			}
		}
		if _, err := calls.SaveCampaign(u.Ctx(), u.Store(), c); err != nil {
			text := lang.X("settings.campaign.noname", "请填写活动名称。")
			if !errors.Is(err, calls.ErrBadCampaign) {
				text = lang.X("settings.campaign.savefail", "活动没有保存上，请稍后再试。") + "\n(" + err.Error() + ")"
			}
			dialog.ShowInformation(lang.X("settings.campaign.edit", "活动"), text, u.Win())
			return
		}
		saved()
	}, u.Win())
}
