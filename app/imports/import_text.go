package imports

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// The words of the import screen that depend on a value from data/imports:
// platform names, failure reasons, reasons a row was rejected. Each key is
// written out so the translation check finds it.

// supportedPlatforms is the one-line list under the drop zone.
func supportedPlatforms() string {
	ids := []string{imports.Taobao, imports.JD, imports.PDD, imports.Douyin, imports.Youzan, imports.Shopify, imports.WooCommerce}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = vocab.Platform(id)
	}
	return strings.Join(names, " · ")
}

// impDuration is a rough time left: "3 秒", "2 分钟".
func impDuration(d time.Duration) string {
	s := int(math.Ceil(d.Seconds()))
	switch {
	case s < 60:
		return lang.X("import.seconds", "{{.N}} 秒", map[string]any{"N": max(s, 1)})
	case s < 3600:
		return lang.X("import.minutes", "{{.N}} 分钟", map[string]any{"N": (s + 59) / 60})
	}
	return lang.X("import.hours", "{{.N}} 小时", map[string]any{"N": fmt.Sprintf("%.1f", float64(s)/3600)})
}
