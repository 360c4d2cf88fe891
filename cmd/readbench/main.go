// Command readbench reads every cell of an .xlsx with xlsxstream (and, with
// -excelize, with excelize's streaming Rows) and prints rows, seconds, rows/s
// and the peak RSS of the process:
//
//	go run ./data/imports/cmd/readbench [-excelize] [-sheet 0] FILE.xlsx
//
// Peak RSS is per process, so the excelize run starts a child process of
// this command to measure it apart from ours.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"huitouke/data/xlsx"
)

func main() {
	withExcelize := flag.Bool("excelize", false, "also read the file with excelize (slow)")
	only := flag.String("only", "", "internal: run just one reader (xlsxstream or excelize)")
	sheet := flag.Int("sheet", 0, "sheet index")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the xlsxstream run to this file")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: readbench [-excelize] FILE.xlsx")
		os.Exit(2)
	}
	file := flag.Arg(0)
	switch *only {
	case "xlsxstream":
		if *cpuProfile != "" {
			f, err := os.Create(*cpuProfile)
			if err == nil {
				pprof.StartCPUProfile(f)
				defer pprof.StopCPUProfile()
			}
		}
		report("xlsxstream", func() (int, int, error) { return readStream(file, *sheet) })
	case "excelize":
		report("excelize", func() (int, int, error) { return readExcelize(file, *sheet) })
	default:
		readers := []string{"xlsxstream"}
		if *withExcelize {
			readers = append(readers, "excelize")
		}
		for _, r := range readers {
			cmd := exec.Command(os.Args[0], "-only", r, "-sheet", fmt.Sprint(*sheet), "-cpuprofile", *cpuProfile, file)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				fmt.Fprintln(os.Stderr, "readbench:", r, err)
			}
		}
	}
}

func report(name string, run func() (rows, cells int, err error)) {
	start := time.Now()
	rows, cells, err := run()
	sec := time.Since(start).Seconds()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1) //nolint: the profile is lost on error, which is fine
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%-10s rows=%d cells=%d seconds=%.2f rows/s=%.0f peakRSS=%.0fMB\n",
		name, rows, cells, sec, float64(rows)/sec, float64(ru.Maxrss)/1024)
}

func readStream(file string, sheet int) (rows, cells int, err error) {
	w, err := xlsx.Open(file)
	if err != nil {
		return 0, 0, err
	}
	defer w.Close()
	err = w.Rows(context.Background(), sheet, func(_ int, cs []string) error {
		rows++
		for _, c := range cs {
			if c != "" {
				cells++
			}
		}
		return nil
	})
	return rows, cells, err
}

func readExcelize(file string, sheet int) (rows, cells int, err error) {
	f, err := excelize.OpenFile(file)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	list := f.GetSheetList()
	if sheet >= len(list) {
		return 0, 0, fmt.Errorf("no sheet %d", sheet)
	}
	it, err := f.Rows(list[sheet])
	if err != nil {
		return 0, 0, err
	}
	defer it.Close()
	for it.Next() {
		cs, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return rows, cells, err
		}
		if len(cs) > 0 && strings.Join(cs, "") != "" {
			rows++
		}
		for _, c := range cs {
			if c != "" {
				cells++
			}
		}
	}
	return rows, cells, it.Error()
}
