package customers

import (
	"fmt"
	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cardHistory is the right side of the card: the timeline and the tabs of complaints,
// feedback, the points ledger and referrals, with the forms adding complaints and feedback.
type cardHistory struct {
	c          *customerCard
	timeline   *widget.List
	events     []customers.Event
	complaints *fyne.Container
	feedback   *fyne.Container
	ledger     *fyne.Container
	referrals  *fyne.Container
}

func (s *cardHistory) build() fyne.CanvasObject {
	s.timeline = widget.NewList(func() int { return len(s.events) }, func() fyne.CanvasObject {
		t := widget.NewLabel("")
		t.Truncation = fyne.TextTruncateEllipsis
		d := widget.NewLabel("")
		d.Importance = widget.LowImportance
		d.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(t, d)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		v := o.(*fyne.Container)
		title, detail := eventText(s.events[i])
		v.Objects[0].(*widget.Label).SetText(title)
		v.Objects[1].(*widget.Label).SetText(detail)
	})
	s.complaints = container.NewVBox()
	s.feedback = container.NewVBox()
	s.ledger = container.NewVBox()
	s.referrals = container.NewVBox()
	newComplaint := widget.NewButtonWithIcon(lang.X("card.complaint.new", "登记投诉"), theme.WarningIcon(), s.newComplaint)
	newFeedback := widget.NewButtonWithIcon(lang.X("card.feedback.new", "记录评分"), theme.ContentAddIcon(), s.newFeedback)
	return container.NewAppTabs(
		container.NewTabItem(lang.X("card.tab.timeline", "时间线"), s.timeline),
		container.NewTabItem(lang.X("card.tab.complaints", "投诉"), container.NewBorder(newComplaint, nil, nil, nil, container.NewVScroll(s.complaints))),
		container.NewTabItem(lang.X("card.tab.feedback", "评分"), container.NewBorder(newFeedback, nil, nil, nil, container.NewVScroll(s.feedback))),
		container.NewTabItem(lang.X("card.tab.points", "积分记录"), container.NewVScroll(s.ledger)),
		container.NewTabItem(lang.X("card.tab.referrals", "推荐"), container.NewVScroll(s.referrals)),
	)
}

// fill shows the loaded card's history.
func (s *cardHistory) fill(k *customers.Card) {
	s.events = k.Timeline
	s.timeline.Refresh()
	s.fillComplaints(k)
	s.fillFeedback(k)
	s.fillLedger(k)
	s.fillReferrals(k)
}

func (s *cardHistory) fillComplaints(k *customers.Card) {
	c := s.c
	s.complaints.Objects = nil
	for _, kc := range k.Complaints {
		s.complaints.Add(complaintRow(c.u, c.store, c.win, kc, false, func() { c.load(false) }))
	}
	if len(k.Complaints) == 0 {
		s.complaints.Add(widget.NewLabel(lang.X("card.complaint.none", "没有投诉记录。")))
	}
	s.complaints.Refresh()
}

func (s *cardHistory) fillFeedback(k *customers.Card) {
	s.feedback.Objects = nil
	for _, f := range k.Feedback {
		s.feedback.Add(widget.NewLabel(f.CreatedAt[:min(16, len(f.CreatedAt))] + "  " + feedbackText(f)))
	}
	if len(k.Feedback) == 0 {
		s.feedback.Add(widget.NewLabel(lang.X("card.feedback.none", "还没有评分。")))
	}
	s.feedback.Refresh()
}

func (s *cardHistory) fillLedger(k *customers.Card) {
	s.ledger.Objects = nil
	if k.PointsImported != 0 {
		s.ledger.Add(widget.NewLabel(lang.X("card.points.imported", "平台导入的积分：{{.N}}", map[string]any{"N": k.PointsImported})))
	}
	for _, p := range k.Ledger {
		s.ledger.Add(widget.NewLabel(fmt.Sprintf("%s  %+d  %s", p.CreatedAt[:min(16, len(p.CreatedAt))], p.Delta, p.Reason)))
	}
	if len(k.Ledger) == 0 && k.PointsImported == 0 {
		s.ledger.Add(widget.NewLabel(lang.X("card.points.none", "还没有积分记录。")))
	}
	s.ledger.Refresh()
}

func (s *cardHistory) fillReferrals(k *customers.Card) {
	c := s.c
	s.referrals.Objects = nil
	if k.Referrer != nil {
		r := *k.Referrer
		s.referrals.Add(widget.NewButton(lang.X("card.ref.by", "推荐人：{{.Name}}", map[string]any{"Name": refName(r)}), func() { c.u.OpenCustomer(r.ID) }))
	}
	for _, r := range k.Referred {
		r := r
		t := lang.X("card.ref.brought", "推荐来的：{{.Name}}", map[string]any{"Name": refName(r)})
		if r.Bought {
			t += "  ✓ " + lang.X("card.ref.bought", "已购买")
		}
		s.referrals.Add(widget.NewButton(t, func() { c.u.OpenCustomer(r.ID) }))
	}
	if len(s.referrals.Objects) == 0 {
		s.referrals.Add(widget.NewLabel(lang.X("card.ref.empty", "没有推荐关系。")))
	}
	s.referrals.Refresh()
}

func (s *cardHistory) newComplaint() {
	c := s.c
	what := widget.NewMultiLineEntry()
	what.SetPlaceHolder(lang.X("complaint.what.ph", "客户反映了什么问题？"))
	sevKeys := []string{customers.SeverityNormal, customers.SeverityHigh, customers.SeverityLow}
	sev := widget.NewSelect([]string{lang.X("complaint.sev.normal", "一般"), lang.X("complaint.sev.high", "严重"), lang.X("complaint.sev.low", "轻微")}, nil)
	sev.SetSelectedIndex(0)
	orderKeys, orderOpts := c.orderChoices()
	order := widget.NewSelect(orderOpts, nil)
	order.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("complaint.what", "问题"), what),
		widget.NewFormItem(lang.X("complaint.severity", "严重程度"), sev),
		widget.NewFormItem(lang.X("complaint.order", "相关订单"), order),
	}
	dialog.ShowForm(lang.X("card.complaint.new", "登记投诉"), lang.X("dialog.save", "保存"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		n := customers.NewComplaint{CustomerID: c.id, What: what.Text, Severity: sevKeys[max(0, sev.SelectedIndex())], OrderID: orderKeys[max(0, order.SelectedIndex())]}
		c.saveNow(func() error {
			_, err := customers.CreateComplaint(c.u.Ctx(), c.store, n)
			return err
		})
	}, c.win)
}

// orderChoices lists the card's orders for "which order" selects.
func (c *customerCard) orderChoices() ([]int64, []string) {
	keys := []int64{0}
	opts := []string{lang.X("complaint.order.none", "不针对某个订单")}
	for _, o := range c.card.Orders {
		keys = append(keys, o.ID)
		opts = append(opts, o.Day+"  "+o.OrderNo+"  "+kit.Yuan(o.RevenueFen))
	}
	return keys, opts
}

func (s *cardHistory) newFeedback() {
	c := s.c
	mk := func() *widget.Select {
		s := widget.NewSelect([]string{"—", "1", "2", "3", "4", "5"}, nil)
		s.SetSelectedIndex(0)
		return s
	}
	d, p, q, sv := mk(), mk(), mk(), mk()
	orderKeys, orderOpts := c.orderChoices()
	order := widget.NewSelect(orderOpts, nil)
	order.SetSelectedIndex(min(1, len(orderOpts)-1))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("feedback.order", "订单"), order),
		widget.NewFormItem(lang.X("feedback.delivery", "物流"), d),
		widget.NewFormItem(lang.X("feedback.packaging", "包装"), p),
		widget.NewFormItem(lang.X("feedback.product", "商品"), q),
		widget.NewFormItem(lang.X("feedback.service", "服务"), sv),
	}
	dialog.ShowForm(lang.X("card.feedback.new", "记录评分"), lang.X("dialog.save", "保存"), lang.X("dialog.cancel", "取消"), items, func(ok bool) {
		if !ok {
			return
		}
		sc := customers.Scores{Delivery: max(0, d.SelectedIndex()), Packaging: max(0, p.SelectedIndex()),
			Product: max(0, q.SelectedIndex()), Service: max(0, sv.SelectedIndex())}
		oid := orderKeys[max(0, order.SelectedIndex())]
		c.saveNow(func() error {
			_, err := customers.AddFeedback(c.u.Ctx(), c.store, c.id, oid, 0, sc)
			return err
		})
	}, c.win)
}

func refName(r customers.Ref) string {
	n := r.Name
	if n == "" {
		n = r.Nickname
	} else if r.Nickname != "" && r.Nickname != n {
		n += "（" + r.Nickname + "）"
	}
	return n
}

// eventText is the two lines of one timeline entry.
func eventText(e customers.Event) (string, string) {
	at := e.At
	if len(at) > 16 {
		at = at[:16]
	}
	switch {
	case e.Order != nil:
		o := e.Order
		state := o.Status
		if !o.Paid {
			state += " · " + lang.X("card.order.unpaid", "未计入（未付款/已关闭/已退款）")
		}
		title := lang.X("card.ev.order", "{{.At}}  订单 {{.No}}  {{.Amount}}", map[string]any{"At": at, "No": o.OrderNo, "Amount": kit.Yuan(o.RevenueFen)})
		if o.RefundFen > 0 {
			title += "  " + lang.X("card.ev.refund", "退款 {{.Amount}}", map[string]any{"Amount": kit.Yuan(o.RefundFen)})
		}
		items := o.Items
		if len(o.Lines) > 0 {
			var ls []string
			for _, l := range o.Lines {
				ls = append(ls, fmt.Sprintf("%s ×%d", l.Product, l.Quantity))
			}
			items = strings.Join(ls, "，")
		}
		return title, vocab.Platform(o.Platform) + " · " + state + " · " + items
	case e.Call != nil:
		k := e.Call
		d := vocab.Outcome(calls.Outcome(k.Outcome))
		if k.Agent != "" {
			d += " · " + k.Agent
		}
		if k.Note != "" {
			d += " · " + k.Note
		}
		if k.FollowUp != "" {
			d += " · " + lang.X("card.ev.followup", "约定回访 {{.At}}", map[string]any{"At": k.FollowUp})
		}
		return lang.X("card.ev.call", "{{.At}}  回访电话", map[string]any{"At": at}), d
	case e.Feedback != nil:
		f := e.Feedback
		return lang.X("card.ev.feedback", "{{.At}}  评分", map[string]any{"At": at}), feedbackText(*f)
	case e.Complaint != nil:
		k := e.Complaint
		return lang.X("card.ev.complaint", "{{.At}}  投诉（{{.Status}}）", map[string]any{"At": at, "Status": vocab.ComplaintStatus(k.Status)}), k.What
	case e.Referral != nil:
		r := e.Referral
		return lang.X("card.ev.referral", "{{.At}}  推荐", map[string]any{"At": at}),
			lang.X("card.ev.referral.text", "{{.A}} 推荐了 {{.B}}", map[string]any{"A": refName(r.Referrer), "B": refName(r.Referred)})
	case e.Points != nil:
		p := e.Points
		return lang.X("card.ev.points", "{{.At}}  积分 {{.Delta}}", map[string]any{"At": at, "Delta": fmt.Sprintf("%+d", p.Delta)}), p.Reason
	}
	return at, ""
}

func feedbackText(f customers.Feedback) string {
	s := func(v int) string {
		if v == 0 {
			return "—"
		}
		return fmt.Sprint(v)
	}
	t := lang.X("card.feedback.scores", "物流 {{.D}} · 包装 {{.P}} · 商品 {{.Q}} · 服务 {{.S}}",
		map[string]any{"D": s(f.Delivery), "P": s(f.Packaging), "Q": s(f.Product), "S": s(f.Service)})
	if f.OrderNo != "" {
		t += " · " + lang.X("card.feedback.order", "订单 {{.No}}", map[string]any{"No": f.OrderNo})
	}
	return t
}
