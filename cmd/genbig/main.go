// Command genbig writes a large, realistic Taobao order report for load tests:
//
//	go run ./data/imports/cmd/genbig -rows 1000000 -out big.xlsx [-shared] [-csv big.csv] [-seed 1]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"time"

	"huitouke/data/xlsx/xlsxgen"
)

func main() {
	rows := flag.Int("rows", 1000000, "number of order rows")
	out := flag.String("out", "", "xlsx file to write")
	shared := flag.Bool("shared", false, "store strings in a sharedStrings table (as Excel does) instead of inline")
	csvOut := flag.String("csv", "", "also write the rows as a GBK CSV to this file")
	seed := flag.Uint64("seed", 1, "random seed (same seed, same file)")
	flag.Parse()
	if *out == "" && *csvOut == "" {
		fmt.Fprintln(os.Stderr, "genbig: give -out and/or -csv")
		os.Exit(2)
	}
	o := xlsxgen.Options{Rows: *rows, Seed: *seed, Shared: *shared}
	if *out != "" {
		if err := write(*out, func(f *bufio.Writer) error { return xlsxgen.WriteXLSX(f, o) }); err != nil {
			fmt.Fprintln(os.Stderr, "genbig:", err)
			os.Exit(1)
		}
	}
	if *csvOut != "" {
		if err := write(*csvOut, func(f *bufio.Writer) error { return xlsxgen.WriteCSV(f, o) }); err != nil {
			fmt.Fprintln(os.Stderr, "genbig:", err)
			os.Exit(1)
		}
	}
}

func write(name string, gen func(*bufio.Writer) error) error {
	start := time.Now()
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := gen(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes in %.1fs\n", name, st.Size(), time.Since(start).Seconds())
	return nil
}
