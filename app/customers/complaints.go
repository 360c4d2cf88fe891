package customers

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// complaintsView lists open complaints, overdue ones first: each must be
// answered within 24 hours.
type complaintsView struct {
	u       Shell
	box     *fyne.Container
	root    fyne.CanvasObject
	onCount func(n, overdue int)
}

func newComplaintsView(u Shell) *complaintsView {
	v := &complaintsView{u: u, box: container.NewVBox()}
	hint := widget.NewLabel(lang.X("complaints.hint", "投诉须在 24 小时内回复。超时的排在最前面。"))
	refresh := widget.NewButtonWithIcon(lang.X("complaints.refresh", "刷新"), theme.ViewRefreshIcon(), v.reload)
	v.root = container.NewBorder(container.NewBorder(nil, nil, nil, refresh, hint), nil, nil, nil, container.NewVScroll(v.box))
	return v
}

func (v *complaintsView) Object() fyne.CanvasObject { return v.root }

func (v *complaintsView) reload() {
	if v == nil {
		return
	}
	st := v.u.Store()
	kit.Background(func() {
		ks, err := customers.OpenComplaints(v.u.Ctx(), st, clock.Now())
		fyne.Do(func() {
			v.box.Objects = nil
			if err != nil {
				v.box.Add(widget.NewLabel(lang.X("complaints.error", "无法读取投诉。") + " " + err.Error()))
				v.box.Refresh()
				return
			}
			overdue := 0
			for _, k := range ks {
				if k.Overdue(clock.Now()) {
					overdue++
				}
				v.box.Add(complaintRow(v.u, st, v.u.Win(), k, true, v.reload))
			}
			if len(ks) == 0 {
				v.box.Add(widget.NewLabel(lang.X("complaints.none", "没有待处理的投诉。")))
			}
			v.box.Refresh()
			if v.onCount != nil {
				v.onCount(len(ks), overdue)
			}
		})
	})
}

// complaintRow shows one complaint of store st with its deadline and the actions on it.
func complaintRow(u Shell, st *data.Store, w fyne.Window, k customers.Complaint, withCustomer bool, changed func()) fyne.CanvasObject {
	now := clock.Now()
	state := vocab.ComplaintStatus(k.Status)
	color := theme.ColorNameForeground
	if k.Overdue(now) {
		state = lang.X("complaint.overdue", "已超时")
		color = theme.ColorNameError
	} else if k.Status == customers.StatusOpen {
		if dl, err := time.ParseInLocation("2006-01-02 15:04:05", k.DeadlineAt, clock.ShopZone); err == nil {
			left := dl.Sub(now).Round(time.Minute)
			state = lang.X("complaint.left", "还剩 {{.H}} 小时", map[string]any{"H": int(left.Hours())})
		}
	}
	badge := canvas.NewText(state, theme.Color(color))
	badge.TextStyle.Bold = true
	title := k.What
	if withCustomer {
		title = k.CustomerName + "：" + k.What
	}
	t := widget.NewLabel(title)
	t.Wrapping = fyne.TextWrapWord
	meta := lang.X("complaint.meta", "{{.Created}} 登记 · 截止 {{.Deadline}} · {{.Severity}}",
		map[string]any{"Created": k.CreatedAt[:min(16, len(k.CreatedAt))], "Deadline": k.DeadlineAt[:min(16, len(k.DeadlineAt))], "Severity": vocab.Severity(k.Severity)})
	if k.OrderNo != "" {
		meta += " · " + lang.X("feedback.order", "订单") + " " + k.OrderNo
	}
	if k.Resolution != "" {
		meta += "\n" + lang.X("complaint.resolution", "处理结果") + "：" + k.Resolution
	}
	m := widget.NewLabel(meta)
	m.Importance = widget.LowImportance
	m.Wrapping = fyne.TextWrapWord
	update := func(status string) {
		res := widget.NewMultiLineEntry()
		res.SetText(k.Resolution)
		res.SetPlaceHolder(lang.X("complaint.resolution.ph", "怎么处理的？例如：已道歉并补发"))
		title := lang.X("complaint.answer", "标记已回复")
		if status == customers.StatusResolved {
			title = lang.X("complaint.resolve", "解决")
		}
		dialog.ShowForm(title, lang.X("dialog.save", "保存"), lang.X("dialog.cancel", "取消"),
			[]*widget.FormItem{widget.NewFormItem(lang.X("complaint.resolution", "处理结果"), res)}, func(ok bool) {
				if !ok {
					return
				}
				text := res.Text
				kit.Background(func() {
					_, err := customers.UpdateComplaint(u.Ctx(), st, k.ID, status, text)
					fyne.Do(func() {
						if err != nil {
							showError(w, customerErrorText(err), err)
							return
						}
						changed()
					})
				})
			}, w)
	}
	var actions []fyne.CanvasObject
	if withCustomer {
		id := k.CustomerID
		actions = append(actions, widget.NewButtonWithIcon(lang.X("customers.open", "打开卡片"), theme.AccountIcon(), func() { u.OpenCustomer(id) }))
	}
	if k.Status == customers.StatusOpen {
		actions = append(actions, widget.NewButton(lang.X("complaint.answer", "标记已回复"), func() { update(customers.StatusAnswered) }))
	}
	if k.Status != customers.StatusResolved {
		b := widget.NewButtonWithIcon(lang.X("complaint.resolve", "解决"), theme.ConfirmIcon(), func() { update(customers.StatusResolved) })
		b.Importance = widget.HighImportance
		actions = append(actions, b)
	}
	return container.NewVBox(container.NewBorder(nil, nil, badge, container.NewHBox(actions...), t), m, widget.NewSeparator())
}
