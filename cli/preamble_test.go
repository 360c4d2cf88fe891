package cli

import (
	"flag"
	"io"
	"slices"
	"testing"
)

// A scheduled job may write its flags after the files; "--" ends the flags.
func TestParseTakesFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		db       string
		json     bool
		rest     []string
		wantCode int
		ok       bool
	}{
		{[]string{"a.xlsx", "b.csv", "--db", "shop.db"}, "shop.db", false, []string{"a.xlsx", "b.csv"}, 0, true},
		{[]string{"--json", "a.xlsx", "--db=x.db", "b.csv"}, "x.db", true, []string{"a.xlsx", "b.csv"}, 0, true},
		{[]string{"a.xlsx", "--", "--db", "-b.csv"}, "", false, []string{"a.xlsx", "--db", "-b.csv"}, 0, true},
		{[]string{"a.xlsx", "--nope"}, "", false, nil, ExitUsage, false},
		{nil, "", false, nil, 0, true},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		db := fs.String("db", "", "")
		asJSON := fs.Bool("json", false, "")
		ok, code := Parse(fs, tc.args)
		if ok != tc.ok || code != tc.wantCode {
			t.Errorf("%q: ok %v code %d, want %v %d", tc.args, ok, code, tc.ok, tc.wantCode)
			continue
		}
		if !ok {
			continue
		}
		if *db != tc.db || *asJSON != tc.json || !slices.Equal(fs.Args(), tc.rest) && len(fs.Args())+len(tc.rest) > 0 {
			t.Errorf("%q: db %q json %v args %q; want %q %v %q", tc.args, *db, *asJSON, fs.Args(), tc.db, tc.json, tc.rest)
		}
	}
}
