package figures

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"huitouke/app/kit/kittest"
)

// testShell is the stand-in shell of this package's tests: kittest's shell, plus the
// figures state the real window owns (kittest cannot hold it: it would import this package).
type testShell struct {
	*kittest.Shell
	r *Recomputer
}

func (s *testShell) Figures() *Recomputer { return s.r }

// newTestShell is a shell over an empty store whose first-run guide is one import button,
// as the real guide's import step.
func newTestShell(t *testing.T) *testShell {
	t.Helper()
	k := kittest.New(t)
	s := &testShell{Shell: k}
	s.r = NewRecomputer(k)
	k.OnDataChanged(s.r.DataChanged)
	k.GuideObject = container.NewVBox(widget.NewButton("选择文件导入…", k.GoImport))
	t.Cleanup(s.r.Wait)
	return s
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(v)
		if r == nil {
			return
		}
		for _, c := range r.Objects() {
			walk(c, fn)
		}
	}
}
