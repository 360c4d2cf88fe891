package vocab

import (
	"fyne.io/fyne/v2/lang"

	"huitouke/data/calls"
)

// CallListHeaders are the column titles of an exported call list.
func CallListHeaders() []string {
	return []string{lang.X("calls.col.name", "客户"), lang.X("calls.col.phone", "电话"), lang.X("calls.col.reason", "原因"),
		lang.X("calls.col.priority", "优先级"), lang.X("calls.col.due", "到期"), lang.X("calls.col.detail", "详情"),
		lang.X("calls.col.status", "状态"), lang.X("calls.col.agent", "客服"), lang.X("calls.col.outcome", "结果")}
}

// CallLabels words the stored keys of a call-list export.
func CallLabels() calls.Labels {
	return calls.Labels{Reason: Reason, Status: CallStatus, Outcome: Outcome}
}

// CustomerExportHeaders are the export's column titles in the user's language.
func CustomerExportHeaders() []string {
	return []string{
		lang.X("customers.col.id", "编号"), lang.X("customers.col.name", "姓名"), lang.X("customers.col.nickname", "昵称"),
		lang.X("customers.col.platform", "平台"), lang.X("customers.col.phones", "手机号"), lang.X("customers.col.segment", "分群"),
		lang.X("customers.col.rfm", "RFM 分类"), lang.X("customers.col.level", "会员等级"), lang.X("customers.col.orders", "订单数"),
		lang.X("customers.col.revenue", "累计消费（元）"), lang.X("customers.col.last", "最近下单"), lang.X("customers.col.next", "预计下次购买"),
		lang.X("customers.col.tags", "标签"), lang.X("customers.col.dnc", "勿扰"),
	}
}
