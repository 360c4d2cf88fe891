package main

import (
	"os/exec"
	"strings"
	"testing"
)

// data never imports Fyne; widgets never import data (STYLE.md).
func TestDependencyDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	cases := []struct {
		pkgs      string
		forbidden string
	}{
		{"./data/...", "fyne.io/"},
		{"./widgets/...", "huitouke/data"},
	}
	for _, c := range cases {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", c.pkgs).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", c.pkgs, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 3 {
			t.Fatalf("go list %s listed only %v", c.pkgs, deps)
		}
		for _, d := range deps {
			if strings.HasPrefix(d, c.forbidden) {
				t.Errorf("%s depends on %s", c.pkgs, d)
			}
		}
	}
}
