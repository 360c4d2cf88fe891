package calls

import (
	"slices"
	"testing"

	"huitouke/data/calls/rules"
)

func TestAddToDay(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	ruled := s.customer("张丽", "13800000001", 10) // after-sale today by the rules
	plain := s.customer("李娜", "13800000002")     // no reason to be called
	dnc := s.customer("郑洁", "13800000008")
	exec(t, st, `UPDATE customers SET do_not_contact = 1 WHERE id = ?`, dnc)
	noNumber := s.customer("陈晨", "138****0010")
	later := s.customer("王芳", "13800000003")
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}

	got, err := AddToDay(ctx, st, D, []int64{ruled, plain, dnc, noNumber, plain, 99999}, "小王")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want []int64
	}{
		{"added", got.Added, []int64{plain, noNumber}},
		{"already", got.Already, []int64{ruled}},
		{"do not contact", got.DoNotContact, []int64{dnc}},
		{"no number", got.NoNumber, []int64{noNumber}},
		{"not found", got.NotFound, []int64{99999}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	m := byCustomer(t, st, D)
	if it := m[ruled]; it.Reason != rules.ReasonAfterSale {
		t.Errorf("rule entry changed to %s", it.Reason)
	}
	if it := m[plain]; it.Reason != rules.ReasonManual || it.Detail != "小王" || it.Status != StatusOpen || it.NoNumber || it.Priority != ManualPriority {
		t.Errorf("manual entry = %+v", it)
	}
	if !m[noNumber].NoNumber {
		t.Error("customer without a callable phone not marked no_number")
	}
	if _, ok := m[dnc]; ok {
		t.Error("do-not-contact customer added")
	}
	shown, err := ListDay(ctx, st, D, KindShown)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(shown, func(it Item) bool { return it.CustomerID == plain }) {
		t.Error("manual entry not on the agents' list")
	}

	// Adding again: the entry, worked or not, stays as it is.
	exec(t, st, `UPDATE call_list SET status = 'done', agent = '小李' WHERE day = ? AND customer_id = ?`, D.String(), plain)
	again, err := AddToDay(ctx, st, D, []int64{plain, later}, "小王")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Already, []int64{plain}) || !slices.Equal(again.Added, []int64{later}) {
		t.Errorf("second add = %+v", again)
	}
	if it := byCustomer(t, st, D)[plain]; it.Status != StatusDone || it.Agent != "小李" {
		t.Errorf("worked entry changed: %+v", it)
	}

	// Regenerating keeps hand-added entries, except for a customer who
	// asked not to be called since.
	exec(t, st, `UPDATE customers SET do_not_contact = 1 WHERE id = ?`, noNumber)
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	m = byCustomer(t, st, D)
	if it, ok := m[later]; !ok || it.Reason != rules.ReasonManual {
		t.Errorf("regenerate dropped the open manual entry: %+v", it)
	}
	if _, ok := m[noNumber]; ok {
		t.Error("regenerate kept a manual entry of a do-not-contact customer")
	}
	if _, ok := m[ruled]; !ok {
		t.Error("rule entry lost")
	}
}

func TestWrongNumberNotCalledAgain(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	one := s.customer("张丽", "13800000001", 10)
	two := s.customer("李娜", "13800000002", 10)
	exec(t, st, `INSERT INTO customer_phones(customer_id, phone, normalized, masked) VALUES (?, '13900000002', '13900000002', 0)`, two)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	m := byCustomer(t, st, D)
	for _, c := range []struct {
		id    int64
		phone string // the number dialled; "" = the first callable
		want  string
	}{{one, "", "13800000001"}, {two, "13800000002", "13800000002"}} {
		got, err := LogOutcome(ctx, st, Log{EntryID: m[c.id].ID, Agent: "小王", Outcome: WrongNumber, Phone: c.phone})
		if err != nil {
			t.Fatal(err)
		}
		if got.WrongPhone != c.want {
			t.Errorf("customer %d: flagged %q, want %q", c.id, got.WrongPhone, c.want)
		}
	}
	sum, err := LoadSummary(ctx, st, two)
	if err != nil {
		t.Fatal(err)
	}
	if p := sum.CallablePhone(); p != "13900000002" {
		t.Errorf("callable phone after wrong number = %q, want the other number", p)
	}
	sum, err = LoadSummary(ctx, st, one)
	if err != nil {
		t.Fatal(err)
	}
	if p := sum.CallablePhone(); p != "" {
		t.Errorf("only number was wrong, callable = %q", p)
	}
	// The rules see who still has a number to dial.
	cfg, err := LoadConfig(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	cands, err := LoadCandidates(ctx, st, D, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cands {
		has := len(c.Phones) > 0
		if c.ID == one && has {
			t.Error("candidate with only a wrong number counted as callable")
		}
		if c.ID == two && !has {
			t.Error("candidate with another good number counted as not callable")
		}
	}
	if it := byCustomer(t, st, D)[one]; it.Phone != "13800000001" {
		t.Errorf("list still shows the number on record, got %q", it.Phone)
	}
}
