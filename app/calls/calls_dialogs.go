package calls

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit"
	"huitouke/data/calls"
	"huitouke/resources/vocab"
)

// askComplaint opens the complaint form: what happened and how serious.
// Enter in the text saves the call with the complaint; Esc cancels.
func (s *callsScreen) askComplaint() {
	what := newKeyEntry()
	what.SetPlaceHolder(lang.X("calls.complaint.what", "客户反映了什么问题？"))
	sev := widget.NewRadioGroup([]string{lang.X("calls.sev.low", "轻微"), lang.X("calls.sev.normal", "一般"), lang.X("calls.sev.high", "严重")}, nil)
	sev.Horizontal = true
	sev.SetSelected(lang.X("calls.sev.normal", "一般"))
	sevKeys := []string{calls.SeverityLow, calls.SeverityNormal, calls.SeverityHigh}
	var d dialog.Dialog
	submit := func() {
		if strings.TrimSpace(what.Text) == "" && strings.TrimSpace(s.out.note.Text) == "" {
			return
		}
		in := &calls.ComplaintInput{What: what.Text, Severity: calls.SeverityNormal}
		for i, o := range sev.Options {
			if o == sev.Selected {
				in.Severity = sevKeys[i]
			}
		}
		s.out.complaint = in
		d.Hide()
		s.save()
	}
	what.onEnter = submit
	what.onEsc = func() { d.Hide(); s.cancel() }
	what.onAlt = func(k fyne.KeyName) bool {
		// Alt+1/2/3 picks the severity without leaving the text.
		if len(k) == 1 && k[0] >= '1' && k[0] <= '3' {
			sev.SetSelected(sev.Options[k[0]-'1'])
			return true
		}
		return false
	}
	form := container.NewVBox(what, container.NewHBox(widget.NewLabel(lang.X("calls.sev", "严重程度 (Alt+1/2/3)")), sev))
	d = newDialog(lang.X("calls.complaint.title", "登记投诉"), lang.X("calls.complaint.text", "投诉会在 24 小时内出现在回访名单最前面。"), form, submit, s.u.Win())
	d.SetOnClosed(func() { s.focusKeys() })
	d.Show()
	s.focusEntry(what)
}

// confirmDNC asks once before the customer is never called again.
func (s *callsScreen) confirmDNC() {
	var d dialog.Dialog
	sink := newKeySink(lang.X("calls.dnc.keys", "Enter 确认 · Esc 取消"), nil)
	confirmed := false
	sink.onKey = func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyY:
			confirmed = true
			d.Hide()
			s.save()
		case fyne.KeyEscape, fyne.KeyN:
			d.Hide()
		}
	}
	d = newDialog(lang.X("calls.dnc.title", "以后不再联系？"), lang.X("calls.dnc.text", "这位客户会被标记为勿扰，以后不会再出现在回访名单上（可以在客户卡片里取消）。"),
		sink, func() { confirmed = true; s.save() }, s.u.Win())
	d.SetOnClosed(func() {
		if !confirmed {
			s.cancel()
		}
		s.focusKeys()
	})
	d.Show()
	s.u.Win().Canvas().Focus(sink)
}

// showExportMenu offers the three exports.
func (s *callsScreen) showExportMenu() {
	m := fyne.NewMenu("",
		fyne.NewMenuItem(lang.X("calls.export.list", "导出今天的名单（Excel）"), func() { s.export("list") }),
		fyne.NewMenuItem(lang.X("calls.export.held", "导出对照组名单（不拨打）"), func() { s.export("held") }),
		fyne.NewMenuItem(lang.X("calls.export.sms", "导出短信文本（群发工具用）"), func() { s.export("sms") }),
	)
	widget.ShowPopUpMenuAtRelativePosition(m, s.u.Win().Canvas(), fyne.NewPos(200, 60), s.u.Win().Content())
}

func (s *callsScreen) export(kind string) {
	name := map[string]string{
		"list": lang.X("calls.export.file.list", "回访名单"),
		"held": lang.X("calls.export.file.held", "对照组"),
		"sms":  lang.X("calls.export.file.sms", "短信"),
	}[kind] + "-" + s.q.day.String() + ".xlsx"
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := kit.URIPath(w.URI())
		w.Close()
		s.exportTo(kind, path)
	}, s.u.Win())
	d.SetFileName(name)
	d.Show()
}

func (s *callsScreen) exportTo(kind, path string) {
	items := s.q.all
	if kind == "held" {
		items = s.ss.held
	}
	items = append([]calls.Item(nil), items...)
	st, ctx := s.u.Store(), s.u.Ctx()
	scripts, p := s.ss.book.Scripts, s.ss.params()
	sheet := lang.X("calls.export.sheet", "回访名单")
	headers := vocab.CallListHeaders()
	smsHead := [3]string{lang.X("calls.col.phone", "电话"), lang.X("calls.col.name", "客户"), lang.X("calls.col.sms", "短信内容")}
	labels := vocab.CallLabels()
	s.out.status.SetText(lang.X("calls.export.busy", "正在导出…"))
	s.ss.goBG(func() {
		var err error
		n := len(items)
		if kind == "sms" {
			n, err = calls.ExportSMSFor(ctx, st, path, sheet, smsHead, items, scripts, p)
		} else {
			err = calls.ExportList(path, sheet, headers, items, labels)
		}
		uiDo(func() {
			if err != nil {
				s.out.showError(lang.X("calls.export.failed", "导出失败。请检查文件夹是否存在、文件是否正被 Excel 打开。"), err)
				return
			}
			s.out.status.Importance = widget.SuccessImportance
			s.out.status.SetText(lang.X("calls.export.done", "已导出 {{.N}} 行到 {{.File}}", map[string]any{"N": n, "File": filepath.Base(path)}))
		})
	})
}

func (s *callsScreen) askAgent(then func()) {
	e := newKeyEntry()
	e.SetPlaceHolder(lang.X("settings.agent.placeholder", "例如：小王"))
	var d interface{ Hide() }
	submit := func() {
		name := strings.TrimSpace(e.Text)
		if name == "" {
			return
		}
		s.u.App().Preferences().SetString(kit.PrefAgent, name)
		d.Hide()
		then()
		s.focusKeys()
	}
	e.onEnter = submit
	dlg := newDialog(lang.X("calls.agent.title", "您的名字"), lang.X("calls.agent.text", "话术里的 {客服名} 和回访记录会用这个名字，只需填一次。"),
		e, submit, s.u.Win())
	d = dlg
	dlg.Show()
	s.u.Win().Canvas().Focus(e)
}
