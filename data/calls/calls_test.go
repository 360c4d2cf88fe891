package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/data/sqlraw"
)

var ctx = context.Background()

// D is the list day of the tests.
var D = mustDay("2026-11-15")

func mustDay(s string) clock.Day {
	d, err := clock.ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openStore(t testing.TB) *data.Store {
	t.Helper()
	st, err := data.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	// A fixed seed: the holdout draw is then reproducible in tests.
	if err := st.SetSetting(ctx, KeySeed, "12345"); err != nil {
		t.Fatal(err)
	}
	return st
}

func exec(t testing.TB, st *data.Store, q string, args ...any) int64 {
	t.Helper()
	res, err := st.DB().ExecContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	id, _ := res.LastInsertId()
	return id
}

// shop builds customers quickly.
type shop struct {
	t  testing.TB
	st *data.Store
	n  int
}

// customer adds a customer with a phone (masked when phone has '*', none
// when phone is "") and paid orders daysAgo before D.
func (s *shop) customer(name, phone string, daysAgo ...int) int64 {
	s.t.Helper()
	id := exec(s.t, s.st, `INSERT INTO customers(name, gender, created_at, updated_at) VALUES (?, 'f', '2024-01-01 00:00:00', '2024-01-01 00:00:00')`, name)
	if phone != "" {
		masked := 0
		norm := phone
		for _, c := range phone {
			if c == '*' {
				masked, norm = 1, ""
			}
		}
		exec(s.t, s.st, `INSERT INTO customer_phones(customer_id, phone, normalized, masked) VALUES (?, ?, ?, ?)`, id, phone, norm, masked)
	}
	for _, d := range daysAgo {
		s.order(id, d, 12800)
	}
	return id
}

func (s *shop) order(cust int64, daysAgo int, fen int64) int64 {
	s.t.Helper()
	s.n++
	day := (D - clock.Day(daysAgo)).String()
	return exec(s.t, s.st, `INSERT INTO orders(platform, order_no, customer_id, status, state, paid, paid_at, order_day, amount_fen, revenue_fen, items)
		VALUES ('taobao', ?, ?, '交易成功', 'paid', 1, ?, ?, ?, ?, '明前龙井 250g，白瓷杯')`,
		fmt.Sprintf("T%06d", s.n), cust, day+" 10:00:00", day, fen, fen)
}

func (s *shop) stats() {
	s.t.Helper()
	if _, err := EnsureStats(ctx, s.st, D); err != nil {
		s.t.Fatal(err)
	}
}

func byCustomer(t testing.TB, st *data.Store, day clock.Day) map[int64]Item {
	t.Helper()
	items, err := ListDay(ctx, st, day, KindAll)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]Item{}
	for _, it := range items {
		if _, dup := m[it.CustomerID]; dup {
			t.Fatalf("customer %d listed twice", it.CustomerID)
		}
		m[it.CustomerID] = it
	}
	return m
}

func noHoldout(t testing.TB, st *data.Store) {
	t.Helper()
	if err := st.SetSetting(ctx, KeyHoldoutShare, "0"); err != nil {
		t.Fatal(err)
	}
}

// TestEachReasonEndToEnd runs on every way of reading the candidates: one
// range or many, callable numbers merged or looked up, driver rows or
// database/sql.
func TestEachReasonEndToEnd(t *testing.T) {
	for _, mode := range []struct {
		name        string
		span, dense int64
		direct      bool
	}{{"serial", parallelSpan, denseShare, true}, {"ranges", 0, denseShare, true},
		{"lookups", parallelSpan, 0, true}, {"database-sql", 0, 0, false}} {
		t.Run(mode.name, func(t *testing.T) {
			oldSpan, oldDense, oldDirect := parallelSpan, denseShare, sqlraw.Direct
			parallelSpan, denseShare, sqlraw.Direct = mode.span, mode.dense, mode.direct
			t.Cleanup(func() { parallelSpan, denseShare, sqlraw.Direct = oldSpan, oldDense, oldDirect })
			testEachReasonEndToEnd(t)
		})
	}
}

func testEachReasonEndToEnd(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	afterSale := s.customer("张丽", "13800000001", 10)
	second := s.customer("李娜", "13800000002", 20)
	birthday := s.customer("王芳", "13800000003", 400)
	exec(t, st, `UPDATE customers SET birthday = '1990-11-18' WHERE id = ?`, birthday)
	complaint := s.customer("赵敏", "13800000004", 400)
	exec(t, st, `INSERT INTO complaints(customer_id, what, created_at, deadline_at) VALUES (?, '茶叶受潮', ?, ?)`,
		complaint, (D-1).String()+" 09:00:00", D.String()+" 09:00:00")
	callback := s.customer("孙悦", "13800000005", 400)
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome, follow_up_at) VALUES (?, '小王', ?, 'busy', ?)`,
		callback, (D-3).String()+" 15:00:00", D.String()+" 10:00:00")
	recall := s.customer("周婷", "13800000006", 120)
	repurchase := s.customer("吴静", "13800000007", 60, 30)
	dnc := s.customer("郑洁", "13800000008", 10)
	exec(t, st, `UPDATE customers SET do_not_contact = 1 WHERE id = ?`, dnc)
	gap := s.customer("冯雪", "13800000009", 20)
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, '小王', ?, 'no_answer')`, gap, (D-5).String()+" 15:00:00")
	noNumber := s.customer("陈晨", "138****0010", 10)
	both := s.customer("褚红", "13800000011", 10) // after-sale and an open complaint: one entry, the complaint
	exec(t, st, `INSERT INTO complaints(customer_id, what, created_at, deadline_at) VALUES (?, '少发一件', ?, ?)`,
		both, D.String()+" 08:00:00", (D+1).String()+" 08:00:00")
	lost := s.customer("卫兰", "13800000012", 500)
	s.stats()

	g, err := GenerateDay(ctx, st, D)
	if err != nil {
		t.Fatal(err)
	}
	got := byCustomer(t, st, D)
	want := map[int64]rules.Reason{
		afterSale: rules.ReasonAfterSale, second: rules.ReasonSecondPurchase, birthday: rules.ReasonBirthday,
		complaint: rules.ReasonComplaint, callback: rules.ReasonCallback, recall: rules.ReasonRecallHigh,
		repurchase: rules.ReasonRepurchaseDue, noNumber: rules.ReasonAfterSale, both: rules.ReasonComplaint,
	}
	for id, r := range want {
		it, ok := got[id]
		if !ok {
			t.Errorf("customer %d (%s) missing from the list", id, r)
			continue
		}
		if it.Reason != r {
			t.Errorf("customer %d: reason %s, want %s", id, it.Reason, r)
		}
	}
	for _, id := range []int64{dnc, gap, lost} {
		if it, ok := got[id]; ok {
			t.Errorf("customer %d listed (%s) but must not be", id, it.Reason)
		}
	}
	if !got[noNumber].NoNumber || got[afterSale].NoNumber {
		t.Errorf("no-number flags wrong: masked-only %v, with phone %v", got[noNumber].NoNumber, got[afterSale].NoNumber)
	}
	if g.Shown != 8 || g.NoNumber != 1 || g.HeldOut != 0 {
		t.Errorf("counts shown %d no-number %d held %d, want 8 1 0", g.Shown, g.NoNumber, g.HeldOut)
	}
	if it := got[afterSale]; it.Detail == "" || it.Due != (D-10).String() {
		t.Errorf("after-sale entry detail %q due %q", it.Detail, it.Due)
	}
	if it := got[callback]; it.Due != D.String()+" 10:00:00" || it.RefID == 0 {
		t.Errorf("callback due %q ref %d", it.Due, it.RefID)
	}
	// The overdue complaint (deadline this morning) comes before everything.
	shown, _ := ListDay(ctx, st, D, KindShown)
	if shown[0].CustomerID != complaint {
		t.Errorf("first entry is customer %d (%s), want the overdue complaint", shown[0].CustomerID, shown[0].Reason)
	}
}

func TestFourteenDayRuleFromLoggedCall(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	c := s.customer("李娜", "13800000002", 20) // second purchase on D
	s.stats()
	day1 := D - 13
	// On day1 the customer was called (a list entry and a call).
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, 'a', ?, 'not_interested')`, c, day1.String()+" 11:00:00")
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	if _, ok := byCustomer(t, st, D)[c]; ok {
		t.Fatal("customer called 13 days ago is listed again")
	}
	exec(t, st, `UPDATE calls SET called_at = ?`, (D-14).String()+" 11:00:00")
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	if _, ok := byCustomer(t, st, D)[c]; !ok {
		t.Fatal("customer called 14 days ago is not listed")
	}
}

func TestHoldoutRecordedAndStable(t *testing.T) {
	st := openStore(t)
	if err := st.SetSetting(ctx, KeyHoldoutShare, "0.2"); err != nil {
		t.Fatal(err)
	}
	s := &shop{t: t, st: st}
	for i := range 200 {
		s.customer(fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i), 120+i%50)
	}
	cx := s.customer("投诉", "13700000000", 400)
	exec(t, st, `INSERT INTO complaints(customer_id, what, created_at, deadline_at) VALUES (?, 'x', ?, ?)`, cx, D.String()+" 08:00:00", (D+1).String()+" 08:00:00")
	s.stats()
	g, err := GenerateDay(ctx, st, D)
	if err != nil {
		t.Fatal(err)
	}
	// The default capacity (60) plus the complaint are shown; each person
	// of the band called is held out with odds 0.2, so about 15 of the 75
	// or so looked at; the complaint is never held out.
	if g.Shown != 61 || g.HeldOut < 5 || g.HeldOut > 30 || g.More != 200-60-g.HeldOut {
		t.Fatalf("held out %d shown %d more %d, want 61 shown and about 15 held out", g.HeldOut, g.Shown, g.More)
	}
	held := func() map[int64]bool {
		items, err := ListDay(ctx, st, D, KindHeldOut)
		if err != nil {
			t.Fatal(err)
		}
		m := map[int64]bool{}
		for _, it := range items {
			m[it.CustomerID] = true
		}
		return m
	}
	before := held()
	if before[cx] {
		t.Fatal("complaint held out")
	}
	// Another share must not re-roll a stored draw.
	if err := st.SetSetting(ctx, KeyHoldoutShare, "0.5"); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	after := held()
	if len(after) != len(before) {
		t.Fatalf("regenerate changed the holdout size %d → %d", len(before), len(after))
	}
	for id := range before {
		if !after[id] {
			t.Fatalf("customer %d left the holdout on regenerate", id)
		}
	}
}

func TestRegenerateKeepsWorkedEntries(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	a := s.customer("张丽", "13800000001", 10)
	b := s.customer("李娜", "13800000002", 20)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	items := byCustomer(t, st, D)
	at := D.Time(clock.ShopZone).Add(11 * time.Hour)
	if _, err := LogOutcome(ctx, st, Log{EntryID: items[a].ID, Agent: "小王", Outcome: NotInterested, At: at}); err != nil {
		t.Fatal(err)
	}
	// b asks not to be contacted from the card: the open entry disappears.
	if err := SetDoNotContact(ctx, st, b, true, DNCReason); err != nil {
		t.Fatal(err)
	}
	g, err := GenerateDay(ctx, st, D)
	if err != nil {
		t.Fatal(err)
	}
	got := byCustomer(t, st, D)
	if it := got[a]; it.Status != StatusDone || it.Agent != "小王" || it.Outcome != NotInterested || it.ID != items[a].ID {
		t.Errorf("worked entry changed on regenerate: %+v", it)
	}
	if _, ok := got[b]; ok || g.Removed != 1 {
		t.Errorf("do-not-contact customer still listed (removed %d)", g.Removed)
	}
	// A callback set today for later today re-opens the worked entry.
	if _, err := LogOutcome(ctx, st, Log{EntryID: items[a].ID, Agent: "小王", Outcome: Busy, At: at.Add(time.Minute),
		FollowUpAt: at.Add(4 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	if it := byCustomer(t, st, D)[a]; it.Reason != rules.ReasonCallback || it.Status != StatusOpen {
		t.Errorf("callback for later today: entry %s/%s, want callback/open", it.Reason, it.Status)
	}
}

func TestClaimByTwoAgents(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	c := s.customer("张丽", "13800000001", 10)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	id := byCustomer(t, st, D)[c].ID
	if err := Claim(ctx, st, id, "小王"); err != nil {
		t.Fatal(err)
	}
	if err := Claim(ctx, st, id, "小王"); err != nil {
		t.Fatalf("re-claim by the same agent: %v", err)
	}
	err := Claim(ctx, st, id, "小李")
	var ce *ClaimedError
	if !errors.As(err, &ce) || ce.Agent != "小王" || !errors.Is(err, ErrClaimed) {
		t.Fatalf("second agent's claim: %v", err)
	}
	// An abandoned claim expires.
	exec(t, st, `UPDATE call_list SET claimed_at = ? WHERE id = ?`, fmtTime(clock.Now().Add(-ClaimTTL-time.Minute)), id)
	if err := Claim(ctx, st, id, "小李"); err != nil {
		t.Fatalf("claim after expiry: %v", err)
	}
	if err := Release(ctx, st, id, "小李"); err != nil {
		t.Fatal(err)
	}
	if err := Claim(ctx, st, id, "小王"); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	if err := Claim(ctx, st, id+1000, "小王"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("claim of a missing entry: %v", err)
	}
}

func TestOutcomeSideEffects(t *testing.T) {
	at := D.Time(clock.ShopZone).Add(10 * time.Hour)
	tests := []struct {
		name      string
		log       Log
		dnc       bool
		complaint bool
		feedback  bool
		follow    string
	}{
		{"interested with follow-up", Log{Outcome: Interested, FollowUpAt: at.Add(48 * time.Hour)}, false, false, false, (D + 2).String() + " 10:00:00"},
		{"not interested", Log{Outcome: NotInterested}, false, false, false, ""},
		{"no answer", Log{Outcome: NoAnswer}, false, false, false, ""},
		{"busy call back", Log{Outcome: Busy, FollowUpAt: at.Add(3 * time.Hour)}, false, false, false, D.String() + " 13:00:00"},
		{"wrong number", Log{Outcome: WrongNumber}, false, false, false, ""},
		{"do not contact", Log{Outcome: DoNotContact}, true, false, false, ""},
		{"complaint", Log{Outcome: Complaint, Complaint: &ComplaintInput{What: "茶叶受潮", Severity: SeverityHigh}}, false, true, false, ""},
		{"ordered", Log{Outcome: Ordered}, false, false, false, ""},
		{"good marks", Log{Outcome: Interested, Scores: &Scores{5, 4, 5, 5}}, false, false, true, ""},
		{"low mark opens complaint", Log{Outcome: NotInterested, Scores: &Scores{5, 2, 4, 5}}, false, true, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			noHoldout(t, st)
			s := &shop{t: t, st: st}
			c := s.customer("张丽", "13800000001", 10)
			s.stats()
			if _, err := GenerateDay(ctx, st, D); err != nil {
				t.Fatal(err)
			}
			it := byCustomer(t, st, D)[c]
			l := tc.log
			l.EntryID, l.Agent, l.Note, l.At = it.ID, "小王", "备注", at
			res, err := LogOutcome(ctx, st, l)
			if err != nil {
				t.Fatal(err)
			}
			var outcome, follow, note, reason string
			var listID sql.NullInt64
			err = st.DB().QueryRow(`SELECT outcome, follow_up_at, note, reason, list_id FROM calls WHERE id = ?`, res.CallID).
				Scan(&outcome, &follow, &note, &reason, &listID)
			if err != nil {
				t.Fatal(err)
			}
			if outcome != string(l.Outcome) || follow != tc.follow || note != "备注" || reason != "after_sale" || listID.Int64 != it.ID {
				t.Errorf("call row: %s %q %q %s %v", outcome, follow, note, reason, listID)
			}
			var dnc int
			var dncReason string
			st.DB().QueryRow(`SELECT do_not_contact, dnc_reason FROM customers WHERE id = ?`, c).Scan(&dnc, &dncReason)
			if (dnc == 1) != tc.dnc || (tc.dnc && dncReason != DNCReason) {
				t.Errorf("do-not-contact %d %q, want %v", dnc, dncReason, tc.dnc)
			}
			var n int
			var deadline, created, sev, what string
			st.DB().QueryRow(`SELECT COUNT(*), COALESCE(MAX(deadline_at), ''), COALESCE(MAX(created_at), ''), COALESCE(MAX(severity), ''), COALESCE(MAX(what), '')
				FROM complaints WHERE customer_id = ? AND call_id = ?`, c, res.CallID).Scan(&n, &deadline, &created, &sev, &what)
			if (n == 1) != tc.complaint || (n == 1) != (res.ComplaintID != 0) {
				t.Errorf("complaints %d (id %d), want %v", n, res.ComplaintID, tc.complaint)
			}
			if n == 1 && (deadline != (D+1).String()+" 10:00:00" || created != D.String()+" 10:00:00") {
				t.Errorf("complaint created %s deadline %s, want 24 h later", created, deadline)
			}
			if tc.name == "complaint" && (sev != SeverityHigh || what != "茶叶受潮") {
				t.Errorf("complaint %q %s", what, sev)
			}
			if tc.name == "low mark opens complaint" && (!res.AutoComplaint || what != "备注；回访评分偏低：包装 2/5") {
				t.Errorf("automatic complaint %v %q", res.AutoComplaint, what)
			}
			var fb int
			var orderID sql.NullInt64
			st.DB().QueryRow(`SELECT COUNT(*), MAX(order_id) FROM feedback WHERE call_id = ?`, res.CallID).Scan(&fb, &orderID)
			if (fb == 1) != tc.feedback || (fb == 1 && !orderID.Valid) {
				t.Errorf("feedback rows %d order %v, want %v", fb, orderID, tc.feedback)
			}
			if got := byCustomer(t, st, D)[c]; got.Status != StatusDone || got.Agent != "小王" {
				t.Errorf("entry %s by %q, want done by 小王", got.Status, got.Agent)
			}
		})
	}
}

func TestLogOutcomeRejectsBadInput(t *testing.T) {
	st := openStore(t)
	if _, err := LogOutcome(ctx, st, Log{CustomerID: 1, Outcome: "maybe"}); !errors.Is(err, ErrBadOutcome) {
		t.Errorf("unknown outcome: %v", err)
	}
	if _, err := LogOutcome(ctx, st, Log{CustomerID: 1, Outcome: Interested, Scores: &Scores{6, 0, 0, 0}}); !errors.Is(err, ErrBadOutcome) {
		t.Errorf("score 6: %v", err)
	}
	if _, err := LogOutcome(ctx, st, Log{EntryID: 99, Outcome: Interested}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing entry: %v", err)
	}
}

func TestCallbackAndComplaintClosedByTheCall(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	cb := s.customer("孙悦", "13800000005", 400)
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome, follow_up_at) VALUES (?, 'a', ?, 'busy', ?)`,
		cb, (D-3).String()+" 15:00:00", D.String()+" 10:00:00")
	cp := s.customer("赵敏", "13800000004", 400)
	cid := exec(t, st, `INSERT INTO complaints(customer_id, what, created_at, deadline_at) VALUES (?, 'x', ?, ?)`,
		cp, D.String()+" 08:00:00", (D+1).String()+" 08:00:00")
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	got := byCustomer(t, st, D)
	at := D.Time(clock.ShopZone).Add(11 * time.Hour)
	for _, c := range []int64{cb, cp} {
		if _, err := LogOutcome(ctx, st, Log{EntryID: got[c].ID, Agent: "a", Outcome: NotInterested, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	var open int
	st.DB().QueryRow(`SELECT COUNT(*) FROM calls WHERE follow_up_at <> '' AND follow_up_done = 0`).Scan(&open)
	var status string
	st.DB().QueryRow(`SELECT status FROM complaints WHERE id = ?`, cid).Scan(&status)
	if open != 0 || status != "answered" {
		t.Errorf("after the calls: %d callbacks pending, complaint %s", open, status)
	}
	// Tomorrow neither comes back.
	if _, err := GenerateDay(ctx, st, D+1); err != nil {
		t.Fatal(err)
	}
	if n := len(byCustomer(t, st, D+1)); n != 0 {
		t.Errorf("tomorrow's list has %d entries, want none", n)
	}
}

func TestResultsConversionAndLift(t *testing.T) {
	st := openStore(t)
	s := &shop{t: t, st: st}
	// Called on D-20: a orders D-10 (converted), b orders D-20+15 (too late),
	// c has no order, d orders on the call day (counts).
	call := func(cust int64, agent, outcome string) {
		exec(t, st, `INSERT INTO calls(customer_id, agent, reason, called_at, outcome) VALUES (?, ?, 'recall_high', ?, ?)`,
			cust, agent, (D-20).String()+" 10:00:00", outcome)
	}
	a := s.customer("a", "1", 10)
	b := s.customer("b", "2", 5)
	c := s.customer("c", "3")
	d := s.customer("d", "4", 20)
	call(a, "小王", "interested")
	call(b, "小王", "no_answer")
	call(c, "小李", "not_interested")
	call(d, "小李", "ordered")
	// Holdout on D-20: e converts, f/g/h do not.
	for i, days := range [][]int{{12}, {}, {40}, {}} {
		h := s.customer(fmt.Sprintf("h%d", i), "5", days...)
		exec(t, st, `INSERT INTO call_list(day, customer_id, reason, holdout) VALUES (?, ?, 'recall_high', 1)`, (D - 20).String(), h)
	}
	res, err := Results(ctx, st, D-30, D, 14)
	if err != nil {
		t.Fatal(err)
	}
	if res.Overall.Calls != 4 || res.Overall.Reached != 3 || res.Overall.Converted != 2 {
		t.Fatalf("overall %+v, want 4 calls, 3 reached, 2 converted", res.Overall)
	}
	if res.ByAgent["小王"].Converted != 1 || res.ByAgent["小李"].Converted != 1 || res.ByAgent["小王"].Calls != 2 {
		t.Errorf("by agent %+v", res.ByAgent)
	}
	if res.Holdout.Size != 4 || res.Holdout.Converted != 1 {
		t.Errorf("holdout %+v, want 4 with 1 converted", res.Holdout)
	}
	// 2/4 − 1/4 = 0.25, with both groups far below 30.
	if l := res.Lift; l.Lift != 0.25 || l.CalledSize != 4 || l.HoldoutSize != 4 || !l.SmallSample {
		t.Errorf("lift %+v", l)
	}
	if r := res.ByReason[rules.ReasonRecallHigh]; r.Calls != 4 || r.ConversionRate != 0.5 {
		t.Errorf("by reason %+v", r)
	}
	// An order imported later counts on the next look.
	s.order(c, 15, 5000)
	res, _ = Results(ctx, st, D-30, D, 14)
	if res.Overall.Converted != 3 {
		t.Errorf("after a later import %d converted, want 3", res.Overall.Converted)
	}
}

func TestScriptsAndObjectionsStored(t *testing.T) {
	st := openStore(t)
	sc, err := LoadScripts(ctx, st, "zh")
	if err != nil {
		t.Fatal(err)
	}
	def := rules.DefaultScripts("zh")[rules.ReasonBirthday]
	if sc[rules.ReasonBirthday] != def || !IsDefaultScript(def, "zh") {
		t.Fatal("defaults not used when nothing is stored")
	}
	edited := def
	edited.Opening = "{称呼}，生日快乐！"
	if err := SaveScript(ctx, st, "zh", edited); err != nil {
		t.Fatal(err)
	}
	sc, _ = LoadScripts(ctx, st, "zh")
	en, _ := LoadScripts(ctx, st, "en")
	if sc[rules.ReasonBirthday].Opening != "{称呼}，生日快乐！" || en[rules.ReasonBirthday] != rules.DefaultScripts("en")[rules.ReasonBirthday] {
		t.Fatal("edited script not loaded, or leaked into the other language")
	}
	if err := ResetScript(ctx, st, "zh", rules.ReasonBirthday); err != nil {
		t.Fatal(err)
	}
	sc, _ = LoadScripts(ctx, st, "zh")
	if sc[rules.ReasonBirthday] != def {
		t.Fatal("reset did not restore the default")
	}
	if err := SaveObjection(ctx, st, "zh", "busy", "那我晚点再打！"); err != nil {
		t.Fatal(err)
	}
	obs, _ := LoadObjections(ctx, st, "zh")
	if obs[1].Key != "busy" || obs[1].Answer != "那我晚点再打！" || obs[1].Action != rules.ActionCallback {
		t.Fatalf("objection %+v", obs[1])
	}
}

func TestConfigRoundTripAndCampaigns(t *testing.T) {
	st := openStore(t)
	c, err := LoadConfig(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	c.MinGapDays, c.HoldoutShare, c.PromoDays = 21, 0.15, []int{5, 1}
	c.Enabled[rules.ReasonRecallLow] = false
	if err := SaveConfig(ctx, st, c); err != nil {
		t.Fatal(err)
	}
	got, _ := LoadConfig(ctx, st)
	if got.MinGapDays != 21 || got.HoldoutShare != 0.15 || FormatDayList(got.PromoDays) != "5,1" || got.IsEnabled(rules.ReasonRecallLow) {
		t.Fatalf("config round trip: %+v", got)
	}
	c.SecondMin = 99
	if err := SaveConfig(ctx, st, c); !errors.Is(err, rules.ErrConfig) {
		t.Fatalf("invalid config saved: %v", err)
	}
	// Promotion: dormant customers 3 days before a campaign.
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	cust := s.customer("张丽", "13800000001", 70) // cooling
	s.stats()
	id, err := SaveCampaign(ctx, st, Campaign{Name: `"双11" 预热\`, Day: D + 3, Segments: []string{"cooling"}, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, KeyPromoDays, "7,3,1"); err != nil {
		t.Fatal(err)
	}
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	if it := byCustomer(t, st, D)[cust]; it.Reason != rules.ReasonPromotion || it.Detail != `"双11" 预热\` {
		t.Fatalf("promotion entry %+v", it)
	}
	cs, _ := Campaigns(ctx, st)
	if len(cs) != 1 || cs[0].ID != id || cs[0].Segments[0] != "cooling" {
		t.Fatalf("campaigns %+v", cs)
	}
	if err := DeleteCampaign(ctx, st, id); err != nil {
		t.Fatal(err)
	}
	if p := Presets[1]; p.NextDay(D) != mustDay("2027-11-11") || Presets[2].NextDay(D) != mustDay("2026-12-12") {
		t.Fatal("preset dates")
	}
}

func TestSummaryValuesAndExports(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	c := s.customer("张丽", "13800000001", 10)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	it := byCustomer(t, st, D)[c]
	sum, err := LoadSummary(ctx, st, c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.CallablePhone() != "13800000001" || len(sum.Orders) != 1 || sum.Points != 128 {
		t.Fatalf("summary %+v", sum)
	}
	v := Values(sum, it, ValueParams{Shop: "山间茶铺", Agent: "小王", Locale: "zh", Day: D})
	sc := rules.DefaultScripts("zh")[rules.ReasonAfterSale]
	text := FullText(sc, v)
	want := "张女士，您好！我是山间茶铺的小王。您11月5日买的明前龙井 250g应该收到了吧？"
	if len(text) < len(want) || text[:len(want)] != want {
		t.Fatalf("filled script starts %q", text)
	}
	items, _ := ListDay(ctx, st, D, KindShown)
	dir := t.TempDir()
	hdr := []string{"客户", "电话", "原因", "优先级", "到期", "详情", "状态", "客服", "结果"}
	if err := ExportList(filepath.Join(dir, "l.xlsx"), "回访", hdr, items, Labels{}); err != nil {
		t.Fatal(err)
	}
	rows, err := SMSRows(ctx, st, items, rules.DefaultScripts("zh"), ValueParams{Shop: "山间茶铺", Agent: "小王", Locale: "zh", Day: D})
	if err != nil || len(rows) != 1 || rules.SMSLength(rows[0].Text) > 70 {
		t.Fatalf("sms rows %v %v", rows, err)
	}
	if err := ExportSMS(filepath.Join(dir, "s.xlsx"), "短信", [3]string{"手机", "姓名", "短信"}, rows); err != nil {
		t.Fatal(err)
	}
}

func TestShortItems(t *testing.T) {
	for in, want := range map[string]string{
		"明前龙井 250g，白瓷杯":  "明前龙井 250g",
		"碧螺春 100g 等2件商品": "碧螺春 100g",
		"Green tea, cup": "Green tea",
		"":               "",
	} {
		if got := ShortItems(in); got != want {
			t.Errorf("ShortItems(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseDayList(f *testing.F) {
	for _, s := range []string{"7,3,1", "7，3 1", "", "x", "-1,400", "3;;2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseDayList(s)
		if err != nil {
			return
		}
		// What was read writes back and reads the same.
		again, err := ParseDayList(FormatDayList(days))
		if err != nil || FormatDayList(again) != FormatDayList(days) {
			t.Fatalf("%q → %v → %v (%v)", s, days, again, err)
		}
	})
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-11-15", "2026-11-15 10:00:00", "2026-02-30", "", "abcd-ef-gh", "2026-1-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDay([]byte(s))
		if !ok {
			return
		}
		// The stored prefix of a valid day round-trips (days past the
		// month's end roll over, as time.Date does, and then differ).
		if ref, err := clock.ParseDay(s[:10]); err == nil && ref != d {
			t.Fatalf("%q: %v, want %v", s, d, ref)
		}
	})
}
