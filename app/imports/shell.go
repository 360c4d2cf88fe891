package imports

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/data"
)

// Shell is what the import screen needs from the window around it (app.UI
// provides it; kittest.Shell stands in for it in tests).
type Shell interface {
	Win() fyne.Window
	Store() *data.Store
	Ctx() context.Context
	// Show brings a screen (kit.Screen*) to the front: 查看客户 after an import.
	Show(screen string)
	// DataChanged tells the other screens the data changed (after an undo).
	DataChanged()
	// Recompute refreshes the stored figures after an import, then calls done.
	Recompute(done func())
}
