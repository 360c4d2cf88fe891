package calls

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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

// callsScreen is the agent's workspace (回访): today's list on the left,
// the customer and the script in the middle, outcomes on the right. It is
// built to be worked for hours with the keyboard alone (see handleKey).
type callsScreen struct {
	u     Shell
	root  *fyne.Container
	empty fyne.CanvasObject
	body  fyne.CanvasObject
	tabs  *container.AppTabs

	day       clock.Day
	loaded    bool
	loading   bool
	all       []calls.Item // shown entries of the day
	items     []calls.Item // after the reason filter
	noNumber  []calls.Item
	held      []calls.Item
	filter    rules.Reason
	cur       int // index into items; -1 none
	cache     map[int64]calls.Summary
	inflight  map[int64]bool
	scripts   map[rules.Reason]rules.Script
	objs      []rules.Objection
	shop      string
	locale    string
	pending   calls.Outcome
	objShown  int // objection shown, -1 none
	complaint *calls.ComplaintInput

	// left
	dayLabel  *widget.Label
	progress  *widget.ProgressBar
	progLabel *widget.Label
	filterSel *widget.Select
	list      *widget.List
	// centre
	nameText   *canvas.Text
	subText    *widget.Label
	reasonTag  *badge
	dueText    *canvas.Text
	phoneText  *canvas.Text
	copyBtn    *widget.Button
	dialBtn    *widget.Button
	ordersLbl  *widget.Label
	notesLbl   *widget.Label
	complLbl   *widget.Label
	callsLbl   *widget.Label
	script     *widget.RichText
	objBox     *fyne.Container
	objText    *widget.RichText
	centre     fyne.CanvasObject
	noSel      fyne.CanvasObject
	centreWrap *fyne.Container
	// right
	outcomeBtns []*widget.Button
	note        *keyEntry
	follow      *keyEntry
	followRow   *fyne.Container
	scores      *keyEntry
	scoresRow   *fyne.Container
	saveBtn     *widget.Button
	status      *widget.Label
	keys        *keySink

	lastKey rune // the key being handled, see keyEntry.swallow

	noNumberList *widget.List
	results      *callsResults

	// bg counts background work (loads, claims, saves), so tests can wait
	// for it; on the test driver fyne.Do runs on the worker goroutine.
	bg sync.WaitGroup
}

// uiDo hands work back to the UI goroutine (fyne.Do). Tests replace it with
// a queue they run themselves: the test driver's fyne.Do would run the work
// on the worker goroutine, racing with the test.
var uiDo = fyne.Do

// goBG runs fn on the shared background runner, counted in s.bg; fn reports
// back through uiDo.
func (s *callsScreen) goBG(fn func()) {
	s.bg.Add(1)
	kit.Background(func() {
		defer s.bg.Done()
		fn()
	})
}

// New builds the call workspace screen.
func New(u Shell) kit.Screen {
	s := &callsScreen{u: u, cur: -1, objShown: -1, cache: map[int64]calls.Summary{}, inflight: map[int64]bool{}}
	s.empty = kit.EmptyState(u.GoImport, theme.MailReplyIcon(), lang.X("calls.empty.title", "今天还没有回访名单"),
		lang.X("calls.empty.text", "导入订单后，回头客每天为您列出该给谁打电话、为什么打、该怎么说。"))
	s.root = container.NewStack()
	u.OnDataChanged(func() { s.loaded = false })
	st := u.Store() // the store this screen was built on (a demo switch rebuilds it)
	u.OnClose(func() { s.releaseClaims(st) })
	return s
}

// releaseClaims hands back the entries this agent holds, so colleagues need
// not wait ClaimTTL after the window closes. It runs on the UI goroutine
// while the window closes: one small UPDATE per held entry (usually one).
func (s *callsScreen) releaseClaims(st *data.Store) {
	agent := s.u.AgentName()
	if agent == "" {
		return
	}
	for _, it := range s.all {
		if it.Status == calls.StatusWorking && it.Agent == agent {
			if err := calls.Release(context.Background(), st, it.ID, agent); err != nil {
				fyne.LogError("release call", err)
			}
		}
	}
}

func (s *callsScreen) Object() fyne.CanvasObject { return s.root }

func (s *callsScreen) Shown() {
	if shown, _ := kit.ShowContent(s.u.HasData(), s.root, s.empty, &s.body, s.build); !shown {
		return
	}
	if !s.loaded || s.day != clock.Today() {
		s.reload()
	}
	s.focusKeys()
}

func (s *callsScreen) build() fyne.CanvasObject {
	s.locale = vocab.Locale()
	work := s.buildWorkspace()
	s.noNumberList = widget.NewList(func() int { return len(s.noNumber) },
		func() fyne.CanvasObject { return newCallRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*callRow).set(s.noNumber[id], s.now()) })
	s.noNumberList.OnSelected = func(id widget.ListItemID) {
		s.noNumberList.UnselectAll()
		if id < len(s.noNumber) {
			s.u.OpenCustomer(s.noNumber[id].CustomerID)
		}
	}
	nnHint := widget.NewLabel(lang.X("calls.nonumber.hint", "这些客户今天该联系，但没有可拨打的完整号码（平台只给了打码号码）。点一位客户打开客户卡片补充电话，或在平台后台联系。"))
	nnHint.Wrapping = fyne.TextWrapWord
	s.results = newCallsResults(s.u, s.goBG)
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
	// Left: the day's list.
	s.dayLabel = widget.NewLabel("")
	s.progress = widget.NewProgressBar()
	s.progress.TextFormatter = func() string { return "" }
	s.progLabel = widget.NewLabel("")
	opts := []string{lang.X("calls.filter.all", "全部原因")}
	reasons := append(rules.Reasons(), rules.ReasonManual)
	for _, r := range reasons {
		opts = append(opts, vocab.Reason(r))
	}
	s.filterSel = widget.NewSelect(opts, nil)
	s.filterSel.SetSelectedIndex(0)
	s.filterSel.OnChanged = func(string) {
		i := s.filterSel.SelectedIndex()
		if i <= 0 {
			s.filter = ""
		} else {
			s.filter = reasons[i-1]
		}
		s.applyFilter()
		s.focusKeys()
	}
	s.list = widget.NewList(func() int { return len(s.items) },
		func() fyne.CanvasObject { return newCallRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.items) {
				o.(*callRow).set(s.items[id], s.now())
			}
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		if id != s.cur {
			s.open(id)
		}
		s.focusKeys()
	}
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { s.reload() })
	exportBtn := widget.NewButtonWithIcon(lang.X("calls.export", "导出…"), theme.DownloadIcon(), func() { s.showExportMenu() })
	leftTop := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(refresh, exportBtn), s.dayLabel),
		container.NewBorder(nil, nil, nil, s.progLabel, s.progress),
		s.filterSel,
	)
	left := container.NewBorder(leftTop, nil, nil, nil, s.list)

	// Centre: who, the number, the script.
	s.nameText = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.nameText.TextSize = theme.TextSize() * 1.7
	s.subText = widget.NewLabel("")
	s.subText.Wrapping = fyne.TextWrapWord
	s.reasonTag = newBadge()
	s.dueText = canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	s.phoneText = canvas.NewText("", theme.Color(theme.ColorNamePrimary))
	s.phoneText.TextSize = theme.TextSize() * 2.4
	s.phoneText.TextStyle = fyne.TextStyle{Monospace: true}
	s.copyBtn = widget.NewButtonWithIcon(lang.X("calls.copy", "复制 (C)"), theme.ContentCopyIcon(), func() { s.copyPhone() })
	s.dialBtn = widget.NewButtonWithIcon(lang.X("calls.dial", "拨号 (D)"), theme.MailForwardIcon(), func() { s.dial() })
	s.ordersLbl = widget.NewLabel("")
	s.ordersLbl.Wrapping = fyne.TextWrapWord
	s.notesLbl = widget.NewLabel("")
	s.notesLbl.Wrapping = fyne.TextWrapWord
	s.complLbl = widget.NewLabel("")
	s.complLbl.Wrapping = fyne.TextWrapWord
	s.complLbl.Importance = widget.DangerImportance
	s.callsLbl = widget.NewLabel("")
	s.callsLbl.Wrapping = fyne.TextWrapWord
	s.script = widget.NewRichText()
	s.script.Wrapping = fyne.TextWrapWord
	s.objText = widget.NewRichText()
	s.objText.Wrapping = fyne.TextWrapWord
	s.objBox = container.NewVBox(s.objText, widget.NewSeparator())
	s.objBox.Hide()
	cardBtn := widget.NewButtonWithIcon(lang.X("calls.card", "客户卡片"), theme.AccountIcon(), func() {
		if it, ok := s.current(); ok {
			s.u.OpenCustomer(it.CustomerID)
		}
	})
	head := container.NewBorder(nil, nil, nil, cardBtn,
		container.NewVBox(container.NewHBox(s.nameText, container.NewCenter(s.reasonTag), container.NewCenter(s.dueText)), s.subText))
	phoneRow := container.NewHBox(s.phoneText, container.NewCenter(s.copyBtn), container.NewCenter(s.dialBtn))
	info := container.NewVBox(s.ordersLbl, s.notesLbl, s.complLbl, s.callsLbl)
	scriptCard := widget.NewCard(lang.X("calls.script", "话术"), lang.X("calls.script.sub", "按 O 或 F1–F5 查看异议应对"), container.NewVBox(s.objBox, s.script))
	s.centre = container.NewVScroll(container.NewVBox(head, phoneRow, widget.NewSeparator(), info, scriptCard))
	s.noSel = container.NewCenter(widget.NewLabel(lang.X("calls.nosel", "从左边的名单里选一位客户开始。")))
	s.centreWrap = container.NewStack(s.noSel)

	// Right: outcomes, note, follow-up, scores.
	s.outcomeBtns = make([]*widget.Button, 8)
	grid := container.NewGridWithColumns(1)
	for i, o := range calls.Outcomes() {
		s.outcomeBtns[i] = widget.NewButton(fmt.Sprintf("%d  %s", i+1, vocab.Outcome(o)), func() { s.choose(o) })
		s.outcomeBtns[i].Alignment = widget.ButtonAlignLeading
		grid.Add(s.outcomeBtns[i])
	}
	s.note = newKeyEntry()
	s.note.SetPlaceHolder(lang.X("calls.note.placeholder", "备注（Tab 进入，Enter 保存）"))
	s.follow = newKeyEntry()
	s.follow.SetPlaceHolder("2026-11-16 10:00")
	s.scores = newKeyEntry()
	s.scores.SetPlaceHolder(lang.X("calls.scores.placeholder", "如 5435"))
	for _, e := range []*keyEntry{s.note, s.follow, s.scores} {
		e.onEnter = s.save
		e.onEsc = s.focusKeys
		e.onAlt = func(k fyne.KeyName) bool {
			if o, ok := outcomeForKey(k); ok {
				s.choose(o)
				return true
			}
			return false
		}
	}
	s.followRow = container.NewVBox(widget.NewLabel(lang.X("calls.follow", "约回拨时间")), s.follow)
	s.followRow.Hide()
	scoreHint := widget.NewLabel(lang.X("calls.scores", "满意度 1–5：物流 包装 商品 服务（按 S 输入）"))
	scoreHint.Wrapping = fyne.TextWrapWord
	s.scoresRow = container.NewVBox(scoreHint, s.scores)
	s.scoresRow.Hide()
	s.saveBtn = widget.NewButtonWithIcon(lang.X("calls.save", "保存并下一位 (Enter)"), theme.ConfirmIcon(), s.save)
	s.saveBtn.Importance = widget.HighImportance
	skip := widget.NewButtonWithIcon(lang.X("calls.next", "下一位 (↓)"), theme.MoveDownIcon(), func() { s.move(1) })
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	s.keys = newKeySink(lang.X("calls.keys", "⌨ 键盘：1–8 结果 · Tab 备注 · Enter 保存 · Esc 取消 · ↑↓ 换人 · O 异议应对"), s.handleKey)
	right := container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.X("calls.outcome", "通话结果"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		grid, s.followRow, s.scoresRow, s.note, s.saveBtn, skip, s.status,
	))

	centreRight := container.NewHSplit(s.centreWrap, right)
	centreRight.Offset = 0.7
	split := container.NewHSplit(left, centreRight)
	split.Offset = 0.27
	return container.NewBorder(nil, s.keys, nil, nil, split)
}

func (s *callsScreen) now() time.Time { return clock.Now() }

func (s *callsScreen) focusKeys() {
	if s.keys == nil {
		return
	}
	if c := s.u.Win().Canvas(); c != nil && s.u.Current() == kit.ScreenCalls && (s.tabs == nil || s.tabs.SelectedIndex() == 0) {
		c.Focus(s.keys)
	}
}

// reload generates today's list if needed (off the UI goroutine) and shows it.
func (s *callsScreen) reload() {
	if s.loading {
		return
	}
	s.loading = true
	s.day = clock.Today()
	s.dayLabel.SetText(lang.X("calls.loading", "正在生成今天的名单…"))
	st, ctx, day, loc := s.u.Store(), s.u.Ctx(), s.day, s.locale
	s.goBG(func() {
		var (
			all, nn, held []calls.Item
			scripts       map[rules.Reason]rules.Script
			objs          []rules.Objection
			shop          string
			err           error
		)
		func() {
			if _, err = calls.EnsureStats(ctx, st, day); err != nil {
				return
			}
			if _, err = calls.GenerateDay(ctx, st, day); err != nil {
				return
			}
			if all, err = calls.ListDay(ctx, st, day, calls.KindShown); err != nil {
				return
			}
			if nn, err = calls.ListDay(ctx, st, day, calls.KindNoNumber); err != nil {
				return
			}
			if held, err = calls.ListDay(ctx, st, day, calls.KindHeldOut); err != nil {
				return
			}
			if scripts, err = calls.LoadScripts(ctx, st, loc); err != nil {
				return
			}
			if objs, err = calls.LoadObjections(ctx, st, loc); err != nil {
				return
			}
			shop, err = st.Setting(ctx, data.SettingShopName, "")
		}()
		uiDo(func() {
			s.loading = false
			if err != nil {
				s.dayLabel.SetText(day.String())
				s.showError(lang.X("calls.err.load", "生成今天的回访名单失败。请稍后点刷新重试；如果一直失败，请从备份恢复数据。"), err)
				return
			}
			s.all, s.noNumber, s.held, s.scripts, s.objs, s.shop = all, nn, held, scripts, objs, shop
			s.cache = map[int64]calls.Summary{}
			s.applyFilter()
			s.noNumberList.Refresh()
			s.tabs.Items[1].Text = lang.X("calls.tab.nonumber.n", "无号码 ({{.N}})", map[string]any{"N": len(nn)})
			s.tabs.Refresh()
			// Start with the first entry nobody has finished.
			first := -1
			for i, it := range s.items {
				if it.Status == calls.StatusOpen || (it.Status == calls.StatusWorking && it.Agent == s.u.AgentName()) {
					first = i
					break
				}
			}
			if first >= 0 {
				s.list.Select(first)
			} else {
				s.showNone()
			}
			s.loaded = true
		})
	})
}

// ReloadScripts is called by the script editor after an edit.
func (s *callsScreen) ReloadScripts() {
	st, ctx, loc := s.u.Store(), s.u.Ctx(), s.locale
	s.goBG(func() {
		sc, err1 := calls.LoadScripts(ctx, st, loc)
		ob, err2 := calls.LoadObjections(ctx, st, loc)
		if err1 != nil || err2 != nil {
			return
		}
		uiDo(func() {
			s.scripts, s.objs = sc, ob
			s.render()
		})
	})
}

func (s *callsScreen) applyFilter() {
	var keep int64 = -1
	if it, ok := s.current(); ok {
		keep = it.ID
	}
	s.items = s.items[:0:0]
	for _, it := range s.all {
		if s.filter == "" || it.Reason == s.filter {
			s.items = append(s.items, it)
		}
	}
	s.cur = -1
	s.list.UnselectAll()
	s.list.Refresh()
	s.updateProgress()
	for i, it := range s.items {
		if it.ID == keep {
			s.list.Select(i)
			return
		}
	}
	s.showNone()
}

func (s *callsScreen) updateProgress() {
	done := 0
	for _, it := range s.all {
		if it.Status == calls.StatusDone || it.Status == calls.StatusSkipped {
			done++
		}
	}
	s.dayLabel.SetText(lang.X("calls.day", "{{.Day}} 回访名单", map[string]any{"Day": s.day.String()}))
	if len(s.all) > 0 {
		s.progress.SetValue(float64(done) / float64(len(s.all)))
	} else {
		s.progress.SetValue(0)
	}
	s.progLabel.SetText(lang.X("calls.progress", "已完成 {{.Done}} / {{.Total}}", map[string]any{"Done": done, "Total": len(s.all)}))
}

func (s *callsScreen) current() (calls.Item, bool) {
	if s.cur < 0 || s.cur >= len(s.items) {
		return calls.Item{}, false
	}
	return s.items[s.cur], true
}

func (s *callsScreen) showNone() {
	s.cur = -1
	s.centreWrap.Objects = []fyne.CanvasObject{s.noSel}
	s.centreWrap.Refresh()
}

// open makes entry i the customer on the phone: claims it for the agent,
// shows the card (prefetched when possible) and prefetches the next ones.
func (s *callsScreen) open(i int) {
	if i < 0 || i >= len(s.items) {
		return
	}
	if prev, ok := s.current(); ok && prev.Status == calls.StatusWorking && prev.ID != s.items[i].ID {
		s.release(prev)
	}
	s.cur = i
	s.resetInput()
	it := s.items[i]
	if _, ok := s.cache[it.CustomerID]; !ok {
		// Not prefetched (a jump in the list): one customer's card is a
		// handful of indexed reads, fast enough to wait for.
		sum, err := calls.LoadSummary(s.u.Ctx(), s.u.Store(), it.CustomerID)
		if err != nil {
			s.showError(lang.X("calls.err.card", "读取客户资料失败。"), err)
			return
		}
		s.cache[it.CustomerID] = sum
	}
	s.centreWrap.Objects = []fyne.CanvasObject{s.centre}
	s.centreWrap.Refresh()
	s.render()
	s.claim(it)
	s.prefetch(i+1, 3)
}

func (s *callsScreen) prefetch(from, n int) {
	var ids []int64
	for j := from; j < len(s.items) && len(ids) < n; j++ {
		id := s.items[j].CustomerID
		if _, ok := s.cache[id]; !ok && !s.inflight[id] {
			s.inflight[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	st, ctx := s.u.Store(), s.u.Ctx()
	s.goBG(func() {
		got := map[int64]calls.Summary{}
		for _, id := range ids {
			if sum, err := calls.LoadSummary(ctx, st, id); err == nil {
				got[id] = sum
			}
		}
		uiDo(func() {
			for _, id := range ids {
				delete(s.inflight, id)
				if sum, ok := got[id]; ok {
					s.cache[id] = sum
				}
			}
		})
	})
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
	st, ctx := s.u.Store(), s.u.Ctx()
	s.goBG(func() {
		err := calls.Claim(ctx, st, it.ID, agent)
		uiDo(func() {
			var ce *calls.ClaimedError
			switch {
			case errors.As(err, &ce):
				s.status.SetText(lang.X("calls.claimed", "{{.Agent}} 正在拨打这位客户，请换下一位。", map[string]any{"Agent": ce.Agent}))
				s.status.Importance = widget.WarningImportance
				s.status.Refresh()
			case err == nil:
				s.setStatus(it.ID, calls.StatusWorking, agent, "")
			}
		})
	})
}

func (s *callsScreen) release(it calls.Item) {
	st, ctx, agent := s.u.Store(), s.u.Ctx(), s.u.AgentName()
	s.setStatus(it.ID, calls.StatusOpen, "", "")
	s.goBG(func() { _ = calls.Release(ctx, st, it.ID, agent) })
}

// setStatus updates an entry in memory (the DB was or is being written).
func (s *callsScreen) setStatus(id int64, status, agent string, o calls.Outcome) {
	for _, list := range [][]calls.Item{s.all, s.items} {
		for i := range list {
			if list[i].ID == id {
				list[i].Status, list[i].Agent = status, agent
				if o != "" {
					list[i].Outcome = o
				}
			}
		}
	}
	s.list.Refresh()
	s.updateProgress()
}

func (s *callsScreen) askAgent(then func()) {
	e := newKeyEntry()
	e.SetPlaceHolder(lang.X("settings.agent.placeholder", "例如：小王"))
	var d interface{ Hide() }
	submit := func() {
		name := strings.TrimSpace(e.Text)
		if name == "" {
			return
		}
		s.u.App().Preferences().SetString(kit.PrefAgent, name)
		d.Hide()
		then()
		s.focusKeys()
	}
	e.onEnter = submit
	dlg := newDialog(lang.X("calls.agent.title", "您的名字"), lang.X("calls.agent.text", "话术里的 {客服名} 和回访记录会用这个名字，只需填一次。"),
		e, submit, s.u.Win())
	d = dlg
	dlg.Show()
	s.u.Win().Canvas().Focus(e)
}

func (s *callsScreen) resetInput() {
	s.pending = ""
	s.complaint = nil
	s.objShown = -1
	s.objBox.Hide()
	s.note.SetText("")
	s.follow.SetText("")
	s.scores.SetText("")
	s.followRow.Hide()
	s.status.SetText("")
	s.status.Importance = widget.MediumImportance
	s.highlight()
}

func (s *callsScreen) highlight() {
	for i, o := range calls.Outcomes() {
		imp := widget.MediumImportance
		if o == s.pending {
			imp = widget.HighImportance
		}
		if s.outcomeBtns[i].Importance != imp {
			s.outcomeBtns[i].Importance = imp
			s.outcomeBtns[i].Refresh()
		}
	}
}

// render shows the current customer. Everything comes from memory.
func (s *callsScreen) render() {
	it, ok := s.current()
	if !ok {
		return
	}
	sum := s.cache[it.CustomerID]
	p := calls.ValueParams{Shop: s.shop, Agent: s.agentOrDefault(), Locale: s.locale, Day: s.day,
		LevelName: func(k string) string { return vocab.Level(k) }}
	v := calls.Values(sum, it, p)
	name := sum.Name
	if name == "" {
		name = sum.Nickname
	}
	if name == "" {
		name = lang.X("calls.noname", "（未留姓名）")
	}
	s.nameText.Text = name
	s.nameText.Color = theme.Color(theme.ColorNameForeground)
	s.nameText.Refresh()
	s.reasonTag.set(vocab.Reason(it.Reason), reasonColor(it.Reason))
	s.dueText.Text = dueText(it, s.now())
	s.dueText.Color = theme.Color(theme.ColorNamePlaceHolder)
	if it.Overdue(s.now()) {
		s.dueText.Color = theme.Color(theme.ColorNameError)
	}
	s.dueText.Refresh()

	var sub []string
	sub = append(sub, lang.X("calls.salutation", "称呼：{{.S}}", map[string]any{"S": v.Salutation}))
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
	s.subText.SetText(strings.Join(sub, "  ·  "))

	phone := sum.CallablePhone()
	if phone == "" {
		phone = lang.X("calls.nophone", "没有可拨打的号码")
	}
	s.phoneText.Text = formatPhone(phone)
	s.phoneText.Color = theme.Color(theme.ColorNamePrimary)
	s.phoneText.Refresh()

	var ol []string
	for _, o := range sum.Orders {
		if len(ol) == 3 {
			break
		}
		ol = append(ol, fmt.Sprintf("%s  %s  %s", o.Day, o.Items, kit.Yuan(o.AmountFen)))
	}
	if len(ol) == 0 {
		s.ordersLbl.SetText(lang.X("calls.orders.none", "还没有付款订单"))
	} else {
		s.ordersLbl.SetText(lang.X("calls.orders.recent", "最近订单：", nil) + "\n" + strings.Join(ol, "\n"))
	}
	var notes []string
	if sum.Notes != "" {
		notes = append(notes, lang.X("calls.notes", "备注：{{.T}}", map[string]any{"T": sum.Notes}))
	}
	if sum.Preferences != "" {
		notes = append(notes, lang.X("calls.prefs", "偏好：{{.T}}", map[string]any{"T": sum.Preferences}))
	}
	s.notesLbl.SetText(strings.Join(notes, "\n"))
	callShowIf(s.notesLbl, len(notes) > 0)
	var cl []string
	for _, c := range sum.Complaints {
		if c.Status == "open" {
			cl = append(cl, lang.X("calls.complaint.open", "⚠ 未处理投诉：{{.What}}（{{.Deadline}} 前回复）", map[string]any{"What": c.What, "Deadline": callShortTime(c.DeadlineAt)}))
		}
	}
	s.complLbl.SetText(strings.Join(cl, "\n"))
	callShowIf(s.complLbl, len(cl) > 0)
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
		s.callsLbl.SetText(lang.X("calls.history", "上次联系：", nil) + "\n" + strings.Join(hist, "\n"))
	}
	callShowIf(s.callsLbl, len(hist) > 0)

	sc := s.scripts[it.Reason]
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
	s.script.Segments = segs
	s.script.Refresh()
	s.renderObjection(v)
	callShowIf(s.scoresRow, it.Reason == rules.ReasonAfterSale)
	// Wrapped labels changed height: lay the scrolled column out again.
	s.centre.Refresh()
}

func (s *callsScreen) renderObjection(v rules.Values) {
	if s.objShown == -1 {
		s.objBox.Hide()
		return
	}
	title := widget.RichTextStyle{ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}
	var segs []widget.RichTextSegment
	for i, o := range s.objs {
		// -2: all of them (O); otherwise the one asked for (F1–F5).
		if s.objShown >= 0 && i != s.objShown {
			continue
		}
		segs = append(segs, &widget.TextSegment{Text: fmt.Sprintf("F%d  %s", i+1, o.Title), Style: title},
			&widget.TextSegment{Text: rules.Fill(o.Answer, v), Style: widget.RichTextStyleParagraph})
	}
	s.objText.Segments = segs
	s.objText.Refresh()
	s.objBox.Show()
}

func (s *callsScreen) agentOrDefault() string {
	if a := s.u.AgentName(); a != "" {
		return a
	}
	return lang.X("cli.calls.agentdefault", "客服")
}

// focusEntry gives e the keyboard; when a key press moved it there, the
// character of that key is not typed into it.
func (s *callsScreen) focusEntry(e *keyEntry) {
	e.swallow = s.lastKey
	s.u.Win().Canvas().Focus(e)
}

// handleKey is the keyboard map of the workspace (keys reach it when no
// text field has the focus).
func (s *callsScreen) handleKey(ev *fyne.KeyEvent) {
	s.lastKey = keyRune(ev.Name)
	defer func() { s.lastKey = 0 }()
	if o, ok := outcomeForKey(ev.Name); ok {
		s.choose(o)
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.save()
	case fyne.KeyEscape:
		s.cancel()
	case fyne.KeyTab:
		s.u.Win().Canvas().Focus(s.note)
	case fyne.KeyDown, fyne.KeyJ:
		s.move(1)
	case fyne.KeyUp, fyne.KeyK:
		s.move(-1)
	case fyne.KeyO:
		if s.objShown == -2 {
			s.objShown = -1
		} else {
			s.objShown = -2
		}
		s.render()
	case fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5:
		s.showObjection(int(ev.Name[1] - '1'))
	case fyne.KeyC:
		s.copyPhone()
	case fyne.KeyD:
		s.dial()
	case fyne.KeyS:
		if s.scoresRow.Visible() {
			s.focusEntry(s.scores)
		}
	}
}

func (s *callsScreen) showObjection(i int) {
	if i < 0 || i >= len(s.objs) {
		return
	}
	s.objShown = i
	s.render()
	// An objection that calls for an outcome preselects it.
	switch s.objs[i].Action {
	case rules.ActionCallback:
		s.choose(calls.Busy)
	case rules.ActionComplaint:
		s.choose(calls.Complaint)
	case rules.ActionDoNotContact:
		s.choose(calls.DoNotContact)
	}
}

func outcomeForKey(k fyne.KeyName) (calls.Outcome, bool) {
	if len(k) == 1 && k[0] >= '1' && k[0] <= '8' {
		return calls.Outcomes()[k[0]-'1'], true
	}
	return "", false
}

// choose selects an outcome; outcomes that need more (a time, a complaint,
// a confirmation) ask for it, the rest wait for Enter.
func (s *callsScreen) choose(o calls.Outcome) {
	if _, ok := s.current(); !ok {
		return
	}
	s.pending = o
	s.highlight()
	switch o {
	case calls.Busy, calls.Interested:
		if s.follow.Text == "" {
			s.follow.SetText(defaultFollowUp(o, s.now()))
		}
		s.followRow.Show()
		if o == calls.Busy {
			s.focusEntry(s.follow)
		}
	case calls.Complaint:
		s.followRow.Hide()
		s.askComplaint()
	case calls.DoNotContact:
		s.followRow.Hide()
		s.confirmDNC()
	default:
		s.followRow.Hide()
		s.focusKeys()
	}
}

func (s *callsScreen) cancel() {
	s.pending = ""
	s.complaint = nil
	s.followRow.Hide()
	s.follow.SetText("")
	s.objShown = -1
	s.objBox.Hide()
	s.highlight()
	s.focusKeys()
}

// save logs the chosen outcome and moves on at once; the write finishes in
// the background and only a failure comes back.
func (s *callsScreen) save() {
	it, ok := s.current()
	if !ok {
		return
	}
	if s.pending == "" {
		s.status.SetText(lang.X("calls.choose", "先按 1–8 选择通话结果，再按 Enter 保存。"))
		s.status.Importance = widget.WarningImportance
		s.status.Refresh()
		s.focusKeys()
		return
	}
	agent := s.u.AgentName()
	if agent == "" {
		s.askAgent(s.save)
		return
	}
	l := calls.Log{EntryID: it.ID, Agent: agent, Outcome: s.pending, Note: s.note.Text, Complaint: s.complaint, Locale: s.locale}
	if sum, ok := s.cache[it.CustomerID]; ok {
		l.Phone = sum.CallablePhone() // the number shown to dial: "wrong number" flags that one
	}
	if s.followRow.Visible() && strings.TrimSpace(s.follow.Text) != "" {
		t, ok := parseFollowUp(s.follow.Text, s.now())
		if !ok {
			s.status.SetText(lang.X("calls.follow.bad", "回拨时间看不懂，请写成 2026-11-16 10:00、11-16 10:00 或 15:30。"))
			s.status.Importance = widget.DangerImportance
			s.status.Refresh()
			s.u.Win().Canvas().Focus(s.follow)
			return
		}
		l.FollowUpAt = t
	}
	if s.scoresRow.Visible() && strings.TrimSpace(s.scores.Text) != "" {
		sc, ok := parseScores(s.scores.Text)
		if !ok {
			s.status.SetText(lang.X("calls.scores.bad", "满意度请输入 4 个 1–5 的数字，依次是物流、包装、商品、服务，例如 5435。"))
			s.status.Importance = widget.DangerImportance
			s.status.Refresh()
			s.u.Win().Canvas().Focus(s.scores)
			return
		}
		l.Scores = &sc
	}
	s.setStatus(it.ID, calls.StatusDone, agent, l.Outcome)
	st, ctx := s.u.Store(), s.u.Ctx()
	s.goBG(func() {
		res, err := calls.LogOutcome(ctx, st, l)
		uiDo(func() {
			if err != nil {
				s.setStatus(it.ID, calls.StatusWorking, agent, "")
				s.showError(lang.X("calls.err.save", "通话结果没有保存上。请回到这位客户再保存一次。"), err)
				return
			}
			if res.AutoComplaint {
				s.status.SetText(lang.X("calls.autocomplaint", "评分偏低，已自动登记投诉，24 小时内需回复。"))
			}
			if res.WrongPhone != "" {
				s.status.SetText(lang.X("calls.wrongphone", "已把 {{.Phone}} 标记为错号，以后不会再拨打这个号码。", map[string]any{"Phone": res.WrongPhone}))
			}
			delete(s.cache, it.CustomerID) // the timeline changed
		})
	})
	s.next()
}

// next moves to the next entry still to call.
func (s *callsScreen) next() {
	for j := s.cur + 1; j < len(s.items); j++ {
		if s.items[j].Status == calls.StatusOpen {
			s.list.Select(j)
			s.list.ScrollTo(j)
			s.focusKeys()
			return
		}
	}
	s.showNone()
	s.list.UnselectAll()
	s.status.SetText(lang.X("calls.alldone", "今天的名单打完了，辛苦了！"))
	s.focusKeys()
}

func (s *callsScreen) move(d int) {
	j := s.cur + d
	if j < 0 || j >= len(s.items) {
		return
	}
	s.list.Select(j)
	s.list.ScrollTo(j)
	s.focusKeys()
}

func (s *callsScreen) copyPhone() {
	it, ok := s.current()
	if !ok {
		return
	}
	if p := s.cache[it.CustomerID].CallablePhone(); p != "" {
		s.u.App().Clipboard().SetContent(p)
		s.status.SetText(lang.X("calls.copied", "号码已复制"))
	}
}

func (s *callsScreen) dial() {
	it, ok := s.current()
	if !ok {
		return
	}
	p := s.cache[it.CustomerID].CallablePhone()
	if p == "" {
		return
	}
	// No softphone on this computer is fine: the number is on screen.
	_ = s.u.App().OpenURL(&url.URL{Scheme: "tel", Opaque: callDigits(p)})
}

func (s *callsScreen) showError(msg string, err error) {
	text := msg
	if err != nil {
		text += "\n(" + err.Error() + ")"
	}
	s.status.SetText(text)
	s.status.Importance = widget.DangerImportance
	s.status.Refresh()
}

func callShowIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func callDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || (r == '+' && b.Len() == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// formatPhone groups a Chinese mobile number 3-4-4 so it reads aloud easily.
func formatPhone(p string) string {
	d := callDigits(p)
	if len(d) == 11 && d[0] == '1' {
		return d[:3] + " " + d[3:7] + " " + d[7:]
	}
	return p
}

func callShortTime(s string) string {
	if len(s) >= 16 {
		return s[5:16]
	}
	return s
}

func dueText(it calls.Item, now time.Time) string {
	switch {
	case it.Overdue(now):
		return lang.X("calls.due.overdue", "已超时 {{.T}}", map[string]any{"T": callShortTime(it.Due)})
	case len(it.Due) > 10:
		return lang.X("calls.due.at", "{{.T}} 前", map[string]any{"T": callShortTime(it.Due)})
	case it.Reason == rules.ReasonRepurchaseDue:
		return lang.X("calls.due.expected", "预计 {{.D}} 回购", map[string]any{"D": it.Due})
	case it.Reason == rules.ReasonBirthday:
		return lang.X("calls.due.birthday", "生日 {{.D}}", map[string]any{"D": it.Detail})
	case it.Reason == rules.ReasonManual && it.Detail != "":
		return lang.X("calls.due.manual", "{{.Agent}} 加入", map[string]any{"Agent": it.Detail})
	case it.Reason == rules.ReasonPromotion:
		return lang.X("calls.due.promo", "{{.Name}} {{.D}}", map[string]any{"Name": it.Detail, "D": it.Due})
	case it.Due != "":
		return lang.X("calls.due.order", "订单 {{.D}}", map[string]any{"D": it.Due})
	}
	return ""
}

// defaultFollowUp proposes a callback time: for a busy customer two hours
// later (tomorrow 10:00 after 18:00), for an interested one in three days.
func defaultFollowUp(o calls.Outcome, now time.Time) string {
	var t time.Time
	if o == calls.Busy {
		t = now.Add(2 * time.Hour).Truncate(30 * time.Minute)
		switch {
		case now.Hour() >= 18 || t.Day() != now.Day():
			t = time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, now.Location())
		case t.Hour() < 9: // nobody wants a call before nine
			t = time.Date(now.Year(), now.Month(), now.Day(), 10, 0, 0, 0, now.Location())
		}
	} else {
		t = time.Date(now.Year(), now.Month(), now.Day()+3, 10, 0, 0, 0, now.Location())
	}
	return t.Format("2006-01-02 15:04")
}

// parseFollowUp reads "2026-11-16 10:00", "11-16 10:00", "10:00" (today)
// or "2026-11-16" (10:00 that day).
func parseFollowUp(s string, now time.Time) (time.Time, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "：", ":")), " ")
	loc := now.Location()
	for _, f := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(f, s, loc); err == nil {
			return t, true
		}
	}
	if t, err := time.ParseInLocation("01-02 15:04", s, loc); err == nil {
		t = time.Date(now.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		if t.Before(now.AddDate(0, 0, -1)) {
			t = t.AddDate(1, 0, 0)
		}
		return t, true
	}
	if t, err := time.ParseInLocation("15:04", s, loc); err == nil {
		return time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), 0, 0, loc), true
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t.Add(10 * time.Hour), true
	}
	return time.Time{}, false
}

// parseScores reads four marks typed as "5435" or "5 4 3 5".
func parseScores(s string) (calls.Scores, bool) {
	var d []int
	for _, r := range s {
		switch {
		case r >= '1' && r <= '5':
			d = append(d, int(r-'0'))
		case r == ' ' || r == ',' || r == '，' || r == '/':
		default:
			return calls.Scores{}, false
		}
	}
	if len(d) != 4 {
		return calls.Scores{}, false
	}
	return calls.Scores{Delivery: d[0], Packaging: d[1], Product: d[2], Service: d[3]}, true
}

// reasonColor gives each reason its own colour from the theme's palette, so
// the list reads at a glance; urgent reasons are red and orange.
func reasonColor(r rules.Reason) color.Color {
	name := theme.ColorGray
	switch r {
	case rules.ReasonManual: // the shop's own colour: someone here chose this customer
		return theme.Color(theme.ColorNamePrimary)
	case rules.ReasonComplaint:
		name = theme.ColorRed
	case rules.ReasonCallback:
		name = theme.ColorOrange
	case rules.ReasonAfterSale:
		name = theme.ColorBlue
	case rules.ReasonRepurchaseDue:
		name = theme.ColorPurple
	case rules.ReasonSecondPurchase:
		name = theme.ColorGreen
	case rules.ReasonBirthday:
		name = theme.ColorYellow
	case rules.ReasonPromotion:
		name = theme.ColorBrown
	}
	return theme.PrimaryColorNamed(name)
}

// ListChanged tells the workspace that today's list changed elsewhere (customers added from
// the customer list): it reloads when shown again.
func (s *callsScreen) ListChanged() { s.loaded = false }
