package vocab

import (
	"fmt"
	"testing"

	"huitouke/data/customers"
	"huitouke/data/errs"
	"huitouke/data/figures"
	"huitouke/data/imports"
)

// Every code the data layer can return has its own sentence: none falls through to the
// technical text or to another code's words.
func TestEveryErrorCodeHasItsOwnWords(t *testing.T) {
	cases := []*errs.Error{
		{Area: errs.Customers, Code: customers.CodeRequired}, {Area: errs.Customers, Code: customers.CodePhone},
		{Area: errs.Customers, Code: customers.CodePhoneLength}, {Area: errs.Customers, Code: customers.CodePhoneMasked},
		{Area: errs.Customers, Code: customers.CodeDate}, {Area: errs.Customers, Code: customers.CodeBirthday},
		{Area: errs.Customers, Code: customers.CodeFuture}, {Area: errs.Customers, Code: customers.CodeEmail},
		{Area: errs.Customers, Code: customers.CodeScore}, {Area: errs.Customers, Code: customers.CodeDuplicate},
		{Area: errs.Customers, Code: customers.CodeSelf}, {Area: errs.Customers, Code: customers.CodeReferralLoop},
		{Area: errs.Customers, Code: customers.CodeMerged}, {Area: errs.Customers, Code: customers.CodePoints},
		{Area: errs.Customers, Code: customers.CodeTooLong}, {Area: errs.Customers, Code: customers.CodeInvalid},
		{Area: errs.Calls, Code: "negative"}, {Area: errs.Calls, Code: "too_large"},
		{Area: errs.Calls, Code: "min_above_max"}, {Area: errs.Calls, Code: "out_of_range"},
		{Area: errs.Figures, Field: "NewDays", Code: figures.CodeRange}, {Area: errs.Figures, Field: "CoolingDays", Code: figures.CodeOrder},
		{Area: errs.Figures, Field: "DormantLowDays", Code: figures.CodeRange}, {Area: errs.Figures, Field: "LoyalOrders", Code: figures.CodeRange},
		{Area: errs.Figures, Field: "Levels", Code: figures.CodeEmpty}, {Area: errs.Figures, Field: "Levels", Code: figures.CodeDuplicate},
		{Area: errs.Figures, Field: "Levels", Code: figures.CodeRange},
		{Area: errs.Import, Code: imports.CodeCorrupt}, {Area: errs.Import, Code: imports.CodeEmpty},
	}
	seen := map[string]string{}
	for _, e := range cases {
		text, ok := Error(fmt.Errorf("saving: %w", e))
		name := e.Area + "/" + e.Field + "/" + e.Code
		if !ok || text == "" || text == e.Error() {
			t.Errorf("%s: worded %q (ok %v)", name, text, ok)
			continue
		}
		if prev, dup := seen[text]; dup {
			t.Errorf("%s and %s share the words %q", name, prev, text)
		}
		seen[text] = name
	}
	if _, ok := Error(fmt.Errorf("disk full")); ok {
		t.Error("a plain error was taken for a data-layer error")
	}
}
