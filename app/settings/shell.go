package settings

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/data"
)

// Shell is what the Settings screen needs from the window around it (app.UI provides it):
// the app and window, the store, and the hooks a restore must call.
type Shell interface {
	App() fyne.App
	Win() fyne.Window
	Store() *data.Store
	Ctx() context.Context
	AgentName() string
	DataChanged() // the data were replaced (a restore)
	CloseCards()  // before a restore: cards show customers of the data being replaced
}
