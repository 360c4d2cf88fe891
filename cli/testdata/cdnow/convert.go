//go:build ignore

// convert turns the CDNOW 1/10 sample (CDNOW_sample.txt: master id, sample id, YYYYMMDD,
// CDs, dollars) into a WooCommerce order export the importer recognises: one completed,
// paid order per purchase line, the buyer named by an e-mail made from the sample id, the
// dollar value as the order total (stored as fen: the currency does not matter to the fit),
// paid at noon so the shop's day is the purchase day. Several lines of one day stay
// separate orders: the models fold them into one transaction.
//
//	go run convert.go /path/to/CDNOW_sample.txt > orders.csv
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"Order Number", "Order Status", "Order Date", "Paid Date", "Email (Billing)", "Quantity", "Order Total Amount"})
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		c := strings.Fields(sc.Text())
		if len(c) != 5 {
			continue
		}
		n++
		d := c[2][:4] + "-" + c[2][4:6] + "-" + c[2][6:8] + " 12:00"
		w.Write([]string{fmt.Sprint(100000 + n), "Completed", d, d, "cdnow" + c[1] + "@example.com", c[3], c[4]})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
}
