package app

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

// platformExport says where a platform's seller back office offers the
// order export Huitouke reads.
type platformExport struct {
	name, where string
}

// platformExports is THE list of where each platform's export is found, used
// by the first-run guide, the import screen and the user guide. Platforms
// are in the order shops most likely use them; the menu paths are the ones
// sellers see in each back office (they move now and then).
func platformExports() []platformExport {
	return []platformExport{
		{vocab.Platform(imports.Taobao), lang.X("platform.where.taobao", "千牛卖家中心 → 交易 → 已卖出的宝贝 → 批量导出（订单报表；宝贝报表可在订单之后导入）")},
		{vocab.Platform(imports.JD), lang.X("platform.where.jd", "京麦 / 商家后台 → 订单 → 订单查询与跟踪 → 导出")},
		{vocab.Platform(imports.PDD), lang.X("platform.where.pdd", "拼多多商家后台 → 订单 → 订单查询 → 批量导出")},
		{vocab.Platform(imports.Douyin), lang.X("platform.where.douyin", "抖店后台 → 订单 → 订单管理 → 批量导出")},
		{vocab.Platform(imports.Youzan), lang.X("platform.where.youzan", "有赞后台 → 订单 → 所有订单 → 导出；客户名单：客户 → 客户查询 → 导出")},
		{vocab.Platform(imports.Shopify), lang.X("platform.where.shopify", "后台 → Orders（订单）→ Export（导出 CSV）；客户：Customers → Export")},
		{vocab.Platform(imports.WooCommerce), lang.X("platform.where.woocommerce", "WordPress 后台 → WooCommerce → Export Orders（Advanced Order Export 插件）")},
	}
}

// howToLines say where each platform's export is found, one line each.
func howToLines() []string {
	var out []string
	for _, p := range platformExports() {
		out = append(out, lang.X("import.howto.line", "{{.Name}}：{{.Where}}", map[string]any{"Name": p.name, "Where": p.where}))
	}
	return out
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
