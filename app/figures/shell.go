// Package figures is the window's figures feature: the overview (KPIs of a period, lifecycle
// chart, trend), the segments screen (lifecycle, RFM, Pareto, levels, cohorts, cycles,
// export) and their settings card, over data/figures. Recomputer is the window's figure
// cache and recompute runner, which the shell owns and hands to the screens.
package figures

import (
	"context"

	"fyne.io/fyne/v2"

	"huitouke/app/kit"
	"huitouke/data"
)

// Shell is what the figures screens (overview, segments, their settings card) need from the
// window around them; app.UI provides it.
type Shell interface {
	Win() fyne.Window     // parent of the export's save dialog
	Store() *data.Store   // the shop's data
	Ctx() context.Context // cancelled when the window closes
	// Figures is the window's figure cache and recompute runner, shared by the screens.
	Figures() *Recomputer
	// FirstRunGuide is what the overview shows while the shop has no data.
	FirstRunGuide() fyne.CanvasObject
	GoImport()                          // the segments screen's empty state leads to importing
	OpenCustomers(f kit.CustomerFilter) // a tapped bar opens its customers
}
