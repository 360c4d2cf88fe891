// Package bigxlsx generates large, realistic Taobao/Tmall 订单报表 exports
// (the 46 columns of the Qianniu order report) as .xlsx and as GBK CSV, for
// benchmarks and load tests of the importer. Output is deterministic for a
// given seed.
package xlsxgen

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/klauspost/compress/flate"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Header is the header row of the Taobao order report.
var Header = [46]string{"订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "买家支付积分", "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址", "运送方式", "联系电话", "联系手机", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头", "是否手机订单", "分阶段订单信息", "特权订金订单id", "是否上传合同照片", "是否上传小票", "是否代付", "定金排名", "修改后的sku", "修改后的收货地址", "异常信息", "天猫卡券抵扣", "集分宝抵扣", "是否是O2O交易", "退款金额", "预约门店"}

// Column kinds: how a value is written.
const (
	kText   = iota
	kMoney  // number in xlsx, "12.30" in CSV
	kInt    // number in xlsx and CSV
	kLong   // long digit string: text in xlsx, ="…" in CSV
	kPhone  // text in xlsx, leading ' in CSV
	kUnique // text, practically unique per row (not deduplicated in sharedStrings)
)

var kinds = [46]uint8{
	0: kLong, 3: kMoney, 4: kMoney, 5: kInt, 6: kMoney, 7: kInt, 8: kMoney, 9: kInt,
	16: kPhone, 17: kUnique, 18: kUnique, 20: kInt, 21: kLong, 24: kInt, 25: kLong,
	28: kInt, 29: kMoney, 41: kMoney, 42: kMoney, 44: kMoney,
}

// Options controls generation.
type Options struct {
	Rows   int // data rows (the header comes on top)
	Seed   uint64
	Shared bool // xlsx: strings in a sharedStrings table (as Excel saves) instead of inline
}

type product struct {
	title string
	fen   int64
}

var products = []product{
	{"茉莉花茶 飘雪 浓香 新茶", 3900}, {"2026新茶 明前西湖龙井 特级 绿茶 罐装", 12800},
	{"冻干柠檬片 泡水 独立包装", 1990}, {"桂花乌龙 三角茶包 冷泡茶", 2990},
	{"安溪铁观音 浓香型 兰花香 乌龙茶", 6800}, {"正山小种 红茶 武夷山 浓香型", 6900},
	{"杭白菊 胎菊 菊花茶", 1990}, {"云南普洱熟茶 勐海 357g 七子饼", 23900},
	{"福鼎白茶 白牡丹 2019年老白茶 饼", 18800}, {"农家土蜂蜜 百花蜜 纯正", 3900},
	{"新会陈皮 十年 老陈皮", 8800}, {"武夷山大红袍 岩茶 炭焙", 15800},
	{"金骏眉 红茶 特级 礼盒", 29800}, {"玻璃泡茶杯 茶水分离 便携", 5500},
	{"黑枸杞 青海 特级 大果", 4900},
}

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given     = []rune("伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红鹏辉建飞晓雪琳婷晨嘉宇浩然欣怡子涵梦洁思妍萱琪燕")
	nickWords = []string{"快乐的兔子", "小小的小猪", "温柔的蘑菇", "Tony_", "Annie-", "xinbei_", "茶友", "爱喝茶的", "阿姨", "小姐", "先生", "lucky", "sunny", "喵喵", "大橘"}
	cities    = []struct{ prov, city, dist, zip string }{
		{"浙江省", "杭州市", "西湖区", "310000"}, {"上海", "上海市", "长宁区", "200000"},
		{"北京", "北京市", "朝阳区", "100000"}, {"广东省", "深圳市", "南山区", "518000"},
		{"江苏省", "南京市", "鼓楼区", "210000"}, {"四川省", "成都市", "武侯区", "610000"},
		{"山东省", "青岛市", "市南区", "266000"}, {"湖北省", "武汉市", "洪山区", "430000"},
		{"福建省", "厦门市", "思明区", "361000"}, {"天津", "天津市", "南开区", "300000"},
	}
	roads     = []string{"文三路", "光明路", "幸福路", "凤凰路", "长江路", "南京路", "世纪大道", "工业大道", "滨江大道", "朝阳路"}
	estates   = []string{"阳光花园", "锦绣家园", "紫金华府", "创业园", "翠苑"}
	carriers  = []string{"中通快递", "韵达快递", "圆通速递", "申通快递", "顺丰速运", "极兔速递", "邮政EMS"}
	prefixes  = []string{"130", "131", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "166", "173", "177", "180", "181", "186", "187", "188", "191", "198", "199"}
	messages  = []string{"请尽快发货", "谢谢老板", "不要放快递柜", "地址变更：\n改送公司前台", "送人的，不要放发票"}
	closeWhy  = []string{"买家不想买了", "买家信息填写错误，重新拍", "其他原因", "七天无理由退货"}
	exportEnd = time.Date(2026, 11, 15, 20, 0, 0, 0, time.UTC)
)

// customer attributes derive from the customer number alone, so no pool has
// to be kept in memory.
type customer struct {
	nick, alipay, name, masked, phone, maskedPhone, addr, maskedAddr string
}

func makeCustomer(seed uint64, id int) customer {
	r := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(id)))
	var c customer
	sur := string(surnames[r.IntN(len(surnames))])
	c.name = sur + string(given[r.IntN(len(given))])
	if r.IntN(2) == 0 {
		c.name += string(given[r.IntN(len(given))])
	}
	c.masked = sur + "**"
	switch r.IntN(3) {
	case 0:
		c.nick = "tb" + strconv.Itoa(100000000+id*7)
	default:
		c.nick = nickWords[r.IntN(len(nickWords))] + strconv.Itoa(id)
	}
	p := prefixes[r.IntN(len(prefixes))]
	tail := fmt.Sprintf("%08d", r.IntN(100000000))
	c.phone = p + tail
	c.maskedPhone = p + "****" + tail[4:]
	if r.IntN(5) == 0 {
		c.alipay = strconv.Itoa(100+r.IntN(900)) + "***@qq.com"
	} else {
		c.alipay = c.maskedPhone
	}
	ct := cities[r.IntN(len(cities))]
	road := roads[r.IntN(len(roads))]
	c.addr = fmt.Sprintf("%s %s %s %s%d号%s%d幢%d单元%d室(%s)", ct.prov, ct.city, ct.dist, road, 1+r.IntN(900),
		estates[r.IntN(len(estates))], 1+r.IntN(30), 1+r.IntN(4), 101+r.IntN(2500), ct.zip)
	c.maskedAddr = fmt.Sprintf("%s %s %s %s****(%s)", ct.prov, ct.city, ct.dist, road, ct.zip)
	return c
}

// Row is one generated order; Cells[i] is column i's text ("" = empty).
type Row struct{ Cells [46]string }

func money(fen int64) string { return strconv.FormatFloat(float64(fen)/100, 'f', -1, 64) }

// Generate calls fn for every data row in order.
func Generate(o Options, fn func(*Row) error) error {
	r := rand.New(rand.NewPCG(o.Seed, 0x51ed2701))
	customers := max(1, o.Rows/3)
	span := int64(3 * 365 * 24 * 3600)
	var row Row
	for n := 0; n < o.Rows; n++ {
		c := makeCustomer(o.Seed, r.IntN(customers))
		cl := &row.Cells
		*cl = [46]string{}
		cl[0] = strconv.Itoa(1+r.IntN(4)) + fmt.Sprintf("%018d", r.Uint64N(1e18))
		cl[1], cl[2] = c.nick, c.alipay
		kinds := 1
		if r.IntN(7) == 0 {
			kinds = 2
		}
		var goods int64
		pieces := 0
		title := ""
		for k := 0; k < kinds; k++ {
			p := products[r.IntN(len(products))]
			q := 1 + r.IntN(3)*r.IntN(2)
			goods += p.fen * int64(q)
			pieces += q
			if k > 0 {
				title += "，"
			}
			title += p.title
		}
		var post int64
		if r.IntN(10) == 0 {
			post = 1000
		}
		total := goods + post
		var discount int64
		if r.IntN(8) == 0 {
			discount = total * int64(5+r.IntN(15)) / 100
		}
		created := exportEnd.Add(-time.Duration(r.Int64N(span)) * time.Second)
		// Status shares roughly as in real shops.
		status, reason := "交易成功", ""
		paid := true
		var refund int64
		switch x := r.IntN(1000); {
		case x < 15:
			status, paid = "等待买家付款", false
		case x < 35:
			status = "买家已付款，等待卖家发货"
		case x < 75:
			status = "卖家已发货，等待买家确认"
		case x < 90:
			status = "退款中"
		case x < 150:
			status, paid, reason = "交易关闭", false, "超时未付款，系统关闭"
		case x < 190:
			status, paid, reason = "交易关闭", false, closeWhy[r.IntN(len(closeWhy))]
		case x < 210:
			status, reason = "交易关闭", "退款成功"
		}
		pay := total - discount
		if status == "交易关闭" && reason == "退款成功" {
			refund = pay
		} else if status == "交易成功" && r.IntN(40) == 0 {
			refund = pay / 2
		}
		cl[3], cl[4], cl[5], cl[6] = money(goods), money(post), "0", money(total)
		cl[9] = "0"
		if paid {
			cl[7] = strconv.FormatInt(pay/200, 10)
			cl[8] = money(pay)
			cl[18] = created.Add(time.Duration(30+r.IntN(1200)) * time.Second).Format("2006-01-02 15:04:05")
		} else {
			cl[7], cl[8] = "0", "0"
		}
		cl[10] = status
		if r.IntN(12) == 0 {
			cl[11] = messages[r.IntN(len(messages))]
		}
		if r.IntN(10) < 3 {
			cl[12], cl[13], cl[16] = c.masked, c.maskedAddr, c.maskedPhone
		} else {
			cl[12], cl[13], cl[16] = c.name, c.addr, c.phone
		}
		cl[14] = "快递"
		cl[17] = created.Format("2006-01-02 15:04:05")
		cl[19] = title
		cl[20] = strconv.Itoa(kinds)
		if paid && status != "买家已付款，等待卖家发货" {
			cl[22] = carriers[r.IntN(len(carriers))]
			if cl[22] == "顺丰速运" {
				cl[21] = "SF" + strconv.FormatUint(1e12+r.Uint64N(9e12), 10)
			} else {
				cl[21] = strconv.FormatUint(7e13+r.Uint64N(9e12), 10)
			}
		}
		if r.IntN(25) == 0 {
			cl[23] = "补发1件"
		}
		cl[24] = strconv.Itoa(pieces)
		cl[25], cl[26], cl[27] = "176543210", "山野茶坊旗舰店", reason
		cl[28], cl[29] = "0", "0"
		if r.IntN(3) > 0 {
			cl[31] = "手机订单"
		}
		cl[34], cl[35], cl[36] = "否", "否", "否"
		cl[41], cl[42], cl[44] = money(discount), "0", money(refund)
		if err := fn(&row); err != nil {
			return err
		}
	}
	return nil
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsRel  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

// WriteXLSX writes the workbook to w. Deflate level 1 keeps 1M rows well
// under a minute; inflate speed hardly depends on the level.
func WriteXLSX(w io.Writer, o Options) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, 1)
	})
	put := func(name, body string) error {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	sstRel := ""
	sstCT := ""
	if o.Shared {
		sstRel = `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		sstCT = `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` + sstCT + `</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<workbook ` + nsMain + ` ` + nsRel + `><workbookPr/><sheets><sheet name="订单报表" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` + sstRel + `</Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<styleSheet ` + nsMain + `><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`},
	}
	for _, p := range parts {
		if err := put(p.name, p.body); err != nil {
			return err
		}
	}

	var sst *sstWriter
	if o.Shared {
		sst = newSSTWriter()
	}
	sh, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := &bytes.Buffer{}
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet ` + nsMain + ` ` + nsRel + `><dimension ref="A1:AT` + strconv.Itoa(o.Rows+1) + `"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	var b []byte
	writeRow := func(rowNum int, cells *[46]string, header bool) error {
		b = b[:0]
		b = append(b, `<row r="`...)
		b = strconv.AppendInt(b, int64(rowNum), 10)
		b = append(b, `">`...)
		for i, v := range cells {
			if v == "" {
				continue
			}
			k := kinds[i]
			if header {
				k = kText
			}
			b = append(b, `<c r="`...)
			b = appendCol(b, i)
			b = strconv.AppendInt(b, int64(rowNum), 10)
			switch {
			case k == kMoney || k == kInt:
				b = append(b, `"><v>`...)
				b = append(b, v...)
				b = append(b, `</v></c>`...)
			case sst != nil:
				b = append(b, `" t="s"><v>`...)
				b = strconv.AppendInt(b, int64(sst.index(v, k != kUnique && k != kLong || i == 25)), 10)
				b = append(b, `</v></c>`...)
			default:
				b = append(b, `" t="inlineStr"><is><t>`...)
				b = appendEscaped(b, v)
				b = append(b, `</t></is></c>`...)
			}
		}
		b = append(b, `</row>`...)
		bw.Write(b)
		if bw.Len() > 1<<20 {
			if _, err := sh.Write(bw.Bytes()); err != nil {
				return err
			}
			bw.Reset()
		}
		return nil
	}
	if err := writeRow(1, &Header, true); err != nil {
		return err
	}
	rowNum := 1
	if err := Generate(o, func(r *Row) error {
		rowNum++
		return writeRow(rowNum, &r.Cells, false)
	}); err != nil {
		return err
	}
	bw.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if _, err := sh.Write(bw.Bytes()); err != nil {
		return err
	}
	if sst != nil {
		if err := sst.writeTo(zw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sstWriter builds sharedStrings.xml compressed in memory while the sheet is
// written, then stores it as a raw zip entry (the sheet cannot wait for it).
// Repeating values are deduplicated; values unique per row are not, which
// keeps the generator's memory small (duplicates are legal in the table).
type sstWriter struct {
	seen  map[string]int
	n     int
	size  int64
	crc   hash32
	comp  bytes.Buffer
	fw    *flate.Writer
	chunk []byte
}

type hash32 interface {
	io.Writer
	Sum32() uint32
}

func newSSTWriter() *sstWriter {
	s := &sstWriter{seen: map[string]int{}, crc: crc32.NewIEEE()}
	s.fw, _ = flate.NewWriter(&s.comp, 1)
	s.write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst ` + nsMain + `>`))
	return s
}

func (s *sstWriter) write(p []byte) {
	s.crc.Write(p)
	s.fw.Write(p)
	s.size += int64(len(p))
}

func (s *sstWriter) index(v string, dedupe bool) int {
	if dedupe {
		if i, ok := s.seen[v]; ok {
			return i
		}
		s.seen[v] = s.n
	}
	s.chunk = append(s.chunk[:0], `<si><t>`...)
	s.chunk = appendEscaped(s.chunk, v)
	s.chunk = append(s.chunk, `</t></si>`...)
	s.write(s.chunk)
	s.n++
	return s.n - 1
}

func (s *sstWriter) writeTo(zw *zip.Writer) error {
	s.write([]byte(`</sst>`))
	if err := s.fw.Close(); err != nil {
		return err
	}
	fh := &zip.FileHeader{Name: "xl/sharedStrings.xml", Method: zip.Deflate, CRC32: s.crc.Sum32(),
		CompressedSize64: uint64(s.comp.Len()), UncompressedSize64: uint64(s.size)}
	fh.Modified = time.Date(2026, 11, 15, 20, 0, 0, 0, time.UTC)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = w.Write(s.comp.Bytes())
	return err
}

func appendCol(b []byte, i int) []byte {
	if i >= 26 {
		b = append(b, byte('A'+i/26-1))
	}
	return append(b, byte('A'+i%26))
}

func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		default:
			b = append(b, c)
		}
	}
	return b
}

// WriteCSV writes the same rows as Qianniu's CSV export: GBK, CRLF line ends,
// long numbers as ="…", phone numbers with a leading apostrophe, amounts with
// two decimals. Characters GBK lacks become '?'.
func WriteCSV(w io.Writer, o Options) error {
	enc := encoding.ReplaceUnsupported(simplifiedchinese.GBK.NewEncoder()).Writer(w)
	var buf bytes.Buffer
	flush := func(force bool) error {
		if force || buf.Len() > 1<<20 {
			if _, err := enc.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
		return nil
	}
	for i, h := range Header {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(h)
	}
	buf.WriteString("\r\n")
	err := Generate(o, func(r *Row) error {
		for i, v := range r.Cells {
			if i > 0 {
				buf.WriteByte(',')
			}
			switch kinds[i] {
			case kMoney:
				fen, _ := strconv.ParseFloat(v, 64)
				buf.WriteString(strconv.FormatFloat(fen, 'f', 2, 64))
			case kLong:
				if v != "" && v[0] >= '0' && v[0] <= '9' {
					buf.WriteString(`="` + v + `"`)
				} else {
					buf.WriteString(v)
				}
			case kPhone:
				if v != "" {
					buf.WriteString("'" + v)
				}
			default:
				writeCSVField(&buf, v)
			}
		}
		buf.WriteString("\r\n")
		return flush(false)
	})
	if err != nil {
		return err
	}
	return flush(true)
}

func writeCSVField(b *bytes.Buffer, v string) {
	if !bytes.ContainsAny([]byte(v), ",\"\r\n") {
		b.WriteString(v)
		return
	}
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		if v[i] == '"' {
			b.WriteByte('"')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
}
