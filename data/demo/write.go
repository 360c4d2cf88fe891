package demo

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
)

var nonDigit = regexp.MustCompile(`\D`)

// Write stores a generated shop in st, which should be empty, in one
// transaction, and marks st as demo data.
func Write(ctx context.Context, st *data.Store, s *Shop) error {
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		w := writer{ctx: ctx, tx: tx, now: s.AsOf.Format(data.TimeLayout)}
		for _, step := range []func(*Shop) error{w.settings, w.imports, w.customers, w.orders, w.extras} {
			if err := step(s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("demo: write: %w", err)
	}
	return nil
}

type writer struct {
	ctx       context.Context
	tx        *sql.Tx
	now       string
	importIDs map[string]int64
	tags      map[string]int64
}

func (w *writer) exec(q string, args ...any) (sql.Result, error) {
	return w.tx.ExecContext(w.ctx, q, args...)
}

// stmt prepares q once and returns a function running it.
func (w *writer) stmt(q string) (func(args ...any) (sql.Result, error), func(), error) {
	st, err := w.tx.PrepareContext(w.ctx, q)
	if err != nil {
		return nil, nil, fmt.Errorf("prepare: %w", err)
	}
	return func(args ...any) (sql.Result, error) { return st.ExecContext(w.ctx, args...) }, func() { st.Close() }, nil
}

func tstr(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.ShopZone).Format(data.TimeLayout)
}

func (w *writer) settings(s *Shop) error {
	for k, v := range map[string]string{SettingDemo: "1", settingShopName: ShopName} {
		if _, err := w.exec(`INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("settings: %w", err)
		}
	}
	return nil
}

// imports records one import per platform, as if the shop had dropped one
// export file of each.
func (w *writer) imports(s *Shop) error {
	type tally struct{ orders, customers int }
	counts := map[string]*tally{}
	var order []string
	for _, c := range s.Customers {
		if counts[c.Platform] == nil {
			counts[c.Platform] = &tally{}
			order = append(order, c.Platform)
		}
		counts[c.Platform].customers++
	}
	for _, o := range s.Orders {
		counts[o.Platform].orders++
	}
	w.importIDs = map[string]int64{}
	for i, p := range order {
		started := s.AsOf.Add(-time.Duration(len(order)-i) * time.Minute)
		res, err := w.exec(`INSERT INTO imports(file_name, platform, status, message, rows_read, orders_new, customers_new, started_at, finished_at)
			VALUES (?, ?, 'ok', 'demo', ?, ?, ?, ?, ?)`,
			fmt.Sprintf("示例_%s_订单.xlsx", p), p, counts[p].orders, counts[p].orders, counts[p].customers,
			tstr(started), tstr(started.Add(2*time.Second)))
		if err != nil {
			return fmt.Errorf("imports: %w", err)
		}
		w.importIDs[p], _ = res.LastInsertId()
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (w *writer) customers(s *Shop) error {
	ins, done, err := w.stmt(`INSERT INTO customers(id, name, name_masked, nickname, platform, email, wechat, province, city, address,
		birthday, gender, preferences, platform_level, points_imported, do_not_contact, dnc_reason, dnc_at, contact_time,
		created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer done()
	ident, done2, err := w.stmt(`INSERT INTO identities(platform, key, kind, masked, customer_id) VALUES (?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer done2()
	phone, done3, err := w.stmt(`INSERT OR IGNORE INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES (?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer done3()
	w.tags = map[string]int64{}
	for _, c := range s.Customers {
		dncAt := ""
		if c.DoNotContact {
			dncAt = w.now
		}
		created := tstr(c.Created)
		if _, err := ins(c.ID, c.Name, b2i(c.NameMasked), c.Nickname, c.Platform, c.Email, c.WeChat, c.Province, c.City, c.Addr,
			c.Birthday, c.Gender, c.Preferences, c.PlatformLevel, c.PointsImported, b2i(c.DoNotContact), c.DNCReason, dncAt, c.ContactTime,
			created, created); err != nil {
			return fmt.Errorf("customer %d: %w", c.ID, err)
		}
		if _, err := ident(c.Platform, c.Key, c.KeyKind, b2i(c.KeyMasked), c.ID); err != nil {
			return fmt.Errorf("identity of %d: %w", c.ID, err)
		}
		if c.Platform != "woocommerce" || c.ID%3 == 0 { // overseas buyers rarely leave a phone
			p, norm := c.Phone, c.Phone
			if c.PhoneMasked {
				p, norm = maskPhone(c.Phone), ""
			}
			if _, err := phone(c.ID, p, nonDigit.ReplaceAllString(norm, ""), b2i(c.PhoneMasked), c.Platform); err != nil {
				return fmt.Errorf("phone of %d: %w", c.ID, err)
			}
		}
		for _, t := range c.Tags {
			id, ok := w.tags[t]
			if !ok {
				res, err := w.exec(`INSERT INTO tags(name) VALUES (?)`, t)
				if err != nil {
					return fmt.Errorf("tag: %w", err)
				}
				id, _ = res.LastInsertId()
				w.tags[t] = id
			}
			if _, err := w.exec(`INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES (?, ?)`, c.ID, id); err != nil {
				return fmt.Errorf("customer tag: %w", err)
			}
		}
	}
	// Referrals after every customer exists (the foreign key needs both).
	for _, r := range s.Referrals {
		if _, err := w.exec(`UPDATE customers SET referred_by = ? WHERE id = ?`, r[0], r[1]); err != nil {
			return fmt.Errorf("referral: %w", err)
		}
		if _, err := w.exec(`INSERT OR IGNORE INTO referrals(referrer_id, referred_id, created_at, note) VALUES (?, ?, ?, '朋友推荐')`,
			r[0], r[1], tstr(s.Customers[r[1]-1].Created)); err != nil {
			return fmt.Errorf("referral: %w", err)
		}
	}
	return nil
}

func (w *writer) orders(s *Shop) error {
	ins, done, err := w.stmt(`INSERT INTO orders(id, platform, order_no, customer_id, status, state, paid, created_at, paid_at, order_day,
		amount_fen, refund_fen, revenue_fen, items, quantity, receiver_name, receiver_phone, address, import_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer done()
	line, done2, err := w.stmt(`INSERT INTO order_lines(order_id, line_key, product, sku, quantity, price_fen, amount_fen, refund_fen, status)
		VALUES (?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer done2()
	for _, o := range s.Orders {
		day := o.Created
		if !o.PaidAt.IsZero() {
			day = o.PaidAt
		}
		var revenue int64
		if o.Paid {
			revenue = o.AmountFen - o.RefundFen
		}
		var names []string
		qty := 0
		for _, l := range o.Lines {
			names = append(names, l.Product)
			qty += l.Qty
		}
		if _, err := ins(o.ID, o.Platform, o.OrderNo, o.Customer, o.Status, o.State, b2i(o.Paid), tstr(o.Created), tstr(o.PaidAt),
			day.In(clock.ShopZone).Format(data.DayLayout), o.AmountFen, o.RefundFen, revenue, strings.Join(names, "，"), qty,
			o.Receiver, o.Phone, o.Addr, w.importIDs[o.Platform]); err != nil {
			return fmt.Errorf("order %s: %w", o.OrderNo, err)
		}
		for i, l := range o.Lines {
			var refund int64
			if i == 0 {
				refund = o.RefundFen
			}
			if _, err := line(o.ID, fmt.Sprint(i+1), l.Product, l.SKU, l.Qty, l.PriceFen, l.PriceFen*int64(l.Qty), refund, o.Status); err != nil {
				return fmt.Errorf("order line: %w", err)
			}
		}
	}
	return nil
}

func (w *writer) extras(s *Shop) error {
	for _, c := range s.Calls {
		if _, err := w.exec(`INSERT INTO calls(customer_id, reason, agent, called_at, outcome, note, follow_up_at, follow_up_done)
			VALUES (?,?,?,?,?,?,?,?)`, c.Customer, c.Reason, c.Agent, tstr(c.At), c.Outcome, c.Note, tstr(c.FollowUp), b2i(c.FollowUpDone)); err != nil {
			return fmt.Errorf("call: %w", err)
		}
	}
	for _, f := range s.Feedback {
		if _, err := w.exec(`INSERT INTO feedback(customer_id, order_id, delivery, packaging, product, service, created_at)
			VALUES (?,?,?,?,?,?,?)`, f.Customer, f.Order, f.Delivery, f.Packaging, f.Product, f.Service, tstr(f.At)); err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
	}
	for _, c := range s.Complaints {
		resolved := ""
		if c.Status == "resolved" {
			resolved = tstr(c.Created.Add(5 * time.Hour))
		}
		if _, err := w.exec(`INSERT INTO complaints(customer_id, order_id, what, severity, created_at, deadline_at, status, resolution, resolved_at)
			VALUES (?,?,?,?,?,?,?,?,?)`, c.Customer, c.Order, c.What, c.Severity, tstr(c.Created), tstr(c.Created.Add(24*time.Hour)),
			c.Status, c.Resolution, resolved); err != nil {
			return fmt.Errorf("complaint: %w", err)
		}
	}
	return nil
}
