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
	var (
		rowNum             int
		inRow, inCell      bool
		col                int
		cells              []string
		spans              []span
		buf                []byte // decoded text of the current row
		kind               int
		style              int
		inV, inIs, inT     bool
		rph                int
		vA, vB, isA, isB   int
		hasV, hasIs        bool
		sawData, doneData  bool
		rowsSinceCtxCheck  int
		rowAttrR, cellRef  []byte
		cellType, cellStyl []byte
	)
	setCell := func(c int) {
		for len(cells) <= c {
			cells = append(cells, "")
			spans = append(spans, span{-1, -1})
		}
	}
	for {
		k, err := s.next()
		if err != nil {
			return err
		}
		switch k {
		case tEOF:
			if inRow || (sawData && !doneData) {
				return fmt.Errorf("%w: worksheet ends inside sheetData", ErrCorrupt)
			}
			return nil
		case tText:
			if inV || inT {
				buf = appendText(buf, s.text, !s.cdata)
				if len(buf) > 1<<30 {
					return fmt.Errorf("%w: row %d too large", ErrCorrupt, rowNum)
				}
			}
		case tStart:
			switch string(s.name) {
			case "c":
				if !inRow {
					continue
				}
				cellRef, cellType, cellStyl = nil, nil, nil
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
					col = c
				} else {
					col++
				}
				if col >= maxCols {
					return fmt.Errorf("%w: row %d: column beyond XFD", ErrCorrupt, rowNum)
				}
				setCell(col)
				cells[col], spans[col] = "", span{-1, -1}
				if s.selfClose {
					continue
				}
				inCell, inV, inIs, inT, rph = true, false, false, false, 0
				hasV, hasIs = false, false
				vA, vB, isA, isB = len(buf), len(buf), len(buf), len(buf)
				kind = cellKind(cellType)
				style = -1
				if len(cellStyl) > 0 {
					if n, ok := atoi(cellStyl); ok {
						style = n
					}
				}
				if text, inline, ok := s.fastText(); ok {
					buf = appendText(buf, text, true)
					if inline {
						hasIs, isB = true, len(buf)
					} else {
						hasV, vB = true, len(buf)
					}
					inCell = false
					var err error
					buf, err = finishCell(buf, cells, spans, col, kind, style, o, hasV, hasIs, vA, vB, isA, isB)
					if err != nil {
						return fmt.Errorf("row %d: %w", rowNum, err)
					}
				}
			case "v":
				if inCell && !inIs {
					hasV = true
					vA, vB = len(buf), len(buf)
					inV = !s.selfClose
				}
			case "is":
				if inCell {
					hasIs = true
					isA, isB = len(buf), len(buf)
					inIs = !s.selfClose
				}
			case "t":
				inT = inIs && rph == 0 && !s.selfClose
			case "rPh":
				if inIs && !s.selfClose {
					rph++
				}
			case "row":
				rowAttrR = nil
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
					rowNum = n
				} else {
					rowNum++
				}
				if s.selfClose {
					continue
				}
				inRow, inCell = true, false
				col = -1
				cells, spans, buf = cells[:0], spans[:0], buf[:0]
			case "sheetData":
				sawData = true
				if s.selfClose {
					return nil
				}
			}
		case tEnd:
			switch string(s.name) {
			case "v":
				if inV {
					inV, vB = false, len(buf)
				}
			case "t":
				inT = false
			case "rPh":
				if rph > 0 {
					rph--
				}
			case "is":
				if inIs {
					inIs, inT, isB = false, false, len(buf)
				}
			case "c":
				if !inCell {
					continue
				}
				if inV {
					inV, vB = false, len(buf)
				}
				if inIs {
					inIs, isB = false, len(buf)
				}
				inCell, inT = false, false
				var err error
				buf, err = finishCell(buf, cells, spans, col, kind, style, o, hasV, hasIs, vA, vB, isA, isB)
				if err != nil {
					return fmt.Errorf("row %d: %w", rowNum, err)
				}
			case "row":
				if !inRow {
					continue
				}
				inRow, inCell, inV, inIs, inT = false, false, false, false, false
				last := -1
				for i := len(cells) - 1; i >= 0; i-- {
					if cells[i] != "" || spans[i].b > spans[i].a {
						last = i
						break
					}
				}
				if last < 0 {
					continue
				}
				cells, spans = cells[:last+1], spans[:last+1]
				// One allocation per row: every buffered cell is a
				// substring of the row's text.
				text := string(buf)
				for i, sp := range spans {
					if sp.a >= 0 {
						cells[i] = text[sp.a:sp.b]
					}
				}
				if err := fn(rowNum, cells); err != nil {
					return err
				}
				rowsSinceCtxCheck++
				if rowsSinceCtxCheck >= 1024 && s.ctx != nil {
					rowsSinceCtxCheck = 0
					if err := s.ctx.Err(); err != nil {
						return err
					}
				}
			case "sheetData":
				// Nothing after sheetData holds cells.
				doneData = true
				return nil
			}
		}
	}
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
