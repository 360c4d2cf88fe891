package calls

import (
	"strings"
	"testing"

	"huitouke/data/calls/rules"
)

// TestSalutationInScripts: an account id is never read out, and the
// salutation set on the card is.
func TestSalutationInScripts(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	c := s.customer("", "13800000001", 10)
	exec(t, st, `UPDATE customers SET nickname = 'tb657560977', gender = '' WHERE id = ?`, c)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	it := byCustomer(t, st, D)[c]
	opening := func(loc string) string {
		sum, err := LoadSummary(ctx, st, c)
		if err != nil {
			t.Fatal(err)
		}
		v := Values(sum, it, ValueParams{Shop: "山间茶铺", Agent: "小王", Locale: loc, Day: D})
		return rules.Fill(rules.DefaultScripts(loc)[rules.ReasonAfterSale].Opening, v)
	}
	for loc, want := range map[string]string{"zh": "您好！我是山间茶铺的小王。", "en": "Hello, this is 小王 from 山间茶铺."} {
		if got := opening(loc); !strings.HasPrefix(got, want) || strings.Contains(got, "tb657560977") {
			t.Errorf("%s: neutral opening %q, want %q…", loc, got, want)
		}
	}
	exec(t, st, `UPDATE customers SET salutation = '王姐' WHERE id = ?`, c)
	if got := opening("zh"); !strings.HasPrefix(got, "王姐，您好！") {
		t.Errorf("hand-set salutation: %q", got)
	}
}
