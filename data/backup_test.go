package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Two databases in one folder keep separate backups: each lists, prunes and restores only
// its own, and refuses the other's.
func TestTwoDatabasesInOneFolderListOnlyTheirOwnBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	shop, test := openAt(t, filepath.Join(dir, "shop.db")), openAt(t, filepath.Join(dir, "test.db"))
	if shop.BackupDir() == test.BackupDir() {
		t.Fatalf("both back up into %s", shop.BackupDir())
	}
	addCustomer(t, shop, "甲")
	mine, err := shop.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	var theirs Backup
	for i := 0; i < KeepBackups+2; i++ {
		if theirs, err = test.Backup(ctx, "import"); err != nil {
			t.Fatal(err)
		}
	}
	bs, err := shop.Backups()
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || bs[0].Path != mine.Path || bs[0].Reason != "manual" {
		t.Fatalf("shop.db lists %+v, want only %s", bs, mine.Path)
	}
	bs, _ = test.Backups()
	if len(bs) != KeepBackups {
		t.Fatalf("test.db lists %d backups, want %d", len(bs), KeepBackups)
	}
	for _, b := range bs {
		if filepath.Dir(b.Path) != test.BackupDir() {
			t.Errorf("test.db lists %s", b.Path)
		}
	}
	// Pruning test.db's twelve left shop.db's one alone.
	if _, err := os.Stat(mine.Path); err != nil {
		t.Fatal(err)
	}

	if _, err := shop.FindBackup(theirs.Path); !errors.Is(err, ErrOtherDatabase) {
		t.Errorf("FindBackup(test.db's backup) = %v, want ErrOtherDatabase", err)
	}
	if b, err := shop.FindBackup(mine.Name); err != nil || b.Path != mine.Path {
		t.Errorf("FindBackup(name) = %+v, %v", b, err)
	}
	if _, err := shop.FindBackup(filepath.Join(dir, "test.db")); !errors.Is(err, ErrNotBackup) {
		t.Errorf("FindBackup(a database) = %v, want ErrNotBackup", err)
	}

	// Restore still round-trips, and its safety backup lands in shop.db's folder.
	addCustomer(t, shop, "乙")
	if err := shop.Restore(ctx, mine.Path); err != nil {
		t.Fatal(err)
	}
	if n := countCustomers(t, shop); n != 1 {
		t.Fatalf("after restore: %d customers, want 1", n)
	}
	bs, _ = shop.Backups()
	if len(bs) != 2 || bs[0].Reason != "beforerestore" {
		t.Fatalf("after restore shop.db lists %+v", bs)
	}
	if bs, _ := test.Backups(); len(bs) != KeepBackups {
		t.Errorf("test.db now lists %d", len(bs))
	}
}

// Backups of the old flat layout (backups/huitouke-….db, shared by every database in the
// folder) are listed — in place, since the import history points at them — by the only
// database in the folder, and by none when there are two.
func TestFlatBackupsOfEarlierVersions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openAt(t, filepath.Join(dir, "huitouke.db"))
	b, err := st.Backup(ctx, "import")
	if err != nil {
		t.Fatal(err)
	}
	flat := filepath.Join(dir, "backups", "huitouke-20250101-120000000-import.db")
	if err := os.Rename(b.Path, flat); err != nil {
		t.Fatal(err)
	}
	bs, err := st.Backups()
	if err != nil || len(bs) != 1 || bs[0].Path != flat || bs[0].Reason != "import" || bs[0].Created.Year() != 2025 {
		t.Fatalf("only database lists %+v, %v; want %s", bs, err, flat)
	}
	if found, err := st.FindBackup(flat); err != nil || found.Path != flat {
		t.Errorf("FindBackup(flat) = %+v, %v", found, err)
	}

	other := openAt(t, filepath.Join(dir, "other.db"))
	for _, s := range []*Store{st, other} {
		if bs, _ := s.Backups(); len(bs) != 0 {
			t.Errorf("%s lists %+v: whose they are cannot be told", s.Path(), bs)
		}
	}
	if _, err := os.Stat(flat); err != nil {
		t.Errorf("flat backup gone: %v", err)
	}
}

// Restoring the oldest of a full set of backups works: the safety backup taken first
// prunes the oldest, which must not be the file being restored.
func TestRestoreTheOldestOfAFullSet(t *testing.T) {
	ctx := context.Background()
	st := openAt(t, filepath.Join(t.TempDir(), "h.db"))
	addCustomer(t, st, "甲")
	oldest, err := st.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	addCustomer(t, st, "乙")
	for i := 1; i < KeepBackups; i++ {
		if _, err := st.Backup(ctx, "import"); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Restore(ctx, oldest.Path); err != nil {
		t.Fatal(err)
	}
	if n := countCustomers(t, st); n != 1 {
		t.Fatalf("after restore: %d customers, want 1", n)
	}
	if bs, _ := st.Backups(); len(bs) != KeepBackups || bs[0].Reason != "beforerestore" {
		t.Errorf("after restore: %d backups, newest %+v", len(bs), bs[0])
	}
}
