package calls

import (
	"strings"
	"testing"
	"time"

	"huitouke/data/clock"
	"huitouke/data/customers"
)

// A call's "do not contact" is written through data/customers, as the card
// writes it: the day (not a timestamp, which the card's day field would
// refuse to save again) and the field marked as a user's edit. Before the two
// were merged, calls wrote the call's time and left edited_fields alone; the
// card's behaviour was kept.
func TestDoNotContactFromACallIsWhatTheCardWrites(t *testing.T) {
	st := openStore(t)
	noHoldout(t, st)
	s := &shop{t: t, st: st}
	c := s.customer("张丽", "13800000001", 10)
	s.stats()
	if _, err := GenerateDay(ctx, st, D); err != nil {
		t.Fatal(err)
	}
	it := byCustomer(t, st, D)[c]
	at := D.Time(clock.ShopZone).Add(23 * time.Hour) // 23:00 in the shop: still day D
	if _, err := LogOutcome(ctx, st, Log{EntryID: it.ID, Agent: "小王", Outcome: DoNotContact, At: at}); err != nil {
		t.Fatal(err)
	}
	card, err := customers.Load(ctx, st, c)
	if err != nil {
		t.Fatal(err)
	}
	if !card.DoNotContact || card.DNCReason != DNCReason || card.DNCAt != D.String() {
		t.Fatalf("card shows do-not-contact %v %q %q, want true %q %q", card.DoNotContact, card.DNCReason, card.DNCAt, DNCReason, D.String())
	}
	if _, err := customers.ValidateDate("dnc_at", card.DNCAt); err != nil {
		t.Errorf("the card refuses the day a call stored: %v", err)
	}
	var edited string
	if err := st.DB().QueryRow(`SELECT edited_fields FROM customers WHERE id = ?`, c).Scan(&edited); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(edited, ","+customers.EditedDoNotContact+",") {
		t.Errorf("edited_fields %q does not mark do_not_contact", edited)
	}
}
