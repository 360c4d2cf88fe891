package imports

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log"
	"runtime/debug"
	"strconv"
)

// importPragmas tunes the import's own connection before its transaction
// begins (some settings only take effect then) and returns a function that
// puts them back, since the connection goes back to the pool afterwards.
//
//   - temp_store = MEMORY: every multi-row INSERT into a table with
//     constraints or triggers keeps a statement journal (a copy of each page
//     it changes, to undo itself on error). By default it spills to a
//     temporary file after 64 KiB, which cost a quarter of the import's CPU
//     in write system calls and is a file the importer must not leave
//     behind. One statement's journal is a few hundred KiB.
//   - foreign_keys = OFF: with immediate foreign-key checks every multi-row
//     INSERT needs that journal, and each row costs a look-up of its
//     parent. The importer makes every reference itself, inside its own
//     write transaction (customer ids it just inserted or read from
//     identities, the imports row it created), and deletes nothing, so
//     the checks could not fail. Together with INSERT OR IGNORE and
//     SQLite-assigned ids for orders (see newWriter and bulkInsert.autoID)
//     the biggest table is written with no statement journal at all.
//   - cache_size: a big page cache, so the indexes being filled in random
//     key order stay in memory (see importCacheKiB for the memory budget).
func importPragmas(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var undo []string
	restore = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), undo[i]); err != nil {
				// The connection cannot go back to the pool with foreign
				// keys off: have database/sql throw it away instead.
				log.Printf("import: %s: %v; dropping the connection", undo[i], err)
				if rerr := conn.Raw(func(any) error { return driver.ErrBadConn }); !errors.Is(rerr, driver.ErrBadConn) {
					log.Printf("import: dropping the connection: %v", rerr)
				}
				return
			}
		}
	}
	set := func(name, value string) error {
		var old string
		if err := conn.QueryRowContext(ctx, `PRAGMA `+name).Scan(&old); err != nil {
			return fmt.Errorf("import: pragma %s: %w", name, err)
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA `+name+` = `+value); err != nil {
			return fmt.Errorf("import: pragma %s: %w", name, err)
		}
		undo = append(undo, `PRAGMA `+name+` = `+old)
		return nil
	}
	if err := set("foreign_keys", "OFF"); err != nil {
		return restore, err
	}
	if err := set("temp_store", "MEMORY"); err != nil {
		return restore, err
	}
	if err := set("cache_size", strconv.Itoa(-importCacheKiB)); err != nil {
		return restore, err
	}
	return restore, nil
}

// importCacheKiB is the page cache of the import connection.
//
// 64 MiB: the pages that must stay in memory are the indexes filled in
// random key order (order numbers, identity keys, phones), about 60 MB at
// a million orders; the table pages are written once and can go. Measured
// on 1,000,000 rows, 64 MiB and 256 MiB cost the same CPU time, and the
// smaller cache keeps the process far under the 400 MB peak.
var importCacheKiB = 64 << 10

// importMemLimit is the Go runtime's soft memory limit during a big import
// (see limitMemory). A million-row workbook with shared strings keeps
// about 175 MB live (the strings, the identity keys, the order-number
// filter); without a limit the heap grows to twice that before a
// collection. 256 MiB leaves room under the 400 MB peak for SQLite's page
// cache (importCacheKiB), which the Go runtime does not count.
var importMemLimit int64 = 256 << 20

// limitMemory sets the soft memory limit for the import, unless a lower
// one is set, and returns a function that puts the old one back.
func limitMemory() (restore func()) {
	old := debug.SetMemoryLimit(-1)
	if old <= importMemLimit {
		return func() {}
	}
	debug.SetMemoryLimit(importMemLimit)
	return func() { debug.SetMemoryLimit(old) }
}
