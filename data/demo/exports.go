package demo

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"huitouke/data/clock"
	"huitouke/data/imports"
)

// The demo shop reaches the database the way a real shop does: as the
// order exports of each platform (and Youzan's customer list), read by
// data/imports. The columns are the ones the importer knows each platform
// by; a column the importer ignores is left out.

// export is one file to write: its header and rows.
type export struct {
	name string
	head []string
	rows [][]string
}

func (e *export) add(cells ...string) { e.rows = append(e.rows, cells) }

// writeExports writes the shop's exports as CSV files into dir and returns
// their paths, in no particular order: the importer decides the order.
func writeExports(dir string, s *Shop) ([]string, error) {
	byID := make(map[int64]*Customer, len(s.Customers))
	for i := range s.Customers {
		byID[s.Customers[i].ID] = &s.Customers[i]
	}
	files := exportsOf(s, byID)
	var paths []string
	for _, e := range files {
		if len(e.rows) == 0 {
			continue
		}
		p := filepath.Join(dir, e.name)
		if err := writeCSV(p, e); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

func writeCSV(path string, e *export) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("demo: export: %w", cerr)
		}
	}()
	// Excel's UTF-8 mark, as the platforms write it.
	if _, err := f.WriteString("\uFEFF"); err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	w := csv.NewWriter(f)
	if err := w.Write(e.head); err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	if err := w.WriteAll(e.rows); err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	return nil
}

// exportsOf lays the shop out as the platforms' exports.
func exportsOf(s *Shop, byID map[int64]*Customer) []*export {
	tb := &export{name: "示例_淘宝_订单报表.csv", head: []string{"订单编号", "买家会员名", "买家实际支付金额", "退款金额", "订单状态",
		"收货人姓名", "联系手机", "收货地址", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝总数量"}}
	tbItems := &export{name: "示例_淘宝_宝贝报表.csv", head: []string{"主订单编号", "子订单编号", "标题", "价格", "购买数量", "商家编码",
		"买家实际支付金额", "退款金额", "订单状态"}}
	jd := &export{name: "示例_京东_订单.csv", head: []string{"订单号", "下单帐号", "结算金额", "订单状态", "客户姓名", "联系电话", "客户地址",
		"下单时间", "付款确认时间", "商品名称", "订购数量", "京东价", "货号", "商品ID"}}
	pdd := &export{name: "示例_拼多多_订单.csv", head: []string{"订单号", "用户实付金额(元)", "手机", "收货人", "订单状态", "售后状态",
		"省", "市", "详细地址", "订单成交时间", "拼单成功时间", "商品", "商品数量(件)", "商家编码-sku维度"}}
	dy := &export{name: "示例_抖店_订单.csv", head: []string{"主订单编号", "子订单编号", "订单应付金额", "收件人手机号", "收件人", "省", "市",
		"详细地址", "订单提交时间", "支付完成时间", "订单状态", "售后状态", "选购商品", "商品数量", "商品单价", "商家编码"}}
	yz := &export{name: "示例_有赞_订单.csv", head: []string{"订单号", "订单实付金额", "收货人手机号", "收货人", "客户昵称", "收货人省份",
		"收货人城市", "详细收货地址", "订单创建时间", "买家付款时间", "订单状态", "商品名称", "商品数量", "商品编码"}}
	sp := &export{name: "demo_shopify_orders.csv", head: []string{"Name", "Email", "Financial Status", "Paid at", "Created at", "Total",
		"Refunded Amount", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku", "Billing Name", "Phone",
		"Shipping Street", "Shipping City", "Shipping Province"}}
	wc := &export{name: "demo_woocommerce_orders.csv", head: []string{"Order Number", "Order Status", "Order Date", "Paid Date",
		"Order Total Amount", "Order Refund Amount", "Email (Billing)", "Phone (Billing)", "First Name (Billing)",
		"Address 1&2 (Shipping)", "City (Shipping)", "State Code (Shipping)", "Item Name", "SKU", "Quantity", "Item Cost"}}

	for i := range s.Orders {
		o := &s.Orders[i]
		c := byID[o.Customer]
		amount, refund := money(o.AmountFen), money(o.RefundFen)
		created, paid := stamp(o.Created), stamp(o.PaidAt)
		switch o.Platform {
		case imports.Taobao:
			tb.add(o.OrderNo, c.Key, amount, refund, o.Status, o.Receiver, o.Phone, c.Province+" "+o.Addr, created, paid,
				strings.Join(o.products(), "，"), fmt.Sprint(o.quantity()))
			for j, l := range o.Lines {
				lineRefund := int64(0)
				if j == 0 {
					lineRefund = min(o.RefundFen, l.amount())
				}
				tbItems.add(o.OrderNo, fmt.Sprintf("%s%02d", o.OrderNo, j+1), l.Product, money(l.PriceFen), fmt.Sprint(l.Qty), l.SKU,
					money(l.amount()), money(lineRefund), o.Status)
			}
		case imports.JD:
			for _, l := range o.Lines {
				jd.add(o.OrderNo, c.Key, amount, o.Status, o.Receiver, o.Phone, c.Province+" "+o.Addr, created, paid,
					l.Product, fmt.Sprint(l.Qty), money(l.PriceFen), l.SKU, l.SKU)
			}
		case imports.PDD:
			for _, l := range o.Lines {
				pdd.add(o.OrderNo, amount, o.Phone, o.Receiver, o.Status, afterSale(o), c.Province, c.City, o.Addr, created, paid,
					l.Product, fmt.Sprint(l.Qty), l.SKU)
			}
		case imports.Douyin:
			for j, l := range o.Lines {
				dy.add(o.OrderNo, fmt.Sprintf("%s%d", o.OrderNo, j+1), money(o.lineShare(j)), o.Phone, o.Receiver, c.Province, c.City,
					o.Addr, created, paid, o.Status, afterSale(o), l.Product, fmt.Sprint(l.Qty), money(l.PriceFen), l.SKU)
			}
		case imports.Youzan:
			for _, l := range o.Lines {
				yz.add(o.OrderNo, amount, o.Phone, o.Receiver, c.Nickname, c.Province, c.City, o.Addr, created, paid, o.Status,
					l.Product, fmt.Sprint(l.Qty), l.SKU)
			}
		case imports.Shopify:
			for _, l := range o.Lines {
				sp.add(o.OrderNo, c.Email, o.Status, paid, created, amount, refund, fmt.Sprint(l.Qty), l.Product, money(l.PriceFen),
					l.SKU, o.Receiver, o.Phone, o.Addr, c.City, c.Province)
			}
		case imports.WooCommerce:
			phone := ""
			if c.ID%3 == 0 { // overseas buyers rarely leave a phone
				phone = o.Phone
			}
			for _, l := range o.Lines {
				wc.add(o.OrderNo, o.Status, created, paid, amount, refund, c.Email, phone, o.Receiver, o.Addr, c.City, c.Province,
					l.Product, l.SKU, fmt.Sprint(l.Qty), money(l.PriceFen))
			}
		}
	}
	return []*export{tb, tbItems, jd, pdd, dy, yz, youzanCustomers(s), sp, wc}
}

// youzanCustomers is Youzan's customer list: the card fields (birthday,
// gender, level, points, tags) the shop keeps there.
func youzanCustomers(s *Shop) *export {
	e := &export{name: "示例_有赞_客户.csv", head: []string{"手机号", "客户昵称", "姓名", "性别", "生日", "省份", "城市", "会员等级", "积分", "标签"}}
	for i := range s.Customers {
		c := &s.Customers[i]
		if c.Platform != imports.Youzan {
			continue
		}
		gender := map[string]string{"f": "女", "m": "男"}[c.Gender]
		e.add(c.Phone, c.Nickname, c.Name, gender, c.Birthday, c.Province, c.City, c.PlatformLevel, fmt.Sprint(c.PointsImported),
			strings.Join(c.Tags, ","))
	}
	return e
}

// afterSale is the after-sale column of PDD and Douyin, where a refund
// shows.
func afterSale(o *Order) string {
	if o.State == "refunded" {
		return "退款成功"
	}
	return ""
}

func (o *Order) products() []string {
	var names []string
	for _, l := range o.Lines {
		names = append(names, l.Product)
	}
	return names
}

func (o *Order) quantity() int {
	n := 0
	for _, l := range o.Lines {
		n += l.Qty
	}
	return n
}

// lineShare is line j's part of the order's amount: the discount is
// spread over the lines in proportion, so they add up to the order (Douyin
// writes the amount per line).
func (o *Order) lineShare(j int) int64 {
	total := int64(0)
	for _, l := range o.Lines {
		total += l.amount()
	}
	share := func(k int) int64 { return o.Lines[k].amount() * o.AmountFen / total }
	if j < len(o.Lines)-1 {
		return share(j)
	}
	rest := o.AmountFen
	for k := range o.Lines[:j] {
		rest -= share(k)
	}
	return rest
}

func (l Line) amount() int64 { return l.PriceFen * int64(l.Qty) }

func money(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// stamp is a time as the exports write it, in the shop's zone; "" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.ShopZone).Format("2006-01-02 15:04:05")
}
