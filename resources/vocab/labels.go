package vocab

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/customers"
	"huitouke/data/figures/calc"
	"huitouke/data/imports"
)

// Each function below words one kind of stored value; every key is written out so the
// translation checks find it. Unknown values (a shop's own level names) stay as they are.

// Platform is the user's name of a platform id.
func Platform(id string) string {
	switch id {
	case imports.Taobao:
		return lang.X("platform.taobao", "淘宝/天猫")
	case imports.JD:
		return lang.X("platform.jd", "京东")
	case imports.PDD:
		return lang.X("platform.pdd", "拼多多")
	case imports.Douyin:
		return lang.X("platform.douyin", "抖店")
	case imports.Youzan:
		return lang.X("platform.youzan", "有赞")
	case imports.Shopify:
		return lang.X("platform.shopify", "Shopify")
	case imports.WooCommerce:
		return lang.X("platform.woocommerce", "WooCommerce")
	case imports.YouzanCustomers:
		return lang.X("platform.youzan_customers", "有赞客户列表")
	case imports.ShopifyCustomers:
		return lang.X("platform.shopify_customers", "Shopify 客户列表")
	case imports.Mapped:
		return lang.X("platform.mapped", "自定义列对应")
	case "", imports.Unknown:
		return lang.X("platform.unknown", "未识别")
	}
	return id
}

// Reason is the name of a call reason in the user's language.
func Reason(r rules.Reason) string {
	switch r {
	case rules.ReasonAfterSale:
		return lang.X("calls.reason.after_sale", "售后回访")
	case rules.ReasonSecondPurchase:
		return lang.X("calls.reason.second_purchase", "促二次购买")
	case rules.ReasonRepurchaseDue:
		return lang.X("calls.reason.repurchase_due", "该回购了")
	case rules.ReasonBirthday:
		return lang.X("calls.reason.birthday", "生日关怀")
	case rules.ReasonRecallHigh:
		return lang.X("calls.reason.recall_high", "高价值召回")
	case rules.ReasonRecallLow:
		return lang.X("calls.reason.recall_low", "沉睡关怀")
	case rules.ReasonPromotion:
		return lang.X("calls.reason.promotion", "活动提醒")
	case rules.ReasonComplaint:
		return lang.X("calls.reason.complaint", "投诉跟进")
	case rules.ReasonCallback:
		return lang.X("calls.reason.callback", "约定回拨")
	case rules.ReasonManual:
		return lang.X("calls.reason.manual", "手动加入")
	}
	return string(r)
}

// Outcome is the name of a call outcome in the user's language.
func Outcome(o calls.Outcome) string {
	switch o {
	case calls.Interested:
		return lang.X("calls.outcome.interested", "接通·有兴趣")
	case calls.NotInterested:
		return lang.X("calls.outcome.not_interested", "接通·没兴趣")
	case calls.NoAnswer:
		return lang.X("calls.outcome.no_answer", "未接")
	case calls.Busy:
		return lang.X("calls.outcome.busy", "忙·约回拨")
	case calls.WrongNumber:
		return lang.X("calls.outcome.wrong_number", "空号/错号")
	case calls.DoNotContact:
		return lang.X("calls.outcome.do_not_contact", "勿扰")
	case calls.Complaint:
		return lang.X("calls.outcome.complaint", "投诉")
	case calls.Ordered:
		return lang.X("calls.outcome.ordered", "电话中下单")
	}
	return string(o)
}

// CallStatus is the name of a list entry's status.
func CallStatus(s string) string {
	switch s {
	case calls.StatusOpen:
		return lang.X("calls.status.open", "待拨打")
	case calls.StatusWorking:
		return lang.X("calls.status.working", "拨打中")
	case calls.StatusDone:
		return lang.X("calls.status.done", "已完成")
	case calls.StatusSkipped:
		return lang.X("calls.status.skipped", "已跳过")
	}
	return s
}

// Segment is the user's word for a lifecycle segment.
func Segment(k string) string {
	switch k {
	case calc.SegmentNew:
		return lang.X("customers.segment.new", "新顾客")
	case calc.SegmentActive:
		return lang.X("customers.segment.active", "活跃老顾客")
	case calc.SegmentCooling:
		return lang.X("customers.segment.cooling", "待唤醒")
	case calc.SegmentDormantHigh:
		return lang.X("customers.segment.dormant_high", "高挽回")
	case calc.SegmentDormantLow:
		return lang.X("customers.segment.dormant_low", "低挽回")
	case calc.SegmentLost:
		return lang.X("customers.segment.lost", "已流失")
	case calc.SegmentNone:
		return lang.X("customers.segment.none", "未购买")
	}
	return k
}

// RFM is the user's word for an RFM class.
func RFM(k string) string {
	switch k {
	case calc.RFMImportantValue:
		return lang.X("customers.rfm.important_value", "重要价值")
	case calc.RFMImportantDevelop:
		return lang.X("customers.rfm.important_develop", "重要发展")
	case calc.RFMImportantKeep:
		return lang.X("customers.rfm.important_keep", "重要保持")
	case calc.RFMImportantRetain:
		return lang.X("customers.rfm.important_retain", "重要挽留")
	case calc.RFMGeneralValue:
		return lang.X("customers.rfm.general_value", "一般价值")
	case calc.RFMGeneralDevelop:
		return lang.X("customers.rfm.general_develop", "一般发展")
	case calc.RFMGeneralKeep:
		return lang.X("customers.rfm.general_keep", "一般保持")
	case calc.RFMGeneralRetain:
		return lang.X("customers.rfm.general_retain", "一般挽留")
	}
	return k
}

// Level is the user's word for a membership level (a shop's own names stay as they are).
func Level(k string) string {
	switch k {
	case calc.LevelRegular:
		return lang.X("customers.level.regular", "普通")
	case calc.LevelSilver:
		return lang.X("customers.level.silver", "银卡")
	case calc.LevelGold:
		return lang.X("customers.level.gold", "金卡")
	case calc.LevelDiamond:
		return lang.X("customers.level.diamond", "钻石")
	case "":
		return lang.X("segments.level.none", "无等级")
	}
	return k
}

// ComplaintStatus is the name of a complaint's status.
func ComplaintStatus(s string) string {
	switch s {
	case customers.StatusOpen:
		return lang.X("complaint.status.open", "待处理")
	case customers.StatusAnswered:
		return lang.X("complaint.status.answered", "已回复")
	case customers.StatusResolved:
		return lang.X("complaint.status.resolved", "已解决")
	}
	return s
}

// Severity is the name of a complaint's severity.
func Severity(s string) string {
	switch s {
	case customers.SeverityHigh:
		return lang.X("complaint.sev.high", "严重")
	case customers.SeverityLow:
		return lang.X("complaint.sev.low", "轻微")
	}
	return lang.X("complaint.sev.normal", "一般")
}

// ImportStatus names a history status.
func ImportStatus(status string) string {
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

// Reject is why one row was left out.
func Reject(reason string) string {
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

// ImportError translates a data/imports failure code: what is wrong and
// what to do. The import screen uses it too.
func ImportError(code string) string {
	switch code {
	case imports.CodeCorrupt:
		return lang.X("import.err.corrupt", "文件已损坏，或不是真正的 Excel 文件。请在 Excel 中打开后另存为 .xlsx，或从平台后台重新导出。")
	case imports.CodeEmpty:
		return lang.X("import.err.empty", "文件是空的，里面没有任何内容。请从平台后台重新导出。")
	case imports.CodeEncrypted:
		return lang.X("import.err.encrypted", "文件已加密，请在 Excel 中取消密码后另存为 .xlsx 再导入。")
	case imports.CodeLegacyXLS:
		return lang.X("import.err.legacy_xls", "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入。")
	case imports.CodeUnrecognised:
		return lang.X("import.err.unrecognised", "认不出这个文件：它不像是支持的平台导出的订单表或客户表。请确认导出的是订单报表，或设置列对应后再导入。")
	case imports.CodeNoRows:
		return lang.X("import.err.no_rows", "文件只有表头，下面没有订单。请检查导出时选的时间范围和订单状态，再重新导出。")
	case imports.CodeCancelled:
		return lang.X("import.err.cancelled", "已取消，数据没有改变。")
	case imports.CodeBadMapping:
		return lang.X("import.err.bad_mapping", "文件里找不到设置好的列。请重新设置列对应。")
	case imports.CodeNotSpreadsheet:
		return lang.X("import.err.not_spreadsheet", "这不是订单表格。请导入从平台后台导出的 .xlsx 或 .csv 文件。")
	case imports.CodeNoFiles:
		return lang.X("import.err.no_files", "这个文件夹里没有 .xlsx 或 .csv 文件。")
	}
	return lang.X("import.err.io", "无法读取这个文件或写入数据。请确认文件没有在其他程序中打开、磁盘空间足够，然后再试一次。")
}

// Label words a stored value of the given kind ("platform", "segment", "rfm", "level",
// "dnc"), for exports that label several kinds of column through one function.
func Label(kind, v string) string {
	if v == "" {
		return ""
	}
	switch kind {
	case "platform":
		return Platform(v)
	case "segment":
		return Segment(v)
	case "rfm":
		return RFM(v)
	case "level":
		return Level(v)
	case "dnc":
		return lang.X("customers.dnc.yes", "勿扰")
	}
	return v
}

// Join joins the words of a list as the language does: 淘宝、京东 in Chinese, "Taobao, JD" in
// English.
func Join(words []string) string {
	return strings.Join(words, lang.X("list.sep", "、"))
}
