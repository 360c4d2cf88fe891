package customers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
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
	"huitouke/data/calls"
	"huitouke/data/customers"
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

// cardAutosave is how long typing must pause before a field is saved.
const cardAutosave = 600 * time.Millisecond

// Cards are the card windows of one main window, one per customer. They belong to the
// store they were opened on: when the window switches stores (demo, restore) they are
// saved and closed (StoreChanged), so no card writes to a store no longer shown.
type Cards struct {
	u    Shell
	open map[int64]*customerCard
}

// NewCards makes the card registry of a main window.
func NewCards(u Shell) *Cards { return &Cards{u: u, open: map[int64]*customerCard{}} }

// Open shows the card of customer id, or brings its open window to the front.
func (cs *Cards) Open(id int64) { openCustomerCard(cs, id) }

// FlushAll saves every pending field of every open card (the main window is closing).
func (cs *Cards) FlushAll() {
	for _, c := range cs.open {
		c.flushAll()
	}
}

// StoreChanged saves and closes every open card: they show customers of the old store.
func (cs *Cards) StoreChanged() {
	for _, c := range cs.open {
		c.flushAll()
		c.destroy()
	}
}

// customerCard is the card window of one customer: every field, edited in
// place and saved by itself (after a pause in typing, on leaving a field
// and on closing), with the figures and the timeline.
type customerCard struct {
	u     Shell
	cards *Cards
	id    int64
	store *data.Store // the store the card was opened on: it writes there, or nowhere
	win   fyne.Window
	card  *customers.Card

	fields  []*cardField
	saved   *widget.Label
	header  *widget.Label
	figures *fyne.Container
	body    *fyne.Container

	phones     *fyne.Container
	phoneEntry *cardEntry
	phoneMsg   *canvas.Text
	tags       *fyne.Container
	tagEntry   *widget.SelectEntry
	level      *widget.Select
	levelKeys  []string
	points     *widget.Label
	referrer   *widget.Label
	dnc        *widget.Check
	dncReason  *cardEntry
	dncDay     *cardEntry
	dncMsg     *canvas.Text

	timeline   *widget.List
	events     []customers.Event
	complaints *fyne.Container
	feedback   *fyne.Container
	ledger     *fyne.Container
	referrals  *fyne.Container

	genderSel  *widget.Select
	genderKeys []string

	mu      sync.Mutex // serialises saves of this card
	pending int
}

// cardField is one text field of the card with its own autosave.
type cardField struct {
	c     *customerCard
	key   string // customers.Field*
	entry *cardEntry
	msg   *canvas.Text
	saved string // what the database holds
	stop  func() // pending autosave
	bad   bool
}

// cardEntry is an Entry that reports losing the focus (to save at once).
type cardEntry struct {
	widget.Entry
	onBlur func()
}

func newCardEntry(multi bool) *cardEntry {
	e := &cardEntry{}
	e.MultiLine = multi
	if multi {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost saves the field as the user leaves it.
func (e *cardEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

func openCustomerCard(cs *Cards, id int64) *customerCard {
	u := cs.u
	if c := cs.open[id]; c != nil {
		c.win.RequestFocus()
		return c
	}
	c := &customerCard{u: u, cards: cs, id: id, store: u.Store()}
	c.win = u.App().NewWindow(lang.X("card.title", "客户卡片"))
	c.win.Resize(fyne.NewSize(1000, 720))
	c.body = container.NewStack(container.NewCenter(widget.NewProgressBarInfinite()))
	c.win.SetContent(c.body)
	c.win.SetCloseIntercept(c.close)
	cs.open[id] = c
	c.win.Show()
	c.load(true)
	return c
}

// load reads the card in the background; first builds the window.
func (c *customerCard) load(first bool) {
	st := c.store
	// The level names are a quick settings read, done here so the worker
	// never touches the store itself.
	levels := calc.DefaultSettings().Levels
	if first {
		if s, err := figures.LoadSettings(c.u.Ctx(), c.store); err == nil {
			levels = s.Levels
		}
	}
	kit.Background(func() {
		card, err := customers.Load(c.u.Ctx(), st, c.id)
		fyne.Do(func() {
			if err != nil {
				msg := lang.X("card.error.load", "无法打开这位客户的卡片。")
				if errors.Is(err, customers.ErrNotFound) {
					msg = lang.X("card.error.notfound", "找不到这位客户，可能已被合并或删除。")
				}
				l := widget.NewLabel(msg + "\n" + err.Error())
				l.Wrapping = fyne.TextWrapWord
				c.body.Objects = []fyne.CanvasObject{l}
				c.body.Refresh()
				return
			}
			c.card = card
			if first {
				c.levelKeys = []string{""}
				for _, l := range levels {
					c.levelKeys = append(c.levelKeys, l.Name)
				}
				c.body.Objects = []fyne.CanvasObject{c.build()}
				c.body.Refresh()
			}
			c.fill(first)
		})
	})
}

func (c *customerCard) field(key, label, placeholder string, multi bool) *fyne.Container {
	f := &cardField{c: c, key: key, entry: newCardEntry(multi)}
	f.entry.SetPlaceHolder(placeholder)
	f.msg = canvas.NewText("", theme.Color(theme.ColorNameError))
	f.msg.TextSize = theme.CaptionTextSize()
	f.msg.Hide()
	f.entry.OnChanged = func(string) { f.changed() }
	f.entry.onBlur = func() { f.flush(false) }
	c.fields = append(c.fields, f)
	return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{}), f.entry, f.msg)
}

// changed validates as the user types: a wrong value shows why at once and
// is not saved; a right one is saved after a pause.
func (f *cardField) changed() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	_, err := customers.NormalizeField(f.key, f.entry.Text)
	f.showError(err)
	if err != nil {
		return
	}
	f.c.saved.SetText(lang.X("card.saving", "正在编辑…"))
	f.stop = cusAfter(cardAutosave, func() { f.flush(false) })
}

func (f *cardField) showError(err error) {
	f.bad = err != nil
	if err == nil {
		f.msg.Text = ""
		f.msg.Hide()
	} else {
		f.msg.Text = customerErrorText(err)
		f.msg.Show()
	}
	f.msg.Refresh()
}

// flush saves the field now if it changed and is valid. sync (closing)
// waits for the database; otherwise the save runs in the background.
func (f *cardField) flush(sync bool) {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	text := f.entry.Text
	v, err := customers.NormalizeField(f.key, text)
	if err != nil || v == f.saved {
		if err == nil && f.c.pending == 0 {
			f.c.showSaved("")
		}
		return
	}
	f.saved = v // what will be stored; a failure puts the message up
	c := f.c
	c.pending++
	save := func() (string, error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		return customers.SetField(c.u.Ctx(), c.store, c.id, f.key, text)
	}
	done := func(stored string, err error) {
		c.pending--
		if err != nil {
			f.saved = ""
			f.showError(err)
			c.saved.SetText(lang.X("card.savefail", "保存失败，请再试一次"))
			return
		}
		f.saved = stored
		// Show the stored form (5月17日 → --05-17) once the user left the field.
		if c.win.Canvas().Focused() != f.entry && f.entry.Text != stored {
			h := f.entry.OnChanged
			f.entry.OnChanged = nil
			f.entry.SetText(stored)
			f.entry.OnChanged = h
		}
		c.showSaved(time.Now().Format("15:04:05"))
		c.changed()
	}
	if sync {
		stored, err := save()
		done(stored, err)
		return
	}
	kit.Background(func() {
		stored, err := save()
		fyne.Do(func() { done(stored, err) })
	})
}

func (c *customerCard) showSaved(at string) {
	if at == "" {
		return
	}
	c.saved.SetText(lang.X("card.saved", "已保存 {{.Time}}", map[string]any{"Time": at}))
}

// changed tells the list that this customer changed.
func (c *customerCard) changed() {
	if s, ok := c.u.Built(kit.ScreenCustomers).(*customersScreen); ok {
		s.refreshRows()
	}
}

// flushAll saves every pending field now (closing the window or the app).
func (c *customerCard) flushAll() {
	for _, f := range c.fields {
		f.flush(true)
	}
}

func (c *customerCard) invalidFields() int {
	n := 0
	for _, f := range c.fields {
		if f.bad {
			n++
		}
	}
	return n
}

// close saves what can be saved; fields with a wrong value are pointed out
// so nothing typed disappears without the user knowing.
func (c *customerCard) close() {
	c.flushAll()
	if n := c.invalidFields(); n > 0 {
		dialog.ShowConfirm(lang.X("card.close.title", "有内容未保存"),
			lang.X("card.close.text", "{{.N}} 项填写有误，没有保存（红字说明了原因）。仍要关闭并放弃这些内容吗？", map[string]any{"N": n}),
			func(ok bool) {
				if ok {
					c.destroy()
				}
			}, c.win)
		return
	}
	c.destroy()
}

func (c *customerCard) destroy() {
	delete(c.cards.open, c.id)
	c.win.Close()
}

func cardSection(title string) fyne.CanvasObject {
	t := canvas.NewText(title, theme.Color(theme.ColorNamePrimary))
	t.TextSize = theme.TextSubHeadingSize()
	return container.NewVBox(widget.NewSeparator(), t)
}

func (c *customerCard) build() fyne.CanvasObject {
	c.header = widget.NewLabel("")
	c.header.TextStyle.Bold = true
	c.saved = widget.NewLabel("")
	c.saved.Importance = widget.LowImportance
	c.figures = container.NewGridWithColumns(5)

	// Contact
	c.phones = container.NewVBox()
	c.phoneEntry = newCardEntry(false)
	c.phoneEntry.SetPlaceHolder(lang.X("card.phone.placeholder", "新手机号，如 138 0013 8000 或 +1 415 555 0100"))
	c.phoneMsg = canvas.NewText("", theme.Color(theme.ColorNameError))
	c.phoneMsg.TextSize = theme.CaptionTextSize()
	c.phoneEntry.OnChanged = func(s string) {
		if strings.TrimSpace(s) == "" {
			c.setPhoneMsg(nil)
			return
		}
		_, _, _, err := customers.ValidatePhone(s)
		c.setPhoneMsg(err)
	}
	addPhone := widget.NewButtonWithIcon(lang.X("card.phone.add", "添加"), theme.ContentAddIcon(), c.addPhone)
	c.phoneEntry.OnSubmitted = func(string) { c.addPhone() }

	contact := container.NewVBox(
		cardSection(lang.X("card.sec.contact", "联系方式")),
		container.NewGridWithColumns(2,
			c.field(customers.FieldName, lang.X("card.f.name", "姓名"), "", false),
			c.field(customers.FieldNickname, lang.X("card.f.nickname", "昵称"), "", false)),
		widget.NewLabel(lang.X("card.f.phones", "手机号")), c.phones,
		container.NewBorder(nil, nil, nil, addPhone, c.phoneEntry), c.phoneMsg,
		container.NewGridWithColumns(2,
			c.field(customers.FieldWeChat, lang.X("card.f.wechat", "微信号"), "", false),
			c.field(customers.FieldQQ, lang.X("card.f.qq", "QQ"), "", false),
			c.field(customers.FieldWangwang, lang.X("card.f.wangwang", "旺旺号"), "", false),
			c.field(customers.FieldEmail, lang.X("card.f.email", "邮箱"), "name@example.com", false)),
		container.NewGridWithColumns(2,
			c.field(customers.FieldProvince, lang.X("card.f.province", "省份"), "", false),
			c.field(customers.FieldCity, lang.X("card.f.city", "城市"), "", false)),
		c.field(customers.FieldAddress, lang.X("card.f.address", "地址"), "", false),
		c.field(customers.FieldContactTime, lang.X("card.f.contact_time", "方便联系的时间"), lang.X("card.f.contact_time.ph", "如：工作日晚上 7 点后"), false),
	)

	// Person
	gender := widget.NewSelect([]string{lang.X("card.gender.none", "未填"), lang.X("card.gender.f", "女"), lang.X("card.gender.m", "男")}, nil)
	genderKeys := []string{"", "f", "m"}
	gender.OnChanged = func(string) {
		i := gender.SelectedIndex()
		if i < 0 || c.card == nil || genderKeys[i] == c.card.Gender {
			return
		}
		c.saveNow(func() error {
			v, err := customers.SetField(c.u.Ctx(), c.store, c.id, customers.FieldGender, genderKeys[i])
			c.card.Gender = v
			return err
		})
	}
	c.genderSel = gender
	c.genderKeys = genderKeys
	person := container.NewVBox(
		cardSection(lang.X("card.sec.person", "个人信息")),
		container.NewGridWithColumns(2,
			c.field(customers.FieldBirthday, lang.X("card.f.birthday", "生日"), lang.X("card.f.birthday.ph", "1990-05-17，不知道年份写 --05-17"), false),
			container.NewVBox(widget.NewLabel(lang.X("card.f.gender", "性别")), gender)),
		container.NewGridWithColumns(2,
			c.field(customers.FieldSizes, lang.X("card.f.sizes", "尺码"), lang.X("card.f.sizes.ph", "如：M / 38 码"), false),
			c.field(customers.FieldPreferences, lang.X("card.f.prefs", "偏好"), lang.X("card.f.prefs.ph", "风格、颜色、品类"), false)),
		c.field(customers.FieldNotes, lang.X("card.f.notes", "备注"), "", true),
	)

	// Membership, tags, referral, do-not-contact
	c.tags = container.NewHBox()
	c.tagEntry = newTagEntry(c.u, c.store)
	c.tagEntry.OnSubmitted = func(string) { c.addTag() }
	addTag := widget.NewButtonWithIcon(lang.X("card.tag.add", "加标签"), theme.ContentAddIcon(), c.addTag)
	levelOpts := []string{lang.X("card.level.auto", "按消费自动")}
	for _, k := range c.levelKeys[1:] {
		levelOpts = append(levelOpts, vocab.Level(k))
	}
	c.level = widget.NewSelect(levelOpts, nil)
	c.points = widget.NewLabel("")
	pointsDelta := widget.NewEntry()
	pointsDelta.SetPlaceHolder(lang.X("card.points.delta", "如 100 或 -50"))
	pointsReason := widget.NewEntry()
	pointsReason.SetPlaceHolder(lang.X("card.points.reason", "原因（必填）"))
	pointsMsg := canvas.NewText("", theme.Color(theme.ColorNameError))
	pointsMsg.TextSize = theme.CaptionTextSize()
	pointsBtn := widget.NewButton(lang.X("card.points.apply", "调整积分"), func() {
		d, err := strconv.ParseInt(strings.TrimSpace(foldDigits(pointsDelta.Text)), 10, 64)
		if err != nil {
			pointsMsg.Text = lang.X("card.points.bad", "请填写整数，例如 100 或 -50")
			pointsMsg.Refresh()
			return
		}
		reason := pointsReason.Text
		c.saveNow(func() error { return customers.AdjustPoints(c.u.Ctx(), c.store, c.id, d, reason) }, func(err error) {
			if err != nil {
				pointsMsg.Text = customerErrorText(err)
			} else {
				pointsMsg.Text = ""
				pointsDelta.SetText("")
				pointsReason.SetText("")
			}
			pointsMsg.Refresh()
		})
	})
	c.referrer = widget.NewLabel("")
	refBtn := widget.NewButtonWithIcon(lang.X("card.ref.pick", "选择推荐人…"), theme.SearchIcon(), c.pickReferrer)
	refClear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		c.saveNow(func() error { return customers.SetReferredBy(c.u.Ctx(), c.store, c.id, 0) })
	})
	c.dnc = widget.NewCheck(lang.X("card.dnc", "勿扰（不再联系）"), nil)
	c.dncReason = newCardEntry(false)
	c.dncReason.SetPlaceHolder(lang.X("card.dnc.reason", "原因"))
	c.dncDay = newCardEntry(false)
	c.dncDay.SetPlaceHolder(lang.X("card.dnc.day", "日期 YYYY-MM-DD（默认今天）"))
	c.dncMsg = canvas.NewText("", theme.Color(theme.ColorNameError))
	c.dncMsg.TextSize = theme.CaptionTextSize()
	saveDNC := func() {
		if c.card == nil {
			return
		}
		on, reason, day := c.dnc.Checked, c.dncReason.Text, c.dncDay.Text
		if on == c.card.DoNotContact && reason == c.card.DNCReason && day == c.card.DNCAt {
			return
		}
		if on && strings.TrimSpace(day) != "" {
			if _, err := customers.ValidateDate("dnc_at", day); err != nil {
				c.dncMsg.Text = customerErrorText(err)
				c.dncMsg.Refresh()
				return
			}
		}
		c.dncMsg.Text = ""
		c.dncMsg.Refresh()
		c.saveNow(func() error { return customers.SetDoNotContact(c.u.Ctx(), c.store, c.id, on, reason, day) })
	}
	c.dnc.OnChanged = func(bool) { saveDNC() }
	c.dncReason.onBlur = saveDNC
	c.dncDay.onBlur = saveDNC
	c.dncReason.OnSubmitted = func(string) { saveDNC() }
	c.dncDay.OnSubmitted = func(string) { saveDNC() }
	member := container.NewVBox(
		cardSection(lang.X("card.sec.member", "会员与标签")),
		widget.NewLabel(lang.X("card.f.tags", "标签")), c.tags,
		container.NewBorder(nil, nil, nil, addTag, c.tagEntry),
		container.NewGridWithColumns(2, container.NewVBox(widget.NewLabel(lang.X("card.f.level.short", "会员等级（手动设置后保持不变）")), c.level),
			container.NewVBox(widget.NewLabel(lang.X("card.f.points", "积分")), c.points)),
		container.NewGridWithColumns(3, pointsDelta, pointsReason, pointsBtn), pointsMsg,
		widget.NewLabel(lang.X("card.f.referrer", "推荐人")), container.NewBorder(nil, nil, nil, container.NewHBox(refBtn, refClear), c.referrer),
		c.dnc, container.NewGridWithColumns(2, c.dncReason, c.dncDay), c.dncMsg,
	)
	left := container.NewVScroll(container.NewPadded(container.NewVBox(contact, person, member)))

	// Right: timeline and the rest.
	c.timeline = widget.NewList(func() int { return len(c.events) }, func() fyne.CanvasObject {
		t := widget.NewLabel("")
		t.Truncation = fyne.TextTruncateEllipsis
		d := widget.NewLabel("")
		d.Importance = widget.LowImportance
		d.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(t, d)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		v := o.(*fyne.Container)
		title, detail := eventText(c.events[i])
		v.Objects[0].(*widget.Label).SetText(title)
		v.Objects[1].(*widget.Label).SetText(detail)
	})
	c.complaints = container.NewVBox()
	c.feedback = container.NewVBox()
	c.ledger = container.NewVBox()
	c.referrals = container.NewVBox()
	newComplaint := widget.NewButtonWithIcon(lang.X("card.complaint.new", "登记投诉"), theme.WarningIcon(), c.newComplaint)
	newFeedback := widget.NewButtonWithIcon(lang.X("card.feedback.new", "记录评分"), theme.ContentAddIcon(), c.newFeedback)
	tabs := container.NewAppTabs(
		container.NewTabItem(lang.X("card.tab.timeline", "时间线"), c.timeline),
		container.NewTabItem(lang.X("card.tab.complaints", "投诉"), container.NewBorder(newComplaint, nil, nil, nil, container.NewVScroll(c.complaints))),
		container.NewTabItem(lang.X("card.tab.feedback", "评分"), container.NewBorder(newFeedback, nil, nil, nil, container.NewVScroll(c.feedback))),
		container.NewTabItem(lang.X("card.tab.points", "积分记录"), container.NewVScroll(c.ledger)),
		container.NewTabItem(lang.X("card.tab.referrals", "推荐"), container.NewVScroll(c.referrals)),
	)
	split := container.NewHSplit(left, tabs)
	split.Offset = 0.5
	closeBtn := widget.NewButton(lang.X("card.close", "关闭"), c.close)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(c.saved, closeBtn), c.header), c.figures)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
}

// saveNow runs one edit in the background and reloads the card after;
// after, when given, hears the outcome on the UI goroutine.
func (c *customerCard) saveNow(fn func() error, after ...func(error)) {
	c.pending++
	kit.Background(func() {
		c.mu.Lock()
		err := fn()
		c.mu.Unlock()
		fyne.Do(func() {
			c.pending--
			for _, a := range after {
				a(err)
			}
			if err != nil {
				if len(after) == 0 {
					showError(c.win, customerErrorText(err), err)
				}
				return
			}
			c.showSaved(time.Now().Format("15:04:05"))
			c.load(false)
			c.changed()
		})
	})
}

func (c *customerCard) setPhoneMsg(err error) {
	if err == nil {
		c.phoneMsg.Text = ""
	} else {
		c.phoneMsg.Text = customerErrorText(err)
	}
	c.phoneMsg.Refresh()
}

func (c *customerCard) addPhone() {
	typed := c.phoneEntry.Text
	if _, _, _, err := customers.ValidatePhone(typed); err != nil {
		c.setPhoneMsg(err) // kept in the entry to correct
		return
	}
	c.saveNow(func() error {
		_, err := customers.AddPhone(c.u.Ctx(), c.store, c.id, typed)
		return err
	}, func(err error) {
		c.setPhoneMsg(err)
		if err == nil {
			c.phoneEntry.SetText("")
		}
	})
}

func (c *customerCard) addTag() {
	t := c.tagEntry.Text
	if strings.TrimSpace(t) == "" {
		return
	}
	c.saveNow(func() error { return customers.AddTag(c.u.Ctx(), c.store, []int64{c.id}, t) }, func(err error) {
		if err == nil {
			c.tagEntry.SetText("")
		}
	})
}

// fill shows the loaded card; on reloads the text fields keep what the
// user is typing.
func (c *customerCard) fill(first bool) {
	k := c.card
	name := k.Name
	if name == "" {
		name = k.Nickname
	}
	c.win.SetTitle(lang.X("card.title.name", "客户卡片 - {{.Name}}", map[string]any{"Name": name}))
	plats := []string{}
	seen := map[string]bool{}
	for _, i := range k.Identities {
		if !seen[i.Platform] {
			seen[i.Platform] = true
			plats = append(plats, vocab.Platform(i.Platform))
		}
	}
	if len(plats) == 0 && k.Platform != "" {
		plats = append(plats, vocab.Platform(k.Platform))
	}
	head := name
	if k.Nickname != "" && k.Nickname != name {
		head += "（" + k.Nickname + "）"
	}
	head += "  ·  " + strings.Join(plats, " / ")
	if k.DoNotContact {
		head += "  ·  ⊘ " + lang.X("customers.dnc.yes", "勿扰")
	}
	c.header.SetText(head)
	c.fillFigures()
	for _, f := range c.fields {
		v := fieldValue(k, f.key)
		if first || (f.saved == f.entry.Text && !f.bad && f.stop == nil) {
			h := f.entry.OnChanged
			f.entry.OnChanged = nil
			f.entry.SetText(v)
			f.entry.OnChanged = h
		}
		f.saved = v
	}
	if first {
		for i, g := range c.genderKeys {
			if g == k.Gender {
				h := c.genderSel.OnChanged
				c.genderSel.OnChanged = nil
				c.genderSel.SetSelectedIndex(i)
				c.genderSel.OnChanged = h
			}
		}
	}
	hDNC := c.dnc.OnChanged
	c.dnc.OnChanged = nil
	c.dnc.SetChecked(k.DoNotContact)
	c.dnc.OnChanged = hDNC
	if first || c.dncReason.Text == "" {
		c.dncReason.SetText(k.DNCReason)
	}
	if first || c.dncDay.Text == "" {
		c.dncDay.SetText(k.DNCAt)
	}

	// Phones
	c.phones.Objects = nil
	for _, p := range k.Phones {
		t := p.Phone
		if p.Masked {
			t += "  " + lang.X("card.phone.masked", "（平台打码）")
		}
		phone := p.Phone
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			c.saveNow(func() error { return customers.RemovePhone(c.u.Ctx(), c.store, c.id, phone) })
		})
		del.Importance = widget.LowImportance
		c.phones.Add(container.NewBorder(nil, nil, nil, del, widget.NewLabel(t)))
	}
	if len(k.Phones) == 0 {
		c.phones.Add(widget.NewLabel(lang.X("card.phone.none", "还没有手机号")))
	}
	c.phones.Refresh()
	// Tags
	c.tags.Objects = nil
	for _, t := range k.Tags {
		tag := t
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
			c.saveNow(func() error { return customers.RemoveTag(c.u.Ctx(), c.store, []int64{c.id}, tag) })
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		c.tags.Add(b)
	}
	if len(k.Tags) == 0 {
		c.tags.Add(widget.NewLabel(lang.X("card.tag.none", "还没有标签")))
	}
	c.tags.Refresh()
	// Level
	h := c.level.OnChanged
	c.level.OnChanged = nil
	c.level.SetSelectedIndex(0)
	for i, l := range c.levelKeys {
		if l == k.LevelOverride && i > 0 {
			c.level.SetSelectedIndex(i)
		}
	}
	if first {
		h = func(string) {
			i := c.level.SelectedIndex()
			if i < 0 || c.levelKeys[i] == c.card.LevelOverride {
				return
			}
			v := c.levelKeys[i]
			c.saveNow(func() error {
				_, err := customers.SetField(c.u.Ctx(), c.store, c.id, customers.FieldLevelOverride, v)
				return err
			})
		}
	}
	c.level.OnChanged = h
	c.points.SetText(lang.X("card.points.balance", "{{.N}} 分", map[string]any{"N": kit.Thousands(k.PointsBalance)}))
	if k.Referrer != nil {
		c.referrer.SetText(refName(*k.Referrer))
	} else {
		c.referrer.SetText(lang.X("card.ref.none", "无"))
	}
	c.events = k.Timeline
	c.timeline.Refresh()
	c.fillComplaints()
	c.fillFeedback()
	c.fillLedger()
	c.fillReferrals()
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

func fieldValue(k *customers.Card, key string) string {
	switch key {
	case customers.FieldName:
		return k.Name
	case customers.FieldNickname:
		return k.Nickname
	case customers.FieldEmail:
		return k.Email
	case customers.FieldWeChat:
		return k.WeChat
	case customers.FieldQQ:
		return k.QQ
	case customers.FieldWangwang:
		return k.Wangwang
	case customers.FieldProvince:
		return k.Province
	case customers.FieldCity:
		return k.City
	case customers.FieldAddress:
		return k.Address
	case customers.FieldBirthday:
		return k.Birthday
	case customers.FieldSizes:
		return k.Sizes
	case customers.FieldPreferences:
		return k.Preferences
	case customers.FieldNotes:
		return k.Notes
	case customers.FieldContactTime:
		return k.ContactTime
	}
	return ""
}

func (c *customerCard) fillFigures() {
	s := c.card.Stats
	fig := func(label, value string) fyne.CanvasObject {
		l := canvas.NewText(label, theme.Color(theme.ColorNamePlaceHolder))
		l.TextSize = theme.CaptionTextSize()
		v := widget.NewLabel(value)
		v.Truncation = fyne.TextTruncateEllipsis
		v.TextStyle.Bold = true
		return container.NewVBox(l, v)
	}
	dash := "—"
	or := func(v string) string {
		if v == "" {
			return dash
		}
		return v
	}
	seg := vocab.Segment(s.Segment)
	if !s.Computed || s.Segment == "" {
		seg = vocab.Segment("none")
	}
	rfm := or(vocab.RFM(s.RFM))
	rfmTitle := lang.X("card.fig.rfm.class", "RFM 分类")
	if s.R > 0 {
		rfmTitle += fmt.Sprintf(" · R%d F%d M%d", s.R, s.F, s.M)
	}
	level := c.card.LevelOverride
	if level == "" {
		level = s.Level
	}
	cycle, since := dash, dash
	if s.HasCycle {
		cycle = lang.X("card.fig.days", "{{.N}} 天", map[string]any{"N": fmt.Sprintf("%.0f", s.CycleDays)})
	}
	if s.HasDaysSince {
		since = lang.X("card.fig.days", "{{.N}} 天", map[string]any{"N": s.DaysSince})
	}
	c.figures.Objects = []fyne.CanvasObject{
		fig(lang.X("card.fig.segment", "分群"), seg),
		fig(rfmTitle, rfm),
		fig(lang.X("card.fig.level", "会员等级"), or(vocab.Level(level))),
		fig(lang.X("card.fig.revenue", "累计消费"), kit.Yuan(s.RevenueFen)),
		fig(lang.X("card.fig.orders", "订单数"), fmt.Sprint(s.PaidOrders)),
		fig(lang.X("card.fig.average", "平均每单"), kit.Yuan(s.AverageFen())),
		fig(lang.X("card.fig.cycle", "购买周期"), cycle),
		fig(lang.X("card.fig.next", "预计下次购买"), or(s.NextExpected)),
		fig(lang.X("card.fig.since", "距上次购买"), since),
		fig(lang.X("card.fig.last", "最近下单"), or(s.LastDay)),
	}
	c.figures.Refresh()
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

func (c *customerCard) fillComplaints() {
	c.complaints.Objects = nil
	for _, k := range c.card.Complaints {
		c.complaints.Add(complaintRow(c.u, c.store, c.win, k, false, func() { c.load(false) }))
	}
	if len(c.card.Complaints) == 0 {
		c.complaints.Add(widget.NewLabel(lang.X("card.complaint.none", "没有投诉记录。")))
	}
	c.complaints.Refresh()
}

func (c *customerCard) fillFeedback() {
	c.feedback.Objects = nil
	for _, f := range c.card.Feedback {
		c.feedback.Add(widget.NewLabel(f.CreatedAt[:min(16, len(f.CreatedAt))] + "  " + feedbackText(f)))
	}
	if len(c.card.Feedback) == 0 {
		c.feedback.Add(widget.NewLabel(lang.X("card.feedback.none", "还没有评分。")))
	}
	c.feedback.Refresh()
}

func (c *customerCard) fillLedger() {
	c.ledger.Objects = nil
	if c.card.PointsImported != 0 {
		c.ledger.Add(widget.NewLabel(lang.X("card.points.imported", "平台导入的积分：{{.N}}", map[string]any{"N": c.card.PointsImported})))
	}
	for _, p := range c.card.Ledger {
		c.ledger.Add(widget.NewLabel(fmt.Sprintf("%s  %+d  %s", p.CreatedAt[:min(16, len(p.CreatedAt))], p.Delta, p.Reason)))
	}
	if len(c.card.Ledger) == 0 && c.card.PointsImported == 0 {
		c.ledger.Add(widget.NewLabel(lang.X("card.points.none", "还没有积分记录。")))
	}
	c.ledger.Refresh()
}

func (c *customerCard) fillReferrals() {
	c.referrals.Objects = nil
	if c.card.Referrer != nil {
		r := *c.card.Referrer
		c.referrals.Add(widget.NewButton(lang.X("card.ref.by", "推荐人：{{.Name}}", map[string]any{"Name": refName(r)}), func() { c.u.OpenCustomer(r.ID) }))
	}
	for _, r := range c.card.Referred {
		r := r
		t := lang.X("card.ref.brought", "推荐来的：{{.Name}}", map[string]any{"Name": refName(r)})
		if r.Bought {
			t += "  ✓ " + lang.X("card.ref.bought", "已购买")
		}
		c.referrals.Add(widget.NewButton(t, func() { c.u.OpenCustomer(r.ID) }))
	}
	if len(c.referrals.Objects) == 0 {
		c.referrals.Add(widget.NewLabel(lang.X("card.ref.empty", "没有推荐关系。")))
	}
	c.referrals.Refresh()
}

// pickReferrer searches customers to link as the one who referred this one.
func (c *customerCard) pickReferrer() {
	var found []customers.Row
	q := widget.NewEntry()
	q.SetPlaceHolder(lang.X("card.ref.search", "输入姓名、昵称或手机号查找"))
	var d dialog.Dialog
	list := widget.NewList(func() int { return len(found) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := found[i]
			o.(*widget.Label).SetText(refName(customers.Ref{Name: r.Name, Nickname: r.Nickname}) + "  " + r.Phone)
		})
	list.OnSelected = func(i widget.ListItemID) {
		ref := found[i].ID
		d.Hide()
		c.saveNow(func() error { return customers.SetReferredBy(c.u.Ctx(), c.store, c.id, ref) })
	}
	var stop func()
	q.OnChanged = func(s string) {
		if stop != nil {
			stop()
		}
		stop = cusAfter(200*time.Millisecond, func() {
			st := c.store
			kit.Background(func() {
				rows, err := customers.List(c.u.Ctx(), st, customers.Filter{Search: s}, customers.Sort{}, 0, 30)
				fyne.Do(func() {
					if err != nil || q.Text != s {
						return
					}
					found = found[:0]
					for _, r := range rows {
						if r.ID != c.id {
							found = append(found, r)
						}
					}
					list.Refresh()
				})
			})
		})
	}
	d = dialog.NewCustom(lang.X("card.ref.pick", "选择推荐人…"), lang.X("dialog.cancel", "取消"),
		container.NewGridWrap(fyne.NewSize(420, 360), container.NewBorder(q, nil, nil, nil, list)), c.win)
	d.Show()
	c.win.Canvas().Focus(q)
}

func (c *customerCard) newComplaint() {
	what := widget.NewMultiLineEntry()
	what.SetPlaceHolder(lang.X("complaint.what.ph", "客户反映了什么问题？"))
	sevKeys := []string{customers.SeverityNormal, customers.SeverityHigh, customers.SeverityLow}
	sev := widget.NewSelect([]string{lang.X("complaint.sev.normal", "一般"), lang.X("complaint.sev.high", "严重"), lang.X("complaint.sev.low", "轻微")}, nil)
	sev.SetSelectedIndex(0)
	orderKeys, orderOpts := c.orderChoices()
	order := widget.NewSelect(orderOpts, nil)
	order.SetSelectedIndex(0)
	msg := canvas.NewText("", theme.Color(theme.ColorNameError))
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
	_ = msg
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

func (c *customerCard) newFeedback() {
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

// newTagEntry is a tag entry whose drop-down offers the existing tags that
// match what is typed.
func newTagEntry(u Shell, st *data.Store) *widget.SelectEntry {
	e := widget.NewSelectEntry(nil)
	e.SetPlaceHolder(lang.X("card.tag.placeholder", "输入或选择标签"))
	var all []string
	kit.Background(func() {
		tags, err := customers.AllTags(u.Ctx(), st)
		if err != nil {
			return
		}
		fyne.Do(func() {
			for _, t := range tags {
				all = append(all, t.Name)
			}
			e.SetOptions(all)
		})
	})
	e.OnChanged = func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			e.SetOptions(all)
			return
		}
		var m []string
		for _, t := range all {
			if strings.Contains(strings.ToLower(t), strings.ToLower(s)) {
				m = append(m, t)
			}
		}
		e.SetOptions(m)
	}
	return e
}

func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		if r == '－' {
			return '-'
		}
		return r
	}, s)
}

// customerErrorText says in the user's language what is wrong with a value.
func customerErrorText(err error) string {
	var ve *customers.ValidationError
	if !errors.As(err, &ve) {
		return lang.X("customers.error.save", "保存失败，请再试一次。")
	}
	switch ve.Code {
	case customers.CodeRequired:
		return lang.X("val.required", "请填写这一项。")
	case customers.CodePhone:
		return lang.X("val.phone", "这不是手机号。请填写 11 位手机号，如 138 0013 8000；境外号码以 + 开头，如 +1 415 555 0100。")
	case customers.CodePhoneLength:
		return lang.X("val.phone.length", "手机号应为 11 位数字（1 开头），请检查是否多写或少写了一位。")
	case customers.CodePhoneMasked:
		return lang.X("val.phone.masked", "带 * 的号码是平台打码的，无法拨打。请填写完整号码。")
	case customers.CodeDate:
		return lang.X("val.date", "日期请写成 YYYY-MM-DD，例如 2026-11-15。")
	case customers.CodeBirthday:
		return lang.X("val.birthday", "生日请写成 1990-05-17；不知道年份可写 --05-17 或 5月17日。")
	case customers.CodeFuture:
		return lang.X("val.future", "生日不能晚于今天。")
	case customers.CodeEmail:
		return lang.X("val.email", "邮箱格式不对，应像 name@example.com。")
	case customers.CodeScore:
		return lang.X("val.score", "评分为 1 到 5 分。")
	case customers.CodeDuplicate:
		return lang.X("val.duplicate", "这个号码已经在卡片上了。")
	case customers.CodeSelf:
		return lang.X("val.self", "不能选择客户自己。")
	case customers.CodeReferralLoop:
		return lang.X("val.loop", "不能互相推荐：这位客户本身是由当前客户（间接）推荐来的。")
	case customers.CodeMerged:
		return lang.X("val.merged", "这位客户已合并到另一位客户，请打开合并后的卡片。")
	case customers.CodePoints:
		return lang.X("val.points", "请填写要增加或减少的积分（不能为 0）。")
	case customers.CodeTooLong:
		return lang.X("val.toolong", "内容太长了，请精简一些。")
	}
	return lang.X("val.invalid", "填写的内容不正确。")
}

// showError shows a translated sentence in w, with the technical detail below it.
func showError(w fyne.Window, msg string, err error) {
	l := widget.NewLabel(msg)
	l.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(err.Error())
	detail.Wrapping = fyne.TextWrapWord
	detail.Importance = widget.LowImportance
	dialog.NewCustom(lang.X("customers.error.title", "出错了"), lang.X("dialog.ok", "确定"),
		container.NewGridWrap(fyne.NewSize(420, 140), container.NewVBox(l, detail)), w).Show()
}
