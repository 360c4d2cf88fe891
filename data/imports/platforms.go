package imports

import (
	"strings"
	"sync"
)

// Platform ids reported in results and the JSON contract.
const (
	Taobao           = "taobao"
	JD               = "jd"
	PDD              = "pdd"
	Douyin           = "douyin"
	Youzan           = "youzan"
	Shopify          = "shopify"
	WooCommerce      = "woocommerce"
	YouzanCustomers  = "youzan_customers"
	ShopifyCustomers = "shopify_customers"
	Mapped           = "mapped"
	Unknown          = "unknown"
)

// Internal field names. The mapping fields (see Mapping) are a subset.
const (
	fOrderNo    = "order_no"
	fLineNo     = "line_no" // sub-order number
	fNick       = "nickname"
	fAccount    = "account"
	fCustomer   = "customer" // mapping: the column naming the buyer
	fName       = "name"
	fFirstName  = "first_name"
	fLastName   = "last_name"
	fPhone      = "phone"
	fEmail      = "email"
	fCreated    = "created_time"
	fPaid       = "paid_time"
	fAmount     = "amount"
	fRefund     = "refund"
	fLineAmount = "line_amount"
	fLineRefund = "line_refund"
	fStatus     = "status"
	fAfterSale  = "after_sale"
	fCancelled  = "cancelled_at"
	fProduct    = "product"
	fSpec       = "spec"
	fQuantity   = "quantity"
	fOrderQty   = "order_quantity"
	fPrice      = "price"
	fSKU        = "sku"
	fAddress    = "address"
	fAddress2   = "address2"
	fProvince   = "province"
	fCity       = "city"
	fDistrict   = "district"
	fStreet     = "street"
	fBirthday   = "birthday"
	fGender     = "gender"
	fPoints     = "points"
	fLevel      = "level"
	fTags       = "tags"
	fLineStatus = "line_status"
)

type fileKind int

const (
	kindOrders fileKind = iota
	kindLines
	kindCustomers
)

// keyKind says how a platform identifies its buyers (DOMAIN.md).
type keyKind int

const (
	keyNick keyKind = iota
	keyAccount
	keyPhone
	keyEmailPhone
	keyMapped
)

// platformDef describes one export layout: how to recognise it, where each
// field lives (an alias list per field, since column names drift between
// versions of an export), and the platform's status vocabulary.
type platformDef struct {
	id      string   // reported platform id
	store   string   // platform written to orders / identities
	kind    fileKind // orders, order lines, customers
	require []string // fields that must all be present to recognise it
	absent  []string // header names whose presence rules it out
	also    []string // header names that must be present too (recognition only)
	fields  map[string][]string
	key     keyKind
	// sumLines: the amount is per row and sums to the order's (Douyin
	// 订单应付金额). Otherwise order-level cells repeat or sit on the first
	// row and the first non-empty value is taken.
	sumLines bool
	// Status vocabulary, compared after NormHeader folding.
	unpaid, closed, refunded []string
	afterRefunded            []string // 售后状态 meaning fully refunded
	needPaidTime             bool     // paid only with a payment time
	statusFromAfterSale      bool
}

var platforms = []*platformDef{
	{
		id: Taobao, store: Taobao, kind: kindOrders, key: keyNick,
		require: []string{fOrderNo, fNick, fAmount},
		fields: map[string][]string{
			fOrderNo:  {"订单编号", "订单号"},
			fNick:     {"买家会员名", "买家昵称", "买家会员名称"},
			fAmount:   {"买家实际支付金额", "实付款", "实付金额"},
			fRefund:   {"退款金额"},
			fStatus:   {"订单状态"},
			fName:     {"收货人姓名", "收货人"},
			fPhone:    {"联系手机", "联系电话", "收货人手机号"},
			fAddress:  {"收货地址", "收货人地址"},
			fCreated:  {"订单创建时间", "创建时间", "下单时间"},
			fPaid:     {"订单付款时间", "付款时间", "支付时间"},
			fProduct:  {"宝贝标题", "商品标题"},
			fOrderQty: {"宝贝总数量", "商品总数量"},
		},
		unpaid: []string{"等待买家付款", "待付款"}, closed: []string{"交易关闭", "已关闭"},
		needPaidTime: true,
	},
	{
		id: Taobao, store: Taobao, kind: kindLines, key: keyNick,
		require: []string{fOrderNo, fLineNo, fLineAmount},
		absent:  []string{"买家会员名", "买家昵称"},
		fields: map[string][]string{
			fOrderNo:    {"主订单编号", "订单编号"},
			fLineNo:     {"子订单编号"},
			fProduct:    {"标题", "宝贝标题", "商品标题"},
			fPrice:      {"价格", "单价"},
			fQuantity:   {"购买数量", "数量"},
			fSKU:        {"商家编码", "外部系统编号"},
			fSpec:       {"商品属性"},
			fLineAmount: {"买家实际支付金额", "实付金额"},
			fLineRefund: {"退款金额"},
			fLineStatus: {"退款状态"},
			fStatus:     {"订单状态"},
			fCreated:    {"订单创建时间"},
			fPaid:       {"订单付款时间"},
		},
	},
	{
		id: JD, store: JD, kind: kindOrders, key: keyAccount,
		require: []string{fOrderNo, fAccount, fAmount},
		fields: map[string][]string{
			fOrderNo:  {"订单号", "订单编号"},
			fAccount:  {"下单帐号", "下单账号", "用户账号", "买家账号"},
			fAmount:   {"结算金额", "应付金额", "订单金额"},
			fStatus:   {"订单状态"},
			fName:     {"客户姓名", "收货人", "收货人姓名"},
			fPhone:    {"联系电话", "收货人手机", "手机号"},
			fAddress:  {"客户地址", "收货地址"},
			fCreated:  {"下单时间"},
			fPaid:     {"付款确认时间", "付款时间"},
			fProduct:  {"商品名称"},
			fQuantity: {"订购数量", "商品数量"},
			fPrice:    {"京东价"},
			fSKU:      {"货号", "商品ID", "商品编号"},
			fLineNo:   {"商品ID", "商品编号"},
		},
		unpaid: []string{"等待付款"}, closed: []string{"已取消"},
	},
	{
		id: PDD, store: PDD, kind: kindOrders, key: keyPhone,
		require: []string{fOrderNo, fAmount, fPhone},
		fields: map[string][]string{
			fOrderNo:   {"订单号"},
			fAmount:    {"用户实付金额(元)", "用户实付金额", "实付金额(元)"},
			fPhone:     {"手机", "收货人手机号", "手机号"},
			fName:      {"收货人"},
			fStatus:    {"订单状态"},
			fAfterSale: {"售后状态"},
			fProvince:  {"省"},
			fCity:      {"市"},
			fDistrict:  {"区"},
			fStreet:    {"街道", "详细地址"},
			fCreated:   {"订单成交时间", "下单时间"},
			fPaid:      {"拼单成功时间", "支付时间"},
			fProduct:   {"商品"},
			fOrderQty:  {"商品数量(件)", "商品数量"},
			fSKU:       {"商家编码-sku维度", "商家编码"},
		},
		unpaid: []string{"待支付", "未支付"}, closed: []string{"已取消"},
		afterRefunded: []string{"退款成功", "已退款"},
	},
	{
		id: Douyin, store: Douyin, kind: kindOrders, key: keyPhone, sumLines: true,
		require: []string{fOrderNo, fLineAmount, fPhone},
		fields: map[string][]string{
			fOrderNo:    {"主订单编号"},
			fLineNo:     {"子订单编号"},
			fLineAmount: {"订单应付金额"},
			fPhone:      {"收件人手机号", "收件人电话"},
			fName:       {"收件人"},
			fProvince:   {"省"},
			fCity:       {"市"},
			fDistrict:   {"区"},
			fStreet:     {"详细地址", "街道"},
			fCreated:    {"订单提交时间", "下单时间"},
			fPaid:       {"支付完成时间", "支付时间"},
			fStatus:     {"订单状态"},
			fAfterSale:  {"售后状态"},
			fProduct:    {"选购商品", "商品名称"},
			fSpec:       {"商品规格"},
			fQuantity:   {"商品数量"},
			fPrice:      {"商品单价"},
			fSKU:        {"商家编码"},
		},
		unpaid: []string{"待支付", "待付款"}, closed: []string{"已关闭", "已取消"},
		afterRefunded: []string{"退款成功"}, needPaidTime: true,
	},
	{
		id: Youzan, store: Youzan, kind: kindOrders, key: keyPhone,
		require: []string{fOrderNo, fAmount, fPhone},
		fields: map[string][]string{
			fOrderNo:  {"订单号"},
			fAmount:   {"订单实付金额", "实付金额"},
			fPhone:    {"收货人手机号/提货人手机号", "收货人手机号", "买家手机号"},
			fName:     {"收货人/提货人", "收货人"},
			fNick:     {"客户昵称", "买家昵称"},
			fProvince: {"收货人省份"},
			fCity:     {"收货人城市"},
			fDistrict: {"收货人地区"},
			fStreet:   {"详细收货地址/提货地址", "详细收货地址"},
			fCreated:  {"订单创建时间"},
			fPaid:     {"买家付款时间", "付款时间"},
			fStatus:   {"订单状态"},
			fProduct:  {"商品名称"},
			fQuantity: {"商品数量"},
			fSKU:      {"商品编码", "规格编码"},
		},
		unpaid: []string{"待付款", "等待买家付款"}, closed: []string{"交易关闭", "已关闭"},
		refunded: []string{"退款成功", "已退款"}, needPaidTime: true,
	},
	{
		id: Shopify, store: Shopify, kind: kindOrders, key: keyEmailPhone,
		require: []string{fOrderNo, fStatus, fProduct},
		fields: map[string][]string{
			fOrderNo:   {"name"},
			fEmail:     {"email"},
			fStatus:    {"financialstatus"},
			fPaid:      {"paidat"},
			fCreated:   {"createdat"},
			fAmount:    {"total"},
			fRefund:    {"refundedamount"},
			fCancelled: {"cancelledat"},
			fQuantity:  {"lineitemquantity"},
			fProduct:   {"lineitemname"},
			fPrice:     {"lineitemprice"},
			fSKU:       {"lineitemsku"},
			fName:      {"billingname", "shippingname"},
			fPhone:     {"phone", "billingphone", "shippingphone"},
			fAddress:   {"shippingstreet", "billingstreet", "shippingaddress1", "billingaddress1"},
			fCity:      {"shippingcity", "billingcity"},
			fProvince:  {"shippingprovince", "billingprovince"},
		},
		unpaid:   []string{"pending", "authorized", "expired", "partiallypaid", "partially_paid", "unpaid"},
		closed:   []string{"voided"},
		refunded: []string{"refunded"},
	},
	{
		id: WooCommerce, store: WooCommerce, kind: kindOrders, key: keyEmailPhone,
		require: []string{fOrderNo, fStatus, fAmount},
		fields: map[string][]string{
			fOrderNo:   {"ordernumber", "orderid", "order#"},
			fStatus:    {"orderstatus", "status"},
			fCreated:   {"orderdate", "datecreated"},
			fPaid:      {"paiddate", "datepaid"},
			fAmount:    {"ordertotalamount", "ordertotal"},
			fRefund:    {"orderrefundamount", "refundamount"},
			fEmail:     {"email(billing)", "billingemail", "customeremail"},
			fPhone:     {"phone(billing)", "billingphone", "phone(shipping)"},
			fFirstName: {"firstname(billing)", "billingfirstname", "firstname(shipping)"},
			fLastName:  {"lastname(billing)", "billinglastname", "lastname(shipping)"},
			fAddress:   {"address1&2(shipping)", "address1&2(billing)", "address1(shipping)", "address1(billing)"},
			fCity:      {"city(shipping)", "city(billing)"},
			fProvince:  {"statecode(shipping)", "statecode(billing)", "statename(shipping)"},
			fProduct:   {"itemname", "productname"},
			fSKU:       {"sku"},
			fQuantity:  {"quantity(-refund)", "quantity"},
			fPrice:     {"itemcost"},
		},
		unpaid:   []string{"pendingpayment", "pending"},
		closed:   []string{"cancelled", "failed", "draft", "checkoutdraft", "trash"},
		refunded: []string{"refunded"}, needPaidTime: true,
	},
	{
		id: YouzanCustomers, store: Youzan, kind: kindCustomers, key: keyPhone,
		require: []string{fPhone, fNick},
		absent:  []string{"订单号", "订单编号"},
		fields: map[string][]string{
			fPhone:    {"手机号", "手机号码", "联系电话"},
			fNick:     {"客户昵称", "微信昵称", "昵称"},
			fName:     {"姓名", "客户姓名"},
			fGender:   {"性别"},
			fBirthday: {"生日", "出生日期"},
			fProvince: {"省份", "省"},
			fCity:     {"城市", "市"},
			fLevel:    {"会员等级", "等级"},
			fPoints:   {"积分", "当前积分", "可用积分"},
			fTags:     {"标签", "客户标签"},
			fCreated:  {"成为客户时间"},
		},
	},
	{
		id: ShopifyCustomers, store: Shopify, kind: kindCustomers, key: keyEmailPhone,
		require: []string{fEmail, fFirstName},
		also:    []string{"totalspent"},
		absent:  []string{"name", "financialstatus"},
		fields: map[string][]string{
			fEmail:     {"email"},
			fFirstName: {"firstname"},
			fLastName:  {"lastname"},
			fPhone:     {"phone", "defaultaddressphone"},
			fAddress:   {"defaultaddressaddress1", "address1"},
			fAddress2:  {"defaultaddressaddress2", "address2"},
			fCity:      {"defaultaddresscity", "city"},
			fProvince:  {"defaultaddressprovincecode", "provincecode", "province"},
			fTags:      {"tags"},
		},
	},
}

// resolved is a platform applied to one header row: for each field the
// column indexes of its aliases, best first.
type resolved struct {
	def  *platformDef
	cols map[string][]int
	// For mapped files.
	mapping Mapping
}

func headerIndex(headers []string) map[string]int {
	idx := make(map[string]int, len(headers))
	for i, h := range headers {
		n := NormHeader(h)
		if n == "" {
			continue
		}
		if _, dup := idx[n]; !dup {
			idx[n] = i
		}
	}
	return idx
}

func resolve(def *platformDef, idx map[string]int) *resolved {
	r := &resolved{def: def, cols: map[string][]int{}}
	for f, aliases := range def.fields {
		for _, a := range aliases {
			if i, ok := idx[NormHeader(a)]; ok {
				r.cols[f] = append(r.cols[f], i)
			}
		}
	}
	return r
}

// matchPlatform finds the layout a header row belongs to, or nil.
func matchPlatform(headers []string) *resolved {
	idx := headerIndex(headers)
	if len(idx) < 2 {
		return nil
	}
	var best *resolved
	bestScore := 0
	for _, def := range platforms {
		r := resolve(def, idx)
		ok := true
		for _, f := range def.require {
			if len(r.cols[f]) == 0 {
				ok = false
				break
			}
		}
		for _, h := range def.absent {
			if _, has := idx[NormHeader(h)]; has {
				ok = false
			}
		}
		for _, h := range def.also {
			if _, has := idx[NormHeader(h)]; !has {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if score := len(r.cols); score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

// stateOf decides paid / unpaid / closed / refunded from the platform's own
// words (DOMAIN.md "Paid order").
func (d *platformDef) stateOf(status, afterSale string, hasPaidTime bool, amount, refund int64) string {
	st := NormHeader(status)
	as := NormHeader(afterSale)
	if inVocab(d.afterRefunded, as) || inVocab(d.refunded, st) {
		return StateRefunded
	}
	if inVocab(d.unpaid, st) {
		return StateUnpaid
	}
	if inVocab(d.closed, st) {
		if hasPaidTime && refund > 0 {
			return StateRefunded
		}
		return StateClosed
	}
	if d.needPaidTime && !hasPaidTime {
		return StateUnpaid
	}
	if amount > 0 && refund >= amount {
		return StateRefunded
	}
	return StatePaid
}

// Order states written to orders.state.
const (
	StatePaid     = "paid"
	StateUnpaid   = "unpaid"
	StateClosed   = "closed"
	StateRefunded = "refunded"
)

// inVocab tells whether the folded status s is, or starts with, one of
// words (written already folded, or folded here: the lists are short and
// mostly ASCII lower-case or Chinese, which NormHeader leaves alone).
func inVocab(words []string, s string) bool {
	if s == "" {
		return false
	}
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
		if n := normWord(w); n != w && strings.HasPrefix(s, n) {
			return true
		}
	}
	return false
}

var normWords sync.Map

func normWord(w string) string {
	if v, ok := normWords.Load(w); ok {
		return v.(string)
	}
	n := NormHeader(w)
	normWords.Store(w, n)
	return n
}

// mappedDef is the layout of a file the user mapped by hand; its status
// vocabulary is the union of every platform's.
var mappedDef = func() *platformDef {
	d := &platformDef{id: Mapped, store: Mapped, kind: kindOrders, key: keyMapped}
	for _, p := range platforms {
		d.unpaid = append(d.unpaid, p.unpaid...)
		d.closed = append(d.closed, p.closed...)
		d.refunded = append(d.refunded, p.refunded...)
		d.refunded = append(d.refunded, p.afterRefunded...)
	}
	d.unpaid = append(d.unpaid, "未付款", "待付款", "unpaid")
	d.closed = append(d.closed, "已取消", "取消", "关闭", "cancelled", "canceled", "closed")
	return d
}()
