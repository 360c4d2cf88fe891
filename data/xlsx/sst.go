package xlsx

import (
	"fmt"
)

// sstTable holds the shared strings compactly: the text lives in 1 MiB string
// blocks and each entry is one packed uint64 (block<<40 | offset<<20 | len),
// so a million strings cost their bytes plus 8 bytes each, and a cell value is
// a substring of a block (no allocation per cell).
type sstTable struct {
	blocks []string
	idx    []uint64
	big    map[int]string // strings of 1 MiB or more
	cur    []byte
}

const (
	sstBlock   = 1 << 20
	sstBigMark = ^uint64(0)
)

func (t *sstTable) add(b []byte) {
	if len(b) == 0 {
		t.idx = append(t.idx, 0)
		return
	}
	if len(b) >= sstBlock {
		if t.big == nil {
			t.big = make(map[int]string)
		}
		t.big[len(t.idx)] = string(b)
		t.idx = append(t.idx, sstBigMark)
		return
	}
	if len(t.cur)+len(b) > sstBlock {
		t.flush()
	}
	if t.cur == nil {
		t.cur = make([]byte, 0, sstBlock)
	}
	t.idx = append(t.idx, uint64(len(t.blocks))<<40|uint64(len(t.cur))<<20|uint64(len(b)))
	t.cur = append(t.cur, b...)
}

func (t *sstTable) flush() {
	if len(t.cur) > 0 {
		t.blocks = append(t.blocks, string(t.cur))
		t.cur = t.cur[:0]
	}
}

func (t *sstTable) finish() {
	t.flush()
	t.cur = nil
	if cap(t.idx) > len(t.idx)+len(t.idx)/8 {
		t.idx = append([]uint64(nil), t.idx...)
	}
}

// Len is the number of shared strings.
func (t *sstTable) Len() int { return len(t.idx) }

func (t *sstTable) get(i int) (string, bool) {
	if i < 0 || i >= len(t.idx) {
		return "", false
	}
	e := t.idx[i]
	if e == sstBigMark {
		return t.big[i], true
	}
	n := e & (1<<20 - 1)
	if n == 0 {
		return "", true
	}
	off := (e >> 20) & (1<<20 - 1)
	return t.blocks[e>>40][off : off+n], true
}

// parseSST reads a sharedStrings part. The count attributes are ignored:
// writers get them wrong, and a lying uniqueCount must not size memory.
// sizeHint (the part's uncompressed size) bounds the initial index capacity.
func parseSST(s *scanner, sizeHint int64) (*sstTable, error) {
	t := &sstTable{}
	if sizeHint > 0 {
		// An <si><t>x</t></si> takes at least 18 bytes; assume ~40.
		t.idx = make([]uint64, 0, min(sizeHint/40, 1<<26))
	}
	var (
		inSI, inT bool
		rph       int
		scratch   []byte
	)
	for {
		k, err := s.next()
		if err != nil {
			return nil, fmt.Errorf("shared strings: %w", err)
		}
		switch k {
		case tEOF:
			if inSI {
				return nil, fmt.Errorf("shared strings: %w: unexpected end of XML", ErrCorrupt)
			}
			t.finish()
			return t, nil
		case tStart:
			switch string(s.name) {
			case "si":
				if s.selfClose {
					t.add(nil)
					continue
				}
				inSI, inT, rph = true, false, 0
				scratch = scratch[:0]
			case "t":
				inT = inSI && rph == 0 && !s.selfClose
			case "rPh":
				if inSI && !s.selfClose {
					rph++
				}
			}
		case tEnd:
			switch string(s.name) {
			case "t":
				inT = false
			case "rPh":
				if rph > 0 {
					rph--
				}
			case "si":
				if inSI {
					t.add(decodeEscapes(scratch))
					inSI, inT = false, false
				}
			}
		case tText:
			if inT {
				scratch = appendText(scratch, s.text, !s.cdata)
			}
		}
	}
}
