package resources

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func load(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := Translations.ReadFile("translations/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", name, err)
	}
	return m
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	zh, en := load(t, "zh"), load(t, "en")
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q in zh.json but not in en.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("zh.json: %q is empty", k)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q in en.json but not in zh.json", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en.json: %q is empty", k)
		}
	}
}

// Every key the code asks for must be in both files, or the user sees the
// Chinese fallback in the English interface.
func TestEveryKeyUsedIsTranslated(t *testing.T) {
	zh, en := load(t, "zh"), load(t, "en")
	re := regexp.MustCompile(`lang\.X\(\s*"([^"]+)"`)
	checked := 0
	err := eachGoFile(func(path string, b []byte) {
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			checked++
			if _, ok := zh[m[1]]; !ok {
				t.Errorf("%s: key %q missing from zh.json", path, m[1])
			}
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s: key %q missing from en.json", path, m[1])
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("only %d lang.X calls found: is the walk looking at the code?", checked)
	}
}

func TestFontIsATrueTypeFont(t *testing.T) {
	c := Font.Content()
	// A .ttc collection starts with "ttcf" and makes Fyne 2.7 crash.
	if len(c) < 1<<20 || string(c[:4]) != "\x00\x01\x00\x00" {
		t.Fatalf("font is %d bytes starting %q; want a TrueType (.ttf) font", len(c), c[:4])
	}
}

// The Chinese written beside each key in the code is what zh.json says, and one key has one
// fallback everywhere: the two cannot drift apart, and a key never means two things.
func TestFallbacksAreZh(t *testing.T) {
	zh := load(t, "zh")
	re := regexp.MustCompile(`lang\.X\(\s*"([^"]+)",\s*"((?:[^"\\]|\\.)*)"`)
	seen := map[string]string{}
	err := eachGoFile(func(path string, b []byte) {
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			var fallback string
			if err := json.Unmarshal([]byte(`"`+m[2]+`"`), &fallback); err != nil {
				t.Errorf("%s: fallback of %q: %v", path, m[1], err)
				continue
			}
			if prev, ok := seen[m[1]]; ok && prev != fallback {
				t.Errorf("%s: key %q has two fallbacks: %q and %q", path, m[1], prev, fallback)
			}
			seen[m[1]] = fallback
			if z, ok := zh[m[1]]; ok && z != fallback {
				t.Errorf("%s: key %q: code says %q, zh.json says %q", path, m[1], fallback, z)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range zh {
		if _, ok := seen[k]; !ok {
			t.Errorf("zh.json: key %q is not used by the code", k)
		}
	}
}

// eachGoFile calls fn with the path and content of every Go file of the project (tests
// included, testdata and .git left out).
func eachGoFile(fn func(path string, b []byte)) error {
	return filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil {
			fn(path, b)
		}
		return err
	})
}
