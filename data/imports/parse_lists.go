package imports

import "strings"

// parseLineRow reads a row of a line report (taobao 宝贝报表).
func (v *rowView) parseLineRow(rowNo int) (*orderRec, *reject) {
	r := &orderRec{rowNo: rowNo}
	var rj *reject
	if r.orderNo, rj = v.orderNo(); rj != nil {
		return nil, rj
	}
	ln := line{rowNo: rowNo, product: v.get(fProduct), sku: v.get(fSKU), status: v.get(fLineStatus), raw: v.raw()}
	ln.key = cleanOrderNo(v.get(fLineNo))
	if IsScientific(ln.key) {
		return nil, v.rejectf(fLineNo, RejectScientific, ln.key)
	}
	if ln.key == "" {
		ln.key = r.orderNo
	}
	if ln.qty, rj = v.int(fQuantity); rj != nil {
		return nil, rj
	}
	if ln.price, _, rj = v.amount(fPrice); rj != nil {
		return nil, rj
	}
	if ln.amount, _, rj = v.amount(fLineAmount); rj != nil {
		return nil, rj
	}
	if ln.refund, _, rj = v.amount(fLineRefund); rj != nil {
		return nil, rj
	}
	r.lines = []line{ln}
	return r, nil
}

// parseCustomerRow reads a row of a customer list.
func (v *rowView) parseCustomerRow(rowNo int) (*custRec, *reject) {
	c := &custRec{rowNo: rowNo, raw: v.raw()}
	c.nick = v.get(fNick)
	c.name = v.get(fName)
	if c.name == "" {
		c.name = personName(v.get(fFirstName), v.get(fLastName))
	}
	c.email = normEmail(v.get(fEmail))
	c.phones = v.getAll(fPhone)
	var phoneKey string
	var phoneMasked bool
	for _, p := range c.phones {
		if k, m := PhoneKey(p); k != "" {
			phoneKey, phoneMasked = k, m
			break
		}
	}
	switch {
	case v.res.def.key == keyEmailPhone && c.email != "":
		c.key, c.keyKind, c.keyMasked = c.email, "email", IsMasked(c.email)
	case phoneKey != "":
		c.key, c.keyKind, c.keyMasked = phoneKey, "phone", phoneMasked
	default:
		return nil, v.rejectf(fPhone, RejectNoCustomer, "")
	}
	c.province, c.city = v.get(fProvince), v.get(fCity)
	c.address = joinAddress(v.get(fAddress), v.get(fAddress2))
	b, err := Birthday(v.get(fBirthday), v.loc)
	if err != nil {
		return nil, v.rejectf(fBirthday, RejectBadTime, v.get(fBirthday))
	}
	c.birthday = b
	c.gender = Gender(v.get(fGender))
	c.level = v.get(fLevel)
	if len(v.res.cols[fPoints]) > 0 && v.get(fPoints) != "" {
		var rj *reject
		if c.points, rj = v.int(fPoints); rj != nil {
			return nil, rj
		}
		c.hasPoints = true
	}
	for _, t := range strings.FieldsFunc(v.get(fTags), func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == '|'
	}) {
		if t = strings.TrimSpace(t); t != "" && !contains(c.tags, t) {
			c.tags = append(c.tags, t)
		}
	}
	return c, nil
}
