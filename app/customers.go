package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newCustomersScreen(u *UI) screen {
	t := lang.X("customers.title", "客户")
	return u.newPlaceholder(theme.AccountIcon(), lang.X("customers.empty.title", "还没有客户"),
		lang.X("customers.empty.text", "导入订单后，每位买家都会有一张客户卡片：联系方式、购买记录、备注和标签。"), u.pendingContent(t))
}

// CustomerFilter selects customers in the list; zero fields select all.
type CustomerFilter struct {
	Search        string
	Segment       string // new|active|cooling|dormant_high|dormant_low|lost|none
	RFM           string // important_value … general_retain
	Level         string
	Tag           string
	Platform      string
	BirthdayMonth int // 1..12, 0 = any
	DoNotContact  int // 0 any, 1 only do-not-contact, -1 only contactable
}

// OpenCustomers shows the customer list with filter set (from a segment
// chart, for example).
func (u *UI) OpenCustomers(f CustomerFilter) {
	u.Show(ScreenCustomers)
}

// OpenCustomer opens the card of one customer.
func (u *UI) OpenCustomer(id int64) {
	u.Show(ScreenCustomers)
}
