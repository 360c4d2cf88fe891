package calls

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"huitouke/data"
)

const benchCustomers = 1_000_000

// benchStore opens a generated shop of a million customers (kept in
// os.TempDir between runs; delete it to regenerate). Last orders are spread
// over three years, so about a quarter of the customers are dormant and
// qualify for a recall call; 30 % have a birthday, 5 % only a masked phone.
func benchStore(b *testing.B) *data.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), "huitouke-calls-bench-v1.db")
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".tmp"
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + s)
		}
		st, err := data.Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		if err := generateBench(ctx, st.DB()); err != nil {
			b.Fatal(err)
		}
		st.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
		st.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	st, err := data.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func generateBench(ctx context.Context, db *sql.DB) error {
	day := D.String()
	stmts := []string{
		fmt.Sprintf(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM s WHERE i < %d)
		INSERT INTO customers(id, name, gender, birthday, created_at, updated_at)
		SELECT i, '顾客' || i, CASE i %% 2 WHEN 0 THEN 'f' ELSE 'm' END,
			CASE WHEN i %% 10 < 3 THEN printf('19%%02d-%%02d-%%02d', 60 + i %% 40, 1 + i %% 12, 1 + i %% 28) ELSE '' END,
			'2024-01-01 00:00:00', '2024-01-01 00:00:00' FROM s`, benchCustomers),
		`INSERT INTO customer_phones(customer_id, phone, normalized, masked)
		SELECT id, CASE WHEN id % 20 = 0 THEN '138****' || printf('%04d', id % 10000) ELSE '138' || printf('%08d', id) END,
			CASE WHEN id % 20 = 0 THEN '' ELSE '138' || printf('%08d', id) END, id % 20 = 0 FROM customers`,
		// Stats as a recompute would leave them: last order 0…1099 days ago.
		fmt.Sprintf(`INSERT INTO customer_stats(customer_id, paid_orders, revenue_fen, first_paid_day, last_paid_day, days_since, cycle_days,
			next_expected, segment, level, as_of)
		SELECT id, po, po * 9900, date('%[1]s', '-' || (ds + 30 * (po - 1)) || ' days'), date('%[1]s', '-' || ds || ' days'), ds,
			CASE WHEN po > 1 THEN 30 END, CASE WHEN po > 1 THEN date('%[1]s', printf('%%+d days', 30 - ds)) ELSE '' END,
			CASE WHEN ds <= 45 AND po = 1 THEN 'new' WHEN ds <= 45 THEN 'active' WHEN ds <= 90 THEN 'cooling'
				WHEN ds <= 180 THEN 'dormant_high' WHEN ds <= 360 THEN 'dormant_low' ELSE 'lost' END,
			'regular', '%[1]s'
		FROM (SELECT id, abs(random()) %% 1100 AS ds, 1 + abs(random()) %% 4 AS po FROM customers)`, day),
		// The orders the after-sale reason reads, and some around them.
		fmt.Sprintf(`INSERT INTO orders(platform, order_no, customer_id, status, state, paid, paid_at, order_day, amount_fen, revenue_fen, items)
		SELECT 'taobao', 'B' || customer_id, customer_id, '交易成功', 'paid', 1, last_paid_day || ' 10:00:00', last_paid_day, 9900, 9900, '明前龙井'
		FROM customer_stats WHERE days_since <= 30`),
		// Two weeks of calls and lists.
		fmt.Sprintf(`INSERT INTO calls(customer_id, agent, called_at, outcome)
		SELECT id, '小王', date('%s', '-' || (1 + id %% 14) || ' days') || ' 10:00:00', 'no_answer' FROM customers WHERE id %% 50 = 1`, day),
		fmt.Sprintf(`INSERT INTO call_list(day, customer_id, reason, holdout)
		SELECT date('%s', '-' || (1 + id %% 14) || ' days'), id, 'recall_high', id %% 10 = 0 FROM customers WHERE id %% 40 = 3`, day),
		fmt.Sprintf(`INSERT INTO complaints(customer_id, what, created_at, deadline_at)
		SELECT id, '慢', '%[1]s 08:00:00', '%[1]s 20:00:00' FROM customers WHERE id %% 5000 = 7`, day),
		fmt.Sprintf(`INSERT INTO calls(customer_id, agent, called_at, outcome, follow_up_at)
		SELECT id, '小李', date('%[1]s', '-2 days') || ' 10:00:00', 'busy', '%[1]s 15:00:00' FROM customers WHERE id %% 3000 = 11`, day),
		`ANALYZE`,
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

// cpuTime is the CPU time of the process so far: on a shared machine the
// wall time says more about the neighbours than about the code.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBuildList: database to call list (load candidates + rules) over
// a million customers. Target: ≤ 1 s.
func BenchmarkBuildList(b *testing.B) {
	st := benchStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	var shown, held, nn int
	c0 := cpuTime()
	for b.Loop() {
		l, err := BuildList(ctx, st, D, 60)
		if err != nil {
			b.Fatal(err)
		}
		shown, held, nn = len(l.Shown), len(l.HeldOut), len(l.NoNumber)
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(shown), "shown")
	b.ReportMetric(float64(held), "held")
	b.ReportMetric(float64(nn), "nonumber")
}

// BenchmarkGenerateDay: the same plus storing the list (first generation of
// the day, on a copy that is reset each round by deleting the day).
func BenchmarkGenerateDay(b *testing.B) {
	st := benchStore(b)
	day := D + 1 // never stored by other benchmarks
	b.ReportAllocs()
	var g Generated
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		if _, err := st.DB().Exec(`DELETE FROM call_list WHERE day = ?`, day.String()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		var err error
		if g, err = GenerateDay(ctx, st, day); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.StopTimer()
	st.DB().Exec(`DELETE FROM call_list WHERE day = ?`, day.String())
	b.ReportMetric(float64(g.Shown+g.HeldOut+g.NoNumber), "entries")
	b.ReportMetric(float64(g.Load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(g.Rules.Milliseconds()), "rules-ms")
	b.ReportMetric(float64(g.Save.Milliseconds()), "save-ms")
}

// BenchmarkLoadSummary: the card of the next customer when it was not
// prefetched.
func BenchmarkLoadSummary(b *testing.B) {
	st := benchStore(b)
	b.ReportAllocs()
	id := int64(1)
	for b.Loop() {
		if _, err := LoadSummary(ctx, st, id); err != nil {
			b.Fatal(err)
		}
		id = id*7919%benchCustomers + 1
	}
}
