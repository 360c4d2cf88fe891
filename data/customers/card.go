package customers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"huitouke/data"
	"huitouke/data/clock"
	"sort"
	"strings"
)

// Customer is the stored record of one customer (the card's fields). It has one field per
// column of the customers table, more than 25: it is the row, and splitting it would split it.
type Customer struct {
	ID             int64
	Name           string
	NameMasked     bool
	Nickname       string
	Platform       string
	Email          string
	WeChat         string
	QQ             string
	Wangwang       string
	Province       string
	City           string
	Address        string
	Birthday       string // YYYY-MM-DD or --MM-DD
	Gender         string // f | m | ""
	Sizes          string
	Preferences    string
	Notes          string
	PlatformLevel  string
	LevelOverride  string
	PointsImported int64
	ReferredBy     int64 // 0 = nobody
	DoNotContact   bool
	DNCReason      string
	DNCAt          string
	ContactTime    string
	Salutation     string   // set by hand ({称呼}); "" = worked out by rules.Salutation
	Edited         []string // fields a user edited (imports never overwrite them)
	MergedInto     int64
	CreatedAt      string
	UpdatedAt      string
}

// Phone is one phone number of a customer.
type Phone struct {
	Phone      string // as given; a masked one stays masked
	Normalized string // digits only; "" when masked
	Masked     bool
	Source     string // platform or "user"
	Wrong      bool   // an agent found it wrong (call outcome wrong_number): not dialled
}

// Identity is how a platform knows the customer.
type Identity struct {
	ID       int64
	Platform string
	Key      string
	Kind     string // nickname | account | phone | email
	Masked   bool
}

// PointsEntry is one line of the points ledger.
type PointsEntry struct {
	ID        int64
	Delta     int64
	Reason    string
	Source    string // manual | import
	CreatedAt string
}

// Ref names another customer (referrer, referred, merge partner).
type Ref struct {
	ID       int64
	Name     string
	Nickname string
	Bought   bool // has at least one paid order
}

// Stats are the derived figures of customer_stats (zero when not computed).
type Stats struct {
	Computed     bool
	AsOf         string
	PaidOrders   int
	RevenueFen   int64
	FirstDay     string
	LastDay      string
	DaysSince    int
	HasDaysSince bool
	CycleDays    float64
	HasCycle     bool
	NextExpected string
	Segment      string
	RFM          string
	R, F, M      int
	Level        string
	Ladder       string
}

// AverageFen is the average order value (0 without orders).
func (s Stats) AverageFen() int64 {
	if s.PaidOrders == 0 {
		return 0
	}
	return s.RevenueFen / int64(s.PaidOrders)
}

// OrderLine is one product line of an order.
type OrderLine struct {
	Product   string
	SKU       string
	Quantity  int
	PriceFen  int64
	AmountFen int64
	RefundFen int64
	Status    string
}

// Order is one order of the customer.
type Order struct {
	ID         int64
	Platform   string
	OrderNo    string
	Status     string // the platform's words
	State      string // paid | unpaid | closed | refunded
	Paid       bool
	CreatedAt  string
	PaidAt     string
	Day        string
	AmountFen  int64
	RefundFen  int64
	RevenueFen int64
	Items      string
	Quantity   int
	Lines      []OrderLine
}

// Call is one call to the customer and its outcome.
type Call struct {
	ID       int64
	At       string
	Reason   string
	Agent    string
	Outcome  string
	Note     string
	FollowUp string
}

// Complaint is one complaint (24-hour answer deadline).
type Complaint struct {
	ID           int64
	CustomerID   int64
	CustomerName string
	OrderID      int64
	OrderNo      string
	What         string
	Severity     string // low | normal | high
	CreatedAt    string
	DeadlineAt   string
	Status       string // open | answered | resolved
	Resolution   string
	ResolvedAt   string
}

// Feedback is one set of after-sale scores (1..5, 0 = not given).
type Feedback struct {
	ID                                    int64
	OrderID                               int64
	OrderNo                               string
	Delivery, Packaging, Product, Service int
	CreatedAt                             string
}

// Referral is one "who brought whom" link.
type Referral struct {
	Referrer, Referred Ref
	CreatedAt          string
	Note               string
}

// Event kinds of the timeline.
const (
	EventOrder     = "order"
	EventCall      = "call"
	EventFeedback  = "feedback"
	EventComplaint = "complaint"
	EventReferral  = "referral"
	EventPoints    = "points"
)

// Event is one entry of the timeline; exactly one of the pointers is set.
type Event struct {
	Kind      string
	At        string // shop-local time or day
	Order     *Order
	Call      *Call
	Feedback  *Feedback
	Complaint *Complaint
	Referral  *Referral
	Points    *PointsEntry
}

// Card is everything known about one customer.
type Card struct {
	Customer
	Phones        []Phone
	Identities    []Identity
	Tags          []string
	PointsBalance int64 // points_imported + ledger
	Ledger        []PointsEntry
	Referrer      *Ref
	Referred      []Ref
	Stats         Stats
	Orders        []Order // newest first
	Calls         []Call
	Feedback      []Feedback
	Complaints    []Complaint
	Referrals     []Referral
	Timeline      []Event     // newest first
	Prediction    *Prediction // nil when none is stored (card_predictions.go)
}

// ErrNotFound means no customer has that id.
var ErrNotFound = errors.New("customers: no such customer")

const customerCols = `id, name, name_masked, nickname, platform, email, wechat, qq, wangwang, province, city, address,
	birthday, gender, sizes, preferences, notes, platform_level, level_override, points_imported, COALESCE(referred_by, 0),
	do_not_contact, dnc_reason, dnc_at, contact_time, salutation, edited_fields, COALESCE(merged_into, 0), created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanCustomer(r scanner) (Customer, error) {
	var c Customer
	var masked, dnc int
	var edited string
	err := r.Scan(&c.ID, &c.Name, &masked, &c.Nickname, &c.Platform, &c.Email, &c.WeChat, &c.QQ, &c.Wangwang,
		&c.Province, &c.City, &c.Address, &c.Birthday, &c.Gender, &c.Sizes, &c.Preferences, &c.Notes,
		&c.PlatformLevel, &c.LevelOverride, &c.PointsImported, &c.ReferredBy, &dnc, &c.DNCReason, &c.DNCAt,
		&c.ContactTime, &c.Salutation, &edited, &c.MergedInto, &c.CreatedAt, &c.UpdatedAt)
	c.NameMasked, c.DoNotContact = masked != 0, dnc != 0
	for _, f := range strings.Split(edited, ",") {
		if f != "" {
			c.Edited = append(c.Edited, f)
		}
	}
	return c, err
}

// queryer is a *sql.DB or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// Get loads the stored record of one customer.
func Get(ctx context.Context, st *data.Store, id int64) (Customer, error) {
	return get(ctx, st.DB(), id)
}

// get loads the stored record of one customer through a pool or a transaction.
func get(ctx context.Context, db queryer, id int64) (Customer, error) {
	c, err := scanCustomer(db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("customer %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("customer %d: %w", id, err)
	}
	return c, nil
}

// each runs q and calls fn for every row.
func each(ctx context.Context, db queryer, q string, args []any, fn func(r *sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Load reads the whole card of customer id in one read transaction.
func Load(ctx context.Context, st *data.Store, id int64) (*Card, error) {
	db := st.DB()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("load card: %w", err)
	}
	defer tx.Rollback()
	c, err := get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	card := &Card{Customer: c}
	args := []any{id}
	for _, s := range cardSteps(card) {
		if err := each(ctx, tx, s.q, args, s.fn); err != nil {
			return nil, fmt.Errorf("load card %d: %w", id, err)
		}
	}
	if err := attachOrderLines(ctx, tx, card); err != nil {
		return nil, fmt.Errorf("load card %d: order lines: %w", id, err)
	}
	if err := linkReferrals(ctx, tx, card); err != nil {
		return nil, fmt.Errorf("load card %d: referrer: %w", id, err)
	}
	if err := attachPrediction(ctx, tx, card); err != nil {
		return nil, fmt.Errorf("load card %d: %w", id, err)
	}
	card.Timeline = timeline(card)
	return card, nil
}

// cardStep is one query of the card and what fills the card from its rows.
type cardStep struct {
	q  string
	fn func(r *sql.Rows) error
}

// cardSteps are the queries filling card, each with the customer id as its argument.
func cardSteps(card *Card) []cardStep {
	return []cardStep{
		{`SELECT phone, normalized, masked, source, wrong FROM customer_phones WHERE customer_id = ? ORDER BY masked, rowid`, func(r *sql.Rows) error {
			var p Phone
			err := r.Scan(&p.Phone, &p.Normalized, &p.Masked, &p.Source, &p.Wrong)
			card.Phones = append(card.Phones, p)
			return err
		}},
		{`SELECT id, platform, key, kind, masked FROM identities WHERE customer_id = ? ORDER BY id`, func(r *sql.Rows) error {
			var i Identity
			err := r.Scan(&i.ID, &i.Platform, &i.Key, &i.Kind, &i.Masked)
			card.Identities = append(card.Identities, i)
			return err
		}},
		{`SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = ? ORDER BY t.name`, func(r *sql.Rows) error {
			var t string
			err := r.Scan(&t)
			card.Tags = append(card.Tags, t)
			return err
		}},
		{`SELECT id, delta, reason, source, created_at FROM points_ledger WHERE customer_id = ? ORDER BY created_at DESC, id DESC`, func(r *sql.Rows) error {
			var p PointsEntry
			err := r.Scan(&p.ID, &p.Delta, &p.Reason, &p.Source, &p.CreatedAt)
			card.Ledger = append(card.Ledger, p)
			return err
		}},
		// The recompute records its day once, in settings (figures.KeyStatsAsOf), and no
		// longer stores days_since (it would change every row every day): both are derived
		// here, falling back to the row's own values for figures written before.
		{`SELECT paid_orders, revenue_fen, first_paid_day, last_paid_day, days_since, cycle_days, next_expected,
			segment, rfm, r_score, f_score, m_score, level, ladder,
			COALESCE((SELECT value FROM settings WHERE key = 'stats.as_of'), as_of) FROM customer_stats WHERE customer_id = ?`, func(r *sql.Rows) error {
			s := &card.Stats
			var days sql.NullInt64
			var cycle sql.NullFloat64
			err := r.Scan(&s.PaidOrders, &s.RevenueFen, &s.FirstDay, &s.LastDay, &days, &cycle, &s.NextExpected,
				&s.Segment, &s.RFM, &s.R, &s.F, &s.M, &s.Level, &s.Ladder, &s.AsOf)
			s.Computed = true
			s.DaysSince, s.HasDaysSince = int(days.Int64), days.Valid
			if !days.Valid && s.LastDay != "" {
				last, err1 := clock.ParseDay(s.LastDay)
				asOf, err2 := clock.ParseDay(s.AsOf)
				if err1 == nil && err2 == nil {
					s.DaysSince, s.HasDaysSince = int(asOf-last), true
				}
			}
			s.CycleDays, s.HasCycle = cycle.Float64, cycle.Valid
			return err
		}},
		{`SELECT id, platform, order_no, status, state, paid, created_at, paid_at, order_day, amount_fen, refund_fen,
			revenue_fen, items, quantity FROM orders WHERE customer_id = ? ORDER BY order_day DESC, COALESCE(NULLIF(paid_at, ''), created_at) DESC, id DESC`, func(r *sql.Rows) error {
			var o Order
			err := r.Scan(&o.ID, &o.Platform, &o.OrderNo, &o.Status, &o.State, &o.Paid, &o.CreatedAt, &o.PaidAt, &o.Day,
				&o.AmountFen, &o.RefundFen, &o.RevenueFen, &o.Items, &o.Quantity)
			card.Orders = append(card.Orders, o)
			return err
		}},
		{`SELECT id, called_at, reason, agent, outcome, note, follow_up_at FROM calls WHERE customer_id = ? ORDER BY called_at DESC, id DESC`, func(r *sql.Rows) error {
			var c Call
			err := r.Scan(&c.ID, &c.At, &c.Reason, &c.Agent, &c.Outcome, &c.Note, &c.FollowUp)
			card.Calls = append(card.Calls, c)
			return err
		}},
		{`SELECT f.id, COALESCE(f.order_id, 0), COALESCE(o.order_no, ''), f.delivery, f.packaging, f.product, f.service, f.created_at
			FROM feedback f LEFT JOIN orders o ON o.id = f.order_id WHERE f.customer_id = ? ORDER BY f.created_at DESC, f.id DESC`, func(r *sql.Rows) error {
			var f Feedback
			err := r.Scan(&f.ID, &f.OrderID, &f.OrderNo, &f.Delivery, &f.Packaging, &f.Product, &f.Service, &f.CreatedAt)
			card.Feedback = append(card.Feedback, f)
			return err
		}},
		{complaintSelect + ` WHERE k.customer_id = ? ORDER BY k.created_at DESC, k.id DESC`, func(r *sql.Rows) error {
			k, err := scanComplaint(r)
			card.Complaints = append(card.Complaints, k)
			return err
		}},
		{`SELECT r.referrer_id, a.name, a.nickname, r.referred_id, b.name, b.nickname,
			EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = r.referred_id AND o.paid = 1), r.created_at, r.note
			FROM referrals r JOIN customers a ON a.id = r.referrer_id JOIN customers b ON b.id = r.referred_id
			WHERE r.referrer_id = ?1 OR r.referred_id = ?1 ORDER BY r.created_at DESC`, func(r *sql.Rows) error {
			var x Referral
			err := r.Scan(&x.Referrer.ID, &x.Referrer.Name, &x.Referrer.Nickname, &x.Referred.ID, &x.Referred.Name,
				&x.Referred.Nickname, &x.Referred.Bought, &x.CreatedAt, &x.Note)
			card.Referrals = append(card.Referrals, x)
			return err
		}},
	}
}

// attachOrderLines reads the order lines in one query and attaches them to their orders.
func attachOrderLines(ctx context.Context, tx *sql.Tx, card *Card) error {
	args := []any{card.ID}
	byID := make(map[int64]*Order, len(card.Orders))
	for i := range card.Orders {
		byID[card.Orders[i].ID] = &card.Orders[i]
	}
	if len(byID) > 0 {
		err := each(ctx, tx, `SELECT l.order_id, l.product, l.sku, l.quantity, l.price_fen, l.amount_fen, l.refund_fen, l.status
			FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.customer_id = ? ORDER BY l.order_id, l.id`, args, func(r *sql.Rows) error {
			var oid int64
			var l OrderLine
			if err := r.Scan(&oid, &l.Product, &l.SKU, &l.Quantity, &l.PriceFen, &l.AmountFen, &l.RefundFen, &l.Status); err != nil {
				return err
			}
			if o := byID[oid]; o != nil {
				o.Lines = append(o.Lines, l)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// linkReferrals works out the points balance, who referred the customer and whom they
// referred.
func linkReferrals(ctx context.Context, tx *sql.Tx, card *Card) error {
	c, id := card.Customer, card.ID
	card.PointsBalance = c.PointsImported
	for _, p := range card.Ledger {
		card.PointsBalance += p.Delta
	}
	for _, x := range card.Referrals {
		if x.Referred.ID == id && x.Referrer.ID != id {
			r := x.Referrer
			card.Referrer = &r
		} else if x.Referrer.ID == id {
			card.Referred = append(card.Referred, x.Referred)
		}
	}
	if card.Referrer == nil && c.ReferredBy != 0 {
		var r Ref
		err := tx.QueryRowContext(ctx, `SELECT id, name, nickname FROM customers WHERE id = ?`, c.ReferredBy).Scan(&r.ID, &r.Name, &r.Nickname)
		switch {
		case err == nil:
			card.Referrer = &r
		case !errors.Is(err, sql.ErrNoRows): // a referrer since deleted is simply not shown
			return err
		}
	}
	return nil
}

func timeline(c *Card) []Event {
	var ev []Event
	for i := range c.Orders {
		o := &c.Orders[i]
		at := o.PaidAt
		if at == "" {
			at = o.CreatedAt
		}
		if at == "" {
			at = o.Day
		}
		ev = append(ev, Event{Kind: EventOrder, At: at, Order: o})
	}
	for i := range c.Calls {
		ev = append(ev, Event{Kind: EventCall, At: c.Calls[i].At, Call: &c.Calls[i]})
	}
	for i := range c.Feedback {
		ev = append(ev, Event{Kind: EventFeedback, At: c.Feedback[i].CreatedAt, Feedback: &c.Feedback[i]})
	}
	for i := range c.Complaints {
		ev = append(ev, Event{Kind: EventComplaint, At: c.Complaints[i].CreatedAt, Complaint: &c.Complaints[i]})
	}
	for i := range c.Referrals {
		ev = append(ev, Event{Kind: EventReferral, At: c.Referrals[i].CreatedAt, Referral: &c.Referrals[i]})
	}
	for i := range c.Ledger {
		ev = append(ev, Event{Kind: EventPoints, At: c.Ledger[i].CreatedAt, Points: &c.Ledger[i]})
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].At > ev[j].At })
	return ev
}
