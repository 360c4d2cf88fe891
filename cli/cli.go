// Package cli is Huitouke's headless command line: the same binary as the
// window, used by shops for scheduled jobs and by tests end to end.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2/lang"
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
		{"predict", func() string {
			return lang.X("cli.predict.short", "拟合购买预测模型（还在买的可能、预计单数和贡献）")
		}, cmdPredict},
		{"backup", func() string { return lang.X("cli.backup.short", "列出、创建或恢复备份") }, cmdBackup},
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
