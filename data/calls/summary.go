package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Phone is one of a customer's numbers.
type Phone struct {
	Number string
	Masked bool
	Wrong  bool // found wrong on an earlier call: never dialled again
}

// OrderLine is a recent paid order as the agent sees it.
type OrderLine struct {
	Day       string
	No        string
	Items     string
	AmountFen int64
	Platform  string
}

// ComplaintInfo is a complaint shown on the workspace.
type ComplaintInfo struct {
	ID         int64
	What       string
	Severity   string
	CreatedAt  string
	DeadlineAt string
	Status     string
	Resolution string
}

// CallInfo is an earlier call.
type CallInfo struct {
	At, Agent, Note, Reason string
	Outcome                 Outcome
}

// Summary is everything the workspace shows about the customer on the phone.
type Summary struct {
	CustomerID   int64
	Name         string
	NameMasked   bool
	Nickname     string
	Gender       string
	Salutation   string // set by hand on the card; "" = worked out (rules.Salutation)
	Birthday     string
	Platform     string
	City         string
	Notes        string
	Preferences  string
	ContactTime  string
	DoNotContact bool
	Phones       []Phone
	Level        string
	Segment      string
	RFM          string
	PaidOrders   int
	RevenueFen   int64
	LastPaid     string
	NextExpected string
	Points       int64
	Orders       []OrderLine // latest first, at most 5
	Complaints   []ComplaintInfo
	Calls        []CallInfo // latest first, at most 5
	// Records are the customer records of the person (this one first):
	// those sharing a full number or e-mail with it, on any platform.
	Records []Record
}

// Record is one platform customer of a person.
type Record struct {
	CustomerID int64
	Platform   string
	Phones     []Phone
}

// Platforms are the platforms of the person's records, each once.
func (s Summary) Platforms() []string {
	var out []string
	for _, r := range s.Records {
		if r.Platform != "" && !slices.Contains(out, r.Platform) {
			out = append(out, r.Platform)
		}
	}
	if len(out) == 0 && s.Platform != "" {
		out = append(out, s.Platform)
	}
	return out
}

// AllPhones are the person's numbers, each once (by digits), this record's first.
func (s Summary) AllPhones() []Phone {
	var out []Phone
	seen := map[string]bool{}
	add := func(p Phone) {
		k := p.Number
		if !p.Masked {
			k = phoneDigits(p.Number)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	for _, p := range s.Phones {
		add(p)
	}
	for _, r := range s.Records {
		for _, p := range r.Phones {
			add(p)
		}
	}
	return out
}

func phoneDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// CallablePhone is the number to dial: the first unmasked one with enough
// digits that no call found wrong, or "".
func (s Summary) CallablePhone() string {
	for _, p := range s.Phones {
		if p.Masked || p.Wrong || strings.ContainsAny(p.Number, "*xX") {
			continue
		}
		n := 0
		for _, c := range p.Number {
			if c >= '0' && c <= '9' {
				n++
			}
		}
		if n >= 7 {
			return p.Number
		}
	}
	return ""
}

// Person is what rules.Salutation needs to address the customer.
func (s Summary) Person() rules.Person {
	return rules.Person{Salutation: s.Salutation, Name: s.Name, NameMasked: s.NameMasked, Gender: s.Gender, Nickname: s.Nickname}
}

// OpenComplaints counts complaints not answered yet.
func (s Summary) OpenComplaints() int {
	n := 0
	for _, c := range s.Complaints {
		if c.Status == "open" {
			n++
		}
	}
	return n
}

// LoadSummary reads one customer's summary (a handful of indexed queries:
// well under a millisecond on a large shop).
func LoadSummary(ctx context.Context, st *data.Store, customerID int64) (Summary, error) {
	db := st.DB()
	s := Summary{CustomerID: customerID}
	var imported int64
	err := db.QueryRowContext(ctx, `SELECT c.name, c.name_masked, c.nickname, c.gender, c.salutation, c.birthday, c.platform, c.city, c.notes, c.preferences,
		c.contact_time, c.do_not_contact, c.points_imported,
		COALESCE(NULLIF(c.level_override, ''), s.level, ''), COALESCE(s.segment, ''), COALESCE(s.rfm, ''),
		COALESCE(s.paid_orders, 0), COALESCE(s.revenue_fen, 0), COALESCE(s.last_paid_day, ''), COALESCE(s.next_expected, ''),
		COALESCE((SELECT SUM(delta) FROM points_ledger p WHERE p.customer_id = c.id), 0)
		FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id WHERE c.id = ?`, customerID).
		Scan(&s.Name, &s.NameMasked, &s.Nickname, &s.Gender, &s.Salutation, &s.Birthday, &s.Platform, &s.City, &s.Notes, &s.Preferences,
			&s.ContactTime, &s.DoNotContact, &imported, &s.Level, &s.Segment, &s.RFM, &s.PaidOrders, &s.RevenueFen,
			&s.LastPaid, &s.NextExpected, &s.Points)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("load customer summary: %w", err)
	}
	// Points: the platform's balance when a member export gave one,
	// otherwise 1 point per yuan paid; hand adjustments on top.
	if imported > 0 {
		s.Points += imported
	} else {
		s.Points += s.RevenueFen / 100
	}
	q := func(what, query string, fn func(*sql.Rows) error) error {
		rows, err := db.QueryContext(ctx, query, customerID)
		if err != nil {
			return fmt.Errorf("load customer %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				return fmt.Errorf("load customer %s: %w", what, err)
			}
		}
		return rows.Err()
	}
	if err := q("phones", `SELECT phone, masked, wrong FROM customer_phones WHERE customer_id = ? ORDER BY masked, rowid`, func(r *sql.Rows) error {
		var p Phone
		err := r.Scan(&p.Number, &p.Masked, &p.Wrong)
		s.Phones = append(s.Phones, p)
		return err
	}); err != nil {
		return s, err
	}
	if err := loadRecords(ctx, db, &s); err != nil {
		return s, err
	}
	if err := q("orders", `SELECT order_day, order_no, items, amount_fen, platform FROM orders
		WHERE customer_id = ? AND paid = 1 ORDER BY order_day DESC, id DESC LIMIT 5`, func(r *sql.Rows) error {
		var o OrderLine
		err := r.Scan(&o.Day, &o.No, &o.Items, &o.AmountFen, &o.Platform)
		s.Orders = append(s.Orders, o)
		return err
	}); err != nil {
		return s, err
	}
	if err := q("complaints", `SELECT id, what, severity, created_at, deadline_at, status, resolution FROM complaints
		WHERE customer_id = ? ORDER BY (status = 'open') DESC, id DESC LIMIT 5`, func(r *sql.Rows) error {
		var c ComplaintInfo
		err := r.Scan(&c.ID, &c.What, &c.Severity, &c.CreatedAt, &c.DeadlineAt, &c.Status, &c.Resolution)
		s.Complaints = append(s.Complaints, c)
		return err
	}); err != nil {
		return s, err
	}
	if err := q("calls", `SELECT called_at, agent, note, reason, outcome FROM calls WHERE customer_id = ? ORDER BY called_at DESC, id DESC LIMIT 5`,
		func(r *sql.Rows) error {
			var c CallInfo
			var o string
			err := r.Scan(&c.At, &c.Agent, &c.Note, &c.Reason, &o)
			c.Outcome = Outcome(o)
			s.Calls = append(s.Calls, c)
			return err
		}); err != nil {
		return s, err
	}
	return s, nil
}

var levelNames = map[string][2]string{
	"regular": {"普通", "Regular"},
	"silver":  {"银卡", "Silver"},
	"gold":    {"金卡", "Gold"},
	"diamond": {"钻石", "Diamond"},
}

// LevelName is the display name of a membership level key in locale;
// a shop's own level names are shown as written.
func LevelName(key, locale string) string {
	if n, ok := levelNames[key]; ok {
		if isEnglish(locale) {
			return n[1]
		}
		return n[0]
	}
	return key
}

// FormatDay writes a stored day the way people say it: "9月3日" or "Sep 3",
// with the year when it is not the year of ref.
func FormatDay(s string, ref clock.Day, locale string) string {
	d, ok := parseDay([]byte(s))
	if !ok {
		return s
	}
	y, m, dd := d.Date()
	ry, _, _ := ref.Date()
	if isEnglish(locale) {
		t := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		if y != ry {
			return t.Format("Jan 2, 2006")
		}
		return t.Format("Jan 2")
	}
	if y != ry {
		return fmt.Sprintf("%d年%d月%d日", y, int(m), dd)
	}
	return fmt.Sprintf("%d月%d日", int(m), dd)
}

// ValueParams are the shop-wide inputs of script values.
type ValueParams struct {
	Shop   string
	Agent  string
	Locale string
	Day    clock.Day // the list day ("today")
	// LevelName translates a level key; nil uses the built-in names.
	LevelName func(string) string
}

// Values fills the script placeholders for the customer of an entry.
func Values(s Summary, it Item, p ValueParams) rules.Values {
	loc := Locale(p.Locale)
	v := rules.Values{
		Salutation: rules.Salutation(s.Person(), loc),
		Shop:       p.Shop,
		Agent:      p.Agent,
		Points:     strconv.FormatInt(s.Points, 10),
	}
	if v.Shop == "" {
		v.Shop = map[bool]string{false: "本店", true: "our shop"}[loc == "en"]
	}
	if s.Level != "" {
		if p.LevelName != nil {
			v.Level = p.LevelName(s.Level)
		} else {
			v.Level = LevelName(s.Level, loc)
		}
	}
	// The order an after-sale call is about, else the latest one.
	var o *OrderLine
	for i := range s.Orders {
		if it.Reason == rules.ReasonAfterSale && s.Orders[i].No == it.Detail {
			o = &s.Orders[i]
			break
		}
	}
	if o == nil && len(s.Orders) > 0 {
		o = &s.Orders[0]
	}
	if o != nil {
		v.LastProduct = ShortItems(o.Items)
		v.LastDate = FormatDay(o.Day, p.Day, loc)
	}
	switch it.Reason {
	case rules.ReasonBirthday:
		md := it.Detail
		if md == "" && len(s.Birthday) >= 5 {
			md = s.Birthday[len(s.Birthday)-5:]
		}
		v.Birthday = formatMonthDay(md, loc)
	case rules.ReasonPromotion:
		v.Campaign = it.Detail
		v.CampaignDate = FormatDay(it.Due, p.Day, loc)
	case rules.ReasonComplaint:
		for _, c := range s.Complaints {
			if c.ID == it.RefID && c.Resolution != "" {
				v.Resolution = c.Resolution
			}
		}
		if v.Resolution == "" {
			v.Resolution = map[bool]string{false: "已经登记，由负责人专门跟进处理", true: "we have recorded it and a colleague is handling it personally"}[loc == "en"]
		}
	}
	if v.Birthday == "" && len(s.Birthday) >= 5 {
		v.Birthday = formatMonthDay(s.Birthday[len(s.Birthday)-5:], loc)
	}
	return v
}

func formatMonthDay(md, locale string) string {
	if len(md) != 5 || md[2] != '-' {
		return md
	}
	m, err1 := strconv.Atoi(md[:2])
	d, err2 := strconv.Atoi(md[3:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 {
		return md
	}
	if isEnglish(locale) {
		return time.Date(2000, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("Jan 2")
	}
	return fmt.Sprintf("%d月%d日", m, d)
}

// ShortItems shortens an order's product summary for speaking: the first
// product only, without the "等2件商品" tail.
func ShortItems(items string) string {
	s := strings.TrimSpace(items)
	for _, sep := range []string{"，", ",", "；", ";", "\n"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	if i := strings.Index(s, " 等"); i > 0 {
		s = s[:i]
	} else if i := strings.Index(s, "等"); i > 0 && strings.HasSuffix(s, "件商品") {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Found is a customer found by name for the script preview.
type Found struct {
	ID   int64
	Name string
}

// FindCustomers finds up to limit customers whose name or nickname
// contains q (for picking a real customer in the script preview).
func FindCustomers(ctx context.Context, st *data.Store, q string, limit int) ([]Found, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	rows, err := st.DB().QueryContext(ctx, `SELECT id, CASE WHEN name <> '' THEN name ELSE nickname END FROM customers
		WHERE merged_into IS NULL AND (name LIKE ? ESCAPE '\' OR nickname LIKE ? ESCAPE '\') ORDER BY id LIMIT ?`, like, like, limit)
	if err != nil {
		return nil, fmt.Errorf("find customers: %w", err)
	}
	defer rows.Close()
	var out []Found
	for rows.Next() {
		var f Found
		if err := rows.Scan(&f.ID, &f.Name); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// loadRecords reads the person's records: the customers (not merged away)
// sharing one of s's full numbers or its e-mail.
func loadRecords(ctx context.Context, db *sql.DB, s *Summary) error {
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.platform, COALESCE(p.phone, ''), COALESCE(p.masked, 0), COALESCE(p.wrong, 0)
		FROM customers c LEFT JOIN customer_phones p ON p.customer_id = c.id
		WHERE c.id IN (
			SELECT o.customer_id FROM customer_phones m JOIN customer_phones o ON o.normalized = m.normalized AND o.normalized <> '' AND o.masked = 0
			WHERE m.customer_id = ?1 AND m.masked = 0 AND m.normalized <> '' AND m.wrong = 0
			UNION SELECT o.id FROM customers m JOIN customers o ON o.email = m.email AND o.email <> ''
			WHERE m.id = ?1 AND m.email LIKE '%@%' AND m.email NOT LIKE '%*%'
			UNION SELECT ?1)
		AND +c.merged_into IS NULL
		ORDER BY c.id <> ?1, c.id, p.masked, p.rowid`, s.CustomerID)
	if err != nil {
		return fmt.Errorf("load customer records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var platform string
		var p Phone
		if err := rows.Scan(&id, &platform, &p.Number, &p.Masked, &p.Wrong); err != nil {
			return fmt.Errorf("load customer records: %w", err)
		}
		if n := len(s.Records); n == 0 || s.Records[n-1].CustomerID != id {
			s.Records = append(s.Records, Record{CustomerID: id, Platform: platform})
		}
		if p.Number != "" {
			r := &s.Records[len(s.Records)-1]
			r.Phones = append(r.Phones, p)
		}
	}
	return rows.Err()
}
