package customers

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
)

// This file holds the writes other packages make to the tables data/customers owns
// (customers, customer_phones, tags, customer_tags, referrals, complaints, feedback), inside
// their own transaction: data/calls when it logs a call, data/demo when it writes the demo
// shop. They check nothing the caller has already checked.

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.ShopZone).Format(data.TimeLayout)
}

// NewFeedback is one set of after-sale marks to store.
type NewFeedback struct {
	CustomerID int64
	OrderID    int64 // 0 = not about one order
	CallID     int64 // 0 = not given on a call
	Scores     Scores
}

// InsertFeedback stores feedback marks given at at, inside the caller's transaction.
func InsertFeedback(ctx context.Context, tx *sql.Tx, f NewFeedback, at time.Time) (int64, error) {
	s := f.Scores
	res, err := tx.ExecContext(ctx, `INSERT INTO feedback(customer_id, order_id, call_id, delivery, packaging, product, service, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.CustomerID, nullID(f.OrderID), nullID(f.CallID), s.Delivery, s.Packaging, s.Product, s.Service, stamp(at))
	if err != nil {
		return 0, fmt.Errorf("insert feedback: %w", err)
	}
	return res.LastInsertId()
}

// MarkComplaintAnswered moves an open complaint to answered (a call reached the customer
// about it), inside the caller's transaction. A complaint not open is left as it is.
func MarkComplaintAnswered(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET status = ? WHERE id = ? AND status = ?`, StatusAnswered, id, StatusOpen); err != nil {
		return fmt.Errorf("complaint %d answered: %w", id, err)
	}
	return nil
}

// ComplaintState is where a complaint stands when it is written as it was (the demo shop's
// past complaints): its status, resolution and the time it was resolved (zero: not).
type ComplaintState struct {
	Status     string // open | answered | resolved
	Resolution string
	ResolvedAt time.Time
}

// InsertComplaintAs writes a complaint made at at, due ComplaintDeadline later, in state s,
// inside the caller's transaction.
func InsertComplaintAs(ctx context.Context, tx *sql.Tx, n NewComplaint, at time.Time, s ComplaintState) (int64, error) {
	if s.Status == "" {
		s.Status = StatusOpen
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO complaints(customer_id, order_id, call_id, what, severity, created_at, deadline_at, status, resolution, resolved_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.CustomerID, nullID(n.OrderID), nullID(n.CallID), n.What, n.Severity,
		stamp(at), stamp(at.Add(ComplaintDeadline)), s.Status, s.Resolution, stamp(s.ResolvedAt))
	if err != nil {
		return 0, fmt.Errorf("insert complaint: %w", err)
	}
	return res.LastInsertId()
}

// InsertReferral records that referrer brought referred (at, with a note), inside the caller's
// transaction: both customers must exist. It is not a user's edit (SetReferredBy is).
func InsertReferral(ctx context.Context, tx *sql.Tx, referrer, referred int64, at time.Time, note string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET referred_by = ? WHERE id = ?`, referrer, referred); err != nil {
		return fmt.Errorf("referral %d→%d: %w", referrer, referred, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO referrals(referrer_id, referred_id, created_at, note) VALUES (?, ?, ?, ?)`,
		referrer, referred, stamp(at), note); err != nil {
		return fmt.Errorf("referral %d→%d: %w", referrer, referred, err)
	}
	return nil
}

// NewCustomer is a customer written whole, with its id (the demo shop's customers).
type NewCustomer struct {
	ID                                        int64
	Name                                      string
	NameMasked                                bool
	Nickname, Platform, Email, WeChat         string
	Province, City, Address, Birthday, Gender string
	Preferences, PlatformLevel, ContactTime   string
	PointsImported                            int64
	DoNotContact                              bool
	DNCReason, DNCAt                          string
	Created                                   time.Time
	Phone                                     string // "" = none
	PhoneNormalized                           string // "" when masked
	PhoneMasked                               bool
	Tags                                      []string
}

// CustomerWriter writes many whole customers (with their phone and tags) inside one
// transaction, through statements prepared once. Close it when done.
type CustomerWriter struct {
	ctx                 context.Context
	tx                  *sql.Tx
	cust, phone, tagged *sql.Stmt
	tags                map[string]int64
}

// NewCustomerWriter prepares the statements of a CustomerWriter on tx.
func NewCustomerWriter(ctx context.Context, tx *sql.Tx) (*CustomerWriter, error) {
	w := &CustomerWriter{ctx: ctx, tx: tx, tags: map[string]int64{}}
	var err error
	prep := func(dst **sql.Stmt, q string) {
		if err == nil {
			*dst, err = tx.PrepareContext(ctx, q)
		}
	}
	prep(&w.cust, `INSERT INTO customers(id, name, name_masked, nickname, platform, email, wechat, province, city, address,
		birthday, gender, preferences, platform_level, points_imported, do_not_contact, dnc_reason, dnc_at, contact_time,
		created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	prep(&w.phone, `INSERT OR IGNORE INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES (?,?,?,?,?)`)
	prep(&w.tagged, `INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES (?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("customer writer: %w", withClose(w.Close(), err))
	}
	return w, nil
}

// withClose keeps the first failure and drops none silently: a close failing after a
// prepare failed is wrapped into it.
func withClose(closeErr, err error) error {
	if closeErr != nil {
		return fmt.Errorf("%w (and on close: %v)", err, closeErr)
	}
	return err
}

// Close releases the prepared statements.
func (w *CustomerWriter) Close() error {
	var first error
	for _, s := range []*sql.Stmt{w.cust, w.phone, w.tagged} {
		if s == nil {
			continue
		}
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Write inserts c, its phone and its tags (creating tags not seen yet).
func (w *CustomerWriter) Write(c NewCustomer) error {
	created := stamp(c.Created)
	if _, err := w.cust.ExecContext(w.ctx, c.ID, c.Name, b2i(c.NameMasked), c.Nickname, c.Platform, c.Email, c.WeChat, c.Province, c.City, c.Address,
		c.Birthday, c.Gender, c.Preferences, c.PlatformLevel, c.PointsImported, b2i(c.DoNotContact), c.DNCReason, c.DNCAt, c.ContactTime,
		created, created); err != nil {
		return fmt.Errorf("customer %d: %w", c.ID, err)
	}
	if c.Phone != "" {
		if _, err := w.phone.ExecContext(w.ctx, c.ID, c.Phone, c.PhoneNormalized, b2i(c.PhoneMasked), c.Platform); err != nil {
			return fmt.Errorf("phone of %d: %w", c.ID, err)
		}
	}
	for _, t := range c.Tags {
		id, ok := w.tags[t]
		if !ok {
			err := w.tx.QueryRowContext(w.ctx, `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id`, t).Scan(&id)
			if err != nil {
				return fmt.Errorf("tag %q: %w", t, err)
			}
			w.tags[t] = id
		}
		if _, err := w.tagged.ExecContext(w.ctx, c.ID, id); err != nil {
			return fmt.Errorf("tag of %d: %w", c.ID, err)
		}
	}
	return nil
}
