package app

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"huitouke/app/cli"
	"huitouke/data/imports"
)

// The words of the import screen that depend on a value from data/imports:
// platform names, failure reasons, reasons a row was rejected. Each key is
// written out so the translation check finds it.

// platformName is the user's name of a platform id.
func platformName(id string) string {
	switch id {
	case imports.Taobao:
		return lang.X("import.platform.taobao", "淘宝/天猫")
	case imports.JD:
		return lang.X("import.platform.jd", "京东")
	case imports.PDD:
		return lang.X("import.platform.pdd", "拼多多")
	case imports.Douyin:
		return lang.X("import.platform.douyin", "抖店")
	case imports.Youzan:
		return lang.X("import.platform.youzan", "有赞")
	case imports.Shopify:
		return lang.X("import.platform.shopify", "Shopify")
	case imports.WooCommerce:
		return lang.X("import.platform.woocommerce", "WooCommerce")
	case imports.YouzanCustomers:
		return lang.X("import.platform.youzan_customers", "有赞客户")
	case imports.ShopifyCustomers:
		return lang.X("import.platform.shopify_customers", "Shopify 客户")
	case imports.Mapped:
		return lang.X("import.platform.mapped", "自定义映射")
	case "", imports.Unknown:
		return lang.X("import.platform.unknown", "未识别")
	}
	return id
}

// supportedPlatforms is the one-line list under the drop zone.
func supportedPlatforms() string {
	ids := []string{imports.Taobao, imports.JD, imports.PDD, imports.Douyin, imports.Youzan, imports.Shopify, imports.WooCommerce}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = platformName(id)
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
	return cli.ImportErrorMessage(code)
}

// Failure codes the screen finds itself, before the importer runs.
const (
	codeNoFiles        = "no_files"        // a dropped folder without a single spreadsheet
	codeNotSpreadsheet = "not_spreadsheet" // a file whose name is not .xlsx/.csv/.xls
)

// rejectText is why one row was left out.
func rejectText(reason string) string {
	switch reason {
	case imports.RejectScientific:
		return lang.X("import.reject.order_no_scientific", "订单号被 Excel 变成了科学计数法（如 1.23E+17），数字已丢失。请重新导出，或在 Excel 中把订单号列设为文本后再导出。")
	case imports.RejectNoOrderNo:
		return lang.X("import.reject.no_order_no", "缺少订单号。")
	case imports.RejectBadAmount:
		return lang.X("import.reject.bad_amount", "金额无法识别。请改成数字，例如 128.00。")
	case imports.RejectBadTime:
		return lang.X("import.reject.bad_time", "时间无法识别。请写成 2026-03-05 14:22:10 这样的格式。")
	case imports.RejectNoTime:
		return lang.X("import.reject.no_time", "缺少下单时间和付款时间。")
	case imports.RejectNoOrder:
		return lang.X("import.reject.no_order", "找不到这条明细所属的订单。请先导入订单报表，再导入宝贝报表。")
	case imports.RejectNoCustomer:
		return lang.X("import.reject.no_customer", "缺少手机号或邮箱，无法识别客户。")
	case imports.RejectBadNumber:
		return lang.X("import.reject.bad_number", "数量或积分不是数字。")
	case imports.RejectBadRow:
		return lang.X("import.reject.bad_row", "这一行无法读取。")
	}
	return reason
}

// importStatusText names a history status.
func importStatusText(status string) string {
	switch status {
	case imports.StatusOK:
		return lang.X("import.status.ok", "成功")
	case imports.StatusFailed:
		return lang.X("import.status.failed", "失败")
	case imports.StatusCancelled:
		return lang.X("import.status.cancelled", "已取消")
	}
	return lang.X("import.status.interrupted", "未完成")
}

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
		{platformName(imports.Taobao), lang.X("platform.where.taobao", "千牛卖家中心 → 交易 → 已卖出的宝贝 → 批量导出（订单报表；宝贝报表可在订单之后导入）")},
		{platformName(imports.JD), lang.X("platform.where.jd", "京麦 / 商家后台 → 订单 → 订单查询与跟踪 → 导出")},
		{platformName(imports.PDD), lang.X("platform.where.pdd", "拼多多商家后台 → 订单 → 订单查询 → 批量导出")},
		{platformName(imports.Douyin), lang.X("platform.where.douyin", "抖店后台 → 订单 → 订单管理 → 批量导出")},
		{platformName(imports.Youzan), lang.X("platform.where.youzan", "有赞后台 → 订单 → 所有订单 → 导出；客户名单：客户 → 客户查询 → 导出")},
		{platformName(imports.Shopify), lang.X("platform.where.shopify", "后台 → Orders（订单）→ Export（导出 CSV）；客户：Customers → Export")},
		{platformName(imports.WooCommerce), lang.X("platform.where.woocommerce", "WordPress 后台 → WooCommerce → Export Orders（Advanced Order Export 插件）")},
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
