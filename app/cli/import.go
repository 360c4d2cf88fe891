package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/imports"
)

// importJSON is one element of `huitouke import --json` output.
type importJSON struct {
	File          string `json:"file"`
	Platform      string `json:"platform"`
	Status        string `json:"status"` // ok | failed
	Rows          int    `json:"rows"`
	OrdersNew     int    `json:"orders_new"`
	OrdersUpdated int    `json:"orders_updated"`
	CustomersNew  int    `json:"customers_new"`
	RowsRejected  int    `json:"rows_rejected"`
	Message       string `json:"message"`
}

// cmdImport: huitouke import [--db PATH] [--json] FILE...
func cmdImport(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "import")
	asJSON := fs.Bool("json", false, lang.X("cli.import.flag.json", "以 JSON 数组输出每个文件的结果"))
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "%s huitouke import [--db PATH] [--json] FILE...\n", lang.X("cli.usage", "用法："))
		fs.PrintDefaults()
	}
	if ok, code := Parse(fs, args); !ok {
		return code
	}
	files := fs.Args()
	if len(files) == 0 {
		e.errorf(lang.X("cli.import.nofiles", "请指定要导入的文件，例如：huitouke import 订单.xlsx"))
		fs.Usage()
		return ExitUsage
	}
	st, code := e.OpenStore(*dbFlag)
	if st == nil {
		return code
	}
	defer st.Close()
	results, err := imports.ImportFiles(e.Ctx, st, files, imports.Options{})
	if err != nil && len(results) == 0 {
		return e.Fail(ImportErrorMessage(imports.ErrorCode(err)), err)
	}
	exit := ExitOK
	out := make([]importJSON, 0, len(files))
	for _, r := range results {
		j := importJSON{File: r.File, Platform: r.Platform, Status: imports.StatusOK, Rows: r.Rows,
			OrdersNew: r.OrdersNew, OrdersUpdated: r.OrdersUpdated, CustomersNew: r.CustomersNew,
			RowsRejected: r.RowsRejected}
		if r.Status != imports.StatusOK {
			j.Status = imports.StatusFailed
			j.Message = ImportErrorMessage(r.Code)
			exit = ExitFail
		} else {
			j.Message = importOKMessage(r)
		}
		out = append(out, j)
		if !*asJSON {
			name := filepath.Base(r.File)
			if j.Status == imports.StatusOK {
				fmt.Fprintf(e.Stdout, "%s: %s\n", name, j.Message)
			} else {
				fmt.Fprintf(e.Stderr, "%s: %s\n", name, j.Message)
				if r.Err != nil {
					fmt.Fprintf(e.Stderr, "  (%v)\n", r.Err)
				}
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return e.Fail(lang.X("cli.err.write", "无法输出结果。"), err)
		}
	}
	return exit
}

func importOKMessage(r imports.Result) string {
	msg := lang.X("import.ok", "已导入 {{.Rows}} 行（{{.Platform}}）：新订单 {{.New}} 个，更新 {{.Updated}} 个，新客户 {{.Customers}} 位。",
		map[string]any{"Rows": r.Rows, "Platform": platformName(r.Platform), "New": r.OrdersNew, "Updated": r.OrdersUpdated,
			"Customers": r.CustomersNew})
	if r.RowsRejected > 0 {
		msg += " " + lang.X("import.ok.rejected", "有 {{.N}} 行无法读取，已跳过并记录，可在导入记录中导出修改后重新导入。",
			map[string]any{"N": r.RowsRejected})
	}
	return msg
}

// ImportErrorMessage translates a data/imports failure code: what is wrong and
// what to do. The import screen uses it too.
func ImportErrorMessage(code string) string {
	switch code {
	case imports.CodeCorrupt:
		return lang.X("import.err.corrupt", "文件已损坏，或不是真正的 Excel 文件。请在 Excel 中打开后另存为 .xlsx，或从平台后台重新导出。")
	case imports.CodeEmpty:
		return lang.X("import.err.empty", "文件是空的，里面没有任何内容。请从平台后台重新导出。")
	case imports.CodeEncrypted:
		return lang.X("import.err.encrypted", "文件已加密，请在 Excel 中取消密码后另存为 .xlsx 再导入。")
	case imports.CodeLegacyXLS:
		return lang.X("import.err.legacy_xls", "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入。")
	case imports.CodeUnrecognised:
		return lang.X("import.err.unrecognised", "认不出这个文件：它不像是支持的平台导出的订单表或客户表。请确认导出的是订单报表，或设置列对应后再导入。")
	case imports.CodeNoRows:
		return lang.X("import.err.no_rows", "文件只有表头，下面没有订单。请检查导出时选的时间范围和订单状态，再重新导出。")
	case imports.CodeCancelled:
		return lang.X("import.err.cancelled", "已取消，数据没有改变。")
	case imports.CodeBadMapping:
		return lang.X("import.err.bad_mapping", "文件里找不到设置好的列。请重新设置列对应。")
	}
	return lang.X("import.err.io", "无法读取这个文件或写入数据。请确认文件没有在其他程序中打开、磁盘空间足够，然后再试一次。")
}

func platformName(p string) string {
	switch p {
	case imports.Taobao:
		return lang.X("platform.taobao", "淘宝/天猫")
	case imports.JD:
		return lang.X("platform.jd", "京东")
	case imports.PDD:
		return lang.X("platform.pdd", "拼多多")
	case imports.Douyin:
		return lang.X("platform.douyin", "抖店")
	case imports.Youzan:
		return lang.X("platform.youzan", "有赞")
	case imports.Shopify:
		return "Shopify"
	case imports.WooCommerce:
		return "WooCommerce"
	case imports.YouzanCustomers:
		return lang.X("platform.youzan_customers", "有赞客户列表")
	case imports.ShopifyCustomers:
		return lang.X("platform.shopify_customers", "Shopify 客户列表")
	case imports.Mapped:
		return lang.X("platform.mapped", "自定义列对应")
	}
	return p
}
