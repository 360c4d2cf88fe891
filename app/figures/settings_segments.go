package figures

import (
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/figures"
	"huitouke/data/figures/calc"
	"huitouke/resources/vocab"
)

// SettingsSection is the Settings card of the figures: lifecycle thresholds, the loyal-order
// count and the membership tiers.
func SettingsSection(u Shell) func() fyne.CanvasObject {
	return func() fyne.CanvasObject { return newSegmentSettings(u) }
}

// segmentSettings is the Settings card for lifecycle thresholds, the loyal-order count and
// the membership tiers.
type segmentSettings struct {
	u                                Shell
	newDays, cooling, dormHigh, dorm *widget.Entry
	loyal                            *widget.Entry
	tiers                            *fyne.Container
	rows                             []*tierRow
	msg                              *widget.Label
	save                             *widget.Button
}

type tierRow struct {
	key       string // stored key the row started with ("" for a new row)
	name, min *widget.Entry
	box       *fyne.Container
}

func newSegmentSettings(u Shell) fyne.CanvasObject {
	_, card := buildSegmentSettings(u)
	return card
}

func buildSegmentSettings(u Shell) (*segmentSettings, fyne.CanvasObject) {
	s := &segmentSettings{u: u}
	num := func() *widget.Entry {
		e := widget.NewEntry()
		e.Validator = nil
		return e
	}
	s.newDays, s.cooling, s.dormHigh, s.dorm, s.loyal = num(), num(), num(), num(), num()
	days := lang.X("settings.seg.days", "天")
	row := func(e *widget.Entry, unit string) fyne.CanvasObject {
		return container.NewHBox(fixedWidth(e, 90), widget.NewLabel(unit))
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("settings.seg.new", "新顾客 / 活跃：最近购买在"), row(s.newDays, lang.X("settings.seg.within", "天以内"))),
		widget.NewFormItem(lang.X("settings.seg.cooling", "待唤醒：最多"), row(s.cooling, days)),
		widget.NewFormItem(lang.X("settings.seg.dormant_high", "高挽回：最多"), row(s.dormHigh, days)),
		widget.NewFormItem(lang.X("settings.seg.dormant_low", "低挽回：最多"), row(s.dorm, lang.X("settings.seg.lost", "天（更久算已流失）"))),
		widget.NewFormItem(lang.X("settings.seg.loyal", "忠实客户：至少"), row(s.loyal, lang.X("settings.seg.orders", "笔订单"))),
	)
	s.tiers = container.NewVBox()
	addTier := widget.NewButtonWithIcon(lang.X("settings.level.add", "添加等级"), theme.ContentAddIcon(), func() {
		s.addRow("", "", "")
	})
	s.msg = widget.NewLabel("")
	s.msg.Wrapping = fyne.TextWrapWord
	s.save = widget.NewButtonWithIcon(lang.X("settings.seg.save", "保存并重新计算"), theme.DocumentSaveIcon(), s.saveNow)
	s.save.Importance = widget.HighImportance
	reset := widget.NewButton(lang.X("settings.seg.defaults", "恢复默认"), func() { s.fill(calc.DefaultSettings()) })

	tierHead := widget.NewLabel(lang.X("settings.level.head", "会员等级：累计消费达到金额即升到该等级（卡片上手动设置的等级优先）"))
	tierHead.Wrapping = fyne.TextWrapWord
	card := widget.NewCard(lang.X("settings.seg.title", "客户分群与会员等级"),
		lang.X("settings.seg.sub", "按最近一次购买距今的天数分群。保存后会按新设置重新计算所有客户。"),
		container.NewVBox(form, widget.NewSeparator(), tierHead, s.tiers, container.NewHBox(addTier),
			container.NewHBox(s.save, reset), s.msg))
	cur, err := figures.LoadSettings(u.Ctx(), u.Store())
	if err != nil {
		s.msg.SetText(lang.X("settings.seg.err.load", "无法读取分群设置，下面显示的是默认值。") + "\n" + err.Error())
	}
	s.fill(cur)
	return s, card
}

func (s *segmentSettings) fill(v calc.Settings) {
	s.newDays.SetText(strconv.Itoa(v.NewDays))
	s.cooling.SetText(strconv.Itoa(v.CoolingDays))
	s.dormHigh.SetText(strconv.Itoa(v.DormantHighDays))
	s.dorm.SetText(strconv.Itoa(v.DormantLowDays))
	s.loyal.SetText(strconv.Itoa(v.LoyalOrders))
	s.rows = nil
	s.tiers.Objects = nil
	for _, l := range v.Levels {
		s.addRow(l.Name, vocab.Level(l.Name), yuanPlain(l.MinFen))
	}
	s.tiers.Refresh()
}

func (s *segmentSettings) addRow(key, name, min string) {
	r := &tierRow{key: key, name: widget.NewEntry(), min: widget.NewEntry()}
	r.name.SetText(name)
	r.name.SetPlaceHolder(lang.X("settings.level.name", "等级名称"))
	r.min.SetText(min)
	r.min.SetPlaceHolder("0.00")
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	r.box = container.NewHBox(fixedWidth(r.name, 140), widget.NewLabel(lang.X("settings.level.from", "累计消费满 ¥")),
		fixedWidth(r.min, 120), remove)
	remove.OnTapped = func() {
		for i, x := range s.rows {
			if x == r {
				s.rows = append(s.rows[:i], s.rows[i+1:]...)
				break
			}
		}
		s.tiers.Remove(r.box)
	}
	s.rows = append(s.rows, r)
	s.tiers.Add(r.box)
}

// read turns the entries into settings; bad is the message for the first unreadable entry.
func (s *segmentSettings) read() (calc.Settings, string) {
	var v calc.Settings
	ints := []struct {
		e   *widget.Entry
		dst *int
	}{{s.newDays, &v.NewDays}, {s.cooling, &v.CoolingDays}, {s.dormHigh, &v.DormantHighDays}, {s.dorm, &v.DormantLowDays}, {s.loyal, &v.LoyalOrders}}
	for _, x := range ints {
		n, err := strconv.Atoi(strings.TrimSpace(x.e.Text))
		if err != nil {
			return v, lang.X("settings.seg.err.number", "天数和订单数请填整数，例如 45。")
		}
		*x.dst = n
	}
	for _, r := range s.rows {
		name := strings.TrimSpace(r.name.Text)
		// A default tier whose translated name was left alone keeps its key, so it still
		// reads right in the other language.
		if r.key != "" && name == vocab.Level(r.key) {
			name = r.key
		}
		fen, ok := parseYuan(r.min.Text)
		if !ok {
			return v, lang.X("settings.level.err.amount", "等级的金额请填数字，例如 500 或 500.00。")
		}
		v.Levels = append(v.Levels, calc.Level{Name: name, MinFen: fen})
	}
	return v, ""
}

func (s *segmentSettings) saveNow() {
	v, bad := s.read()
	if bad != "" {
		s.msg.SetText(bad)
		return
	}
	if err := figures.SaveSettings(s.u.Ctx(), s.u.Store(), v); err != nil {
		s.msg.SetText(settingsErrorText(err))
		return
	}
	s.msg.SetText(lang.X("settings.seg.recomputing", "已保存，正在重新计算客户分群…"))
	s.save.Disable()
	s.u.Figures().RecomputeThen(func(err error) {
		s.save.Enable()
		if err != nil {
			s.msg.SetText(lang.X("settings.seg.err.recompute", "设置已保存，但重新计算客户分群失败，请稍后再试。") + "\n" + err.Error())
			return
		}
		s.msg.SetText(lang.X("settings.seg.saved", "已保存，客户分群已按新设置更新。"))
	})
}

// settingsErrorText words a validation error for the shop owner.
func settingsErrorText(err error) string {
	if text, ok := vocab.Error(err); ok {
		return text
	}
	return lang.X("settings.seg.err.save", "保存失败，请稍后再试。") + "\n" + err.Error()
}

// parseYuan reads an amount in yuan ("500", "500.5", "1,200.00", "¥88") into fen.
func parseYuan(s string) (int64, bool) {
	s = strings.NewReplacer(",", "", "，", "", "¥", "", "￥", "", " ", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

// yuanPlain formats fen as a plain amount for an entry ("500", "88.50").
func yuanPlain(fen int64) string {
	if fen%100 == 0 {
		return strconv.FormatInt(fen/100, 10)
	}
	return strconv.FormatFloat(float64(fen)/100, 'f', 2, 64)
}
