package xlsx

import (
	"fmt"
	"strconv"
)

// maxCols is Excel's column limit (XFD); a reference beyond it is corrupt and
// must not make us allocate a huge row.
const maxCols = 16384

// sheetOpts is what the scanner needs to know about the workbook.
type sheetOpts struct {
	sst      *sstTable
	dates    []bool // per style index: numeric cells are dates
	date1904 bool
}

// cell value kinds, from the t attribute.
const (
	cNumber = iota
	cShared
	cInline
	cFormulaStr
	cBool
	cError
	cISODate
)

type span struct{ a, b int32 }

// scanSheet streams the rows of a worksheet part to fn. See Workbook.Rows.
func scanSheet(s *scanner, o sheetOpts, fn func(rowNum int, cells []string) error) error {
	r := &sheetReader{s: s, o: o, fn: fn}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		done := false
		switch k {
		case tEOF:
			if r.inRow || (r.sawData && !r.doneData) {
				return fmt.Errorf("%w: worksheet ends inside sheetData", ErrCorrupt)
			}
			return nil
		case tText:
			err = r.text()
		case tStart:
			done, err = r.start()
		case tEnd:
			done, err = r.end()
		}
		if err != nil || done {
			return err
		}
	}
}

// sheetReader is scanSheet's state: where in the sheet the scanner is,
// and the row being read.
type sheetReader struct {
	s  *scanner
	o  sheetOpts
	fn func(rowNum int, cells []string) error

	rowNum        int
	inRow, inCell bool
	col           int
	cells         []string
	spans         []span
	buf           []byte // decoded text of the current row
	c             cellState

	sawData, doneData bool
	rowsSinceCtxCheck int
}

// cellState is what is known of the cell being read: its kind and style,
// which of its elements the scanner is in, and where its value and inline
// string lie in the row's text.
type cellState struct {
	kind, style      int
	inV, inIs, inT   bool
	rph              int // depth of phonetic runs (rPh), whose text is not the value
	vA, vB, isA, isB int
	hasV, hasIs      bool
}

// text collects the text of a value or an inline string.
func (r *sheetReader) text() error {
	if r.c.inV || r.c.inT {
		r.buf = appendText(r.buf, r.s.text, !r.s.cdata)
		if len(r.buf) > 1<<30 {
			return fmt.Errorf("%w: row %d too large", ErrCorrupt, r.rowNum)
		}
	}
	return nil
}

// start handles an opening tag; done means nothing after it holds cells.
func (r *sheetReader) start() (done bool, err error) {
	s, c := r.s, &r.c
	switch string(s.name) {
	case "c":
		return false, r.startCell()
	case "v":
		if r.inCell && !c.inIs {
			c.hasV = true
			c.vA, c.vB = len(r.buf), len(r.buf)
			c.inV = !s.selfClose
		}
	case "is":
		if r.inCell {
			c.hasIs = true
			c.isA, c.isB = len(r.buf), len(r.buf)
			c.inIs = !s.selfClose
		}
	case "t":
		c.inT = c.inIs && c.rph == 0 && !s.selfClose
	case "rPh":
		if c.inIs && !s.selfClose {
			c.rph++
		}
	case "row":
		r.startRow()
	case "sheetData":
		r.sawData = true
		return s.selfClose, nil
	}
	return false, nil
}

func (r *sheetReader) startRow() {
	s := r.s
	var rowAttrR []byte
	for a := s.attrs; ; {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		if string(name) == "r" {
			rowAttrR = val
			break
		}
		a = rest
	}
	if n, ok := atoi(rowAttrR); ok && n > 0 {
		r.rowNum = n
	} else {
		r.rowNum++
	}
	if s.selfClose {
		return
	}
	r.inRow, r.inCell = true, false
	r.col = -1
	r.cells, r.spans, r.buf = r.cells[:0], r.spans[:0], r.buf[:0]
}

func (r *sheetReader) startCell() error {
	s := r.s
	if !r.inRow {
		return nil
	}
	var cellRef, cellType, cellStyl []byte
	for a := s.attrs; ; {
		name, val, rest, ok := nextAttr(a)
		if !ok {
			break
		}
		switch string(name) {
		case "r":
			cellRef = val
		case "t":
			cellType = val
		case "s":
			cellStyl = val
		}
		a = rest
	}
	if c, ok := colIndex(cellRef); ok {
		r.col = c
	} else {
		r.col++
	}
	if r.col >= maxCols {
		return fmt.Errorf("%w: row %d: column beyond XFD", ErrCorrupt, r.rowNum)
	}
	for len(r.cells) <= r.col {
		r.cells = append(r.cells, "")
		r.spans = append(r.spans, span{-1, -1})
	}
	r.cells[r.col], r.spans[r.col] = "", span{-1, -1}
	if s.selfClose {
		return nil
	}
	r.inCell = true
	n := len(r.buf)
	r.c = cellState{kind: cellKind(cellType), style: -1, vA: n, vB: n, isA: n, isB: n}
	if len(cellStyl) > 0 {
		if n, ok := atoi(cellStyl); ok {
			r.c.style = n
		}
	}
	if text, inline, ok := s.fastText(); ok {
		r.buf = appendText(r.buf, text, true)
		if inline {
			r.c.hasIs, r.c.isB = true, len(r.buf)
		} else {
			r.c.hasV, r.c.vB = true, len(r.buf)
		}
		r.inCell = false
		return r.finishCell()
	}
	return nil
}

func (r *sheetReader) finishCell() error {
	c := &r.c
	var err error
	r.buf, err = finishCell(r.buf, r.cells, r.spans, r.col, c.kind, c.style, r.o, c.hasV, c.hasIs, c.vA, c.vB, c.isA, c.isB)
	if err != nil {
		return fmt.Errorf("row %d: %w", r.rowNum, err)
	}
	return nil
}

// end handles a closing tag; done means nothing after it holds cells.
func (r *sheetReader) end() (done bool, err error) {
	c := &r.c
	switch string(r.s.name) {
	case "v":
		if c.inV {
			c.inV, c.vB = false, len(r.buf)
		}
	case "t":
		c.inT = false
	case "rPh":
		if c.rph > 0 {
			c.rph--
		}
	case "is":
		if c.inIs {
			c.inIs, c.inT, c.isB = false, false, len(r.buf)
		}
	case "c":
		if !r.inCell {
			return false, nil
		}
		if c.inV {
			c.inV, c.vB = false, len(r.buf)
		}
		if c.inIs {
			c.inIs, c.isB = false, len(r.buf)
		}
		r.inCell, c.inT = false, false
		return false, r.finishCell()
	case "row":
		return false, r.endRow()
	case "sheetData":
		// Nothing after sheetData holds cells.
		r.doneData = true
		return true, nil
	}
	return false, nil
}

// endRow hands a finished row to fn.
func (r *sheetReader) endRow() error {
	if !r.inRow {
		return nil
	}
	r.inRow, r.inCell = false, false
	r.c.inV, r.c.inIs, r.c.inT = false, false, false
	last := -1
	for i := len(r.cells) - 1; i >= 0; i-- {
		if r.cells[i] != "" || r.spans[i].b > r.spans[i].a {
			last = i
			break
		}
	}
	if last < 0 {
		return nil
	}
	cells, spans := r.cells[:last+1], r.spans[:last+1]
	// One allocation per row: every buffered cell is a substring of the
	// row's text.
	text := string(r.buf)
	for i, sp := range spans {
		if sp.a >= 0 {
			cells[i] = text[sp.a:sp.b]
		}
	}
	if err := r.fn(r.rowNum, cells); err != nil {
		return err
	}
	r.rowsSinceCtxCheck++
	if r.rowsSinceCtxCheck >= 1024 && r.s.ctx != nil {
		r.rowsSinceCtxCheck = 0
		if err := r.s.ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// finishCell turns the text collected for one cell (in buf from vA or isA to
// the end) into its value.
func finishCell(buf []byte, cells []string, spans []span, col, kind, style int, o sheetOpts,
	hasV, hasIs bool, vA, vB, isA, isB int) ([]byte, error) {
	start := min(vA, isA)
	a, b := vA, vB
	if kind == cInline && hasIs {
		a, b = isA, isB
	} else if !hasV {
		return buf[:start], nil
	}
	switch kind {
	case cShared:
		n, ok := atoi(trimSpace(buf[a:b]))
		if !ok {
			return buf, fmt.Errorf("%w: bad shared string index %q", ErrCorrupt, buf[a:b])
		}
		if o.sst == nil {
			return buf, fmt.Errorf("%w: shared string %d but no shared strings table", ErrCorrupt, n)
		}
		v, ok := o.sst.get(n)
		if !ok {
			return buf, fmt.Errorf("%w: shared string index %d out of range (%d strings)", ErrCorrupt, n, o.sst.Len())
		}
		cells[col] = v
		return buf[:start], nil
	case cBool:
		switch string(trimSpace(buf[a:b])) {
		case "1", "true":
			cells[col] = "TRUE"
			return buf[:start], nil
		case "0", "false":
			cells[col] = "FALSE"
			return buf[:start], nil
		}
	case cInline, cFormulaStr:
		// Decode in place; the decoded text is never longer.
		dec := decodeEscapes(buf[a:b])
		n := copy(buf[start:], dec)
		spans[col] = span{int32(start), int32(start + n)}
		return buf[:start+n], nil
	case cNumber:
		if style >= 0 && style < len(o.dates) && o.dates[style] && b > a {
			// appendSerial parses before it appends, so writing over the
			// raw text is safe: copy the raw text out of the way first.
			var tmp [64]byte
			raw := append(tmp[:0], buf[a:b]...)
			if out, ok := appendSerial(buf[:start], raw, o.date1904); ok {
				spans[col] = span{int32(start), int32(len(out))}
				return out, nil
			}
		}
	case cISODate:
		var tmp [64]byte
		raw := append(tmp[:0], buf[a:b]...)
		if out, ok := appendISODate(buf[:start], raw); ok {
			spans[col] = span{int32(start), int32(len(out))}
			return out, nil
		}
	}
	n := copy(buf[start:], buf[a:b])
	spans[col] = span{int32(start), int32(start + n)}
	return buf[:start+n], nil
}

func cellKind(t []byte) int {
	switch string(t) {
	case "s":
		return cShared
	case "inlineStr":
		return cInline
	case "str":
		return cFormulaStr
	case "b":
		return cBool
	case "e":
		return cError
	case "d":
		return cISODate
	}
	return cNumber
}

// colIndex parses the column letters of a reference like "AB12" (0-based).
func colIndex(ref []byte) (int, bool) {
	c, i := 0, 0
	for ; i < len(ref); i++ {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		c = c*26 + int(ch-'a') + 1
		if c > maxCols {
			return maxCols, true
		}
	}
	if i == 0 {
		return 0, false
	}
	return c - 1, true
}

// atoi parses a small non-negative decimal; no allocation.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		if len(b) > 10 {
			if n, err := strconv.Atoi(string(b)); err == nil && n >= 0 {
				return n, true
			}
		}
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
