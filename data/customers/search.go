package customers

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"huitouke/data"
)

// maxSuffixes caps how many suffixes one word contributes: beyond it a long
// word (an address-like nickname) would bloat the index for no real search.
const maxSuffixes = 24

// normalize folds text for search: lower case, full-width forms to ASCII,
// and every space, punctuation and symbol dropped, so "138-0013 8000",
// "Alice.W@Mail.com" and "ａｌｉｃｅ" compare as their letters and digits.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch {
		case r < 128:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// words splits a query or value into the normalised words it holds: spaces
// and punctuation separate words of a query, but inside a stored value they
// are dropped (see normalize) so that phones written with spaces match.
func queryWords(q string) []string {
	var out []string
	for _, p := range queryPairs(q) {
		out = append(out, p[1])
	}
	return out
}

// queryPairs is each word of a query as typed (lower case, full-width
// folded) and normalised, for the words that normalise to something; it
// lines up with queryWords.
func queryPairs(q string) [][2]string {
	var out [][2]string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return unicode.IsSpace(r) || r == '　' || r == ',' || r == '，' }) {
		if w := normalize(f); w != "" {
			out = append(out, [2]string{strings.ToLower(foldWidth(f)), w})
		}
	}
	return out
}

// suffixes appends every suffix of w (up to maxSuffixes of them) to dst.
func suffixes(dst []string, w string) []string {
	n := 0
	for i := range w {
		if n == maxSuffixes {
			break
		}
		// A suffix starting inside a run of ASCII digits/letters matches a
		// query typed from the middle (the last four digits of a phone).
		dst = append(dst, w[i:])
		n++
	}
	return dst
}

// document builds the search text of one customer from its values.
func document(values []string) string {
	seen := map[string]bool{}
	var toks []string
	for _, v := range values {
		w := normalize(v)
		if w == "" {
			continue
		}
		for _, t := range suffixes(nil, w) {
			if !seen[t] {
				seen[t] = true
				toks = append(toks, t)
			}
		}
	}
	return strings.Join(toks, " ")
}

// matchExpr turns a typed query into an FTS4 MATCH expression: every word
// must be a prefix of some suffix (i.e. a substring of some value). The
// words hold only letters and digits, so they cannot form FTS operators
// (those are upper case; words are lower-cased).
func matchExpr(q string) string {
	ws := queryWords(q)
	for i, w := range ws {
		ws[i] = w + "*"
	}
	return strings.Join(ws, " ")
}

// inlineRefresh is how many stale search documents a query rebuilds itself
// before answering; more than that (a large import) is left to
// RefreshSearch in the background, and queries scan the stale rows instead.
const inlineRefresh = 500

// SearchBacklog is how many customers wait for their search document to be
// rebuilt.
func SearchBacklog(ctx context.Context, st *data.Store) (int, error) {
	db := st.DB()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM customer_search_dirty`).Scan(&n); err != nil {
		return 0, fmt.Errorf("search backlog: %w", err)
	}
	return n, nil
}

// RefreshSearch rebuilds up to limit stale search documents (all when
// limit <= 0), in transactions of a few thousand, and returns how many are
// left. Run it in the background after imports; progress, when not nil, is
// called after each transaction with the number done so far.
func RefreshSearch(ctx context.Context, st *data.Store, limit int, progress func(done int)) (left int, err error) {
	db := st.DB()
	done := 0
	for limit <= 0 || done < limit {
		batch := 2000
		if limit > 0 && limit-done < batch {
			batch = limit - done
		}
		n, err := refreshBatch(ctx, db, batch)
		if err != nil {
			return 0, err
		}
		done += n
		if progress != nil {
			progress(done)
		}
		if n < batch {
			break
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
	}
	return SearchBacklog(ctx, st)
}

func refreshBatch(ctx context.Context, db *sql.DB, batch int) (int, error) {
	n := 0
	err := data.InTx(ctx, db, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT customer_id FROM customer_search_dirty ORDER BY customer_id LIMIT ?`, batch)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		docs, err := loadDocuments(ctx, tx, ids)
		if err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM customer_search WHERE docid = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO customer_search(docid, tokens) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		clr, err := tx.PrepareContext(ctx, `DELETE FROM customer_search_dirty WHERE customer_id = ?`)
		if err != nil {
			return err
		}
		defer clr.Close()
		for _, id := range ids {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return err
			}
			if doc, ok := docs[id]; ok && doc != "" {
				if _, err := ins.ExecContext(ctx, id, doc); err != nil {
					return err
				}
			}
			if _, err := clr.ExecContext(ctx, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("refresh search: %w", err)
	}
	return n, nil
}

// loadDocuments builds the search documents of ids (merged-away and deleted
// customers get none).
func loadDocuments(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]string, error) {
	list := idList(ids)
	vals := map[int64][]string{}
	add := func(q string) error {
		rows, err := tx.QueryContext(ctx, q, list)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				return err
			}
			// A masked value (138****1234) is searchable by its visible
			// parts, never by the digits run together across the stars.
			for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '*' || r == '＊' }) {
				vals[id] = append(vals[id], part)
			}
		}
		return rows.Err()
	}
	// Customers first: only active ones get a document at all.
	rows, err := tx.QueryContext(ctx, `SELECT id, name, nickname, email, wechat, qq, wangwang FROM customers
		WHERE merged_into IS NULL AND id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return nil, err
	}
	active := map[int64]bool{}
	for rows.Next() {
		var id int64
		var f [6]string
		if err := rows.Scan(&id, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]); err != nil {
			rows.Close()
			return nil, err
		}
		active[id] = true
		for _, v := range f {
			for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '*' || r == '＊' }) {
				vals[id] = append(vals[id], part)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range []string{
		`SELECT customer_id, phone FROM customer_phones WHERE customer_id IN (SELECT value FROM json_each(?))`,
		`SELECT customer_id, key FROM identities WHERE customer_id IN (SELECT value FROM json_each(?))`,
		`SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
			WHERE ct.customer_id IN (SELECT value FROM json_each(?))`,
	} {
		if err := add(q); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]string, len(active))
	for id := range active {
		out[id] = document(vals[id])
	}
	return out, nil
}

// idList is ids as a JSON array, for "IN (SELECT value FROM json_each(?))".
func idList(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d", id)
	}
	b.WriteByte(']')
	return b.String()
}
