package calls

import (
	"strings"
	"testing"

	"huitouke/resources/vocab"
)

// TestWorkspaceCapacityAndPerson: with a capacity of 2 the workspace shows
// two calls and "2 more"; pulling more brings them in. 张丽's JD record (same
// number) makes her one person on two platforms, her numbers listed.
func TestWorkspaceCapacityAndPerson(t *testing.T) {
	u, st := newTestUI(t)
	ids := seedCalls(t, st)
	db := st.DB()
	for _, q := range []string{
		`INSERT INTO settings(key, value) VALUES ('calls.per_agent', '2')`,
		`INSERT INTO customers(id, name, gender, platform, created_at, updated_at) VALUES (100, '张丽', 'f', 'jd', '', '')`,
		`INSERT INTO customer_phones(customer_id, phone, normalized) VALUES (100, '138-0000-0001', '13800000001'), (100, '13900000100', '13900000100')`,
		`UPDATE customers SET platform = 'taobao' WHERE id <> 100`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s := openCalls(t, u)
	if len(s.q.all) != 2 || s.q.more != 2 || !s.q.moreBtn.Visible() {
		t.Fatalf("list %d, more %d", len(s.q.all), s.q.more)
	}
	if !strings.Contains(s.q.capLabel.Text, "2") {
		t.Errorf("capacity line %q", s.q.capLabel.Text)
	}
	s.q.moreBtn.OnTapped()
	waitCalls(u)
	if len(s.q.all) != 4 || s.q.more != 0 || s.q.moreBtn.Visible() {
		t.Fatalf("after pulling more: list %d, more %d", len(s.q.all), s.q.more)
	}
	if s.q.items[0].CustomerID != ids[0] || len(s.q.items[0].Members) != 2 {
		t.Fatalf("first entry %+v", s.q.items[0])
	}
	s.q.show(0)
	waitCalls(u)
	if !strings.Contains(s.card.subText.Text, vocab.Platform("jd")) || !strings.Contains(s.card.subText.Text, vocab.Platform("taobao")) {
		t.Errorf("platforms not shown: %q", s.card.subText.Text)
	}
	if !strings.Contains(s.card.numsLbl.Text, "139 0000 0100") || !strings.Contains(s.card.numsLbl.Text, "★") {
		t.Errorf("numbers: %q", s.card.numsLbl.Text)
	}
	if s.card.whyLbl.Text == "" {
		t.Error("no reason and value shown")
	}
}
