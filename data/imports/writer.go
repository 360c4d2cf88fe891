package imports

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"time"

	"huitouke/data"
)

// writer upserts parsed batches inside the file's transaction. Customers
// are resolved in memory (the platform's identities loaded once, new
// customers inserted with explicit ids) and orders are looked up a batch
// at a time, so no query runs per row just to find something.
type writer struct {
	ctx      context.Context
	tx       *sql.Tx
	def      *platformDef
	store    string
	importID int64
	file     string
	now      string

	idents    map[string]int64 // identity key → customer id, this platform
	nextCust  int64
	nextOrder int64
	// custSeen holds customers touched by this file → hashes of the last
	// two phones recorded for them, so each customer is filled once and a
	// phone is not inserted again while a buyer's orders switch between
	// two numbers (a masked and a full one, say). A hash collision would
	// only skip an INSERT OR IGNORE of a phone: never a wrong row.
	custSeen  map[int64]phonesSeen
	phoneSeed maphash.Seed
	// orderSeen holds orders written by this file, for line-based layouts
	// whose rows of one order are not all next to each other.
	orderSeen map[int64]struct{}
	tags      map[string]int64
	// rebuild are the indexes dropped for this file, built again at the end.
	rebuild []savedIndex
	// triggers are the search triggers dropped for this file (see
	// dropSearchTriggers); firstCust is the first id of a new customer.
	triggers  []savedIndex
	firstCust int64
	// lastRowids are the largest rowids of the tables in markTables before
	// the file: rows above them are the file's.
	lastRowids [len(markTables)]int64
	// seen, when set, holds every order number of the platform stored so
	// far: numbers it has not seen are new without a lookup.
	seen *bloom

	writerStmts
	writerBulk
	writerCounts

	// bulk: the file takes the big-file path (see isBulk).
	bulk bool
}

// writerStmts are the writer's prepared statements.
type writerStmts struct {
	fillCust, overCust, updOrder, upLine, insTag *sql.Stmt
	lookups                                      map[int]*sql.Stmt // by the number of order numbers looked up
}

// writerBulk are the writer's multi-row inserts, flushed in this order at
// the end of each batch (and before anything that refers to what they
// hold).
type writerBulk struct {
	bCust, bIdent, bPhone, bOrder, bLine, bErr, bCustTag *bulkInsert
}

// writerCounts are the file's figures, for its Result.
type writerCounts struct {
	ordersNew, ordersUpdated, custNew, rejected, linesWritten int
}

// forget drops what the writer keeps to match rows, once all are written.
func (w *writer) forget() {
	w.idents, w.custSeen, w.orderSeen, w.seen, w.tags = nil, nil, nil, nil, nil
}

func newWriter(ctx context.Context, tx *sql.Tx, res *resolved, importID int64, file string, loc *time.Location) (*writer, error) {
	w := &writer{ctx: ctx, tx: tx, def: res.def, store: res.def.store, importID: importID, file: file,
		now:      time.Now().In(loc).Format(data.TimeLayout),
		idents:   map[string]int64{},
		custSeen: map[int64]phonesSeen{}, phoneSeed: maphash.MakeSeed()}
	w.lookups = map[int]*sql.Stmt{}
	if res.def.kind == kindOrders {
		w.orderSeen = map[int64]struct{}{}
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM customers`).Scan(&w.nextCust); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	w.firstCust = w.nextCust
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM orders`).Scan(&w.nextOrder); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if res.def.kind != kindLines {
		if err := w.loadIdentities(); err != nil {
			return nil, err
		}
	}
	w.newBulk(res.def.kind)
	if err := w.prepare(); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// loadIdentities reads the platform's identities: key → customer id.
func (w *writer) loadIdentities() error {
	rows, err := w.tx.QueryContext(w.ctx, `SELECT key, customer_id FROM identities WHERE platform = ?`, w.store)
	if err != nil {
		return fmt.Errorf("import: load identities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return fmt.Errorf("import: load identities: %w", err)
		}
		w.idents[k] = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("import: load identities: %w", err)
	}
	return nil
}

// newBulk sets up the multi-row inserts of a file of kind k.
//
// INSERT OR IGNORE, not plain INSERT: a statement that may abort
// halfway (a NOT NULL or UNIQUE check with the default ABORT) makes
// SQLite journal every page it touches. Rows that must all land are
// counted instead (strict, autoID), and a skipped one fails the file.
//
// The platform, the import's id and its time are the same in every row:
// they are literals in the statements (see newBulkRow), not values.
func (w *writer) newBulk(k fileKind) {
	ctx, tx := w.ctx, w.tx
	store, now, imp := sqlLit(w.store), sqlLit(w.now), strconv.FormatInt(w.importID, 10)
	if k == kindCustomers {
		w.bCust = newBulkRow(ctx, tx, "customers", `INSERT OR IGNORE INTO customers(id, name, name_masked, nickname, platform, email, province, city, address,
			birthday, gender, platform_level, points_imported, created_at, updated_at) VALUES`,
			"(?,?,?,?,"+store+",?,?,?,?,?,?,?,?,"+now+","+now+")", "", 64)
	} else {
		// Order files know no birthday, gender, level or points: those
		// columns keep their defaults.
		w.bCust = newBulkRow(ctx, tx, "customers", `INSERT OR IGNORE INTO customers(id, name, name_masked, nickname, platform, email, province, city, address,
			created_at, updated_at) VALUES`, "(?,?,?,?,"+store+",?,?,?,?,"+now+","+now+")", "", 64)
	}
	w.bIdent = newBulkRow(ctx, tx, "identities", `INSERT OR IGNORE INTO identities(platform, key, kind, masked, customer_id) VALUES`,
		"("+store+",?,?,?,?)", "", 128)
	w.bPhone = newBulkRow(ctx, tx, "phones", `INSERT OR IGNORE INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES`,
		"(?,?,?,?,"+store+")", "", 128)
	w.bOrder = newBulkRow(ctx, tx, "orders", `INSERT OR IGNORE INTO orders(platform, order_no, customer_id, status, state, paid, created_at, paid_at, order_day,
			amount_fen, refund_fen, revenue_fen, items, quantity, receiver_name, receiver_phone, address, import_id) VALUES`,
		"("+store+",?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"+imp+")", "", 48)
	w.bOrder.autoID = true
	w.bLine = newBulk(ctx, tx, "order lines", `INSERT OR IGNORE INTO order_lines(order_id, line_key, product, sku, quantity, price_fen, amount_fen, refund_fen, status) VALUES`, "", 9, 96)
	w.bErr = newBulk(ctx, tx, "rejected rows", `INSERT OR IGNORE INTO import_errors(import_id, file_name, row_no, column_name, reason, detail, raw) VALUES`, "", 7, 64)
	w.bCustTag = newBulk(ctx, tx, "customer tags", `INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES`, "", 2, 128)
	w.bCust.strict, w.bOrder.strict, w.bErr.strict = true, true, true
	w.bIdent.parents = []*bulkInsert{w.bCust}
	w.bPhone.parents = []*bulkInsert{w.bCust}
	w.bCustTag.parents = []*bulkInsert{w.bCust}
	w.bOrder.parents = []*bulkInsert{w.bCust}
	w.bLine.parents = []*bulkInsert{w.bOrder}
}

// prepare prepares the writer's one-row statements.
func (w *writer) prepare() error {
	stmts := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&w.fillCust, fillCustSQL}, {&w.overCust, overCustSQL}, {&w.updOrder, updOrderSQL}, {&w.upLine, upLineSQL}, {&w.insTag, insTagSQL},
	}
	for _, s := range stmts {
		st, err := w.tx.PrepareContext(w.ctx, s.sql)
		if err != nil {
			return fmt.Errorf("import: prepare: %w", err)
		}
		*s.dst = st
	}
	return nil
}

// Orders fill a card only where it is empty (a masked name gives way to a
// full one), and never a field the user edited.
const fillCustSQL = `UPDATE customers SET
			name = CASE WHEN ?2 <> '' AND instr(edited_fields, ',name,') = 0 AND (name = '' OR (name_masked = 1 AND ?3 = 0)) THEN ?2 ELSE name END,
			name_masked = CASE WHEN ?2 <> '' AND instr(edited_fields, ',name,') = 0 AND (name = '' OR (name_masked = 1 AND ?3 = 0)) THEN ?3 ELSE name_masked END,
			nickname = CASE WHEN ?4 <> '' AND nickname = '' AND instr(edited_fields, ',nickname,') = 0 THEN ?4 ELSE nickname END,
			email = CASE WHEN ?5 <> '' AND email = '' AND instr(edited_fields, ',email,') = 0 THEN ?5 ELSE email END,
			province = CASE WHEN ?6 <> '' AND province = '' AND instr(edited_fields, ',province,') = 0 THEN ?6 ELSE province END,
			city = CASE WHEN ?7 <> '' AND city = '' AND instr(edited_fields, ',city,') = 0 THEN ?7 ELSE city END,
			address = CASE WHEN ?8 <> '' AND address = '' AND instr(edited_fields, ',address,') = 0 THEN ?8 ELSE address END
			WHERE id = ?1 AND (
			 (?2 <> '' AND instr(edited_fields, ',name,') = 0 AND (name = '' OR (name_masked = 1 AND ?3 = 0))) OR
			 (?4 <> '' AND nickname = '' AND instr(edited_fields, ',nickname,') = 0) OR
			 (?5 <> '' AND email = '' AND instr(edited_fields, ',email,') = 0) OR
			 (?6 <> '' AND province = '' AND instr(edited_fields, ',province,') = 0) OR
			 (?7 <> '' AND city = '' AND instr(edited_fields, ',city,') = 0) OR
			 (?8 <> '' AND address = '' AND instr(edited_fields, ',address,') = 0))`

// A customer list is the platform's current word on a member: its values
// replace older ones, except fields the user edited.
const overCustSQL = `UPDATE customers SET
			name = CASE WHEN ?2 <> '' AND instr(edited_fields, ',name,') = 0 AND (?3 = 0 OR name = '' OR name_masked = 1) THEN ?2 ELSE name END,
			name_masked = CASE WHEN ?2 <> '' AND instr(edited_fields, ',name,') = 0 AND (?3 = 0 OR name = '' OR name_masked = 1) THEN ?3 ELSE name_masked END,
			nickname = CASE WHEN ?4 <> '' AND instr(edited_fields, ',nickname,') = 0 THEN ?4 ELSE nickname END,
			email = CASE WHEN ?5 <> '' AND instr(edited_fields, ',email,') = 0 THEN ?5 ELSE email END,
			province = CASE WHEN ?6 <> '' AND instr(edited_fields, ',province,') = 0 THEN ?6 ELSE province END,
			city = CASE WHEN ?7 <> '' AND instr(edited_fields, ',city,') = 0 THEN ?7 ELSE city END,
			address = CASE WHEN ?8 <> '' AND instr(edited_fields, ',address,') = 0 THEN ?8 ELSE address END,
			birthday = CASE WHEN ?9 <> '' AND instr(edited_fields, ',birthday,') = 0 THEN ?9 ELSE birthday END,
			gender = CASE WHEN ?10 <> '' AND instr(edited_fields, ',gender,') = 0 THEN ?10 ELSE gender END,
			platform_level = CASE WHEN ?11 <> '' AND instr(edited_fields, ',platform_level,') = 0 THEN ?11 ELSE platform_level END,
			points_imported = CASE WHEN ?12 = 1 AND instr(edited_fields, ',points_imported,') = 0 THEN ?13 ELSE points_imported END,
			updated_at = ?14
			WHERE id = ?1`

const updOrderSQL = `UPDATE orders SET customer_id = ?, status = ?, state = ?, paid = ?, created_at = ?, paid_at = ?, order_day = ?,
			amount_fen = ?, refund_fen = ?, revenue_fen = ?, items = ?, quantity = ?, receiver_name = ?, receiver_phone = ?,
			address = ?, import_id = ? WHERE id = ?`

const upLineSQL = `INSERT INTO order_lines(order_id, line_key, product, sku, quantity, price_fen, amount_fen, refund_fen, status)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(order_id, line_key) DO UPDATE SET product = excluded.product, sku = excluded.sku,
			quantity = excluded.quantity, price_fen = excluded.price_fen, amount_fen = excluded.amount_fen,
			refund_fen = excluded.refund_fen, status = excluded.status
			WHERE product IS NOT excluded.product OR sku IS NOT excluded.sku OR quantity IS NOT excluded.quantity
			OR price_fen IS NOT excluded.price_fen OR amount_fen IS NOT excluded.amount_fen
			OR refund_fen IS NOT excluded.refund_fen OR status IS NOT excluded.status`

const insTagSQL = `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id`

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.fillCust, w.overCust, w.updOrder, w.upLine, w.insTag} {
		if s != nil {
			s.Close()
		}
	}
	for _, b := range []*bulkInsert{w.bCust, w.bIdent, w.bPhone, w.bOrder, w.bLine, w.bErr, w.bCustTag} {
		if b != nil {
			b.close()
		}
	}
	for _, s := range w.lookups {
		s.Close()
	}
}

// flushCustomers writes the buffered customers and what refers to them.
func (w *writer) flushCustomers() error {
	for _, b := range []*bulkInsert{w.bCust, w.bIdent, w.bPhone, w.bCustTag} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

// flush writes everything buffered, parents first.
func (w *writer) flush() error {
	if err := w.flushCustomers(); err != nil {
		return err
	}
	for _, b := range []*bulkInsert{w.bOrder, w.bLine, w.bErr} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) write(b *batch) error {
	for i := range b.rejects {
		if err := w.reject(&b.rejects[i]); err != nil {
			return err
		}
	}
	var err error
	switch w.def.kind {
	case kindCustomers:
		for _, c := range b.custs {
			if err = w.writeCustomer(c); err != nil {
				return err
			}
		}
	case kindLines:
		err = w.writeLines(b.orders)
	default:
		err = w.writeOrders(b.orders)
	}
	if err != nil {
		return err
	}
	// The next batch looks orders up, so this one must be in the tables.
	return w.flush()
}

func (w *writer) reject(r *reject) error {
	w.rejected++
	return w.bErr.add(w.importID, w.file, r.rowNo, r.column, r.reason, r.detail, r.raw)
}

// b2i is an int64, a type database/sql passes on without reflection.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

type existing struct {
	id       int64
	vals     orderVals
	importID int64
}

// loadSeen fills w.seen with the platform's stored order numbers, for a
// file of about est rows.
func (w *writer) loadSeen(est int64) error {
	var have int64
	if err := w.tx.QueryRowContext(w.ctx, `SELECT COUNT(*) FROM orders WHERE platform = ?`, w.store).Scan(&have); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	// The estimate runs low; more entries than planned only make the
	// filter answer "maybe" more often.
	w.seen = newBloom(have + 2*est)
	if have == 0 {
		return nil
	}
	rows, err := w.tx.QueryContext(w.ctx, `SELECT order_no FROM orders WHERE platform = ?`, w.store)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer rows.Close()
	var no sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&no); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		w.seen.add(string(no))
	}
	return rows.Err()
}

// lookup fetches the stored orders of one batch by number.
func (w *writer) lookup(nos []string) (map[string]*existing, error) {
	out := make(map[string]*existing, len(nos))
	if w.seen != nil {
		// Only numbers the filter may have seen can be stored.
		maybe := nos[:0:0]
		for _, no := range nos {
			if w.seen.has(no) {
				maybe = append(maybe, no)
			} else {
				w.seen.add(no)
			}
		}
		nos = maybe
	}
	for len(nos) > 0 {
		n := len(nos)
		if n > batchSize {
			n = batchSize
		}
		st, ok := w.lookups[n]
		if !ok {
			q := `SELECT id, order_no, COALESCE(customer_id, 0), status, state, paid, created_at, paid_at, order_day,
				amount_fen, refund_fen, revenue_fen, items, quantity, receiver_name, receiver_phone, address, COALESCE(import_id, 0)
				FROM orders WHERE platform = ? AND order_no IN (?` + strings.Repeat(",?", n-1) + `)`
			var err error
			if st, err = w.tx.PrepareContext(w.ctx, q); err != nil {
				return nil, fmt.Errorf("import: prepare lookup: %w", err)
			}
			w.lookups[n] = st
		}
		args := make([]any, 0, n+1)
		args = append(args, w.store)
		for _, no := range nos[:n] {
			args = append(args, no)
		}
		rows, err := st.QueryContext(w.ctx, args...)
		if err != nil {
			return nil, fmt.Errorf("import: look up orders: %w", err)
		}
		for rows.Next() {
			e := &existing{}
			var no string
			var paid int
			v := &e.vals
			if err := rows.Scan(&e.id, &no, &v.customerID, &v.status, &v.state, &paid, &v.created, &v.paidAt, &v.day,
				&v.amount, &v.refund, &v.revenue, &v.items, &v.qty, &v.rname, &v.rphone, &v.address, &e.importID); err != nil {
				rows.Close()
				return nil, fmt.Errorf("import: look up orders: %w", err)
			}
			v.paidFlag = paid == 1
			out[no] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("import: look up orders: %w", err)
		}
		nos = nos[n:]
	}
	return out, nil
}

// writeOrders upserts a batch of orders and their lines.
func (w *writer) writeOrders(recs []*orderRec) error {
	// Rows of one order further apart than one group (but in one batch)
	// are merged first.
	byNo := make(map[string]*orderRec, len(recs))
	var list []*orderRec
	var nos []string
	for _, r := range recs {
		if o, ok := byNo[r.orderNo]; ok {
			o.merge(r, w.def.sumLines)
			continue
		}
		byNo[r.orderNo] = r
		list = append(list, r)
		nos = append(nos, r.orderNo)
	}
	found, err := w.lookup(nos)
	if err != nil {
		return err
	}
	cids := make([]int64, len(list))
	for i, r := range list {
		if cids[i], err = w.customerFor(r); err != nil {
			return err
		}
	}
	// Orders refer to the customers: write those first.
	if err := w.flushCustomers(); err != nil {
		return err
	}
	for i, r := range list {
		cid := cids[i]
		e := found[r.orderNo]
		var id int64
		switch {
		case e == nil:
			v := r.finished(w.def)
			v.customerID = cid
			id = w.nextOrder
			w.nextOrder++
			if err := w.bOrder.add(id, r.orderNo, nullID(cid), v.status, v.state, b2i(v.paidFlag),
				v.created, v.paidAt, v.day, v.amount, v.refund, v.revenue, v.items, v.qty, v.rname, v.rphone, v.address); err != nil {
				return err
			}
			w.ordersNew++
			for _, ln := range r.lines {
				if err := w.bLine.add(id, ln.key, ln.product, ln.sku, ln.qty, ln.price, ln.amount, ln.refund, ln.status); err != nil {
					return err
				}
				w.linesWritten++
			}
			if w.orderSeen != nil && r.lineBased {
				w.orderSeen[id] = struct{}{}
			}
			continue
		default:
			id = e.id
			v := r.finished(w.def)
			if _, again := w.orderSeen[id]; again && w.orderSeen != nil {
				// More rows of an order this file already wrote: add them
				// to what is stored.
				v = mergeStored(e.vals, v, w.def.sumLines)
			}
			if cid == 0 {
				cid = e.vals.customerID
			}
			v.customerID = cid
			if v != e.vals {
				if _, err := w.updOrder.ExecContext(w.ctx, nullID(cid), v.status, v.state, b2i(v.paidFlag), v.created, v.paidAt,
					v.day, v.amount, v.refund, v.revenue, v.items, v.qty, v.rname, v.rphone, v.address, w.importID, id); err != nil {
					return fmt.Errorf("import: order %s: %w", r.orderNo, err)
				}
				if _, again := w.orderSeen[id]; !again {
					w.ordersUpdated++
				}
			}
		}
		if w.orderSeen != nil && r.lineBased {
			w.orderSeen[id] = struct{}{}
		}
		for _, ln := range r.lines {
			res, err := w.upLine.ExecContext(w.ctx, id, ln.key, ln.product, ln.sku, ln.qty, ln.price, ln.amount, ln.refund, ln.status)
			if err != nil {
				return fmt.Errorf("import: order %s line %s: %w", r.orderNo, ln.key, err)
			}
			if err := w.countLine(res); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergeStored adds a later group of rows of an order to the values this
// file already stored for it.
func mergeStored(old, v orderVals, sumLines bool) orderVals {
	out := old
	if sumLines {
		out.amount += v.amount
		if out.state == StatePaid {
			out.revenue = out.amount - out.refund
		}
	}
	out.qty += v.qty
	if v.items != "" && !strings.Contains(out.items, v.items) {
		out.items = truncateRunes(out.items+"，"+v.items, 500)
	}
	return out
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// writeLines adds the lines of a line report to orders already stored;
// lines of unknown orders are rejected (the order report comes first).
func (w *writer) writeLines(recs []*orderRec) error {
	var nos []string
	seen := map[string]bool{}
	for _, r := range recs {
		if !seen[r.orderNo] {
			seen[r.orderNo] = true
			nos = append(nos, r.orderNo)
		}
	}
	found, err := w.lookup(nos)
	if err != nil {
		return err
	}
	for _, r := range recs {
		ln := r.lines[0]
		e := found[r.orderNo]
		if e == nil {
			if err := w.reject(&reject{rowNo: ln.rowNo, column: "", reason: RejectNoOrder, detail: r.orderNo, raw: ln.raw}); err != nil {
				return err
			}
			continue
		}
		res, err := w.upLine.ExecContext(w.ctx, e.id, ln.key, ln.product, ln.sku, ln.qty, ln.price, ln.amount, ln.refund, ln.status)
		if err != nil {
			return fmt.Errorf("import: order %s line %s: %w", r.orderNo, ln.key, err)
		}
		if err := w.countLine(res); err != nil {
			return err
		}
	}
	return nil
}

// countLine counts a line written by upLine (an unchanged line is not).
func (w *writer) countLine(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("import: order line: %w", err)
	}
	if n > 0 {
		w.linesWritten++
	}
	return nil
}
