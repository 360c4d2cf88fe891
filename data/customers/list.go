// Package customers is the customer database as the customer screens and the
// customers command see it: the searchable, sortable, paged list; the card
// with everything known about one customer; field edits that imports never
// overwrite; merging (and undoing it); complaints, feedback, tags and export.
// It never imports Fyne: errors come as typed codes the UI translates.
package customers

import (
	"context"
	"fmt"
	"huitouke/data"
	"strings"
)

// Filter selects customers; zero fields select all.
type Filter struct {
	Search        string // typed text: every word must occur in a name, nickname, phone, e-mail, id or tag
	Segment       string // new|active|cooling|dormant_high|dormant_low|lost|none
	RFM           string // important_value … general_retain
	Level         string // level key (override wins over the computed tier)
	Tag           string
	Platform      string
	BirthdayMonth int // 1..12, 0 = any
	DoNotContact  int // 0 any, 1 only do-not-contact, -1 only contactable
	IDs           []int64
}

// Sort columns of the list.
const (
	SortID           = ""
	SortName         = "name"
	SortNickname     = "nickname"
	SortPlatform     = "platform"
	SortPhone        = "phone"
	SortSegment      = "segment"
	SortRFM          = "rfm"
	SortLevel        = "level"
	SortOrders       = "orders"
	SortRevenue      = "revenue"
	SortLastOrder    = "last_order"
	SortNextExpected = "next_expected"
)

var sortExpr = map[string]string{
	SortID:           "c.id",
	SortName:         "c.name",
	SortNickname:     "c.nickname",
	SortPlatform:     "c.platform",
	SortPhone:        "phone",
	SortSegment:      "COALESCE(s.segment, '')",
	SortRFM:          "COALESCE(s.rfm, '')",
	SortLevel:        "level",
	SortOrders:       "COALESCE(s.paid_orders, 0)",
	SortRevenue:      "COALESCE(s.revenue_fen, 0)",
	SortLastOrder:    "COALESCE(s.last_paid_day, '')",
	SortNextExpected: "COALESCE(s.next_expected, '')",
}

// Sort orders the list.
type Sort struct {
	By   string // one of the Sort* columns
	Desc bool
}

// Row is one line of the customer list.
type Row struct {
	ID           int64
	Name         string
	Nickname     string
	Platform     string
	Phone        string // first phone, as stored
	Segment      string
	RFM          string
	Level        string
	Orders       int
	RevenueFen   int64
	LastOrder    string // YYYY-MM-DD or ""
	NextExpected string
	Tags         []string
	DoNotContact bool
}

// ErrBadSort means a sort column that does not exist.
type ErrBadSort struct{ By string }

func (e *ErrBadSort) Error() string { return fmt.Sprintf("customers: unknown sort column %q", e.By) }

// where builds the WHERE clause of f (on customers c LEFT JOIN customer_stats s).
func where(f Filter, stale bool) (string, []any) {
	conds := []string{"c.merged_into IS NULL"}
	var args []any
	if ws := queryWords(f.Search); len(ws) > 0 {
		// Indexed documents answer through FTS; customers whose document is
		// stale (just imported or edited, not yet refreshed) are checked
		// directly so that nothing written is ever missing from a search.
		const indexed = `c.id IN (SELECT docid FROM customer_search WHERE customer_search MATCH ?)`
		args = append(args, matchExpr(f.Search))
		if !stale {
			conds = append(conds, indexed)
		} else {
			conds = append(conds, `(`+indexed+` OR (c.id IN (SELECT customer_id FROM customer_search_dirty) AND `+staleMatch(len(ws))+`))`)
			// A stale row is matched on its raw columns, with the word both
			// as typed ("tmq_tea") and normalised ("tmqtea").
			for _, p := range queryPairs(f.Search) {
				for range staleCols {
					args = append(args, "%"+likeEscape(p[0])+"%", "%"+likeEscape(p[1])+"%")
				}
			}
		}
	}
	if f.Segment != "" {
		if f.Segment == "none" {
			conds = append(conds, "COALESCE(NULLIF(s.segment, ''), 'none') = 'none'")
		} else {
			conds = append(conds, "s.segment = ?")
			args = append(args, f.Segment)
		}
	}
	if f.RFM != "" {
		conds = append(conds, "s.rfm = ?")
		args = append(args, f.RFM)
	}
	if f.Level != "" {
		conds = append(conds, "COALESCE(NULLIF(c.level_override, ''), s.level, '') = ?")
		args = append(args, f.Level)
	}
	if f.Tag != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id AND t.name = ?)")
		args = append(args, f.Tag)
	}
	if f.Platform != "" {
		conds = append(conds, "(c.platform = ? OR EXISTS (SELECT 1 FROM identities i WHERE i.customer_id = c.id AND i.platform = ?))")
		args = append(args, f.Platform, f.Platform)
	}
	if f.BirthdayMonth >= 1 && f.BirthdayMonth <= 12 {
		m := fmt.Sprintf("%02d", f.BirthdayMonth)
		conds = append(conds, "(c.birthday LIKE ? OR c.birthday LIKE ?)")
		args = append(args, "____-"+m+"-__", "--"+m+"-__")
	}
	switch f.DoNotContact {
	case 1:
		conds = append(conds, "c.do_not_contact = 1")
	case -1:
		conds = append(conds, "c.do_not_contact = 0")
	}
	if f.IDs != nil {
		conds = append(conds, "c.id IN (SELECT value FROM json_each(?))")
		args = append(args, idList(f.IDs))
	}
	return strings.Join(conds, " AND "), args
}

// staleCols are the columns a stale customer is matched on directly.
var staleCols = []string{"c.name", "c.nickname", "c.email", "c.wechat", "c.qq", "c.wangwang",
	"(SELECT group_concat(phone || ' ' || normalized, ' ') FROM customer_phones WHERE customer_id = c.id)"}

func staleMatch(words int) string {
	var all []string
	for range words {
		var any []string
		for _, col := range staleCols {
			any = append(any, "LOWER("+col+") LIKE ? ESCAPE '\\' OR LOWER("+col+") LIKE ? ESCAPE '\\'")
		}
		all = append(all, "("+strings.Join(any, " OR ")+")")
	}
	return strings.Join(all, " AND ")
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

const listSelect = `SELECT c.id, c.name, c.nickname, c.platform,
	COALESCE((SELECT phone FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.masked, p.rowid LIMIT 1), '') AS phone,
	COALESCE(NULLIF(s.segment, ''), 'none'), COALESCE(s.rfm, ''),
	COALESCE(NULLIF(c.level_override, ''), s.level, '') AS level,
	COALESCE(s.paid_orders, 0), COALESCE(s.revenue_fen, 0), COALESCE(s.last_paid_day, ''), COALESCE(s.next_expected, ''),
	COALESCE((SELECT group_concat(t.name, ',') FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id), ''),
	c.do_not_contact
	FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id`

// List returns rows [offset, offset+limit) of the customers f selects,
// sorted by srt (then by id, so pages never overlap).
func List(ctx context.Context, st *data.Store, f Filter, srt Sort, offset, limit int) ([]Row, error) {
	db := st.DB()
	stale, err := prepareSearch(ctx, st, f)
	if err != nil {
		return nil, err
	}
	expr, ok := sortExpr[srt.By]
	if !ok {
		return nil, &ErrBadSort{srt.By}
	}
	dir := "ASC"
	if srt.Desc {
		dir = "DESC"
	}
	w, args := where(f, stale)
	order := expr + " " + dir
	if srt.By != SortID {
		order += ", c.id " + dir
	}
	q := listSelect + " WHERE " + w + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	args = append(args, limit, offset)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var tags string
		var dnc int
		if err := rows.Scan(&r.ID, &r.Name, &r.Nickname, &r.Platform, &r.Phone, &r.Segment, &r.RFM, &r.Level,
			&r.Orders, &r.RevenueFen, &r.LastOrder, &r.NextExpected, &tags, &dnc); err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		if tags != "" {
			r.Tags = strings.Split(tags, ",")
		}
		r.DoNotContact = dnc != 0
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return out, nil
}

// Count counts the customers f selects.
func Count(ctx context.Context, st *data.Store, f Filter) (int, error) {
	db := st.DB()
	stale, err := prepareSearch(ctx, st, f)
	if err != nil {
		return 0, err
	}
	w, args := where(f, stale)
	q := `SELECT COUNT(*) FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id WHERE ` + w
	if !needsStats(f) {
		q = `SELECT COUNT(*) FROM customers c WHERE ` + w
	}
	var n int
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count customers: %w", err)
	}
	return n, nil
}

// IDs returns the ids of every customer f selects, in srt order (for
// "select all", export and bulk tagging).
func IDs(ctx context.Context, st *data.Store, f Filter, srt Sort) ([]int64, error) {
	db := st.DB()
	stale, err := prepareSearch(ctx, st, f)
	if err != nil {
		return nil, err
	}
	expr, ok := sortExpr[srt.By]
	if !ok {
		return nil, &ErrBadSort{srt.By}
	}
	if srt.By == SortPhone || srt.By == SortLevel {
		// Aliases of the list select: sort by the id only here.
		expr = "c.id"
	}
	dir := "ASC"
	if srt.Desc {
		dir = "DESC"
	}
	w, args := where(f, stale)
	rows, err := db.QueryContext(ctx, `SELECT c.id FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id WHERE `+
		w+` ORDER BY `+expr+` `+dir+`, c.id `+dir, args...)
	if err != nil {
		return nil, fmt.Errorf("customer ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func needsStats(f Filter) bool {
	return f.Segment != "" || f.RFM != "" || f.Level != ""
}

// prepareSearch rebuilds a small backlog of stale search documents before a
// search so the index answers for them; a large backlog (a big import) is
// matched directly in the query while RefreshSearch catches up.
func prepareSearch(ctx context.Context, st *data.Store, f Filter) (stale bool, err error) {
	if strings.TrimSpace(f.Search) == "" {
		return false, nil
	}
	n, err := SearchBacklog(ctx, st)
	if err != nil || n == 0 {
		return false, err
	}
	if n <= inlineRefresh {
		n, err = RefreshSearch(ctx, st, n, nil)
	}
	return n > 0, err
}
