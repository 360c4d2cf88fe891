package imports

import (
	"fmt"
	"hash/maphash"
	"strings"
)

// customerFor finds or creates the customer of an order and fills the card.
func (w *writer) customerFor(r *orderRec) (int64, error) {
	if r.key == "" {
		return 0, nil
	}
	id, ok := w.idents[r.key]
	nick := r.nick
	if nick == "" && r.keyKind == "account" {
		nick = r.key
	}
	if !ok {
		id = w.nextCust
		w.nextCust++
		if err := w.bCust.add(id, r.name, b2i(IsMasked(r.name)), nick, r.email,
			r.province, r.city, r.address); err != nil {
			return 0, err
		}
		if err := w.bIdent.add(r.key, r.keyKind, b2i(r.keyMasked), id); err != nil {
			return 0, err
		}
		// Keys are cut from the row's text: clone them so the map does
		// not keep whole rows alive.
		w.idents[strings.Clone(r.key)] = id
		w.custNew++
		w.custSeen[id] = phonesSeen{}
	} else if _, seen := w.custSeen[id]; !seen {
		if _, err := w.fillCust.ExecContext(w.ctx, id, r.name, b2i(IsMasked(r.name)), nick, r.email,
			r.province, r.city, r.address); err != nil {
			return 0, fmt.Errorf("import: fill customer: %w", err)
		}
		w.custSeen[id] = phonesSeen{}
	}
	if r.phone != "" {
		ps := w.custSeen[id]
		h := maphash.String(w.phoneSeed, r.phone) | 1 // never 0, the empty slot
		if h != ps[0] && h != ps[1] {
			if err := w.addPhone(id, r.phone); err != nil {
				return 0, err
			}
			w.custSeen[id] = phonesSeen{h, ps[0]}
		}
	}
	return id, nil
}

// phonesSeen are hashes of the last two phones recorded for a customer
// (0 = none).
type phonesSeen [2]uint64

func (w *writer) addPhone(id int64, phone string) error {
	k, masked := PhoneKey(phone)
	if k == "" {
		return nil
	}
	norm := k
	if masked {
		norm = ""
	}
	return w.bPhone.add(id, phone, norm, b2i(masked))
}

// existing is an order as stored.

// writeCustomer applies one row of a customer list.
func (w *writer) writeCustomer(c *custRec) error {
	id, ok := w.idents[c.key]
	if !ok {
		id = w.nextCust
		w.nextCust++
		if err := w.bCust.add(id, c.name, b2i(IsMasked(c.name)), c.nick, c.email,
			c.province, c.city, c.address, c.birthday, c.gender, c.level, c.points); err != nil {
			return err
		}
		if err := w.bIdent.add(c.key, c.keyKind, b2i(c.keyMasked), id); err != nil {
			return err
		}
		w.idents[strings.Clone(c.key)] = id
		w.custNew++
	} else {
		if _, err := w.overCust.ExecContext(w.ctx, id, c.name, b2i(IsMasked(c.name)), c.nick, c.email, c.province, c.city,
			c.address, c.birthday, c.gender, c.level, b2i(c.hasPoints), c.points, w.now); err != nil {
			return fmt.Errorf("import: update customer: %w", err)
		}
	}
	for _, p := range c.phones {
		if err := w.addPhone(id, p); err != nil {
			return err
		}
	}
	for _, t := range c.tags {
		tid, ok := w.tags[t]
		if !ok {
			if err := w.insTag.QueryRowContext(w.ctx, t).Scan(&tid); err != nil {
				return fmt.Errorf("import: tag: %w", err)
			}
			if w.tags == nil {
				w.tags = map[string]int64{}
			}
			w.tags[t] = tid
		}
		if err := w.bCustTag.add(id, tid); err != nil {
			return err
		}
	}
	return nil
}

// markTables are the tables whose inserted rows mark their customer's
// search document stale (the insert triggers of migration 0003).
var markTables = [...]struct{ table, customer string }{
	{"customers", "id"}, {"identities", "customer_id"}, {"customer_phones", "customer_id"}, {"customer_tags", "customer_id"},
}

// noteRowids records the largest rowids before the file writes anything.
func (w *writer) noteRowids() error {
	for i, m := range markTables {
		if err := w.tx.QueryRowContext(w.ctx, `SELECT COALESCE(MAX(rowid), 0) FROM `+m.table).Scan(&w.lastRowids[i]); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	return nil
}

// markSearch creates the search triggers dropped for this file again and
// marks, as they would have, the customer of every row the file inserted
// into markTables. An import deletes nothing, so SQLite gave the rows it
// inserted rowids above the largest one before (the one exception, a
// table whose rowids reached 2^63-1, cannot happen here), and one range
// scan per table finds them.
func (w *writer) markSearch() error {
	if len(w.triggers) == 0 {
		return nil
	}
	if err := createIndexes(w.ctx, w.tx, w.triggers); err != nil {
		return err
	}
	for i, m := range markTables {
		if _, err := w.tx.ExecContext(w.ctx, `INSERT OR IGNORE INTO customer_search_dirty(customer_id)
			SELECT `+m.customer+` FROM `+m.table+` WHERE rowid > ?`, w.lastRowids[i]); err != nil {
			return fmt.Errorf("import: mark search: %w", err)
		}
	}
	return nil
}
