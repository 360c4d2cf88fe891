package customers

import (
	"fmt"
	"image/color"
	"sort"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
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

	btn struct {
		suggest, undo, merge, call *widget.Button
	}
	complaints *complaintsView
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
	filters := s.buildFilters()
	s.buildTable()
	s.status = widget.NewLabel("")
	s.selInfo = widget.NewLabel("")
	tools := s.buildTools()
	searchRow := container.NewBorder(nil, nil, nil, container.NewHBox(s.btn.suggest, s.btn.undo), s.search)
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

// buildFilters makes the row of filter selects, each showing the labels of stored values.
func (s *customersScreen) buildFilters() fyne.CanvasObject {
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
			s.filter.BirthdayMonth = 0
			if k != "" {
				m, err := strconv.Atoi(k) // the keys are "1"…"12"
				if err != nil {
					fyne.LogError("birthday month filter", err)
					return
				}
				s.filter.BirthdayMonth = m
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
	return container.NewGridWithColumns(8, s.selects.segment, s.selects.rfm, s.selects.level, s.selects.tag,
		s.selects.platform, s.selects.month, s.selects.dnc, clear)
}

// buildTable makes the customer table: a selection box, then the columns, sortable by header.
func (s *customersScreen) buildTable() {
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
}

// buildTools makes the buttons acting on the selected customers.
func (s *customersScreen) buildTools() fyne.CanvasObject {
	open := widget.NewButtonWithIcon(lang.X("customers.open", "打开卡片"), theme.AccountIcon(), func() {
		if id := s.target(); id != 0 {
			s.u.OpenCustomer(id)
		}
	})
	tagAdd := widget.NewButtonWithIcon(lang.X("customers.tag.add", "加标签"), theme.ContentAddIcon(), func() { s.bulkTag(true) })
	tagDel := widget.NewButtonWithIcon(lang.X("customers.tag.remove", "去标签"), theme.ContentRemoveIcon(), func() { s.bulkTag(false) })
	export := widget.NewButtonWithIcon(lang.X("customers.export", "导出 Excel"), theme.DownloadIcon(), s.export)
	s.btn.merge = widget.NewButtonWithIcon(lang.X("customers.merge.selected", "合并所选"), theme.ContentCopyIcon(), func() {
		ids := s.selectedIDs()
		if len(ids) == 2 {
			showMergePreview(s.u, ids[0], ids[1], nil)
		}
	})
	s.btn.merge.Disable()
	s.btn.suggest = widget.NewButtonWithIcon(lang.X("customers.merge.suggest", "合并建议"), theme.SearchReplaceIcon(), func() { showMergeSuggestions(s.u) })
	s.btn.undo = widget.NewButtonWithIcon(lang.X("customers.merge.undo", "撤销上次合并"), theme.ContentUndoIcon(), func() { confirmUndoMerge(s.u) })
	s.btn.undo.Disable()
	s.btn.call = widget.NewButtonWithIcon(lang.X("customers.calllist.add", "加入今日回访"), theme.MailReplyIcon(), s.addToCalls)
	selAll := widget.NewButton(lang.X("customers.select.none", "取消选择"), func() {
		s.selected = map[int64]bool{}
		s.selectionChanged()
	})
	return container.NewHBox(open, widget.NewSeparator(), s.selInfo, selAll, tagAdd, tagDel, export, s.btn.merge, s.btn.call)
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
		s.btn.merge.Enable()
	} else {
		s.btn.merge.Disable()
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
