package cli

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2/lang"

	"huitouke/data/imports"
	"huitouke/resources/vocab"
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
	e.usage(fs, "huitouke import [--db PATH] [--json] FILE...")
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
		return e.Fail(vocab.ImportError(imports.ErrorCode(err)), err)
	}
	exit := ExitOK
	out := make([]importJSON, 0, len(files))
	for _, r := range results {
		j := importJSON{File: r.File, Platform: r.Platform, Status: imports.StatusOK, Rows: r.Rows,
			OrdersNew: r.OrdersNew, OrdersUpdated: r.OrdersUpdated, CustomersNew: r.CustomersNew,
			RowsRejected: r.RowsRejected}
		if r.Status != imports.StatusOK {
			j.Status = imports.StatusFailed
			j.Message = vocab.ImportError(r.Code)
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
		if err := e.writeJSON(out, false); err != nil {
			return e.Fail(lang.X("cli.err.write", "无法输出结果。"), err)
		}
	}
	return exit
}

func importOKMessage(r imports.Result) string {
	msg := lang.X("import.ok", "已导入 {{.Rows}} 行（{{.Platform}}）：新订单 {{.New}} 个，更新 {{.Updated}} 个，新客户 {{.Customers}} 位。",
		map[string]any{"Rows": r.Rows, "Platform": vocab.Platform(r.Platform), "New": r.OrdersNew, "Updated": r.OrdersUpdated,
			"Customers": r.CustomersNew})
	if r.RowsRejected > 0 {
		msg += " " + lang.X("import.ok.rejected", "有 {{.N}} 行无法读取，已跳过并记录，可在导入记录中导出修改后重新导入。",
			map[string]any{"N": r.RowsRejected})
	}
	return msg
}
