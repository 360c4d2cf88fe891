package customers

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/app/kit"
	"huitouke/data"
)

// Shell is what this feature needs from the window around it (app.UI provides it).
type Shell interface {
	App() fyne.App      // card windows are windows of the app
	Win() fyne.Window   // dialogs of the list
	Store() *data.Store // the store shown now (cards keep the one they were opened on)
	Ctx() context.Context
	Built(screen string) kit.Screen // the calls screen, told when today's list grew
	GoImport()                      // the empty state's button
	HasData() bool
	DataChanged()            // after merges and their undo
	OnDataChanged(fn func()) // imports and edits elsewhere reload the list
	AgentName() string       // customers added to today's calls are this agent's
	OpenCustomer(id int64)   // a card (referrals, complaints, the list)
	Recompute(done func())   // a merge changes the figures
}
