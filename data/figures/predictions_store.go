package figures

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
	"huitouke/data/figures/predict"
)

// Settings keys the recompute writes about the predictions.
const (
	// KeyPredictFit holds the last fit as JSON (FitInfo); deleted when there is none.
	KeyPredictFit = "predict.fit"
	// KeyPredictStatus is "ok", "too_few" or "no_fit".
	KeyPredictStatus = "predict.status"
)

// Prediction statuses (KeyPredictStatus, Summary.PredictStatus).
const (
	PredictOK     = "ok"
	PredictTooFew = "too_few"
	PredictNoFit  = "no_fit"
)

// maxNextDays: a next purchase further out than this is stored without a date.
const maxNextDays = 3 * 365

// FitInfo is the stored fit (days).
type FitInfo struct {
	AsOf      string  `json:"as_of"`
	R         float64 `json:"r"`
	Alpha     float64 `json:"alpha"`
	A         float64 `json:"a"`
	B         float64 `json:"b"`
	P         float64 `json:"p,omitempty"`
	Q         float64 `json:"q,omitempty"`
	GammaFen  float64 `json:"gamma_fen,omitempty"`
	Customers int     `json:"customers"`
	Repeaters int     `json:"repeaters"`
	Discount  float64 `json:"monthly_discount"`
}

// StoredPrediction is one customer's stored predictions.
type StoredPrediction struct {
	PAlive                  float64
	Next30, Next90, Next365 float64
	ValueFen, Value12mFen   int64
	NextDay                 clock.Day // 0: none within three years
}

// predRow is a stored row, rounded as stored: P(alive) to 1/1000, the expected purchases to
// 1/100, the 12-month value to the yuan, so a day that moves a prediction less than that
// leaves its row alone.
type predRow struct {
	id                     int64
	pAlive, n30, n90, n365 float64
	value, value12m        int64
	next                   string
}

func roundTo(v, unit float64) float64 { return math.Round(v/unit) * unit }

func toRow(id int64, p predict.Prediction, asOf clock.Day) predRow {
	r := predRow{id: id, pAlive: roundTo(p.PAlive, 0.001), n30: roundTo(p.Next30, 0.01), n90: roundTo(p.Next90, 0.01),
		n365: roundTo(p.Next365, 0.01), value: int64(math.Round(p.ValuePerPurchase)),
		value12m: 100 * int64(math.Round(p.Value12m/100))}
	if p.NextDays <= maxNextDays {
		r.next = asOf.Add(int(math.Ceil(p.NextDays))).String()
	}
	return r
}

// predictResult is what refreshing the predictions did, for the recompute's Summary.
type predictResult struct {
	status  string
	reason  error
	rows    int // customers with a prediction
	written int // rows inserted, changed or deleted
	took    time.Duration
	// Where the time went: summaries and fits, predictions, reading and writing the table.
	fit, predict, write time.Duration
}

// refreshPredictions refits the models on orders (paid, sorted by customer and day) as of
// asOf, in days, predicts every buyer and brings customer_predictions to it, writing only the
// rows that changed. Too few data or a failed fit is not an error: every row is deleted and
// the status says why (the segments are then the only guide).
func refreshPredictions(ctx context.Context, st *data.Store, orders []calc.Order, asOf clock.Day) (predictResult, error) {
	t0 := time.Now()
	res := predictResult{status: PredictOK}
	discount, err := MonthlyDiscount(ctx, st)
	if err != nil {
		return res, err
	}
	cs := predict.Summarize(orders, asOf, predict.Day)
	m, ferr := predict.Fit(cs, predict.Day)
	res.fit = time.Since(t0)
	var want []predRow // in customer order, as Summarize returns them
	var info []byte
	if ferr != nil {
		res.status, res.reason = PredictNoFit, ferr
		if errors.Is(ferr, predict.ErrTooFew) {
			res.status = PredictTooFew
		}
	} else {
		fi := FitInfo{AsOf: asOf.String(), R: m.BGNBD.R, Alpha: m.BGNBD.Alpha, A: m.BGNBD.A, B: m.BGNBD.B,
			Customers: m.Customers, Repeaters: m.Repeaters, Discount: discount}
		if m.HasSpend {
			fi.P, fi.Q, fi.GammaFen = m.Spend.P, m.Spend.Q, m.Spend.Gamma
		}
		if info, err = json.Marshal(fi); err != nil {
			return res, err
		}
		res.rows = len(cs)
		// The same fit on the same day as stored: the rows are what they would be.
		if old, err := st.Setting(ctx, KeyPredictFit, ""); err == nil && old == string(info) {
			res.took = time.Since(t0)
			return res, nil
		}
		t1 := time.Now()
		ps := predict.PredictAll(m, cs, discount)
		want = make([]predRow, len(cs))
		for i := range cs {
			want[i] = toRow(cs[i].ID, ps[i], asOf)
		}
		res.predict = time.Since(t1)
	}
	t2 := time.Now()
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		n, err := writePredictions(ctx, tx, want)
		res.written = n
		if err != nil {
			return err
		}
		// A shop without a buyer has nothing to say: its settings stay untouched (as
		// setStatsAsOf leaves them).
		if len(cs) == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, KeyPredictStatus)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KeyPredictStatus, res.status)
		}
		if err != nil {
			return err
		}
		if info == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, KeyPredictFit)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
				ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KeyPredictFit, string(info))
		}
		return err
	})
	if err != nil {
		return res, fmt.Errorf("save predictions: %w", err)
	}
	res.took, res.write = time.Since(t0), time.Since(t2)
	return res, nil
}

// predMemo remembers the last refresh of a Cache: the same orders (cache version), day and
// discount rate give the same fit, so a recompute that changed nothing skips the refit.
type predMemo struct {
	ok       bool
	ver      uint64
	asOf     clock.Day
	discount float64
	res      predictResult
}

// refreshPredictionsLocked is refreshPredictions on the cache's orders, skipped when the
// memo says nothing changed since the last one. Call with c.mu held, orders loaded.
func (c *Cache) refreshPredictionsLocked(ctx context.Context, st *data.Store, asOf clock.Day) (predictResult, error) {
	discount, err := MonthlyDiscount(ctx, st)
	if err != nil {
		return predictResult{}, err
	}
	m := c.pred
	if m.ok && m.ver == c.loadedAt && m.asOf == asOf && m.discount == discount {
		r := m.res
		r.written, r.took, r.fit, r.predict, r.write = 0, 0, 0, 0, 0
		return r, nil
	}
	c.pred.ok = false
	r, err := refreshPredictions(ctx, st, c.orders, asOf)
	if err != nil {
		return r, err
	}
	c.pred = predMemo{ok: true, ver: c.loadedAt, asOf: asOf, discount: discount, res: r}
	return r, nil
}

// writePredictions brings customer_predictions to want (sorted by customer) and returns how
// many rows it wrote. The stored rows are read in customer order and merged with want; when
// more than maxDiffShare of them differ (a new fit moves most predictions a little), the
// table is emptied and written afresh in multi-row inserts, else the changes are upserted
// and the rows of customers no longer predicted deleted.
func writePredictions(ctx context.Context, tx *sql.Tx, want []predRow) (int, error) {
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM customer_predictions`).Scan(&have); err != nil {
		return 0, err
	}
	if len(want) == 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM customer_predictions`)
		return have, err
	}
	var changed []predRow
	var gone []int64
	if have > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT customer_id, p_alive, next_30, next_90, next_365, value_fen,
			value_12m_fen, next_day FROM customer_predictions ORDER BY customer_id`)
		if err != nil {
			return 0, err
		}
		i := 0
		limit := int(maxDiffShare*float64(max(have, len(want)))) + 1
		for rows.Next() && len(changed)+len(gone) <= limit {
			var r predRow
			if err := rows.Scan(&r.id, &r.pAlive, &r.n30, &r.n90, &r.n365, &r.value, &r.value12m, &r.next); err != nil {
				rows.Close()
				return 0, err
			}
			for i < len(want) && want[i].id < r.id {
				changed = append(changed, want[i]) // new
				i++
			}
			if i < len(want) && want[i].id == r.id {
				if want[i] != r {
					changed = append(changed, want[i])
				}
				i++
			} else {
				gone = append(gone, r.id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if len(changed)+len(gone) <= limit {
			changed = append(changed, want[i:]...)
		}
		if len(changed)+len(gone) <= limit {
			return upsertPredictions(ctx, tx, changed, gone)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_predictions`); err != nil {
			return 0, err
		}
	}
	return insertPredictions(ctx, tx, want)
}

// predBatch is the number of rows of one multi-row insert (8 variables a row).
const predBatch = 500

func insertPredictions(ctx context.Context, tx *sql.Tx, rows []predRow) (int, error) {
	const head = `INSERT INTO customer_predictions(customer_id, p_alive, next_30, next_90, next_365, value_fen,
		value_12m_fen, next_day) VALUES `
	var full *sql.Stmt
	args := make([]any, 0, 8*predBatch)
	for lo := 0; lo < len(rows); lo += predBatch {
		part := rows[lo:min(lo+predBatch, len(rows))]
		args = args[:0]
		for _, r := range part {
			args = append(args, r.id, r.pAlive, r.n30, r.n90, r.n365, r.value, r.value12m, r.next)
		}
		q := head + strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(part)-1) + "(?, ?, ?, ?, ?, ?, ?, ?)"
		var err error
		if len(part) == predBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return 0, err
				}
				defer full.Close()
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

func upsertPredictions(ctx context.Context, tx *sql.Tx, changed []predRow, gone []int64) (int, error) {
	del, err := tx.PrepareContext(ctx, `DELETE FROM customer_predictions WHERE customer_id = ?`)
	if err != nil {
		return 0, err
	}
	defer del.Close()
	for _, id := range gone {
		if _, err := del.ExecContext(ctx, id); err != nil {
			return 0, err
		}
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO customer_predictions(customer_id, p_alive, next_30, next_90,
		next_365, value_fen, value_12m_fen, next_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(customer_id) DO UPDATE SET p_alive = excluded.p_alive, next_30 = excluded.next_30,
		next_90 = excluded.next_90, next_365 = excluded.next_365, value_fen = excluded.value_fen,
		value_12m_fen = excluded.value_12m_fen, next_day = excluded.next_day`)
	if err != nil {
		return 0, err
	}
	defer up.Close()
	for _, r := range changed {
		if _, err := up.ExecContext(ctx, r.id, r.pAlive, r.n30, r.n90, r.n365, r.value, r.value12m, r.next); err != nil {
			return 0, err
		}
	}
	return len(changed) + len(gone), nil
}

// CustomerPredictions reads one customer's stored predictions (ok false when there are none).
func CustomerPredictions(ctx context.Context, st *data.Store, customer int64) (StoredPrediction, bool, error) {
	tx, err := st.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return StoredPrediction{}, false, fmt.Errorf("read predictions: %w", err)
	}
	defer tx.Rollback()
	return CustomerPredictionsTx(ctx, tx, customer)
}

// CustomerPredictionsTx is CustomerPredictions inside the caller's transaction (the card's).
func CustomerPredictionsTx(ctx context.Context, tx *sql.Tx, customer int64) (StoredPrediction, bool, error) {
	var p StoredPrediction
	var next string
	err := tx.QueryRowContext(ctx, `SELECT p_alive, next_30, next_90, next_365, value_fen, value_12m_fen, next_day
		FROM customer_predictions WHERE customer_id = ?`, customer).Scan(&p.PAlive, &p.Next30, &p.Next90, &p.Next365,
		&p.ValueFen, &p.Value12mFen, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read predictions: %w", err)
	}
	if next != "" {
		if d, err := clock.ParseDay(next); err == nil {
			p.NextDay = d
		}
	}
	return p, true, nil
}
