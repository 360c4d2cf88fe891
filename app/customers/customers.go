package customers

import (
	"fmt"
	"image/color"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/clock"
	"huitouke/data/customers"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

func filterData(f kit.CustomerFilter) customers.Filter {
	return customers.Filter{Search: f.Search, Segment: f.Segment, RFM: f.RFM, Level: f.Level, Tag: f.Tag,
		Platform: f.Platform, BirthdayMonth: f.BirthdayMonth, DoNotContact: f.DoNotContact}
}

// cusAfter calls f on the UI goroutine after d unless the returned stop is
// called first (debounced search and autosave). Tests replace it.
var cusAfter = func(d time.Duration, f func()) (stop func()) {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

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

type customersScreen struct {
	u       Shell
	root    *fyne.Container
	empty   fyne.CanvasObject
	content fyne.CanvasObject
	tabs    *container.AppTabs

	filter  kit.CustomerFilter
	sort    customers.Sort
	search  *widget.Entry
	selects struct {
		segment, rfm, level, tag, platform, month, dnc *widget.Select
	}
	selectKeys map[*widget.Select][]string
	table      *widget.Table
	status     *widget.Label
	selInfo    *widget.Label

	count     int
	counted   bool
	pages     map[int][]customers.Row
	loading   map[int]bool
	gen       int
	selected  map[int64]bool
	cursor    int64 // row last tapped
	stopTimer func()
	indexing  bool // the search index is catching up

	suggestBtn *widget.Button
	undoBtn    *widget.Button
	mergeBtn   *widget.Button
	callBtn    *widget.Button
	complaints *complaintsView

	// settle, when set (tests), is called after every list reload lands.
	settle func()
}

// New builds the customer list screen.
func New(u Shell) kit.Screen {
	s := &customersScreen{u: u, root: container.NewStack(), pages: map[int][]customers.Row{}, loading: map[int]bool{},
		selected: map[int64]bool{}, selectKeys: map[*widget.Select][]string{}}
	s.empty = kit.EmptyState(u.GoImport, theme.AccountIcon(), lang.X("customers.empty.title", "还没有客户"),
		lang.X("customers.empty.text", "导入订单后，每位买家都会有一张客户卡片：联系方式、购买记录、备注和标签。"))
	u.OnDataChanged(func() {
		s.catchUpSearch()
		if s.content != nil {
			s.reload()
			s.refreshMergeButtons()
			s.complaints.reload()
		}
	})
	return s
}

func (s *customersScreen) Object() fyne.CanvasObject { return s.root }

func (s *customersScreen) Shown() {
	shown, built := kit.ShowContent(s.u.HasData(), s.root, s.empty, &s.content, s.build)
	if !shown {
		return
	}
	if built {
		s.reload()
	}
	s.refreshMergeButtons()
	s.complaints.reload()
	s.loadTags()
	s.catchUpSearch()
}

// catchUpSearch rebuilds stale search entries (after an import) in the
// background; searches stay correct meanwhile, only slower.
func (s *customersScreen) catchUpSearch() {
	if s.indexing {
		return
	}
	st := s.u.Store()
	s.indexing = true
	kit.Background(func() {
		n, err := customers.SearchBacklog(s.u.Ctx(), st)
		if err == nil && n > 0 {
			_, err = customers.RefreshSearch(s.u.Ctx(), st, 0, nil)
		}
		fyne.Do(func() {
			s.indexing = false
			if err == nil && n > 0 && s.filter.Search != "" {
				s.reload()
			}
		})
	})
}

func (s *customersScreen) build() fyne.CanvasObject {
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder(lang.X("customers.search.placeholder", "搜索姓名、昵称、手机号、邮箱、微信/QQ/旺旺号、标签…"))
	s.search.SetText(s.filter.Search)
	s.search.OnChanged = func(string) { s.searchChanged() }
	s.search.OnSubmitted = func(string) { s.applySearchNow() }

	same := func(t string) string { return t }
	mk := func(all string, keys []string, label func(string) string, set func(string)) *widget.Select {
		opts := []string{all}
		for _, k := range keys[1:] {
			opts = append(opts, label(k))
		}
		sel := widget.NewSelect(opts, nil)
		s.selectKeys[sel] = keys
		sel.SetSelectedIndex(0)
		sel.OnChanged = func(string) {
			i := sel.SelectedIndex()
			if i < 0 {
				i = 0
			}
			set(keys[i])
			s.reload()
		}
		return sel
	}
	segKeys := append([]string{""}, calc.Segments...)
	s.selects.segment = mk(lang.X("customers.filter.segment", "全部分群"), segKeys, func(k string) string { return vocab.Segment(k) },
		func(k string) { s.filter.Segment = k })
	s.selects.rfm = mk(lang.X("customers.filter.rfm", "全部 RFM"), append([]string{""}, calc.RFMClasses...),
		func(k string) string { return vocab.RFM(k) }, func(k string) { s.filter.RFM = k })
	s.selects.level = mk(lang.X("customers.filter.level", "全部等级"), []string{"", calc.LevelRegular, calc.LevelSilver, calc.LevelGold, calc.LevelDiamond},
		func(k string) string { return vocab.Level(k) }, func(k string) { s.filter.Level = k })
	s.selects.platform = mk(lang.X("customers.filter.platform", "全部平台"), []string{"", "taobao", "jd", "pdd", "douyin", "youzan", "shopify", "woocommerce"},
		func(k string) string { return vocab.Platform(k) }, func(k string) { s.filter.Platform = k })
	months := []string{""}
	for m := 1; m <= 12; m++ {
		months = append(months, fmt.Sprint(m))
	}
	s.selects.month = mk(lang.X("customers.filter.birthday", "生日月份"), months,
		func(k string) string {
			return lang.X("customers.filter.month", "{{.M}} 月生日", map[string]any{"M": k})
		},
		func(k string) {
			fmt.Sscan(k, &s.filter.BirthdayMonth)
			if k == "" {
				s.filter.BirthdayMonth = 0
			}
		})
	s.selects.dnc = mk(lang.X("customers.filter.dnc.any", "是否勿扰"), []string{"", "1", "-1"}, func(k string) string {
		if k == "1" {
			return lang.X("customers.filter.dnc.only", "只看勿扰")
		}
		return lang.X("customers.filter.dnc.not", "可联系")
	}, func(k string) {
		s.filter.DoNotContact = map[string]int{"": 0, "1": 1, "-1": -1}[k]
	})
	s.selects.tag = mk(lang.X("customers.filter.tag", "全部标签"), []string{""}, same, func(k string) { s.filter.Tag = k })
	clear := widget.NewButtonWithIcon(lang.X("customers.filter.clear", "清除筛选"), theme.ContentClearIcon(), func() { s.SetFilter(kit.CustomerFilter{}) })
	filters := container.NewGridWithColumns(8, s.selects.segment, s.selects.rfm, s.selects.level, s.selects.tag,
		s.selects.platform, s.selects.month, s.selects.dnc, clear)

	s.table = widget.NewTable(s.tableSize, s.newCell, s.updateCell)
	s.table.ShowHeaderRow = true
	s.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	s.table.UpdateHeader = s.updateHeader
	for i, c := range customerColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	s.table.OnSelected = func(id widget.TableCellID) {
		if r, ok := s.rowAt(id.Row); ok {
			s.cursor = r.ID
			if id.Col == 0 {
				s.toggle(r.ID)
			}
		}
		s.table.UnselectAll()
	}

	s.status = widget.NewLabel("")
	s.selInfo = widget.NewLabel("")
	open := widget.NewButtonWithIcon(lang.X("customers.open", "打开卡片"), theme.AccountIcon(), func() {
		if id := s.target(); id != 0 {
			s.u.OpenCustomer(id)
		}
	})
	tagAdd := widget.NewButtonWithIcon(lang.X("customers.tag.add", "加标签"), theme.ContentAddIcon(), func() { s.bulkTag(true) })
	tagDel := widget.NewButtonWithIcon(lang.X("customers.tag.remove", "去标签"), theme.ContentRemoveIcon(), func() { s.bulkTag(false) })
	export := widget.NewButtonWithIcon(lang.X("customers.export", "导出 Excel"), theme.DownloadIcon(), s.export)
	s.mergeBtn = widget.NewButtonWithIcon(lang.X("customers.merge.selected", "合并所选"), theme.ContentCopyIcon(), func() {
		ids := s.selectedIDs()
		if len(ids) == 2 {
			showMergePreview(s.u, ids[0], ids[1], nil)
		}
	})
	s.mergeBtn.Disable()
	s.suggestBtn = widget.NewButtonWithIcon(lang.X("customers.merge.suggest", "合并建议"), theme.SearchReplaceIcon(), func() { showMergeSuggestions(s.u) })
	s.undoBtn = widget.NewButtonWithIcon(lang.X("customers.merge.undo", "撤销上次合并"), theme.ContentUndoIcon(), func() { confirmUndoMerge(s.u) })
	s.undoBtn.Disable()
	s.callBtn = widget.NewButtonWithIcon(lang.X("customers.calllist.add", "加入今日回访"), theme.MailReplyIcon(), s.addToCalls)
	selAll := widget.NewButton(lang.X("customers.select.none", "取消选择"), func() {
		s.selected = map[int64]bool{}
		s.selectionChanged()
	})
	tools := container.NewHBox(open, widget.NewSeparator(), s.selInfo, selAll, tagAdd, tagDel, export, s.mergeBtn, s.callBtn)
	searchRow := container.NewBorder(nil, nil, nil, container.NewHBox(s.suggestBtn, s.undoBtn), s.search)
	top := container.NewVBox(searchRow, filters, container.NewHScroll(tools))
	list := container.NewBorder(top, s.status, nil, nil, s.table)

	s.complaints = newComplaintsView(s.u)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.X("customers.tab.list", "客户列表"), theme.AccountIcon(), list),
		container.NewTabItemWithIcon(lang.X("customers.tab.complaints", "待处理投诉"), theme.WarningIcon(), s.complaints.Object()),
	)
	s.complaints.onCount = func(n, overdue int) {
		t := lang.X("customers.tab.complaints", "待处理投诉")
		if n > 0 {
			t = lang.X("customers.tab.complaints.n", "待处理投诉 ({{.N}})", map[string]any{"N": n})
		}
		s.tabs.Items[1].Text = t
		s.tabs.Refresh()
	}
	s.selectionChanged()
	return s.tabs
}

func layoutSpacer() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(24, 1))
	return r
}

// target is the customer a single-customer action applies to: the only
// selected one, else the row last tapped.
func (s *customersScreen) target() int64 {
	if ids := s.selectedIDs(); len(ids) == 1 {
		return ids[0]
	}
	return s.cursor
}

func (s *customersScreen) selectedIDs() []int64 {
	var ids []int64
	for id, on := range s.selected {
		if on {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func (s *customersScreen) toggle(id int64) {
	if s.selected[id] {
		delete(s.selected, id)
	} else {
		s.selected[id] = true
	}
	s.selectionChanged()
}

func (s *customersScreen) selectionChanged() {
	n := len(s.selectedIDs())
	if n == 0 {
		s.selInfo.SetText(lang.X("customers.select.hint", "勾选客户可批量操作"))
	} else {
		s.selInfo.SetText(lang.X("customers.select.n", "已选 {{.N}} 位", map[string]any{"N": n}))
	}
	if n == 2 {
		s.mergeBtn.Enable()
	} else {
		s.mergeBtn.Disable()
	}
	if s.table != nil {
		s.table.Refresh()
	}
}

// SetFilter replaces the whole filter (OpenCustomers, clear) and shows it
// in the controls.
func (s *customersScreen) SetFilter(f kit.CustomerFilter) {
	if s.content == nil {
		s.filter = f
		return
	}
	set := func(sel *widget.Select, key string) {
		keys := s.selectKeys[sel]
		for i, k := range keys {
			if k == key {
				h := sel.OnChanged
				sel.OnChanged = nil
				sel.SetSelectedIndex(i)
				sel.OnChanged = h
				return
			}
		}
		if key != "" && sel == s.selects.tag {
			// A tag not in the list yet (just created): add it.
			s.selectKeys[sel] = append(keys, key)
			sel.Options = append(sel.Options, key)
			h := sel.OnChanged
			sel.OnChanged = nil
			sel.SetSelectedIndex(len(keys))
			sel.OnChanged = h
		}
	}
	s.filter = f
	set(s.selects.segment, f.Segment)
	set(s.selects.rfm, f.RFM)
	set(s.selects.level, f.Level)
	set(s.selects.tag, f.Tag)
	set(s.selects.platform, f.Platform)
	m := ""
	if f.BirthdayMonth > 0 {
		m = fmt.Sprint(f.BirthdayMonth)
	}
	set(s.selects.month, m)
	set(s.selects.dnc, map[int]string{0: "", 1: "1", -1: "-1"}[f.DoNotContact])
	h := s.search.OnChanged
	s.search.OnChanged = nil
	s.search.SetText(f.Search)
	s.search.OnChanged = h
	s.tabs.SelectIndex(0)
	s.reload()
}

// searchChanged waits for a pause in typing (200 ms) before querying, so
// each keystroke does not start a search.
func (s *customersScreen) searchChanged() {
	if s.stopTimer != nil {
		s.stopTimer()
	}
	s.stopTimer = cusAfter(200*time.Millisecond, s.applySearchNow)
}

func (s *customersScreen) applySearchNow() {
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	if s.search.Text == s.filter.Search && s.counted {
		return
	}
	s.filter.Search = s.search.Text
	s.reload()
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
			if s.settle != nil {
				s.settle()
			}
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
		t = strings.Join(r.Tags, "、")
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

// actionIDs are the customers a bulk action applies to: the selected ones.
func (s *customersScreen) actionIDs() []int64 {
	ids := s.selectedIDs()
	if len(ids) == 0 && s.cursor != 0 {
		ids = []int64{s.cursor}
	}
	return ids
}

func (s *customersScreen) loadTags() {
	st := s.u.Store()
	kit.Background(func() {
		tags, err := customers.AllTags(s.u.Ctx(), st)
		if err != nil {
			return
		}
		fyne.Do(func() {
			sel := s.selects.tag
			keys := []string{""}
			opts := []string{lang.X("customers.filter.tag", "全部标签")}
			for _, t := range tags {
				keys = append(keys, t.Name)
				opts = append(opts, fmt.Sprintf("%s (%d)", t.Name, t.Customers))
			}
			s.selectKeys[sel] = keys
			h := sel.OnChanged
			sel.OnChanged = nil
			sel.Options = opts
			sel.SetSelectedIndex(0)
			for i, k := range keys {
				if k == s.filter.Tag {
					sel.SetSelectedIndex(i)
				}
			}
			sel.OnChanged = h
		})
	})
}

func (s *customersScreen) bulkTag(add bool) {
	ids := s.actionIDs()
	if len(ids) == 0 {
		dialog.ShowInformation(lang.X("customers.tag.title", "标签"), lang.X("customers.select.first", "请先勾选客户。"), s.u.Win())
		return
	}
	entry := newTagEntry(s.u, s.u.Store())
	title := lang.X("customers.tag.add.title", "给 {{.N}} 位客户加标签", map[string]any{"N": len(ids)})
	if !add {
		title = lang.X("customers.tag.remove.title", "从 {{.N}} 位客户去掉标签", map[string]any{"N": len(ids)})
	}
	dialog.ShowForm(title, lang.X("dialog.ok", "确定"), lang.X("dialog.cancel", "取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.X("customers.tag.name", "标签"), entry)}, func(ok bool) {
			if !ok || strings.TrimSpace(entry.Text) == "" {
				return
			}
			tag := entry.Text
			st := s.u.Store()
			kit.Background(func() {
				var err error
				if add {
					err = customers.AddTag(s.u.Ctx(), st, ids, tag)
				} else {
					err = customers.RemoveTag(s.u.Ctx(), st, ids, tag)
				}
				fyne.Do(func() {
					if err != nil {
						showError(s.u.Win(), lang.X("customers.error.save", "保存失败，请再试一次。"), err)
						return
					}
					s.loadTags()
					s.refreshRows()
				})
			})
		}, s.u.Win())
}

func (s *customersScreen) export() {
	ids := s.selectedIDs()
	f := filterData(s.filter)
	if len(ids) > 0 {
		f = customers.Filter{IDs: ids}
	}
	srt := s.sort
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := kit.URIPath(w.URI())
		w.Close()
		st := s.u.Store()
		prog := dialog.NewCustomWithoutButtons(lang.X("customers.export.running", "正在导出…"), widget.NewProgressBarInfinite(), s.u.Win())
		prog.Show()
		kit.Background(func() {
			n, err := customers.Export(s.u.Ctx(), st, path, f, srt, customers.ExportOptions{Headers: vocab.CustomerExportHeaders(), Label: vocab.Label})
			fyne.Do(func() {
				prog.Hide()
				if err != nil {
					showError(s.u.Win(), lang.X("customers.export.failed", "导出失败。请检查文件夹是否可写、文件是否正被 Excel 打开。"), err)
					return
				}
				dialog.ShowInformation(lang.X("customers.export", "导出 Excel"),
					lang.X("customers.export.done", "已导出 {{.N}} 位客户到 {{.Path}}", map[string]any{"N": n, "Path": path}), s.u.Win())
			})
		})
	}, s.u.Win())
	d.SetFileName(lang.X("customers.export.file", "客户") + "-" + time.Now().Format("20060102") + ".xlsx")
	d.Show()
}

func (s *customersScreen) refreshMergeButtons() {
	if s.content == nil {
		return
	}
	st := s.u.Store()
	kit.Background(func() {
		sug, err1 := customers.SuggestMerges(s.u.Ctx(), st, 0)
		_, undo, err2 := customers.LastMerge(s.u.Ctx(), st)
		fyne.Do(func() {
			if err1 == nil {
				n := fmt.Sprint(len(sug))
				if len(sug) >= customers.SuggestLimit {
					n += "+"
				}
				s.suggestBtn.SetText(lang.X("customers.merge.suggest.n", "合并建议 ({{.N}})", map[string]any{"N": n}))
			}
			if err2 == nil && undo {
				s.undoBtn.Enable()
			} else {
				s.undoBtn.Disable()
			}
		})
	})
}

// addToCalls puts the selected customers (else the row last tapped) on
// today's call list, for this agent, and says how many were added.
func (s *customersScreen) addToCalls() {
	ids := s.actionIDs()
	if len(ids) == 0 {
		dialog.ShowInformation(lang.X("customers.calllist.add", "加入今日回访"), lang.X("customers.select.first", "请先勾选客户。"), s.u.Win())
		return
	}
	st, ctx, agent, day := s.u.Store(), s.u.Ctx(), s.u.AgentName(), clock.Today()
	s.callBtn.Disable()
	kit.Background(func() {
		res, err := calls.AddToDay(ctx, st, day, ids, agent)
		fyne.Do(func() {
			s.callBtn.Enable()
			if err != nil {
				showError(s.u.Win(), lang.X("customers.calllist.failed", "没能加入今日回访，请再试一次。"), err)
				return
			}
			title := lang.X("customers.calllist.add", "加入今日回访")
			msg := addedText(res)
			if len(res.Added) > 0 {
				// The calls screen reloads its list when shown again.
				if cs, ok := s.u.Built(kit.ScreenCalls).(interface{ ListChanged() }); ok {
					cs.ListChanged()
				}
			}
			dialog.ShowInformation(title, msg, s.u.Win())
		})
	})
}

// addedText is the confirmation of calls.AddToDay.
func addedText(res calls.Added) string {
	lines := []string{lang.X("customers.calllist.added", "已加入今日回访：{{.N}} 位（{{.M}} 位已在名单中）",
		map[string]any{"N": len(res.Added), "M": len(res.Already)})}
	if n := len(res.DoNotContact); n > 0 {
		lines = append(lines, lang.X("customers.calllist.dnc", "{{.N}} 位客户要求不再联系，没有加入。", map[string]any{"N": n}))
	}
	if n := len(res.NoNumber); n > 0 {
		lines = append(lines, lang.X("customers.calllist.nonumber", "其中 {{.N}} 位没有可拨打的号码，在回访页面的“无号码”里。", map[string]any{"N": n}))
	}
	if n := len(res.NotFound); n > 0 {
		lines = append(lines, lang.X("customers.calllist.notfound", "{{.N}} 位客户已被合并或删除，没有加入。", map[string]any{"N": n}))
	}
	return strings.Join(lines, "\n")
}
