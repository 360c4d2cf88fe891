package xlsx

import (
	"bytes"
	"unicode/utf8"
)

// tagEnd finds the '>' closing the tag at d[0], skipping quoted values.
func tagEnd(d []byte) int {
	var q byte
	for i := 1; i < len(d); i++ {
		c := d[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i
		}
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// localName drops a namespace prefix: some writers emit <x:c> instead of <c>.
func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// nextAttr returns the first attribute of a and the rest of a. ok is false
// when no well-formed attribute is left.
func nextAttr(a []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	a = a[i:]
	eq := bytes.IndexByte(a, '=')
	if eq <= 0 {
		return nil, nil, nil, false
	}
	name = trimSpace(a[:eq])
	a = a[eq+1:]
	i = 0
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if i >= len(a) || (a[i] != '"' && a[i] != '\'') {
		return nil, nil, nil, false
	}
	q := a[i]
	a = a[i+1:]
	end := bytes.IndexByte(a, q)
	if end < 0 {
		return nil, nil, nil, false
	}
	return name, a[:end], a[end+1:], true
}

// appendText appends XML character data to dst, decoding entities and
// character references and normalising line ends as an XML parser must
// (CR LF and lone CR become LF). Unknown entities are kept literally.
func appendText(dst, raw []byte, entities bool) []byte {
	start := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '&' && c != '\r' {
			continue
		}
		if c == '&' && !entities {
			continue
		}
		dst = append(dst, raw[start:i]...)
		if c == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			start = i + 1
			continue
		}
		lim := min(len(raw), i+12)
		j := bytes.IndexByte(raw[i:lim], ';')
		if j < 0 {
			dst = append(dst, '&')
			start = i + 1
			continue
		}
		if r, ok := entity(raw[i+1 : i+j]); ok {
			dst = utf8.AppendRune(dst, r)
		} else {
			dst = append(dst, raw[i:i+j+1]...)
		}
		i += j
		start = i + 1
	}
	return append(dst, raw[start:]...)
}

func entity(e []byte) (rune, bool) {
	switch string(e) {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(e) < 2 || e[0] != '#' {
		return 0, false
	}
	var v rune
	if e[1] == 'x' || e[1] == 'X' {
		if len(e) == 2 {
			return 0, false
		}
		for _, c := range e[2:] {
			h, ok := hexVal(c)
			if !ok || v > 0x10FFFF {
				return 0, false
			}
			v = v*16 + rune(h)
		}
	} else {
		for _, c := range e[1:] {
			if c < '0' || c > '9' || v > 0x10FFFF {
				return 0, false
			}
			v = v*10 + rune(c-'0')
		}
	}
	if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
		return 0, false
	}
	return v, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeEscapes decodes the _xHHHH_ escapes Excel uses for characters XML
// cannot carry (most often _x000D_ for CR) in place and returns the shortened
// slice. Like excelize, a lone surrogate escape is dropped.
func decodeEscapes(b []byte) []byte {
	if bytes.Index(b, []byte("_x")) < 0 {
		return b
	}
	w := 0
	for r := 0; r < len(b); {
		if v, ok := escapeAt(b, r); ok {
			r += 7
			if v >= 0xD800 && v <= 0xDBFF {
				if lo, ok := escapeAt(b, r); ok && lo >= 0xDC00 && lo <= 0xDFFF {
					r += 7
					w += utf8.EncodeRune(b[w:], 0x10000+(v-0xD800)<<10+(lo-0xDC00))
				}
				continue
			}
			if v >= 0xDC00 && v <= 0xDFFF {
				continue
			}
			w += utf8.EncodeRune(b[w:], v)
			continue
		}
		b[w] = b[r]
		w++
		r++
	}
	return b[:w]
}

func escapeAt(b []byte, i int) (rune, bool) {
	if i+7 > len(b) || b[i] != '_' || b[i+1] != 'x' || b[i+6] != '_' {
		return 0, false
	}
	var v rune
	for _, c := range b[i+2 : i+6] {
		h, ok := hexVal(c)
		if !ok {
			return 0, false
		}
		v = v*16 + rune(h)
	}
	return v, true
}
