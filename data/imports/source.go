package imports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"huitouke/data/errs"
	"huitouke/data/xlsx"
)

// source is a spreadsheet read row by row: an .xlsx workbook or a CSV file
// (one sheet).
type source interface {
	Sheets() []string
	// Rows streams sheet i; rowNum is 1-based; cells may be reused after fn.
	Rows(ctx context.Context, i int, fn func(rowNum int, cells []string) error) error
	// Progress is how far the running Rows call got, in bytes of total.
	Progress() (done, total int64)
	Close() error
}

// openSource opens path by its content (not only its name): zip → xlsx,
// OLE compound file → encrypted xlsx or legacy .xls, anything else → CSV.
func openSource(path string) (source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	if fi.IsDir() {
		f.Close()
		return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: fmt.Errorf("%s is a folder", path)}
	}
	if fi.Size() == 0 {
		f.Close()
		return nil, &errs.Error{Area: errs.Import, Code: CodeEmpty, Err: errors.New("file is empty")}
	}
	var magic [8]byte
	n, err := io.ReadFull(f, magic[:])
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) { // a file shorter than 8 bytes is read whole
		return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	head := magic[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte("PK")):
		return openXLSX(path)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		// xlsxstream tells an encrypted xlsx from a legacy .xls.
		return openXLSX(path)
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, &errs.Error{Area: errs.Import, Code: CodeCorrupt, Err: errors.New("not a zip file")}
	case ext == ".xls" && looksBinary(head):
		return nil, &errs.Error{Area: errs.Import, Code: CodeLegacyXLS, Err: errors.New("legacy .xls")}
	case looksBinary(head):
		return nil, &errs.Error{Area: errs.Import, Code: CodeUnrecognised, Err: errors.New("not a spreadsheet or CSV file")}
	}
	return openCSV(path, fi.Size())
}

func looksBinary(b []byte) bool {
	for _, c := range b {
		if c == 0 {
			return true
		}
	}
	return false
}

type xlsxSource struct {
	w     *xlsx.Workbook
	sheet atomic.Int64
}

// release frees what Rows keeps between calls (the shared strings).
func (s *xlsxSource) release() { s.w.ReleaseSharedStrings() }

func openXLSX(path string) (source, error) {
	w, err := xlsx.Open(path)
	if err != nil {
		return nil, xlsxError(err)
	}
	return &xlsxSource{w: w}, nil
}

func xlsxError(err error) error {
	switch {
	case errors.Is(err, xlsx.ErrEncrypted):
		return &errs.Error{Area: errs.Import, Code: CodeEncrypted, Err: err}
	case errors.Is(err, xlsx.ErrLegacyXLS):
		return &errs.Error{Area: errs.Import, Code: CodeLegacyXLS, Err: err}
	case errors.Is(err, xlsx.ErrNoSheets):
		return &errs.Error{Area: errs.Import, Code: CodeEmpty, Err: err}
	case errors.Is(err, xlsx.ErrNotXLSX), errors.Is(err, xlsx.ErrCorrupt):
		return &errs.Error{Area: errs.Import, Code: CodeCorrupt, Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	return &errs.Error{Area: errs.Import, Code: CodeCorrupt, Err: err}
}

func (s *xlsxSource) Sheets() []string { return s.w.Sheets() }
func (s *xlsxSource) Close() error     { return s.w.Close() }
func (s *xlsxSource) Progress() (int64, int64) {
	return s.w.Consumed(), s.w.SheetSize(int(s.sheet.Load()))
}
func (s *xlsxSource) Rows(ctx context.Context, i int, fn func(int, []string) error) error {
	s.sheet.Store(int64(i))
	err := s.w.Rows(ctx, i, fn)
	if err == nil {
		return nil
	}
	var ie *errs.Error
	if errors.As(err, &ie) || errors.Is(err, errStop) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, xlsx.ErrCorrupt) || errors.Is(err, xlsx.ErrSheetIndex) {
		return xlsxError(err)
	}
	return err
}

// errStop ends a scan early (header detection reads only the first rows).
var errStop = errors.New("stop")

// csvSource reads a CSV file in UTF-8 (with or without BOM) or GB18030/GBK.
type csvSource struct {
	path     string
	size     int64
	encoding string // "utf-8" or "gb18030"
	read     atomic.Int64
}

func openCSV(path string, size int64) (source, error) {
	enc, err := detectEncoding(path)
	if err != nil {
		return nil, &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	return &csvSource{path: path, size: size, encoding: enc}, nil
}

func (s *csvSource) Sheets() []string { return []string{"CSV"} }
func (s *csvSource) Close() error     { return nil }
func (s *csvSource) Progress() (int64, int64) {
	return s.read.Load(), s.size
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (s *csvSource) Rows(ctx context.Context, i int, fn func(int, []string) error) error {
	if i != 0 {
		return fmt.Errorf("csv has one sheet, not %d", i)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return &errs.Error{Area: errs.Import, Code: CodeIO, Err: err}
	}
	defer f.Close()
	s.read.Store(0)
	return readCSV(ctx, countingReader{r: f, n: &s.read}, s.encoding, fn)
}

// readCSV decodes r (encoding "utf-8" or "gb18030") and streams its records.
// Quotes are read leniently (LazyQuotes), rows may differ in length.
func readCSV(ctx context.Context, r io.Reader, encoding string, fn func(int, []string) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	// Peek's error (a file under 3 bytes, or one that cannot be read) comes
	// back from the reads below.
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	var in io.Reader = br
	if encoding == "gb18030" {
		in = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	cr := csv.NewReader(in)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	row := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		row++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && rec != nil {
				// Keep going: the importer rejects what it cannot read.
			} else {
				return &errs.Error{Area: errs.Import, Code: CodeCorrupt, Err: fmt.Errorf("csv row %d: %w", row, err)}
			}
		}
		if row%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(row, rec); err != nil {
			return err
		}
	}
}

// detectEncoding tells UTF-8 from GB18030: a BOM means UTF-8; otherwise the
// first window of non-ASCII text is checked for strict UTF-8 validity (a
// GBK text is almost never valid UTF-8). Leading pure-ASCII text (an
// English header and numbers) is skipped so the decision rests on real
// Chinese bytes.
func detectEncoding(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	// Peek's error (a file under 3 bytes, or one that cannot be read) comes
	// back from the reads below.
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		return "utf-8", nil
	}
	const window = 64 << 10
	buf := make([]byte, 0, window+utf8.UTFMax)
	for {
		b, err := br.ReadByte()
		if err == io.EOF {
			return "utf-8", nil // pure ASCII
		}
		if err != nil {
			return "", err
		}
		if b < utf8.RuneSelf {
			continue
		}
		buf = append(buf, b)
		for len(buf) < window {
			c, err := br.ReadByte()
			if err != nil {
				break
			}
			buf = append(buf, c)
		}
		return guessEncoding(buf), nil
	}
}

// guessEncoding decides on a window that starts at a non-ASCII byte; a rune
// cut off by the window's end is not held against UTF-8.
func guessEncoding(buf []byte) string {
	end := len(buf)
	// Back up over at most 3 trailing bytes of an incomplete rune.
	for k := 0; k < utf8.UTFMax-1 && end > 0; k++ {
		if utf8.FullRune(buf[lastRuneStart(buf[:end]):end]) {
			break
		}
		end = lastRuneStart(buf[:end])
	}
	if utf8.Valid(buf[:end]) {
		return "utf-8"
	}
	return "gb18030"
}

func lastRuneStart(b []byte) int {
	i := len(b) - 1
	for i > 0 && i > len(b)-utf8.UTFMax && !utf8.RuneStart(b[i]) {
		i--
	}
	if i < 0 {
		return 0
	}
	return i
}
