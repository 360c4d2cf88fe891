package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data"
	"huitouke/data/clock"
)

// The preamble every command shares: its flag set with --db and --lang (NewFlagSet, with
// usage), parsing (Parse, extraArgs, dayFlag), the store (OpenStore, withStore), errors in
// the user's language (errorf, Fail) and JSON on stdout (writeJSON).

// usage sets the usage line a command prints for -h and for a wrong flag.
func (e *Env) usage(fs *flag.FlagSet, line string) {
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "%s %s\n", lang.X("cli.usage", "用法："), line)
		fs.PrintDefaults()
	}
}

// parseAnywhere parses args whose flags may stand between the words (backup restore
// FILE --db x); words are the arguments that are not flags, in order.
func parseAnywhere(fs *flag.FlagSet, args []string) (words []string, ok bool, code int) {
	for {
		if ok, code := Parse(fs, args); !ok {
			return nil, false, code
		}
		if fs.NArg() == 0 {
			return words, true, 0
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// withStore opens the database named by --db (or the default one), runs fn with it and
// closes it; when it cannot be opened, the user is told why and fn does not run.
func (e *Env) withStore(dbFlag string, fn func(st *data.Store) int) int {
	st, code := e.OpenStore(dbFlag)
	if st == nil {
		return code
	}
	defer st.Close()
	return fn(st)
}

// writeJSON writes v on stdout as one JSON value, HTML characters as they are; indented
// when indent is set.
func (e *Env) writeJSON(v any, indent bool) error {
	enc := json.NewEncoder(e.Stdout)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc.Encode(v)
}

func (e *Env) errorf(msg string) {
	fmt.Fprintln(e.Stderr, msg)
}

// Fail prints a translated error and the technical detail, and returns ExitFail.
func (e *Env) Fail(msg string, err error) int {
	if err != nil {
		fmt.Fprintf(e.Stderr, "%s\n  (%v)\n", msg, err)
	} else {
		fmt.Fprintln(e.Stderr, msg)
	}
	return ExitFail
}

// NewFlagSet makes a flag set for a command with the flags every command
// shares (--db, --lang). Parse errors print in the user's language.
func NewFlagSet(e *Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	db := fs.String("db", "", lang.X("cli.flag.db", "数据库文件路径（默认在用户配置目录）"))
	// --lang is applied by main before translations load; accepted here so
	// it may stand anywhere on the command line.
	fs.String("lang", "", lang.X("cli.flag.lang", "界面语言：zh 或 en"))
	e.usage(fs, "huitouke "+name+" [flags]")
	return fs, db
}

// Parse parses args and reports whether the command should go on; when not,
// code is the exit code to return.
//
// Flags may stand after the other arguments too (huitouke import a.xlsx --db shop.db), as a
// scheduled job is likely to write them; "--" ends the flags.
func Parse(fs *flag.FlagSet, args []string) (ok bool, code int) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return false, ExitOK
			}
			return false, ExitUsage
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if len(args) > len(left) && args[len(args)-len(left)-1] == "--" {
			rest = append(rest, left...) // after "--": all arguments
			break
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
	// Leave the arguments where fs.Args finds them; the flags keep their values.
	if err := fs.Parse(append([]string{"--"}, rest...)); err != nil {
		return false, ExitUsage
	}
	return true, 0
}

// OpenStore opens the database named by --db, or the default one.
func (e *Env) OpenStore(dbFlag string) (*data.Store, int) {
	path := dbFlag
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			return nil, e.Fail(lang.X("cli.err.nodir", "找不到用户配置目录，请用 --db 指定数据库文件。"), err)
		}
		path = p
	}
	st, err := data.Open(e.Ctx, path)
	if err != nil {
		if errors.Is(err, data.ErrNewerSchema) {
			return nil, e.Fail(lang.X("cli.err.newer", "这个数据库由更新版本的回头客创建，请升级回头客后再打开。"), err)
		}
		return nil, e.Fail(lang.X("cli.err.open", "无法打开数据库 {{.Path}}。请检查路径和文件权限。", map[string]any{"Path": path}), err)
	}
	return st, ExitOK
}

// extraArgs reports words left after the flags; a command takes none.
func (e *Env) extraArgs(fs *flag.FlagSet) bool {
	if fs.NArg() == 0 {
		return false
	}
	e.errorf(lang.X("cli.customers.extra", "多余的参数：{{.Args}}", map[string]any{"Args": strings.Join(fs.Args(), " ")}))
	return true
}

// dayFlag reads the YYYY-MM-DD value of flag --name, or def when it is
// empty; ok is false (and the user told why) when it is not a date.
func (e *Env) dayFlag(name, value string, def clock.Day) (d clock.Day, ok bool) {
	if value == "" {
		return def, true
	}
	d, err := clock.ParseDay(strings.TrimSpace(value))
	if err != nil {
		e.errorf(lang.X("cli.report.baddate", "--{{.Flag}} 的日期 {{.Value}} 不对，请写成 YYYY-MM-DD，例如 2026-11-15。",
			map[string]any{"Flag": name, "Value": strconv.Quote(value)}))
		return 0, false
	}
	return d, true
}
