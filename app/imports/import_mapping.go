package imports

import (
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/imports"
	"huitouke/resources/vocab"
)

// The mapping view: for a file whose layout is not recognised, the user
// says which column holds each field. The mapping is saved under the
// header's signature, so the next file with the same columns imports by
// itself.

// mapField is one field of the mapping form.
type mapField struct {
	key      string // imports mapping field name
	label    func() string
	required bool
	// keywords guess the column from its header (lower case).
	keywords []string
}

func mapFields() []mapField {
	return []mapField{
		{"order_no", func() string { return lang.X("import.field.order_no", "订单号") }, true, []string{"订单号", "订单编号", "单号", "单据号", "单据编号", "order id", "order no", "order number", "order"}},
		{"customer", func() string { return lang.X("import.field.customer", "客户（昵称/账号）") }, true, []string{"昵称", "会员名", "账号", "帐号", "客户", "买家", "customer", "buyer", "nickname", "user"}},
		{"name", func() string { return lang.X("import.field.name", "姓名") }, false, []string{"姓名", "收货人", "收件人", "联系人", "name"}},
		{"phone", func() string { return lang.X("import.field.phone", "手机号") }, false, []string{"手机", "电话", "phone", "mobile", "tel"}},
		{"paid_time", func() string { return lang.X("import.field.paid_time", "付款时间") }, true, []string{"付款时间", "支付时间", "付款日期", "paid at", "paid date", "payment date", "paid"}},
		{"created_time", func() string { return lang.X("import.field.created_time", "下单时间") }, false, []string{"下单时间", "创建时间", "下单日期", "订单时间", "日期", "created", "order date", "date"}},
		{"amount", func() string { return lang.X("import.field.amount", "实付金额") }, true, []string{"实付", "实收", "付款金额", "支付金额", "金额", "amount", "total", "paid amount"}},
		{"refund", func() string { return lang.X("import.field.refund", "退款金额") }, false, []string{"退款", "refund"}},
		{"status", func() string { return lang.X("import.field.status", "订单状态") }, false, []string{"状态", "status"}},
		{"product", func() string { return lang.X("import.field.product", "商品") }, false, []string{"商品", "宝贝", "产品", "品名", "货品", "product", "item", "sku"}},
		{"quantity", func() string { return lang.X("import.field.quantity", "数量") }, false, []string{"数量", "件数", "qty", "quantity"}},
		{"email", func() string { return lang.X("import.field.email", "邮箱") }, false, []string{"邮箱", "email", "e-mail", "mail"}},
	}
}

// guessOrder is the order in which fields claim columns: specific words
// (refund, paid time) before general ones (amount, date).
var guessOrder = []string{"order_no", "refund", "paid_time", "created_time", "amount", "phone", "email", "customer", "name", "status", "quantity", "product"}

// guessMapping proposes a column for each field from the header names.
func guessMapping(headers []string) map[string]string {
	fields := map[string]mapField{}
	for _, f := range mapFields() {
		fields[f.key] = f
	}
	used := map[int]bool{}
	out := map[string]string{}
	for _, key := range guessOrder {
		f := fields[key]
	next:
		for _, kw := range f.keywords {
			for i, h := range headers {
				lh := strings.ToLower(strings.TrimSpace(h))
				if used[i] || lh == "" || !strings.Contains(lh, kw) {
					continue
				}
				// A time column is not an amount, nor the other way round.
				if (key == "amount" || key == "refund") && (strings.Contains(lh, "时间") || strings.Contains(lh, "date") || strings.Contains(lh, "日期")) {
					continue
				}
				if (key == "paid_time" || key == "created_time") && (strings.Contains(lh, "金额") || strings.Contains(lh, "amount")) {
					continue
				}
				if key == "order_no" && (strings.Contains(lh, "时间") || strings.Contains(lh, "date") || strings.Contains(lh, "状态") || strings.Contains(lh, "status")) {
					continue
				}
				used[i] = true
				out[key] = h
				break next
			}
		}
	}
	return out
}

// mappingView holds the form of one file.
type mappingView struct {
	s       *importScreen
	j       *importJob
	det     imports.Detection
	selects map[string]*widget.Select
	errText *widget.Label
}

func (s *importScreen) openMapping(j *importJob) {
	if j.det == nil {
		return
	}
	s.mapping = j
	v := &mappingView{s: s, j: j, det: *j.det, selects: map[string]*widget.Select{}}
	s.root.Objects = []fyne.CanvasObject{v.build()}
	s.root.Refresh()
}

func (s *importScreen) closeMapping() {
	s.mapping = nil
	s.root.Objects = []fyne.CanvasObject{s.main}
	s.root.Refresh()
}

// noColumn is the select option for "this file has no such column".
func noColumn() string { return lang.X("import.mapping.none", "（没有这一列）") }

func (v *mappingView) build() fyne.CanvasObject {
	det := v.det
	back := widget.NewButtonWithIcon(lang.X("import.mapping.back", "返回"), theme.NavigateBackIcon(), v.s.closeMapping)
	back.Importance = widget.LowImportance
	title := widget.NewRichText(&widget.TextSegment{
		Text:  lang.X("import.mapping.title", "设置列对应：{{.File}}", map[string]any{"File": filepath.Base(v.j.path)}),
		Style: widget.RichTextStyleSubHeading,
	})
	intro := widget.NewLabel(lang.X("import.mapping.intro", "回头客认不出这个文件的格式。下面是文件的前几行；请为每一项选出文件里对应的列，带 * 的必须选（客户可以选昵称、手机号或邮箱中的一个；付款时间没有时可以只选下单时间）。"))
	intro.Wrapping = fyne.TextWrapWord

	var headers []string
	for _, h := range det.Headers {
		if strings.TrimSpace(h) != "" {
			headers = append(headers, h)
		}
	}
	form := v.buildForm(headers)

	remember := widget.NewLabel(lang.X("import.mapping.remember", "下次导入相同格式的文件会自动使用这个对应关系。"))
	remember.Importance = widget.SuccessImportance
	remember.Wrapping = fyne.TextWrapWord
	v.errText = widget.NewLabel("")
	v.errText.Importance = widget.DangerImportance
	v.errText.Wrapping = fyne.TextWrapWord
	v.errText.Hide()

	ok := widget.NewButtonWithIcon(lang.X("import.mapping.import", "导入"), theme.UploadIcon(), v.submit)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(lang.X("import.mapping.cancel", "取消"), theme.CancelIcon(), v.s.closeMapping)
	buttons := container.NewHBox(cancel, ok)

	top := container.NewBorder(nil, nil, back, nil, title)
	body := container.NewVBox(top, intro, sampleTable(det), widget.NewSeparator(), form, remember, v.errText, buttons)
	return container.NewVScroll(body)
}

// sampleTable shows the file's header and its first rows.
func sampleTable(det imports.Detection) fyne.CanvasObject {
	cols := det.Headers
	sample := widget.NewTableWithHeaders(
		func() (int, int) { return len(det.Samples), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			row := det.Samples[id.Row]
			txt := ""
			if id.Col < len(row) {
				txt = row[id.Col]
			}
			o.(*widget.Label).SetText(txt)
		},
	)
	sample.ShowHeaderColumn = false
	sample.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	sample.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(cols) {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	ts := theme.Current().Size(theme.SizeNameText)
	for i, h := range cols {
		w := fyne.MeasureText(h, ts, fyne.TextStyle{Bold: true}).Width
		for _, r := range det.Samples {
			if i < len(r) {
				w = max(w, fyne.MeasureText(r[i], ts, fyne.TextStyle{}).Width)
			}
		}
		sample.SetColumnWidth(i, min(max(w+24, 80), 240))
	}
	return container.New(&impMinHeight{h: float32(min(len(det.Samples), 5)+1)*38 + 8}, sample)
}

// buildForm makes one select per field, guessed from the header names.
func (v *mappingView) buildForm(headers []string) fyne.CanvasObject {
	guess := guessMapping(headers)
	if len(v.det.Mapping) > 0 {
		guess = v.det.Mapping
	}
	options := append([]string{noColumn()}, headers...)
	var left, right []*widget.FormItem
	fields := mapFields()
	for i, f := range fields {
		sel := widget.NewSelect(options, nil)
		sel.SetSelected(noColumn())
		if h, ok := guess[f.key]; ok && h != "" {
			sel.SetSelected(h)
		}
		v.selects[f.key] = sel
		label := f.label()
		if f.required {
			label += " *"
		}
		item := widget.NewFormItem(label, sel)
		if i < (len(fields)+1)/2 {
			left = append(left, item)
		} else {
			right = append(right, item)
		}
	}
	return container.NewGridWithColumns(2, widget.NewForm(left...), widget.NewForm(right...))
}

// mapping reads the form.
func (v *mappingView) mapping() imports.Mapping {
	m := imports.Mapping{}
	for key, sel := range v.selects {
		if sel.Selected != "" && sel.Selected != noColumn() {
			m[key] = sel.Selected
		}
	}
	return m
}

// checkMapping says in the user's words what the mapping lacks (the
// importer decides what that is).
func checkMapping(m imports.Mapping) string {
	var missing []string
	for _, need := range m.Missing() {
		switch need {
		case imports.NeedOrderNo:
			missing = append(missing, lang.X("import.field.order_no", "订单号"))
		case imports.NeedCustomer:
			missing = append(missing, lang.X("import.mapping.need.customer", "客户（昵称、手机号或邮箱至少选一个）"))
		case imports.NeedTime:
			missing = append(missing, lang.X("import.mapping.need.time", "付款时间或下单时间"))
		case imports.NeedAmount:
			missing = append(missing, lang.X("import.field.amount", "实付金额"))
		default:
			missing = append(missing, need)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return lang.X("import.mapping.missing", "还需要选择：{{.Fields}}", map[string]any{"Fields": strings.Join(missing, "、")})
}

func (v *mappingView) submit() {
	m := v.mapping()
	if msg := checkMapping(m); msg != "" {
		v.errText.SetText(msg)
		v.errText.Show()
		return
	}
	if err := m.Validate(v.det.Headers); err != nil {
		msg := lang.X("import.mapping.invalid", "这个对应关系用不了，请检查选择的列。")
		if !errors.Is(err, imports.ErrMappingIncomplete) {
			msg = vocab.ImportError(imports.ErrorCode(err))
		}
		v.errText.SetText(msg + "\n" + err.Error())
		v.errText.Show()
		return
	}
	s, j := v.s, v.j
	b := &importBatch{jobs: []*importJob{j}, mapping: m, signature: v.det.Signature}
	j.batch = b
	j.state = jobWaiting
	j.platform = imports.Mapped
	j.code, j.err, j.res = "", nil, nil
	s.closeMapping()
	j.view.update()
	s.enqueue(b)
}
