package customers

import (
	"fmt"
	"huitouke/app/kit"
	"huitouke/data/customers"
	"huitouke/resources/vocab"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// customerPageSize is how many rows one query pages into memory.
const customerPageSize = 200

// customerColumns of the list, in order; column 0 is the selection box.
var customerColumns = []struct {
	sort  string
	width float32
	title func() string
}{
	{"", 36, func() string { return "" }},
	{customers.SortName, 120, func() string { return lang.X("customers.col.name", "姓名") }},
	{customers.SortNickname, 130, func() string { return lang.X("customers.col.nickname", "昵称") }},
	{customers.SortPlatform, 90, func() string { return lang.X("customers.col.platform", "平台") }},
	{customers.SortPhone, 120, func() string { return lang.X("customers.col.phone", "手机号") }},
	{customers.SortSegment, 100, func() string { return lang.X("customers.col.segment", "分群") }},
	{customers.SortRFM, 130, func() string { return lang.X("customers.col.rfm", "RFM 分类") }},
	{customers.SortLevel, 76, func() string { return lang.X("customers.col.level", "会员等级") }},
	{customers.SortOrders, 64, func() string { return lang.X("customers.col.orders", "订单数") }},
	{customers.SortRevenue, 100, func() string { return lang.X("customers.col.revenue.short", "累计消费") }},
	{customers.SortLastOrder, 96, func() string { return lang.X("customers.col.last", "最近下单") }},
	{customers.SortNextExpected, 106, func() string { return lang.X("customers.col.next", "预计下次购买") }},
	{"", 140, func() string { return lang.X("customers.col.tags", "标签") }},
}

// reload starts over: count and first page for the current filter, off the
// UI goroutine. Results of an older filter are dropped when they land.
func (s *customersScreen) reload() {
	if s.content == nil {
		return
	}
	s.gen++
	gen := s.gen
	s.pages = map[int][]customers.Row{}
	s.loading = map[int]bool{0: true}
	s.counted = false
	s.status.SetText(lang.X("customers.loading", "正在查找…"))
	st, f, srt := s.u.Store(), filterData(s.filter), s.sort
	kit.Background(func() {
		n, err := customers.Count(s.u.Ctx(), st, f)
		var rows []customers.Row
		if err == nil {
			rows, err = customers.List(s.u.Ctx(), st, f, srt, 0, customerPageSize)
		}
		fyne.Do(func() {
			if gen != s.gen {
				return
			}
			delete(s.loading, 0)
			if err != nil {
				s.count, s.counted = 0, true
				s.status.SetText(lang.X("customers.error.list", "读取客户列表失败，请稍后再试。") + " (" + err.Error() + ")")
				s.table.Refresh()
				return
			}
			s.count, s.counted = n, true
			s.pages[0] = rows
			s.updateStatus()
			s.table.Refresh()
			s.table.ScrollToTop()
		})
	})
}

func (s *customersScreen) updateStatus() {
	if s.count == 0 && s.filter != (kit.CustomerFilter{}) {
		s.status.SetText(lang.X("customers.none", "没有符合条件的客户。换个关键词，或点“清除筛选”。"))
		return
	}
	s.status.SetText(lang.X("customers.count", "共 {{.N}} 位客户", map[string]any{"N": kit.Thousands(int64(s.count))}))
}

// refreshRows reloads the pages in memory (after an edit) without losing
// the scroll position.
func (s *customersScreen) refreshRows() {
	if s.content == nil {
		return
	}
	s.gen++
	s.pages = map[int][]customers.Row{}
	s.loading = map[int]bool{}
	s.table.Refresh()
}

func (s *customersScreen) rowAt(i int) (customers.Row, bool) {
	p := s.pages[i/customerPageSize]
	if k := i % customerPageSize; k < len(p) {
		return p[k], true
	}
	return customers.Row{}, false
}

// loadPage pages rows in the background; the cells show a placeholder
// until they land.
func (s *customersScreen) loadPage(p int) {
	if s.loading[p] || !s.counted {
		return
	}
	s.loading[p] = true
	gen := s.gen
	st, f, srt := s.u.Store(), filterData(s.filter), s.sort
	kit.Background(func() {
		rows, err := customers.List(s.u.Ctx(), st, f, srt, p*customerPageSize, customerPageSize)
		fyne.Do(func() {
			if gen != s.gen {
				return
			}
			delete(s.loading, p)
			if err != nil {
				s.status.SetText(lang.X("customers.error.list", "读取客户列表失败，请稍后再试。") + " (" + err.Error() + ")")
				return
			}
			s.pages[p] = rows
			s.table.Refresh()
		})
	})
}

func (s *customersScreen) tableSize() (int, int) {
	return s.count, len(customerColumns)
}

func (s *customersScreen) newCell() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(check, l)
}

func (s *customersScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	check, label := c.Objects[0].(*widget.Check), c.Objects[1].(*widget.Label)
	r, ok := s.rowAt(id.Row)
	if !ok {
		s.loadPage(id.Row / customerPageSize)
	}
	if id.Col == 0 {
		check.Show()
		label.Hide()
		check.OnChanged = nil
		check.SetChecked(ok && s.selected[r.ID])
		if ok {
			rid := r.ID
			check.OnChanged = func(on bool) {
				if on != s.selected[rid] {
					s.toggle(rid)
				}
			}
		}
		return
	}
	check.Hide()
	label.Show()
	if !ok {
		label.SetText("…")
		label.Importance = widget.LowImportance
		return
	}
	label.Importance = widget.MediumImportance
	label.Alignment = fyne.TextAlignLeading
	var t string
	switch id.Col {
	case 1:
		t = r.Name
		if t == "" {
			t = r.Nickname
		}
		if r.DoNotContact {
			t = "⊘ " + t
		}
	case 2:
		t = r.Nickname
	case 3:
		t = vocab.Platform(r.Platform)
	case 4:
		t = r.Phone
	case 5:
		t = vocab.Segment(r.Segment)
	case 6:
		t = vocab.RFM(r.RFM)
	case 7:
		t = vocab.Level(r.Level)
	case 8:
		t = fmt.Sprint(r.Orders)
		label.Alignment = fyne.TextAlignTrailing
	case 9:
		t = kit.Yuan(r.RevenueFen)
		label.Alignment = fyne.TextAlignTrailing
	case 10:
		t = r.LastOrder
	case 11:
		t = r.NextExpected
	case 12:
		t = vocab.Join(r.Tags)
	}
	label.SetText(t)
}

func (s *customersScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	col := customerColumns[id.Col]
	t := col.title()
	if id.Col == 0 {
		// The header box selects every loaded row (or clears them).
		b.SetText("☐")
		b.OnTapped = func() { s.selectAllLoaded() }
		return
	}
	if col.sort != "" || id.Col == 1 {
		if s.sort.By == col.sort && col.sort != "" {
			if s.sort.Desc {
				t += " ▼"
			} else {
				t += " ▲"
			}
		}
		key := col.sort
		b.OnTapped = func() {
			if key == "" {
				return
			}
			if s.sort.By == key {
				s.sort.Desc = !s.sort.Desc
			} else {
				s.sort = customers.Sort{By: key, Desc: key == customers.SortRevenue || key == customers.SortOrders || key == customers.SortLastOrder}
			}
			s.reload()
		}
	} else {
		b.OnTapped = nil
	}
	b.SetText(t)
}

// selectAllLoaded ticks every row the filter selects (all of them, fetched
// in the background), or clears the selection when some are ticked.
func (s *customersScreen) selectAllLoaded() {
	if len(s.selected) > 0 {
		s.selected = map[int64]bool{}
		s.selectionChanged()
		return
	}
	st, f, srt := s.u.Store(), filterData(s.filter), s.sort
	kit.Background(func() {
		ids, err := customers.IDs(s.u.Ctx(), st, f, srt)
		fyne.Do(func() {
			if err != nil {
				showError(s.u.Win(), lang.X("customers.error.list", "读取客户列表失败，请稍后再试。"), err)
				return
			}
			for _, id := range ids {
				s.selected[id] = true
			}
			s.selectionChanged()
		})
	})
}
