package scripts

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// scriptsScreen is the 话术 editor: one script per reason (opening, reason,
// question, close, SMS), the objection answers, a placeholder palette and a
// live preview for a real customer. Edits save themselves shortly after
// typing stops.
type scriptsScreen struct {
	u      Shell
	root   *fyne.Container
	empty  fyne.CanvasObject
	body   fyne.CanvasObject
	locale string

	scripts map[rules.Reason]rules.Script
	objs    []rules.Objection
	sel     int // index into reasons; len(reasons) = objections
	reasons []rules.Reason

	nav      *widget.List
	parts    [5]*widget.Entry // opening, body, question, closing, sms
	warn     [5]*widget.Label
	smsCount *widget.Label
	objEdits []*widget.Entry
	lastEdit *widget.Entry
	preview  *widget.RichText
	pick     *widget.Select
	search   *widget.Entry
	saved    *widget.Label
	scriptUI fyne.CanvasObject
	objUI    fyne.CanvasObject
	editor   *fyne.Container

	sample     calls.Summary
	sampleItem calls.Item
	picks      []calls.Found
	timer      *time.Timer
	loading    bool // suppresses saving while entries are filled
}

// New builds the scripts editor screen.
func New(u Shell) kit.Screen {
	s := &scriptsScreen{u: u, reasons: rules.Reasons()}
	s.empty = kit.EmptyState(u.GoImport, theme.DocumentIcon(), lang.X("scripts.empty.title", "回访话术"),
		lang.X("scripts.empty.text", "每个回访原因都有一套话术：开场、来意、开放式提问和结束语，可以按店铺风格修改。"))
	s.root = container.NewStack()
	return s
}

func (s *scriptsScreen) Object() fyne.CanvasObject { return s.root }

func (s *scriptsScreen) Shown() {
	if shown, _ := kit.ShowContent(s.u.HasData(), s.root, s.empty, &s.body, s.build); !shown {
		return
	}
	s.load()
}

var partKeys = [5]string{"opening", "body", "question", "closing", "sms"}

func (s *scriptsScreen) build() fyne.CanvasObject {
	s.locale = vocab.Locale()
	s.nav = widget.NewList(func() int { return len(s.reasons) + 1 },
		func() fyne.CanvasObject { return widget.NewLabel("促二次购买 Second purchase") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.reasons) {
				o.(*widget.Label).SetText(vocab.Reason(s.reasons[id]))
			} else {
				o.(*widget.Label).SetText(lang.X("scripts.objections", "异议应对"))
			}
		})
	s.nav.OnSelected = func(id widget.ListItemID) { s.sel = id; s.showSelected() }

	titles := [5]string{
		lang.X("calls.part.opening", "开场"), lang.X("calls.part.body", "来意"), lang.X("calls.part.question", "提问"),
		lang.X("calls.part.closing", "结束"), lang.X("scripts.sms", "短信（未接通时发送）"),
	}
	form := container.NewVBox()
	for i := range s.parts {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		if i == 4 {
			e.SetMinRowsVisible(2)
		}
		e.OnChanged = func(string) { s.edited() }
		e.OnCursorChanged = func() { s.lastEdit = e }
		s.parts[i] = e
		w := widget.NewLabel("")
		w.Importance = widget.DangerImportance
		w.Wrapping = fyne.TextWrapWord
		w.Hide()
		s.warn[i] = w
		title := widget.NewLabelWithStyle(titles[i], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if i == 4 {
			s.smsCount = widget.NewLabel("")
			form.Add(container.NewBorder(nil, nil, nil, s.smsCount, title))
		} else {
			form.Add(title)
		}
		form.Add(e)
		form.Add(w)
	}
	reset := widget.NewButtonWithIcon(lang.X("scripts.reset", "恢复默认话术"), theme.HistoryIcon(), func() { s.confirmReset() })
	s.saved = widget.NewLabel("")
	palette := container.NewGridWithColumns(3)
	for _, p := range rules.Placeholders() {
		name := "{" + p.Zh + "}"
		if s.locale == "en" {
			name = "{" + p.En + "}"
		}
		palette.Add(widget.NewButton(name, func() { s.insert(name) }))
	}
	s.scriptUI = container.NewVBox(form, container.NewHBox(reset, s.saved))

	s.objUI = container.NewVBox()
	s.editor = container.NewStack(s.scriptUI)

	s.preview = widget.NewRichText()
	s.preview.Wrapping = fyne.TextWrapWord
	s.pick = widget.NewSelect(nil, func(string) { s.pickSample() })
	s.pick.PlaceHolder = lang.X("scripts.pick", "选今天名单里的一位客户")
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.X("scripts.search", "或输入姓名搜索"))
	s.search.OnSubmitted = func(q string) { s.find(q) }
	s.search.OnChanged = func(q string) {
		if len([]rune(q)) >= 1 {
			s.find(q)
		}
	}
	right := container.NewVScroll(container.NewVBox(
		widget.NewCard(lang.X("scripts.palette", "插入占位符"), lang.X("scripts.palette.sub", "点一下插入到光标处"), palette),
		widget.NewCard(lang.X("scripts.preview", "预览"), "", container.NewVBox(s.pick, s.search, widget.NewSeparator(), s.preview)),
	))
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(s.editor)), right)
	split.Offset = 0.6
	outer := container.NewHSplit(s.nav, split)
	outer.Offset = 0.16
	return outer
}

func (s *scriptsScreen) load() {
	st, ctx, loc := s.u.Store(), s.u.Ctx(), s.locale
	day := clock.Today()
	go func() {
		sc, err := calls.LoadScripts(ctx, st, loc)
		obs, err2 := calls.LoadObjections(ctx, st, loc)
		items, _ := calls.ListDay(ctx, st, day, calls.KindShown)
		if len(items) > 40 {
			items = items[:40]
		}
		fyne.Do(func() {
			if err != nil || err2 != nil {
				s.saved.SetText(lang.X("scripts.err.load", "读取话术失败。"))
				return
			}
			s.scripts, s.objs = sc, obs
			s.picks = s.picks[:0]
			for _, it := range items {
				name := it.Name
				if name == "" {
					name = it.Nickname
				}
				s.picks = append(s.picks, calls.Found{ID: it.CustomerID, Name: name + " · " + vocab.Reason(it.Reason)})
			}
			s.fillPicks()
			s.buildObjections()
			s.nav.Select(s.sel)
			s.showSelected()
			if s.sample.CustomerID == 0 && len(s.picks) > 0 {
				s.pick.SetSelectedIndex(0)
			}
		})
	}()
}

func (s *scriptsScreen) fillPicks() {
	opts := make([]string, len(s.picks))
	for i, p := range s.picks {
		opts[i] = p.Name
	}
	s.pick.Options = opts
	s.pick.Refresh()
}

func (s *scriptsScreen) find(q string) {
	st, ctx := s.u.Store(), s.u.Ctx()
	go func() {
		found, err := calls.FindCustomers(ctx, st, q, 20)
		if err != nil {
			return
		}
		fyne.Do(func() {
			if len(found) == 0 {
				return
			}
			s.picks = found
			s.fillPicks()
			s.pick.SetSelectedIndex(0)
		})
	}()
}

func (s *scriptsScreen) pickSample() {
	i := s.pick.SelectedIndex()
	if i < 0 || i >= len(s.picks) {
		return
	}
	id := s.picks[i].ID
	st, ctx := s.u.Store(), s.u.Ctx()
	go func() {
		sum, err := calls.LoadSummary(ctx, st, id)
		if err != nil {
			return
		}
		fyne.Do(func() {
			s.sample = sum
			s.sampleItem = calls.Item{CustomerID: id, Day: clock.Today()}
			s.refreshPreview()
		})
	}()
}

func (s *scriptsScreen) buildObjections() {
	s.objEdits = nil
	box := container.NewVBox()
	for i, o := range s.objs {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.SetText(o.Answer)
		e.OnChanged = func(string) { s.edited() }
		e.OnCursorChanged = func() { s.lastEdit = e }
		key := o.Key
		reset := widget.NewButtonWithIcon("", theme.HistoryIcon(), func() {
			for _, d := range rules.DefaultObjections(s.locale) {
				if d.Key == key {
					e.SetText(d.Answer)
				}
			}
		})
		box.Add(container.NewBorder(nil, nil, nil, reset, widget.NewLabelWithStyle(fmt.Sprintf("F%d  %s", i+1, o.Title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
		box.Add(e)
		s.objEdits = append(s.objEdits, e)
	}
	s.objUI.(*fyne.Container).Objects = []fyne.CanvasObject{box}
	s.objUI.Refresh()
}

func (s *scriptsScreen) showSelected() {
	if s.scripts == nil {
		return
	}
	if s.sel >= len(s.reasons) {
		s.editor.Objects = []fyne.CanvasObject{s.objUI}
		s.editor.Refresh()
		s.refreshPreview()
		return
	}
	s.editor.Objects = []fyne.CanvasObject{s.scriptUI}
	s.editor.Refresh()
	sc := s.scripts[s.reasons[s.sel]]
	s.loading = true
	for i, v := range []string{sc.Opening, sc.Body, sc.Question, sc.Closing, sc.SMS} {
		s.parts[i].SetText(v)
	}
	s.loading = false
	s.check()
	s.refreshPreview()
}

func (s *scriptsScreen) current() rules.Script {
	return rules.Script{Reason: s.reasons[s.sel], Opening: s.parts[0].Text, Body: s.parts[1].Text,
		Question: s.parts[2].Text, Closing: s.parts[3].Text, SMS: s.parts[4].Text}
}

// check flags unknown placeholders and counts the SMS.
func (s *scriptsScreen) check() {
	for i, e := range s.parts {
		unk := rules.UnknownPlaceholders(e.Text)
		if len(unk) > 0 {
			s.warn[i].SetText(lang.X("scripts.unknown", "不认识的占位符：{{.List}}（会原样读出来）", map[string]any{"List": strings.Join(unk, " ")}))
			s.warn[i].Show()
		} else {
			s.warn[i].Hide()
		}
	}
	// The SMS is counted filled for the sample customer: names and
	// products change its length.
	sms := rules.Fill(s.parts[4].Text, s.values())
	n := rules.SMSLength(sms)
	s.smsCount.SetText(lang.X("scripts.smscount", "{{.N}} / 70 字", map[string]any{"N": n}))
	if n > 70 {
		s.smsCount.Importance = widget.DangerImportance
		s.smsCount.SetText(lang.X("scripts.smslong", "{{.N}} / 70 字，会拆成 {{.P}} 条", map[string]any{"N": n, "P": rules.SMSSegments(sms)}))
	} else {
		s.smsCount.Importance = widget.MediumImportance
	}
	s.smsCount.Refresh()
}

func (s *scriptsScreen) values() rules.Values {
	it := s.sampleItem
	if s.sel < len(s.reasons) {
		it.Reason = s.reasons[s.sel]
	}
	if it.Reason == rules.ReasonPromotion && it.Detail == "" {
		it.Detail, it.Due = lang.X("scripts.sample.campaign", "双11"), "2026-11-11"
	}
	agent := s.u.AgentName()
	if agent == "" {
		agent = lang.X("cli.calls.agentdefault", "客服")
	}
	shop, _ := s.u.Store().Setting(s.u.Ctx(), data.SettingShopName, "")
	return calls.Values(s.sample, it, calls.ValueParams{Shop: shop, Agent: agent, Locale: s.locale, Day: clock.Today(),
		LevelName: func(k string) string { return vocab.Level(k) }})
}

func (s *scriptsScreen) refreshPreview() {
	if s.preview == nil || s.scripts == nil {
		return
	}
	v := s.values()
	var segs []widget.RichTextSegment
	add := func(title, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		segs = append(segs, &widget.TextSegment{Text: title, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameCaptionText}},
			&widget.TextSegment{Text: rules.Fill(text, v), Style: widget.RichTextStyleParagraph})
	}
	if s.sel < len(s.reasons) {
		sc := s.current()
		add(lang.X("calls.part.opening", "开场"), sc.Opening)
		add(lang.X("calls.part.body", "来意"), sc.Body)
		add(lang.X("calls.part.question", "提问"), sc.Question)
		add(lang.X("calls.part.closing", "结束"), sc.Closing)
		add(lang.X("scripts.sms.short", "短信"), sc.SMS)
	} else {
		for i, o := range s.objs {
			text := o.Answer
			if i < len(s.objEdits) {
				text = s.objEdits[i].Text
			}
			add(o.Title, text)
		}
	}
	s.preview.Segments = segs
	s.preview.Refresh()
}

// insert types a placeholder at the cursor of the field edited last.
func (s *scriptsScreen) insert(p string) {
	e := s.lastEdit
	if e == nil {
		e = s.parts[0]
	}
	for _, r := range p {
		e.TypedRune(r)
	}
	s.u.Win().Canvas().Focus(e)
}

// edited runs on every keystroke: check now, save when typing pauses.
func (s *scriptsScreen) edited() {
	if s.loading {
		return
	}
	if s.sel < len(s.reasons) {
		s.check()
	}
	s.refreshPreview()
	s.saved.SetText(lang.X("scripts.saving", "正在保存…"))
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(600*time.Millisecond, func() { fyne.Do(s.save) })
}

func (s *scriptsScreen) save() {
	st, ctx, loc := s.u.Store(), s.u.Ctx(), s.locale
	var err error
	if s.sel < len(s.reasons) {
		sc := s.current()
		s.scripts[sc.Reason] = sc
		if calls.IsDefaultScript(sc, loc) {
			err = calls.ResetScript(ctx, st, loc, sc.Reason)
		} else {
			err = calls.SaveScript(ctx, st, loc, sc)
		}
	} else {
		for i, e := range s.objEdits {
			s.objs[i].Answer = e.Text
			if err = calls.SaveObjection(ctx, st, loc, s.objs[i].Key, e.Text); err != nil {
				break
			}
		}
	}
	if err != nil {
		s.saved.SetText(lang.X("scripts.err.save", "保存失败，请稍后再改一下试试。") + " " + err.Error())
		return
	}
	s.saved.SetText(lang.X("scripts.saved", "已自动保存"))
	s.u.ReloadScripts()
}

func (s *scriptsScreen) confirmReset() {
	if s.sel >= len(s.reasons) {
		return
	}
	r := s.reasons[s.sel]
	dialog.ShowConfirm(lang.X("scripts.reset.title", "恢复默认话术"),
		lang.X("scripts.reset.text", "把“{{.Reason}}”的话术恢复成默认内容？您改过的内容会被替换。", map[string]any{"Reason": vocab.Reason(r)}),
		func(ok bool) {
			if !ok {
				return
			}
			if err := calls.ResetScript(s.u.Ctx(), s.u.Store(), s.locale, r); err != nil {
				s.saved.SetText(err.Error())
				return
			}
			s.scripts[r] = rules.DefaultScripts(s.locale)[r]
			s.showSelected()
			s.u.ReloadScripts()
		}, s.u.Win())
}
