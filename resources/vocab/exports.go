package vocab

import (
	"fyne.io/fyne/v2/lang"

	"huitouke/data/imports"
)

// PlatformExport says where a platform's seller back office offers the
// order export Huitouke reads.
type PlatformExport struct {
	Name, Where string
}

// PlatformExports is THE list of where each platform's export is found, used
// by the first-run guide, the import screen and the user guide. Platforms
// are in the order shops most likely use them; the menu paths are the ones
// sellers see in each back office (they move now and then).
func PlatformExports() []PlatformExport {
	return []PlatformExport{
		{Platform(imports.Taobao), lang.X("platform.where.taobao", "千牛卖家中心 → 交易 → 已卖出的宝贝 → 批量导出（订单报表；宝贝报表可在订单之后导入）")},
		{Platform(imports.JD), lang.X("platform.where.jd", "京麦 / 商家后台 → 订单 → 订单查询与跟踪 → 导出")},
		{Platform(imports.PDD), lang.X("platform.where.pdd", "拼多多商家后台 → 订单 → 订单查询 → 批量导出")},
		{Platform(imports.Douyin), lang.X("platform.where.douyin", "抖店后台 → 订单 → 订单管理 → 批量导出")},
		{Platform(imports.Youzan), lang.X("platform.where.youzan", "有赞后台 → 订单 → 所有订单 → 导出；客户名单：客户 → 客户查询 → 导出")},
		{Platform(imports.Shopify), lang.X("platform.where.shopify", "后台 → Orders（订单）→ Export（导出 CSV）；客户：Customers → Export")},
		{Platform(imports.WooCommerce), lang.X("platform.where.woocommerce", "WordPress 后台 → WooCommerce → Export Orders（Advanced Order Export 插件）")},
	}
}

// HowToLines say where each platform's export is found, one line each.
func HowToLines() []string {
	var out []string
	for _, p := range PlatformExports() {
		out = append(out, lang.X("import.howto.line", "{{.Name}}：{{.Where}}", map[string]any{"Name": p.Name, "Where": p.Where}))
	}
	return out
}
