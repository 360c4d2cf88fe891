package imports

import (
	"context"
	"errors"
	"fmt"
)

// Codes of a file that imported nothing. The UI translates them with the
// keys import.err.<code> (what is wrong and what to do).
const (
	CodeCorrupt      = "corrupt"      // damaged or not really an xlsx
	CodeEmpty        = "empty"        // no content at all
	CodeEncrypted    = "encrypted"    // password protected
	CodeLegacyXLS    = "legacy_xls"   // Excel 97-2003 .xls
	CodeUnrecognised = "unrecognised" // no header row we know, no saved mapping
	CodeNoRows       = "no_rows"      // a header but no data rows
	CodeIO           = "io"           // cannot read the file / write the database
	CodeCancelled    = "cancelled"    // the user stopped the import
	CodeBadMapping   = "bad_mapping"  // a mapping names columns the file lacks
)

// Error is why a file imported nothing.
type Error struct {
	Code string
	Err  error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return "import: " + e.Code
	}
	return fmt.Sprintf("import: %s: %v", e.Code, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode gives the Code of err, CodeCancelled for a cancelled context
// and CodeIO for anything else.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return CodeCancelled
	}
	return CodeIO
}

// Reasons a single row was rejected (import_errors.reason); translated by
// the UI with import.reject.<reason>.
const (
	RejectScientific = "order_no_scientific" // Excel turned the order number into 1.23E+17
	RejectNoOrderNo  = "no_order_no"
	RejectBadAmount  = "bad_amount"
	RejectBadTime    = "bad_time"
	RejectNoTime     = "no_time"
	RejectNoOrder    = "no_order"    // a line whose order has not been imported
	RejectNoCustomer = "no_customer" // a customer row without phone / e-mail
	RejectBadNumber  = "bad_number"  // quantity / points not a number
	RejectBadRow     = "bad_row"
)

// RejectText is the default wording of each reason in zh and en, used where
// the data layer writes text itself (the exported error workbook).
var RejectText = map[string][2]string{
	RejectScientific: {"订单号被 Excel 变成了科学计数法（如 1.23E+17），数字已丢失。请重新导出，或在 Excel 中把订单号列设为文本后再导出。", "Excel turned the order number into scientific notation (e.g. 1.23E+17) and its digits are lost. Export again, or format the order-number column as text before saving."},
	RejectNoOrderNo:  {"缺少订单号。", "The order number is missing."},
	RejectBadAmount:  {"金额无法识别。请改成数字，例如 128.00。", "The amount is not a number. Write it like 128.00."},
	RejectBadTime:    {"时间无法识别。请写成 2026-03-05 14:22:10 这样的格式。", "The date/time is not readable. Write it like 2026-03-05 14:22:10."},
	RejectNoTime:     {"缺少下单时间和付款时间。", "Both the order time and the payment time are missing."},
	RejectNoOrder:    {"找不到这条明细所属的订单。请先导入订单报表，再导入宝贝报表。", "The order of this line is not in the database. Import the order report first, then the line report."},
	RejectNoCustomer: {"缺少手机号或邮箱，无法识别客户。", "No phone number or e-mail to identify the customer."},
	RejectBadNumber:  {"数量或积分不是数字。", "A quantity or points value is not a number."},
	RejectBadRow:     {"这一行无法读取。", "This row cannot be read."},
}

func asError(err error, e **Error) bool { return errors.As(err, e) }
