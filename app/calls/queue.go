package calls

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// queue is the left of the workspace: the day's list, the reason filter and
// the progress. It knows which entry is current; opening one is the screen's.
type queue struct {
	day    clock.Day
	all    []calls.Item // shown entries of the day
	items  []calls.Item // after the reason filter
	filter rules.Reason
	cur    int // index into items; -1 none

	dayLabel  *widget.Label
	capLabel  *widget.Label  // today's capacity and who is left for the next days
	moreBtn   *widget.Button // pulls more eligible calls into today
	more      int
	progress  *widget.ProgressBar
	progLabel *widget.Label
	filterSel *widget.Select
	list      *widget.List
}

// queueActions are what the queue's controls ask of the screen.
type queueActions struct {
	selected func(i int) // an entry was selected in the list
	filtered func()      // the filter changed: the list was rebuilt
	refresh  func()
	export   func()
	pullMore func(n int) // pull n more eligible calls into today
}

// pullStep is how many calls "pull more" adds at a time.
const pullStep = 10

func newQueue(do queueActions) (*queue, fyne.CanvasObject) {
	q := &queue{cur: -1}
	q.dayLabel = widget.NewLabel("")
	q.progress = widget.NewProgressBar()
	q.progress.TextFormatter = func() string { return "" }
	q.progLabel = widget.NewLabel("")
	q.capLabel = widget.NewLabel("")
	q.capLabel.Wrapping = fyne.TextWrapWord
	q.moreBtn = widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { do.pullMore(min(pullStep, q.more)) })
	q.moreBtn.Hide()
	opts := []string{lang.X("calls.filter.all", "全部原因")}
	reasons := append(rules.Reasons(), rules.ReasonManual)
	for _, r := range reasons {
		opts = append(opts, vocab.Reason(r))
	}
	q.filterSel = widget.NewSelect(opts, nil)
	q.filterSel.SetSelectedIndex(0)
	q.filterSel.OnChanged = func(string) {
		i := q.filterSel.SelectedIndex()
		if i <= 0 {
			q.filter = ""
		} else {
			q.filter = reasons[i-1]
		}
		do.filtered()
	}
	q.list = widget.NewList(func() int { return len(q.items) },
		func() fyne.CanvasObject { return newCallRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(q.items) {
				o.(*callRow).set(q.items[id], clock.Now())
			}
		})
	q.list.OnSelected = func(id widget.ListItemID) { do.selected(id) }
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), do.refresh)
	exportBtn := widget.NewButtonWithIcon(lang.X("calls.export", "导出…"), theme.DownloadIcon(), do.export)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(refresh, exportBtn), q.dayLabel),
		container.NewBorder(nil, nil, nil, q.progLabel, q.progress),
		container.NewBorder(nil, nil, nil, q.moreBtn, q.capLabel),
		q.filterSel,
	)
	return q, container.NewBorder(top, nil, nil, nil, q.list)
}

// current is the entry being worked, if any.
func (q *queue) current() (calls.Item, bool) {
	if q.cur < 0 || q.cur >= len(q.items) {
		return calls.Item{}, false
	}
	return q.items[q.cur], true
}

// refilter rebuilds the shown entries from all and tells the index of the
// entry that was current, -1 when it is gone; nothing is current after it.
func (q *queue) refilter() int {
	var keep int64 = -1
	if it, ok := q.current(); ok {
		keep = it.ID
	}
	q.items = q.items[:0:0]
	for _, it := range q.all {
		if q.filter == "" || it.Reason == q.filter {
			q.items = append(q.items, it)
		}
	}
	q.cur = -1
	q.list.UnselectAll()
	q.list.Refresh()
	q.updateProgress()
	for i, it := range q.items {
		if it.ID == keep {
			return i
		}
	}
	return -1
}

// firstOpen is the first entry nobody has finished (or the agent's own), -1 none.
func (q *queue) firstOpen(agent string) int {
	for i, it := range q.items {
		if it.Status == calls.StatusOpen || (it.Status == calls.StatusWorking && it.Agent == agent) {
			return i
		}
	}
	return -1
}

// nextOpen is the next entry after the current one still to call, -1 none.
func (q *queue) nextOpen() int {
	for j := q.cur + 1; j < len(q.items); j++ {
		if q.items[j].Status == calls.StatusOpen {
			return j
		}
	}
	return -1
}

// show selects entry i and scrolls to it.
func (q *queue) show(i int) {
	q.list.Select(i)
	q.list.ScrollTo(i)
}

// ahead are the first n customers after entry i that want says to read ahead.
func (q *queue) ahead(i, n int, want func(id int64) bool) []int64 {
	var ids []int64
	for j := i + 1; j < len(q.items) && len(ids) < n; j++ {
		if id := q.items[j].CustomerID; want(id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func (q *queue) updateProgress() {
	done := 0
	for _, it := range q.all {
		if it.Status == calls.StatusDone || it.Status == calls.StatusSkipped {
			done++
		}
	}
	q.dayLabel.SetText(lang.X("calls.day", "{{.Day}} 回访名单", map[string]any{"Day": q.day.String()}))
	if len(q.all) > 0 {
		q.progress.SetValue(float64(done) / float64(len(q.all)))
	} else {
		q.progress.SetValue(0)
	}
	q.progLabel.SetText(lang.X("calls.progress", "已完成 {{.Done}} / {{.Total}}", map[string]any{"Done": done, "Total": len(q.all)}))
}

// setPlan shows the day's capacity line: the calls on today's list and the
// eligible persons left for the next days (more < 0: not known).
func (q *queue) setPlan(more int) {
	q.more = more
	if more < 0 {
		q.capLabel.SetText("")
		q.moreBtn.Hide()
		return
	}
	q.capLabel.SetText(lang.X("calls.capacity", "今日 {{.N}} · 另有 {{.More}} 位符合条件",
		map[string]any{"N": kit.Grouped(len(q.all)), "More": kit.Grouped(more)}))
	if more > 0 {
		q.moreBtn.SetText(lang.X("calls.pullmore", "再加 {{.N}} 位", map[string]any{"N": min(pullStep, more)}))
		q.moreBtn.Show()
	} else {
		q.moreBtn.Hide()
	}
}

// setStatus updates an entry in memory (the store was or is being written).
func (q *queue) setStatus(id int64, status, agent string, o calls.Outcome) {
	for _, list := range [][]calls.Item{q.all, q.items} {
		for i := range list {
			if list[i].ID == id {
				list[i].Status, list[i].Agent = status, agent
				if o != "" {
					list[i].Outcome = o
				}
			}
		}
	}
	q.list.Refresh()
	q.updateProgress()
}
