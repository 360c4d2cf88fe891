package customers

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

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
func (cs *Cards) Open(id int64) { cs.openCard(id) }

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

// openCard opens the card of customer id on the shell's store now. A card still open on
// another store (should StoreChanged have been missed) is a different customer: it is saved
// and closed, never brought to the front.
func (cs *Cards) openCard(id int64) *customerCard {
	u := cs.u
	if c := cs.open[id]; c != nil {
		if c.store == u.Store() {
			c.win.RequestFocus()
			return c
		}
		c.flushAll()
		c.destroy()
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

// Window is the open card window of customer id, nil when none is open.
func (cs *Cards) Window(id int64) fyne.Window {
	if c := cs.open[id]; c != nil {
		return c.win
	}
	return nil
}
