package scripts

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// preview shows the script being edited filled for a real customer, picked
// from today's list or found by name.
type preview struct {
	u      Shell
	text   *widget.RichText
	pick   *widget.Select
	search *widget.Entry
	picks  []calls.Found
	sample calls.Summary // the customer picked
	item   calls.Item    // a list entry for them (its reason is the script's)
	picked func()        // a customer was picked and read
	failed func(msg string, err error)
}

// previewPart is one titled text of the preview, placeholders not yet filled.
type previewPart struct{ title, text string }

func newPreview(u Shell, picked func(), failed func(string, error)) (*preview, fyne.CanvasObject) {
	p := &preview{u: u, picked: picked, failed: failed}
	p.text = widget.NewRichText()
	p.text.Wrapping = fyne.TextWrapWord
	p.pick = widget.NewSelect(nil, func(string) { p.pickSample() })
	p.pick.PlaceHolder = lang.X("scripts.pick", "选今天名单里的一位客户")
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder(lang.X("scripts.search", "或输入姓名搜索"))
	p.search.OnSubmitted = func(q string) { p.find(q) }
	p.search.OnChanged = func(q string) {
		if len([]rune(q)) >= 1 {
			p.find(q)
		}
	}
	return p, container.NewVBox(p.pick, p.search, widget.NewSeparator(), p.text)
}

// offer lists today's customers to pick from, and picks the first when
// nobody is picked yet.
func (p *preview) offer(items []calls.Item) {
	p.picks = p.picks[:0]
	for _, it := range items {
		name := it.Name
		if name == "" {
			name = it.Nickname
		}
		p.picks = append(p.picks, calls.Found{ID: it.CustomerID, Name: name + " · " + vocab.Reason(it.Reason)})
	}
	p.fillPicks()
	if p.sample.CustomerID == 0 && len(p.picks) > 0 {
		p.pick.SetSelectedIndex(0)
	}
}

func (p *preview) fillPicks() {
	opts := make([]string, len(p.picks))
	for i, f := range p.picks {
		opts[i] = f.Name
	}
	p.pick.Options = opts
	p.pick.Refresh()
}

func (p *preview) find(q string) {
	st, ctx := p.u.Store(), p.u.Ctx()
	var found []calls.Found
	var err error
	kit.Go(func() { found, err = calls.FindCustomers(ctx, st, q, 20) }, func() {
		if err != nil {
			p.failed(lang.X("scripts.err.find", "搜索客户失败。"), err)
			return
		}
		if len(found) == 0 {
			return
		}
		p.picks = found
		p.fillPicks()
		p.pick.SetSelectedIndex(0)
	})
}

func (p *preview) pickSample() {
	i := p.pick.SelectedIndex()
	if i < 0 || i >= len(p.picks) {
		return
	}
	id := p.picks[i].ID
	st, ctx := p.u.Store(), p.u.Ctx()
	var sum calls.Summary
	var err error
	kit.Go(func() { sum, err = calls.LoadSummary(ctx, st, id) }, func() {
		if err != nil {
			p.failed(lang.X("calls.err.card", "读取客户资料失败。"), err)
			return
		}
		p.sample = sum
		p.item = calls.Item{CustomerID: id, Day: clock.Today()}
		p.picked()
	})
}

// show fills the parts with v and shows them; empty parts are left out.
func (p *preview) show(parts []previewPart, v rules.Values) {
	var segs []widget.RichTextSegment
	for _, pt := range parts {
		if strings.TrimSpace(pt.text) == "" {
			continue
		}
		segs = append(segs, &widget.TextSegment{Text: pt.title, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText}},
			&widget.TextSegment{Text: rules.Fill(pt.text, v), Style: widget.RichTextStyleParagraph})
	}
	p.text.Segments = segs
	p.text.Refresh()
}
