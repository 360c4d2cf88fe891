// Package figures turns the stored orders into the figures the shop owner reads: it
// recomputes customer_stats (segments, RFM, levels, loyalty ladder) with the shop's own
// thresholds, answers the overview and the `report` command for any period from a Cache of
// the paid orders, feeds the segments screen (Pareto, cohorts, cycles, levels) and exports a
// segment to Excel. It wraps data/figures/calc (pure computation) with SQLite; it never
// imports Fyne: settings problems come back as *errs.Error codes the UI translates.
//
// The screens make one call per user action: Cache.Overview, Cache.SegmentsPage, Stale,
// LoadSettings, SaveSettings, ExportSegment. Every public function takes the *data.Store.
package figures
