package imports

import (
	"encoding/json"
	"strings"
	"time"
)

// line is one product line of an order.
type line struct {
	key      string
	product  string
	sku      string
	qty      int64
	price    int64
	amount   int64
	refund   int64
	status   string
	refunded bool   // its after-sale state says fully refunded (Douyin)
	raw      string // kept for line files, whose rows may be rejected later
	rowNo    int
}

// orderRec is one order gathered from one or more contiguous rows.
type orderRec struct {
	rowNo   int
	orderNo string

	// fin is finish's result, worked out by the reader (see finished) so
	// the writer, the import's busiest goroutine, need not; finDone is
	// cleared by merge.
	fin     orderVals
	finDone bool

	buyer

	status, afterSale      string
	created, paid          time.Time
	amount, refund         int64
	hasAmount              bool
	items                  []string
	qty                    int64
	lines                  []line
	nLines, nRefunded      int
	refundedLinesAmt       int64
	hasOrderQty, lineBased bool
	firstCells             []string // the first row, for a rejection after grouping
}

// buyer is who placed an order, as its rows tell.
type buyer struct {
	key       string // identity key on the platform; "" when none
	keyKind   string
	keyMasked bool

	nick, name, email string
	phone, phoneKey   string
	phoneMasked       bool
	address           string
	province, city    string
}

// custRec is one row of a customer list.
type custRec struct {
	rowNo     int
	key       string
	keyKind   string
	keyMasked bool
	nick      string
	name      string
	email     string
	phones    []string
	address   string
	province  string
	city      string
	birthday  string
	gender    string
	level     string
	points    int64
	hasPoints bool
	tags      []string
	raw       string
}

// reject is a row that could not be read.
type reject struct {
	rowNo  int
	column string
	reason string
	detail string
	raw    string
}

// rowView reads fields of one row through a resolved layout.
type rowView struct {
	res     *resolved
	headers []string
	cells   []string
	loc     *time.Location
}

// get returns the first non-empty value among the field's columns.
func (v *rowView) get(f string) string {
	for _, i := range v.res.cols[f] {
		if i < len(v.cells) {
			if s := CleanCell(v.cells[i]); s != "" {
				return s
			}
		}
	}
	return ""
}

// getAll returns every distinct non-empty value of the field's columns.
func (v *rowView) getAll(f string) []string {
	var out []string
	for _, i := range v.res.cols[f] {
		if i < len(v.cells) {
			if s := CleanCell(v.cells[i]); s != "" && !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// col names the header of the field's first column, for error reports.
func (v *rowView) col(f string) string {
	if cs := v.res.cols[f]; len(cs) > 0 && cs[0] < len(v.headers) {
		return v.headers[cs[0]]
	}
	return f
}

func (v *rowView) raw() string {
	b, _ := json.Marshal(v.cells) // a []string always marshals
	return string(b)
}

func (v *rowView) rejectf(f, reason, detail string) *reject {
	return &reject{column: v.col(f), reason: reason, detail: detail, raw: v.raw()}
}

func (v *rowView) amount(f string) (int64, bool, *reject) {
	s := v.get(f)
	if s == "" {
		return 0, false, nil
	}
	a, err := ParseAmount(s)
	if err != nil {
		return 0, false, v.rejectf(f, RejectBadAmount, s)
	}
	return a, true, nil
}

func (v *rowView) time(f string) (time.Time, *reject) {
	s := v.get(f)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := ParseTime(s, v.loc)
	if err != nil {
		return time.Time{}, v.rejectf(f, RejectBadTime, s)
	}
	return t, nil
}

func (v *rowView) int(f string) (int64, *reject) {
	s := v.get(f)
	if s == "" {
		return 0, nil
	}
	a, err := ParseAmount(s)
	if err != nil || a%100 != 0 {
		return 0, v.rejectf(f, RejectBadNumber, s)
	}
	return a / 100, nil
}

// orderNo reads and checks the order number.
func (v *rowView) orderNo() (string, *reject) {
	s := v.get(fOrderNo)
	if s == "" {
		return "", v.rejectf(fOrderNo, RejectNoOrderNo, "")
	}
	if IsScientific(s) {
		return "", v.rejectf(fOrderNo, RejectScientific, s)
	}
	return cleanOrderNo(s), nil
}

// personName joins split names: surname first and no space for Chinese
// (毛 + 婧洁 = 毛婧洁), "First Last" otherwise.
func personName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	case isCJK(first) || isCJK(last):
		return last + first
	}
	return first + " " + last
}

func isCJK(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 {
			return true
		}
	}
	return false
}

func joinAddress(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && (len(out) == 0 || !strings.Contains(strings.Join(out, ""), p)) {
			out = append(out, p)
		}
	}
	return strings.Join(out, "")
}

// identity works out the buyer key of an order row (DOMAIN.md).
func (v *rowView) identity(r *orderRec) {
	switch v.res.def.key {
	case keyNick:
		if r.nick != "" {
			r.key, r.keyKind, r.keyMasked = r.nick, "nickname", IsMasked(r.nick)
		}
	case keyAccount:
		if a := v.get(fAccount); a != "" {
			r.key, r.keyKind, r.keyMasked = a, "account", IsMasked(a)
		}
	case keyPhone:
		if r.phoneKey != "" {
			r.key, r.keyKind, r.keyMasked = r.phoneKey, "phone", r.phoneMasked
		}
	case keyEmailPhone:
		if r.email != "" {
			r.key, r.keyKind, r.keyMasked = r.email, "email", IsMasked(r.email)
		} else if r.phoneKey != "" {
			r.key, r.keyKind, r.keyMasked = r.phoneKey, "phone", r.phoneMasked
		}
	case keyMapped:
		c := v.get(fCustomer)
		switch {
		case c != "" && strings.Contains(c, "@"):
			r.key, r.keyKind, r.keyMasked = normEmail(c), "email", IsMasked(c)
		case c != "" && looksLikePhone(c):
			k, m := PhoneKey(c)
			r.key, r.keyKind, r.keyMasked = k, "phone", m
		case c != "":
			r.key, r.keyKind, r.keyMasked = c, "nickname", IsMasked(c)
		case r.phoneKey != "":
			r.key, r.keyKind, r.keyMasked = r.phoneKey, "phone", r.phoneMasked
		case r.email != "":
			r.key, r.keyKind, r.keyMasked = r.email, "email", IsMasked(r.email)
		}
	}
}

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == ' ' || r == '*' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 7
}

// parseOrderRow turns one data row into a single-row orderRec.
func (v *rowView) parseOrderRow(rowNo int) (*orderRec, *reject) {
	r := &orderRec{rowNo: rowNo}
	var rj *reject
	if r.orderNo, rj = v.orderNo(); rj != nil {
		return nil, rj
	}
	d := v.res.def
	r.nick = v.get(fNick)
	r.email = normEmail(v.get(fEmail))
	r.name = v.get(fName)
	if r.name == "" {
		r.name = personName(v.get(fFirstName), v.get(fLastName))
	}
	r.phone = v.get(fPhone)
	r.phoneKey, r.phoneMasked = PhoneKey(r.phone)
	r.province, r.city = v.get(fProvince), v.get(fCity)
	r.address = v.get(fAddress)
	if r.address == "" {
		r.address = joinAddress(r.province, r.city, v.get(fDistrict), v.get(fStreet))
	} else if r.province == "" && d.id == Taobao {
		// 上海 上海市 长宁区 光明路…
		if f := strings.Fields(r.address); len(f) >= 3 {
			r.province, r.city = f[0], f[1]
		}
	}
	r.status = v.get(fStatus)
	r.afterSale = v.get(fAfterSale)
	if r.created, rj = v.time(fCreated); rj != nil {
		return nil, rj
	}
	if r.paid, rj = v.time(fPaid); rj != nil {
		return nil, rj
	}
	if d.sumLines {
		if r.amount, r.hasAmount, rj = v.amount(fLineAmount); rj != nil {
			return nil, rj
		}
	} else if r.amount, r.hasAmount, rj = v.amount(fAmount); rj != nil {
		return nil, rj
	}
	var has bool
	if r.refund, has, rj = v.amount(fRefund); rj != nil {
		return nil, rj
	}
	_ = has
	if p := v.get(fProduct); p != "" {
		r.items = []string{p}
	}
	if len(v.res.cols[fOrderQty]) > 0 {
		r.hasOrderQty = true
		if r.qty, rj = v.int(fOrderQty); rj != nil {
			return nil, rj
		}
	}
	// A line-based layout: one product line per row.
	if len(v.res.cols[fQuantity]) > 0 || len(v.res.cols[fLineNo]) > 0 {
		r.lineBased = true
		ln := line{rowNo: rowNo, product: v.get(fProduct), sku: v.get(fSKU)}
		if s := v.get(fSpec); s != "" && ln.product != "" && !strings.Contains(ln.product, s) {
			ln.product += " " + s
		}
		if ln.qty, rj = v.int(fQuantity); rj != nil {
			return nil, rj
		}
		if ln.price, _, rj = v.amount(fPrice); rj != nil {
			return nil, rj
		}
		if d.sumLines {
			ln.amount = r.amount
		}
		ln.key = cleanOrderNo(v.get(fLineNo))
		if ln.key == "" {
			ln.key = ln.sku
		}
		if ln.key == "" {
			ln.key = ln.product
		}
		ln.status = r.afterSale
		ln.refunded = inVocab(d.afterRefunded, NormHeader(r.afterSale))
		if !r.hasOrderQty {
			r.qty = ln.qty
		}
		r.lines = []line{ln}
		r.nLines = 1
		if ln.refunded {
			r.nRefunded, r.refundedLinesAmt = 1, ln.amount
		}
	}
	// A missing time is checked per order, once all its rows are in:
	// Shopify leaves order-level cells blank on continuation rows.
	v.identity(r)
	return r, nil
}

// orderVals are the stored columns of an order, compared on re-import.
type orderVals struct {
	customerID int64
	status     string
	state      string
	paidFlag   bool
	created    string
	paidAt     string
	day        string
	amount     int64
	refund     int64
	revenue    int64
	items      string
	qty        int64
	rname      string
	rphone     string
	address    string
}
