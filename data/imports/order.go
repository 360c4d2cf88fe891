package imports

import (
	"strconv"
	"strings"
	"time"

	"huitouke/data"
)

// merge folds a further row (or group) of the same order into r:
// order-level values keep the first non-empty, per-row amounts add up, and
// lines are appended.
func (r *orderRec) merge(o *orderRec, sumLines bool) {
	r.finDone = false
	firstStr(&r.nick, o.nick)
	firstStr(&r.email, o.email)
	firstStr(&r.name, o.name)
	if r.phone == "" {
		r.phone, r.phoneKey, r.phoneMasked = o.phone, o.phoneKey, o.phoneMasked
	}
	firstStr(&r.address, o.address)
	firstStr(&r.province, o.province)
	firstStr(&r.city, o.city)
	firstStr(&r.status, o.status)
	if r.afterSale == "" || (sumLines && o.afterSale != "" && o.afterSale != r.afterSale) {
		// Douyin: sub-orders may differ; the order-level verdict comes
		// from the line counts below.
		if r.afterSale == "" {
			r.afterSale = o.afterSale
		}
	}
	if r.created.IsZero() {
		r.created = o.created
	}
	if r.paid.IsZero() {
		r.paid = o.paid
	}
	if sumLines {
		r.amount += o.amount
		r.hasAmount = r.hasAmount || o.hasAmount
	} else if !r.hasAmount && o.hasAmount {
		r.amount, r.hasAmount = o.amount, true
	}
	if o.refund != 0 && r.refund == 0 {
		r.refund = o.refund
	}
	for _, it := range o.items {
		if !contains(r.items, it) {
			r.items = append(r.items, it)
		}
	}
	if r.hasOrderQty {
		if r.qty == 0 {
			r.qty = o.qty
		}
	} else {
		r.qty += o.qty
	}
	for _, ln := range o.lines {
		r.addLine(ln)
	}
	r.nLines += o.nLines
	r.nRefunded += o.nRefunded
	r.refundedLinesAmt += o.refundedLinesAmt
	if r.key == "" && o.key != "" {
		r.key, r.keyKind, r.keyMasked = o.key, o.keyKind, o.keyMasked
	}
}

// addLine appends a line, making its key unique within the order (the same
// SKU twice becomes SKU and SKU#2) so re-imports find the same lines.
func (r *orderRec) addLine(ln line) {
	base, k := ln.key, 1
	for {
		dup := false
		for _, x := range r.lines {
			if x.key == ln.key {
				dup = true
				break
			}
		}
		if !dup {
			break
		}
		k++
		ln.key = base + "#" + strconv.Itoa(k)
	}
	r.lines = append(r.lines, ln)
}

func firstStr(dst *string, s string) {
	if *dst == "" {
		*dst = s
	}
}

// finish works out the order's verdict once all its rows are in.
// prefinish works out finish ahead, for finished.
func (r *orderRec) prefinish(d *platformDef) {
	r.fin, r.finDone = r.finish(d), true
}

// finished is finish(d), from prefinish when nothing was merged in since.
func (r *orderRec) finished(d *platformDef) orderVals {
	if r.finDone {
		return r.fin
	}
	return r.finish(d)
}

func (r *orderRec) finish(d *platformDef) orderVals {
	afterSale := r.afterSale
	refund := r.refund
	if d.sumLines && r.nLines > 0 {
		switch {
		case r.nRefunded == r.nLines:
			afterSale = "退款成功"
		case r.nRefunded > 0:
			afterSale = ""
			refund = r.refundedLinesAmt
		default:
			if inVocab(d.afterRefunded, NormHeader(afterSale)) {
				afterSale = ""
			}
		}
	}
	state := d.stateOf(r.status, afterSale, !r.paid.IsZero(), r.amount, refund)
	v := orderVals{
		status:   r.status,
		state:    state,
		amount:   r.amount,
		refund:   refund,
		items:    truncateRunes(strings.Join(r.items, "，"), 500),
		qty:      r.qty,
		rname:    r.name,
		rphone:   r.phone,
		address:  r.address,
		created:  fmtTime(r.created),
		paidAt:   fmtTime(r.paid),
		paidFlag: state == StatePaid,
	}
	if r.afterSale != "" && r.status != "" && !strings.Contains(r.status, r.afterSale) && d.statusFromAfterSale {
		v.status = r.status + " / " + r.afterSale
	}
	switch {
	case !r.paid.IsZero():
		v.day = r.paid.Format(data.DayLayout)
	case !r.created.IsZero():
		v.day = r.created.Format(data.DayLayout)
	}
	if v.paidFlag {
		v.revenue = r.amount - refund
	}
	return v
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(data.TimeLayout)
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}
