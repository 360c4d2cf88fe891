package app

import (
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newScriptsScreen(u *UI) screen {
	t := lang.X("scripts.title", "话术")
	return u.newPlaceholder(theme.DocumentIcon(), lang.X("scripts.empty.title", "回访话术"),
		lang.X("scripts.empty.text", "每个回访原因都有一套话术：开场、来意、开放式提问和结束语，可以按店铺风格修改。"), u.pendingContent(t))
}
