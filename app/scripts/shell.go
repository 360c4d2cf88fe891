package scripts

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/data"
)

// Shell is what the script editor needs from the window around it (app.UI
// provides it).
type Shell interface {
	Win() fyne.Window
	Store() *data.Store
	Ctx() context.Context
	GoImport() // the empty state's button
	HasData() bool
	AgentName() string // for the preview
	ReloadScripts()    // the call workspace shows the edited scripts
}
