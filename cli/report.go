package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/clock"
	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

// fraction is a rate or share (0..1) written with four decimals, the precision a report
// needs (0.01 %) without the noise of float printing.
type fraction float64

func (f fraction) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return []byte(strconv.FormatFloat(math.Round(v*10000)/10000, 'f', -1, 64)), nil
}

type reportSegments struct {
	New         int `json:"new"`
	Active      int `json:"active"`
	Cooling     int `json:"cooling"`
	DormantHigh int `json:"dormant_high"`
	DormantLow  int `json:"dormant_low"`
	Lost        int `json:"lost"`
}

type reportRFM struct {
	ImportantValue   int `json:"important_value"`
	ImportantDevelop int `json:"important_develop"`
	ImportantKeep    int `json:"important_keep"`
	ImportantRetain  int `json:"important_retain"`
	GeneralValue     int `json:"general_value"`
	GeneralDevelop   int `json:"general_develop"`
	GeneralKeep      int `json:"general_keep"`
	GeneralRetain    int `json:"general_retain"`
}

// reportJSON is the output of `huitouke report --json`. from/to are the days the figures
// cover: without --from/--to, from is the day of the first paid order ("" when there is
// none) and to the as-of day.
type reportJSON struct {
	AsOf                  string         `json:"as_of"`
	From                  string         `json:"from"`
	To                    string         `json:"to"`
	Orders                int            `json:"orders"`
	Customers             int            `json:"customers"`
	Buyers                int            `json:"buyers"`
	Revenue               yuan           `json:"revenue"`
	RepeatCustomers       int            `json:"repeat_customers"`
	RepeatRateCustomers   fraction       `json:"repeat_rate_customers"`
	RepeatRateOrders      fraction       `json:"repeat_rate_orders"`
	ReturningShareOrders  fraction       `json:"returning_share_orders"`
	ReturningShareRevenue fraction       `json:"returning_share_revenue"`
	AvgSpendPerBuyer      yuan           `json:"avg_spend_per_buyer"`
	ParetoTop20Share      fraction       `json:"pareto_top20_share"`
	Segments              reportSegments `json:"segments"`
	RFM                   reportRFM      `json:"rfm"`
}

// cmdReport: huitouke report [--db PATH] [--as-of DAY] [--from DAY --to DAY] [--json]
func cmdReport(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "report")
	asOfFlag := fs.String("as-of", "", lang.X("cli.report.flag.asof", "计算分群的日期 YYYY-MM-DD（默认今天，北京时间）"))
	fromFlag := fs.String("from", "", lang.X("cli.report.flag.from", "统计期开始日期 YYYY-MM-DD（与 --to 一起用；默认全部时间）"))
	toFlag := fs.String("to", "", lang.X("cli.report.flag.to", "统计期结束日期 YYYY-MM-DD（含当天）"))
	asJSON := fs.Bool("json", false, lang.X("cli.report.flag.json", "以 JSON 输出（金额单位为元，比率为 0–1 的小数）"))
	e.usage(fs, "huitouke report [--db PATH] [--as-of YYYY-MM-DD] [--from YYYY-MM-DD --to YYYY-MM-DD] [--json]")
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	if e.extraArgs(fs) {
		return ExitUsage
	}
	asOf, ok := e.dayFlag("as-of", *asOfFlag, clock.Today())
	if !ok {
		return ExitUsage
	}
	var p calc.Period
	if (*fromFlag == "") != (*toFlag == "") {
		e.errorf(lang.X("cli.report.pair", "--from 和 --to 要一起使用，例如 --from 2026-10-01 --to 2026-10-31。"))
		return ExitUsage
	}
	if *fromFlag != "" {
		from, ok := e.dayFlag("from", *fromFlag, 0)
		if !ok {
			return ExitUsage
		}
		to, ok := e.dayFlag("to", *toFlag, 0)
		if !ok {
			return ExitUsage
		}
		if to < from {
			e.errorf(lang.X("cli.report.order", "--to 不能早于 --from。"))
			return ExitUsage
		}
		p = calc.Period{From: from, To: to}
	}
	st, code := e.OpenStore(*dbFlag)
	if st == nil {
		return code
	}
	defer st.Close()
	r, err := figures.Figures(e.Ctx, st, p, asOf)
	if err != nil {
		return e.Fail(lang.X("cli.report.failed", "无法计算指标。请检查数据库文件是否完好。"), err)
	}
	out := toReportJSON(r, p, asOf)
	if *asJSON {
		if err := e.writeJSON(out, false); err != nil {
			return e.Fail(lang.X("cli.report.failed", "无法计算指标。请检查数据库文件是否完好。"), err)
		}
		return ExitOK
	}
	printReport(e, out)
	return ExitOK
}

func toReportJSON(r figures.Report, p calc.Period, asOf clock.Day) reportJSON {
	f := r.Figures
	out := reportJSON{
		AsOf: asOf.String(), Orders: f.Orders, Customers: r.Buyers, Buyers: f.Buyers,
		Revenue: yuan(f.RevenueFen), RepeatCustomers: f.RepeatCustomers,
		RepeatRateCustomers: fraction(f.RepeatRateCustomers), RepeatRateOrders: fraction(f.RepeatRateOrders),
		ReturningShareOrders: fraction(f.ReturningShareOrders), ReturningShareRevenue: fraction(f.ReturningShareRevenue),
		AvgSpendPerBuyer: yuan(math.Round(f.AvgSpendPerBuyerFen)), ParetoTop20Share: fraction(f.ParetoTop20Share),
	}
	out.To = f.To.String()
	if p.From != 0 {
		out.From = p.From.String()
	} else if r.FirstDay != 0 {
		out.From = r.FirstDay.String()
	}
	s := r.Segments
	out.Segments = reportSegments{s[calc.SegmentNew], s[calc.SegmentActive], s[calc.SegmentCooling],
		s[calc.SegmentDormantHigh], s[calc.SegmentDormantLow], s[calc.SegmentLost]}
	m := r.RFM
	out.RFM = reportRFM{m[calc.RFMImportantValue], m[calc.RFMImportantDevelop], m[calc.RFMImportantKeep],
		m[calc.RFMImportantRetain], m[calc.RFMGeneralValue], m[calc.RFMGeneralDevelop],
		m[calc.RFMGeneralKeep], m[calc.RFMGeneralRetain]}
	return out
}

func percent(f fraction) string { return fmt.Sprintf("%.1f %%", float64(f)*100) }

// printReport writes the report as an aligned two-column table in the user's language.
func printReport(e *Env, r reportJSON) {
	period := r.From + " – " + r.To
	if r.From == "" {
		period = lang.X("cli.report.noorders", "（还没有已付款订单）")
	}
	money := func(y yuan) string { return "¥" + groupThousands(formatYuan(int64(y))) }
	rows := [][2]string{
		{lang.X("cli.report.asof", "计算日期"), r.AsOf},
		{lang.X("cli.report.period", "统计期"), period},
		{lang.X("cli.report.orders", "已付款订单"), strconv.Itoa(r.Orders)},
		{lang.X("cli.report.customers", "购买过的客户（截至计算日期）"), strconv.Itoa(r.Customers)},
		{lang.X("cli.report.buyers", "统计期内的买家"), strconv.Itoa(r.Buyers)},
		{lang.X("cli.report.revenue", "销售额"), money(r.Revenue)},
		{lang.X("cli.report.repeat_customers", "复购客户"), strconv.Itoa(r.RepeatCustomers)},
		{lang.X("cli.report.repeat_rate_customers", "复购率（按人数）"), percent(r.RepeatRateCustomers)},
		{lang.X("cli.report.repeat_rate_orders", "复购率（按订单）"), percent(r.RepeatRateOrders)},
		{lang.X("cli.report.returning_orders", "老客订单占比"), percent(r.ReturningShareOrders)},
		{lang.X("cli.report.returning_revenue", "老客销售额占比"), percent(r.ReturningShareRevenue)},
		{lang.X("cli.report.avg", "客单价（每位买家）"), money(r.AvgSpendPerBuyer)},
		{lang.X("cli.report.pareto", "前 20% 买家贡献的销售额"), percent(r.ParetoTop20Share)},
		{"", ""},
		{lang.X("cli.report.segments", "客户分群"), ""},
	}
	seg := r.Segments
	for _, s := range []struct {
		key string
		n   int
	}{{"new", seg.New}, {"active", seg.Active}, {"cooling", seg.Cooling}, {"dormant_high", seg.DormantHigh}, {"dormant_low", seg.DormantLow}, {"lost", seg.Lost}} {
		rows = append(rows, [2]string{"  " + vocab.Segment(s.key), strconv.Itoa(s.n)})
	}
	rows = append(rows, [2]string{"", ""}, [2]string{lang.X("cli.report.rfm", "RFM 分类"), ""})
	m := r.RFM
	for _, c := range []struct {
		key string
		n   int
	}{{"important_value", m.ImportantValue}, {"important_develop", m.ImportantDevelop}, {"important_keep", m.ImportantKeep},
		{"important_retain", m.ImportantRetain}, {"general_value", m.GeneralValue}, {"general_develop", m.GeneralDevelop},
		{"general_keep", m.GeneralKeep}, {"general_retain", m.GeneralRetain}} {
		rows = append(rows, [2]string{"  " + vocab.RFM(c.key), strconv.Itoa(c.n)})
	}
	table := make([][]string, len(rows))
	for i, r := range rows {
		table[i] = r[:]
	}
	writeTable(e.Stdout, table, 0)
}

// groupThousands puts commas into the integer part of a decimal number ("-12345.60" →
// "-12,345.60").
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
