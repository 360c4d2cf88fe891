package cli

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data"
	"huitouke/data/calls"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// callJSON is one shown entry of `huitouke calls --json`.
type callJSON struct {
	CustomerID  int64   `json:"customer_id"`
	Name        string  `json:"name"`
	Phone       string  `json:"phone"` // as dialled: digits
	Reason      string  `json:"reason"`
	Priority    int     `json:"priority"`
	Due         string  `json:"due"`
	Script      string  `json:"script"`
	Salutation  string  `json:"salutation"`   // the filled {称呼}
	CustomerIDs []int64 `json:"customer_ids"` // every customer record of the person
	Today       *bool   `json:"today,omitempty"`
}

func cmdCalls(e *Env, args []string) int {
	if len(args) > 0 && args[0] == "next" {
		return cmdCallsNext(e, args[1:])
	}
	fs, dbFlag := NewFlagSet(e, "calls")
	dateFlag := fs.String("date", "", lang.X("cli.calls.date", "名单日期（YYYY-MM-DD，默认今天）"))
	asJSON := fs.Bool("json", false, lang.X("cli.calls.json", "输出 JSON"))
	xlsxOut := fs.String("xlsx", "", lang.X("cli.calls.xlsx", "导出到 Excel 文件（.xlsx）"))
	agent := fs.String("agent", "", lang.X("cli.calls.agent", "话术里的客服名"))
	eligible := fs.Bool("eligible", false, lang.X("cli.calls.eligible", "列出所有符合条件的客户（按排序），并标明是否在今天的名单上"))
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	if e.extraArgs(fs) {
		return ExitUsage
	}
	day, ok := e.dayFlag("date", *dateFlag, clock.Today())
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
	ctx := e.Ctx
	failed := func(err error) int {
		return e.Fail(lang.X("cli.calls.failed", "生成回访名单失败。请确认数据库文件完好，必要时从备份恢复。"), err)
	}
	if *eligible {
		return callsEligible(e, st, day, *agent, *asJSON, failed)
	}
	wd, err := calls.OpenDay(ctx, st, day, calls.DayOptions{Locale: vocab.Locale()})
	if err != nil {
		return failed(err)
	}
	items := wd.Shown
	if *xlsxOut != "" {
		if err := calls.ExportList(*xlsxOut, lang.X("calls.export.sheet", "回访名单"), vocab.CallListHeaders(), items, vocab.CallLabels()); err != nil {
			return e.Fail(lang.X("cli.customers.xlsxfail", "无法写入 {{.Path}}。请检查文件夹是否存在、文件是否正被 Excel 打开。", map[string]any{"Path": *xlsxOut}), err)
		}
		fmt.Fprintln(e.Stderr, lang.X("cli.calls.exported", "已导出 {{.N}} 条回访到 {{.Path}}", map[string]any{"N": len(items), "Path": *xlsxOut}))
		return ExitOK
	}
	if !*asJSON {
		printCalls(e, day, items)
		return ExitOK
	}
	out, err := callsJSON(e, st, wd, items, *agent)
	if err != nil {
		return failed(err)
	}
	if err := e.writeJSON(out, true); err != nil {
		return failed(err)
	}
	return ExitOK
}

func callsJSON(e *Env, st *data.Store, wd calls.Workday, items []calls.Item, agent string) ([]callJSON, error) {
	ctx, day, scripts, shop, loc := e.Ctx, wd.Day, wd.Book.Scripts, wd.Shop, vocab.Locale()
	if agent == "" {
		agent = lang.X("cli.calls.agentdefault", "客服")
	}
	p := calls.ValueParams{Shop: shop, Agent: agent, Locale: loc, Day: day, LevelName: func(k string) string { return vocab.Level(k) }}
	out := make([]callJSON, 0, len(items))
	for _, it := range items {
		s, err := calls.LoadSummary(ctx, st, it.CustomerID)
		if err != nil {
			return nil, err
		}
		name := s.Name
		if name == "" {
			name = s.Nickname
		}
		phone := it.Dial
		if phone == "" && !it.NoNumber {
			phone = digits(s.CallablePhone())
		}
		v := calls.Values(s, it, p)
		ids := it.Members
		if len(ids) == 0 {
			ids = []int64{it.CustomerID}
		}
		out = append(out, callJSON{
			CustomerID: it.CustomerID, Name: name, Phone: phone, Reason: string(it.Reason),
			Priority: it.Priority, Due: it.Due, Script: calls.FullText(scripts[it.Reason], v),
			Salutation: v.Salutation, CustomerIDs: ids,
		})
	}
	return out, nil
}

// digits keeps the digits of a number, as it is dialled.
func digits(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// callsEligible prints every eligible person of day, ranked, each saying
// whether it is on the day's list.
func callsEligible(e *Env, st *data.Store, day clock.Day, agent string, asJSON bool, failed func(error) int) int {
	el, err := calls.Eligible(e.Ctx, st, day)
	if err != nil {
		return failed(err)
	}
	items := make([]calls.Item, len(el))
	for i, x := range el {
		items[i] = x.Item
	}
	if !asJSON {
		printCalls(e, day, items)
		return ExitOK
	}
	book, err := calls.LoadScriptBook(e.Ctx, st, vocab.Locale())
	if err != nil {
		return failed(err)
	}
	shop, err := st.Setting(e.Ctx, data.SettingShopName, "")
	if err != nil {
		return failed(err)
	}
	out, err := callsJSON(e, st, calls.Workday{Day: day, Book: book, Shop: shop}, items, agent)
	if err != nil {
		return failed(err)
	}
	for i := range out {
		out[i].Today = &el[i].Today
	}
	if err := e.writeJSON(out, true); err != nil {
		return failed(err)
	}
	return ExitOK
}

// cmdCallsNext is `huitouke calls next --agent NAME --json`: it claims the
// next entry of today's list for the agent, as the workspace does, and
// prints it (null when the list is done).
func cmdCallsNext(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "calls next")
	dateFlag := fs.String("date", "", lang.X("cli.calls.date", "名单日期（YYYY-MM-DD，默认今天）"))
	asJSON := fs.Bool("json", false, lang.X("cli.calls.json", "输出 JSON"))
	agent := fs.String("agent", "", lang.X("cli.calls.next.agent", "领取回访的客服名（必填）"))
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	if e.extraArgs(fs) {
		return ExitUsage
	}
	day, ok := e.dayFlag("date", *dateFlag, clock.Today())
	if !ok {
		return ExitUsage
	}
	if strings.TrimSpace(*agent) == "" {
		e.errorf(lang.X("cli.calls.next.noagent", "请用 --agent 写上客服名，例如 --agent 小王。"))
		return ExitUsage
	}
	st, code := e.OpenStore(*dbFlag)
	if st == nil {
		return code
	}
	defer st.Close()
	failed := func(err error) int {
		return e.Fail(lang.X("cli.calls.failed", "生成回访名单失败。请确认数据库文件完好，必要时从备份恢复。"), err)
	}
	wd, err := calls.OpenDay(e.Ctx, st, day, calls.DayOptions{Locale: vocab.Locale()})
	if err != nil {
		return failed(err)
	}
	it, ok, err := calls.ClaimNext(e.Ctx, st, day, strings.TrimSpace(*agent))
	if err != nil {
		return failed(err)
	}
	if !*asJSON {
		if !ok {
			fmt.Fprintln(e.Stdout, lang.X("cli.calls.next.done", "今天的名单已经打完了。"))
			return ExitOK
		}
		printCalls(e, day, []calls.Item{it})
		return ExitOK
	}
	var out any // null when the list is done
	if ok {
		js, err := callsJSON(e, st, wd, []calls.Item{it}, *agent)
		if err != nil {
			return failed(err)
		}
		out = js[0]
	}
	if err := e.writeJSON(out, true); err != nil {
		return failed(err)
	}
	return ExitOK
}

func printCalls(e *Env, day clock.Day, items []calls.Item) {
	fmt.Fprintln(e.Stdout, lang.X("cli.calls.title", "{{.Day}} 回访名单：{{.N}} 位客户", map[string]any{"Day": day.String(), "N": len(items)}))
	head := []string{lang.X("calls.col.name", "客户"), lang.X("calls.col.phone", "电话"), lang.X("calls.col.reason", "原因"),
		lang.X("calls.col.priority", "优先级"), lang.X("calls.col.due", "到期"), lang.X("calls.col.status", "状态")}
	table := [][]string{head}
	for _, it := range items {
		name := it.Name
		if name == "" {
			name = it.Nickname
		}
		table = append(table, []string{name, it.Phone, vocab.Reason(it.Reason), fmt.Sprint(it.Priority), it.Due, vocab.CallStatus(it.Status)})
	}
	writeTable(e.Stdout, table, 0)
}
