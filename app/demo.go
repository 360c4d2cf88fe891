package app

import (
	"context"
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/demo"
)

// demoState is what a window in demo mode needs to go back: the real store
// and the window content before the banner was put around it.
type demoState struct {
	real    *data.Store
	demo    *data.Store
	content fyne.CanvasObject
}

// demos holds the windows in demo mode; leftDemo the demo store each window
// left, still open. Only touched on the UI goroutine.
var (
	demos    = map[*UI]*demoState{}
	leftDemo = map[*UI]*data.Store{}
)

// InDemo tells whether the window shows the sample shop.
func (u *UI) InDemo() bool { return demos[u] != nil }

// ToggleDemo enters the sample shop, or leaves it.
func (u *UI) ToggleDemo() {
	if u.InDemo() {
		u.LeaveDemo()
	} else {
		u.EnterDemo()
	}
}

// EnterDemo builds the sample shop in its own database (never the real one),
// switches the window to it and shows a banner with the way back.
func (u *UI) EnterDemo() {
	if u.InDemo() {
		return
	}
	path := demo.PathFor(u.Store().Path())
	bar := widget.NewProgressBarInfinite()
	wait := dialog.NewCustomWithoutButtons(lang.X("demo.loading", "正在生成示例数据…"), bar, u.Win())
	wait.Show()
	old := leftDemo[u]
	delete(leftDemo, u)
	var st *data.Store
	var err error
	kit.Go(func() {
		if old != nil {
			// Closed only now, long after leaving: work the screens started
			// on it then has finished. Windows cannot replace an open file.
			if err := old.Close(); err != nil {
				fyne.LogError("close old demo database", err)
			}
		}
		// A few hundred customers take well under a second, but writing a
		// file is never done on the UI goroutine.
		st, err = demo.Create(context.Background(), path, demo.Options{})
	}, func() {
		wait.Hide()
		if err != nil {
			dialog.ShowError(fmt.Errorf("%s\n\n%v", lang.X("demo.failed", "示例数据没能生成，你的数据没有改变。请检查磁盘空间后再试。"), err), u.Win())
			return
		}
		if u.InDemo() { // entered twice quickly
			st.Close()
			return
		}
		s := &demoState{real: u.Store(), demo: st, content: u.Win().Content()}
		demos[u] = s
		u.Win().SetContent(container.NewBorder(u.demoBanner(), nil, nil, nil, s.content))
		u.switchStore(st)
	})
}

// LeaveDemo goes back to the shop's real data. The demo file stays (it is
// rebuilt, with fresh dates, next time). Its store stays open until then:
// screens may still be reading it from their worker goroutines, and a
// closed store makes their queries fail.
func (u *UI) LeaveDemo() {
	s := demos[u]
	if s == nil {
		return
	}
	delete(demos, u)
	u.Win().SetContent(s.content)
	u.switchStore(s.real)
	leftDemo[u] = s.demo
}

// switchStore points every screen at st: screens are rebuilt on demand and
// read u.Store() when they run, so dropping the built ones is enough. Their
// data-changed and close hooks go with them; the old screens' close hooks
// run first (they flush or release what they hold in the old store).
func (u *UI) switchStore(st *data.Store) {
	for _, fn := range u.onClose {
		fn()
	}
	u.dataChanged, u.onClose = nil, nil
	u.cards.StoreChanged()
	u.store = st
	u.screens = map[string]kit.Screen{}
	cur := u.current
	if u.indexOf(cur) < 0 {
		cur = kit.ScreenOverview
	}
	u.show(cur)
	u.installMenu() // the File menu's demo item names the way back
	u.Recompute(func() { u.DataChanged() })
}

// demoBanner is the strip above the window in demo mode.
func (u *UI) demoBanner() fyne.CanvasObject {
	// A tint of the warning colour reads in light and dark themes alike.
	r, g, b, _ := theme.Color(theme.ColorNameWarning).RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x60})
	bg.CornerRadius = theme.InputRadiusSize()
	msg := widget.NewLabel(lang.X("demo.banner", "正在查看示例数据 — 这是虚构的店铺，你的真实数据没有被改动。"))
	msg.Truncation = fyne.TextTruncateEllipsis
	leave := widget.NewButtonWithIcon(lang.X("demo.leave", "退出示例"), theme.LogoutIcon(), u.LeaveDemo)
	leave.Importance = widget.HighImportance
	row := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), leave, msg)
	return container.NewStack(bg, container.NewPadded(row))
}
