package calc

import (
	"huitouke/data/clock"
	"huitouke/data/errs"
)

// Order is one paid order as the figures see it. Unpaid, closed, cancelled and fully refunded
// orders must not be passed in: "paid" is decided by the importer (docs/DOMAIN.md, Paid order).
type Order struct {
	Customer int64
	Day      clock.Day // calendar day of payment (creation when no payment time), shop zone
	Revenue  int64     // fen actually paid, less refunds
}

// Level is one membership tier: a customer whose lifetime revenue is at least MinFen reaches it.
// Name is a key (regular, silver, gold, diamond, or a shop's own); the UI translates known keys.
type Level struct {
	Name   string
	MinFen int64
}

// Settings holds the editable thresholds of the segments, the loyalty ladder and the tiers.
type Settings struct {
	NewDays         int // new/active: days_since <= NewDays (45)
	CoolingDays     int // cooling: NewDays < d <= CoolingDays (90)
	DormantHighDays int // dormant_high: CoolingDays < d <= DormantHighDays (180)
	DormantLowDays  int // dormant_low: DormantHighDays < d <= DormantLowDays (360); lost beyond
	LoyalOrders     int // loyal from this many paid orders (5)
	Levels          []Level
}

// Segment names, as stored in customer_stats.segment.
const (
	SegmentNew         = "new"
	SegmentActive      = "active"
	SegmentCooling     = "cooling"
	SegmentDormantHigh = "dormant_high"
	SegmentDormantLow  = "dormant_low"
	SegmentLost        = "lost"
	SegmentNone        = "none" // no paid order (never produced by PerCustomer; the store uses it)
)

// Segments lists the lifecycle segments in display order (none last).
var Segments = []string{SegmentNew, SegmentActive, SegmentCooling, SegmentDormantHigh, SegmentDormantLow, SegmentLost, SegmentNone}

// RFM class names, as stored in customer_stats.rfm.
const (
	RFMImportantValue   = "important_value"   // 重要价值: recent, frequent, high spend
	RFMImportantDevelop = "important_develop" // 重要发展: recent, infrequent, high spend
	RFMImportantKeep    = "important_keep"    // 重要保持: not recent, frequent, high spend
	RFMImportantRetain  = "important_retain"  // 重要挽留: not recent, infrequent, high spend
	RFMGeneralValue     = "general_value"
	RFMGeneralDevelop   = "general_develop"
	RFMGeneralKeep      = "general_keep"
	RFMGeneralRetain    = "general_retain"
)

// RFMClasses lists the eight classes in display order.
var RFMClasses = []string{RFMImportantValue, RFMImportantDevelop, RFMImportantKeep, RFMImportantRetain,
	RFMGeneralValue, RFMGeneralDevelop, RFMGeneralKeep, RFMGeneralRetain}

// Loyalty ladder steps, as stored in customer_stats.ladder.
const (
	LadderFirstTime = "first_time"
	LadderRepeat    = "repeat"
	LadderLoyal     = "loyal"
	LadderAdvocate  = "advocate"
)

// Ladder lists the ladder steps in order.
var Ladder = []string{LadderFirstTime, LadderRepeat, LadderLoyal, LadderAdvocate}

// Default level keys.
const (
	LevelRegular = "regular" // 普通
	LevelSilver  = "silver"  // 银卡
	LevelGold    = "gold"    // 金卡
	LevelDiamond = "diamond" // 钻石
)

// DefaultSettings returns the defaults of docs/DOMAIN.md: 45/90/180/360 days, loyal from 5 orders,
// tiers regular 0, silver 500 yuan, gold 2,000 yuan, diamond 5,000 yuan.
func DefaultSettings() Settings {
	return Settings{
		NewDays: 45, CoolingDays: 90, DormantHighDays: 180, DormantLowDays: 360,
		LoyalOrders: 5,
		Levels: []Level{
			{LevelRegular, 0}, {LevelSilver, 50000}, {LevelGold, 200000}, {LevelDiamond, 500000},
		},
	}
}

// Validate checks that the day thresholds are non-negative and increasing, loyal needs at least
// 2 orders, and level names are non-empty and distinct. It returns a *errs.Error.
func (s Settings) Validate() error {
	if s.NewDays < 0 {
		return &errs.Error{Area: errs.Figures, Field: "NewDays", Code: "range"}
	}
	if s.CoolingDays < s.NewDays {
		return &errs.Error{Area: errs.Figures, Field: "CoolingDays", Code: "order"}
	}
	if s.DormantHighDays < s.CoolingDays {
		return &errs.Error{Area: errs.Figures, Field: "DormantHighDays", Code: "order"}
	}
	if s.DormantLowDays < s.DormantHighDays {
		return &errs.Error{Area: errs.Figures, Field: "DormantLowDays", Code: "order"}
	}
	if s.LoyalOrders < 2 {
		return &errs.Error{Area: errs.Figures, Field: "LoyalOrders", Code: "range"}
	}
	seen := map[string]bool{}
	for _, l := range s.Levels {
		if l.Name == "" {
			return &errs.Error{Area: errs.Figures, Field: "Levels", Code: "range"}
		}
		if seen[l.Name] {
			return &errs.Error{Area: errs.Figures, Field: "Levels", Code: "duplicate"}
		}
		seen[l.Name] = true
	}
	return nil
}

// SegmentFor applies the lifecycle table to a customer with paid >= 1 orders, the latest
// daysSince days before the as-of date. Boundaries: d <= 45 new/active, 45 < d <= 90 cooling,
// 90 < d <= 180 dormant_high, 180 < d <= 360 dormant_low, d > 360 lost.
func (s Settings) SegmentFor(paid, daysSince int) string {
	switch {
	case paid <= 0:
		return SegmentNone
	case daysSince <= s.NewDays:
		if paid == 1 {
			return SegmentNew
		}
		return SegmentActive
	case daysSince <= s.CoolingDays:
		return SegmentCooling
	case daysSince <= s.DormantHighDays:
		return SegmentDormantHigh
	case daysSince <= s.DormantLowDays:
		return SegmentDormantLow
	}
	return SegmentLost
}

// LevelFor returns the highest tier whose MinFen <= revenueFen ("" when none applies, e.g. a
// negative revenue with a lowest tier at 0). The tiers need not be sorted.
func (s Settings) LevelFor(revenueFen int64) string {
	best, found := int64(0), false
	name := ""
	for _, l := range s.Levels {
		if l.MinFen <= revenueFen && (!found || l.MinFen > best) {
			best, found, name = l.MinFen, true, l.Name
		}
	}
	return name
}

// LadderFor returns the loyalty step of a customer with paid orders ("" when none).
// An advocate (referred someone who bought) is shown as such whatever the count.
func (s Settings) LadderFor(paid int, advocate bool) string {
	switch {
	case paid <= 0:
		return ""
	case advocate:
		return LadderAdvocate
	case paid >= s.LoyalOrders && s.LoyalOrders > 0:
		return LadderLoyal
	case paid >= 2:
		return LadderRepeat
	}
	return LadderFirstTime
}
