package customers

import (
	"errors"
	"strings"
	"sync"

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
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

// customerCard is the card window of one customer: every field, edited in
// place and saved by itself (after a pause in typing, on leaving a field
// and on closing), with the figures and the timeline. Its sections (card_*.go)
// hold their own widgets.
type customerCard struct {
	u     Shell
	cards *Cards
	id    int64
	store *data.Store // the store the card was opened on: it writes there, or nowhere
	win   fyne.Window
	card  *customers.Card

	fields  []*cardField // the text fields of every section, each saved by itself
	saved   *widget.Label
	header  *widget.Label
	figures *fyne.Container
	predict *fyne.Container // the prediction line under the figures (card_predictions.go)
	body    *fyne.Container

	contact cardContact
	person  cardPerson
	member  cardMember
	history cardHistory

	mu      sync.Mutex // serialises saves of this card
	pending int
}

// load reads the card in the background; first builds the window.
func (c *customerCard) load(first bool) {
	st := c.store
	ctx := c.u.Ctx()
	kit.Background(func() {
		// The level names are a quick settings read, needed to build the level select.
		levels := calc.DefaultSettings().Levels
		var setErr error
		if first {
			var s calc.Settings
			if s, setErr = figures.LoadSettings(ctx, st); setErr == nil {
				levels = s.Levels
			}
		}
		card, err := customers.Load(ctx, st, c.id)
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
				c.member.levelKeys = []string{""}
				for _, l := range levels {
					c.member.levelKeys = append(c.member.levelKeys, l.Name)
				}
				c.body.Objects = []fyne.CanvasObject{c.build()}
				c.body.Refresh()
			}
			c.fill(first)
			if setErr != nil {
				// The card works; only the level names fell back to the defaults.
				c.saved.SetText(lang.X("card.error.levels", "读取会员等级设置失败，等级按默认名称显示。") + " (" + setErr.Error() + ")")
			}
		})
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
	if c.cards.open[c.id] == c {
		delete(c.cards.open, c.id)
	}
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
	c.predict = container.NewStack()
	c.contact.c, c.person.c, c.member.c, c.history.c = c, c, c, c

	left := container.NewVScroll(container.NewPadded(container.NewVBox(c.contact.build(), c.person.build(), c.member.build())))
	split := container.NewHSplit(left, c.history.build())
	split.Offset = 0.5
	closeBtn := widget.NewButton(lang.X("card.close", "关闭"), c.close)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(c.saved, closeBtn), c.header), c.figures, c.predict)
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
			c.showSaved(clock.Now().Format("15:04:05"))
			c.load(false)
			c.changed()
		})
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
	c.header.SetText(cardHeader(k, name))
	fillFigures(c.figures, k)
	fillPrediction(c.predict, k)
	for _, f := range c.fields {
		f.fill(fieldValue(k, f.key), first)
	}
	c.contact.fill(k)
	c.person.fill(k, first)
	c.member.fill(k, first)
	c.history.fill(k)
}

// cardHeader is the line above the figures: name, nickname, platforms, do-not-contact.
func cardHeader(k *customers.Card, name string) string {
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
	return head
}
