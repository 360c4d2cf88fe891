package figures

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/app/kit"
	"huitouke/data"
)

// Shell is what this feature needs from the window around it (app.UI provides it).
type Shell interface {
	App() fyne.App
	Win() fyne.Window
	Store() *data.Store
	Ctx() context.Context
	Show(screen string)
	Current() string
	Built(screen string) kit.Screen
	GoImport()
	HasData() bool
	DataChanged()
	OnDataChanged(fn func())
	OnClose(fn func())
	AgentName() string
	InDemo() bool
	OpenCustomer(id int64)
	OpenCustomers(f kit.CustomerFilter)
	Recompute(done func())
	ReloadScripts()
	Figures() *Recomputer
	FirstRunGuide() fyne.CanvasObject
}
