package figures

import (
	"context"
	"syscall"
	"testing"
	"time"

	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// cpuTime is the CPU time of the process so far: on a shared machine the wall time of a
// benchmark says more about the neighbours than about the code, so both are reported.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkRecompute is the full recompute of 1,000,000 customers and 3,000,000 paid orders:
// load, PerCustomer, rewrite of customer_stats. Target <= 3 s.
func BenchmarkRecompute(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	if _, err := Recompute(ctx, st, asOf); err != nil { // creates the index once, warms the page cache
		b.Fatal(err)
	}
	c0 := cpuTime()
	b.ResetTimer()
	var sum Summary
	for b.Loop() {
		var err error
		if sum, err = Recompute(ctx, st, asOf); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(sum.Load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(sum.Compute.Milliseconds()), "compute-ms")
	b.ReportMetric(float64(sum.Write.Milliseconds()), "write-ms")
	b.ReportMetric(float64(sum.Predict.Milliseconds()), "predict-ms") // refit, predict, write customer_predictions
	if sum.Buyers != benchCustomers || sum.PaidOrders != benchPaid {
		b.Fatalf("recompute saw %d buyers, %d orders", sum.Buyers, sum.PaidOrders)
	}
}

// BenchmarkFigures is the overview's figures for a period once the orders are cached
// (stats cached too: the as-of date did not change). Target <= 300 ms.
func BenchmarkFigures(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	c := NewCache()
	if _, err := c.Figures(ctx, st, calc.Period{}, asOf); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		p    calc.Period
	}{
		{"last30", calc.Period{From: asOf - 29, To: asOf}},
		{"last365", calc.Period{From: asOf - 364, To: asOf}},
		{"alltime", calc.Period{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c0 := cpuTime()
			for b.Loop() {
				r, err := c.Figures(ctx, st, bc.p, asOf)
				if err != nil || r.Figures.Orders == 0 {
					b.Fatal(err, r.Figures.Orders)
				}
				if _, err := c.Trend(ctx, st, asOf-364, asOf); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkBreakdown is the Segments screen's data: warm = orders and stats cached (coming
// from the overview), newAsOf = orders cached but stats recomputed for another as-of date.
// Target <= 500 ms.
func BenchmarkBreakdown(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	c := NewCache()
	if _, err := c.Breakdown(ctx, st, asOf); err != nil {
		b.Fatal(err)
	}
	b.Run("warm", func(b *testing.B) {
		c0 := cpuTime()
		for b.Loop() {
			if _, err := c.Breakdown(ctx, st, asOf); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c0)
	})
	b.Run("newAsOf", func(b *testing.B) {
		c0 := cpuTime()
		d := asOf
		for b.Loop() {
			d--
			if _, err := c.Breakdown(ctx, st, d); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c0)
	})
}

func BenchmarkWriteOnly(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	c := NewCache()
	stats, s, err := c.Stats(ctx, st, asOf)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c0 := cpuTime()
		t0 := time.Now()
		if _, err := writeStats(ctx, st, asOf, s, stats, c.custs, c.over); err != nil {
			b.Fatal(err)
		}
		b.Logf("write %v cpu %v", time.Since(t0), cpuTime()-c0)
	}
}

// BenchmarkRecomputeFromScratch is the full recompute into an empty customer_stats (first
// run, or after the shop's thresholds changed most rows). Target <= 3 s.
func BenchmarkRecomputeFromScratch(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	var cpu time.Duration
	var sum Summary
	for b.Loop() {
		b.StopTimer()
		if _, err := st.DB().ExecContext(ctx, `DELETE FROM customer_stats`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		var err error
		if sum, err = Recompute(ctx, st, asOf); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(sum.Load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(sum.Compute.Milliseconds()), "compute-ms")
	b.ReportMetric(float64(sum.Write.Milliseconds()), "write-ms")
}

// BenchmarkRecomputeNextDay is the daily recompute: figures stored as of one day, recomputed
// as of the next (no new orders), writing only the rows that changed. Target <= 3 s.
func BenchmarkRecomputeNextDay(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	asOf, _ := clock.ParseDay(benchAsOf)
	var cpu time.Duration
	var sum Summary
	for b.Loop() {
		b.StopTimer()
		if _, err := Recompute(ctx, st, asOf); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		var err error
		if sum, err = Recompute(ctx, st, asOf+1); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(sum.Load.Milliseconds()), "load-ms")
	b.ReportMetric(float64(sum.Compute.Milliseconds()), "compute-ms")
	b.ReportMetric(float64(sum.Write.Milliseconds()), "write-ms")
	if sum.Buyers != benchCustomers || sum.PaidOrders != benchPaid {
		b.Fatalf("recompute saw %d buyers, %d orders", sum.Buyers, sum.PaidOrders)
	}
}
