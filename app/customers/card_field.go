package customers

import (
	"huitouke/app/kit"
	"huitouke/data/clock"
	"huitouke/data/customers"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cardAutosave is how long typing must pause before a field is saved.
const cardAutosave = 600 * time.Millisecond

// cardField is one text field of the card with its own autosave.
type cardField struct {
	c     *customerCard
	key   string // customers.Field*
	entry *cardEntry
	msg   *canvas.Text
	saved string // what the database holds
	stop  func() // pending autosave
	bad   bool
}

// cardEntry is an Entry that reports losing the focus (to save at once).
type cardEntry struct {
	widget.Entry
	onBlur func()
}

func newCardEntry(multi bool) *cardEntry {
	e := &cardEntry{}
	e.MultiLine = multi
	if multi {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost saves the field as the user leaves it.
func (e *cardEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.onBlur != nil {
		e.onBlur()
	}
}

func (c *customerCard) field(key, label, placeholder string, multi bool) *fyne.Container {
	f := &cardField{c: c, key: key, entry: newCardEntry(multi)}
	f.entry.SetPlaceHolder(placeholder)
	f.msg = canvas.NewText("", theme.Color(theme.ColorNameError))
	f.msg.TextSize = theme.CaptionTextSize()
	f.msg.Hide()
	f.entry.OnChanged = func(string) { f.changed() }
	f.entry.onBlur = func() { f.flush(false) }
	c.fields = append(c.fields, f)
	return container.NewVBox(widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{}), f.entry, f.msg)
}

// changed validates as the user types: a wrong value shows why at once and
// is not saved; a right one is saved after a pause.
func (f *cardField) changed() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	_, err := customers.NormalizeField(f.key, f.entry.Text)
	f.showError(err)
	if err != nil {
		return
	}
	f.c.saved.SetText(lang.X("card.saving", "正在编辑…"))
	f.stop = cusAfter(cardAutosave, func() { f.flush(false) })
}

func (f *cardField) showError(err error) {
	f.bad = err != nil
	if err == nil {
		f.msg.Text = ""
		f.msg.Hide()
	} else {
		f.msg.Text = customerErrorText(err)
		f.msg.Show()
	}
	f.msg.Refresh()
}

// flush saves the field now if it changed and is valid. sync (closing)
// waits for the database; otherwise the save runs in the background.
func (f *cardField) flush(sync bool) {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	text := f.entry.Text
	v, err := customers.NormalizeField(f.key, text)
	if err != nil || v == f.saved {
		if err == nil && f.c.pending == 0 {
			f.c.showSaved("")
		}
		return
	}
	f.saved = v // what will be stored; a failure puts the message up
	c := f.c
	c.pending++
	save := func() (string, error) {
		c.mu.Lock()
		defer c.mu.Unlock()
		return customers.SetField(c.u.Ctx(), c.store, c.id, f.key, text)
	}
	done := func(stored string, err error) {
		c.pending--
		if err != nil {
			f.saved = ""
			f.showError(err)
			c.saved.SetText(lang.X("card.savefail", "保存失败，请再试一次"))
			return
		}
		f.saved = stored
		// Show the stored form (5月17日 → --05-17) once the user left the field.
		if c.win.Canvas().Focused() != f.entry && f.entry.Text != stored {
			h := f.entry.OnChanged
			f.entry.OnChanged = nil
			f.entry.SetText(stored)
			f.entry.OnChanged = h
		}
		c.showSaved(clock.Now().Format("15:04:05"))
		c.changed()
	}
	if sync {
		stored, err := save()
		done(stored, err)
		return
	}
	kit.Background(func() {
		stored, err := save()
		fyne.Do(func() { done(stored, err) })
	})
}

func (c *customerCard) invalidFields() int {
	n := 0
	for _, f := range c.fields {
		if f.bad {
			n++
		}
	}
	return n
}

func fieldValue(k *customers.Card, key string) string {
	switch key {
	case customers.FieldName:
		return k.Name
	case customers.FieldNickname:
		return k.Nickname
	case customers.FieldEmail:
		return k.Email
	case customers.FieldWeChat:
		return k.WeChat
	case customers.FieldQQ:
		return k.QQ
	case customers.FieldWangwang:
		return k.Wangwang
	case customers.FieldProvince:
		return k.Province
	case customers.FieldCity:
		return k.City
	case customers.FieldAddress:
		return k.Address
	case customers.FieldBirthday:
		return k.Birthday
	case customers.FieldSizes:
		return k.Sizes
	case customers.FieldPreferences:
		return k.Preferences
	case customers.FieldNotes:
		return k.Notes
	case customers.FieldContactTime:
		return k.ContactTime
	case customers.FieldSalutation:
		return k.Salutation
	}
	return ""
}

// fill shows the stored value v: always when the card is first shown, later only when the
// user is not in the middle of typing in the field.
func (f *cardField) fill(v string, first bool) {
	if first || (f.saved == f.entry.Text && !f.bad && f.stop == nil) {
		h := f.entry.OnChanged
		f.entry.OnChanged = nil
		f.entry.SetText(v)
		f.entry.OnChanged = h
	}
	f.saved = v
}
