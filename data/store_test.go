package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMigrateEmptyDatabase(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := ms[len(ms)-1].version; v != want {
		t.Fatalf("schema version %d, want %d", v, want)
	}
	for _, table := range []string{"customers", "identities", "orders", "order_lines", "imports", "import_errors",
		"calls", "call_list", "scripts", "complaints", "feedback", "referrals", "tags", "settings", "points_ledger"} {
		var n int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (%v)", table, err)
		}
	}
	var fk int
	if err := st.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign keys off: %d %v", fk, err)
	}
	var mode string
	if err := st.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q %v, want wal", mode, err)
	}
}

func TestMigrateExistingDatabaseKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO customers(name, created_at, updated_at) VALUES ('王芳', '2026-01-01', '2026-01-01')`); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var name string
	var applied int
	if err := st.DB().QueryRow(`SELECT name FROM customers`).Scan(&name); err != nil || name != "王芳" {
		t.Fatalf("customer lost on reopen: %q %v", name, err)
	}
	ms, _ := migrations()
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(ms) {
		t.Fatalf("migrations recorded %d times, want %d (%v)", applied, len(ms), err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', '')`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
}

func TestSettings(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	if v, _ := st.Setting(ctx, "shop.name", "默认"); v != "默认" {
		t.Fatalf("unset setting = %q", v)
	}
	if err := st.SetSetting(ctx, "shop.name", "山间茶铺"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, "shop.name", "山间茶铺2"); err != nil {
		t.Fatal(err)
	}
	if v, _ := st.Setting(ctx, "shop.name", ""); v != "山间茶铺2" {
		t.Fatalf("setting = %q", v)
	}
	st.SetSetting(ctx, "seg.new", "45")
	st.SetSetting(ctx, "segxnew", "x") // '_' and '%' in prefixes must not act as wildcards
	m, err := st.Settings(ctx, "seg.")
	if err != nil || len(m) != 1 || m["seg.new"] != "45" {
		t.Fatalf("Settings(seg.) = %v %v", m, err)
	}
}

func countCustomers(t *testing.T, st *Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT COUNT(*) FROM customers`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func addCustomer(t *testing.T, st *Store, name string) {
	t.Helper()
	if _, err := st.DB().Exec(`INSERT INTO customers(name, created_at, updated_at) VALUES (?, '', '')`, name); err != nil {
		t.Fatal(err)
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	addCustomer(t, st, "甲")
	b, err := st.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(b.Path) != filepath.Join(st.Dir(), "backups", "h") {
		t.Fatalf("backup written to %s", b.Path)
	}
	addCustomer(t, st, "乙")
	addCustomer(t, st, "丙")
	if n := countCustomers(t, st); n != 3 {
		t.Fatalf("before restore: %d customers", n)
	}
	if err := st.Restore(ctx, b.Path); err != nil {
		t.Fatal(err)
	}
	if n := countCustomers(t, st); n != 1 {
		t.Fatalf("after restore: %d customers, want 1", n)
	}
	// The state before the restore was saved, so the restore can be undone.
	bs, err := st.Backups()
	if err != nil {
		t.Fatal(err)
	}
	var safety *Backup
	for i := range bs {
		if bs[i].Reason == "beforerestore" {
			safety = &bs[i]
		}
	}
	if safety == nil {
		t.Fatalf("no safety backup among %v", bs)
	}
	if err := st.Restore(ctx, safety.Path); err != nil {
		t.Fatal(err)
	}
	if n := countCustomers(t, st); n != 3 {
		t.Fatalf("after undoing the restore: %d customers, want 3", n)
	}
	// The store still writes after the swaps.
	addCustomer(t, st, "丁")
}

func TestRestoreRefusesForeignFile(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	addCustomer(t, st, "甲")
	bad := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(bad, []byte("this is not sqlite"), 0o644)
	if err := st.Restore(ctx, bad); !errors.Is(err, ErrNotHuitoukeDB) {
		t.Fatalf("restore of a text file: %v, want ErrNotHuitoukeDB", err)
	}
	if n := countCustomers(t, st); n != 1 {
		t.Fatalf("data changed by a refused restore: %d", n)
	}
}

func TestBackupsKeepTheLastTen(t *testing.T) {
	st := openTemp(t)
	ctx := context.Background()
	for i := 0; i < KeepBackups+3; i++ {
		if _, err := st.Backup(ctx, "manual"); err != nil {
			t.Fatal(err)
		}
	}
	bs, err := st.Backups()
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != KeepBackups {
		t.Fatalf("%d backups kept, want %d", len(bs), KeepBackups)
	}
	for i := 1; i < len(bs); i++ {
		if bs[i-1].Name <= bs[i].Name {
			t.Fatalf("backups not newest first: %s then %s", bs[i-1].Name, bs[i].Name)
		}
	}
}
