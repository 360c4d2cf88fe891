package app

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
	"huitouke/data/customers"
)

// newCardsTestUI is the real shell over a fresh store whose customer 1 is called name (the
// demo shop has a customer 1 too).
func newCardsTestUI(t *testing.T, name string) *UI {
	t.Helper()
	kittest.Sync(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(&kit.Theme{})
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	err = st.InTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO customers(id, name, platform, created_at, updated_at) VALUES (1, ?, 'taobao', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`, name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("回头客 Huitouke")
	w.Resize(fyne.NewSize(1100, 720))
	u := New(a, w, st)
	t.Cleanup(w.Close)
	t.Cleanup(func() {
		u.cards.StoreChanged()
		if d := leftDemo[u]; d != nil {
			d.Close()
			delete(leftDemo, u)
		}
		if s := demos[u]; s != nil {
			s.demo.Close()
			delete(demos, u)
		}
	})
	return u
}

// cardField is the entry under the label text in a card window.
func cardField(t *testing.T, w fyne.Window, label string) fyne.Focusable {
	t.Helper()
	var found fyne.Focusable
	kittest.Walk(w.Content(), func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || found != nil || len(c.Objects) < 2 {
			return
		}
		if l, ok := c.Objects[0].(*widget.Label); ok && l.Text == label {
			found, _ = c.Objects[1].(fyne.Focusable)
		}
	})
	if found == nil {
		t.Fatalf("no field %q on the card", label)
	}
	return found
}

// openCard opens customer id's card through the shell and returns its window.
func openCard(t *testing.T, u *UI, id int64) fyne.Window {
	t.Helper()
	u.OpenCustomer(id)
	w := u.cards.Window(id)
	if w == nil {
		t.Fatalf("card %d did not open", id)
	}
	return w
}

func nameOf(t *testing.T, st *data.Store, id int64) string {
	t.Helper()
	c, err := customers.Get(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	return c.Name
}

// A card belongs to the store it was opened on: switching to the demo and back saves and
// closes it, it never writes to the other store, and opening customer N in the demo never
// brings the real customer N's card to the front.
func TestCardsFollowTheStoreIntoTheDemoAndBack(t *testing.T) {
	u := newCardsTestUI(t, "真客户")
	real := u.Store()
	w := openCard(t, u, 1)
	if !strings.Contains(w.Title(), "真客户") {
		t.Fatalf("real card titled %q", w.Title())
	}
	test.Type(cardField(t, w, "姓名"), "甲") // typed (at the start of the name), not saved yet (the autosave waits for a pause)

	u.EnterDemo()
	if !u.InDemo() || u.Store() == real {
		t.Fatal("the window did not switch to the demo")
	}
	demoSt := u.Store()
	if u.cards.Window(1) != nil {
		t.Fatal("the real customer's card is still open in the demo")
	}
	if got := nameOf(t, real, 1); got != "甲真客户" {
		t.Fatalf("the edit typed before entering the demo was stored as %q in the real database", got)
	}
	demoName := nameOf(t, demoSt, 1)
	if strings.Contains(demoName, "真客户") {
		t.Fatalf("the demo's customer 1 got the real edit: %q", demoName)
	}

	dw := openCard(t, u, 1)
	if dw == w || strings.Contains(dw.Title(), "真客户") || !strings.Contains(dw.Title(), demoName) {
		t.Fatalf("opening customer 1 in the demo showed %q (demo customer %q)", dw.Title(), demoName)
	}
	test.Type(cardField(t, dw, "姓名"), "乙")

	u.LeaveDemo()
	if u.InDemo() || u.Store() != real {
		t.Fatal("the window did not switch back to the real data")
	}
	if u.cards.Window(1) != nil {
		t.Fatal("the demo customer's card is still open after leaving the demo")
	}
	if got := nameOf(t, demoSt, 1); got != "乙"+demoName {
		t.Errorf("the demo edit was stored as %q in the demo database", got)
	}
	if got := nameOf(t, real, 1); got != "甲真客户" {
		t.Errorf("the real customer became %q", got)
	}
	rw := openCard(t, u, 1)
	if !strings.Contains(rw.Title(), "甲真客户") {
		t.Errorf("after the demo customer 1's card shows %q", rw.Title())
	}
}

// After a restore the card writes to the restored database, never to the closed pool of
// the replaced one; the settings screen closes the cards first, and reopening works.
func TestCardAfterRestore(t *testing.T) {
	u := newCardsTestUI(t, "备份时")
	st, ctx := u.Store(), u.Ctx()
	b, err := st.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := customers.SetField(ctx, st, 1, customers.FieldName, "备份后"); err != nil {
		t.Fatal(err)
	}

	// A card open while the data is replaced under it.
	w := openCard(t, u, 1)
	if err := st.Restore(ctx, b.Path); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(t, st, 1); got != "备份时" {
		t.Fatalf("restored name %q", got)
	}
	test.Type(cardField(t, w, "备注"), "恢复后写的")
	u.cards.FlushAll()
	c, err := customers.Get(ctx, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Notes != "恢复后写的" {
		t.Fatalf("an edit after the restore did not reach the restored database: notes %q", c.Notes)
	}

	// What the settings screen does: close the cards, restore, tell the screens.
	test.Type(cardField(t, w, "昵称"), "未存")
	u.CloseCards()
	if u.cards.Window(1) != nil {
		t.Fatal("CloseCards left the card open")
	}
	if err := st.Restore(ctx, b.Path); err != nil {
		t.Fatal(err)
	}
	u.DataChanged()
	c, err = customers.Get(ctx, st, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "备份时" || c.Nickname != "" || c.Notes != "" {
		t.Fatalf("after the second restore: %+v", c)
	}
	w = openCard(t, u, 1)
	if !strings.Contains(w.Title(), "备份时") {
		t.Fatalf("reopened card titled %q", w.Title())
	}
	test.Type(cardField(t, w, "昵称"), "新昵称")
	u.cards.FlushAll()
	if c, err = customers.Get(ctx, st, 1); err != nil || c.Nickname != "新昵称" {
		t.Fatalf("edit on the reopened card: %q, %v", c.Nickname, err)
	}
}
