package calls

import (
	"errors"
	"net/url"

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

// callsScreen is the agent's workspace (回访): today's list on the left
// (queue), the customer and the script in the middle (customerPanel), outcomes
// on the right (outcomePanel), over the agent's working day (session). It is
// built to be worked for hours with the keyboard alone (see handleKey). The
// screen ties the parts together: what happens when an entry is opened, an
// outcome chosen or a call saved.
type callsScreen struct {
	u     Shell
	root  *fyne.Container
	empty fyne.CanvasObject
	body  fyne.CanvasObject
	tabs  *container.AppTabs

	ss   *session
	q    *queue
	card *customerPanel
	out  *outcomePanel
	keys *keySink

	lastKey rune // the key being handled, see keyEntry.swallow

	noNumberList *widget.List
	results      *callsResults
}

// New builds the call workspace screen.
func New(u Shell) kit.Screen {
	s := &callsScreen{u: u, ss: newSession(u)}
	s.empty = kit.EmptyState(u.GoImport, theme.MailReplyIcon(), lang.X("calls.empty.title", "今天还没有回访名单"),
		lang.X("calls.empty.text", "导入订单后，回头客每天为您列出该给谁打电话、为什么打、该怎么说。"))
	s.root = container.NewStack()
	u.OnDataChanged(func() { s.ss.loaded = false })
	st := u.Store() // the store this screen was built on (a demo switch rebuilds it)
	u.OnClose(func() {
		if s.q != nil {
			s.ss.releaseAll(st, s.q.all)
		}
	})
	return s
}

func (s *callsScreen) Object() fyne.CanvasObject { return s.root }

func (s *callsScreen) Shown() {
	if shown, _ := kit.ShowContent(s.u.HasData(), s.root, s.empty, &s.body, s.build); !shown {
		return
	}
	if !s.ss.loaded || s.ss.day != clock.Today() {
		s.reload()
	}
	s.focusKeys()
}

// ListChanged tells the workspace that today's list changed elsewhere (customers added from
// the customer list): it reloads when shown again.
func (s *callsScreen) ListChanged() { s.ss.loaded = false }

func (s *callsScreen) build() fyne.CanvasObject {
	s.ss.locale = vocab.Locale()
	work := s.buildWorkspace()
	s.noNumberList = widget.NewList(func() int { return len(s.ss.noNumber) },
		func() fyne.CanvasObject { return newCallRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*callRow).set(s.ss.noNumber[id], clock.Now()) })
	s.noNumberList.OnSelected = func(id widget.ListItemID) {
		s.noNumberList.UnselectAll()
		if id < len(s.ss.noNumber) {
			s.u.OpenCustomer(s.ss.noNumber[id].CustomerID)
		}
	}
	nnHint := widget.NewLabel(lang.X("calls.nonumber.hint", "这些客户今天该联系，但没有可拨打的完整号码（平台只给了打码号码）。点一位客户打开客户卡片补充电话，或在平台后台联系。"))
	nnHint.Wrapping = fyne.TextWrapWord
	s.results = newCallsResults(s.u, s.ss.goBG)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("calls.tab.today", "今日回访"), theme.MailReplyIcon(), work),
		container.NewTabItemWithIcon(lang.X("calls.tab.nonumber", "无号码"), theme.QuestionIcon(), container.NewBorder(nnHint, nil, nil, nil, s.noNumberList)),
		container.NewTabItemWithIcon(lang.X("calls.tab.results", "效果"), theme.InfoIcon(), s.results.root),
	)
	s.tabs.OnSelected = func(t *container.TabItem) {
		switch s.tabs.SelectedIndex() {
		case 0:
			s.focusKeys()
		case 2:
			s.results.load()
		}
	}
	return s.tabs
}

func (s *callsScreen) buildWorkspace() fyne.CanvasObject {
	var left, centre, right fyne.CanvasObject
	s.q, left = newQueue(queueActions{
		selected: func(i int) {
			if i != s.q.cur {
				s.open(i)
			}
			s.focusKeys()
		},
		filtered: func() { s.applyFilter(); s.focusKeys() },
		refresh:  s.reload,
		export:   s.showExportMenu,
		pullMore: s.pullMore,
	})
	s.card, centre = newCustomerPanel(customerActions{
		card: func() {
			if it, ok := s.q.current(); ok {
				s.u.OpenCustomer(it.CustomerID)
			}
		},
		copy: s.copyPhone,
		dial: s.dial,
	})
	s.out, right = newOutcomePanel(outcomeActions{choose: s.choose, save: s.save, skip: func() { s.move(1) }, esc: s.focusKeys})
	s.keys = newKeySink(lang.X("calls.keys", "⌨ 键盘：1–8 结果 · Tab 备注 · Enter 保存 · Esc 取消 · ↑↓ 换人 · O 异议应对"), s.handleKey)

	centreRight := container.NewHSplit(centre, right)
	centreRight.Offset = 0.7
	split := container.NewHSplit(left, centreRight)
	split.Offset = 0.27
	return container.NewBorder(nil, s.keys, nil, nil, split)
}

func (s *callsScreen) focusKeys() {
	if s.keys == nil {
		return
	}
	if c := s.u.Win().Canvas(); c != nil && s.u.Current() == kit.ScreenCalls && (s.tabs == nil || s.tabs.SelectedIndex() == 0) {
		c.Focus(s.keys)
	}
}

// reload opens today (generating its list, off the UI goroutine) and shows it.
func (s *callsScreen) reload() { s.load(0) }

// pullMore adds n more eligible calls to today and shows the list again.
func (s *callsScreen) pullMore(n int) { s.load(n) }

func (s *callsScreen) load(pull int) {
	if !s.ss.openDay(pull, s.opened) {
		return
	}
	s.q.dayLabel.SetText(lang.X("calls.loading", "正在生成今天的名单…"))
}

// opened shows the day OpenDay read, starting with the first entry nobody has finished.
func (s *callsScreen) opened(wd calls.Workday, err error) {
	if err != nil {
		s.q.dayLabel.SetText(wd.Day.String())
		s.out.showError(lang.X("calls.err.load", "生成今天的回访名单失败。请稍后点刷新重试；如果一直失败，请从备份恢复数据。"), err)
		return
	}
	s.q.day, s.q.all = wd.Day, wd.Shown
	s.applyFilter()
	s.q.setPlan(wd.More)
	s.noNumberList.Refresh()
	s.tabs.Items[1].Text = lang.X("calls.tab.nonumber.n", "无号码 ({{.N}})", map[string]any{"N": len(wd.NoNumber)})
	s.tabs.Refresh()
	if first := s.q.firstOpen(s.u.AgentName()); first >= 0 {
		s.q.list.Select(first)
	} else {
		s.showNone()
	}
}

// ReloadScripts is called by the script editor after an edit.
func (s *callsScreen) ReloadScripts() {
	s.ss.reloadScripts(func(err error) {
		if err != nil {
			s.out.showError(lang.X("calls.err.scripts", "没能读取修改后的话术，这里仍显示修改前的话术。"), err)
			return
		}
		s.render()
	})
}

// applyFilter shows the entries of the chosen reason, keeping the current one when it stays.
func (s *callsScreen) applyFilter() {
	if i := s.q.refilter(); i >= 0 {
		s.q.list.Select(i)
		return
	}
	s.showNone()
}

func (s *callsScreen) showNone() {
	s.q.cur = -1
	s.card.showNone()
}

// open makes entry i the customer on the phone: claims it for the agent,
// shows the card (prefetched when possible) and prefetches the next ones.
func (s *callsScreen) open(i int) {
	if i < 0 || i >= len(s.q.items) {
		return
	}
	if prev, ok := s.q.current(); ok && prev.Status == calls.StatusWorking && prev.ID != s.q.items[i].ID {
		s.release(prev)
	}
	s.q.cur = i
	s.card.hideObjections()
	s.out.reset()
	it := s.q.items[i]
	if _, err := s.ss.summary(it.CustomerID); err != nil {
		s.out.showError(lang.X("calls.err.card", "读取客户资料失败。"), err)
		return
	}
	s.card.showCard()
	s.render()
	s.claim(it)
	s.ss.prefetch(s.q.ahead(i, 3, s.ss.unread))
}

func (s *callsScreen) claim(it calls.Item) {
	agent := s.u.AgentName()
	if agent == "" {
		s.askAgent(func() { s.claim(it) })
		return
	}
	if it.Status == calls.StatusDone || it.Status == calls.StatusSkipped {
		return
	}
	s.ss.claim(it.ID, agent, func(err error) {
		var ce *calls.ClaimedError
		switch {
		case errors.As(err, &ce):
			s.out.say(lang.X("calls.claimed", "{{.Agent}} 正在拨打这位客户，请换下一位。", map[string]any{"Agent": ce.Agent}), widget.WarningImportance)
		case err != nil:
			s.out.showError(lang.X("calls.err.claim", "没能把这位客户标记为您正在拨打，同事可能会同时拨打。"), err)
		default:
			s.q.setStatus(it.ID, calls.StatusWorking, agent, "")
		}
	})
}

func (s *callsScreen) release(it calls.Item) {
	agent := s.u.AgentName()
	s.q.setStatus(it.ID, calls.StatusOpen, "", "")
	s.ss.release(it.ID, agent, func(err error) {
		s.out.showError(lang.X("calls.err.release", "没能把客户放回名单：同事要等一会儿才能拨打。"), err)
	})
}

// render shows the current customer. Everything comes from memory.
func (s *callsScreen) render() {
	it, ok := s.q.current()
	if !ok {
		return
	}
	sum := s.ss.cache[it.CustomerID]
	s.card.render(it, sum, s.ss.values(it, sum), s.ss.book.Scripts[it.Reason], s.ss.book.Objections, clock.Now())
	callShowIf(s.out.scoresRow, it.Reason == rules.ReasonAfterSale)
}

// choose selects an outcome; outcomes that need more (a time, a complaint,
// a confirmation) ask for it, the rest wait for Enter.
func (s *callsScreen) choose(o calls.Outcome) {
	if _, ok := s.q.current(); !ok {
		return
	}
	s.out.pick(o, clock.Now())
	switch o {
	case calls.Busy:
		s.focusEntry(s.out.follow)
	case calls.Interested:
	case calls.Complaint:
		s.askComplaint()
	case calls.DoNotContact:
		s.confirmDNC()
	default:
		s.focusKeys()
	}
}

func (s *callsScreen) cancel() {
	s.out.cancel()
	s.card.hideObjections()
	s.focusKeys()
}

// save logs the chosen outcome and moves on at once; the write finishes in
// the background and only a failure comes back.
func (s *callsScreen) save() {
	it, ok := s.q.current()
	if !ok {
		return
	}
	if s.out.pending == "" {
		s.out.say(lang.X("calls.choose", "先按 1–8 选择通话结果，再按 Enter 保存。"), widget.WarningImportance)
		s.focusKeys()
		return
	}
	agent := s.u.AgentName()
	if agent == "" {
		s.askAgent(s.save)
		return
	}
	l := calls.Log{EntryID: it.ID, Agent: agent, Locale: s.ss.locale}
	l.Phone = s.dialNumber(it) // the number shown to dial: "wrong number" flags that one
	if bad, ok := s.out.read(&l, clock.Now()); !ok {
		s.u.Win().Canvas().Focus(bad)
		return
	}
	s.q.setStatus(it.ID, calls.StatusDone, agent, l.Outcome)
	st, ctx := s.u.Store(), s.u.Ctx()
	s.ss.goBG(func() {
		res, err := calls.LogOutcome(ctx, st, l)
		uiDo(func() { s.saved(it, agent, res, err) })
	})
	s.next()
}

// saved reports how the write of a call ended.
func (s *callsScreen) saved(it calls.Item, agent string, res calls.Logged, err error) {
	if err != nil {
		s.q.setStatus(it.ID, calls.StatusWorking, agent, "")
		s.out.showError(lang.X("calls.err.save", "通话结果没有保存上。请回到这位客户再保存一次。"), err)
		return
	}
	if res.AutoComplaint {
		s.out.status.SetText(lang.X("calls.autocomplaint", "评分偏低，已自动登记投诉，24 小时内需回复。"))
	}
	if res.WrongPhone != "" {
		s.out.status.SetText(lang.X("calls.wrongphone", "已把 {{.Phone}} 标记为错号，以后不会再拨打这个号码。", map[string]any{"Phone": res.WrongPhone}))
	}
	delete(s.ss.cache, it.CustomerID) // the timeline changed
}

// next moves to the next entry still to call.
func (s *callsScreen) next() {
	if j := s.q.nextOpen(); j >= 0 {
		s.q.show(j)
		s.focusKeys()
		return
	}
	s.showNone()
	s.q.list.UnselectAll()
	s.out.status.SetText(lang.X("calls.alldone", "今天的名单打完了，辛苦了！"))
	s.focusKeys()
}

func (s *callsScreen) move(d int) {
	j := s.q.cur + d
	if j < 0 || j >= len(s.q.items) {
		return
	}
	s.q.show(j)
	s.focusKeys()
}

func (s *callsScreen) copyPhone() {
	it, ok := s.q.current()
	if !ok {
		return
	}
	if p := s.dialNumber(it); p != "" {
		s.u.App().Clipboard().SetContent(p)
		s.out.status.SetText(lang.X("calls.copied", "号码已复制"))
	}
}

func (s *callsScreen) dial() {
	it, ok := s.q.current()
	if !ok {
		return
	}
	p := s.dialNumber(it)
	if p == "" {
		return
	}
	if err := s.u.App().OpenURL(&url.URL{Scheme: "tel", Opaque: callDigits(p)}); err != nil {
		// No softphone on this computer is fine: the number is on screen.
		fyne.LogError("dial", err)
	}
}

// dialNumber is the number to dial for entry it: the person's best one,
// else the customer's first callable one.
func (s *callsScreen) dialNumber(it calls.Item) string {
	return bestNumber(it, s.ss.cache[it.CustomerID])
}
