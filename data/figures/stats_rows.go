package figures

import (
	"database/sql/driver"
	"strconv"
	"strings"

	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// statsBatch rows go into one INSERT: 16 values each, well under SQLite's 32766 variables,
// and big enough that the per-statement cost vanishes.
const statsBatch = 256

const statsCols = `customer_id, paid_orders, revenue_fen, first_paid_day, last_paid_day, days_since, cycle_days,
	next_expected, segment, rfm, r_score, f_score, m_score, level, ladder, as_of`

func insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO customer_stats(` + statsCols + `) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// dayNames formats days without allocating a string per customer: the days of a shop's
// history are a few thousand distinct values. They are all formatted up front, so the
// parallel range workers of the diff only read it.
type dayNames struct {
	lo    clock.Day
	names []string
}

func newDayNames(lo, hi clock.Day) *dayNames {
	if hi < lo || hi-lo > 40000 {
		return &dayNames{lo: 1, names: nil}
	}
	d := &dayNames{lo: lo, names: make([]string, hi-lo+1)}
	for i := range d.names {
		d.names[i] = (lo + clock.Day(i)).String()
	}
	return d
}

func (d *dayNames) get(day clock.Day) string {
	i := int(day - d.lo)
	if i < 0 || i >= len(d.names) {
		return day.String()
	}
	return d.names[i]
}

// sep separates the columns of a row's fingerprint: a control character no level name or day
// contains.
const sep = 0x1f

// fingerprintSQL renders the compared columns of a stored row as one string, the way
// appendFingerprint renders a new one. cycle_days (a REAL) is compared apart, as a number.
// A row whose days_since is still stored (written before days_since was dropped) differs and
// gets rewritten once.
const fingerprintSQL = `concat_ws(char(31), paid_orders, revenue_fen, first_paid_day, last_paid_day, next_expected,
	segment, rfm, r_score, f_score, m_score, level, ladder, days_since IS NULL)`

func appendFingerprint(b []byte, cs *calc.CustomerStats, names *dayNames) []byte {
	b = strconv.AppendInt(b, int64(cs.PaidOrders), 10)
	b = append(b, sep)
	b = strconv.AppendInt(b, cs.RevenueFen, 10)
	b = append(b, sep)
	if cs.PaidOrders > 0 {
		b = append(b, names.get(cs.FirstDay)...)
		b = append(b, sep)
		b = append(b, names.get(cs.LastDay)...)
	} else {
		b = append(b, sep)
	}
	b = append(b, sep)
	if cs.HasCycle {
		b = append(b, names.get(cs.NextExpected)...)
	}
	b = append(b, sep)
	b = append(b, cs.Segment...)
	b = append(b, sep)
	b = append(b, cs.RFM...)
	for _, v := range [...]int{cs.R, cs.F, cs.M} {
		b = append(b, sep)
		b = strconv.AppendInt(b, int64(v), 10)
	}
	b = append(b, sep)
	b = append(b, cs.Level...)
	b = append(b, sep)
	b = append(b, cs.Ladder...)
	return append(b, sep, '1')
}

// appendRow appends the 16 values of one customer_stats row (statsCols order). A customer
// without a paid order (PaidOrders 0) gets the columns' defaults.
func appendRow(args []any, cs *calc.CustomerStats, names *dayNames, asOfText string) []any {
	if cs.PaidOrders == 0 {
		return append(args, cs.Customer, 0, 0, "", "", nil, nil, "", cs.Segment, "", 0, 0, 0, cs.Level, "", asOfText)
	}
	var cycle any
	next := ""
	if cs.HasCycle {
		cycle, next = cs.CycleDays, names.get(cs.NextExpected)
	}
	return append(args, cs.Customer, cs.PaidOrders, cs.RevenueFen, names.get(cs.FirstDay), names.get(cs.LastDay),
		nil, cycle, next, cs.Segment, cs.RFM, cs.R, cs.F, cs.M, cs.Level, cs.Ladder, asOfText)
}

// boxes holds driver values boxed once: days, labels and the small numbers repeat across a
// million rows, and boxing each anew would allocate ~8 million times.
type boxes struct {
	names  *dayNames
	days   []driver.Value
	labels map[string]driver.Value
	asOf   driver.Value
	empty  driver.Value
}

func newBoxes(names *dayNames, asOfText string) *boxes {
	return &boxes{names: names, days: make([]driver.Value, len(names.names)), labels: map[string]driver.Value{},
		asOf: asOfText, empty: ""}
}

func (b *boxes) day(d clock.Day) driver.Value {
	i := int(d - b.names.lo)
	if i < 0 || i >= len(b.days) {
		return b.names.get(d)
	}
	if b.days[i] == nil {
		b.days[i] = b.names.get(d)
	}
	return b.days[i]
}

func (b *boxes) label(s string) driver.Value {
	v, ok := b.labels[s]
	if !ok {
		v = s
		b.labels[s] = v
	}
	return v
}

// row fills the 16 values of one customer_stats row (statsCols order), as appendRow does.
func (b *boxes) row(dst []driver.NamedValue, cs *calc.CustomerStats) {
	set := func(i int, v driver.Value) { dst[i].Value = v }
	set(0, cs.Customer)
	if cs.PaidOrders == 0 {
		set(1, int64(0))
		set(2, int64(0))
		set(3, b.empty)
		set(4, b.empty)
		set(5, nil)
		set(6, nil)
		set(7, b.empty)
		set(8, b.label(cs.Segment))
		set(9, b.empty)
		set(10, int64(0))
		set(11, int64(0))
		set(12, int64(0))
		set(13, b.label(cs.Level))
		set(14, b.empty)
		set(15, b.asOf)
		return
	}
	set(1, int64(cs.PaidOrders))
	set(2, cs.RevenueFen)
	set(3, b.day(cs.FirstDay))
	set(4, b.day(cs.LastDay))
	set(5, nil)
	if cs.HasCycle {
		set(6, cs.CycleDays)
		set(7, b.day(cs.NextExpected))
	} else {
		set(6, nil)
		set(7, b.empty)
	}
	set(8, b.label(cs.Segment))
	set(9, b.label(cs.RFM))
	set(10, int64(cs.R))
	set(11, int64(cs.F))
	set(12, int64(cs.M))
	set(13, b.label(cs.Level))
	set(14, b.label(cs.Ladder))
	set(15, b.asOf)
}
