package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sort"

	"huitouke/data"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/customers"
	"huitouke/data/imports"
)

// Write stores a generated shop in st, which should be empty, and marks st
// as demo data. Nothing is written here by hand: every table goes through
// its owner, as in a real shop —
//   - the orders, customers, phones, identities and import history: the
//     shop's exports, written as files and imported by data/imports;
//   - what the shop noted on the cards (birthdays, WeChat, tags, referrals,
//     do-not-contact), the complaints and the feedback: data/customers;
//   - the calls: data/calls.
//
// st is marked as demo first, so a demo left half written is still
// recognised, and replaced, by Create.
func Write(ctx context.Context, st *data.Store, s *Shop) error {
	if err := writeShop(ctx, st, s); err != nil {
		return fmt.Errorf("demo: write: %w", err)
	}
	return nil
}

func writeShop(ctx context.Context, st *data.Store, s *Shop) error {
	for _, kv := range [][2]string{{SettingDemo, "1"}, {settingShopName, ShopName}} {
		if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	if err := importExports(ctx, st, s); err != nil {
		return err
	}
	ids, err := storedIDs(ctx, st, s)
	if err != nil {
		return err
	}
	for _, step := range []func(context.Context, *data.Store, *Shop, stored) error{writeCards, writeCalls, writeComplaints, writeFeedback} {
		if err := step(ctx, st, s, ids); err != nil {
			return err
		}
	}
	return nil
}

// importExports writes the shop's exports to a temporary folder and imports
// them. A new demo has nothing to undo to, so no backup is taken (none is
// left in the demo's folder either).
func importExports(ctx context.Context, st *data.Store, s *Shop) (err error) {
	dir, err := os.MkdirTemp("", "huitouke-demo-")
	if err != nil {
		return err
	}
	defer func() {
		if rerr := os.RemoveAll(dir); rerr != nil && err == nil {
			err = rerr
		}
	}()
	paths, err := writeExports(dir, s)
	if err != nil {
		return err
	}
	results, err := imports.ImportFiles(ctx, st, paths, imports.Options{NoBackup: true})
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range results {
		switch {
		case r.Status != imports.StatusOK:
			errs = append(errs, fmt.Errorf("import %s: %s: %w", r.File, r.Code, r.Err))
		case r.RowsRejected > 0:
			errs = append(errs, fmt.Errorf("import %s: %d rows rejected", r.File, r.RowsRejected))
		}
	}
	return errors.Join(errs...)
}

// stored maps the generated shop's ids to the ids the importer gave.
type stored struct {
	customer map[int64]int64 // demo customer id → customers.id
	order    map[int64]int64 // demo order id → orders.id
}

// storedIDs finds each generated order, and through it its customer, by
// platform and order number.
func storedIDs(ctx context.Context, st *data.Store, s *Shop) (stored, error) {
	ids := stored{customer: map[int64]int64{}, order: map[int64]int64{}}
	type row struct{ id, customer int64 }
	byNo := map[[2]string]row{}
	rows, err := st.DB().QueryContext(ctx, `SELECT platform, order_no, id, COALESCE(customer_id, 0) FROM orders`)
	if err != nil {
		return ids, err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		var r row
		if err := rows.Scan(&k[0], &k[1], &r.id, &r.customer); err != nil {
			return ids, err
		}
		byNo[k] = r
	}
	if err := rows.Err(); err != nil {
		return ids, err
	}
	for _, o := range s.Orders {
		r, ok := byNo[[2]string{o.Platform, o.OrderNo}]
		if !ok || r.customer == 0 {
			return ids, fmt.Errorf("order %s %s was not imported with its buyer", o.Platform, o.OrderNo)
		}
		ids.order[o.ID] = r.id
		ids.customer[o.Customer] = r.customer
	}
	return ids, nil
}

// writeCards fills in what a shop keeps on its customers' cards beyond the
// exports.
func writeCards(ctx context.Context, st *data.Store, s *Shop, ids stored) error {
	day := s.AsOf.Format(data.DayLayout)
	tagged := map[string][]int64{}
	for _, c := range s.Customers {
		id := ids.customer[c.ID]
		fields := [][2]string{{customers.FieldWeChat, c.WeChat}, {customers.FieldPreferences, c.Preferences},
			{customers.FieldContactTime, c.ContactTime}}
		if c.Platform != imports.Youzan { // the customer list brought these
			fields = append(fields, [2]string{customers.FieldBirthday, c.Birthday}, [2]string{customers.FieldGender, c.Gender})
			for _, t := range c.Tags {
				tagged[t] = append(tagged[t], id)
			}
		}
		if c.Platform == imports.Taobao || c.Platform == imports.JD {
			// Their exports give the address in one piece.
			fields = append(fields, [2]string{customers.FieldProvince, c.Province}, [2]string{customers.FieldCity, c.City})
		}
		if c.Nickname != "" && c.Nickname != c.Key {
			fields = append(fields, [2]string{customers.FieldNickname, c.Nickname})
		}
		for _, f := range fields {
			if f[1] == "" {
				continue
			}
			if _, err := customers.SetField(ctx, st, id, f[0], f[1]); err != nil {
				return fmt.Errorf("customer %d: %w", c.ID, err)
			}
		}
		if c.DoNotContact {
			if err := customers.SetDoNotContact(ctx, st, id, true, c.DNCReason, day); err != nil {
				return fmt.Errorf("customer %d: %w", c.ID, err)
			}
		}
	}
	tags := make([]string, 0, len(tagged))
	for t := range tagged {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for _, t := range tags {
		if err := customers.AddTag(ctx, st, tagged[t], t); err != nil {
			return err
		}
	}
	for _, r := range s.Referrals {
		if err := customers.SetReferredBy(ctx, st, ids.customer[int64(r[1])], ids.customer[int64(r[0])]); err != nil {
			return fmt.Errorf("referral: %w", err)
		}
	}
	return nil
}

// writeCalls logs the agents' calls, oldest first, as they were made.
func writeCalls(ctx context.Context, st *data.Store, s *Shop, ids stored) error {
	cs := append([]Call(nil), s.Calls...)
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].At.Before(cs[j].At) })
	for _, c := range cs {
		_, err := calls.LogOutcome(ctx, st, calls.Log{CustomerID: ids.customer[c.Customer], Reason: rules.Reason(c.Reason),
			Agent: c.Agent, Outcome: calls.Outcome(c.Outcome), Note: c.Note, FollowUpAt: c.FollowUp, At: c.At})
		if err != nil {
			return fmt.Errorf("call: %w", err)
		}
	}
	return nil
}

// writeComplaints opens each complaint when it was made; the handled ones
// are then resolved.
func writeComplaints(ctx context.Context, st *data.Store, s *Shop, ids stored) error {
	for _, c := range s.Complaints {
		var id int64
		err := st.InTx(ctx, func(tx *sql.Tx) error {
			var err error
			id, err = customers.InsertComplaint(ctx, tx, customers.NewComplaint{CustomerID: ids.customer[c.Customer],
				OrderID: ids.order[c.Order], What: c.What, Severity: c.Severity}, c.Created)
			return err
		})
		if err != nil {
			return fmt.Errorf("complaint: %w", err)
		}
		if c.Status != customers.StatusOpen {
			if _, err := customers.UpdateComplaint(ctx, st, id, c.Status, c.Resolution); err != nil {
				return fmt.Errorf("complaint: %w", err)
			}
		}
	}
	return nil
}

// writeFeedback records the after-sale marks.
func writeFeedback(ctx context.Context, st *data.Store, s *Shop, ids stored) error {
	for _, f := range s.Feedback {
		_, err := customers.AddFeedback(ctx, st, ids.customer[f.Customer], ids.order[f.Order], 0,
			customers.Scores{Delivery: f.Delivery, Packaging: f.Packaging, Product: f.Product, Service: f.Service})
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
	}
	return nil
}
