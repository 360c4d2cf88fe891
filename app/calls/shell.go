package calls

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/data"
)

// Shell is what the calls feature needs from the window around it (app.UI
// provides it).
type Shell interface {
	App() fyne.App // preferences (the agent's name), clipboard, dialling
	Win() fyne.Window
	Store() *data.Store
	Ctx() context.Context
	Current() string // the workspace takes the keyboard only while it is the screen shown
	GoImport()       // the empty state's button
	HasData() bool
	OnDataChanged(fn func()) // imports, edits, merges: the day's list is read again
	OnClose(fn func())       // the window closes: claims are handed back
	AgentName() string
	OpenCustomer(id int64)
}
