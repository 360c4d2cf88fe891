// Package imports reads the order and customer exports of Chinese and
// international shop platforms (.xlsx and .csv) into the Huitouke database:
// it recognises the layout by its header row, cleans the cells, groups rows
// into orders, decides which orders count as paid, finds or creates the
// customers, and upserts everything so a re-import updates instead of
// duplicating. Each file lands in one transaction, after one backup per run.
package imports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/errs"
)

// Options tune an import run.
type Options struct {
	// Progress, when set, is called from the importing goroutine at most
	// about ten times a second, and once at the end of each file.
	Progress func(Progress)
	// Location is the shop's time zone; UTC+8 when nil.
	Location *time.Location
	// Mapping is used for files whose layout is not recognised (the user
	// chose it on the mapping screen). Without it a saved mapping whose
	// signature matches the file's header is used.
	Mapping Mapping
	// FileDone, when set, is called from the importing goroutine with each
	// file's result as soon as that file is finished (imported, failed or,
	// after a cancel, skipped), in the order the files are imported, so a
	// screen can show each summary without waiting for the whole batch.
	FileDone func(Result)
	// NoBackup skips the backup taken before the run, for a store just
	// created with nothing to go back to (the demo shop). The run then
	// cannot be undone.
	NoBackup bool
}

// Progress reports how far the current file got.
type Progress struct {
	File       string // base name
	FileIndex  int    // 0-based index of the file in ImportFiles' paths
	Files      int
	Platform   string
	Rows       int // data rows read so far
	RowsTotal  int // estimate from the bytes read; 0 while unknown
	RowsPerSec float64
	Elapsed    time.Duration
	Done       bool
}

// Result is what became of one file.
type Result struct {
	File     string // path as given
	Platform string // taobao|jd|pdd|douyin|youzan|shopify|woocommerce|youzan_customers|shopify_customers|mapped, "" when unknown
	Status   string // ok | failed | cancelled
	Rows     int    // data rows read
	// OrdersNew and OrdersUpdated count orders, not rows. An order already
	// stored with exactly the same values is neither new nor updated.
	OrdersNew     int
	OrdersUpdated int
	CustomersNew  int
	RowsRejected  int
	LinesWritten  int    // order lines inserted or changed
	Code          string // why the file failed (Code* constants), "" when ok
	Err           error
	ImportID      int64
	BackupPath    string
	Duration      time.Duration
}

// Import statuses.
const (
	StatusOK        = "ok"
	StatusFailed    = "failed"
	StatusCancelled = "cancelled"
	statusRunning   = "running"
)

// ImportFiles imports paths into st. It takes one consistent backup
// before the first file (recorded in every file's imports row, so UndoLast
// can restore it), then imports each file in its own transaction: a file
// lands whole or not at all. A failed file does not stop the others.
//
// Order: files are imported in the order given, except that line reports
// (Taobao 宝贝报表, Detection.Kind == KindLines), which add product lines
// to orders already stored, are held back until every other file of the
// batch is in, so dropping both reports at once works whatever their
// order. The results are in the order of paths whatever the import order;
// Progress.FileIndex is also the index in paths.
//
// Cancelling: cancelling ctx stops the whole run. The file being imported
// is rolled back (the database is as before that file; files finished
// earlier in the run stay imported, and UndoLast undoes the run), and the
// files not started are reported as cancelled without being opened. There
// is no cancelling of one file alone: a caller who wants to skip a file
// leaves it out of paths. The error is non-nil only when the run could not
// start (backup failed) or was cancelled.
func ImportFiles(ctx context.Context, st *data.Store, paths []string, opt Options) ([]Result, error) {
	if opt.Location == nil {
		opt.Location = clock.ShopZone
	}
	var b data.Backup
	if !opt.NoBackup {
		var err error
		if b, err = st.Backup(ctx, "import"); err != nil {
			return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: fmt.Errorf("backup before import: %w", err)}
		}
	}
	out := make([]Result, len(paths))
	finish := func(i int, r Result) {
		out[i] = r
		if opt.FileDone != nil {
			opt.FileDone(r)
		}
	}
	cancelled := func(i int, err error) {
		finish(i, Result{File: paths[i], Status: StatusCancelled, Code: CodeCancelled, Err: err})
	}
	var later []*openedFile
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			cancelled(i, err)
			continue
		}
		f := openFile(ctx, st, p, i, opt.Mapping)
		if f.err == nil && f.lay.res.def.kind == kindLines {
			later = append(later, f)
			continue
		}
		finish(i, importFile(ctx, st.DB(), f, b.Path, len(paths), opt))
	}
	for _, f := range later {
		if err := ctx.Err(); err != nil {
			f.close()
			cancelled(f.idx, err)
			continue
		}
		finish(f.idx, importFile(ctx, st.DB(), f, b.Path, len(paths), opt))
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, nil
}

// openedFile is a file opened and its layout found, or the error that
// stopped it.
type openedFile struct {
	path string
	idx  int // position in the run's paths
	src  source
	lay  *layout
	err  error
}

func openFile(ctx context.Context, st *data.Store, path string, idx int, m Mapping) *openedFile {
	f := &openedFile{path: path, idx: idx}
	if f.src, f.err = openSource(path); f.err != nil {
		return f
	}
	if f.lay, f.err = findLayout(ctx, st, f.src, m); f.err != nil {
		f.close()
	}
	return f
}

func (f *openedFile) close() {
	if f.src != nil {
		f.src.Close()
		f.src = nil
	}
}

// importFile imports one opened file and records it in imports.
func importFile(ctx context.Context, db *sql.DB, f *openedFile, backup string, n int, opt Options) Result {
	defer f.close()
	path := f.path
	start := time.Now()
	res := Result{File: path, BackupPath: backup}
	var size int64
	if fi, err := os.Stat(path); err == nil {
		size = fi.Size()
	}
	hashc := make(chan string, 1)
	go func() { hashc <- fileHash(path) }()
	now := time.Now().In(opt.Location).Format(data.TimeLayout)
	r, err := db.ExecContext(ctx, `INSERT INTO imports(file_name, file_path, file_size, status, backup_path, started_at)
		VALUES (?, ?, ?, ?, ?, ?)`, filepath.Base(path), path, size, statusRunning, backup, now)
	if err == nil {
		res.ImportID, err = r.LastInsertId()
	}
	if err != nil {
		res.Status, res.Code, res.Err = StatusFailed, ErrorCode(err), err
		if res.Code != CodeCancelled {
			res.Code = CodeIO
		}
		<-hashc
		return res
	}
	var header []string
	err = f.err
	if err == nil {
		header = f.lay.headers
		res.Platform = f.lay.res.def.id
		err = runFile(ctx, db, f, n, opt, &res)
	}
	res.Duration = time.Since(start)
	if err != nil {
		res.Err = err
		res.Code = ErrorCode(err)
		res.Status = StatusFailed
		if res.Code == CodeCancelled {
			res.Status = StatusCancelled
		}
		res.OrdersNew, res.OrdersUpdated, res.CustomersNew, res.RowsRejected, res.LinesWritten = 0, 0, 0, 0, 0
	} else {
		res.Status = StatusOK
	}
	msg := ""
	if res.Err != nil {
		msg = res.Err.Error()
	}
	hb, herr := jsonString(header)
	if herr != nil && res.Err == nil {
		// Cannot happen for a []string; kept so no error goes unseen.
		res.Err, res.Code, res.Status = herr, CodeIO, StatusFailed
		msg = herr.Error()
	}
	// The record is written even when ctx was cancelled.
	_, uerr := db.ExecContext(context.WithoutCancel(ctx), `UPDATE imports SET platform = ?, status = ?, message = ?, rows_read = ?,
		orders_new = ?, orders_updated = ?, customers_new = ?, rows_rejected = ?, content_hash = ?, header = ?, finished_at = ?
		WHERE id = ?`, res.Platform, res.Status, msg, res.Rows, res.OrdersNew, res.OrdersUpdated, res.CustomersNew,
		res.RowsRejected, <-hashc, hb, time.Now().In(opt.Location).Format(data.TimeLayout), res.ImportID)
	if uerr != nil && res.Err == nil {
		res.Err, res.Code, res.Status = uerr, CodeIO, StatusFailed
	}
	return res
}

func fileHash(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// runFile imports the rows of an opened file in one transaction.
func runFile(ctx context.Context, db *sql.DB, f *openedFile, n int, opt Options, res *Result) error {
	src, lay, idx, path := f.src, f.lay, f.idx, f.path
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer conn.Close()
	restore, err := importPragmas(ctx, conn)
	defer restore()
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("import: begin: %w", err)
	}
	err = func() error {
		est := estimateRows(src, lay)
		bulk, err := isBulk(ctx, tx, lay.res.def.kind, est)
		if err != nil {
			return err
		}
		if bulk {
			defer limitMemory()()
		}
		var rebuild []savedIndex
		if bulk {
			if rebuild, err = dropIndexes(ctx, tx, lay.res.def.kind); err != nil {
				return err
			}
		}
		var triggers []savedIndex
		if bulk {
			if triggers, err = dropSearchTriggers(ctx, tx); err != nil {
				return err
			}
		}
		w, err := newWriter(ctx, tx, lay.res, res.ImportID, filepath.Base(path), opt.Location)
		if err != nil {
			return err
		}
		defer w.close()
		w.rebuild, w.triggers, w.bulk = rebuild, triggers, bulk
		if len(triggers) > 0 {
			if err := w.noteRowids(); err != nil {
				return err
			}
		}
		if bulk && lay.res.def.kind == kindOrders {
			if err := w.loadSeen(est); err != nil {
				return err
			}
		}
		return pump(ctx, src, lay, w, opt, idx, n, res)
	}()
	if err != nil {
		// A cancelled context has rolled the transaction back already.
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			err = errors.Join(err, fmt.Errorf("import: rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	return nil
}
