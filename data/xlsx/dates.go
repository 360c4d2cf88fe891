package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Layouts of converted date cells.
const (
	DateTimeLayout = "2006-01-02 15:04:05"
	DateLayout     = "2006-01-02"
)

// builtinDate reports whether a built-in number format id is a date or time
// format. 14–22 and 45–47 in every locale; 27–36 and 50–58 are the CJK
// locale date formats (年/月/日, 时/分) that Chinese Excel writes without a
// <numFmt> definition.
func builtinDate(id int) bool {
	switch {
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return true
	}
	return false
}

// isDateFormat reports whether a custom format code shows a date or time:
// it holds y, m, d, h or s outside quoted text, escapes and [...] sections
// (except the elapsed-time brackets [h] [mm] [ss]).
func isDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return true
			}
			i += j
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}

// parseStyles returns, per cellXfs index, whether the style is a date format.
func parseStyles(r io.Reader) ([]bool, error) {
	d := xml.NewDecoder(r)
	custom := map[int]string{}
	var xfIDs []int
	depth, xfsDepth := 0, -1
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("styles: %w: %w", ErrCorrupt, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "numFmt":
				id, err := strconv.Atoi(attr(t, "numFmtId"))
				if err == nil {
					custom[id] = attr(t, "formatCode")
				}
			case "cellXfs":
				xfsDepth = depth
			case "xf":
				if xfsDepth >= 0 && depth == xfsDepth+1 {
					id, _ := strconv.Atoi(attr(t, "numFmtId")) // none or not a number: 0, General
					xfIDs = append(xfIDs, id)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" && depth == xfsDepth {
				xfsDepth = -1
			}
			depth--
		}
	}
	dates := make([]bool, len(xfIDs))
	for i, id := range xfIDs {
		if code, ok := custom[id]; ok {
			dates[i] = isDateFormat(code)
		} else {
			dates[i] = builtinDate(id)
		}
	}
	return dates, nil
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialToTime converts an Excel serial date to a wall-clock time (no zone),
// rounded to the second. In the 1900 system serials 1–59 sit one day off
// because Excel counts the non-existent 1900-02-29 (serial 60, mapped to
// 1900-02-28 here).
func serialToTime(v float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(v) || v < 0 || v >= 2958466 {
		return time.Time{}, false
	}
	days := math.Floor(v)
	secs := math.Round((v - days) * 86400)
	base := epoch1900
	switch {
	case date1904:
		base = epoch1904
	case days >= 1 && days < 60:
		base = epoch1900.AddDate(0, 0, 1)
	}
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// appendSerial formats the serial in raw as a date (or date and time) and
// appends it to dst. ok is false when raw is not a usable serial.
func appendSerial(dst, raw []byte, date1904 bool) ([]byte, bool) {
	v, err := strconv.ParseFloat(string(trimSpace(raw)), 64)
	if err != nil {
		return dst, false
	}
	t, ok := serialToTime(v, date1904)
	if !ok {
		return dst, false
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.AppendFormat(dst, DateLayout), true
	}
	return t.AppendFormat(dst, DateTimeLayout), true
}

// appendISODate converts the ISO 8601 text of a t="d" cell to the same
// layout as serial dates.
func appendISODate(dst, raw []byte) ([]byte, bool) {
	s := string(trimSpace(raw))
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02", "15:04:05"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && len(s) <= 10 {
			return t.AppendFormat(dst, DateLayout), true
		}
		return t.AppendFormat(dst, DateTimeLayout), true
	}
	return dst, false
}
