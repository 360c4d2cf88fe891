package figures

import (
	"testing"

	"fyne.io/fyne/v2/container"
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
