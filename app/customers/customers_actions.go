package customers

import (
	"errors"
	"fmt"
	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/data/clock"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

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
		fyne.Do(func() {
			if err != nil {
				s.status.SetText(lang.X("customers.error.tags", "读取标签失败，仍可直接输入标签") + " (" + err.Error() + ")")
				return
			}
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
		if err := w.Close(); err != nil {
			showError(s.u.Win(), lang.X("customers.export.failed", "导出失败。请检查文件夹是否可写、文件是否正被 Excel 打开。"), err)
			return
		}
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
	d.SetFileName(lang.X("customers.export.file", "客户") + "-" + clock.Now().Format("20060102") + ".xlsx")
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
			if err := errors.Join(err1, err2); err != nil {
				s.status.SetText(lang.X("customers.error.merges", "读取合并建议失败。") + " (" + err.Error() + ")")
			}
			if err1 == nil {
				n := fmt.Sprint(len(sug))
				if len(sug) >= customers.SuggestLimit {
					n += "+"
				}
				s.btn.suggest.SetText(lang.X("customers.merge.suggest.n", "合并建议 ({{.N}})", map[string]any{"N": n}))
			}
			if err2 == nil && undo {
				s.btn.undo.Enable()
			} else {
				s.btn.undo.Disable()
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
	s.btn.call.Disable()
	kit.Background(func() {
		res, err := calls.AddToDay(ctx, st, day, ids, agent)
		fyne.Do(func() {
			s.btn.call.Enable()
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
