package customers

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
)

func nowText() string { return clock.Now().Format(data.TimeLayout) }

// ComplaintDeadline is how long a complaint may wait for an answer.
const ComplaintDeadline = 24 * time.Hour

// Complaint severities and statuses.
const (
	SeverityLow    = "low"
	SeverityNormal = "normal"
	SeverityHigh   = "high"

	StatusOpen     = "open"
	StatusAnswered = "answered"
	StatusResolved = "resolved"
)

const complaintSelect = `SELECT k.id, k.customer_id, COALESCE(NULLIF(c.name, ''), c.nickname, ''), COALESCE(k.order_id, 0),
	COALESCE(o.order_no, ''), k.what, k.severity, k.created_at, k.deadline_at, k.status, k.resolution, k.resolved_at
	FROM complaints k JOIN customers c ON c.id = k.customer_id LEFT JOIN orders o ON o.id = k.order_id`

func scanComplaint(r scanner) (Complaint, error) {
	var k Complaint
	err := r.Scan(&k.ID, &k.CustomerID, &k.CustomerName, &k.OrderID, &k.OrderNo, &k.What, &k.Severity,
		&k.CreatedAt, &k.DeadlineAt, &k.Status, &k.Resolution, &k.ResolvedAt)
	return k, err
}

// NewComplaint is what the user enters for a complaint.
type NewComplaint struct {
	CustomerID int64
	OrderID    int64 // 0 = not about one order
	CallID     int64 // 0 = not raised on a call
	What       string
	Severity   string // low | normal (default) | high
}

// CreateComplaint records a complaint made now, open, due in 24 hours.
func CreateComplaint(ctx context.Context, st *data.Store, n NewComplaint) (Complaint, error) {
	db := st.DB()
	what := strings.TrimSpace(n.What)
	if what == "" {
		return Complaint{}, &errs.Error{Area: errs.Customers, Field: "complaint", Code: CodeRequired}
	}
	sev := n.Severity
	switch sev {
	case "":
		sev = SeverityNormal
	case SeverityLow, SeverityNormal, SeverityHigh:
	default:
		return Complaint{}, &errs.Error{Area: errs.Customers, Field: "severity", Code: CodeInvalid, Value: sev}
	}
	n.What, n.Severity = what, sev
	var id int64
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = InsertComplaint(ctx, tx, n, clock.Now())
		return err
	})
	if err != nil {
		return Complaint{}, fmt.Errorf("create complaint: %w", err)
	}
	return getComplaint(ctx, db, id)
}

// InsertComplaint writes an open complaint made at at, due ComplaintDeadline later, inside
// the caller's transaction: data/calls opens complaints in the transaction that records the
// call. It checks nothing (CreateComplaint refuses empty text and unknown severities; a
// call's complaint may be blank). Times are written in the shop's zone (UTC+8).
func InsertComplaint(ctx context.Context, tx *sql.Tx, n NewComplaint, at time.Time) (int64, error) {
	return InsertComplaintAs(ctx, tx, n, at, ComplaintState{Status: StatusOpen})
}

func getComplaint(ctx context.Context, db queryer, id int64) (Complaint, error) {
	k, err := scanComplaint(db.QueryRowContext(ctx, complaintSelect+` WHERE k.id = ?`, id))
	if err != nil {
		return k, fmt.Errorf("complaint %d: %w", id, err)
	}
	return k, nil
}

// UpdateComplaint sets a complaint's status and resolution; resolving stamps
// the time, reopening clears it.
func UpdateComplaint(ctx context.Context, st *data.Store, id int64, status, resolution string) (Complaint, error) {
	switch status {
	case StatusOpen, StatusAnswered, StatusResolved:
	default:
		return Complaint{}, &errs.Error{Area: errs.Customers, Field: "status", Code: CodeInvalid, Value: status}
	}
	resolvedAt := ""
	if status == StatusResolved {
		resolvedAt = nowText()
	}
	var k Complaint
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE complaints SET status = ?, resolution = ?,
			resolved_at = CASE WHEN ? = '' THEN '' WHEN resolved_at <> '' THEN resolved_at ELSE ? END WHERE id = ?`,
			status, strings.TrimSpace(resolution), resolvedAt, resolvedAt, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		k, err = getComplaint(ctx, tx, id)
		return err
	})
	if err != nil {
		return Complaint{}, fmt.Errorf("update complaint %d: %w", id, err)
	}
	return k, nil
}

// OpenComplaints lists complaints not yet resolved (open or answered),
// overdue ones first, then by deadline; now decides what is overdue.
func OpenComplaints(ctx context.Context, st *data.Store, now time.Time) ([]Complaint, error) {
	db := st.DB()
	t := now.In(clock.ShopZone).Format(data.TimeLayout)
	var out []Complaint
	err := each(ctx, db, complaintSelect+` WHERE k.status <> 'resolved'
		ORDER BY (k.status = 'open' AND k.deadline_at < ?) DESC, k.deadline_at, k.id`, []any{t}, func(r *sql.Rows) error {
		k, err := scanComplaint(r)
		out = append(out, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open complaints: %w", err)
	}
	return out, nil
}

// Overdue tells whether an open complaint passed its deadline at now.
func (k Complaint) Overdue(now time.Time) bool {
	return k.Status == StatusOpen && k.DeadlineAt < now.In(clock.ShopZone).Format(data.TimeLayout)
}

// Scores are after-sale feedback marks, 1..5 each, 0 when not given.
type Scores struct {
	Delivery, Packaging, Product, Service int
}

// AddFeedback records feedback scores for an order (orderID 0: none named).
func AddFeedback(ctx context.Context, st *data.Store, customerID, orderID, callID int64, s Scores) (int64, error) {
	for _, v := range []struct {
		f string
		v int
	}{{"delivery", s.Delivery}, {"packaging", s.Packaging}, {"product", s.Product}, {"service", s.Service}} {
		if v.v < 0 || v.v > 5 {
			return 0, &errs.Error{Area: errs.Customers, Field: v.f, Code: CodeScore, Value: fmt.Sprint(v.v)}
		}
	}
	if s == (Scores{}) {
		return 0, &errs.Error{Area: errs.Customers, Field: "feedback", Code: CodeRequired}
	}
	var id int64
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = InsertFeedback(ctx, tx, NewFeedback{CustomerID: customerID, OrderID: orderID, CallID: callID, Scores: s}, clock.Now())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add feedback: %w", err)
	}
	return id, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
