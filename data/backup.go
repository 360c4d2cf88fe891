package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// KeepBackups is how many backups are kept in the backups folder.
const KeepBackups = 10

// Backup is one backup file.
type Backup struct {
	Path    string
	Name    string
	Size    int64
	Created time.Time
	Reason  string // e.g. "import", "manual", "restore"
}

// BackupDir is this database's backups folder: backups/<database file name without its
// extension>/ beside the database, so two databases in one folder (shop.db and test.db)
// each keep, list, prune and restore only their own backups.
func (s *Store) BackupDir() string {
	return filepath.Join(s.Dir(), "backups", backupFolderName(s.path))
}

// legacyBackupDir is the flat backups folder earlier versions shared among every database
// in the folder. Its files name no database; see legacyBackupsAreMine.
func (s *Store) legacyBackupDir() string { return filepath.Join(s.Dir(), "backups") }

func backupFolderName(dbPath string) string {
	base := filepath.Base(dbPath)
	name := strings.TrimSuffix(base, filepath.Ext(base))
	if name == "" {
		name = base
	}
	return name
}

// legacyBackupsAreMine tells whether the flat backups of earlier versions are this
// database's: they are when it is the only database file in its folder (a second one would
// have shared the folder, and the files cannot tell whose they are — then neither lists
// them; they stay on disk). They are listed and pruned in place, not moved, because the
// import history records their paths for undoing an import.
func (s *Store) legacyBackupsAreMine() bool {
	entries, err := os.ReadDir(s.Dir())
	if err != nil {
		return false
	}
	ext := filepath.Ext(s.path)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == filepath.Base(s.path) {
			continue
		}
		if strings.EqualFold(filepath.Ext(n), ".db") || (ext != "" && strings.EqualFold(filepath.Ext(n), ext)) {
			return false
		}
	}
	return true
}

// Backup writes a consistent copy of the database (VACUUM INTO, safe while
// others read and write) into the backups folder and keeps the newest
// KeepBackups. reason becomes part of the file name.
func (s *Store) Backup(ctx context.Context, reason string) (Backup, error) {
	dir := s.BackupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Backup{}, fmt.Errorf("backup: %w", err)
	}
	reason = sanitizeReason(reason)
	now := time.Now()
	name := fmt.Sprintf("huitouke-%s-%s.db", now.Format("20060102-150405.000"), reason)
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return Backup{}, fmt.Errorf("backup: %s already exists", path)
	}
	if _, err := s.DB().ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return Backup{}, fmt.Errorf("backup: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return Backup{}, fmt.Errorf("backup: %w", err)
	}
	if err := s.pruneBackups(); err != nil {
		return Backup{}, err
	}
	return Backup{Path: path, Name: name, Size: fi.Size(), Created: now, Reason: reason}, nil
}

func sanitizeReason(r string) string {
	var b strings.Builder
	for _, c := range r {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "manual"
	}
	return b.String()
}

// Backups lists this database's backups, newest first.
func (s *Store) Backups() ([]Backup, error) {
	out, err := readBackups(s.BackupDir())
	if err != nil {
		return nil, err
	}
	if s.legacyBackupsAreMine() {
		old, err := readBackups(s.legacyBackupDir())
		if err != nil {
			return nil, err
		}
		out = append(out, old...)
	}
	// Names sort by time; newest first.
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// readBackups lists the backup files directly in dir (none when it does not exist).
func readBackups(dir string) ([]Backup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []Backup
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !isBackupName(n) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		b := Backup{Path: filepath.Join(dir, n), Name: n, Size: fi.Size(), Created: fi.ModTime()}
		// huitouke-20261115-200000123-import.db
		parts := strings.SplitN(strings.TrimSuffix(strings.TrimPrefix(n, "huitouke-"), ".db"), "-", 3)
		if len(parts) == 3 {
			if t, err := time.ParseInLocation("20060102150405", parts[0]+parts[1][:min(6, len(parts[1]))], time.Local); err == nil {
				b.Created = t
			}
			b.Reason = parts[2]
		}
		out = append(out, b)
	}
	return out, nil
}

func isBackupName(n string) bool {
	return strings.HasPrefix(n, "huitouke-") && strings.HasSuffix(n, ".db")
}

// ErrOtherDatabase means a backup file belongs to another database in the same folder.
var ErrOtherDatabase = errors.New("a backup of another database")

// ErrNotBackup means a file is not one of this database's backups.
var ErrNotBackup = errors.New("not a backup of this database")

// FindBackup finds the backup named by path — a path, or a file name as Backups lists it
// — among this database's backups. It answers ErrOtherDatabase for a backup in another
// database's backups folder and ErrNotBackup for any other file.
func (s *Store) FindBackup(path string) (Backup, error) {
	bs, err := s.Backups()
	if err != nil {
		return Backup{}, err
	}
	want, _ := filepath.Abs(path)
	for _, b := range bs {
		if p, _ := filepath.Abs(b.Path); p == want || (!strings.ContainsAny(path, `/\`) && b.Name == path) {
			return b, nil
		}
	}
	if abs, err := filepath.Abs(path); err == nil {
		root, _ := filepath.Abs(s.legacyBackupDir())
		if dir := filepath.Dir(abs); filepath.Dir(dir) == root && isBackupName(filepath.Base(abs)) {
			return Backup{}, fmt.Errorf("%s: %w (%s)", filepath.Base(abs), ErrOtherDatabase, filepath.Base(dir))
		}
	}
	return Backup{}, fmt.Errorf("%s: %w", path, ErrNotBackup)
}

func (s *Store) pruneBackups() error {
	bs, err := s.Backups()
	if err != nil {
		return err
	}
	for i := KeepBackups; i < len(bs); i++ {
		if err := os.Remove(bs[i].Path); err != nil {
			return fmt.Errorf("remove old backup: %w", err)
		}
	}
	return nil
}

// ErrNotHuitoukeDB means a file chosen for restore is not a Huitouke database.
var ErrNotHuitoukeDB = errors.New("not a Huitouke database")

// Restore replaces the database with the backup at path. It first checks the
// backup opens and has our schema, takes a safety backup of the current
// state, then closes the store, swaps the files and reopens. Readers holding
// DB() during the swap are blocked by the store's lock.
func (s *Store) Restore(ctx context.Context, path string) error {
	if err := checkBackup(ctx, path); err != nil {
		return err
	}
	// Copy the backup beside the database first, so a failure leaves the
	// current database untouched — and before the safety backup, whose
	// pruning may remove the oldest backup, the one being restored.
	tmp := s.path + ".restore"
	if err := copyFile(path, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := s.Backup(ctx, "beforerestore"); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: safety backup: %w", err)
	}
	if err := s.swapIn(ctx, tmp); err != nil {
		return err
	}
	return s.migrate(ctx)
}

// swapIn closes the database, moves tmp over it and reopens, all under the
// store's lock so no reader sees a closed pool.
func (s *Store) swapIn(ctx context.Context, tmp string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.db.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: close: %w", err)
	}
	var swapErr error
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(s.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			swapErr = err
		}
	}
	if swapErr == nil {
		swapErr = os.Rename(tmp, s.path)
	}
	// Reopen whatever is there now, so the store stays usable either way.
	db, err := sql.Open("sqlite3", dsn(s.path))
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		return fmt.Errorf("restore: reopen: %w", err)
	}
	s.db = db
	if swapErr != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", swapErr)
	}
	return nil
}

func checkBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN ('schema_migrations','customers','orders')`).Scan(&n); err != nil {
		return fmt.Errorf("restore %s: %w: %v", filepath.Base(path), ErrNotHuitoukeDB, err)
	}
	if n != 3 {
		return fmt.Errorf("restore %s: %w", filepath.Base(path), ErrNotHuitoukeDB)
	}
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("restore %s: %w: integrity check failed", filepath.Base(path), ErrNotHuitoukeDB)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
