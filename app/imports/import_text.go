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

// importErrorText says what is wrong with a file that imported nothing and
// what to do about it.
func importErrorText(code string) string {
	switch code {
	case codeNotSpreadsheet:
		return lang.X("import.err.not_spreadsheet", "这不是订单表格。请导入从平台后台导出的 .xlsx 或 .csv 文件。")
	case codeNoFiles:
		return lang.X("import.err.no_files", "这个文件夹里没有 .xlsx 或 .csv 文件。")
	}
	return vocab.ImportError(code)
}

// Failure codes the screen finds itself, before the importer runs.
const (
	codeNoFiles        = "no_files"        // a dropped folder without a single spreadsheet
	codeNotSpreadsheet = "not_spreadsheet" // a file whose name is not .xlsx/.csv/.xls
)

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
