package figures

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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

// predRow is a stored row, rounded as stored: p_alive and counts to 1/1000.
type predRow struct {
	pAlive, n30, n90, n365 float64
	value, value12m        int64
	next                   string
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func toRow(p predict.Prediction, asOf clock.Day) predRow {
	r := predRow{pAlive: round3(p.PAlive), n30: round3(p.Next30), n90: round3(p.Next90), n365: round3(p.Next365),
		value: int64(math.Round(p.ValuePerPurchase)), value12m: int64(math.Round(p.Value12m))}
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
	want := map[int64]predRow{}
	var info []byte
	if ferr != nil {
		res.status, res.reason = PredictNoFit, ferr
		if errors.Is(ferr, predict.ErrTooFew) {
			res.status = PredictTooFew
		}
	} else {
		ps := predict.PredictAll(m, cs, discount)
		want = make(map[int64]predRow, len(cs))
		for i := range cs {
			want[cs[i].ID] = toRow(ps[i], asOf)
		}
		fi := FitInfo{AsOf: asOf.String(), R: m.BGNBD.R, Alpha: m.BGNBD.Alpha, A: m.BGNBD.A, B: m.BGNBD.B,
			Customers: m.Customers, Repeaters: m.Repeaters, Discount: discount}
		if m.HasSpend {
			fi.P, fi.Q, fi.GammaFen = m.Spend.P, m.Spend.Q, m.Spend.Gamma
		}
		if info, err = json.Marshal(fi); err != nil {
			return res, err
		}
	}
	res.rows = len(want)
	err = st.InTx(ctx, func(tx *sql.Tx) error {
		n, err := writePredictions(ctx, tx, want)
		res.written = n
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
			ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KeyPredictStatus, res.status); err != nil {
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
	res.took = time.Since(t0)
	return res, nil
}

// writePredictions reads the stored rows, deletes those not in want, upserts those that
// differ, and returns how many it wrote.
func writePredictions(ctx context.Context, tx *sql.Tx, want map[int64]predRow) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, p_alive, next_30, next_90, next_365, value_fen,
		value_12m_fen, next_day FROM customer_predictions`)
	if err != nil {
		return 0, err
	}
	have := make(map[int64]predRow, len(want))
	for rows.Next() {
		var id int64
		var r predRow
		if err := rows.Scan(&id, &r.pAlive, &r.n30, &r.n90, &r.n365, &r.value, &r.value12m, &r.next); err != nil {
			rows.Close()
			return 0, err
		}
		have[id] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	if len(want) == 0 && len(have) > 0 {
		res, err := tx.ExecContext(ctx, `DELETE FROM customer_predictions`)
		if err != nil {
			return 0, err
		}
		k, _ := res.RowsAffected()
		return int(k), nil
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM customer_predictions WHERE customer_id = ?`)
	if err != nil {
		return 0, err
	}
	defer del.Close()
	for id := range have {
		if _, ok := want[id]; !ok {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return n, err
			}
			n++
		}
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO customer_predictions(customer_id, p_alive, next_30, next_90,
		next_365, value_fen, value_12m_fen, next_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(customer_id) DO UPDATE SET p_alive = excluded.p_alive, next_30 = excluded.next_30,
		next_90 = excluded.next_90, next_365 = excluded.next_365, value_fen = excluded.value_fen,
		value_12m_fen = excluded.value_12m_fen, next_day = excluded.next_day`)
	if err != nil {
		return n, err
	}
	defer up.Close()
	for id, r := range want {
		if old, ok := have[id]; ok && old == r {
			continue
		}
		if _, err := up.ExecContext(ctx, id, r.pAlive, r.n30, r.n90, r.n365, r.value, r.value12m, r.next); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
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
