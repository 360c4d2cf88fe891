package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type backupOut struct {
	Path    string `json:"path"`
	Name    string `json:"name"`
	Created string `json:"created"`
	Size    int64  `json:"size"`
	Reason  string `json:"reason"`
}

func decodeStrict(t *testing.T, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("stdout is not the JSON expected: %v\n%s", err, s)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value on stdout:\n%s", s)
	}
}

// TestBackupCommand runs `huitouke backup` end to end: create, list, restore, and the
// refusals, with two databases in one folder.
func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	shop := filepath.Join(dir, "shop.db")
	other := filepath.Join(dir, "other.db")
	sample := filepath.Join("..", "data", "imports", "testdata", "pdd_orders.csv")

	// An empty list, in text and JSON.
	if code, out, errs := runCLI("backup", "list", "--db", shop); code != ExitOK || !strings.Contains(out, "还没有备份") {
		t.Fatalf("empty list: %d %q %q", code, out, errs)
	}
	if code, out, _ := runCLI("backup", "--db", shop, "list", "--json"); code != ExitOK || out != "[]\n" {
		t.Fatalf("empty JSON list: %d %q", code, out)
	}

	code, out, errs := runCLI("backup", "create", "--db", shop, "--json")
	if code != ExitOK {
		t.Fatalf("create: %d %s", code, errs)
	}
	var made backupOut
	decodeStrict(t, out, &made)
	if made.Reason != "manual" || made.Size <= 0 || filepath.Dir(made.Path) != filepath.Join(dir, "backups", "shop") || made.Created == "" {
		t.Errorf("create: %+v", made)
	}
	// Text create prints the path alone, for scripts.
	code, out, _ = runCLI("backup", "create", "--db", other)
	otherBackup := strings.TrimSpace(out)
	if code != ExitOK || filepath.Dir(otherBackup) != filepath.Join(dir, "backups", "other") {
		t.Fatalf("create other: %d %q", code, out)
	}

	// The import backs up first; then shop.db has two, other.db one.
	if code, _, errs := runCLI("import", "--db", shop, sample); code != ExitOK {
		t.Fatalf("import: %d %s", code, errs)
	}
	code, out, _ = runCLI("backup", "list", "--db", shop, "--json")
	var list []backupOut
	decodeStrict(t, out, &list)
	if code != ExitOK || len(list) != 2 || list[0].Reason != "import" || list[1].Path != made.Path {
		t.Fatalf("list: %d %+v", code, list)
	}
	code, out, _ = runCLI("backup", "list", "--db", shop)
	if code != ExitOK || !strings.Contains(out, "导入前") || !strings.Contains(out, made.Path) || strings.Contains(out, otherBackup) {
		t.Errorf("text list:\n%s", out)
	}

	// Restore refuses the other database's backup and a file that is no backup.
	code, _, errs = runCLI("backup", "restore", otherBackup, "--db", shop)
	if code != ExitFail || !strings.Contains(errs, "另一个数据库") {
		t.Errorf("restore of other.db's backup: %d %q", code, errs)
	}
	code, _, errs = runCLI("backup", "restore", other, "--db", shop)
	if code != ExitFail || !strings.Contains(errs, "不是 shop.db 的备份") {
		t.Errorf("restore of a database file: %d %q", code, errs)
	}

	// Restoring the first backup (by its name) undoes the import, after a safety backup.
	code, out, errs = runCLI("backup", "restore", "--db", shop, "--json", made.Name)
	if code != ExitOK {
		t.Fatalf("restore: %d %s", code, errs)
	}
	var r struct {
		Restored backupOut  `json:"restored"`
		Safety   *backupOut `json:"safety_backup"`
	}
	decodeStrict(t, out, &r)
	if r.Restored.Path != made.Path || r.Safety == nil || r.Safety.Reason != "beforerestore" {
		t.Errorf("restore: %+v", r)
	}
	if _, err := os.Stat(r.Safety.Path); err != nil {
		t.Error(err)
	}
	code, out, _ = runCLI("customers", "--db", shop, "--json")
	if code != ExitOK || out != "[]\n" {
		t.Errorf("after restore, customers: %d %.80q", code, out)
	}
	// And back: the safety backup holds the import.
	code, out, _ = runCLI("backup", "restore", "--db", shop, r.Safety.Path)
	if code != ExitOK || !strings.Contains(out, "已恢复") {
		t.Errorf("restore back: %d %q", code, out)
	}
	if code, out, _ = runCLI("customers", "--db", shop, "--json"); code != ExitOK || out == "[]\n" {
		t.Errorf("after restoring back, no customers")
	}
}

func TestBackupUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"backup", "--db", db},
		{"backup", "frobnicate", "--db", db},
		{"backup", "restore", "--db", db},
		{"backup", "list", "extra", "--db", db},
		{"backup", "list", "--nosuchflag"},
	} {
		if code, _, errs := runCLI(args...); code != ExitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	if code, out, _ := runCLI("help"); code != ExitOK || !strings.Contains(out, "backup") {
		t.Errorf("help does not list backup:\n%s", out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a usage error created the database")
	}
}
