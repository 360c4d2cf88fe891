package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"fyne.io/fyne/v2/lang"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
	"huitouke/data/figures/predict"
)

// num is a model figure written with six significant digits.
type num float64

func (n num) MarshalJSON() ([]byte, error) { return []byte(num6(float64(n))), nil }

func num6(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

type predictBGNBD struct {
	R      num `json:"r"`
	Alpha  num `json:"alpha"`
	A      num `json:"a"`
	B      num `json:"b"`
	LogLik num `json:"loglik"`
}

// predictGG's γ is in yuan, as every amount the CLI writes.
type predictGG struct {
	P     num `json:"p"`
	Q     num `json:"q"`
	Gamma num `json:"gamma"`
}

type predictWeek struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Predicted num    `json:"predicted"`
	Actual    int    `json:"actual"`
}

type predictHoldout struct {
	From      string        `json:"from"`
	To        string        `json:"to"`
	Predicted num           `json:"predicted"`
	Actual    int           `json:"actual"`
	Weeks     []predictWeek `json:"weeks"`
}

type predictCustomer struct {
	ID               int64   `json:"customer_id"`
	X                int     `json:"x"`
	Tx               num     `json:"t_x"`
	T                num     `json:"T"`
	PAlive           num     `json:"p_alive"`
	Next30           num     `json:"next_30"`
	Next90           num     `json:"next_90"`
	Next365          num     `json:"next_365"`
	ValuePerPurchase float64 `json:"value_per_purchase"`
	Value12m         float64 `json:"value_12m"`
	NextPurchase     string  `json:"next_purchase"`
}

// predictJSON is the output of `huitouke predict --json`: the four keys first, then
// what the flags add. gamma_gamma is null when the spend model could not be fitted.
type predictJSON struct {
	BGNBD       predictBGNBD      `json:"bgnbd"`
	GammaGamma  *predictGG        `json:"gamma_gamma"`
	Customers   int               `json:"customers"`
	Repeaters   int               `json:"repeaters"`
	Unit        string            `json:"unit"`
	AsOf        string            `json:"as_of"`
	CalEnd      string            `json:"calibration_end,omitempty"`
	Holdout     *predictHoldout   `json:"holdout,omitempty"`
	Predictions []predictCustomer `json:"predictions,omitempty"`
}

// maxNextDays: a next purchase further out than this is not given a date.
const maxNextDays = 3 * 365

// cmdPredict: huitouke predict [--db PATH] [--as-of D] [--calibration-end D] [--unit day|week] [--customers] [--json]
func cmdPredict(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "predict")
	asOfFlag := fs.String("as-of", "", lang.X("cli.predict.flag.asof", "观察期结束日期 YYYY-MM-DD（默认今天；有 --calibration-end 时默认最后一笔订单的日期，作为检验期的结束）"))
	calFlag := fs.String("calibration-end", "", lang.X("cli.predict.flag.calend", "只用这一天及以前的订单拟合，并用之后的订单检验预测"))
	unitFlag := fs.String("unit", "day", lang.X("cli.predict.flag.unit", "时间单位：day（天）或 week（周）"))
	custFlag := fs.Bool("customers", false, lang.X("cli.predict.flag.customers", "再为每位客户输出一行预测"))
	asJSON := fs.Bool("json", false, lang.X("cli.predict.flag.json", "以 JSON 输出（金额单位为元）"))
	e.usage(fs, "huitouke predict [--db PATH] [--as-of YYYY-MM-DD] [--calibration-end YYYY-MM-DD] [--unit day|week] [--customers] [--json]")
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	if e.extraArgs(fs) {
		return ExitUsage
	}
	var unit predict.Unit
	switch *unitFlag {
	case "day":
		unit = predict.Day
	case "week":
		unit = predict.Week
	default:
		e.errorf(lang.X("cli.predict.badunit", "--unit 只能是 day 或 week。"))
		return ExitUsage
	}
	calEnd, ok := e.dayFlag("calibration-end", *calFlag, 0)
	if !ok {
		return ExitUsage
	}
	asOf, ok := e.dayFlag("as-of", *asOfFlag, 0)
	if !ok {
		return ExitUsage
	}
	return e.withStore(*dbFlag, func(st *data.Store) int {
		failed := lang.X("cli.predict.failed", "无法计算预测。请检查数据库文件是否完好。")
		if asOf == 0 {
			asOf = clock.Today()
			if calEnd != 0 {
				last, ok, err := figures.LastPaidDay(e.Ctx, st)
				if err != nil {
					return e.Fail(failed, err)
				}
				if ok {
					asOf = last
				}
			}
		}
		if calEnd != 0 && calEnd >= asOf {
			e.errorf(lang.X("cli.predict.calorder", "--calibration-end 要早于 --as-of（检验期是两者之间的日子）。"))
			return ExitUsage
		}
		r, err := figures.Predict(e.Ctx, st, figures.PredictOptions{AsOf: asOf, CalibrationEnd: calEnd, Unit: unit, Customers: *custFlag})
		if err != nil {
			return e.Fail(failed, err)
		}
		if r.Err != nil {
			if errors.Is(r.Err, predict.ErrTooFew) {
				return e.Fail(lang.X("cli.predict.toofew", "数据太少（至少要 50 位买过的客户、其中 20 位回购过），无法拟合预测模型；请先参考客户分群。"), nil)
			}
			return e.Fail(lang.X("cli.predict.nofit", "这些数据拟合不出预测模型；请先参考客户分群。"), r.Err)
		}
		out := toPredictJSON(r, *unitFlag, asOf, calEnd)
		if *asJSON {
			if err := e.writeJSON(out, false); err != nil {
				return e.Fail(failed, err)
			}
			return ExitOK
		}
		printPredict(e, out)
		return ExitOK
	})
}

func toPredictJSON(r figures.PredictResult, unit string, asOf, calEnd clock.Day) predictJSON {
	m := r.Model
	out := predictJSON{
		BGNBD:     predictBGNBD{num(m.BGNBD.R), num(m.BGNBD.Alpha), num(m.BGNBD.A), num(m.BGNBD.B), num(m.LogLik)},
		Customers: m.Customers, Repeaters: m.Repeaters, Unit: unit, AsOf: asOf.String(),
	}
	if m.HasSpend {
		out.GammaGamma = &predictGG{num(m.Spend.P), num(m.Spend.Q), num(m.Spend.Gamma / 100)}
	}
	if calEnd != 0 {
		out.CalEnd = calEnd.String()
	}
	if r.Holdout {
		h := &predictHoldout{From: (calEnd + 1).String(), To: asOf.String(), Predicted: num(r.Predicted), Actual: int(r.Actual)}
		for _, w := range r.Weeks {
			h.Weeks = append(h.Weeks, predictWeek{w.From.String(), w.To.String(), num(w.Predicted), int(w.Actual)})
		}
		out.Holdout = h
	}
	for _, p := range r.Predictions {
		c := predictCustomer{
			ID: p.ID, X: p.X, Tx: num(p.Tx), T: num(p.T), PAlive: num(p.PAlive),
			Next30: num(p.Next30), Next90: num(p.Next90), Next365: num(p.Next365),
			ValuePerPurchase: math.Round(p.ValuePerPurchase) / 100, Value12m: math.Round(p.Value12m) / 100,
		}
		if p.NextDays <= maxNextDays {
			c.NextPurchase = r.End.Add(int(math.Ceil(p.NextDays))).String()
		}
		out.Predictions = append(out.Predictions, c)
	}
	return out
}

// printPredict writes the parameters, the holdout check and the customers as tables.
func printPredict(e *Env, r predictJSON) {
	rows := [][]string{
		{lang.X("cli.predict.asof", "观察期截至"), r.AsOf},
	}
	if r.CalEnd != "" {
		rows = append(rows, []string{lang.X("cli.predict.calend", "拟合用的订单截至"), r.CalEnd})
	}
	rows = append(rows,
		[]string{lang.X("cli.predict.unit", "时间单位"), r.Unit},
		[]string{lang.X("cli.predict.customers", "客户数"), strconv.Itoa(r.Customers)},
		[]string{lang.X("cli.predict.repeaters", "回购过的客户"), strconv.Itoa(r.Repeaters)},
		[]string{"", ""},
		[]string{lang.X("cli.predict.bgnbd", "购买与流失模型（BG/NBD）"), ""},
		[]string{"  r", num6(float64(r.BGNBD.R))}, []string{"  alpha", num6(float64(r.BGNBD.Alpha))},
		[]string{"  a", num6(float64(r.BGNBD.A))}, []string{"  b", num6(float64(r.BGNBD.B))},
		[]string{"  " + lang.X("cli.predict.loglik", "对数似然"), num6(float64(r.BGNBD.LogLik))},
		[]string{"", ""},
	)
	if g := r.GammaGamma; g != nil {
		rows = append(rows, []string{lang.X("cli.predict.gg", "每单金额模型（Gamma-Gamma，元）"), ""},
			[]string{"  p", num6(float64(g.P))}, []string{"  q", num6(float64(g.Q))}, []string{"  gamma", num6(float64(g.Gamma))})
	} else {
		rows = append(rows, []string{lang.X("cli.predict.nogg", "每单金额模型拟合不出，没有金额预测"), ""})
	}
	writeTable(e.Stdout, rows, 0)
	if h := r.Holdout; h != nil {
		fmt.Fprintln(e.Stdout)
		fmt.Fprintln(e.Stdout, lang.X("cli.predict.holdout", "检验期 {{.From}} – {{.To}}：预计回购 {{.Predicted}} 次，实际 {{.Actual}} 次",
			map[string]any{"From": h.From, "To": h.To, "Predicted": fmt.Sprintf("%.1f", float64(h.Predicted)), "Actual": h.Actual}))
		t := [][]string{{lang.X("cli.predict.week", "周"), lang.X("cli.predict.predicted", "预计"), lang.X("cli.predict.actual", "实际")}}
		for _, w := range h.Weeks {
			t = append(t, []string{w.From + " – " + w.To, fmt.Sprintf("%.1f", float64(w.Predicted)), strconv.Itoa(w.Actual)})
		}
		writeTable(e.Stdout, t, 0)
	}
	if len(r.Predictions) > 0 {
		fmt.Fprintln(e.Stdout)
		t := [][]string{{lang.X("cli.predict.col.id", "客户"), "x", lang.X("cli.predict.col.alive", "还在买的可能"),
			lang.X("cli.predict.col.n30", "30 天预计单数"), lang.X("cli.predict.col.n90", "90 天预计单数"),
			lang.X("cli.predict.col.n365", "一年预计单数"), lang.X("cli.predict.col.value", "每单预计金额"),
			lang.X("cli.predict.col.v12", "预计一年贡献"), lang.X("cli.predict.col.next", "预计下次购买")}}
		for _, p := range r.Predictions {
			t = append(t, []string{strconv.FormatInt(p.ID, 10), strconv.Itoa(p.X), fmt.Sprintf("%.0f %%", 100*float64(p.PAlive)),
				fmt.Sprintf("%.2f", float64(p.Next30)), fmt.Sprintf("%.2f", float64(p.Next90)), fmt.Sprintf("%.2f", float64(p.Next365)),
				fmt.Sprintf("¥%.2f", p.ValuePerPurchase), fmt.Sprintf("¥%.2f", p.Value12m), p.NextPurchase})
		}
		writeTable(e.Stdout, t, 0)
	}
}
