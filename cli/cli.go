// Package cli is Huitouke's headless command line: the same binary as the
// window, used by shops for scheduled jobs and by tests end to end.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/lang"

	"huitouke/data"
	"huitouke/data/clock"
)

// Exit codes shared by every command.
const (
	ExitOK    = 0
	ExitFail  = 1
	ExitUsage = 2
)

// Env is what a command needs from the outside world.
type Env struct {
	Ctx     context.Context
	Stdout  io.Writer
	Stderr  io.Writer
	Version string
}

// command is one subcommand.
type command struct {
	name  string
	short func() string // one-line help, translated
	run   func(e *Env, args []string) int
}

func commands() []command {
	return []command{
		{"import", func() string { return lang.X("cli.import.short", "导入平台导出的订单或客户文件") }, cmdImport},
		{"report", func() string { return lang.X("cli.report.short", "输出复购率、分群等指标") }, cmdReport},
		{"customers", func() string { return lang.X("cli.customers.short", "列出、搜索或导出客户") }, cmdCustomers},
		{"calls", func() string { return lang.X("cli.calls.short", "生成某天的回访名单") }, cmdCalls},
		{"version", func() string { return lang.X("cli.version.short", "显示版本") }, cmdVersion},
		{"help", func() string { return lang.X("cli.help.short", "显示帮助") }, cmdHelp},
	}
}

// globalFlags take a value and may stand before the subcommand.
var globalFlags = map[string]bool{"--db": true, "-db": true, "--lang": true, "-lang": true}

// Normalize moves global flags written before the subcommand
// (huitouke --db x.db import f.xlsx) behind it, where its flag set reads them.
func Normalize(args []string) []string {
	var lead []string
	i := 0
	for i < len(args) {
		a := args[i]
		if globalFlags[a] && i+1 < len(args) {
			lead = append(lead, a, args[i+1])
			i += 2
			continue
		}
		if name, _, ok := strings.Cut(a, "="); ok && globalFlags[name] {
			lead = append(lead, a)
			i++
			continue
		}
		break
	}
	if i >= len(args) {
		return args // only global flags: the window
	}
	out := append([]string{args[i]}, lead...)
	return append(out, args[i+1:]...)
}

// IsCommand tells main whether args name a subcommand (or a help flag), so
// it can run the CLI instead of opening the window.
func IsCommand(args []string) bool {
	args = Normalize(args)
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "--help", "-help", "-v", "--version":
		return true
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return true
		}
	}
	return !strings.HasPrefix(args[0], "-") // an unknown word is a usage error, not a window
}

// Run runs the subcommand in args and returns the process exit code.
func Run(e *Env, args []string) int {
	if e.Ctx == nil {
		e.Ctx = context.Background()
	}
	args = Normalize(args)
	if len(args) == 0 {
		return cmdHelp(e, nil)
	}
	switch args[0] {
	case "-h", "--help", "-help":
		return cmdHelp(e, nil)
	case "-v", "--version":
		return cmdVersion(e, nil)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(e, args[1:])
		}
	}
	e.errorf(lang.X("cli.unknown", "未知命令：{{.Name}}。运行 huitouke help 查看可用命令。", map[string]any{"Name": args[0]}))
	return ExitUsage
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
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "%s huitouke %s [flags]\n", lang.X("cli.usage", "用法："), name)
		fs.PrintDefaults()
	}
	return fs, db
}

// Parse parses args and reports whether the command should go on; when not,
// code is the exit code to return.
func Parse(fs *flag.FlagSet, args []string) (ok bool, code int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, ExitOK
		}
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

// notYet is the answer of a command whose capability has not landed yet.
func notYet(e *Env, name string) int {
	e.errorf(lang.X("cli.notyet", "命令 {{.Name}} 暂未提供，将在后续版本中加入。", map[string]any{"Name": name}))
	return ExitUsage
}

func cmdVersion(e *Env, _ []string) int {
	fmt.Fprintf(e.Stdout, "huitouke %s\n", e.Version)
	return ExitOK
}

func cmdHelp(e *Env, _ []string) int {
	fmt.Fprintln(e.Stdout, lang.X("cli.help.title", "回头客 Huitouke —— 老客户管理与回访"))
	fmt.Fprintln(e.Stdout)
	fmt.Fprintln(e.Stdout, lang.X("cli.help.window", "不带参数运行 huitouke 打开窗口。命令："))
	cs := commands()
	for _, c := range cs {
		fmt.Fprintf(e.Stdout, "  %-10s %s\n", c.name, c.short())
	}
	fmt.Fprintln(e.Stdout)
	fmt.Fprintln(e.Stdout, lang.X("cli.help.common", "每个命令都接受 --db PATH（数据库文件）和 --lang zh|en。运行 huitouke COMMAND -h 查看该命令的参数。"))
	return ExitOK
}
