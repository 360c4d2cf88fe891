package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"huitouke/data"
	"huitouke/resources/vocab"
)

// backupJSON is one backup in `huitouke backup … --json`.
type backupJSON struct {
	Path    string `json:"path"`
	Name    string `json:"name"`
	Created string `json:"created"` // RFC 3339, local time
	Size    int64  `json:"size"`    // bytes
	Reason  string `json:"reason"`  // import | manual | beforerestore
}

func toBackupJSON(b data.Backup) backupJSON {
	return backupJSON{Path: b.Path, Name: b.Name, Created: b.Created.Format(time.RFC3339), Size: b.Size, Reason: b.Reason}
}

// restoreJSON is the output of `huitouke backup restore --json`.
type restoreJSON struct {
	Restored backupJSON  `json:"restored"`
	Safety   *backupJSON `json:"safety_backup"` // the state before the restore
}

const backupUsage = "huitouke backup list|create|restore FILE [--db PATH] [--json]"

// cmdBackup: huitouke backup list|create|restore FILE [--db PATH] [--json]
func cmdBackup(e *Env, args []string) int {
	fs, dbFlag := NewFlagSet(e, "backup")
	asJSON := fs.Bool("json", false, lang.X("cli.customers.json", "输出 JSON"))
	e.usage(fs, backupUsage)
	// Flags may stand anywhere: before, between or after the words.
	words, ok, code := parseAnywhere(fs, args)
	if !ok {
		return code
	}
	action, rest := "", []string(nil)
	if len(words) > 0 {
		action, rest = words[0], words[1:]
	}
	switch action {
	case "":
		e.errorf(lang.X("cli.backup.noaction", "请指定 list、create 或 restore，例如：huitouke backup list"))
		fs.Usage()
		return ExitUsage
	case "list", "create":
		if len(rest) > 0 {
			e.errorf(lang.X("cli.customers.extra", "多余的参数：{{.Args}}", map[string]any{"Args": strings.Join(rest, " ")}))
			return ExitUsage
		}
	case "restore":
		if len(rest) != 1 {
			e.errorf(lang.X("cli.backup.nofile", "请指定一个要恢复的备份，例如：huitouke backup restore huitouke-20261115-200000000-import.db（用 huitouke backup list 查看）"))
			return ExitUsage
		}
	default:
		e.errorf(lang.X("cli.backup.unknown", "未知的备份操作：{{.Name}}。可用：list、create、restore。", map[string]any{"Name": action}))
		return ExitUsage
	}
	return e.withStore(*dbFlag, func(st *data.Store) int {
		switch action {
		case "list":
			return backupList(e, st, *asJSON)
		case "create":
			return backupCreate(e, st, *asJSON)
		}
		return backupRestore(e, st, rest[0], *asJSON)
	})
}

func backupList(e *Env, st *data.Store, asJSON bool) int {
	bs, err := st.Backups()
	if err != nil {
		return e.Fail(lang.X("cli.backup.listfailed", "无法读取备份文件夹 {{.Dir}}。请检查文件夹权限。", map[string]any{"Dir": st.BackupDir()}), err)
	}
	if asJSON {
		out := make([]backupJSON, len(bs))
		for i, b := range bs {
			out[i] = toBackupJSON(b)
		}
		if err := e.writeJSON(out, false); err != nil {
			return e.Fail(lang.X("cli.err.write", "无法输出结果。"), err)
		}
		return ExitOK
	}
	if len(bs) == 0 {
		fmt.Fprintln(e.Stdout, lang.X("cli.backup.none", "{{.Dir}} 里还没有备份。", map[string]any{"Dir": st.BackupDir()}))
		return ExitOK
	}
	table := [][]string{{lang.X("cli.backup.col.created", "备份时间"), lang.X("cli.backup.col.reason", "原因"),
		lang.X("cli.backup.col.size", "大小"), lang.X("cli.backup.col.path", "文件")}}
	for _, b := range bs {
		table = append(table, []string{b.Created.Format("2006-01-02 15:04:05"), vocab.BackupReason(b.Reason), vocab.FileSize(b.Size), b.Path})
	}
	writeTable(e.Stdout, table, 0)
	return ExitOK
}

func backupCreate(e *Env, st *data.Store, asJSON bool) int {
	b, err := st.Backup(e.Ctx, "manual")
	if err != nil {
		return e.Fail(lang.X("settings.backup.failed", "备份失败：请检查磁盘空间和文件夹权限。"), err)
	}
	if asJSON {
		if err := e.writeJSON(toBackupJSON(b), false); err != nil {
			return e.Fail(lang.X("cli.err.write", "无法输出结果。"), err)
		}
		return ExitOK
	}
	fmt.Fprintln(e.Stdout, b.Path)
	return ExitOK
}

func backupRestore(e *Env, st *data.Store, file string, asJSON bool) int {
	b, err := st.FindBackup(file)
	switch {
	case errors.Is(err, data.ErrOtherDatabase):
		return e.Fail(lang.X("cli.backup.other", "{{.File}} 是同一文件夹里另一个数据库的备份，不能用来恢复 {{.DB}}。",
			map[string]any{"File": file, "DB": filepath.Base(st.Path())}), nil)
	case errors.Is(err, data.ErrNotBackup):
		return e.Fail(lang.X("cli.backup.notbackup", "{{.File}} 不是 {{.DB}} 的备份。用 huitouke backup list 查看可以恢复的备份。",
			map[string]any{"File": file, "DB": filepath.Base(st.Path())}), nil)
	case err != nil:
		return e.Fail(lang.X("cli.backup.listfailed", "无法读取备份文件夹 {{.Dir}}。请检查文件夹权限。", map[string]any{"Dir": st.BackupDir()}), err)
	}
	if err := st.Restore(e.Ctx, b.Path); err != nil {
		return e.Fail(lang.X("settings.restore.failed", "恢复失败，现在的数据没有改变。"), err)
	}
	// Restore backed up the state before it first: the newest "beforerestore".
	var safety *backupJSON
	if bs, err := st.Backups(); err == nil {
		for _, s := range bs {
			if s.Reason == "beforerestore" && s.Path != b.Path {
				j := toBackupJSON(s)
				safety = &j
				break
			}
		}
	}
	if asJSON {
		if err := e.writeJSON(restoreJSON{Restored: toBackupJSON(b), Safety: safety}, false); err != nil {
			return e.Fail(lang.X("cli.err.write", "无法输出结果。"), err)
		}
		return ExitOK
	}
	msg := lang.X("settings.restore.done", "已恢复 {{.When}} 的备份。", map[string]any{"When": b.Created.Format("2006-01-02 15:04:05")})
	if safety != nil {
		msg += " " + lang.X("cli.backup.safety", "恢复前的数据已另存为 {{.Path}}", map[string]any{"Path": safety.Path})
	}
	fmt.Fprintln(e.Stdout, strings.TrimSpace(msg))
	return ExitOK
}
