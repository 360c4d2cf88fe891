package app

import (
	"context"
	"flag"
	"fmt"
	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/resources"
	"huitouke/resources/vocab"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"fyne.io/fyne/v2/lang"
)

// Run opens the window on the database named by --db (the default one otherwise) in the
// language of --lang (the Settings choice, else the system's), and returns the exit code
// when the window closes.
func Run(args []string) int {
	fs := flag.NewFlagSet("huitouke", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file")
	langFlag := fs.String("lang", "", "zh or en")
	if err := fs.Parse(args); err != nil {
		return 2
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
			return 1
		}
		path = p
	}
	st, err := data.Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, lang.X("cli.err.open", "无法打开数据库 {{.Path}}。请检查路径和文件权限。", map[string]any{"Path": path}), err)
		return 1
	}
	defer st.Close()

	w := a.NewWindow(lang.X("app.title", "回头客 Huitouke"))
	ui := New(a, w, st)
	w.Resize(WindowSize(a))
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
	return 0
}
