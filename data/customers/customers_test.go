package customers

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
)

func openTest(t *testing.T) *data.Store {
	t.Helper()
	st, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func exec(t *testing.T, st *data.Store, q string, args ...any) int64 {
	t.Helper()
	res, err := st.DB().Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	id, _ := res.LastInsertId()
	return id
}

func addCustomer(t *testing.T, st *data.Store, name, nick, platform string, phones ...string) int64 {
	t.Helper()
	id := exec(t, st, `INSERT INTO customers(name, nickname, platform, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`, name, nick, platform)
	for _, p := range phones {
		masked := strings.Contains(p, "*")
		norm := ""
		if !masked {
			// Stored the way the importer normalises: digits, +86 dropped.
			_, n, _, err := ValidatePhone(p)
			if err != nil {
				t.Fatalf("test phone %q: %v", p, err)
			}
			norm = n
		}
		exec(t, st, `INSERT INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES (?, ?, ?, ?, ?)`, id, p, norm, masked, platform)
	}
	return id
}

func addOrder(t *testing.T, st *data.Store, cust int64, platform, no, day string, fen int64) int64 {
	t.Helper()
	return exec(t, st, `INSERT INTO orders(platform, order_no, customer_id, status, state, paid, created_at, paid_at, order_day, amount_fen, revenue_fen, items, quantity)
		VALUES (?, ?, ?, '交易成功', 'paid', 1, ?, ?, ?, ?, ?, '西湖龙井 250g', 1)`, platform, no, cust, day+" 10:00:00", day+" 10:00:05", day, fen, fen)
}

func names(rows []Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestSearchFindsSubstringsOfEveryField(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	zs := addCustomer(t, st, "张三丰", "tea_lover88", "taobao", "13800138000")
	ls := addCustomer(t, st, "李四", "小猫咪", "jd", "139****5678")
	ww := addCustomer(t, st, "王五", "", "shopify", "+86 137-1234-9999")
	exec(t, st, `UPDATE customers SET email = 'Wang.Wu@Example.com', wechat = 'wxid_abc123' WHERE id = ?`, ww)
	if err := AddTag(ctx, st, []int64{ls}, "爱喝绿茶"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"张", []string{"张三丰"}},
		{"三丰", []string{"张三丰"}}, // middle of a Chinese name
		{"138", []string{"张三丰"}},
		{"8000", []string{"张三丰"}},          // last digits
		{"138 0013 8000", []string{"张三丰"}}, // words: all must match
		{"LOVER", []string{"张三丰"}},
		{"5678", []string{"李四"}},     // visible part of a masked phone
		{"1395678", nil},             // never the digits run together across the stars
		{"猫", []string{"李四"}},        // nickname
		{"绿茶", []string{"李四"}},       // tag
		{"wang.wu@", []string{"王五"}}, // e-mail, punctuation ignored
		{"abc123", []string{"王五"}},   // WeChat id
		{"9999", []string{"王五"}},
		{"赵", nil},
		{"", []string{"张三丰", "李四", "王五"}},
	}
	for _, tc := range tests {
		rows, err := List(ctx, st, Filter{Search: tc.q}, Sort{}, 0, 50)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		if got := names(rows); !slices.Equal(got, tc.want) {
			t.Errorf("search %q = %v, want %v", tc.q, got, tc.want)
		}
		n, err := Count(ctx, st, Filter{Search: tc.q})
		if err != nil || n != len(tc.want) {
			t.Errorf("count %q = %d, %v; want %d", tc.q, n, err, len(tc.want))
		}
	}
	// An edit shows up in the next search.
	if _, err := SetField(ctx, st, zs, FieldNickname, "龙井控"); err != nil {
		t.Fatal(err)
	}
	rows, _ := List(ctx, st, Filter{Search: "龙井"}, Sort{}, 0, 10)
	if got := names(rows); !slices.Equal(got, []string{"张三丰"}) {
		t.Errorf("after edit: %v", got)
	}
	rows, _ = List(ctx, st, Filter{Search: "lover"}, Sort{}, 0, 10)
	if len(rows) != 0 {
		t.Errorf("old nickname still found: %v", names(rows))
	}
}

func TestSearchWithLargeBacklogStillFindsStaleCustomers(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	for i := range inlineRefresh + 10 {
		addCustomer(t, st, fmt.Sprintf("客户%d", i), "", "pdd")
	}
	oy := addCustomer(t, st, "欧阳娜娜", "", "pdd", "13912345678")
	exec(t, st, `UPDATE customers SET wechat = 'oy_nana88' WHERE id = ?`, oy)
	if rows, _ := List(ctx, st, Filter{Search: "oy_nana"}, Sort{}, 0, 10); len(rows) != 1 {
		t.Fatalf("stale WeChat search with punctuation = %v", names(rows))
	}
	rows, err := List(ctx, st, Filter{Search: "欧阳"}, Sort{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(rows); !slices.Equal(got, []string{"欧阳娜娜"}) {
		t.Fatalf("stale search = %v", got)
	}
	rows, _ = List(ctx, st, Filter{Search: "12345678"}, Sort{}, 0, 10)
	if len(rows) != 1 {
		t.Fatalf("stale phone search = %v", names(rows))
	}
	left, err := RefreshSearch(ctx, st, 0, nil)
	if err != nil || left != 0 {
		t.Fatalf("refresh: %d %v", left, err)
	}
	rows, _ = List(ctx, st, Filter{Search: "欧阳"}, Sort{}, 0, 10)
	if len(rows) != 1 {
		t.Fatalf("indexed search = %v", names(rows))
	}
}

func TestListFiltersSortsAndPages(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := addCustomer(t, st, "阿大", "", "taobao", "13800000001")
	b := addCustomer(t, st, "阿二", "", "jd")
	c := addCustomer(t, st, "阿三", "", "taobao")
	for _, s := range []struct {
		id      int64
		seg     string
		orders  int
		revenue int64
	}{{a, "active", 3, 30000}, {b, "lost", 1, 99000}, {c, "new", 1, 5000}} {
		exec(t, st, `INSERT INTO customer_stats(customer_id, paid_orders, revenue_fen, segment, rfm, level, last_paid_day) VALUES (?, ?, ?, ?, 'general_value', 'regular', '2026-10-01')`,
			s.id, s.orders, s.revenue, s.seg)
	}
	exec(t, st, `UPDATE customers SET birthday = '--05-17', do_not_contact = 1 WHERE id = ?`, b)
	exec(t, st, `UPDATE customers SET birthday = '1990-05-02', level_override = 'gold' WHERE id = ?`, c)
	tests := []struct {
		name string
		f    Filter
		s    Sort
		want []string
	}{
		{"revenue desc", Filter{}, Sort{SortRevenue, true}, []string{"阿二", "阿大", "阿三"}},
		{"orders asc", Filter{}, Sort{SortOrders, false}, []string{"阿二", "阿三", "阿大"}},
		{"segment", Filter{Segment: "lost"}, Sort{}, []string{"阿二"}},
		{"platform", Filter{Platform: "taobao"}, Sort{}, []string{"阿大", "阿三"}},
		{"birthday month", Filter{BirthdayMonth: 5}, Sort{}, []string{"阿二", "阿三"}},
		{"dnc only", Filter{DoNotContact: 1}, Sort{}, []string{"阿二"}},
		{"contactable", Filter{DoNotContact: -1}, Sort{}, []string{"阿大", "阿三"}},
		{"level override wins", Filter{Level: "gold"}, Sort{}, []string{"阿三"}},
		{"phone sort puts empty first", Filter{}, Sort{SortPhone, true}, []string{"阿大", "阿三", "阿二"}},
	}
	for _, tc := range tests {
		rows, err := List(ctx, st, tc.f, tc.s, 0, 10)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := names(rows); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Pages do not overlap and cover everything.
	var all []string
	for off := 0; off < 3; off += 2 {
		rows, _ := List(ctx, st, Filter{}, Sort{SortName, false}, off, 2)
		all = append(all, names(rows)...)
	}
	if len(all) != 3 {
		t.Errorf("paged: %v", all)
	}
	if _, err := List(ctx, st, Filter{}, Sort{By: "x; DROP TABLE customers"}, 0, 1); err == nil {
		t.Error("unknown sort column accepted")
	}
}

func TestValidatePhone(t *testing.T) {
	tests := []struct {
		in, norm string
		code     string
	}{
		{"13800138000", "13800138000", ""},
		{"138 0013 8000", "13800138000", ""},
		{"138-0013-8000", "13800138000", ""},
		{"+86 138 0013 8000", "13800138000", ""},
		{"+8613800138000", "13800138000", ""},
		{"0086 13800138000", "13800138000", ""},
		{"8613800138000", "13800138000", ""},
		{"１３８００１３８０００", "13800138000", ""}, // full-width digits
		{"+1 415 555 0100", "14155550100", ""},
		{"0044 20 7946 0958", "442079460958", ""},
		{"010-62345678", "01062345678", ""},
		{"1380013800", "", CodePhoneLength},
		{"138001380001", "", CodePhoneLength},
		{"12800138000", "", CodePhoneLength},
		{"138****8000", "", CodePhoneMasked},
		{"abc", "", CodePhone},
		{"", "", CodeRequired},
		{"+12", "", CodePhone},
	}
	for _, tc := range tests {
		_, norm, _, err := ValidatePhone(tc.in)
		var ve *errs.Error
		switch {
		case tc.code == "" && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case tc.code != "" && (!errors.As(err, &ve) || ve.Code != tc.code):
			t.Errorf("%q: err %v, want code %s", tc.in, err, tc.code)
		case norm != tc.norm:
			t.Errorf("%q: normalized %q, want %q", tc.in, norm, tc.norm)
		}
	}
}

func TestValidateDates(t *testing.T) {
	t.Setenv(clock.TodayEnv, "")
	t.Cleanup(clock.Set(func() time.Time { return time.Date(2026, 11, 15, 12, 0, 0, 0, clock.ShopZone) }))
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"1988-05-17", "1988-05-17", true},
		{"1988/5/7", "1988-05-07", true},
		{"1988年5月7日", "1988-05-07", true},
		{"--05-17", "--05-17", true},
		{"05-17", "--05-17", true},
		{"--02-29", "--02-29", true},
		{"1990-02-29", "", false},
		{"1990-13-01", "", false},
		{"--04-31", "", false},
		{"2030-01-01", "", false}, // in the future
		{"yesterday", "", false},
		{"", "", true},
	}
	for _, tc := range tests {
		got, err := ValidateBirthday(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("birthday %q = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if _, err := ValidateDate("d", "2026-02-30"); err == nil {
		t.Error("2026-02-30 accepted")
	}
	for in, ok := range map[string]bool{"a@b.cn": true, " Li.Na@QQ.COM ": true, "a@b": false, "a b@c.cn": false, "@b.cn": false, "": true} {
		if _, err := ValidateEmail(in); (err == nil) != ok {
			t.Errorf("email %q: %v", in, err)
		}
	}
	if v, _ := ValidateEmail("Li.Na@QQ.COM"); v != "Li.Na@qq.com" {
		t.Errorf("email stored as %q", v)
	}
}

func TestEditsAreStoredAndMarkedEdited(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := addCustomer(t, st, "张**", "", "taobao")
	exec(t, st, `UPDATE customers SET name_masked = 1 WHERE id = ?`, id)
	if _, err := SetField(ctx, st, id, FieldName, " 张三 "); err != nil {
		t.Fatal(err)
	}
	if _, err := SetField(ctx, st, id, FieldBirthday, "5月17日"); err != nil {
		t.Fatal(err)
	}
	_, err := SetField(ctx, st, id, FieldEmail, "not an email")
	var ve *errs.Error
	if !errors.As(err, &ve) || ve.Code != CodeEmail {
		t.Fatalf("bad email: %v", err)
	}
	if _, err := AddPhone(ctx, st, id, "138 1234"); !errors.As(err, &ve) || ve.Code != CodePhoneLength {
		t.Fatalf("bad phone: %v", err)
	}
	if _, err := AddPhone(ctx, st, id, "+86 139-1234-5678"); err != nil {
		t.Fatal(err)
	}
	if _, err := AddPhone(ctx, st, id, "13912345678"); !errors.As(err, &ve) || ve.Code != CodeDuplicate {
		t.Fatalf("duplicate phone: %v", err)
	}
	if err := AdjustPoints(ctx, st, id, 50, "生日赠送"); err != nil {
		t.Fatal(err)
	}
	if err := AdjustPoints(ctx, st, id, 10, " "); err == nil {
		t.Fatal("points without reason accepted")
	}
	if err := SetDoNotContact(ctx, st, id, true, "客户要求", ""); err != nil {
		t.Fatal(err)
	}
	c, err := Load(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "张三" || c.NameMasked || c.Birthday != "--05-17" || c.Email != "" || !c.DoNotContact || c.DNCAt == "" {
		t.Errorf("stored %+v", c.Customer)
	}
	if len(c.Phones) != 1 || c.Phones[0].Normalized != "13912345678" || c.PointsBalance != 50 {
		t.Errorf("phones %v points %d", c.Phones, c.PointsBalance)
	}
	want := []string{"birthday", "do_not_contact", "name", "phones", "points"}
	if !slices.Equal(c.Edited, want) {
		t.Errorf("edited %v, want %v", c.Edited, want)
	}
}

func TestReferralsRejectLoops(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := addCustomer(t, st, "甲", "", "jd")
	b := addCustomer(t, st, "乙", "", "jd")
	c := addCustomer(t, st, "丙", "", "jd")
	if err := SetReferredBy(ctx, st, b, a); err != nil {
		t.Fatal(err)
	}
	if err := SetReferredBy(ctx, st, c, b); err != nil {
		t.Fatal(err)
	}
	var ve *errs.Error
	if err := SetReferredBy(ctx, st, a, c); !errors.As(err, &ve) || ve.Code != CodeReferralLoop {
		t.Fatalf("loop: %v", err)
	}
	if err := SetReferredBy(ctx, st, a, a); !errors.As(err, &ve) || ve.Code != CodeSelf {
		t.Fatalf("self: %v", err)
	}
	card, _ := Load(ctx, st, b)
	if card.Referrer == nil || card.Referrer.ID != a || len(card.Referred) != 1 || card.Referred[0].ID != c {
		t.Fatalf("referrer %+v referred %+v", card.Referrer, card.Referred)
	}
}

func TestComplaintsOverdueFirst(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := addCustomer(t, st, "投诉人", "", "pdd")
	base := time.Date(2026, 11, 10, 9, 0, 0, 0, clock.ShopZone)
	t.Setenv(clock.TodayEnv, "")
	t.Cleanup(clock.Set(time.Now))
	var made []Complaint
	for i, what := range []string{"包装破损", "发错货", "物流太慢"} {
		clock.Set(func() time.Time { return base.Add(time.Duration(i) * 20 * time.Hour) })
		k, err := CreateComplaint(ctx, st, NewComplaint{CustomerID: id, What: what})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, k)
	}
	if made[0].DeadlineAt != "2026-11-11 09:00:00" || made[0].Status != StatusOpen || made[0].Severity != SeverityNormal {
		t.Fatalf("complaint %+v", made[0])
	}
	// At 11-11 12:00 the first is overdue; answer the second.
	if _, err := UpdateComplaint(ctx, st, made[1].ID, StatusAnswered, "已补发"); err != nil {
		t.Fatal(err)
	}
	if _, err := UpdateComplaint(ctx, st, made[2].ID, StatusResolved, "道歉并退运费"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 11, 12, 0, 0, 0, clock.ShopZone)
	open, err := OpenComplaints(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 2 || open[0].What != "包装破损" || !open[0].Overdue(now) || open[1].Overdue(now) {
		t.Fatalf("open complaints %+v", open)
	}
	if _, err := CreateComplaint(ctx, st, NewComplaint{CustomerID: id, What: "  "}); err == nil {
		t.Fatal("empty complaint accepted")
	}
	if _, err := AddFeedback(ctx, st, id, 0, 0, Scores{Delivery: 6}); err == nil {
		t.Fatal("score 6 accepted")
	}
	if _, err := AddFeedback(ctx, st, id, 0, 0, Scores{Delivery: 5, Packaging: 4, Product: 5, Service: 3}); err != nil {
		t.Fatal(err)
	}
}

func TestCardHasTimelineNewestFirst(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := addCustomer(t, st, "赵六", "zl", "youzan", "13700001111")
	o1 := addOrder(t, st, id, "youzan", "E1", "2026-01-05", 12800)
	addOrder(t, st, id, "youzan", "E2", "2026-06-01", 25600)
	exec(t, st, `INSERT INTO order_lines(order_id, line_key, product, quantity, price_fen, amount_fen) VALUES (?, '1', '龙井', 2, 6400, 12800)`, o1)
	exec(t, st, `INSERT INTO calls(customer_id, called_at, outcome, reason) VALUES (?, '2026-03-01 10:00:00', 'interested', 'after_sale')`, id)
	exec(t, st, `INSERT INTO points_ledger(customer_id, delta, reason, created_at) VALUES (?, 100, 'x', '2026-07-01 08:00:00')`, id)
	c, err := Load(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range c.Timeline {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Equal(kinds, []string{EventPoints, EventOrder, EventCall, EventOrder}) {
		t.Fatalf("timeline %v", kinds)
	}
	if len(c.Orders[1].Lines) != 1 || c.Orders[1].Lines[0].Product != "龙井" {
		t.Fatalf("lines %+v", c.Orders)
	}
	if _, err := Load(ctx, st, 999); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing customer: %v", err)
	}
}

// dump is the content of every table a merge touches, as sorted rows.
func dump(t *testing.T, st *data.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range []string{"customers", "customer_phones", "identities", "orders", "order_lines", "calls", "call_list",
		"complaints", "feedback", "referrals", "customer_tags", "tags", "points_ledger", "customer_stats"} {
		rows, err := st.DB().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprintf("%v", vals))
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}

func TestMergeThenUndoRestoresEverything(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	keep := addCustomer(t, st, "王**", "wang_tb", "taobao", "13800138000", "138****0000")
	exec(t, st, `UPDATE customers SET name_masked = 1, notes = '喜欢绿茶', points_imported = 10 WHERE id = ?`, keep)
	other := addCustomer(t, st, "王小明", "", "shopify", "+86 138 0013 8000")
	exec(t, st, `UPDATE customers SET email = 'wxm@example.com', birthday = '1990-02-03', notes = '公司采购', points_imported = 5 WHERE id = ?`, other)
	third := addCustomer(t, st, "朋友", "", "jd")
	exec(t, st, `INSERT INTO identities(platform, key, kind, customer_id) VALUES ('taobao', 'wang_tb', 'nickname', ?), ('shopify', 'wxm@example.com', 'email', ?)`, keep, other)
	exec(t, st, `INSERT INTO customer_stats(customer_id, paid_orders, revenue_fen, segment, cycle_days, as_of) VALUES (?, 1, 100, 'new', NULL, '2026-11-15'), (?, 2, 300, 'active', 30.5, '2026-11-15')`, keep, other)
	addOrder(t, st, keep, "taobao", "T1", "2026-01-01", 100)
	o2 := addOrder(t, st, other, "shopify", "#1001", "2026-02-01", 200)
	exec(t, st, `INSERT INTO order_lines(order_id, line_key, product) VALUES (?, 'a', '茶具')`, o2)
	l1 := exec(t, st, `INSERT INTO call_list(day, customer_id, reason) VALUES ('2026-11-15', ?, 'birthday')`, keep)
	l2 := exec(t, st, `INSERT INTO call_list(day, customer_id, reason) VALUES ('2026-11-15', ?, 'after_sale')`, other)
	exec(t, st, `INSERT INTO call_list(day, customer_id, reason) VALUES ('2026-11-16', ?, 'recall_high')`, other)
	_ = l1
	exec(t, st, `INSERT INTO calls(customer_id, list_id, called_at, outcome) VALUES (?, ?, '2026-11-15 10:00:00', 'busy')`, other, l2)
	exec(t, st, `INSERT INTO complaints(customer_id, order_id, what, created_at, deadline_at) VALUES (?, ?, '破损', '2026-02-03 10:00:00', '2026-02-04 10:00:00')`, other, o2)
	exec(t, st, `INSERT INTO feedback(customer_id, order_id, delivery, created_at) VALUES (?, ?, 4, '2026-02-10 10:00:00')`, other, o2)
	exec(t, st, `INSERT INTO points_ledger(customer_id, delta, reason, created_at) VALUES (?, 20, '补偿', '2026-02-11 10:00:00')`, other)
	exec(t, st, `INSERT INTO referrals(referrer_id, referred_id, created_at) VALUES (?, ?, '2026-03-01'), (?, ?, '2026-03-02')`, other, third, keep, other)
	exec(t, st, `UPDATE customers SET referred_by = ? WHERE id = ?`, other, third)
	exec(t, st, `UPDATE customers SET referred_by = ? WHERE id = ?`, keep, other)
	if err := AddTag(ctx, st, []int64{keep, other}, "VIP"); err != nil {
		t.Fatal(err)
	}
	if err := AddTag(ctx, st, []int64{other}, "企业"); err != nil {
		t.Fatal(err)
	}

	sug, err := SuggestMerges(ctx, st, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug) != 1 || sug[0].A.ID != keep || sug[0].B.ID != other || sug[0].Reason != "phone" {
		t.Fatalf("suggestions %+v", sug)
	}
	before := dump(t, st)
	if _, err := Merge(ctx, st, keep, other); err != nil {
		t.Fatal(err)
	}
	c, err := Load(ctx, st, keep)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "王小明" || c.Email != "wxm@example.com" || c.Birthday != "1990-02-03" || !strings.Contains(c.Notes, "公司采购") ||
		len(c.Orders) != 2 || len(c.Identities) != 2 || len(c.Complaints) != 1 || len(c.Feedback) != 1 || c.PointsBalance != 35 ||
		len(c.Phones) != 3 || !slices.Equal(c.Tags, []string{"VIP", "企业"}) || len(c.Referred) != 1 || c.Referred[0].ID != third {
		t.Fatalf("merged card %+v", c)
	}
	if o, _ := Get(ctx, st, other); o.MergedInto != keep {
		t.Fatalf("other not marked merged: %+v", o)
	}
	if rows, _ := List(ctx, st, Filter{Search: "王"}, Sort{}, 0, 10); len(rows) != 1 {
		t.Fatalf("merged-away customer still listed: %v", names(rows))
	}
	if sug, _ := SuggestMerges(ctx, st, 0); len(sug) != 0 {
		t.Fatalf("suggestion after merge %+v", sug)
	}
	if _, err := UndoLastMerge(ctx, st); err != nil {
		t.Fatal(err)
	}
	after := dump(t, st)
	for table := range before {
		if !slices.Equal(before[table], after[table]) {
			t.Errorf("%s differs after undo:\n before %v\n after  %v", table, before[table], after[table])
		}
	}
	if _, err := UndoLastMerge(ctx, st); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("second undo: %v", err)
	}
	var ve *errs.Error
	if _, err := Merge(ctx, st, keep, keep); !errors.As(err, &ve) || ve.Code != CodeSelf {
		t.Fatalf("self merge: %v", err)
	}
}

func TestMaskedPhonesAreNeverSuggested(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	addCustomer(t, st, "甲", "", "douyin", "138****1234")
	addCustomer(t, st, "乙", "", "taobao", "138****1234")
	a := addCustomer(t, st, "丙", "", "pdd")
	b := addCustomer(t, st, "丁", "", "shopify")
	exec(t, st, `UPDATE customers SET email = 'Same@Mail.com ' WHERE id = ?`, a)
	exec(t, st, `UPDATE customers SET email = 'same@mail.com' WHERE id = ?`, b)
	sug, err := SuggestMerges(ctx, st, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug) != 1 || sug[0].Reason != "email" {
		t.Fatalf("suggestions %+v", sug)
	}
	if err := DismissSuggestion(ctx, st, b, a); err != nil {
		t.Fatal(err)
	}
	if sug, _ := SuggestMerges(ctx, st, 0); len(sug) != 0 {
		t.Fatalf("dismissed pair suggested again: %+v", sug)
	}
}

func TestExportWritesFilteredCustomers(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	a := addCustomer(t, st, "甲", "", "jd", "13800000001", "13800000002")
	addCustomer(t, st, "乙", "", "jd")
	exec(t, st, `INSERT INTO customer_stats(customer_id, paid_orders, revenue_fen, segment) VALUES (?, 2, 12345, 'active')`, a)
	path := filepath.Join(t.TempDir(), "out.xlsx")
	heads := make([]string, len(ExportColumns))
	copy(heads, ExportColumns)
	n, err := Export(ctx, st, path, Filter{IDs: []int64{a}}, Sort{}, ExportOptions{Headers: heads,
		Label: func(k, v string) string { return k + ":" + v }})
	if err != nil || n != 1 {
		t.Fatalf("export %d %v", n, err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 2 || rows[1][1] != "甲" || rows[1][4] != "13800000001, 13800000002" || rows[1][5] != "segment:active" || rows[1][9] != "123.45" {
		t.Fatalf("rows %q", rows)
	}
	if _, err := Export(ctx, st, path, Filter{}, Sort{}, ExportOptions{Headers: []string{"x"}}); !errors.Is(err, ErrHeaders) {
		t.Fatalf("bad headers: %v", err)
	}
}

func FuzzValidatePhone(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138-0013-8000", "0086", "+1 415 555 0100", "138****", "１３８", "++86"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		disp, norm, _, err := ValidatePhone(s)
		if err != nil {
			return
		}
		for _, r := range norm {
			if r < '0' || r > '9' {
				t.Fatalf("%q normalised to %q", s, norm)
			}
		}
		// What is stored validates again to the same number.
		_, n2, _, err := ValidatePhone(disp)
		if err != nil || n2 != norm {
			t.Fatalf("%q stored as %q does not validate back (%q, %v)", s, disp, n2, err)
		}
	})
}

func FuzzValidateBirthday(f *testing.F) {
	for _, s := range []string{"1988-05-17", "--02-29", "5月17日", "2026/1/1", "--13-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ValidateBirthday(s)
		if err != nil || v == "" {
			return
		}
		if v2, err := ValidateBirthday(v); err != nil || v2 != v {
			t.Fatalf("%q -> %q does not validate back (%q, %v)", s, v, v2, err)
		}
	})
}

func FuzzSearchQuery(f *testing.F) {
	st := func() *data.Store {
		st, err := data.Open(context.Background(), filepath.Join(f.TempDir(), "f.db"))
		if err != nil {
			f.Fatal(err)
		}
		f.Cleanup(func() { st.Close() })
		return st
	}()
	if _, err := st.DB().Exec(`INSERT INTO customers(name, created_at, updated_at) VALUES ('张三', '', '')`); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"张", "AND OR", `"`, "a*", "NEAR(", "-x", "'; --", "１３８"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := List(context.Background(), st, Filter{Search: q}, Sort{}, 0, 5); err != nil {
			t.Fatalf("query %q: %v", q, err)
		}
	})
}

func TestSalutationSetByHandSticks(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	id := addCustomer(t, st, "王芳", "tb657560977", "taobao")
	if v, err := SetField(ctx, st, id, FieldSalutation, " 王姐 "); err != nil || v != "王姐" {
		t.Fatalf("set salutation: %q %v", v, err)
	}
	c, err := Load(ctx, st, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Salutation != "王姐" || !slices.Contains(c.Edited, FieldSalutation) {
		t.Errorf("salutation %q, edited %v", c.Salutation, c.Edited)
	}
	// Merging keeps it: the kept customer takes the other's when it has none.
	other := addCustomer(t, st, "王芳", "", "jd")
	if _, err := Merge(ctx, st, other, id); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(ctx, st, other); err != nil || c.Salutation != "王姐" {
		t.Errorf("after merge: %q %v", c.Salutation, err)
	}
}
