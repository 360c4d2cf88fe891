package vocab

import (
	"fmt"

	"fyne.io/fyne/v2/lang"
)

// BackupReason words why a backup was taken (the reason part of its file name).
func BackupReason(r string) string {
	switch r {
	case "import":
		return lang.X("backup.reason.import", "导入前")
	case "manual":
		return lang.X("backup.reason.manual", "手动")
	case "beforerestore":
		return lang.X("backup.reason.beforerestore", "恢复前")
	}
	return r
}

// FileSize writes a size in bytes the way people read it: 1.2 MB, 340 KB.
func FileSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
