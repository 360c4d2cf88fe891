// Package data is Huitouke's domain and storage layer: the SQLite store, its
// migrations, backups and settings. It never imports Fyne.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// TimeLayout is how times are stored: shop-local wall time.
const TimeLayout = "2006-01-02 15:04:05"

// DayLayout is how calendar days are stored.
const DayLayout = "2006-01-02"

// Store is the SQLite database of one shop.
type Store struct {
	mu   sync.RWMutex
	db   *sql.DB
	path string
}

// DefaultDir is where Huitouke keeps its data: the user's config directory.
func DefaultDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find config directory: %w", err)
	}
	return filepath.Join(dir, "Huitouke"), nil
}

// DefaultPath is the database file used when no --db is given.
func DefaultPath() (string, error) {
	dir, err := DefaultDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "huitouke.db"), nil
}

func dsn(path string) string {
	// The pragmas travel in the DSN so every pooled connection gets them.
	v := url.Values{}
	v.Set("_fk", "1")
	v.Set("_journal", "WAL")
	v.Set("_timeout", "5000")
	v.Set("_txlock", "immediate")
	v.Set("_sync", "NORMAL")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode()
}

// Open opens (creating when needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("open store: create folder: %w", err)
	}
	db, err := sql.Open("sqlite3", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	s := &Store{db: db, path: abs}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Dir is the folder holding the database.
func (s *Store) Dir() string { return filepath.Dir(s.path) }

// DB gives sub-packages (importers, analytics) the connection pool. The
// read lock taken by callers through Lock guards against a concurrent restore.
func (s *Store) DB() *sql.DB {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.db
}

// Close closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The closed pool stays in place: late queries from background work get
	// "database is closed" errors instead of a nil pointer.
	return s.db.Close()
}

// InTx runs fn in one transaction, rolling back on error or panic.
func (s *Store) InTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return InTx(ctx, s.DB(), fn)
}

// InTx runs fn in one transaction on db, rolling back on error or panic.
func InTx(ctx context.Context, db *sql.DB, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		var v int
		if _, err := fmt.Sscanf(e.Name(), "%d_", &v); err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %q: name must start with a positive number", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// ErrNewerSchema means the database was written by a newer Huitouke.
var ErrNewerSchema = errors.New("database schema is newer than this program")

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if len(ms) > 0 && current > ms[len(ms)-1].version {
		return fmt.Errorf("migrate: version %d: %w", current, ErrNewerSchema)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		err := s.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, time.Now().Format(TimeLayout))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.DB().QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Setting reads one setting; def when unset.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.DB().QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return def, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes one setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.DB().ExecContext(ctx, `INSERT INTO settings(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// Settings returns every setting whose key starts with prefix.
func (s *Store) Settings(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.DB().QueryContext(ctx, `SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\'`,
		strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(prefix)+"%")
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// Counts are the sizes of the main tables, for empty states and headers.
type Counts struct {
	Customers, Orders, PaidOrders, Imports int
}

// Counts counts customers (not merged away), orders and imports.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.DB().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM customers WHERE merged_into IS NULL),
		(SELECT COUNT(*) FROM orders),
		(SELECT COUNT(*) FROM orders WHERE paid = 1),
		(SELECT COUNT(*) FROM imports WHERE status = 'ok')`).Scan(&c.Customers, &c.Orders, &c.PaidOrders, &c.Imports)
	if err != nil {
		return c, fmt.Errorf("count: %w", err)
	}
	return c, nil
}

// SettingShopName is the setting holding the shop's name (scripts, reports, the title).
const SettingShopName = "shop.name"
