package calls

import (
	"context"
	"fmt"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Results measures the calls made from day from to day to (both included)
// against the holdout entries of those days: a customer converts with a paid
// order within window days after the call (rules.Measure). Orders come
// from the orders table, so orders imported later count on the next look.
func Results(ctx context.Context, st *data.Store, from, to clock.Day, window int) (rules.Results, error) {
	if window <= 0 {
		window = rules.ConversionWindow
	}
	db := st.DB()
	var recs []rules.CallRecord
	rows, err := db.QueryContext(ctx, `SELECT customer_id, substr(called_at, 1, 10), agent, reason, outcome FROM calls
		WHERE called_at >= ? AND called_at < ?`, from.String(), (to + 1).String())
	if err != nil {
		return rules.Results{}, fmt.Errorf("read calls: %w", err)
	}
	for rows.Next() {
		var r rules.CallRecord
		var day, reason, outcome string
		if err := rows.Scan(&r.CustomerID, &day, &r.Agent, &reason, &outcome); err != nil {
			rows.Close()
			return rules.Results{}, fmt.Errorf("read calls: %w", err)
		}
		d, ok := parseDay([]byte(day))
		if !ok {
			continue
		}
		r.Day, r.Reason, r.Reached = d, rules.Reason(reason), Outcome(outcome).Reached()
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rules.Results{}, fmt.Errorf("read calls: %w", err)
	}
	rows, err = db.QueryContext(ctx, `SELECT customer_id, day, reason FROM call_list WHERE holdout = 1 AND day >= ? AND day <= ?`,
		from.String(), to.String())
	if err != nil {
		return rules.Results{}, fmt.Errorf("read holdout: %w", err)
	}
	for rows.Next() {
		r := rules.CallRecord{Holdout: true}
		var day, reason string
		if err := rows.Scan(&r.CustomerID, &day, &reason); err != nil {
			rows.Close()
			return rules.Results{}, fmt.Errorf("read holdout: %w", err)
		}
		d, ok := parseDay([]byte(day))
		if !ok {
			continue
		}
		r.Day, r.Reason = d, rules.Reason(reason)
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rules.Results{}, fmt.Errorf("read holdout: %w", err)
	}
	paid := map[int64][]clock.Day{}
	rows, err = db.QueryContext(ctx, `SELECT customer_id, order_day FROM orders
		WHERE paid = 1 AND order_day >= ? AND order_day <= ? AND customer_id IN (
			SELECT customer_id FROM calls WHERE called_at >= ? AND called_at < ?
			UNION SELECT customer_id FROM call_list WHERE holdout = 1 AND day >= ? AND day <= ?)`,
		from.String(), (to + clock.Day(window)).String(), from.String(), (to + 1).String(), from.String(), to.String())
	if err != nil {
		return rules.Results{}, fmt.Errorf("read orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var day string
		if err := rows.Scan(&id, &day); err != nil {
			return rules.Results{}, fmt.Errorf("read orders: %w", err)
		}
		if d, ok := parseDay([]byte(day)); ok {
			paid[id] = append(paid[id], d)
		}
	}
	if err := rows.Err(); err != nil {
		return rules.Results{}, fmt.Errorf("read orders: %w", err)
	}
	return rules.Measure(recs, paid, window), nil
}

// Progress counts a day's shown entries by status.
type Progress struct {
	Total, Done, Working, Open int
}

// DayProgress reads how far the day's list is worked.
func DayProgress(ctx context.Context, st *data.Store, day clock.Day) (Progress, error) {
	var p Progress
	err := st.DB().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(status IN ('done','skipped')), 0), COALESCE(SUM(status = 'working'), 0)
		FROM call_list WHERE day = ? AND holdout = 0 AND no_number = 0`, day.String()).Scan(&p.Total, &p.Done, &p.Working)
	if err != nil {
		return p, fmt.Errorf("read progress: %w", err)
	}
	p.Open = p.Total - p.Done - p.Working
	return p, nil
}
