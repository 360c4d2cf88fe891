package demo

import "time"

// relations adds what agents leave behind: calls, feedback, complaints,
// referrals and do-not-contact flags.
func (g *gen) relations(s *Shop) {
	byCust := map[int64][]*Order{}
	for i := range s.Orders {
		o := &s.Orders[i]
		byCust[o.Customer] = append(byCust[o.Customer], o)
	}
	outcomes := []struct{ code, note string }{
		{"interested", "说下周看看新茶"}, {"ordered", "电话里下单了明前龙井"}, {"no_answer", ""}, {"busy", "在开会，晚点再打"},
		{"not_interested", "最近不缺茶"}, {"interested", "想要送礼装，发了链接"}, {"no_answer", ""}, {"wrong_number", "号码是别人的"},
	}
	reasons := []string{"after_sale", "second_purchase", "repurchase_due", "recall_high", "birthday"}
	// About 50 calls over the last two months.
	for i := 0; i < 50; i++ {
		c := &s.Customers[g.pick(len(s.Customers))]
		if c.PhoneMasked {
			continue
		}
		oc := outcomes[g.pick(len(outcomes))]
		call := Call{Customer: c.ID, Reason: reasons[g.pick(len(reasons))], Agent: agents[g.pick(len(agents))],
			At: g.at(1 + g.pick(60)), Outcome: oc.code, Note: oc.note}
		if oc.code == "busy" || (oc.code == "interested" && g.chance(0.5)) {
			call.FollowUp = call.At.AddDate(0, 0, 2+g.pick(5))
		}
		s.Calls = append(s.Calls, call)
	}
	// After-sale marks on recent orders, mostly good.
	for i := range s.Orders {
		o := &s.Orders[i]
		age := int(g.day0.Sub(o.Created).Hours() / 24)
		if !o.Paid || age < 10 || age > 200 || !g.chance(0.15) {
			continue
		}
		mark := func() int { return []int{5, 5, 5, 4, 4, 3}[g.pick(6)] }
		s.Feedback = append(s.Feedback, Feedback{Customer: o.Customer, Order: o.ID,
			Delivery: mark(), Packaging: mark(), Product: mark(), Service: mark()})
	}
	// Complaints: one still open from yesterday, the rest handled.
	whats := []struct{ what, sev, res string }{
		{"收到的龙井罐子压瘪了，茶叶洒了一些", "high", ""},
		{"普洱茶饼有受潮的味道", "normal", "已补发一饼，客户满意"},
		{"快递太慢，等了一周", "low", "已道歉并送试饮装"},
		{"红茶口感和上次不一样", "normal", "解释批次差异，送小样"},
	}
	for i, w := range whats {
		var o *Order
		for tries := 0; tries < 50 && o == nil; tries++ {
			cand := &s.Orders[g.pick(len(s.Orders))]
			if cand.Paid && (i > 0 || g.day0.Sub(cand.Created) < 20*24*time.Hour) {
				o = cand
			}
		}
		if o == nil {
			continue
		}
		created := g.day0.Add(-time.Duration(14+g.pick(4)) * time.Hour) // yesterday morning
		status := "open"
		if i > 0 {
			created = g.at(20 + g.pick(200))
			status = "resolved"
		}
		s.Complaints = append(s.Complaints, Complaint{Customer: o.Customer, Order: o.ID, What: w.what, Severity: w.sev,
			Created: created, Status: status, Resolution: w.res})
	}
	// Referrals: a few loyal buyers brought friends who bought later.
	for i := 0; i < 6; i++ {
		a, b := &s.Customers[g.pick(len(s.Customers))], &s.Customers[g.pick(len(s.Customers))]
		if a.ID == b.ID || a.firstDay <= b.firstDay || b.ReferredBy != 0 {
			continue
		}
		b.ReferredBy = a.ID
		s.Referrals = append(s.Referrals, [2]int{int(a.ID), int(b.ID)})
	}
	// Do-not-contact: a couple of people asked not to be called.
	for i := 0; i < 3; i++ {
		c := &s.Customers[g.pick(len(s.Customers))]
		c.DoNotContact, c.DNCReason = true, "客户要求不要再打电话"
	}
}
