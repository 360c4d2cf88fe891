//go:build unix

// Command benchimport imports files into a fresh temporary database and
// prints, per file, the rows, seconds, rows per second and the process's
// peak resident memory (VmHWM, Linux):
//
//	go run ./data/imports/cmd/benchimport FILE...
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"huitouke/data"
	"huitouke/data/imports"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchimport FILE...")
		os.Exit(2)
	}
	fmt.Printf("%-28s %-18s %9s %9s %8s %10s %8s %9s %s\n", "file", "platform", "rows", "orders", "seconds", "rows/s", "cpu_s", "peakRSS", "status")
	code := 0
	// BENCH_CPUPROFILE=cpu.out writes a CPU profile of the whole run.
	if pf := os.Getenv("BENCH_CPUPROFILE"); pf != "" {
		f, err := os.Create(pf)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	for _, p := range os.Args[1:] {
		dir, err := os.MkdirTemp("", "benchimport")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ctx := context.Background()
		st, err := data.Open(ctx, filepath.Join(dir, "bench.db"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		start := time.Now()
		cpu0 := cpuTime()
		res, err := imports.ImportFiles(ctx, st, []string{p}, imports.Options{})
		secs := time.Since(start).Seconds()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
		for _, r := range res {
			status := r.Status
			if r.Err != nil {
				status += " " + r.Code + ": " + r.Err.Error()
				code = 1
			}
			fmt.Printf("%-28s %-18s %9d %9d %8.2f %10.0f %8.2f %9s %s\n", filepath.Base(r.File), r.Platform, r.Rows,
				r.OrdersNew+r.OrdersUpdated, secs, float64(r.Rows)/secs, (cpuTime() - cpu0).Seconds(), peakRSS(), status)
		}
		st.Close()
		// BENCH_KEEP=1 keeps the database for a look (its path is printed).
		if os.Getenv("BENCH_KEEP") != "" {
			fmt.Fprintln(os.Stderr, "kept", filepath.Join(dir, "bench.db"))
			continue
		}
		os.RemoveAll(dir)
	}
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

// cpuTime is the process's user+system CPU time: on a busy machine it says
// more about the importer's cost than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS reads VmHWM from /proc/self/status.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			return strings.Join(strings.Fields(v), "")
		}
	}
	return "?"
}
