package calls

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/data/calls"
	"huitouke/resources/vocab"
)

// outcomePanel is the right of the workspace: the outcomes (keys 1–8), the
// follow-up time, the scores, the note, save and the status line. It holds
// what the agent has entered for the current call.
type outcomePanel struct {
	pending   calls.Outcome
	complaint *calls.ComplaintInput

	outcomeBtns []*widget.Button
	note        *keyEntry
	follow      *keyEntry
	followRow   *fyne.Container
	scores      *keyEntry
	scoresRow   *fyne.Container
	status      *widget.Label
}

// outcomeActions are what the panel's controls ask of the screen.
type outcomeActions struct {
	choose func(calls.Outcome)
	save   func()
	skip   func()
	esc    func() // Esc in an entry: back to the keys
}

func newOutcomePanel(do outcomeActions) (*outcomePanel, fyne.CanvasObject) {
	p := &outcomePanel{}
	p.outcomeBtns = make([]*widget.Button, 8)
	grid := container.NewGridWithColumns(1)
	for i, o := range calls.Outcomes() {
		p.outcomeBtns[i] = widget.NewButton(fmt.Sprintf("%d  %s", i+1, vocab.Outcome(o)), func() { do.choose(o) })
		p.outcomeBtns[i].Alignment = widget.ButtonAlignLeading
		grid.Add(p.outcomeBtns[i])
	}
	p.note = newKeyEntry()
	p.note.SetPlaceHolder(lang.X("calls.note.placeholder", "备注（Tab 进入，Enter 保存）"))
	p.follow = newKeyEntry()
	p.follow.SetPlaceHolder("2026-11-16 10:00")
	p.scores = newKeyEntry()
	p.scores.SetPlaceHolder(lang.X("calls.scores.placeholder", "如 5435"))
	for _, e := range []*keyEntry{p.note, p.follow, p.scores} {
		e.onEnter = do.save
		e.onEsc = do.esc
		e.onAlt = func(k fyne.KeyName) bool {
			if o, ok := outcomeForKey(k); ok {
				do.choose(o)
				return true
			}
			return false
		}
	}
	p.followRow = container.NewVBox(widget.NewLabel(lang.X("calls.follow", "约回拨时间")), p.follow)
	p.followRow.Hide()
	scoreHint := wrapped()
	scoreHint.SetText(lang.X("calls.scores", "满意度 1–5：物流 包装 商品 服务（按 S 输入）"))
	p.scoresRow = container.NewVBox(scoreHint, p.scores)
	p.scoresRow.Hide()
	saveBtn := widget.NewButtonWithIcon(lang.X("calls.save", "保存并下一位 (Enter)"), theme.ConfirmIcon(), do.save)
	saveBtn.Importance = widget.HighImportance
	skip := widget.NewButtonWithIcon(lang.X("calls.next", "下一位 (↓)"), theme.MoveDownIcon(), do.skip)
	p.status = wrapped()
	return p, container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.X("calls.outcome", "通话结果"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		grid, p.followRow, p.scoresRow, p.note, saveBtn, skip, p.status,
	))
}

// reset empties everything for the next customer.
func (p *outcomePanel) reset() {
	p.pending = ""
	p.complaint = nil
	p.note.SetText("")
	p.follow.SetText("")
	p.scores.SetText("")
	p.followRow.Hide()
	p.say("", widget.MediumImportance)
	p.highlight()
}

// cancel forgets the chosen outcome (the note stays).
func (p *outcomePanel) cancel() {
	p.pending = ""
	p.complaint = nil
	p.followRow.Hide()
	p.follow.SetText("")
	p.highlight()
}

// pick selects an outcome; Busy and Interested propose a follow-up time.
func (p *outcomePanel) pick(o calls.Outcome, now time.Time) {
	p.pending = o
	p.highlight()
	switch o {
	case calls.Busy, calls.Interested:
		if p.follow.Text == "" {
			p.follow.SetText(defaultFollowUp(o, now))
		}
		p.followRow.Show()
	default:
		p.followRow.Hide()
	}
}

func (p *outcomePanel) highlight() {
	for i, o := range calls.Outcomes() {
		imp := widget.MediumImportance
		if o == p.pending {
			imp = widget.HighImportance
		}
		if p.outcomeBtns[i].Importance != imp {
			p.outcomeBtns[i].Importance = imp
			p.outcomeBtns[i].Refresh()
		}
	}
}

// say shows a message in the status line.
func (p *outcomePanel) say(text string, imp widget.Importance) {
	p.status.SetText(text)
	p.status.Importance = imp
	p.status.Refresh()
}

// showError shows msg, and the technical reason below it.
func (p *outcomePanel) showError(msg string, err error) {
	if err != nil {
		msg += "\n(" + err.Error() + ")"
	}
	p.say(msg, widget.DangerImportance)
}

// read fills l with what was entered: outcome, note, complaint, follow-up and
// scores. When a field cannot be read it says so and returns that field.
func (p *outcomePanel) read(l *calls.Log, now time.Time) (bad *keyEntry, ok bool) {
	l.Outcome, l.Note, l.Complaint = p.pending, p.note.Text, p.complaint
	if p.followRow.Visible() && strings.TrimSpace(p.follow.Text) != "" {
		t, ok := parseFollowUp(p.follow.Text, now)
		if !ok {
			p.say(lang.X("calls.follow.bad", "回拨时间看不懂，请写成 2026-11-16 10:00、11-16 10:00 或 15:30。"), widget.DangerImportance)
			return p.follow, false
		}
		l.FollowUpAt = t
	}
	if p.scoresRow.Visible() && strings.TrimSpace(p.scores.Text) != "" {
		sc, ok := parseScores(p.scores.Text)
		if !ok {
			p.say(lang.X("calls.scores.bad", "满意度请输入 4 个 1–5 的数字，依次是物流、包装、商品、服务，例如 5435。"), widget.DangerImportance)
			return p.scores, false
		}
		l.Scores = &sc
	}
	return nil, true
}
