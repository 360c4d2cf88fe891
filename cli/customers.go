package cli

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/clock"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// yuan is an amount in fen written as a JSON number with two decimals.
type yuan int64

func (y yuan) MarshalJSON() ([]byte, error) { return []byte(formatYuan(int64(y))), nil }

func formatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

type customerJSON struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	Nickname     string   `json:"nickname"`
	Platform     string   `json:"platform"`
	Phones       []string `json:"phones"`
	Segment      string   `json:"segment"`
	RFM          string   `json:"rfm"`
	Level        string   `json:"level"`
	Orders       int      `json:"orders"`
	Revenue      yuan     `json:"revenue"`
	LastOrder    string   `json:"last_order"`
	Tags         []string `json:"tags"`
	DoNotContact bool     `json:"do_not_contact"`
}

var validSegments = map[string]bool{"new": true, "active": true, "cooling": true, "dormant_high": true,
	"dormant_low": true, "lost": true, "none": true}

func cmdCustomers(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "customers")
	asOfFlag := fs.String("as-of", "", lang.X("cli.customers.asof", "按哪一天计算分群（YYYY-MM-DD，默认今天）"))
	search := fs.String("search", "", lang.X("cli.customers.search", "搜索姓名、昵称、手机号、邮箱、微信/QQ/旺旺号或标签"))
	segment := fs.String("segment", "", lang.X("cli.customers.segment", "只列出一个分群：new|active|cooling|dormant_high|dormant_low|lost"))
	asJSON := fs.Bool("json", false, lang.X("cli.customers.json", "输出 JSON"))
	xlsxOut := fs.String("xlsx", "", lang.X("cli.customers.xlsx", "导出到 Excel 文件（.xlsx）"))
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	if e.extraArgs(fs) {
		return ExitUsage
	}
	if *segment != "" && !validSegments[*segment] {
		e.errorf(lang.X("cli.customers.badsegment", "未知分群 {{.Segment}}。可用：new、active、cooling、dormant_high、dormant_low、lost。",
			map[string]any{"Segment": *segment}))
		return ExitUsage
	}
	asOf, ok := e.dayFlag("as-of", *asOfFlag, clock.Today())
	if !ok {
		return ExitUsage
	}
	if *asJSON && *xlsxOut != "" {
		e.errorf(lang.X("cli.customers.both", "--json 和 --xlsx 只能选一个。"))
		return ExitUsage
	}
	st, code := e.OpenStore(*dbFlag)
	if st == nil {
		return code
	}
	defer st.Close()
	failed := func(err error) int {
		return e.Fail(lang.X("cli.customers.failed", "读取客户失败。请确认数据库文件完好，必要时从备份恢复。"), err)
	}
	q := customers.Query{Search: *search, Segment: *segment, AsOf: asOf}
	if *xlsxOut != "" {
		n, err := customers.ExportFor(e.Ctx, st, q, *xlsxOut, customers.ExportOptions{Headers: vocab.CustomerExportHeaders(), Label: vocab.Label})
		if err != nil {
			return e.Fail(lang.X("cli.customers.xlsxfail", "无法写入 {{.Path}}。请检查文件夹是否存在、文件是否正被 Excel 打开。", map[string]any{"Path": *xlsxOut}), err)
		}
		fmt.Fprintln(e.Stderr, lang.X("cli.customers.exported", "已导出 {{.N}} 位客户到 {{.Path}}", map[string]any{"N": n, "Path": *xlsxOut}))
		return ExitOK
	}
	found, err := customers.ListFor(e.Ctx, st, q)
	if err != nil {
		return failed(err)
	}
	rows, phones := found.Rows, found.Phones
	if *asJSON {
		out := make([]customerJSON, len(rows))
		for i, r := range rows {
			out[i] = customerJSON{ID: r.ID, Name: r.Name, Nickname: r.Nickname, Platform: r.Platform, Phones: phones[r.ID],
				Segment: r.Segment, RFM: r.RFM, Level: r.Level, Orders: r.Orders, Revenue: yuan(r.RevenueFen),
				LastOrder: r.LastOrder, Tags: r.Tags, DoNotContact: r.DoNotContact}
			if out[i].Phones == nil {
				out[i].Phones = []string{}
			}
			if out[i].Tags == nil {
				out[i].Tags = []string{}
			}
		}
		if err := e.writeJSON(out, false); err != nil {
			return failed(err)
		}
		return ExitOK
	}
	printTable(e.Stdout, rows, phones)
	fmt.Fprintln(e.Stdout, lang.X("cli.customers.total", "共 {{.N}} 位客户（按 {{.Day}} 计算）", map[string]any{"N": len(rows), "Day": asOf.String()}))
	return ExitOK
}

func printTable(w io.Writer, rows []customers.Row, phones map[int64][]string) {
	head := []string{lang.X("customers.col.id", "编号"), lang.X("customers.col.name", "姓名"), lang.X("customers.col.nickname", "昵称"),
		lang.X("customers.col.platform", "平台"), lang.X("customers.col.phone", "手机号"), lang.X("customers.col.segment", "分群"),
		lang.X("customers.col.rfm", "RFM 分类"), lang.X("customers.col.level", "会员等级"), lang.X("customers.col.orders", "订单数"),
		lang.X("customers.col.revenue", "累计消费（元）"), lang.X("customers.col.last", "最近下单"), lang.X("customers.col.tags", "标签")}
	table := [][]string{head}
	for _, r := range rows {
		phone := ""
		if p := phones[r.ID]; len(p) > 0 {
			phone = p[0]
		}
		table = append(table, []string{fmt.Sprint(r.ID), r.Name, r.Nickname, vocab.Platform(r.Platform), phone,
			vocab.Segment(r.Segment), vocab.RFM(r.RFM), vocab.Level(r.Level), fmt.Sprint(r.Orders),
			formatYuan(r.RevenueFen), r.LastOrder, strings.Join(r.Tags, ",")})
	}
	writeTable(w, table, 24)
}
