package calls

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit/kittest"
	"huitouke/data/calls"
	"huitouke/data/clock"
)

// TestCampaignListDeletes: the settings card lists a campaign, and its
// delete button removes it from the store and from the list.
func TestCampaignListDeletes(t *testing.T) {
	u, st := newTestUI(t)
	ctx := context.Background()
	if _, err := calls.SaveCampaign(ctx, st, calls.Campaign{Name: "店庆", Day: clock.Today() + 10, Segments: calls.PresetSegments, Active: true}); err != nil {
		t.Fatal(err)
	}
	card := SettingsSection(u)()
	u.Win().SetContent(card)
	var row *fyne.Container
	kittest.Walk(card, func(o fyne.CanvasObject) {
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) == 2 {
			if l, ok := c.Objects[0].(*widget.Label); ok && strings.Contains(l.Text, "店庆") {
				row = c
			}
		}
	})
	if row == nil {
		t.Fatal("the campaign is not listed")
	}
	var del *widget.Button
	kittest.Walk(row.Objects[1], func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Icon == theme.DeleteIcon() {
			del = b
		}
	})
	if del == nil {
		t.Fatal("no delete button next to the campaign")
	}
	test.Tap(del)
	cs, err := calls.Campaigns(ctx, st)
	if err != nil || len(cs) != 0 {
		t.Fatalf("after delete: %v %v", cs, err)
	}
	found := false
	kittest.Walk(card, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "店庆") {
			found = true
		}
	})
	if found {
		t.Error("the deleted campaign is still listed")
	}
}
