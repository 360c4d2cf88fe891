// Huitouke (回头客): a customer database and call list for small online shops.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"huitouke/app"
	"huitouke/app/kit"
	"huitouke/cli"
	"huitouke/data"
	"huitouke/resources"
	"huitouke/resources/vocab"
)

func main() {
	args := os.Args[1:]
	if cli.IsCommand(args) {
		if err := vocab.Load(vocab.LangFromArgs(args)); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(cli.Run(&cli.Env{Ctx: context.Background(), Stdout: os.Stdout, Stderr: os.Stderr, Version: app.Version}, args))
	}
	os.Exit(runWindow(args))
}

func runWindow(args []string) int {
	fs := flag.NewFlagSet("huitouke", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	langFlag := fs.String("lang", "", "zh or en")
	if err := fs.Parse(args); err != nil {
		return cli.ExitUsage
	}

	a := fyneapp.NewWithID("com.huitouke.app")
	a.SetIcon(resources.Icon)
	force := *langFlag
	if force == "" {
		force = kit.LanguagePreference(a)
	}
	if err := vocab.Load(force); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	kit.ApplyTheme(a)

	path := *dbPath
	if path == "" {
		p, err := data.DefaultPath()
		if err != nil {
			fmt.Fprintln(os.Stderr, lang.X("cli.err.nodir", "找不到用户配置目录，请用 --db 指定数据库文件。"), err)
			return cli.ExitFail
		}
		path = p
	}
	st, err := data.Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, lang.X("cli.err.open", "无法打开数据库 {{.Path}}。请检查路径和文件权限。", map[string]any{"Path": path}), err)
		return cli.ExitFail
	}
	defer st.Close()

	w := a.NewWindow(lang.X("app.title", "回头客 Huitouke"))
	ui := app.New(a, w, st)
	w.Resize(app.WindowSize(a))
	closed := false
	closing := func() {
		if !closed {
			closed = true
			ui.Closing()
		}
	}
	w.SetCloseIntercept(func() {
		closing()
		w.Close()
	})
	// Quit from the menu skips the close intercept.
	a.Lifecycle().SetOnStopped(closing)
	w.ShowAndRun()
	return cli.ExitOK
}
