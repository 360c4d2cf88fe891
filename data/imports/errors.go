package imports

import (
	"context"
	"errors"
	"huitouke/data/errs"
)

// Codes of a file that imported nothing. resources/vocab.ImportError words
// them (what is wrong and what to do), with the keys import.err.<code>.
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

	// Found before a file is read, by Expand.
	CodeNotSpreadsheet = "not_spreadsheet" // a file whose name is not .xlsx/.csv/.xls/.xlsm
	CodeNoFiles        = "no_files"        // a dropped folder without a single spreadsheet
)

// ErrorCodes lists every Code* a file can fail with; resources/vocab.ImportError
// words each of them.
var ErrorCodes = []string{CodeCorrupt, CodeEmpty, CodeEncrypted, CodeLegacyXLS, CodeUnrecognised, CodeNoRows,
	CodeCancelled, CodeBadMapping, CodeNotSpreadsheet, CodeNoFiles, CodeIO}

// A file that imported nothing fails with an *errs.Error of area errs.Import and one of
// the codes above.

// ErrorCode gives the Code of err, CodeCancelled for a cancelled context
// and CodeIO for anything else.
func ErrorCode(err error) string {
	var e *errs.Error
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

// RejectReasons lists every Reject* code. Their words are in one place,
// resources/vocab.Reject (the screen, the CLI and the exported workbook of
// rejected rows all use it).
var RejectReasons = []string{RejectScientific, RejectNoOrderNo, RejectBadAmount, RejectBadTime, RejectNoTime,
	RejectNoOrder, RejectNoCustomer, RejectBadNumber, RejectBadRow}

func asError(err error, e **errs.Error) bool { return errors.As(err, e) }
