package customers

import (
	"strconv"
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
	"huitouke/data"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// cardMember is the card's membership section: tags, level, points, the referrer and
// do-not-contact.
type cardMember struct {
	c         *customerCard
	tags      *fyne.Container
	tagEntry  *widget.SelectEntry
	level     *widget.Select
	levelKeys []string // stored level of each option; "" = by spending
	points    *widget.Label
	referrer  *widget.Label
	dnc       *widget.Check
	dncReason *cardEntry
	dncDay    *cardEntry
	dncMsg    *canvas.Text
}

func newCaption() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameError))
	t.TextSize = theme.CaptionTextSize()
	return t
}

func (s *cardMember) build() fyne.CanvasObject {
	c := s.c
	s.tags = container.NewHBox()
	s.tagEntry = newTagEntry(c.u, c.store)
	s.tagEntry.OnSubmitted = func(string) { s.addTag() }
	addTag := widget.NewButtonWithIcon(lang.X("card.tag.add", "加标签"), theme.ContentAddIcon(), s.addTag)
	levelOpts := []string{lang.X("card.level.auto", "按消费自动")}
	for _, k := range s.levelKeys[1:] {
		levelOpts = append(levelOpts, vocab.Level(k))
	}
	s.level = widget.NewSelect(levelOpts, nil)
	s.level.OnChanged = func(string) {
		i := s.level.SelectedIndex()
		if i < 0 || s.levelKeys[i] == c.card.LevelOverride {
			return
		}
		v := s.levelKeys[i]
		c.saveNow(func() error {
			_, err := customers.SetField(c.u.Ctx(), c.store, c.id, customers.FieldLevelOverride, v)
			return err
		})
	}
	s.points = widget.NewLabel("")
	s.referrer = widget.NewLabel("")
	refBtn := widget.NewButtonWithIcon(lang.X("card.ref.pick", "选择推荐人…"), theme.SearchIcon(), s.pickReferrer)
	refClear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		c.saveNow(func() error { return customers.SetReferredBy(c.u.Ctx(), c.store, c.id, 0) })
	})
	return container.NewVBox(
		cardSection(lang.X("card.sec.member", "会员与标签")),
		widget.NewLabel(lang.X("card.f.tags", "标签")), s.tags,
		container.NewBorder(nil, nil, nil, addTag, s.tagEntry),
		container.NewGridWithColumns(2, container.NewVBox(widget.NewLabel(lang.X("card.f.level.short", "会员等级（手动设置后保持不变）")), s.level),
			container.NewVBox(widget.NewLabel(lang.X("card.f.points", "积分")), s.points)),
		s.buildPoints(),
		widget.NewLabel(lang.X("card.f.referrer", "推荐人")), container.NewBorder(nil, nil, nil, container.NewHBox(refBtn, refClear), s.referrer),
		s.buildDNC(),
	)
}

// buildPoints is the row adjusting the points by hand, with a reason.
func (s *cardMember) buildPoints() fyne.CanvasObject {
	c := s.c
	delta := widget.NewEntry()
	delta.SetPlaceHolder(lang.X("card.points.delta", "如 100 或 -50"))
	reason := widget.NewEntry()
	reason.SetPlaceHolder(lang.X("card.points.reason", "原因（必填）"))
	msg := newCaption()
	apply := widget.NewButton(lang.X("card.points.apply", "调整积分"), func() {
		d, err := strconv.ParseInt(strings.TrimSpace(foldDigits(delta.Text)), 10, 64)
		if err != nil {
			msg.Text = lang.X("card.points.bad", "请填写整数，例如 100 或 -50")
			msg.Refresh()
			return
		}
		why := reason.Text
		c.saveNow(func() error { return customers.AdjustPoints(c.u.Ctx(), c.store, c.id, d, why) }, func(err error) {
			if err != nil {
				msg.Text = customerErrorText(err)
			} else {
				msg.Text = ""
				delta.SetText("")
				reason.SetText("")
			}
			msg.Refresh()
		})
	})
	return container.NewVBox(container.NewGridWithColumns(3, delta, reason, apply), msg)
}

// buildDNC is the do-not-contact switch with its reason and day, saved as they change.
func (s *cardMember) buildDNC() fyne.CanvasObject {
	c := s.c
	s.dnc = widget.NewCheck(lang.X("card.dnc", "勿扰（不再联系）"), nil)
	s.dncReason = newCardEntry(false)
	s.dncReason.SetPlaceHolder(lang.X("card.dnc.reason", "原因"))
	s.dncDay = newCardEntry(false)
	s.dncDay.SetPlaceHolder(lang.X("card.dnc.day", "日期 YYYY-MM-DD（默认今天）"))
	s.dncMsg = newCaption()
	save := func() {
		if c.card == nil {
			return
		}
		on, reason, day := s.dnc.Checked, s.dncReason.Text, s.dncDay.Text
		if on == c.card.DoNotContact && reason == c.card.DNCReason && day == c.card.DNCAt {
			return
		}
		if on && strings.TrimSpace(day) != "" {
			if _, err := customers.ValidateDate("dnc_at", day); err != nil {
				s.dncMsg.Text = customerErrorText(err)
				s.dncMsg.Refresh()
				return
			}
		}
		s.dncMsg.Text = ""
		s.dncMsg.Refresh()
		c.saveNow(func() error { return customers.SetDoNotContact(c.u.Ctx(), c.store, c.id, on, reason, day) })
	}
	s.dnc.OnChanged = func(bool) { save() }
	s.dncReason.onBlur = save
	s.dncDay.onBlur = save
	s.dncReason.OnSubmitted = func(string) { save() }
	s.dncDay.OnSubmitted = func(string) { save() }
	return container.NewVBox(s.dnc, container.NewGridWithColumns(2, s.dncReason, s.dncDay), s.dncMsg)
}

func (s *cardMember) addTag() {
	c := s.c
	t := s.tagEntry.Text
	if strings.TrimSpace(t) == "" {
		return
	}
	c.saveNow(func() error { return customers.AddTag(c.u.Ctx(), c.store, []int64{c.id}, t) }, func(err error) {
		if err == nil {
			s.tagEntry.SetText("")
		}
	})
}

// fill shows the stored membership; the do-not-contact texts keep what the user is typing.
func (s *cardMember) fill(k *customers.Card, first bool) {
	c := s.c
	h := s.dnc.OnChanged
	s.dnc.OnChanged = nil
	s.dnc.SetChecked(k.DoNotContact)
	s.dnc.OnChanged = h
	if first || s.dncReason.Text == "" {
		s.dncReason.SetText(k.DNCReason)
	}
	if first || s.dncDay.Text == "" {
		s.dncDay.SetText(k.DNCAt)
	}

	s.tags.Objects = nil
	for _, t := range k.Tags {
		tag := t
		b := widget.NewButtonWithIcon(t, theme.CancelIcon(), func() {
			c.saveNow(func() error { return customers.RemoveTag(c.u.Ctx(), c.store, []int64{c.id}, tag) })
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		s.tags.Add(b)
	}
	if len(k.Tags) == 0 {
		s.tags.Add(widget.NewLabel(lang.X("card.tag.none", "还没有标签")))
	}
	s.tags.Refresh()

	hl := s.level.OnChanged
	s.level.OnChanged = nil
	s.level.SetSelectedIndex(0)
	for i, l := range s.levelKeys {
		if l == k.LevelOverride && i > 0 {
			s.level.SetSelectedIndex(i)
		}
	}
	s.level.OnChanged = hl
	s.points.SetText(lang.X("card.points.balance", "{{.N}} 分", map[string]any{"N": kit.Thousands(k.PointsBalance)}))
	if k.Referrer != nil {
		s.referrer.SetText(refName(*k.Referrer))
	} else {
		s.referrer.SetText(lang.X("card.ref.none", "无"))
	}
}

// pickReferrer searches customers to link as the one who referred this one.
func (s *cardMember) pickReferrer() {
	c := s.c
	var found []customers.Row
	q := widget.NewEntry()
	q.SetPlaceHolder(lang.X("card.ref.search", "输入姓名、昵称或手机号查找"))
	var d dialog.Dialog
	list := widget.NewList(func() int { return len(found) }, func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := found[i]
			o.(*widget.Label).SetText(refName(customers.Ref{Name: r.Name, Nickname: r.Nickname}) + "  " + r.Phone)
		})
	list.OnSelected = func(i widget.ListItemID) {
		ref := found[i].ID
		d.Hide()
		c.saveNow(func() error { return customers.SetReferredBy(c.u.Ctx(), c.store, c.id, ref) })
	}
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	var stop func()
	q.OnChanged = func(typed string) {
		if stop != nil {
			stop()
		}
		stop = cusAfter(200*time.Millisecond, func() {
			kit.Background(func() {
				rows, err := customers.List(c.u.Ctx(), c.store, customers.Filter{Search: typed}, customers.Sort{}, 0, 30)
				fyne.Do(func() {
					if q.Text != typed {
						return
					}
					if err != nil {
						status.SetText(lang.X("customers.error.list", "读取客户列表失败，请稍后再试。") + " (" + err.Error() + ")")
						return
					}
					status.SetText("")
					found = found[:0]
					for _, r := range rows {
						if r.ID != c.id {
							found = append(found, r)
						}
					}
					list.Refresh()
				})
			})
		})
	}
	d = dialog.NewCustom(lang.X("card.ref.pick", "选择推荐人…"), lang.X("dialog.cancel", "取消"),
		container.NewGridWrap(fyne.NewSize(420, 360), container.NewBorder(q, status, nil, nil, list)), c.win)
	d.Show()
	c.win.Canvas().Focus(q)
}

// newTagEntry is a tag entry whose drop-down offers the tags of st that match what is typed.
func newTagEntry(u Shell, st *data.Store) *widget.SelectEntry {
	e := widget.NewSelectEntry(nil)
	e.SetPlaceHolder(lang.X("card.tag.placeholder", "输入或选择标签"))
	var all []string
	kit.Background(func() {
		tags, err := customers.AllTags(u.Ctx(), st)
		fyne.Do(func() {
			if err != nil {
				// Typing a tag still works; only the suggestions are missing.
				e.SetPlaceHolder(lang.X("customers.error.tags", "读取标签失败，仍可直接输入标签"))
				return
			}
			for _, t := range tags {
				all = append(all, t.Name)
			}
			e.SetOptions(all)
		})
	})
	e.OnChanged = func(typed string) {
		typed = strings.TrimSpace(typed)
		if typed == "" {
			e.SetOptions(all)
			return
		}
		var m []string
		for _, t := range all {
			if strings.Contains(strings.ToLower(t), strings.ToLower(typed)) {
				m = append(m, t)
			}
		}
		e.SetOptions(m)
	}
	return e
}
