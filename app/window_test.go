package app

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestWindowSizeIsRemembered(t *testing.T) {
	u, a := newTestUI(t)
	if got := WindowSize(a); got != fyne.NewSize(1180, 760) {
		t.Fatalf("first start size %v, want the default 1180x760", got)
	}
	u.Win().Resize(fyne.NewSize(900, 620))
	u.Closing()
	if got := WindowSize(a); got != fyne.NewSize(900, 620) {
		t.Fatalf("remembered %v, want 900x620", got)
	}
	a.Preferences().SetString(prefWindowSize, "12x8")
	if got := WindowSize(a); got != fyne.NewSize(1180, 760) {
		t.Fatalf("a tiny remembered size gave %v, want the default", got)
	}
}
