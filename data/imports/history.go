package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"

	"huitouke/data"
	"huitouke/data/xlsx"
)

// ImportRecord is one file of the import history.
type ImportRecord struct {
	ID            int64
	FileName      string
	FilePath      string
	FileSize      int64
	ContentHash   string
	Platform      string
	Status        string // ok | failed | cancelled | running (interrupted)
	Message       string // technical detail of a failure
	Code          string // failure code (Code*), "" when ok
	Rows          int
	OrdersNew     int
	OrdersUpdated int
	CustomersNew  int
	RowsRejected  int
	BackupPath    string
	StartedAt     string
	FinishedAt    string
}

// History lists the imports, newest first.
func History(ctx context.Context, st *data.Store) ([]ImportRecord, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT id, file_name, file_path, file_size, content_hash, platform, status, message,
		rows_read, orders_new, orders_updated, customers_new, rows_rejected, backup_path, started_at, finished_at
		FROM imports ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("import history: %w", err)
	}
	defer rows.Close()
	var out []ImportRecord
	for rows.Next() {
		var r ImportRecord
		if err := rows.Scan(&r.ID, &r.FileName, &r.FilePath, &r.FileSize, &r.ContentHash, &r.Platform, &r.Status, &r.Message,
			&r.Rows, &r.OrdersNew, &r.OrdersUpdated, &r.CustomersNew, &r.RowsRejected, &r.BackupPath, &r.StartedAt,
			&r.FinishedAt); err != nil {
			return nil, fmt.Errorf("import history: %w", err)
		}
		r.Code = codeFromMessage(r.Status, r.Message)
		out = append(out, r)
	}
	return out, rows.Err()
}

// codeFromMessage recovers the failure code from the stored message
// ("import: <code>: …").
func codeFromMessage(status, msg string) string {
	if status == StatusOK {
		return ""
	}
	for _, c := range ErrorCodes {
		if len(msg) >= len("import: "+c) && msg[:len("import: "+c)] == "import: "+c {
			return c
		}
	}
	if status == StatusCancelled {
		return CodeCancelled
	}
	return CodeIO
}

// ErrNothingToUndo: no import run with a backup to go back to.
var ErrNothingToUndo = errors.New("no import to undo")

// ErrBackupGone: the backup taken before the last import was deleted.
var ErrBackupGone = errors.New("the backup taken before the last import no longer exists")

// UndoLast puts the database back as it was before the last import run, by
// restoring the backup taken at its start. It returns the record of the
// newest file of that run (ID, FileName, BackupPath, Status and StartedAt
// filled), so the screen can say which import was undone and when it ran.
func UndoLast(ctx context.Context, st *data.Store) (ImportRecord, error) {
	var r ImportRecord
	err := st.DB().QueryRowContext(ctx, `SELECT id, file_name, backup_path, status, started_at FROM imports
		WHERE backup_path <> '' ORDER BY id DESC LIMIT 1`).Scan(&r.ID, &r.FileName, &r.BackupPath, &r.Status, &r.StartedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNothingToUndo
	}
	if err != nil {
		return r, fmt.Errorf("undo import: %w", err)
	}
	if _, err := os.Stat(r.BackupPath); err != nil {
		return r, fmt.Errorf("undo import %s: %w", r.BackupPath, ErrBackupGone)
	}
	if err := st.Restore(ctx, r.BackupPath); err != nil {
		return r, fmt.Errorf("undo import: %w", err)
	}
	return r, nil
}

// Rejection is one row an import could not read.
type Rejection struct {
	FileName string
	RowNo    int
	Column   string
	Reason   string // Reject* code
	Detail   string // the offending value
	Cells    []string
}

// Rejections lists the rows an import rejected, in file order.
func Rejections(ctx context.Context, st *data.Store, importID int64) ([]Rejection, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT file_name, row_no, column_name, reason, detail, raw FROM import_errors
		WHERE import_id = ? ORDER BY row_no, id`, importID)
	if err != nil {
		return nil, fmt.Errorf("rejected rows: %w", err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var raw string
		if err := rows.Scan(&r.FileName, &r.RowNo, &r.Column, &r.Reason, &r.Detail, &raw); err != nil {
			return nil, fmt.Errorf("rejected rows: %w", err)
		}
		if raw != "" {
			if err := json.Unmarshal([]byte(raw), &r.Cells); err != nil {
				return nil, fmt.Errorf("rejected row %d: %w", r.RowNo, err)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ExportErrors writes the rows an import rejected to an .xlsx at xlsxPath:
// the file's own header, then each rejected row as it was, with the row
// number, the column, the reason in words and its code appended, so the
// user can fix the cells and import the workbook again (the extra columns
// are ignored on import). word gives the words of a reason code (Reject*):
// the vocabulary (resources/vocab.Reject) words them, this package only
// defines them.
func ExportErrors(ctx context.Context, st *data.Store, importID int64, xlsxPath string, word func(reason string) string) error {
	rejs, err := Rejections(ctx, st, importID)
	if err != nil {
		return err
	}
	var headerJSON string
	if err := st.DB().QueryRowContext(ctx, `SELECT header FROM imports WHERE id = ?`, importID).Scan(&headerJSON); err != nil {
		return fmt.Errorf("export rejected rows: %w", err)
	}
	var header []string
	if headerJSON != "" {
		if err := json.Unmarshal([]byte(headerJSON), &header); err != nil {
			return fmt.Errorf("export rejected rows: header: %w", err)
		}
	}
	width := len(header)
	for _, r := range rejs {
		if len(r.Cells) > width {
			width = len(r.Cells)
		}
	}
	head := make([]string, 0, width+4)
	for i := 0; i < width; i++ {
		h := ""
		if i < len(header) {
			h = header[i]
		}
		head = append(head, h)
	}
	head = append(head, "原行号 Row", "问题列 Column", "错误原因 Reason", "原因代码 Code")
	x, err := xlsx.NewSheet("", nil, head)
	if err != nil {
		return fmt.Errorf("export rejected rows: %w", err)
	}
	defer x.Close()
	row := make([]any, 0, width+4)
	for _, r := range rejs {
		row = row[:0]
		for j := 0; j < width; j++ {
			c := ""
			if j < len(r.Cells) {
				c = r.Cells[j]
			}
			// Text cells keep long numbers (order ids) intact.
			row = append(row, excelize.Cell{Value: c})
		}
		reason := word(r.Reason)
		if r.Detail != "" {
			reason += "（" + r.Detail + "）"
		}
		row = append(row, r.RowNo, r.Column, reason, r.Reason)
		if err := x.Row(row); err != nil {
			return fmt.Errorf("export rejected rows: %w", err)
		}
	}
	if err := x.Save(xlsxPath); err != nil {
		return fmt.Errorf("export rejected rows: %w", err)
	}
	return nil
}
