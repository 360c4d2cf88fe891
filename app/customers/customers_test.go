package customers

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/app/kit/kittest"
	"huitouke/data"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// syncCustomers hands the debounced callbacks to the test, which fires them.
func syncCustomers(t *testing.T) (fire func()) {
	t.Helper()
	oldAfter := cusAfter
	var pending []*func()
	cusAfter = func(_ time.Duration, f func()) func() {
		p := &f
		pending = append(pending, p)
		return func() { *p = nil }
	}
	t.Cleanup(func() { cusAfter = oldAfter })
	return func() {
		p := pending
		pending = nil
		for _, f := range p {
			if *f != nil {
				(*f)()
			}
		}
	}
}

// execTx runs raw SQL in one transaction of st (seeding only: the screens go through data).
func execTx(t *testing.T, st *data.Store, fn func(exec func(q string, args ...any) int64)) {
	t.Helper()
	err := st.InTx(context.Background(), func(tx *sql.Tx) error {
		var failed error
		fn(func(q string, args ...any) int64 {
			if failed != nil {
				return 0
			}
			res, err := tx.Exec(q, args...)
			if err != nil {
				failed = fmt.Errorf("%s: %w", q, err)
				return 0
			}
			id, err := res.LastInsertId()
			if err != nil {
				failed = err
			}
			return id
		})
		return failed
	})
	if err != nil {
		t.Fatal(err)
	}
}

func seedCustomers(t *testing.T, st *data.Store) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	execTx(t, st, func(exec func(q string, args ...any) int64) {
		for _, c := range []struct{ name, nick, plat, phone string }{
			{"张三", "zs_tea", "taobao", "13800138000"},
			{"李四", "小猫", "jd", "13912345678"},
			{"王五", "", "shopify", "13800138000"}, // same full phone as 张三: a merge suggestion
		} {
			id := exec(`INSERT INTO customers(name, nickname, platform, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`, c.name, c.nick, c.plat)
			ids[c.name] = id
			exec(`INSERT INTO customer_phones(customer_id, phone, normalized, source) VALUES (?, ?, ?, ?)`, id, c.phone, c.phone, c.plat)
		}
		exec(`INSERT INTO orders(platform, order_no, customer_id, paid, state, order_day, paid_at, amount_fen, revenue_fen, items)
		VALUES ('taobao', 'T100', ?, 1, 'paid', '2026-10-01', '2026-10-01 10:00:00', 12800, 12800, '西湖龙井')`, ids["张三"])
	})
	return ids
}

// newTestShell is the stand-in shell with a card registry behind OpenCustomer, as the
// window has.
func newTestShell(t *testing.T) (*kittest.Shell, *Cards) {
	t.Helper()
	sh := kittest.New(t)
	cs := NewCards(sh)
	sh.OnOpenCustomer = cs.Open
	t.Cleanup(cs.StoreChanged)
	return sh, cs
}

func customersScreenOf(t *testing.T, u *kittest.Shell) *customersScreen {
	t.Helper()
	s, ok := u.Built(kit.ScreenCustomers).(*customersScreen)
	if !ok {
		s = New(u).(*customersScreen)
		u.Put(kit.ScreenCustomers, s)
	}
	u.Show(kit.ScreenCustomers)
	if s.content == nil {
		t.Fatal("customer list not built")
	}
	return s
}

func TestCustomerSearchFiltersTheList(t *testing.T) {
	fire := syncCustomers(t)
	u, _ := newTestShell(t)
	seedCustomers(t, u.Store())
	s := customersScreenOf(t, u)
	if s.count != 3 || !strings.Contains(s.status.Text, "3") {
		t.Fatalf("list shows %d customers, status %q", s.count, s.status.Text)
	}
	test.Type(s.search, "小猫")
	if s.count != 3 {
		t.Fatal("searched before the typing pause")
	}
	fire()
	if s.count != 1 {
		t.Fatalf("search 小猫: %d rows", s.count)
	}
	if r, ok := s.rowAt(0); !ok || r.Name != "李四" {
		t.Fatalf("first row %+v", r)
	}
	// The cell shows the row from memory.
	cell := s.newCell()
	s.updateCell(widget.TableCellID{Row: 0, Col: 1}, cell)
	if got := cell.(*fyne.Container).Objects[1].(*widget.Label).Text; got != "李四" {
		t.Fatalf("cell text %q", got)
	}
	s.search.SetText("")
	test.Type(s.search, "8000")
	fire()
	if s.count != 2 {
		t.Fatalf("search by the last phone digits: %d rows", s.count)
	}
	// Filters set from elsewhere (a segment chart) show in the controls: the shell's
	// OpenCustomers shows the list and sets its filter.
	u.OpenCustomers(kit.CustomerFilter{Platform: "jd"})
	s.SetFilter(kit.CustomerFilter{Platform: "jd"})
	if s.count != 1 || s.search.Text != "" || s.selects.platform.SelectedIndex() != 2 {
		t.Fatalf("OpenCustomers: %d rows, search %q, platform %d", s.count, s.search.Text, s.selects.platform.SelectedIndex())
	}
	test.Type(s.search, "赵")
	fire()
	if s.count != 0 || !strings.Contains(s.status.Text, "没有符合条件") {
		t.Fatalf("no match: %d, %q", s.count, s.status.Text)
	}
}

func openTestCard(t *testing.T, cs *Cards, id int64) *customerCard {
	t.Helper()
	cs.u.OpenCustomer(id)
	c := cs.open[id]
	if c == nil || c.card == nil {
		t.Fatal("card did not open")
	}
	t.Cleanup(func() {
		if cs.open[id] != nil {
			c.destroy()
		}
	})
	return c
}

func cardFieldOf(t *testing.T, c *customerCard, key string) *cardField {
	t.Helper()
	for _, f := range c.fields {
		if f.key == key {
			return f
		}
	}
	t.Fatalf("no field %s", key)
	return nil
}

func TestCustomerCardValidatesAndSaves(t *testing.T) {
	fire := syncCustomers(t)
	u, cs := newTestShell(t)
	ids := seedCustomers(t, u.Store())
	c := openTestCard(t, cs, ids["李四"])
	ctx := context.Background()

	// An invalid phone: message shown, text kept, nothing stored.
	test.Type(c.contact.phoneEntry, "138 1234")
	c.contact.addPhone()
	if c.contact.phoneMsg.Text == "" || c.contact.phoneEntry.Text != "138 1234" {
		t.Fatalf("invalid phone: message %q, entry %q", c.contact.phoneMsg.Text, c.contact.phoneEntry.Text)
	}
	card, _ := customers.Load(ctx, u.Store(), ids["李四"])
	if len(card.Phones) != 1 || len(card.Edited) != 0 {
		t.Fatalf("invalid phone stored: %+v edited %v", card.Phones, card.Edited)
	}
	// A valid one with a country prefix is stored and marked edited.
	c.contact.phoneEntry.SetText("")
	test.Type(c.contact.phoneEntry, "+86 137-0000-1111")
	c.contact.addPhone()
	card, _ = customers.Load(ctx, u.Store(), ids["李四"])
	if len(card.Phones) != 2 || card.Phones[1].Normalized != "13700001111" || !strings.Contains(strings.Join(card.Edited, ","), "phones") {
		t.Fatalf("valid phone: %+v edited %v", card.Phones, card.Edited)
	}
	if c.contact.phoneEntry.Text != "" || c.contact.phoneMsg.Text != "" {
		t.Fatalf("after adding: entry %q message %q", c.contact.phoneEntry.Text, c.contact.phoneMsg.Text)
	}

	// A bad e-mail: message at once, kept in the field, never saved.
	email := cardFieldOf(t, c, customers.FieldEmail)
	test.Type(email.entry, "lisi@")
	fire()
	if !email.msg.Visible() || email.msg.Text == "" || email.entry.Text != "lisi@" {
		t.Fatalf("bad e-mail: message %q visible %v, entry %q", email.msg.Text, email.msg.Visible(), email.entry.Text)
	}
	// Typing on fixes it; the pause saves it.
	test.Type(email.entry, "qq.com")
	if email.msg.Visible() {
		t.Fatalf("message still shown: %q", email.msg.Text)
	}
	fire()
	card, _ = customers.Load(ctx, u.Store(), ids["李四"])
	if card.Email != "lisi@qq.com" || !strings.Contains(strings.Join(card.Edited, ","), "email") {
		t.Fatalf("e-mail stored %q, edited %v", card.Email, card.Edited)
	}
	if !strings.HasPrefix(c.saved.Text, "已保存") {
		t.Fatalf("save state %q", c.saved.Text)
	}

	// A birthday typed the Chinese way is stored as --MM-DD.
	bd := cardFieldOf(t, c, customers.FieldBirthday)
	test.Type(bd.entry, "5月17日")
	bd.flush(false) // leaving the field saves at once
	card, _ = customers.Load(ctx, u.Store(), ids["李四"])
	if card.Birthday != "--05-17" {
		t.Fatalf("birthday stored %q", card.Birthday)
	}

	// Notes typed and the window closed before the pause: still saved.
	notes := cardFieldOf(t, c, customers.FieldNotes)
	test.Type(notes.entry, "喜欢红茶")
	c.close()
	card, _ = customers.Load(ctx, u.Store(), ids["李四"])
	if card.Notes != "喜欢红茶" {
		t.Fatalf("notes lost on close: %q", card.Notes)
	}
	if cs.open[ids["李四"]] != nil {
		t.Fatal("card still open")
	}
}

func TestCustomerCardCloseWithInvalidFieldAsks(t *testing.T) {
	syncCustomers(t)
	u, cs := newTestShell(t)
	ids := seedCustomers(t, u.Store())
	c := openTestCard(t, cs, ids["张三"])
	bd := cardFieldOf(t, c, customers.FieldBirthday)
	test.Type(bd.entry, "1990-02-30")
	c.close()
	if cs.open[ids["张三"]] == nil {
		t.Fatal("card closed while a typed value was invalid and unsaved")
	}
	if bd.entry.Text != "1990-02-30" || !bd.msg.Visible() {
		t.Fatalf("invalid text %q, message shown %v", bd.entry.Text, bd.msg.Visible())
	}
	// The order shows on the timeline and the figures at the top.
	if len(c.history.events) != 1 || c.history.events[0].Order == nil || c.history.events[0].Order.OrderNo != "T100" {
		t.Fatalf("timeline %+v", c.history.events)
	}
}

func TestMergeAndUndoFromTheList(t *testing.T) {
	syncCustomers(t)
	u, _ := newTestShell(t)
	ids := seedCustomers(t, u.Store())
	s := customersScreenOf(t, u)
	if !strings.Contains(s.btn.suggest.Text, "(1)") {
		t.Fatalf("suggestion button %q", s.btn.suggest.Text)
	}
	s.toggle(ids["张三"])
	s.toggle(ids["王五"])
	if s.btn.merge.Disabled() {
		t.Fatal("merge button disabled with two selected")
	}
	test.Tap(s.btn.merge)
	do := kittest.FindButton(u.Win().Canvas().Overlays().Top(), "合并")
	if do == nil {
		t.Fatal("no merge preview")
	}
	test.Tap(do)
	if s.count != 2 {
		t.Fatalf("after merge the list has %d rows", s.count)
	}
	o, _ := customers.Get(context.Background(), u.Store(), ids["王五"])
	if o.MergedInto != ids["张三"] {
		t.Fatalf("王五 not merged into 张三: %+v", o)
	}
	if s.btn.undo.Disabled() {
		t.Fatal("undo disabled after a merge")
	}
	test.Tap(s.btn.undo)
	yes := kittest.FindButton(u.Win().Canvas().Overlays().Top(), "Yes")
	if yes == nil {
		yes = kittest.FindButton(u.Win().Canvas().Overlays().Top(), "是")
	}
	if yes == nil {
		t.Fatal("no undo confirmation")
	}
	test.Tap(yes)
	if s.count != 3 {
		t.Fatalf("after undo the list has %d rows", s.count)
	}
	if o, _ := customers.Get(context.Background(), u.Store(), ids["王五"]); o.MergedInto != 0 {
		t.Fatalf("王五 still merged: %+v", o)
	}
}

// dialogText is every label and rich text of the window's top overlay.
func dialogText(u *kittest.Shell) string {
	top := u.Win().Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	kittest.Walk(top, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		}
	})
	return b.String()
}

// seedCalls fills the store with customers due on 2026-11-15: an after-sale call (paid 10
// days ago) for the biggest spender, then second-purchase calls, then a recall. The holdout
// is off so every one is shown.
func seedCalls(t *testing.T, st *data.Store) []int64 {
	t.Helper()
	t.Setenv(clock.TodayEnv, "2026-11-15")
	var ids []int64
	execTx(t, st, func(exec func(q string, args ...any) int64) {
		exec(`INSERT INTO settings(key, value) VALUES ('calls.holdout_share', '0'), ('calls.seed', '7'), ('shop.name', '山间茶铺')`)
		for i, p := range []struct {
			name, phone, day string
			fen              int64
		}{
			{"张丽", "13800000001", "2026-11-05", 50000},
			{"李娜", "13800000002", "2026-10-26", 30000},
			{"王芳", "13800000003", "2026-10-20", 20000},
			{"赵敏", "13800000004", "2026-07-15", 10000},
		} {
			id := exec(`INSERT INTO customers(name, gender, created_at, updated_at) VALUES (?, 'f', '2025-01-01 00:00:00', '2025-01-01 00:00:00')`, p.name)
			ids = append(ids, id)
			exec(`INSERT INTO customer_phones(customer_id, phone, normalized) VALUES (?, ?, ?)`, id, p.phone, p.phone)
			exec(`INSERT INTO orders(platform, order_no, customer_id, status, state, paid, paid_at, order_day, amount_fen, revenue_fen, items)
			VALUES ('taobao', ?, ?, '交易成功', 'paid', 1, ?, ?, ?, ?, '明前龙井 250g')`, fmt.Sprintf("T%d", i), id, p.day+" 10:00:00", p.day, p.fen, p.fen)
		}
	})
	return ids
}

// callsStub stands for the calls screen: it hears that today's list changed.
type callsStub struct{ changed int }

func (c *callsStub) Object() fyne.CanvasObject { return widget.NewLabel("") }
func (c *callsStub) Shown()                    {}
func (c *callsStub) ListChanged()              { c.changed++ }

func TestAddToTodaysCallsFromTheList(t *testing.T) {
	u, _ := newTestShell(t)
	u.Agent = "小王"
	ids := seedCalls(t, u.Store()) // today is 2026-11-15; ids[0] is on the list by the rules
	var manual, refused int64
	execTx(t, u.Store(), func(exec func(q string, args ...any) int64) {
		add := func(name string, dnc int) int64 {
			id := exec(`INSERT INTO customers(name, do_not_contact, created_at, updated_at) VALUES (?, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`, name, dnc)
			exec(`INSERT INTO customer_phones(customer_id, phone, normalized) VALUES (?, ?, ?)`, id, fmt.Sprintf("1370000%04d", id), fmt.Sprintf("1370000%04d", id))
			return id
		}
		manual, refused = add("孙悦", 0), add("郑洁", 1)
	})
	ctx, day := context.Background(), clock.Today()
	// Today's list, as the calls screen builds it when shown.
	if _, err := calls.GenerateDay(ctx, u.Store(), day); err != nil {
		t.Fatal(err)
	}
	list := func() []calls.Item {
		t.Helper()
		items, err := calls.ListDay(ctx, u.Store(), day, calls.KindShown)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	for _, it := range list() {
		if it.CustomerID == manual {
			t.Fatal("the customer is on the list before being added")
		}
	}
	stub := &callsStub{}
	u.Screens[kit.ScreenCalls] = stub

	s := customersScreenOf(t, u)
	if s.btn.call.Disabled() {
		t.Fatal("加入今日回访 is disabled")
	}
	s.selected = map[int64]bool{manual: true, refused: true, ids[0]: true}
	s.selectionChanged()
	test.Tap(s.btn.call)
	got := dialogText(u)
	for _, want := range []string{"已加入今日回访：1 位（1 位已在名单中）", "1 位客户要求不再联系"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation %q lacks %q", got, want)
		}
	}
	if stub.changed != 1 {
		t.Errorf("the calls screen was told %d times that the list changed", stub.changed)
	}

	var found *calls.Item
	all := list()
	for i, it := range all {
		if it.CustomerID == refused {
			t.Error("do-not-contact customer on the call list")
		}
		if it.CustomerID == manual {
			found = &all[i]
		}
	}
	if found == nil {
		t.Fatal("the added customer is not on the calls screen")
	}
	if found.Reason != rules.ReasonManual || found.Detail != "小王" {
		t.Errorf("added entry %+v", *found)
	}
	if l := vocab.Reason(found.Reason); l != "手动加入" {
		t.Errorf("reason label %q", l)
	}
}
