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
	shop   string

	book    calls.ScriptBook
	sel     int // index into reasons; len(reasons) = objections
	reasons []rules.Reason

	nav      *widget.List
	parts    [5]*widget.Entry // opening, body, question, closing, sms
	warn     [5]*widget.Label
	smsCount *widget.Label
	objEdits []*widget.Entry
	lastEdit *widget.Entry
	saved    *widget.Label
	scriptUI fyne.CanvasObject
	objUI    fyne.CanvasObject
	editor   *fyne.Container
	pv       *preview

	timer   *time.Timer
	loading bool // suppresses saving while entries are filled
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

	var pvUI fyne.CanvasObject
	s.pv, pvUI = newPreview(s.u, s.refreshPreview, s.say)
	right := container.NewVScroll(container.NewVBox(
		widget.NewCard(lang.X("scripts.palette", "插入占位符"), lang.X("scripts.palette.sub", "点一下插入到光标处"), palette),
		widget.NewCard(lang.X("scripts.preview", "预览"), "", pvUI),
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
	var desk calls.ScriptDesk
	var err error
	kit.Go(func() { desk, err = calls.OpenScripts(ctx, st, day, loc) }, func() {
		if err != nil {
			s.say(lang.X("scripts.err.load", "读取话术失败。"), err)
			return
		}
		s.book, s.shop = desk.Book, desk.Shop
		s.pv.offer(desk.Samples)
		s.buildObjections()
		s.nav.Select(s.sel)
		s.showSelected()
	})
}

// say shows a message, and the technical reason of a failure after it.
func (s *scriptsScreen) say(msg string, err error) {
	if err != nil {
		msg += " " + err.Error()
	}
	s.saved.SetText(msg)
}

func (s *scriptsScreen) buildObjections() {
	s.objEdits = nil
	box := container.NewVBox()
	for i, o := range s.book.Objections {
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
	if s.book.Scripts == nil {
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
	sc := s.book.Scripts[s.reasons[s.sel]]
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
	it := s.pv.item
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
	return calls.Values(s.pv.sample, it, calls.ValueParams{Shop: s.shop, Agent: agent, Locale: s.locale, Day: clock.Today(),
		LevelName: func(k string) string { return vocab.Level(k) }})
}

func (s *scriptsScreen) refreshPreview() {
	if s.pv == nil || s.book.Scripts == nil {
		return
	}
	var parts []previewPart
	if s.sel < len(s.reasons) {
		sc := s.current()
		parts = []previewPart{
			{lang.X("calls.part.opening", "开场"), sc.Opening}, {lang.X("calls.part.body", "来意"), sc.Body},
			{lang.X("calls.part.question", "提问"), sc.Question}, {lang.X("calls.part.closing", "结束"), sc.Closing},
			{lang.X("scripts.sms.short", "短信"), sc.SMS},
		}
	} else {
		for i, o := range s.book.Objections {
			text := o.Answer
			if i < len(s.objEdits) {
				text = s.objEdits[i].Text
			}
			parts = append(parts, previewPart{o.Title, text})
		}
	}
	s.pv.show(parts, s.values())
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

// saveDelay is how long typing must pause before an edit is saved (tests
// make it long and save themselves).
var saveDelay = 600 * time.Millisecond

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
	s.timer = time.AfterFunc(saveDelay, func() { fyne.Do(s.save) })
}

func (s *scriptsScreen) save() {
	st, ctx, loc := s.u.Store(), s.u.Ctx(), s.locale
	var err error
	if s.sel < len(s.reasons) {
		sc := s.current()
		s.book.Scripts[sc.Reason] = sc
		err = calls.KeepScript(ctx, st, loc, sc)
	} else {
		for i, e := range s.objEdits {
			s.book.Objections[i].Answer = e.Text
		}
		err = calls.SaveObjections(ctx, st, loc, s.book.Objections)
	}
	if err != nil {
		s.say(lang.X("scripts.err.save", "保存失败，请稍后再改一下试试。"), err)
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
				s.say(lang.X("scripts.err.save", "保存失败，请稍后再改一下试试。"), err)
				return
			}
			s.book.Scripts[r] = rules.DefaultScripts(s.locale)[r]
			s.showSelected()
			s.u.ReloadScripts()
		}, s.u.Win())
}
