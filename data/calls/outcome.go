package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/data/customers"
)

// Severity of a complaint (complaints.severity), as data/customers defines it.
const (
	SeverityLow    = customers.SeverityLow
	SeverityNormal = customers.SeverityNormal
	SeverityHigh   = customers.SeverityHigh
)

// ComplaintInput is what the agent types into the complaint form.
type ComplaintInput struct {
	What     string
	Severity string // low | normal | high; "" = normal
}

// Scores are the four after-sale feedback marks, 1…5 each, 0 = not given.
type Scores struct {
	Delivery, Packaging, Product, Service int
}

// Any reports whether at least one mark was given.
func (s Scores) Any() bool { return s.Delivery+s.Packaging+s.Product+s.Service > 0 }

func (s Scores) list() [4]int { return [4]int{s.Delivery, s.Packaging, s.Product, s.Service} }

// Log is one call to record.
type Log struct {
	EntryID    int64        // the call-list entry; 0 for a call made from the customer card
	CustomerID int64        // needed when EntryID is 0
	Reason     rules.Reason // for calls off the list; list entries use their own
	Agent      string
	Outcome    Outcome
	Note       string
	FollowUpAt time.Time // zero: no follow-up; becomes a callback entry on that day
	Complaint  *ComplaintInput
	Scores     *Scores
	Locale     string    // language of the automatic low-score complaint text ("zh", "en")
	At         time.Time // zero: now
	// Phone is the number dialled, as stored; "" means the first callable one. The outcome
	// wrong_number flags it wrong on the customer, so it is not dialled again.
	Phone string
}

// Logged reports what LogOutcome wrote.
type Logged struct {
	CallID        int64
	ComplaintID   int64 // 0 when no complaint was opened
	FeedbackID    int64
	AutoComplaint bool   // the complaint was opened by a low feedback mark
	WrongPhone    string // the number flagged wrong (outcome wrong_number), "" if none
}

// LogOutcome records a call and its side effects in one transaction:
//   - the call itself (the customer's timeline), with its note and follow-up;
//   - do_not_contact sets the customer's flag, reason DNCReason, with the date;
//   - complaint opens a complaint (24-hour deadline) linked to the call;
//   - feedback marks are stored; a mark of LowScore or less opens a complaint
//     (one per call, even when the agent also chose "complaint");
//   - a reached customer with an open complaint that this entry was about has
//     had the complaint answered; callbacks due for the customer are fulfilled;
//   - the list entry is marked done by the agent.
func LogOutcome(ctx context.Context, st *data.Store, l Log) (Logged, error) {
	var out Logged
	if !l.Outcome.Valid() {
		return out, fmt.Errorf("%w: %q", ErrBadOutcome, l.Outcome)
	}
	if l.Scores != nil {
		for _, v := range l.Scores.list() {
			if v < 0 || v > 5 {
				return out, fmt.Errorf("%w: score %d", ErrBadOutcome, v)
			}
		}
	}
	at := l.At
	if at.IsZero() {
		at = clock.Now()
	}
	now := fmtTime(at)
	err := st.InTx(ctx, func(tx *sql.Tx) error {
		reason, detail, ref, memberList := string(l.Reason), "", int64(0), ""
		var listID any
		cust := l.CustomerID
		if l.EntryID != 0 {
			err := tx.QueryRowContext(ctx, `SELECT customer_id, reason, detail, ref_id, members FROM call_list WHERE id = ?`, l.EntryID).
				Scan(&cust, &reason, &detail, &ref, &memberList)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return err
			}
			listID = l.EntryID
		}
		if cust == 0 {
			return ErrNotFound
		}
		follow := ""
		if !l.FollowUpAt.IsZero() {
			follow = fmtTime(l.FollowUpAt)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO calls(customer_id, list_id, reason, agent, called_at, outcome, note, follow_up_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, cust, listID, reason, l.Agent, now, string(l.Outcome), strings.TrimSpace(l.Note), follow)
		if err != nil {
			if strings.Contains(err.Error(), "FOREIGN KEY") {
				return ErrNotFound
			}
			return err
		}
		if out.CallID, err = res.LastInsertId(); err != nil {
			return err
		}

		// Every promise to call back that is due by today is kept by this call.
		if _, err := tx.ExecContext(ctx, `UPDATE calls SET follow_up_done = 1
			WHERE customer_id = ? AND id <> ? AND follow_up_done = 0 AND follow_up_at <> '' AND follow_up_at < ?`,
			cust, out.CallID, (clock.FromTime(at, clock.ShopZone) + 1).String()); err != nil {
			return err
		}
		if reason == string(rules.ReasonComplaint) && ref != 0 && l.Outcome.Reached() {
			if err := customers.MarkComplaintAnswered(ctx, tx, ref); err != nil {
				return err
			}
		}

		if l.Outcome == DoNotContact {
			// Written as the card writes it: the day, and marked as a user's edit.
			// The person asked: every record of the person is marked.
			for _, m := range withMembers(cust, memberList) {
				if err := customers.MarkDoNotContact(ctx, tx, m, true, DNCReason, at.In(clock.ShopZone).Format(data.DayLayout)); err != nil {
					return err
				}
			}
		}

		if l.Outcome == WrongNumber {
			var err error
			if out.WrongPhone, err = customers.MarkPhoneWrong(ctx, tx, cust, l.Phone, true); err != nil {
				return err
			}
			// The number dialled may be another record's of the person.
			if out.WrongPhone == "" && l.Phone != "" {
				if out.WrongPhone, err = markMembersWrong(ctx, tx, withMembers(cust, memberList), l.Phone); err != nil {
					return err
				}
			}
		}

		var orderID int64 // 0: not about one order
		if detail != "" && reason == string(rules.ReasonAfterSale) {
			err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE order_no = ? AND customer_id = ? ORDER BY id LIMIT 1`, detail, cust).Scan(&orderID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		var low []string
		if l.Scores != nil && l.Scores.Any() {
			s := *l.Scores
			var err error
			out.FeedbackID, err = customers.InsertFeedback(ctx, tx, customers.NewFeedback{CustomerID: cust, OrderID: orderID, CallID: out.CallID,
				Scores: customers.Scores(s)}, at)
			if err != nil {
				return err
			}
			low = lowScoreParts(s, l.Locale)
		}

		if l.Outcome == Complaint || len(low) > 0 {
			what, sev := "", SeverityNormal
			if l.Complaint != nil {
				what = strings.TrimSpace(l.Complaint.What)
				if l.Complaint.Severity != "" {
					sev = l.Complaint.Severity
				}
			}
			if what == "" {
				what = strings.TrimSpace(l.Note)
			}
			if len(low) > 0 {
				out.AutoComplaint = l.Outcome != Complaint
				lowText := lowScoreText(low, l.Locale)
				if what == "" {
					what = lowText
				} else {
					what += "；" + lowText
				}
			}
			switch sev {
			case SeverityLow, SeverityNormal, SeverityHigh:
			default:
				sev = SeverityNormal
			}
			var err error
			out.ComplaintID, err = customers.InsertComplaint(ctx, tx, customers.NewComplaint{
				CustomerID: cust, OrderID: orderID, CallID: out.CallID, What: what, Severity: sev}, at.In(clock.ShopZone))
			if err != nil {
				return err
			}
		}

		if l.EntryID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE call_list SET status = 'done', agent = ?, claimed_at = ? WHERE id = ?`,
				l.Agent, now, l.EntryID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return out, err
		}
		return out, fmt.Errorf("log call: %w", err)
	}
	return out, nil
}

var scoreNames = [2][4]string{
	{"物流", "包装", "商品", "服务"},
	{"delivery", "packaging", "product", "service"},
}

func lowScoreParts(s Scores, locale string) []string {
	names := scoreNames[0]
	if isEnglish(locale) {
		names = scoreNames[1]
	}
	var out []string
	for i, v := range s.list() {
		if v >= 1 && v <= LowScore {
			out = append(out, fmt.Sprintf("%s %d/5", names[i], v))
		}
	}
	return out
}

func lowScoreText(parts []string, locale string) string {
	if isEnglish(locale) {
		return "Low marks on the follow-up call: " + strings.Join(parts, ", ")
	}
	return "回访评分偏低：" + strings.Join(parts, "、")
}

func isEnglish(locale string) bool { return strings.HasPrefix(strings.ToLower(locale), "en") }

// SetDoNotContact sets or clears a customer's do-not-contact flag, dated
// today; it is the customer card's customers.SetDoNotContact.
func SetDoNotContact(ctx context.Context, st *data.Store, customerID int64, on bool, reason string) error {
	return customers.SetDoNotContact(ctx, st, customerID, on, reason, "")
}

// withMembers is cust and the other records of its person (call_list.members).
func withMembers(cust int64, members string) []int64 {
	out := []int64{cust}
	for _, m := range parseMembers(members) {
		if m != cust {
			out = append(out, m)
		}
	}
	return out
}

// markMembersWrong flags phone (as stored or as digits) wrong on each record
// of ids that has it, and returns it when one had.
func markMembersWrong(ctx context.Context, tx *sql.Tx, ids []int64, phone string) (string, error) {
	norm := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, phone FROM customer_phones
		WHERE customer_id IN (`+idList(ids)+`) AND (phone = ? OR normalized = ?) AND masked = 0`, phone, norm)
	if err != nil {
		return "", err
	}
	type own struct {
		id    int64
		phone string
	}
	var hits []own
	for rows.Next() {
		var o own
		if err := rows.Scan(&o.id, &o.phone); err != nil {
			rows.Close()
			return "", err
		}
		hits = append(hits, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	flagged := ""
	for _, o := range hits {
		p, err := customers.MarkPhoneWrong(ctx, tx, o.id, o.phone, true)
		if err != nil {
			return "", err
		}
		if flagged == "" {
			flagged = p
		}
	}
	return flagged, nil
}
