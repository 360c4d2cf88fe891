package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The rules of direction of docs/ARCHITECTURE.md: data never imports Fyne; widgets never
// import data; the window never imports the command line, nor the command line the window;
// a feature package of the window imports neither the shell nor another feature.
func TestDependencyDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go tool not on PATH")
	}
	features := []string{"calls", "customers", "figures", "imports", "scripts", "settings"}
	type rule struct {
		pkgs      string
		forbidden []string // import-path prefixes; an entry ending in "$" must match whole
	}
	rules := []rule{
		{"./data/...", []string{"fyne.io/", "huitouke/app", "huitouke/cli", "huitouke/widgets", "huitouke/resources"}},
		{"./widgets/...", []string{"huitouke/data", "huitouke/app", "huitouke/cli"}},
		{"./app/...", []string{"huitouke/cli"}},
		{"./cli/...", []string{"huitouke/app", "huitouke/widgets"}},
		{"./resources/...", []string{"huitouke/app", "huitouke/cli", "huitouke/widgets"}},
		{"./app/kit/...", append([]string{"huitouke/app$"}, prefixed("huitouke/app/", features)...)},
	}
	for _, f := range features {
		var others []string
		for _, g := range features {
			if g != f {
				others = append(others, "huitouke/app/"+g)
			}
		}
		rules = append(rules, rule{"./app/" + f + "/...", append([]string{"huitouke/app$"}, others...)})
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", r.pkgs).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", r.pkgs, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 3 {
			t.Fatalf("go list %s listed only %v", r.pkgs, deps)
		}
		for _, d := range deps {
			for _, f := range r.forbidden {
				whole, ok := strings.CutSuffix(f, "$")
				if (ok && d == whole) || (!ok && strings.HasPrefix(d, f)) {
					t.Errorf("%s depends on %s", r.pkgs, d)
				}
			}
		}
	}
}

func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}
