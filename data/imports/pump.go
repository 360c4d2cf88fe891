package imports

import (
	"context"
	"errors"
	"huitouke/data/errs"
	"path/filepath"
	"runtime/debug"
	"time"
)

// batch is a slice of parsed rows handed from the reader to the writer.
type batch struct {
	orders  []*orderRec
	custs   []*custRec
	rejects []reject
	rows    int // data rows read up to the end of this batch
}

const batchSize = 512

// pump runs the reader in a goroutine and writes its batches as they come,
// so parsing and SQLite work overlap.
func pump(ctx context.Context, src source, lay *layout, w *writer, opt Options, idx, n int, res *Result) error {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan *batch, 4)
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		errc <- produce(rctx, src, lay, opt.Location, ch)
	}()
	start := time.Now()
	var lastReport time.Time
	report := func(rows int, done bool) {
		if opt.Progress == nil {
			return
		}
		now := time.Now()
		if !done && now.Sub(lastReport) < 100*time.Millisecond {
			return
		}
		lastReport = now
		p := Progress{File: filepath.Base(res.File), FileIndex: idx, Files: n, Platform: lay.res.def.id,
			Rows: rows, Elapsed: now.Sub(start), Done: done}
		if s := p.Elapsed.Seconds(); s > 0 {
			p.RowsPerSec = float64(rows) / s
		}
		if d, t := src.Progress(); d > 0 && t > 0 {
			p.RowsTotal = int(float64(rows) * float64(t) / float64(d))
			if done || p.RowsTotal < rows {
				p.RowsTotal = rows
			}
		}
		opt.Progress(p)
	}
	var werr error
	rows := 0
	for b := range ch {
		if werr != nil {
			continue // drain so the reader can finish
		}
		if werr = w.write(b); werr != nil {
			cancel()
			continue
		}
		rows = b.rows
		report(rows, false)
	}
	rerr := <-errc
	if werr != nil {
		return werr
	}
	if rerr != nil {
		return rerr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	// Everything is read: what was kept to read and match rows goes before
	// SQLite's index builds and commit take their memory.
	if r, ok := src.(interface{ release() }); ok {
		r.release()
	}
	w.forget()
	if w.bulk {
		debug.FreeOSMemory()
	}
	if err := createIndexes(ctx, w.tx, w.rebuild); err != nil {
		return err
	}
	if err := w.markSearch(); err != nil {
		return err
	}
	res.Rows = rows
	if rows == 0 {
		return &errs.Error{Area: errs.Import, Code: CodeNoRows, Err: errors.New("the header row has no data rows under it")}
	}
	res.OrdersNew, res.OrdersUpdated, res.CustomersNew = w.ordersNew, w.ordersUpdated, w.custNew
	res.RowsRejected, res.LinesWritten = w.rejected, w.linesWritten
	report(rows, true)
	return nil
}

// produce reads the data rows under the header, groups contiguous rows of
// one order and sends batches to ch.
func produce(ctx context.Context, src source, lay *layout, loc *time.Location, ch chan<- *batch) error {
	def := lay.res.def
	v := &rowView{res: lay.res, headers: lay.headers, loc: loc}
	b := &batch{}
	rows := 0
	var cur *orderRec
	send := func() error {
		b.rows = rows
		if def.kind != kindCustomers && def.kind != kindLines {
			for _, o := range b.orders {
				o.prefinish(def)
			}
		}
		select {
		case ch <- b:
		case <-ctx.Done():
			return ctx.Err()
		}
		b = &batch{}
		return nil
	}
	rejectRow := func(rj *reject, rowNo int) {
		rj.rowNo = rowNo
		b.rejects = append(b.rejects, *rj)
	}
	flushCur := func() {
		if cur == nil {
			return
		}
		if cur.created.IsZero() && cur.paid.IsZero() {
			v.cells = cur.firstCells
			rejectRow(v.rejectf(fCreated, RejectNoTime, ""), cur.rowNo)
		} else {
			cur.firstCells = nil
			b.orders = append(b.orders, cur)
		}
		cur = nil
	}
	// Only line-based layouts spread an order over several rows; the
	// others are checked row by row without keeping a copy of the row.
	multiRow := len(lay.res.cols[fQuantity]) > 0 || len(lay.res.cols[fLineNo]) > 0
	orderCol := -1
	if cs := lay.res.cols[fOrderNo]; len(cs) > 0 {
		orderCol = cs[0]
	}
	err := src.Rows(ctx, lay.sheet, func(rowNum int, cells []string) error {
		if rowNum <= lay.headerRow || blankRow(cells) {
			return nil
		}
		if isTotalsRow(cells) && (orderCol < 0 || orderCol >= len(cells) || !containsDigitRun(cells[orderCol], 4)) {
			return nil
		}
		rows++
		v.cells = cells
		switch def.kind {
		case kindCustomers:
			if c, rj := v.parseCustomerRow(rowNum); rj != nil {
				rejectRow(rj, rowNum)
			} else {
				b.custs = append(b.custs, c)
			}
		case kindLines:
			if r, rj := v.parseLineRow(rowNum); rj != nil {
				rejectRow(rj, rowNum)
			} else {
				b.orders = append(b.orders, r)
			}
		default:
			r, rj := v.parseOrderRow(rowNum)
			if rj != nil {
				rejectRow(rj, rowNum)
				break
			}
			if cur != nil && cur.orderNo == r.orderNo {
				cur.merge(r, def.sumLines)
				break
			}
			flushCur()
			if multiRow {
				r.firstCells = append([]string(nil), cells...)
			} else if r.created.IsZero() && r.paid.IsZero() {
				rejectRow(v.rejectf(fCreated, RejectNoTime, ""), rowNum)
				break
			}
			cur = r
		}
		if len(b.orders)+len(b.custs)+len(b.rejects) >= batchSize {
			return send()
		}
		return nil
	})
	if err != nil {
		return err
	}
	flushCur()
	if len(b.orders)+len(b.custs)+len(b.rejects) > 0 || rows > 0 {
		return send()
	}
	return nil
}
