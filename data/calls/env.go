package calls

import (
	"os"
	"strings"

	"huitouke/data/outreach"
)

// TodayOverride reads HUITOUKE_TODAY.
func TodayOverride() (Day, bool) {
	s := strings.TrimSpace(os.Getenv("HUITOUKE_TODAY"))
	if s == "" {
		return 0, false
	}
	d, err := outreach.ParseDay(s)
	return d, err == nil
}
