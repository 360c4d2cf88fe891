package imports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Rebuilding indexes: a big file into a small database writes faster
// without the secondary indexes of the tables it fills, built again in one
// sorted pass at the end. Each row inserted into an index in random key
// order costs a B-tree descent and, once the index outgrows the page
// cache, page reads and writes; building it afresh is a table scan and a
// sort. UNIQUE and PRIMARY KEY indexes stay, since the import relies on
// them. It all happens inside the file's transaction, so a failed or
// cancelled import leaves the indexes exactly as they were.

// minRebuildRows is the least estimated file size (in rows) for which
// rebuilding pays: below it the drop and rebuild cost more than they save.
const minRebuildRows = 20000

// forceBulk makes every file take the bulk path (tests run the sample
// files, far under minRebuildRows, through it).
var forceBulk bool

// estimateRows guesses the data rows of the layout's sheet from its size in
// bytes, on the low side: a Taobao order row is about 350 bytes of CSV and
// 1–1.6 KiB of sheet XML.
func estimateRows(src source, lay *layout) int64 {
	switch s := src.(type) {
	case *xlsxSource:
		return s.w.SheetSize(lay.sheet) / 2048
	case *csvSource:
		return s.size / 512
	}
	return 0
}

// rebuildTables are the tables an import of kind k fills.
func rebuildTables(k fileKind) []string {
	switch k {
	case kindOrders:
		return []string{"orders", "customers", "identities", "customer_phones"}
	case kindCustomers:
		return []string{"customers", "identities", "customer_phones", "customer_tags"}
	}
	return nil
}

type savedIndex struct{ name, sql string }

// keptIndexes are secondary indexes on columns an import of that kind
// never fills: its rows either stay out of them (partial indexes on
// referred_by, do_not_contact, birthday …) or go in at one key (NULL) in
// rowid order, at the end. Keeping them costs the inserts next to nothing;
// building them again would cost a scan of the whole table each (about
// 50 ms per million customers, 0.1 s for merged_into).
var keptIndexes = map[fileKind]map[string]bool{
	kindOrders: {"customers_merged_into": true, "customers_not_callable": true, "customers_referred_by": true,
		"customers_birthday_md": true},
	kindCustomers: {"customers_merged_into": true, "customers_not_callable": true, "customers_referred_by": true},
}

// keepIndex tells whether dropIndexes leaves index name in place for a file
// of kind k. Only speed depends on it: an index kept is kept up to date.
func keepIndex(k fileKind, name string) bool { return keptIndexes[k][name] }

// isBulk tells whether a file of kind k is big and the tables it fills
// small next to it: the main table's row count, estimated by its largest
// rowid, is under the file's estimated rows.
func isBulk(ctx context.Context, tx *sql.Tx, k fileKind, estRows int64) (bool, error) {
	tables := rebuildTables(k)
	if len(tables) == 0 {
		return false, nil
	}
	if forceBulk {
		return true, nil
	}
	if estRows < minRebuildRows {
		return false, nil
	}
	var have int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+tables[0]).Scan(&have); err != nil {
		return false, fmt.Errorf("import: %w", err)
	}
	return have <= estRows, nil
}

// dropIndexes drops the secondary indexes of the tables a file of kind k
// fills and returns what to rebuild.
func dropIndexes(ctx context.Context, tx *sql.Tx, k fileKind) ([]savedIndex, error) {
	tables := rebuildTables(k)
	if len(tables) == 0 {
		return nil, nil
	}
	q := `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?` +
		strings.Repeat(",?", len(tables)-1) + `) ORDER BY name`
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	var out []savedIndex
	for rows.Next() {
		var s savedIndex
		if err := rows.Scan(&s.name, &s.sql); err != nil {
			rows.Close()
			return nil, fmt.Errorf("import: list indexes: %w", err)
		}
		// A UNIQUE index written as CREATE UNIQUE INDEX enforces a rule:
		// it stays.
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s.sql)), "CREATE UNIQUE") {
			continue
		}
		if keepIndex(k, s.name) {
			continue
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import: list indexes: %w", err)
	}
	for _, s := range out {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(s.name, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("import: drop index %s: %w", s.name, err)
		}
	}
	return out, nil
}

// createIndexes builds the dropped indexes again.
func createIndexes(ctx context.Context, tx *sql.Tx, idx []savedIndex) error {
	for _, s := range idx {
		if _, err := tx.ExecContext(ctx, s.sql); err != nil {
			return fmt.Errorf("import: rebuild index %s: %w", s.name, err)
		}
	}
	return nil
}

// searchInsertTriggers are the triggers of migration 0003 that mark a
// customer's search document stale on every insert into the tables an
// import fills. A bulk import drops them inside its transaction (three or
// four trigger programs per new customer otherwise) and marks what it
// touched in set-based statements at the end (see writer.markSearch); the
// UPDATE and DELETE triggers stay. Dropped triggers also spare the
// multi-row INSERTs of those tables a statement journal.
var searchInsertTriggers = []string{"customers_search_ins", "identities_search_ins", "phones_search_ins", "tags_search_ins"}

// dropSearchTriggers drops the insert triggers that exist and returns what
// to create again.
func dropSearchTriggers(ctx context.Context, tx *sql.Tx) ([]savedIndex, error) {
	var out []savedIndex
	for _, name := range searchInsertTriggers {
		var s savedIndex
		err := tx.QueryRowContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, name).Scan(&s.name, &s.sql)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("import: list triggers: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+strings.ReplaceAll(s.name, `"`, `""`)+`"`); err != nil {
			return nil, fmt.Errorf("import: drop trigger %s: %w", s.name, err)
		}
		out = append(out, s)
	}
	return out, nil
}
