package vocab

import (
	"fyne.io/fyne/v2/lang"

	"huitouke/data/customers"
	"huitouke/data/errs"
	"huitouke/data/figures"
)

// Error words an *errs.Error from the data layer: what is wrong and what to do. ok is false
// for any other error, which the caller words for its own context ("保存失败…").
func Error(err error) (text string, ok bool) {
	e, ok := errs.As(err)
	if !ok {
		return "", false
	}
	switch e.Area {
	case errs.Customers:
		return customerError(e), true
	case errs.Calls:
		return callRuleError(e), true
	case errs.Figures:
		return figureSettingError(e), true
	case errs.Import:
		return ImportError(e.Code), true
	}
	return e.Error(), true
}

func customerError(e *errs.Error) string {
	switch e.Code {
	case customers.CodeRequired:
		return lang.X("val.required", "请填写这一项。")
	case customers.CodePhone:
		return lang.X("val.phone", "这不是手机号。请填写 11 位手机号，如 138 0013 8000；境外号码以 + 开头，如 +1 415 555 0100。")
	case customers.CodePhoneLength:
		return lang.X("val.phone.length", "手机号应为 11 位数字（1 开头），请检查是否多写或少写了一位。")
	case customers.CodePhoneMasked:
		return lang.X("val.phone.masked", "带 * 的号码是平台打码的，无法拨打。请填写完整号码。")
	case customers.CodeDate:
		return lang.X("val.date", "日期请写成 YYYY-MM-DD，例如 2026-11-15。")
	case customers.CodeBirthday:
		return lang.X("val.birthday", "生日请写成 1990-05-17；不知道年份可写 --05-17 或 5月17日。")
	case customers.CodeFuture:
		return lang.X("val.future", "生日不能晚于今天。")
	case customers.CodeEmail:
		return lang.X("val.email", "邮箱格式不对，应像 name@example.com。")
	case customers.CodeScore:
		return lang.X("val.score", "评分为 1 到 5 分。")
	case customers.CodeDuplicate:
		return lang.X("val.duplicate", "这个号码已经在卡片上了。")
	case customers.CodeSelf:
		return lang.X("val.self", "不能选择客户自己。")
	case customers.CodeReferralLoop:
		return lang.X("val.loop", "不能互相推荐：这位客户本身是由当前客户（间接）推荐来的。")
	case customers.CodeMerged:
		return lang.X("val.merged", "这位客户已合并到另一位客户，请打开合并后的卡片。")
	case customers.CodePoints:
		return lang.X("val.points", "请填写要增加或减少的积分（不能为 0）。")
	case customers.CodeTooLong:
		return lang.X("val.toolong", "内容太长了，请精简一些。")
	}
	return lang.X("val.invalid", "填写的内容不正确。")
}

func callRuleError(e *errs.Error) string {
	if e.Field == "Agents" || e.Field == "PerAgent" {
		return lang.X("settings.calls.err.capacity", "在岗客服请填 1 到 50 位，每人每天请填 1 到 1000 通。")
	}
	switch e.Code {
	case "negative":
		return lang.X("settings.calls.err.negative", "天数不能是负数。")
	case "too_large":
		return lang.X("settings.calls.err.large", "天数不能超过 366。")
	case "min_above_max":
		return lang.X("settings.calls.err.minmax", "促二次购买的最少天数不能大于最多天数。")
	case "out_of_range":
		return lang.X("settings.calls.holdout.bad", "对照组比例请填 0 到 50 之间的数字。")
	}
	return e.Error()
}

func figureSettingError(e *errs.Error) string {
	switch e.Field {
	case "NewDays":
		return lang.X("settings.seg.err.new", "新顾客 / 活跃的天数要在 1 到 3650 之间。")
	case "CoolingDays", "DormantHighDays", "DormantLowDays":
		if e.Code == figures.CodeOrder {
			return lang.X("settings.seg.err.order", "天数要一级比一级大：新顾客 < 待唤醒 < 高挽回 < 低挽回。")
		}
		return lang.X("settings.seg.err.range", "天数要在 1 到 3650 之间。")
	case "LoyalOrders":
		return lang.X("settings.seg.err.loyal", "忠实客户的订单数要在 2 到 1000 之间。")
	case "Levels":
		switch e.Code {
		case figures.CodeEmpty:
			return lang.X("settings.level.err.empty", "每个会员等级都要有名称，至少保留一个等级。")
		case figures.CodeDuplicate:
			return lang.X("settings.level.err.dup", "会员等级的名称和金额不能重复。")
		}
		return lang.X("settings.level.err.range", "会员等级的金额不能是负数。")
	}
	return e.Error()
}
