package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readAll collects the rows of sheet i (cells copied, since Rows reuses the slice).
func readAll(t testing.TB, w *Workbook, i int) map[int][]string {
	t.Helper()
	got := map[int][]string{}
	err := w.Rows(context.Background(), i, func(n int, cells []string) error {
		if _, dup := got[n]; dup {
			t.Errorf("row %d delivered twice", n)
		}
		got[n] = append([]string(nil), cells...)
		return nil
	})
	if err != nil {
		t.Fatalf("Rows(%d): %v", i, err)
	}
	return got
}

func trimRight(r []string) []string {
	for len(r) > 0 && r[len(r)-1] == "" {
		r = r[:len(r)-1]
	}
	return r
}

// excelizeIsDate decides independently of our style code whether excelize
// sees a date format on the cell.
func excelizeIsDate(t *testing.T, f *excelize.File, sheet, cell string) bool {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		code := strings.ToLower(*st.CustomNumFmt)
		return strings.ContainsAny(code, "ymdhs")
	}
	return (st.NumFmt >= 14 && st.NumFmt <= 22) || (st.NumFmt >= 45 && st.NumFmt <= 47)
}

func TestAgreesWithExcelize(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xlsx")
	if len(files) < 6 {
		t.Fatalf("want the 6 sample files in testdata, found %d", len(files))
	}
	wantDates := map[string]bool{"jd_orders.xlsx": true, "youzan_orders.xlsx": true}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			w, err := Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			ef, err := excelize.OpenFile(file)
			if err != nil {
				t.Fatal(err)
			}
			defer ef.Close()
			if !reflect.DeepEqual(w.Sheets(), ef.GetSheetList()) {
				t.Fatalf("sheets %q, excelize %q", w.Sheets(), ef.GetSheetList())
			}
			dates := 0
			for si, name := range w.Sheets() {
				got := readAll(t, w, si)
				want, err := ef.GetRows(name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for ri, wr := range want {
					wr = trimRight(wr)
					gr, ok := got[ri+1]
					if len(wr) == 0 {
						if ok {
							t.Errorf("row %d: got %q, excelize has an empty row", ri+1, gr)
						}
						continue
					}
					if !ok {
						t.Errorf("row %d missing", ri+1)
						continue
					}
					if len(gr) != len(wr) {
						t.Errorf("row %d: %d cells, excelize %d", ri+1, len(gr), len(wr))
						continue
					}
					for ci := range wr {
						cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
						isDate := wr[ci] != "" && excelizeIsDate(t, ef, name, cell)
						if !isDate {
							if gr[ci] != wr[ci] {
								t.Errorf("%s: got %q, excelize %q", cell, gr[ci], wr[ci])
							}
							continue
						}
						dates++
						serial, err := strconv.ParseFloat(wr[ci], 64)
						if err != nil {
							t.Fatalf("%s: date cell with raw value %q", cell, wr[ci])
						}
						wantT, _ := excelize.ExcelDateToTime(serial, false)
						gotT, err := time.Parse(DateTimeLayout, gr[ci])
						if err != nil {
							gotT, err = time.Parse(DateLayout, gr[ci])
						}
						if err != nil || !gotT.Equal(wantT) {
							t.Errorf("%s: got %q, excelize serial %s = %v", cell, gr[ci], wr[ci], wantT)
						}
					}
				}
				for n := range got {
					if n > len(want) {
						t.Errorf("row %d beyond excelize's %d rows", n, len(want))
					}
				}
			}
			if wantDates[filepath.Base(file)] && dates == 0 {
				t.Error("expected date cells in this file, found none")
			}
		})
	}
}

// makeZip builds an xlsx-like zip from part name → content, in the given order.
func makeZip(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		f, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	hdr   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsM   = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS = `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"`
	relT  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
)

func rootRels() string {
	return hdr + `<Relationships ` + relNS + `><Relationship Id="rId1" Type="` + relT + `officeDocument" Target="xl/workbook.xml"/></Relationships>`
}

// trickyBook: a hidden first sheet at an absolute target, the data on the
// second sheet, a shared strings table with rich and phonetic runs, escapes
// and entities and a lying uniqueCount, custom and built-in date styles.
func trickyBook(t testing.TB, date1904 bool, sheetXML string) []byte {
	pr := `<workbookPr/>`
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	sst := hdr + `<sst ` + nsM + ` count="2" uniqueCount="2">` +
		`<si><t>订单编号</t></si>` +
		`<si><r><rPr><b/></rPr><t xml:space="preserve">Hello </t></r><r><t>World</t></r><rPh sb="0" eb="1"><t>ハロー</t></rPh><phoneticPr fontId="1"/></si>` +
		`<si><t>line1_x000D_&#10;line2_x005F_x000D_</t></si>` +
		`<si><t>A&amp;B &lt;c&gt; &quot;q&quot; &apos;s&apos; &#x4E2D;&#25991;</t></si>` +
		`<si><t xml:space="preserve">  padded  </t></si>` +
		`<si/>` +
		`<si><t><![CDATA[<raw & cdata>]]></t></si>` +
		`</sst>`
	styles := hdr + `<styleSheet ` + nsM + `><numFmts count="3">` +
		`<numFmt numFmtId="164" formatCode="yyyy/m/d h:mm"/>` +
		`<numFmt numFmtId="165" formatCode="0.00_);[Red]\(0.00\)"/>` +
		`<numFmt numFmtId="166" formatCode="&quot;Date:&quot; 0"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>` +
		`<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/></cellXfs></styleSheet>`
	return makeZip(t,
		"[Content_Types].xml", hdr+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels", rootRels(),
		"xl/workbook.xml", hdr+`<workbook `+nsM+`>`+pr+`<sheets><sheet name="Cover" sheetId="3" state="hidden" r:id="rId7"/><sheet name="数据" sheetId="1" r:id="rId2"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", hdr+`<Relationships `+relNS+`>`+
			`<Relationship Id="rId2" Type="`+relT+`worksheet" Target="worksheets/data.xml"/>`+
			`<Relationship Id="rId7" Type="`+relT+`worksheet" Target="/xl/worksheets/cover.xml"/>`+
			`<Relationship Id="rId3" Type="`+relT+`styles" Target="styles.xml"/>`+
			`<Relationship Id="rId4" Type="`+relT+`sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/cover.xml", hdr+`<worksheet `+nsM+`><dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>cover</t></is></c></row></sheetData></worksheet>`,
		"xl/worksheets/data.xml", sheetXML,
		"xl/styles.xml", styles,
		"xl/sharedStrings.xml", sst,
	)
}

const trickySheet = hdr + `<worksheet ` + nsM + `><dimension ref="A1:B2"/><sheetData>` +
	`<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c t="s"><v>2</v></c></row>` +
	`<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"/><c r="C3" t="inlineStr"><is><t>inline</t></is></c>` +
	`<c r="D3" t="inlineStr"><is><r><t>ri</t></r><r><rPr/><t>ch</t></r><rPh><t>x</t></rPh></is></c><c r="E3" t="s"><v>4</v></c><c r="F3" t="s"><v>5</v></c><c r="G3" t="s"><v>6</v></c></row>` +
	`<row><c r="A4"><v>1.23456789012346E+17</v></c><c r="B4"><v>20261115123456789</v></c><c r="C4" t="b"><v>1</v></c>` +
	`<c r="D4" t="e"><v>#N/A</v></c><c r="E4" t="str"><f>A1&amp;"x"</f><v>formula_x000D_text</v></c><c r="F4" t="b"><v>0</v></c></row>` +
	`<row r="5"><c r="A5" s="1"><v>46086</v></c><c r="B5" s="2"><v>46086.599421296298</v></c><c r="C5" s="3"><v>46086.5</v></c>` +
	`<c r="D5" s="4"><v>7</v></c><c r="E5" s="5"><v>46086.25</v></c><c r="F5" s="1" t="s"><v>0</v></c><c r="G5" s="99"><v>3</v></c></row>` +
	`<row r="8"><c r="A8"/><c r="B8" t="s"/><c r="C8"><f>1+1</f></c></row>` +
	`<row r="9" ht="20" customHeight="1"><c r="B9" t="inlineStr"><is><t>b9 &gt; a9</t></is></c><c r="A9"><v>-1.5</v></c></row>` +
	"<row r='10'><c r='C10' t='inlineStr' attr='a>b'><is><t>single quotes</t></is></c></row>" +
	`<row r="11"/>` +
	`</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`

func TestTrickyBook(t *testing.T) {
	data := trickyBook(t, false, trickySheet)
	w, err := OpenReaderAt(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Sheets(), []string{"Cover", "数据"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if got := readAll(t, w, 0); !reflect.DeepEqual(got, map[int][]string{1: {"cover"}}) {
		t.Errorf("cover sheet: %v", got)
	}
	want := map[int][]string{
		1:  {"订单编号", "Hello World", "line1\r\nline2_x000D_"},
		3:  {`A&B <c> "q" 's' 中文`, "", "inline", "rich", "  padded  ", "", "<raw & cdata>"},
		4:  {"1.23456789012346E+17", "20261115123456789", "TRUE", "#N/A", "formula\rtext", "FALSE"},
		5:  {"2026-03-05", "2026-03-05 14:23:10", "46086.5", "7", "2026-03-05 06:00:00", "订单编号", "3"},
		9:  {"-1.5", "b9 > a9"},
		10: {"", "", "single quotes"},
	}
	got := readAll(t, w, 1)
	for n, row := range want {
		if !reflect.DeepEqual(got[n], row) {
			t.Errorf("row %d:\n got %q\nwant %q", n, got[n], row)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("unexpected row %d: %q", n, got[n])
		}
	}
	if w.SheetSize(1) != int64(len(trickySheet)) {
		t.Errorf("SheetSize = %d, want %d", w.SheetSize(1), len(trickySheet))
	}
	if w.Consumed() != int64(len(trickySheet)) {
		t.Errorf("Consumed = %d after the scan, want %d", w.Consumed(), len(trickySheet))
	}
	if err := w.Rows(context.Background(), 2, func(int, []string) error { return nil }); !errors.Is(err, ErrSheetIndex) {
		t.Errorf("sheet 2: %v", err)
	}
}

func TestDate1904AndPrefixes(t *testing.T) {
	// 1904 system: serial 0 is 1904-01-01 and 2026-03-05 is 46086-1462.
	sheetXML := hdr + `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c><x:c r="B2" s="2"><x:v>44624.75</x:v></x:c>` +
		`<x:c r="C2" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`
	data := trickyBook(t, true, sheetXML)
	w, err := OpenReaderAt(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, w, 1)
	want := map[int][]string{2: {"1904-01-01", "2026-03-05 18:00:00", "p"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy/m/d h:mm": true, `yyyy"年"m"月"d"日"`: true, "[h]:mm:ss": true, "mm:ss": true,
		"[$-804]yyyy-mm-dd": true, "General": false, "0.00": false, `#,##0.00_);[Red]\(#,##0.00\)`: false,
		`"Date:" 0`: false, `0.0 \d`: false, "@": false, "0.00E+00": false, `[Red]0`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestFnErrorAndCancel(t *testing.T) {
	data := trickyBook(t, false, trickySheet)
	w, err := OpenReaderAt(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	err = w.Rows(context.Background(), 1, func(int, []string) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("err %v after %d calls, want stop after 1", err, calls)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Rows(ctx, 1, func(int, []string) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	sample, err := os.ReadFile("testdata/taobao_orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rnd := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(r.Uint32())
	}
	noWB := makeZip(t, "word/document.xml", "<w:document/>", "_rels/.rels", rootRels())
	noSheets := makeZip(t, "xl/workbook.xml", hdr+`<workbook `+nsM+`><sheets/></workbook>`)
	badXML := makeZip(t, "xl/workbook.xml", hdr+`<workbook `+nsM+`><sheets><sheet name="a" r:id="rId1"`)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotXLSX},
		{"random", rnd, ErrNotXLSX},
		{"text", []byte("订单编号,买家会员名\r\n1,2\r\n"), ErrNotXLSX},
		{"truncated zip", sample[:len(sample)/2], ErrCorrupt},
		{"zip without workbook", noWB, ErrNotXLSX},
		{"workbook without sheets", noSheets, ErrNoSheets},
		{"broken workbook xml", badXML, ErrCorrupt},
		{"bare CFB header", append(append([]byte{}, cfbMagic...), make([]byte, 504)...), ErrLegacyXLS},
		{"legacy xls", makeCFB(t, "Workbook"), ErrLegacyXLS},
		{"encrypted xlsx", makeCFB(t, "EncryptionInfo"), ErrEncrypted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := OpenReaderAt(bytes.NewReader(c.data), int64(len(c.data)))
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if w != nil {
				t.Fatal("non-nil workbook with error")
			}
		})
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.xlsx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestCorruptSheetData damages the compressed sheet of a sample: Rows must
// return an error, not panic or hang.
func TestCorruptSheetData(t *testing.T) {
	sample, err := os.ReadFile("testdata/taobao_orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(sample), int64(len(sample)))
	if err != nil {
		t.Fatal(err)
	}
	var off int64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "sheet1.xml") {
			off, _ = f.DataOffset()
		}
	}
	damaged := 0
	for i := 0; i < 20; i++ {
		data := append([]byte(nil), sample...)
		for j := 0; j < 8; j++ {
			data[off+int64(200+i*97+j*13)] ^= 0x5a
		}
		w, err := OpenReaderAt(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		err = w.Rows(context.Background(), 0, func(int, []string) error { return nil })
		if err != nil {
			damaged++
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("damaged sheet: error %v does not wrap ErrCorrupt", err)
			}
		}
	}
	if damaged == 0 {
		t.Error("no damaged copy gave an error (the zip checksum should catch them)")
	}
}

// makeCFB builds a minimal OLE compound file (version 3, 512-byte sectors)
// whose root holds one stream with the given name.
func makeCFB(t testing.TB, stream string) []byte {
	le32 := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24) }
	le16 := func(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }
	const (
		free   = 0xFFFFFFFF
		end    = 0xFFFFFFFE
		fatSec = 0xFFFFFFFD
	)
	h := make([]byte, 512)
	copy(h, cfbMagic)
	le16(h[0x18:], 0x3E)
	le16(h[0x1A:], 3)
	le16(h[0x1C:], 0xFFFE)
	le16(h[0x1E:], 9)
	le16(h[0x20:], 6)
	le32(h[0x2C:], 1)    // FAT sectors
	le32(h[0x30:], 1)    // first directory sector
	le32(h[0x38:], 4096) // mini stream cutoff
	le32(h[0x3C:], end)  // first mini FAT sector
	le32(h[0x44:], end)  // first DIFAT sector
	for i := 0x4C; i < 512; i += 4 {
		le32(h[i:], free)
	}
	le32(h[0x4C:], 0) // DIFAT[0]: FAT in sector 0
	fat := make([]byte, 512)
	for i := 0; i < 512; i += 4 {
		le32(fat[i:], free)
	}
	le32(fat[0:], fatSec)
	le32(fat[4:], end)
	dir := make([]byte, 512)
	entry := func(i int, name string, typ byte, child uint32) {
		e := dir[i*128:]
		u := []rune(name)
		for j, r := range u {
			le16(e[j*2:], uint16(r))
		}
		le16(e[0x40:], uint16(len(u)*2+2))
		e[0x42] = typ
		e[0x43] = 1
		le32(e[0x44:], free)
		le32(e[0x48:], free)
		le32(e[0x4C:], child)
		le32(e[0x74:], end)
	}
	entry(0, "Root Entry", 5, 1)
	entry(1, stream, 2, free)
	for i := 2; i < 4; i++ {
		e := dir[i*128:]
		le32(e[0x44:], free)
		le32(e[0x48:], free)
		le32(e[0x4C:], free)
	}
	return append(append(h, fat...), dir...)
}

// TestChunkBoundaries runs the scanner with tiny windows so that every token
// is cut at every possible place; the result must not change.
func TestChunkBoundaries(t *testing.T) {
	data := trickyBook(t, false, trickySheet)
	w, err := OpenReaderAt(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := readAll(t, w, 1)
	sst, err := w.sharedStrings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for chunk := 1; chunk <= 40; chunk++ {
		for _, slack := range []int{0, 3, 64} {
			got := map[int][]string{}
			s := newScanner(context.Background(), newReaderFeeder(strings.NewReader(trickySheet), chunk, slack), nil)
			err := scanSheet(s, sheetOpts{sst: sst, dates: w.dates}, func(n int, c []string) error {
				got[n] = append([]string(nil), c...)
				return nil
			})
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("chunk %d slack %d: err %v\n got %v\nwant %v", chunk, slack, err, got, want)
			}
		}
	}
}

func FuzzRows(f *testing.F) {
	f.Add([]byte(trickySheet), []byte(`<sst><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>`), uint8(3))
	f.Add([]byte(`<sheetData><row><c t="s"><v>1</v></c><c><is><t>x&#x41;&amp;_x000D_</t></is></c></row></sheetData>`), []byte(`<sst><si/><si><t>z</t></si>`), uint8(1))
	f.Add([]byte(`<sheetData><row r="2"><c r="XFD2"><v>1</v></c><c r="A2" s="1"><v>45000.5</v></c></row>`), []byte(``), uint8(200))
	f.Fuzz(func(t *testing.T, sheetXML, sstXML []byte, chunk uint8) {
		if len(sheetXML)+len(sstXML) > 1<<16 {
			return // tiny chunks make huge inputs slow, not more interesting
		}
		ctx := context.Background()
		sst, err := parseSST(newScanner(ctx, newReaderFeeder(bytes.NewReader(sstXML), 1+int(chunk)%17, int(chunk)%5), nil), int64(len(sstXML)))
		if err != nil {
			sst = nil
		}
		opts := sheetOpts{sst: sst, dates: []bool{false, true}}
		run := func(c, sl int) (map[int][]string, error) {
			got := map[int][]string{}
			s := newScanner(ctx, newReaderFeeder(bytes.NewReader(sheetXML), c, sl), nil)
			err := scanSheet(s, opts, func(n int, cells []string) error {
				if len(cells) > maxCols {
					t.Fatalf("row %d has %d cells", n, len(cells))
				}
				got[n] = append([]string(nil), cells...)
				return nil
			})
			return got, err
		}
		small, err1 := run(1+int(chunk)%13, int(chunk)%7)
		big, err2 := run(defaultChunk, defaultSlack)
		// The result must not depend on where the chunks are cut.
		if (err1 == nil) != (err2 == nil) || (err1 == nil && !reflect.DeepEqual(small, big)) {
			t.Fatalf("chunked result differs:\n%v %v\n%v %v", small, err1, big, err2)
		}
	})
}

func BenchmarkRows(b *testing.B) {
	for _, shared := range []bool{false, true} {
		name := "inline"
		if shared {
			name = "shared"
		}
		b.Run(name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "big.xlsx")
			writeBig(b, path, 100000, shared)
			b.ReportAllocs()
			b.ResetTimer()
			rows := 0
			for range b.N {
				w, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				err = w.Rows(context.Background(), 0, func(int, []string) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestReleaseSharedStrings: cells read before the table is released keep
// their text, and a later Rows call reads the table again.
func TestReleaseSharedStrings(t *testing.T) {
	w, err := Open("testdata/jd_orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	first := readAll(t, w, 0)
	w.ReleaseSharedStrings()
	if w.sst != nil {
		t.Fatal("table still held after ReleaseSharedStrings")
	}
	second := readAll(t, w, 0)
	if len(first) < 2 || !reflect.DeepEqual(first, second) {
		t.Errorf("rows after release differ: %d rows before, %d after", len(first), len(second))
	}
	if w.sst == nil {
		t.Error("table not read again")
	}
}
