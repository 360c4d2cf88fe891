package calls

import (
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/data/imports"
)

func setCapacity(t testing.TB, st *data.Store, agents, per int) {
	t.Helper()
	for k, v := range map[string]int{KeyAgents: agents, KeyPerAgent: per} {
		if err := st.SetSetting(ctx, k, strconv.Itoa(v)); err != nil {
			t.Fatal(err)
		}
	}
}

func generate(t testing.TB, st *data.Store, day clock.Day) Generated {
	t.Helper()
	if _, err := EnsureStats(ctx, st, day); err != nil {
		t.Fatal(err)
	}
	g, err := GenerateDay(ctx, st, day)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func shownIDs(t testing.TB, st *data.Store, day clock.Day) map[int64]Item {
	t.Helper()
	items, err := ListDay(ctx, st, day, KindShown)
	if err != nil {
		t.Fatal(err)
	}
	m := map[int64]Item{}
	for _, it := range items {
		m[it.CustomerID] = it
	}
	return m
}

// noPhoneTwice checks that no full number of any record of a person is
// also a number of another entry's person on day's list.
func noPhoneTwice(t *testing.T, st *data.Store, day clock.Day) int {
	t.Helper()
	items, err := ListDay(ctx, st, day, KindAll)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]int64{}
	member := map[int64]int64{}
	for _, it := range items {
		for _, m := range it.Members {
			if e, dup := member[m]; dup {
				t.Fatalf("customer %d is on entries %d and %d", m, e, it.ID)
			}
			member[m] = it.ID
			rows, err := st.DB().Query(`SELECT normalized FROM customer_phones WHERE customer_id = ? AND masked = 0 AND normalized <> ''`, m)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
				if e, dup := owner[n]; dup && e != it.ID {
					t.Fatalf("number %s is on entries %d and %d", n, e, it.ID)
				}
				owner[n] = it.ID
			}
			rows.Close()
		}
	}
	return len(items)
}

// TestFivePlatformsNoPhoneTwice: the five exports of one tea shop (the same
// buyers on Taobao, JD, Pinduoduo, Douyin and Youzan) give a list on which
// no number appears twice, at the default capacity and with no limit.
func TestFivePlatformsNoPhoneTwice(t *testing.T) {
	st := openStore(t)
	var paths []string
	for _, f := range []string{"taobao_orders.csv", "jd_orders.xlsx", "pdd_orders.csv", "douyin_orders.xlsx", "youzan_orders.xlsx"} {
		paths = append(paths, filepath.Join("testdata", f))
	}
	if _, err := imports.ImportFiles(ctx, st, paths, imports.Options{}); err != nil {
		t.Fatal(err)
	}
	g := generate(t, st, D)
	if g.Shown != 60 || g.More == 0 {
		t.Errorf("default capacity: shown %d, more %d", g.Shown, g.More)
	}
	noPhoneTwice(t, st, D)
	multi := 0
	for _, it := range shownIDs(t, st, D) {
		if len(it.Members) > 1 {
			multi++
		}
		if it.Dial == "" {
			t.Errorf("entry %d has no number to dial", it.ID)
		}
	}
	if multi == 0 {
		t.Error("no entry has records on several platforms")
	}
	// Every eligible person at once: still no number twice.
	setCapacity(t, st, 10, 1000)
	generate(t, st, D+1)
	if n := noPhoneTwice(t, st, D+1); n < 100 {
		t.Errorf("only %d entries without a limit", n)
	}
	el, err := Eligible(ctx, st, D+1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range el {
		if e.Dial != "" && seen[e.Dial] {
			t.Fatalf("eligible: %s twice", e.Dial)
		}
		seen[e.Dial] = true
	}
}

// TestListedNotCalledComesBack: being listed is no contact; a call is.
func TestListedNotCalledComesBack(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	a := s.customer("张丽", "13800000001", 20) // second purchase on D-1 and D
	b := s.customer("李娜", "13800000002", 21)
	generate(t, st, D-1)
	if got := shownIDs(t, st, D-1); len(got) != 2 {
		t.Fatalf("monday: %v", got)
	}
	// Monday: b was called, a was not.
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, 'a', ?, 'not_interested')`, b, (D-1).String()+" 11:00:00")
	generate(t, st, D)
	got := shownIDs(t, st, D)
	if _, ok := got[a]; !ok {
		t.Error("listed but not called on monday: not offered on tuesday")
	}
	if _, ok := got[b]; ok {
		t.Error("called on monday: offered again on tuesday")
	}
	// A deliberate skip counts like a call.
	items := shownIDs(t, st, D)
	if err := Skip(ctx, st, items[a].ID, "小王"); err != nil {
		t.Fatal(err)
	}
	generate(t, st, D+1)
	if _, ok := shownIDs(t, st, D+1)[a]; ok {
		t.Error("skipped yesterday: offered again")
	}
}

// TestPersonAcrossPlatforms: a person called as the Taobao customer is not
// called as the JD customer within the gap; do-not-contact on one record
// blocks every record; a number found wrong on one is dialled on none.
func TestPersonAcrossPlatforms(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	tb := s.customer("张丽", "13800000001", 20)
	jd := s.customer("张丽", "138-0000-0001", 18)
	exec(t, st, `UPDATE customer_phones SET normalized = '13800000001' WHERE customer_id = ?`, jd)
	generate(t, st, D-3)
	got := shownIDs(t, st, D-3)
	if len(got) != 1 {
		t.Fatalf("one person, %d entries", len(got))
	}
	for _, it := range got {
		if len(it.Members) != 2 || it.Dial != "13800000001" {
			t.Errorf("entry %+v", it)
		}
	}
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, 'a', ?, 'interested')`, tb, (D-3).String()+" 11:00:00")
	generate(t, st, D)
	if got := shownIDs(t, st, D); len(got) != 0 {
		t.Errorf("called on taobao 3 days ago, listed as %v", got)
	}
	// 14 days later the person is due again, once.
	generate(t, st, D+11)
	if got := shownIDs(t, st, D+11); len(got) > 1 {
		t.Errorf("after the gap: %d entries", len(got))
	}

	// Do-not-contact on the JD record blocks the Taobao one.
	st2 := openStore(t)
	noHoldout(t, st2)
	s2 := &shop{t: t, st: st2}
	s2.customer("王芳", "13900000009", 20)
	j2 := s2.customer("王芳", "13900000009", 19)
	exec(t, st2, `UPDATE customers SET do_not_contact = 1 WHERE id = ?`, j2)
	generate(t, st2, D)
	if got := byCustomer(t, st2, D); len(got) != 0 {
		t.Errorf("do-not-contact on one record, listed: %v", got)
	}

	// Wrong on one record: the other record's copy of the number is not dialled.
	st3 := openStore(t)
	noHoldout(t, st3)
	s3 := &shop{t: t, st: st3}
	s3.customer("赵敏", "13700000007", 20)
	j3 := s3.customer("赵敏", "13700000007", 30)
	exec(t, st3, `UPDATE customer_phones SET wrong = 1 WHERE customer_id = ?`, j3)
	generate(t, st3, D)
	if got := shownIDs(t, st3, D); len(got) != 0 {
		t.Errorf("wrong number dialled: %v", got)
	}
}

// TestCapacityAndCarryOver: 150 eligible, 1 × 60 a day: three days work
// through them; whoever is not called stays eligible; pulling more adds the
// next ones.
func TestCapacityAndCarryOver(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	setCapacity(t, st, 2, 30)
	s := &shop{t: t, st: st}
	for i := range 150 {
		id := s.customer(fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i))
		s.order(id, 20, int64(1000+i*10))
	}
	called := map[int64]bool{}
	callAll := func(day clock.Day) {
		for id := range shownIDs(t, st, day) {
			if called[id] {
				t.Fatalf("customer %d called twice", id)
			}
			called[id] = true
			exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, 'a', ?, 'interested')`, id, day.String()+" 11:00:00")
		}
	}
	g := generate(t, st, D)
	if g.Shown != 60 || g.More != 90 || g.Capacity != 60 {
		t.Fatalf("day 1: %+v", g)
	}
	// The most valuable first.
	var low int64 = 1 << 62
	for _, it := range shownIDs(t, st, D) {
		low = min(low, it.ValueFen)
	}
	callAll(D)
	g = generate(t, st, D+1)
	if g.Shown != 60 || g.More != 30 {
		t.Fatalf("day 2: %+v", g)
	}
	for _, it := range shownIDs(t, st, D+1) {
		if it.ValueFen > low {
			t.Errorf("day 2 holds %d (value %d) above day 1's lowest %d", it.CustomerID, it.ValueFen, low)
		}
	}
	day2 := shownIDs(t, st, D+1) // not called
	g = generate(t, st, D+2)
	day3 := shownIDs(t, st, D+2)
	for id := range day2 {
		if _, ok := day3[id]; !ok {
			t.Errorf("customer %d listed on day 2, not called, missing on day 3", id)
		}
	}
	// Pull 20 more into day 3.
	g, err := PullMore(ctx, st, D+2, 20)
	if err != nil {
		t.Fatal(err)
	}
	if g.Shown != 80 || g.More != 10 {
		t.Fatalf("pulled: %+v", g)
	}
	for id := range day3 {
		if _, ok := shownIDs(t, st, D+2)[id]; !ok {
			t.Errorf("pulling more dropped %d", id)
		}
	}
}

// TestMustCallBeyondCapacity: complaints and due callbacks are always on
// the list, on top of the capacity.
func TestMustCallBeyondCapacity(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	setCapacity(t, st, 1, 2)
	s := &shop{t: t, st: st}
	for i := range 6 {
		s.customer(fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i), 20)
	}
	for i := range 3 {
		c := s.customer(fmt.Sprintf("投诉%d", i), fmt.Sprintf("137%08d", i), 200)
		exec(t, st, `INSERT INTO complaints(customer_id, what, created_at, deadline_at) VALUES (?, 'x', ?, ?)`, c, D.String()+" 08:00:00", (D+1).String()+" 08:00:00")
	}
	for i := range 2 {
		c := s.customer(fmt.Sprintf("回拨%d", i), fmt.Sprintf("136%08d", i), 200)
		exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome, follow_up_at) VALUES (?, 'a', ?, 'busy', ?)`,
			c, (D-2).String()+" 10:00:00", D.String()+" 15:00:00")
	}
	g := generate(t, st, D)
	if g.Shown != 3+2+2 || g.More != 4 {
		t.Fatalf("%+v", g)
	}
}

// TestHoldoutFromTheCalledBand: the held-out persons are drawn from the same
// ranked band as the calls made, not from everyone eligible.
func TestHoldoutFromTheCalledBand(t *testing.T) {
	st := openStore(t)
	if err := st.SetSetting(ctx, KeyHoldoutShare, "0.2"); err != nil {
		t.Fatal(err)
	}
	setCapacity(t, st, 1, 50)
	s := &shop{t: t, st: st}
	for i := range 400 {
		id := s.customer(fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i))
		s.order(id, 20, int64(1000+i*10))
	}
	g := generate(t, st, D)
	if g.Shown != 50 || g.HeldOut == 0 {
		t.Fatalf("%+v", g)
	}
	var low int64 = 1 << 62
	for _, it := range shownIDs(t, st, D) {
		low = min(low, it.ValueFen)
	}
	held, err := ListDay(ctx, st, D, KindHeldOut)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range held {
		if it.ValueFen < low {
			t.Errorf("held out %d (value %d) below the called band (lowest %d)", it.CustomerID, it.ValueFen, low)
		}
	}
	// A held-out person is not called within the gap.
	generate(t, st, D+1)
	next := shownIDs(t, st, D+1)
	for _, it := range held {
		if _, ok := next[it.CustomerID]; ok {
			t.Errorf("held out yesterday, listed today: %d", it.CustomerID)
		}
	}
}

// TestClaimNext: agents working the list side by side never get the same entry.
func TestClaimNext(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	for i := range 20 {
		s.customer(fmt.Sprintf("顾客%d", i), fmt.Sprintf("139%08d", i), 20)
	}
	generate(t, st, D)
	var mu sync.Mutex
	got := map[int64]string{}
	var wg sync.WaitGroup
	for a := range 4 {
		agent := fmt.Sprintf("客服%d", a)
		wg.Go(func() {
			for {
				it, ok, err := ClaimNext(ctx, st, D, agent)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				if other, dup := got[it.ID]; dup {
					t.Errorf("entry %d given to %s and %s", it.ID, other, agent)
				}
				got[it.ID] = agent
				mu.Unlock()
				if err := Skip(ctx, st, it.ID, agent); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(got) != 20 {
		t.Errorf("%d entries claimed, want 20", len(got))
	}
	// The agent's own open claim comes back first.
	if _, ok, _ := ClaimNext(ctx, st, D, "x"); ok {
		t.Error("list done, still an entry")
	}
}

// TestMakePlanPersons: the pure planner groups records by shared keys
// transitively and calls a person once, under its most urgent reason.
func TestMakePlanPersons(t *testing.T) {
	e := func(id int64, r rules.Reason, val int64) rules.Entry {
		return rules.Entry{CustomerID: id, Reason: r, Priority: rules.Priority(r), ValueFen: val}
	}
	shown := []rules.Entry{e(1, rules.ReasonComplaint, 1), e(2, rules.ReasonRecallLow, 900), e(3, rules.ReasonRecallLow, 800), e(4, rules.ReasonRecallLow, 10)}
	in := rules.PlanInput{Date: D, Capacity: 10, NoNumberCap: 10, Contact: map[int64]rules.Contact{
		1: {Keys: []string{"e:a@b"}},
		2: {Keys: []string{"p:13800000002", "e:a@b"}, Dial: []string{"13800000002"}},
		3: {Keys: []string{"p:13800000002"}, Dial: []string{"13800000002"}},
		4: {Keys: []string{"p:13800000004"}, Dial: []string{"13800000004"}},
	}}
	pl := rules.MakePlan(shown, nil, in)
	if len(pl.Shown) != 2 || pl.Shown[0].CustomerID != 1 || pl.Shown[0].Dial != "13800000002" || len(pl.Shown[0].Members) != 3 {
		t.Fatalf("%+v", pl.Shown)
	}
	in.Recent = map[string]bool{"p:13800000002": true}
	pl = rules.MakePlan(shown, nil, in)
	if len(pl.Shown) != 2 || pl.Shown[0].Reason != rules.ReasonComplaint {
		t.Errorf("recent contact must not block the complaint: %+v", pl.Shown)
	}
	in.Blocked = map[string]bool{"e:a@b": true}
	pl = rules.MakePlan(shown, nil, in)
	if len(pl.Shown) != 1 || pl.Shown[0].CustomerID != 4 {
		t.Errorf("do-not-contact on one record: %+v", pl.Shown)
	}
}

// TestAddToDayOncePerPerson: adding by hand a record of a person already on
// the day's list (same number on another platform) does not list it twice.
func TestAddToDayOncePerPerson(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	s.customer("张丽", "13800000001", 20)
	jd := s.customer("张丽", "13800000001")
	other := s.customer("王芳", "13900000002")
	generate(t, st, D)
	got, err := AddToDay(ctx, st, D, []int64{jd, other}, "小王")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Already) != 1 || got.Already[0] != jd || len(got.Added) != 1 || got.Added[0] != other {
		t.Errorf("%+v", got)
	}
	noPhoneTwice(t, st, D)
}

// TestCalledTodayNotAgain: a person called today under one record is not
// listed again today under another, even when the first no longer
// qualifies; that call still counts against the capacity.
func TestCalledTodayNotAgain(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	setCapacity(t, st, 1, 3)
	s := &shop{t: t, st: st}
	x := s.customer("张丽", "13800000001", 20)
	s.order(x, 20, 90000) // worth more: the person's entry is on x
	y := s.customer("张丽", "13800000001", 25)
	other := s.customer("王芳", "13900000002", 30)
	generate(t, st, D)
	got := shownIDs(t, st, D)
	if _, ok := got[x]; !ok || len(got) != 2 {
		t.Fatalf("list %v", got)
	}
	exec(t, st, `UPDATE call_list SET status = 'done' WHERE customer_id = ?`, x)
	exec(t, st, `INSERT INTO calls(customer_id, agent, called_at, outcome) VALUES (?, 'a', ?, 'ordered')`, x, D.String()+" 11:00:00")
	exec(t, st, `DELETE FROM customer_stats WHERE customer_id = ?`, x) // x no longer qualifies
	g := generate(t, st, D)
	got = shownIDs(t, st, D)
	if _, ok := got[y]; ok {
		t.Errorf("called today as %d, listed again as %d: %v", x, y, got)
	}
	if _, ok := got[other]; !ok || g.Shown != 2 {
		t.Errorf("shown %d: %v", g.Shown, got)
	}
	noPhoneTwice(t, st, D)
}
