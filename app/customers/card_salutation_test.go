package customers

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"huitouke/data/customers"
)

// TestCardSalutation: the card shows the worked-out salutation until the
// agent sets one, and the one she sets is stored as a hand edit.
func TestCardSalutation(t *testing.T) {
	fire := syncCustomers(t)
	u, cs := newTestShell(t)
	ids := seedCustomers(t, u.Store())
	c := openTestCard(t, cs, ids["李四"])
	sal := cardFieldOf(t, c, customers.FieldSalutation)
	if sal.entry.PlaceHolder != "李四" || sal.entry.Text != "" {
		t.Fatalf("worked out: placeholder %q text %q", sal.entry.PlaceHolder, sal.entry.Text)
	}
	c.person.gender.SetSelectedIndex(2) // 男
	if sal.entry.PlaceHolder != "李先生" {
		t.Fatalf("with gender: placeholder %q", sal.entry.PlaceHolder)
	}
	test.Type(sal.entry, "李总")
	fire()
	card, _ := customers.Load(context.Background(), u.Store(), ids["李四"])
	if card.Salutation != "李总" || !slices.Contains(card.Edited, customers.FieldSalutation) {
		t.Fatalf("stored %q, edited %v", card.Salutation, card.Edited)
	}

	// Only an account-like nickname: nothing to say but "您好".
	execTx(t, u.Store(), func(exec func(q string, args ...any) int64) {
		exec(`UPDATE customers SET name = '' WHERE id = ?`, ids["张三"])
	})
	d := openTestCard(t, cs, ids["张三"])
	if ph := cardFieldOf(t, d, customers.FieldSalutation).entry.PlaceHolder; ph != "不称呼，直接说“您好”" {
		t.Fatalf("neutral: placeholder %q", ph)
	}
}
