package customers

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// showMergeSuggestions lists pairs that share a full phone number or an
// e-mail; each can be previewed and merged, or dismissed.
func showMergeSuggestions(u Shell) {
	st := u.Store()
	var d dialog.Dialog
	var sug []customers.Suggestion
	list := widget.NewList(func() int { return len(sug) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		preview := widget.NewButton(lang.X("merge.preview", "查看并合并"), nil)
		dismiss := widget.NewButton(lang.X("merge.dismiss", "不是同一人"), nil)
		dismiss.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, nil, container.NewHBox(preview, dismiss), l)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		s := sug[i]
		b := o.(*fyne.Container)
		why := lang.X("merge.why.phone", "手机号相同 {{.V}}", map[string]any{"V": s.Value})
		if s.Reason == "email" {
			why = lang.X("merge.why.email", "邮箱相同 {{.V}}", map[string]any{"V": s.Value})
		}
		b.Objects[0].(*widget.Label).SetText(refName(s.A) + "  ⇄  " + refName(s.B) + "   · " + why)
		btns := b.Objects[1].(*fyne.Container)
		btns.Objects[0].(*widget.Button).OnTapped = func() {
			d.Hide()
			showMergePreview(u, s.A.ID, s.B.ID, func() { showMergeSuggestions(u) })
		}
		btns.Objects[1].(*widget.Button).OnTapped = func() {
			kit.Background(func() {
				err := customers.DismissSuggestion(u.Ctx(), st, s.A.ID, s.B.ID)
				fyne.Do(func() {
					if err != nil {
						showError(u.Win(), lang.X("customers.error.save", "保存失败，请再试一次。"), err)
						return
					}
					d.Hide()
					showMergeSuggestions(u)
					u.DataChanged()
				})
			})
		}
	})
	empty := widget.NewLabel(lang.X("merge.none", "没有发现疑似同一人的客户。只有完整（未打码）的手机号或邮箱相同才会建议合并。"))
	empty.Wrapping = fyne.TextWrapWord
	body := container.NewStack(list)
	d = dialog.NewCustom(lang.X("merge.title", "合并建议"), lang.X("dialog.close", "关闭"),
		container.NewGridWrap(fyne.NewSize(760, 420), body), u.Win())
	d.Show()
	kit.Background(func() {
		s, err := customers.SuggestMerges(u.Ctx(), st, 0)
		fyne.Do(func() {
			if err != nil {
				showError(u.Win(), lang.X("merge.error", "无法读取合并建议。"), err)
				return
			}
			sug = s
			if len(sug) == 0 {
				body.Objects = []fyne.CanvasObject{empty}
				body.Refresh()
			}
			list.Refresh()
		})
	})
}

// showMergePreview puts two customers side by side with the merged result,
// lets the user choose which card to keep, and merges on confirmation.
func showMergePreview(u Shell, a, b int64, after func()) {
	st := u.Store()
	kit.Background(func() {
		p, err := customers.PreviewMerge(u.Ctx(), st, a, b)
		fyne.Do(func() {
			if err != nil {
				showError(u.Win(), customerErrorText(err), err)
				return
			}
			mergePreviewDialog(u, p, after)
		})
	})
}

func mergePreviewDialog(u Shell, p *customers.Preview, after func()) {
	col := func(title string, c customers.Customer, card *customers.Card) fyne.CanvasObject {
		lines := []string{
			lang.X("card.f.name", "姓名") + "：" + c.Name,
			lang.X("card.f.nickname", "昵称") + "：" + c.Nickname,
			lang.X("customers.col.platform", "平台") + "：" + vocab.Platform(c.Platform),
			lang.X("card.f.email", "邮箱") + "：" + c.Email,
			lang.X("card.f.birthday", "生日") + "：" + c.Birthday,
			lang.X("card.f.city", "城市") + "：" + c.Province + " " + c.City,
			lang.X("card.f.notes", "备注") + "：" + strings.ReplaceAll(c.Notes, "\n", " / "),
		}
		if card != nil {
			var phones []string
			for _, ph := range card.Phones {
				phones = append(phones, ph.Phone)
			}
			lines = append(lines,
				lang.X("card.f.phones", "手机号")+"："+strings.Join(phones, "，"),
				lang.X("card.f.tags", "标签")+"："+strings.Join(card.Tags, "，"),
				lang.X("merge.orders", "订单：{{.N}} 笔，{{.Amount}}", map[string]any{"N": len(card.Orders), "Amount": kit.Yuan(sumRevenue(card))}))
		}
		l := widget.NewLabel(strings.Join(lines, "\n"))
		l.Wrapping = fyne.TextWrapWord
		t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		return container.NewBorder(t, nil, nil, nil, container.NewVScroll(l))
	}
	keep, other := p.Keep, p.Other
	var d dialog.Dialog
	grid := container.NewGridWithColumns(3)
	render := func() {
		grid.Objects = []fyne.CanvasObject{
			col(lang.X("merge.keep", "保留这张卡片"), keep.Customer, keep),
			col(lang.X("merge.other", "并入的卡片"), other.Customer, other),
			col(lang.X("merge.result", "合并后"), mergedPreview(keep, other), nil),
		}
		grid.Refresh()
	}
	render()
	swap := widget.NewButtonWithIcon(lang.X("merge.swap", "换一张保留"), theme.ViewRefreshIcon(), func() {
		keep, other = other, keep
		render()
	})
	note := widget.NewLabel(lang.X("merge.note", "订单、回访记录、投诉、评分、积分、标签和手机号都会移到保留的卡片上；保留卡片上空着的信息用另一张补上。合并后可以“撤销上次合并”。"))
	note.Wrapping = fyne.TextWrapWord
	do := widget.NewButtonWithIcon(lang.X("merge.do", "合并"), theme.ConfirmIcon(), func() {
		d.Hide()
		k, o := keep.ID, other.ID
		st := u.Store()
		kit.Background(func() {
			_, err := customers.Merge(u.Ctx(), st, k, o)
			fyne.Do(func() {
				if err != nil {
					showError(u.Win(), customerErrorText(err), err)
					return
				}
				if s, ok := u.Built(kit.ScreenCustomers).(*customersScreen); ok {
					s.selected = map[int64]bool{}
					s.selectionChanged()
				}
				u.Recompute(func() { u.DataChanged() })
				if after != nil {
					after()
				}
			})
		})
	})
	do.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.X("dialog.cancel", "取消"), func() { d.Hide() })
	body := container.NewBorder(nil, container.NewVBox(note, container.NewHBox(swap, layoutSpacer(), cancel, do)), nil, nil, grid)
	d = dialog.NewCustomWithoutButtons(lang.X("merge.preview.title", "合并客户"), container.NewGridWrap(fyne.NewSize(900, 480), body), u.Win())
	d.Show()
}

// mergedPreview is the kept customer's fields after the merge, as
// PreviewMerge computed for the original order or recomputed after a swap.
func mergedPreview(keep, other *customers.Card) customers.Customer {
	r := keep.Customer
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	if other.Name != "" && (r.Name == "" || (r.NameMasked && !other.NameMasked)) {
		r.Name = other.Name
	}
	for _, p := range []struct {
		d *string
		s string
	}{{&r.Nickname, other.Nickname}, {&r.Email, other.Email}, {&r.Birthday, other.Birthday}, {&r.Province, other.Province}, {&r.City, other.City}} {
		fill(p.d, p.s)
	}
	if r.Notes == "" {
		r.Notes = other.Notes
	} else if other.Notes != "" && !strings.Contains(r.Notes, other.Notes) {
		r.Notes += "\n" + other.Notes
	}
	return r
}

func sumRevenue(c *customers.Card) int64 {
	var s int64
	for _, o := range c.Orders {
		s += o.RevenueFen
	}
	return s
}

// confirmUndoMerge undoes the newest merge after asking.
func confirmUndoMerge(u Shell) {
	st := u.Store()
	kit.Background(func() {
		m, ok, err := customers.LastMerge(u.Ctx(), st)
		fyne.Do(func() {
			if err != nil || !ok {
				dialog.ShowInformation(lang.X("customers.merge.undo", "撤销上次合并"), lang.X("merge.undo.none", "没有可以撤销的合并。"), u.Win())
				return
			}
			msg := lang.X("merge.undo.text", "把 {{.B}} 从 {{.A}} 中拆分出来，恢复成合并前的两张卡片（{{.At}} 合并）？",
				map[string]any{"A": refName(m.Keep), "B": refName(m.Other), "At": m.CreatedAt})
			dialog.ShowConfirm(lang.X("customers.merge.undo", "撤销上次合并"), msg, func(yes bool) {
				if !yes {
					return
				}
				kit.Background(func() {
					_, err := customers.UndoLastMerge(u.Ctx(), st)
					fyne.Do(func() {
						if err != nil {
							showError(u.Win(), lang.X("merge.undo.failed", "撤销合并失败。"), err)
							return
						}
						u.Recompute(func() { u.DataChanged() })
					})
				})
			}, u.Win())
		})
	})
}
