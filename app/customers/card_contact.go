package customers

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/calls/rules"
	"huitouke/data/customers"
	"huitouke/resources/vocab"
)

// cardContact is the card's identity and contact section: names, phones, the other
// accounts, the address and when to call.
type cardContact struct {
	c          *customerCard
	phones     *fyne.Container
	phoneEntry *cardEntry
	phoneMsg   *canvas.Text
	salutation *cardEntry // {称呼}: its placeholder shows the worked-out one
}

func (s *cardContact) build() fyne.CanvasObject {
	c := s.c
	s.phones = container.NewVBox()
	s.phoneEntry = newCardEntry(false)
	s.phoneEntry.SetPlaceHolder(lang.X("card.phone.placeholder", "新手机号，如 138 0013 8000 或 +1 415 555 0100"))
	s.phoneMsg = canvas.NewText("", theme.Color(theme.ColorNameError))
	s.phoneMsg.TextSize = theme.CaptionTextSize()
	s.phoneEntry.OnChanged = func(v string) {
		if strings.TrimSpace(v) == "" {
			s.setPhoneMsg(nil)
			return
		}
		_, _, _, err := customers.ValidatePhone(v)
		s.setPhoneMsg(err)
	}
	addPhone := widget.NewButtonWithIcon(lang.X("card.phone.add", "添加"), theme.ContentAddIcon(), s.addPhone)
	s.phoneEntry.OnSubmitted = func(string) { s.addPhone() }

	name := c.field(customers.FieldName, lang.X("card.f.name", "姓名"), "", false)
	nick := c.field(customers.FieldNickname, lang.X("card.f.nickname", "昵称"), "", false)
	sal := c.field(customers.FieldSalutation, lang.X("card.f.salutation", "称呼"), "", false)
	s.salutation = c.fields[len(c.fields)-1].entry
	return container.NewVBox(
		cardSection(lang.X("card.sec.contact", "联系方式")),
		container.NewGridWithColumns(3, name, nick, sal),
		widget.NewLabel(lang.X("card.f.phones", "手机号")), s.phones,
		container.NewBorder(nil, nil, nil, addPhone, s.phoneEntry), s.phoneMsg,
		container.NewGridWithColumns(2,
			c.field(customers.FieldWeChat, lang.X("card.f.wechat", "微信号"), "", false),
			c.field(customers.FieldQQ, lang.X("card.f.qq", "QQ"), "", false),
			c.field(customers.FieldWangwang, lang.X("card.f.wangwang", "旺旺号"), "", false),
			c.field(customers.FieldEmail, lang.X("card.f.email", "邮箱"), "name@example.com", false)),
		container.NewGridWithColumns(2,
			c.field(customers.FieldProvince, lang.X("card.f.province", "省份"), "", false),
			c.field(customers.FieldCity, lang.X("card.f.city", "城市"), "", false)),
		c.field(customers.FieldAddress, lang.X("card.f.address", "地址"), "", false),
		c.field(customers.FieldContactTime, lang.X("card.f.contact_time", "方便联系的时间"), lang.X("card.f.contact_time.ph", "如：工作日晚上 7 点后"), false),
	)
}

func (s *cardContact) setPhoneMsg(err error) {
	if err == nil {
		s.phoneMsg.Text = ""
	} else {
		s.phoneMsg.Text = customerErrorText(err)
	}
	s.phoneMsg.Refresh()
}

func (s *cardContact) addPhone() {
	c := s.c
	typed := s.phoneEntry.Text
	if _, _, _, err := customers.ValidatePhone(typed); err != nil {
		s.setPhoneMsg(err) // kept in the entry to correct
		return
	}
	c.saveNow(func() error {
		_, err := customers.AddPhone(c.u.Ctx(), c.store, c.id, typed)
		return err
	}, func(err error) {
		s.setPhoneMsg(err)
		if err == nil {
			s.phoneEntry.SetText("")
		}
	})
}

// fill lists the stored phones, each with its delete button, and shows the
// salutation scripts use when none is set.
func (s *cardContact) fill(k *customers.Card) {
	c := s.c
	auto := rules.Salutation(rules.Person{Name: k.Name, NameMasked: k.NameMasked, Gender: k.Gender, Nickname: k.Nickname}, vocab.Locale())
	if auto == "" {
		auto = lang.X("card.f.salutation.none", "不称呼，直接说“您好”")
	}
	s.salutation.SetPlaceHolder(auto)
	s.phones.Objects = nil
	for _, p := range k.Phones {
		t := p.Phone
		if p.Masked {
			t += "  " + lang.X("card.phone.masked", "（平台打码）")
		}
		phone := p.Phone
		del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			c.saveNow(func() error { return customers.RemovePhone(c.u.Ctx(), c.store, c.id, phone) })
		})
		del.Importance = widget.LowImportance
		s.phones.Add(container.NewBorder(nil, nil, nil, del, widget.NewLabel(t)))
	}
	if len(k.Phones) == 0 {
		s.phones.Add(widget.NewLabel(lang.X("card.phone.none", "还没有手机号")))
	}
	s.phones.Refresh()
}

// cardPerson is the card's personal section: birthday, gender, sizes, preferences, notes.
type cardPerson struct {
	c      *customerCard
	gender *widget.Select
}

// genderKeys are the stored values of the gender select, in its order.
var genderKeys = []string{"", "f", "m"}

func (s *cardPerson) build() fyne.CanvasObject {
	c := s.c
	s.gender = widget.NewSelect([]string{lang.X("card.gender.none", "未填"), lang.X("card.gender.f", "女"), lang.X("card.gender.m", "男")}, nil)
	s.gender.OnChanged = func(string) {
		i := s.gender.SelectedIndex()
		if i < 0 || c.card == nil || genderKeys[i] == c.card.Gender {
			return
		}
		c.saveNow(func() error {
			v, err := customers.SetField(c.u.Ctx(), c.store, c.id, customers.FieldGender, genderKeys[i])
			c.card.Gender = v
			return err
		})
	}
	return container.NewVBox(
		cardSection(lang.X("card.sec.person", "个人信息")),
		container.NewGridWithColumns(2,
			c.field(customers.FieldBirthday, lang.X("card.f.birthday", "生日"), lang.X("card.f.birthday.ph", "1990-05-17，不知道年份写 --05-17"), false),
			container.NewVBox(widget.NewLabel(lang.X("card.f.gender", "性别")), s.gender)),
		container.NewGridWithColumns(2,
			c.field(customers.FieldSizes, lang.X("card.f.sizes", "尺码"), lang.X("card.f.sizes.ph", "如：M / 38 码"), false),
			c.field(customers.FieldPreferences, lang.X("card.f.prefs", "偏好"), lang.X("card.f.prefs.ph", "风格、颜色、品类"), false)),
		c.field(customers.FieldNotes, lang.X("card.f.notes", "备注"), "", true),
	)
}

// fill selects the stored gender when the card is first shown.
func (s *cardPerson) fill(k *customers.Card, first bool) {
	if !first {
		return
	}
	for i, g := range genderKeys {
		if g == k.Gender {
			h := s.gender.OnChanged
			s.gender.OnChanged = nil
			s.gender.SetSelectedIndex(i)
			s.gender.OnChanged = h
		}
	}
}
