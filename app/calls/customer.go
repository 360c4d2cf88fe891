package calls

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/resources/vocab"
)

// Which objections the customer panel shows besides one of them (0–4, F1–F5).
const (
	objNone = -1
	objAll  = -2 // O
)

// customerPanel is the centre of the workspace: who is on the phone (name,
// badges, number, orders, notes, complaints, last calls), the script and the
// objection answers. It shows what it is given; it reads nothing.
type customerPanel struct {
	nameText  *canvas.Text
	subText   *widget.Label
	reasonTag *badge
	dueText   *canvas.Text
	phoneText *canvas.Text
	numsLbl   *widget.Label // every number of the person, the one to dial marked
	whyLbl    *widget.Label // why the person is on today's list: reason and value
	ordersLbl *widget.Label
	notesLbl  *widget.Label
	complLbl  *widget.Label
	callsLbl  *widget.Label
	script    *widget.RichText
	objBox    *fyne.Container
	objText   *widget.RichText
	objShown  int // objection shown: 0–4, objAll or objNone

	centre     fyne.CanvasObject
	noSel      fyne.CanvasObject
	centreWrap *fyne.Container
}

// customerActions are what the panel's buttons ask of the screen.
type customerActions struct {
	card, copy, dial func()
}

func newCustomerPanel(do customerActions) (*customerPanel, fyne.CanvasObject) {
	p := &customerPanel{objShown: objNone}
	p.nameText = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	p.nameText.TextSize = theme.TextSize() * 1.7
	p.subText = wrapped()
	p.reasonTag = newBadge()
	p.dueText = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	p.phoneText = canvas.NewText("", theme.Color(theme.ColorNamePrimary))
	p.phoneText.TextSize = theme.TextSize() * 2.4
	p.phoneText.TextStyle = fyne.TextStyle{Monospace: true}
	copyBtn := widget.NewButtonWithIcon(lang.X("calls.copy", "复制 (C)"), theme.ContentCopyIcon(), do.copy)
	dialBtn := widget.NewButtonWithIcon(lang.X("calls.dial", "拨号 (D)"), theme.MailForwardIcon(), do.dial)
	p.ordersLbl, p.notesLbl, p.complLbl, p.callsLbl = wrapped(), wrapped(), wrapped(), wrapped()
	p.numsLbl, p.whyLbl = wrapped(), wrapped()
	p.whyLbl.Importance = widget.LowImportance
	p.complLbl.Importance = widget.DangerImportance
	p.script = widget.NewRichText()
	p.script.Wrapping = fyne.TextWrapWord
	p.objText = widget.NewRichText()
	p.objText.Wrapping = fyne.TextWrapWord
	p.objBox = container.NewVBox(p.objText, widget.NewSeparator())
	p.objBox.Hide()
	cardBtn := widget.NewButtonWithIcon(lang.X("calls.card", "客户卡片"), theme.AccountIcon(), do.card)
	head := container.NewBorder(nil, nil, nil, cardBtn,
		container.NewVBox(container.NewHBox(p.nameText, container.NewCenter(p.reasonTag), container.NewCenter(p.dueText)), p.subText))
	phoneRow := container.NewHBox(p.phoneText, container.NewCenter(copyBtn), container.NewCenter(dialBtn))
	info := container.NewVBox(p.ordersLbl, p.notesLbl, p.complLbl, p.callsLbl)
	scriptCard := widget.NewCard(lang.X("calls.script", "话术"), lang.X("calls.script.sub", "按 O 或 F1–F5 查看异议应对"), container.NewVBox(p.objBox, p.script))
	p.centre = container.NewVScroll(container.NewVBox(head, phoneRow, p.numsLbl, p.whyLbl, widget.NewSeparator(), info, scriptCard))
	p.noSel = container.NewCenter(widget.NewLabel(lang.X("calls.nosel", "从左边的名单里选一位客户开始。")))
	p.centreWrap = container.NewStack(p.noSel)
	return p, p.centreWrap
}

func wrapped() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showNone shows the hint instead of a customer.
func (p *customerPanel) showNone() {
	p.centreWrap.Objects = []fyne.CanvasObject{p.noSel}
	p.centreWrap.Refresh()
}

// showCard shows the customer (render fills it).
func (p *customerPanel) showCard() {
	p.centreWrap.Objects = []fyne.CanvasObject{p.centre}
	p.centreWrap.Refresh()
}

// hideObjections closes the objection answers.
func (p *customerPanel) hideObjections() {
	p.objShown = objNone
	p.objBox.Hide()
}

// render shows customer sum on entry it, with the script of its reason and
// the objection answers filled with v.
func (p *customerPanel) render(it calls.Item, sum calls.Summary, v rules.Values, sc rules.Script, objs []rules.Objection, now time.Time) {
	p.renderWho(it, sum, v, now)
	p.renderHistory(sum)
	segs := []widget.RichTextSegment{}
	part := func(title, text string) {
		text = strings.TrimSpace(rules.Fill(text, v))
		if text == "" {
			return
		}
		segs = append(segs,
			&widget.TextSegment{Text: title, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText, Inline: false}},
			&widget.TextSegment{Text: text, Style: widget.RichTextStyleParagraph})
	}
	part(lang.X("calls.part.opening", "开场"), sc.Opening)
	part(lang.X("calls.part.body", "来意"), sc.Body)
	part(lang.X("calls.part.question", "提问"), sc.Question)
	part(lang.X("calls.part.closing", "结束"), sc.Closing)
	p.script.Segments = segs
	p.script.Refresh()
	p.renderObjection(v, objs)
	// Wrapped labels changed height: lay the scrolled column out again.
	p.centre.Refresh()
}

// renderWho shows the name, the badges, the line about the customer and the number.
func (p *customerPanel) renderWho(it calls.Item, sum calls.Summary, v rules.Values, now time.Time) {
	name := sum.Name
	if name == "" {
		name = sum.Nickname
	}
	if name == "" {
		name = lang.X("calls.noname", "（未留姓名）")
	}
	p.nameText.Text = name
	p.nameText.Color = theme.Color(theme.ColorNameForeground)
	p.nameText.Refresh()
	p.reasonTag.set(vocab.Reason(it.Reason), reasonColor(it.Reason))
	p.dueText.Text = dueText(it, now)
	p.dueText.Color = theme.Color(theme.ColorNamePlaceHolder)
	if it.Overdue(now) {
		p.dueText.Color = theme.Color(theme.ColorNameError)
	}
	p.dueText.Refresh()

	var sub []string
	salute := v.Salutation
	if salute == "" {
		// Nothing sayable (an account id, a masked name): the script greets neutrally.
		salute = lang.X("card.f.salutation.none", "不称呼，直接说“您好”")
	}
	sub = append(sub, lang.X("calls.salutation", "称呼：{{.S}}", map[string]any{"S": salute}))
	if sum.Level != "" {
		sub = append(sub, vocab.Level(sum.Level))
	}
	if sum.Segment != "" && sum.Segment != "none" {
		sub = append(sub, vocab.Segment(sum.Segment))
	}
	sub = append(sub, lang.X("calls.orders.count", "{{.N}} 单 · 累计 {{.Money}}", map[string]any{"N": sum.PaidOrders, "Money": kit.Yuan(sum.RevenueFen)}))
	if sum.City != "" {
		sub = append(sub, sum.City)
	}
	if sum.ContactTime != "" {
		sub = append(sub, lang.X("calls.contacttime", "方便时间：{{.T}}", map[string]any{"T": sum.ContactTime}))
	}
	if pl := sum.Platforms(); len(pl) > 0 {
		names := make([]string, len(pl))
		for i, x := range pl {
			names[i] = vocab.Platform(x)
		}
		sub = append(sub, lang.X("calls.platforms", "平台：{{.P}}", map[string]any{"P": vocab.Join(names)}))
	}
	p.subText.SetText(strings.Join(sub, "  ·  "))

	phone := bestNumber(it, sum)
	if phone == "" {
		phone = lang.X("calls.nophone", "没有可拨打的号码")
	}
	p.phoneText.Text = formatPhone(phone)
	p.phoneText.Color = theme.Color(theme.ColorNamePrimary)
	p.phoneText.Refresh()
	p.numsLbl.SetText(numbersText(sum.AllPhones(), bestNumber(it, sum)))
	callShowIf(p.numsLbl, len(sum.AllPhones()) > 1)
	p.whyLbl.SetText(whyText(it))
}

// bestNumber is the number to dial on entry it: the one the plan chose for
// the person, else the customer's first callable one.
func bestNumber(it calls.Item, sum calls.Summary) string {
	if it.Dial != "" {
		return it.Dial
	}
	return sum.CallablePhone()
}

// numbersText lists the person's numbers, the one to dial marked.
func numbersText(ps []calls.Phone, best string) string {
	var out []string
	for _, p := range ps {
		t := formatPhone(p.Number)
		switch {
		case callDigits(p.Number) == callDigits(best) && !p.Masked:
			t = lang.X("calls.number.best", "★ {{.N}}（拨这个）", map[string]any{"N": t})
		case p.Wrong:
			t = lang.X("calls.number.wrong", "{{.N}}（错号）", map[string]any{"N": t})
		case p.Masked:
			t = lang.X("calls.number.masked", "{{.N}}（打码）", map[string]any{"N": t})
		}
		out = append(out, t)
	}
	return lang.X("calls.numbers", "全部号码：", nil) + strings.Join(out, "  ·  ")
}

// whyText says why the person is on today's list: the reason and what the call is worth.
func whyText(it calls.Item) string {
	return lang.X("calls.why", "为什么今天打：{{.Reason}} · 价值 {{.Value}}",
		map[string]any{"Reason": vocab.Reason(it.Reason), "Value": kit.Yuan(it.ValueFen)})
}

// renderHistory shows the recent orders, the notes, the open complaints and the last calls.
func (p *customerPanel) renderHistory(sum calls.Summary) {
	var ol []string
	for _, o := range sum.Orders {
		if len(ol) == 3 {
			break
		}
		ol = append(ol, fmt.Sprintf("%s  %s  %s", o.Day, o.Items, kit.Yuan(o.AmountFen)))
	}
	if len(ol) == 0 {
		p.ordersLbl.SetText(lang.X("calls.orders.none", "还没有付款订单"))
	} else {
		p.ordersLbl.SetText(lang.X("calls.orders.recent", "最近订单：", nil) + "\n" + strings.Join(ol, "\n"))
	}
	var notes []string
	if sum.Notes != "" {
		notes = append(notes, lang.X("calls.notes", "备注：{{.T}}", map[string]any{"T": sum.Notes}))
	}
	if sum.Preferences != "" {
		notes = append(notes, lang.X("calls.prefs", "偏好：{{.T}}", map[string]any{"T": sum.Preferences}))
	}
	p.notesLbl.SetText(strings.Join(notes, "\n"))
	callShowIf(p.notesLbl, len(notes) > 0)
	var cl []string
	for _, c := range sum.Complaints {
		if c.Status == "open" {
			cl = append(cl, lang.X("calls.complaint.open", "⚠ 未处理投诉：{{.What}}（{{.Deadline}} 前回复）", map[string]any{"What": c.What, "Deadline": callShortTime(c.DeadlineAt)}))
		}
	}
	p.complLbl.SetText(strings.Join(cl, "\n"))
	callShowIf(p.complLbl, len(cl) > 0)
	var hist []string
	for _, c := range sum.Calls {
		if len(hist) == 2 {
			break
		}
		line := fmt.Sprintf("%s %s %s", callShortTime(c.At), c.Agent, vocab.Outcome(c.Outcome))
		if c.Note != "" {
			line += "：" + c.Note
		}
		hist = append(hist, line)
	}
	if len(hist) > 0 {
		p.callsLbl.SetText(lang.X("calls.history", "上次联系：", nil) + "\n" + strings.Join(hist, "\n"))
	}
	callShowIf(p.callsLbl, len(hist) > 0)
}

func (p *customerPanel) renderObjection(v rules.Values, objs []rules.Objection) {
	if p.objShown == objNone {
		p.objBox.Hide()
		return
	}
	title := widget.RichTextStyle{ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}
	var segs []widget.RichTextSegment
	for i, o := range objs {
		// objAll: all of them (O); otherwise the one asked for (F1–F5).
		if p.objShown >= 0 && i != p.objShown {
			continue
		}
		segs = append(segs, &widget.TextSegment{Text: fmt.Sprintf("F%d  %s", i+1, o.Title), Style: title},
			&widget.TextSegment{Text: rules.Fill(o.Answer, v), Style: widget.RichTextStyleParagraph})
	}
	p.objText.Segments = segs
	p.objText.Refresh()
	p.objBox.Show()
}
