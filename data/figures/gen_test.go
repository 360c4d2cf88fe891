package figures

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"huitouke/data"
)

// Size of the benchmark shop: the target of the issue.
const (
	benchCustomers = 1_000_000
	benchPaid      = 3_000_000
	benchUnpaid    = 300_000
)

// benchAsOf is the as-of day of the generated history (orders go back 1,100 days from it).
const benchAsOf = "2026-11-15"

// benchStore opens a copy-free handle on a generated 1M-customer / 3M-paid-order database.
// Generating takes a while, so the file is kept in os.TempDir between runs (delete it to
// regenerate); the benchmarks rewrite only customer_stats, which every run replaces anyway.
func benchStore(b *testing.B) *data.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), "huitouke-figures-bench-v1.db")
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		os.Remove(tmp)
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
		st, err := data.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		if err := generate(ctx, st.DB()); err != nil {
			st.Close()
			b.Fatal(err)
		}
		if _, err := st.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		st.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
	}
	st, err := data.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// generate fills an empty database in SQL (recursive CTEs run inside SQLite, far faster than
// binding millions of rows from Go). Every customer has one paid order; the other 2,000,000
// paid orders go to a skewed set of repeat buyers, as in a real shop. Rows carry realistic
// filler (items, receiver, address) so table scans read a realistic number of pages.
func generate(ctx context.Context, db *sql.DB) error {
	stmts := []string{
		fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
		INSERT INTO customers(id, name, nickname, platform, created_at, updated_at)
		SELECT i, '顾客' || i, 'tb_' || hex(randomblob(4)), 'taobao', '2024-01-01 00:00:00', '2024-01-01 00:00:00' FROM s`, benchCustomers),
		fmt.Sprintf(`INSERT INTO customer_phones(customer_id, phone, normalized)
		SELECT id, '138' || printf('%%08d', id), '138' || printf('%%08d', id) FROM customers`),
		// Orders in time order, as imports add them: the first order of each customer, then
		// repeat orders, then unpaid ones.
		fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d),
		o(i, c, d) AS (
			SELECT i, i, abs(random()) %% 1100 FROM s WHERE i <= %d
			UNION ALL
			SELECT i, 1 + (abs(random()) %% %d) * (abs(random()) %% %d) / %d, abs(random()) %% 1100 FROM s WHERE i > %d AND i <= %d
			UNION ALL
			SELECT i, 1 + abs(random()) %% %d, abs(random()) %% 1100 FROM s WHERE i > %d)
		INSERT INTO orders(platform, order_no, customer_id, status, state, paid, created_at, paid_at, order_day,
			amount_fen, refund_fen, revenue_fen, items, quantity, receiver_name, receiver_phone, address)
		SELECT 'taobao', 'T' || (4000000000000 + i), c,
			CASE WHEN i <= %d THEN '交易成功' ELSE '交易关闭' END,
			CASE WHEN i <= %d THEN 'paid' ELSE 'closed' END,
			CASE WHEN i <= %d THEN 1 ELSE 0 END,
			date('%s', '-' || d || ' days') || ' 10:00:00',
			date('%s', '-' || d || ' days') || ' 10:01:00',
			date('%s', '-' || d || ' days'),
			1000 + abs(random()) %% 100000, 0, 1000 + abs(random()) %% 100000,
			'明前龙井 250g 礼盒装，碧螺春 100g', 2, '顾客' || c, '138' || printf('%%08d', c),
			'浙江省 杭州市 西湖区 龙井路 ' || (c %% 500) || ' 号'
		FROM o`,
			benchPaid+benchUnpaid, benchCustomers, benchCustomers, benchCustomers, benchCustomers, benchCustomers, benchPaid,
			benchCustomers, benchPaid, benchPaid, benchPaid, benchPaid, benchAsOf, benchAsOf, benchAsOf),
	}
	return data.InTx(ctx, db, func(tx *sql.Tx) error {
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("generate: %w", err)
			}
		}
		return nil
	})
}
