package figures

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
	"huitouke/data/figures/predict"
)

// KeyMonthlyDiscount is the settings key of the monthly discount rate of the 12-month
// predicted value (a fraction, "0.01" for 1 %).
const KeyMonthlyDiscount = "predict.monthly_discount"

// MonthlyDiscount reads the monthly discount rate setting (predict.DefaultMonthlyDiscount
// when unset or unreadable).
func MonthlyDiscount(ctx context.Context, st *data.Store) (float64, error) {
	v, err := st.Setting(ctx, KeyMonthlyDiscount, "")
	if err != nil || v == "" {
		return predict.DefaultMonthlyDiscount, err
	}
	d, perr := strconv.ParseFloat(v, 64)
	if perr != nil || d < 0 || d > 1 || math.IsNaN(d) {
		return predict.DefaultMonthlyDiscount, nil
	}
	return d, nil
}

// PredictOptions says what `huitouke predict` fits.
type PredictOptions struct {
	AsOf clock.Day // end of the period observed; with CalibrationEnd, the end of the holdout
	// CalibrationEnd, when set, fits on the orders up to it and checks the fit against what
	// happened after it, up to AsOf.
	CalibrationEnd clock.Day
	Unit           predict.Unit
	Customers      bool // also predict per customer
}

// CustomerPrediction is one customer's summary and predictions.
type CustomerPrediction struct {
	predict.Customer
	predict.Prediction
}

// PredictResult is the fit and what was asked with it. Err is the reason there is no fit
// (too few data, the fit failed): the segments are then the only guide.
type PredictResult struct {
	Model       predict.Model
	Err         error
	End         clock.Day // the end of the period fitted (AsOf or CalibrationEnd)
	Holdout     bool
	Predicted   float64 // holdout: repeat transactions expected after CalibrationEnd
	Actual      float64 // holdout: repeat transactions that happened
	Weeks       []predict.HoldoutWeek
	Predictions []CustomerPrediction // with Customers, in customer order
}

// Predict fits the purchase models on the store's paid orders (docs/DOMAIN.md, section 12).
func Predict(ctx context.Context, st *data.Store, o PredictOptions) (PredictResult, error) {
	orders, err := LoadOrders(ctx, st)
	if err != nil {
		return PredictResult{}, err
	}
	d, err := MonthlyDiscount(ctx, st)
	if err != nil {
		return PredictResult{}, err
	}
	return predictOn(orders, o, d), nil
}

func predictOn(orders []calc.Order, o PredictOptions, discount float64) PredictResult {
	if o.Unit == 0 {
		o.Unit = predict.Day
	}
	r := PredictResult{End: o.AsOf}
	if o.CalibrationEnd != 0 {
		r.End = o.CalibrationEnd
	}
	cs := predict.Summarize(orders, r.End, o.Unit)
	r.Model, r.Err = predict.Fit(cs, o.Unit)
	if r.Err != nil {
		return r
	}
	if o.CalibrationEnd != 0 && o.AsOf > o.CalibrationEnd {
		r.Holdout = true
		r.Predicted, r.Actual, r.Weeks = r.Model.HoldoutCheck(orders, cs, o.CalibrationEnd, o.AsOf)
	}
	if o.Customers {
		r.Predictions = make([]CustomerPrediction, len(cs))
		for i := range cs {
			r.Predictions[i] = CustomerPrediction{cs[i], r.Model.Predict(cs[i], discount)}
		}
	}
	return r
}

// LastPaidDay is the day of the latest paid order (ok false when there is none).
func LastPaidDay(ctx context.Context, st *data.Store) (clock.Day, bool, error) {
	var s string
	if err := st.DB().QueryRowContext(ctx, `SELECT COALESCE(MAX(order_day), '') FROM orders WHERE paid = 1`).Scan(&s); err != nil {
		return 0, false, fmt.Errorf("read last order day: %w", err)
	}
	if s == "" {
		return 0, false, nil
	}
	d, err := clock.ParseDay(s)
	if err != nil {
		return 0, false, nil
	}
	return d, true, nil
}
