// Package xlsxstream is a fast, low-memory streaming reader for .xlsx files,
// built for importing very large order exports (a million rows in seconds,
// tens of MB of memory, no temporary files).
//
// It reads cell values only: shared, inline and formula strings, numbers as
// the exact text stored in the file, booleans as TRUE/FALSE, errors as their
// text (#N/A). Numeric cells whose style is a date or time format are
// converted to "2006-01-02 15:04:05" (or "2006-01-02" when there is no time of
// day). Everything else about formatting is ignored.
//
// Decompression (klauspost/compress flate) runs in its own goroutine, ahead
// of a byte-level scanner that runs on the caller's goroutine.
package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
	"github.com/richardlehane/mscfb"
)

// Errors returned by Open, OpenReaderAt and Rows; test with errors.Is.
var (
	// ErrNotXLSX: the file is not a zip, or a zip without a spreadsheet
	// workbook (e.g. a .docx, .ods or a renamed file).
	ErrNotXLSX = errors.New("xlsx: not an xlsx file")
	// ErrEncrypted: an OOXML file protected by a password (stored inside an
	// OLE compound file with an EncryptionInfo stream).
	ErrEncrypted = errors.New("xlsx: xlsx file is password protected")
	// ErrLegacyXLS: an OLE compound file that is not an encrypted xlsx,
	// normally an Excel 97–2003 .xls.
	ErrLegacyXLS = errors.New("xlsx: legacy .xls file")
	// ErrNoSheets: the workbook lists no worksheet.
	ErrNoSheets = errors.New("xlsx: workbook has no sheets")
	// ErrCorrupt: a damaged zip or XML part; the wrapped error says more.
	ErrCorrupt = errors.New("xlsx: corrupt xlsx file")
	// ErrSheetIndex: Rows or SheetSize got an index outside Sheets().
	ErrSheetIndex = errors.New("xlsx: no such sheet")
)

var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

type sheet struct {
	name string
	file *zip.File // nil when the workbook names a part the zip lacks
}

// Workbook is an open .xlsx file. Rows may be called for several sheets one
// after the other; calling Rows concurrently is safe but Consumed then mixes
// the progress of both.
type Workbook struct {
	zr       *zip.Reader
	closer   io.Closer
	sheets   []sheet
	date1904 bool
	dates    []bool
	sstFile  *zip.File

	sstMu  sync.Mutex
	sst    *sstTable
	sstErr error

	consumed atomic.Int64
}

// Open opens an .xlsx file by path. Close releases it.
func Open(name string) (*Workbook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	w, err := OpenReaderAt(f, st.Size())
	if err != nil {
		f.Close()
		return nil, err
	}
	w.closer = f
	return w, nil
}

// OpenReaderAt opens an .xlsx held by r (size bytes). r must stay readable
// until the Workbook is no longer used; Close does not close it.
func OpenReaderAt(r io.ReaderAt, size int64) (*Workbook, error) {
	var head [8]byte
	// A short or unreadable head is told by n: not an xlsx.
	n, _ := r.ReadAt(head[:], 0)
	if n == 8 && bytes.Equal(head[:], cfbMagic) {
		return nil, classifyCFB(r, size)
	}
	if n < 4 || head[0] != 'P' || head[1] != 'K' {
		return nil, ErrNotXLSX
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	w := &Workbook{zr: zr}
	if err := w.load(); err != nil {
		return nil, err
	}
	return w, nil
}

// Close releases the file opened by Open.
func (w *Workbook) Close() error {
	if w.closer != nil {
		err := w.closer.Close()
		w.closer = nil
		return err
	}
	return nil
}

// ReleaseSharedStrings drops the shared-strings table, which can be
// hundreds of megabytes, once the caller has read what it needs; a later
// Rows call reads it again. Cells handed out before stay valid.
func (w *Workbook) ReleaseSharedStrings() {
	w.sstMu.Lock()
	defer w.sstMu.Unlock()
	w.sst, w.sstErr = nil, nil
}

// Sheets returns the sheet names in workbook order, hidden sheets included.
func (w *Workbook) Sheets() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// SheetSize returns the uncompressed size in bytes of sheet i's XML part, the
// total for a progress bar whose position is Consumed. It is what the zip
// directory says, so treat it as an estimate.
func (w *Workbook) SheetSize(i int) int64 {
	if i < 0 || i >= len(w.sheets) || w.sheets[i].file == nil {
		return 0
	}
	return int64(w.sheets[i].file.UncompressedSize64)
}

// Consumed returns how many uncompressed bytes of the sheet part the running
// (or last) Rows call has scanned. It may be called from any goroutine. The
// shared strings table, read once before the first row, is not counted.
func (w *Workbook) Consumed() int64 { return w.consumed.Load() }

// Rows streams the rows of sheet i (0-based, workbook order) to fn, in file
// order. rowNum is the 1-based Excel row number; rows absent from the file
// and rows without any non-empty cell are not delivered. cells is indexed by
// column (A = 0), missing cells are "", trailing empty cells are trimmed.
//
// The cells slice is reused after fn returns: copy it to keep it (the strings
// themselves stay valid; a kept string may keep its row's text alive).
//
// An error returned by fn stops the scan and is returned as is; so is the
// context's error when ctx ends. A damaged file gives an error wrapping
// ErrCorrupt. The shared strings table is loaded on the first call and kept
// until the Workbook is dropped.
func (w *Workbook) Rows(ctx context.Context, i int, fn func(rowNum int, cells []string) error) error {
	if i < 0 || i >= len(w.sheets) {
		return fmt.Errorf("%w: %d", ErrSheetIndex, i)
	}
	sh := w.sheets[i]
	if sh.file == nil {
		return fmt.Errorf("%w: sheet %q has no part in the file", ErrCorrupt, sh.name)
	}
	sst, err := w.sharedStrings(ctx)
	if err != nil {
		return err
	}
	w.consumed.Store(0)
	rc, err := sh.file.Open()
	if err != nil {
		return fmt.Errorf("%w: sheet %q: %w", ErrCorrupt, sh.name, err)
	}
	defer rc.Close()
	f := newAsyncFeeder(rc)
	defer f.stop() // runs before rc.Close
	s := newScanner(ctx, f, &w.consumed)
	if err := scanSheet(s, sheetOpts{sst: sst, dates: w.dates, date1904: w.date1904}, fn); err != nil {
		if errors.Is(err, ErrCorrupt) {
			return fmt.Errorf("sheet %q: %w", sh.name, err)
		}
		return err
	}
	return nil
}

func (w *Workbook) sharedStrings(ctx context.Context) (*sstTable, error) {
	w.sstMu.Lock()
	defer w.sstMu.Unlock()
	if w.sst != nil || w.sstErr != nil || w.sstFile == nil {
		return w.sst, w.sstErr
	}
	rc, err := w.sstFile.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: shared strings: %w", ErrCorrupt, err)
	}
	defer rc.Close()
	f := newAsyncFeeder(rc)
	defer f.stop()
	t, err := parseSST(newScanner(ctx, f, nil), int64(w.sstFile.UncompressedSize64))
	if err != nil {
		if ctx.Err() != nil {
			return nil, err // not sticky: a later call may retry
		}
		w.sstErr = err
		return nil, err
	}
	w.sst = t
	return t, nil
}

// load finds the workbook part, its sheets, styles and shared strings.
func (w *Workbook) load() error {
	files := make(map[string]*zip.File, len(w.zr.File))
	for _, f := range w.zr.File {
		files[normName(f.Name)] = f
	}
	find := func(name string) *zip.File { return files[normName(name)] }

	wbName := ""
	if f := find("_rels/.rels"); f != nil {
		if rels, err := readRels(f); err == nil {
			for _, r := range rels {
				if strings.HasSuffix(r.Type, "/officeDocument") {
					wbName = resolve("", r.Target)
					break
				}
			}
		}
	}
	if wbName == "" || find(wbName) == nil {
		wbName = ""
		if f := find("[Content_Types].xml"); f != nil {
			wbName = mainPartFromContentTypes(f)
		}
	}
	if wbName == "" || find(wbName) == nil {
		wbName = "xl/workbook.xml"
	}
	wbFile := find(wbName)
	if wbFile == nil {
		return ErrNotXLSX
	}
	if strings.HasSuffix(strings.ToLower(wbName), ".bin") {
		return fmt.Errorf("%w: binary workbook (.xlsb)", ErrNotXLSX)
	}
	dir := path.Dir(normName(wbName))
	if dir == "." {
		dir = ""
	}
	relsByID := map[string]rel{}
	var rels []rel
	if f := find(path.Join(dir, "_rels", path.Base(wbName)+".rels")); f != nil {
		var err error
		if rels, err = readRels(f); err != nil {
			return err
		}
		for _, r := range rels {
			relsByID[r.ID] = r
		}
	}
	wb, err := readWorkbook(wbFile)
	if err != nil {
		return err
	}
	w.date1904 = wb.date1904
	for n, s := range wb.sheets {
		var f *zip.File
		if r, ok := relsByID[s.rid]; ok && !strings.EqualFold(r.Mode, "External") {
			f = find(resolve(dir, r.Target))
		}
		if f == nil {
			// Broken relationships: guess the conventional part name.
			f = find(path.Join(dir, fmt.Sprintf("worksheets/sheet%d.xml", n+1)))
		}
		w.sheets = append(w.sheets, sheet{name: s.name, file: f})
	}
	if len(w.sheets) == 0 {
		return ErrNoSheets
	}

	var stylesFile *zip.File
	for _, r := range rels {
		switch {
		case strings.HasSuffix(r.Type, "/styles"):
			stylesFile = find(resolve(dir, r.Target))
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			w.sstFile = find(resolve(dir, r.Target))
		}
	}
	if stylesFile == nil {
		stylesFile = find(path.Join(dir, "styles.xml"))
	}
	if w.sstFile == nil {
		w.sstFile = find(path.Join(dir, "sharedStrings.xml"))
	}
	if stylesFile != nil {
		rc, err := stylesFile.Open()
		if err != nil {
			return fmt.Errorf("%w: styles: %w", ErrCorrupt, err)
		}
		defer rc.Close()
		if w.dates, err = parseStyles(rc); err != nil {
			return err
		}
	}
	return nil
}

// normName makes zip names comparable: some writers use backslashes, a
// leading slash or other letter case than the relationships.
func normName(n string) string {
	n = strings.ReplaceAll(n, `\`, "/")
	return strings.ToLower(strings.TrimPrefix(n, "/"))
}

// resolve turns a relationship target into a part name.
func resolve(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join("/", dir, target), "/")
}

type rel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
	Mode   string `xml:"TargetMode,attr"`
}

func readRels(f *zip.File) ([]rel, error) {
	var doc struct {
		Rels []rel `xml:"Relationship"`
	}
	if err := decodePart(f, &doc); err != nil {
		return nil, err
	}
	return doc.Rels, nil
}

func mainPartFromContentTypes(f *zip.File) string {
	var doc struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if decodePart(f, &doc) != nil {
		return ""
	}
	for _, o := range doc.Overrides {
		ct := strings.ToLower(o.ContentType)
		if strings.Contains(ct, "spreadsheetml.sheet.main+xml") ||
			strings.Contains(ct, "spreadsheetml.template.main+xml") ||
			strings.Contains(ct, "ms-excel.sheet.macroenabled.main+xml") ||
			strings.Contains(ct, "ms-excel.template.macroenabled.main+xml") {
			return normName(o.PartName)
		}
	}
	return ""
}

func decodePart(f *zip.File, v any) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorrupt, f.Name, err)
	}
	return nil
}

type wbInfo struct {
	date1904 bool
	sheets   []struct{ name, rid string }
}

// readWorkbook reads sheet names and relationship ids and the date system.
// The r:id attribute is matched by local name so Strict OOXML's other
// namespace works too.
func readWorkbook(f *zip.File) (wbInfo, error) {
	var info wbInfo
	rc, err := f.Open()
	if err != nil {
		return info, fmt.Errorf("%w: workbook: %w", ErrCorrupt, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return info, nil
		}
		if err != nil {
			return info, fmt.Errorf("%w: workbook: %w", ErrCorrupt, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "workbookPr":
			v := strings.ToLower(attr(se, "date1904"))
			info.date1904 = v == "1" || v == "true"
		case "sheet":
			var name, rid string
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name" && a.Name.Space == "":
					name = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					rid = a.Value
				}
			}
			info.sheets = append(info.sheets, struct{ name, rid string }{name, rid})
		}
	}
}

// classifyCFB tells a password-protected xlsx (an OLE compound file holding
// EncryptionInfo and EncryptedPackage streams) from a legacy .xls.
func classifyCFB(r io.ReaderAt, size int64) (err error) {
	defer func() {
		if recover() != nil {
			err = ErrLegacyXLS
		}
	}()
	doc, e := mscfb.New(io.NewSectionReader(r, 0, size))
	if e != nil {
		return ErrLegacyXLS
	}
	for n := 0; n < 10000; n++ {
		entry, e := doc.Next()
		if e != nil {
			break
		}
		switch entry.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return ErrEncrypted
		}
	}
	return ErrLegacyXLS
}
