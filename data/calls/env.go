package calls

import "huitouke/data/analytics"

// TodayOverride reads HUITOUKE_TODAY (see analytics.TodayOverride).
func TodayOverride() (Day, bool) { return analytics.TodayOverride() }
