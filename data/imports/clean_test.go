package imports

import (
	"bytes"
	"context"
	"huitouke/data/clock"
	"huitouke/data/errs"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestCleanCell(t *testing.T) {
	for in, want := range map[string]string{
		`="1351915081998252774"`: "1351915081998252774",
		"'13800138000":           "13800138000",
		"\t952310887409\t":       "952310887409",
		"952310887409\t":         "952310887409",
		" - ":                    "",
		"--":                     "",
		"null":                   "",
		"NULL":                   "",
		"无":                      "",
		"无售后或售后取消":               "无售后或售后取消",
		"\u3000张三\u00a0":         "张三",
		`="a""b"`:                `a"b`,
	} {
		if got := CleanCell(in); got != want {
			t.Errorf("CleanCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"41.35", 4135, false}, {"¥1,280.50", 128050, false}, {"￥ 88 元", 8800, false}, {"RMB 12.3", 1230, false},
		{"0.00", 0, false}, {"", 0, false}, {"-", 0, false}, {"-5.5", -550, false}, {"(3.00)", -300, false},
		{"41.349999999999994", 4135, false}, {"0.1", 10, false}, {"1.005", 101, false}, {"1.004", 100, false},
		{"9.995", 1000, false}, {"1.5E+2", 15000, false}, {"1,234,567.89", 123456789, false}, {"１２.５", 1250, false},
		{"12,3.4.5元", 0, true}, {"abc", 0, true}, {"1-2", 0, true}, {"1e999", 0, true}, {"$", 0, true},
	} {
		got, err := ParseAmount(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d bad=%v", c.in, got, err, c.want, c.bad)
		}
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2026, 3, 5, 14, 22, 10, 0, clock.ShopZone)
	for _, in := range []string{
		"2026-03-05 14:22:10", "2026/03/05 14:22:10", "2026/3/5 14:22:10", "2026-3-5 14:22:10", "2026.03.05 14:22:10",
		"2026-03-05T14:22:10", "2026-03-05 14:22:10 +0800", "2026-03-05 14:22:10 +08:00", "2026-03-05T06:22:10Z",
		"2026-03-05 07:22:10 +0100", "20260305142210", "2026年3月5日 14:22:10", "3/5/2026 2:22:10 PM",
		"46086.5987268519", "2026-03-05 14:22:10.000",
	} {
		got, err := ParseTime(in, nil)
		if err != nil || !got.Equal(want) || got.Location() != clock.ShopZone {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, err := ParseTime("2026/3/5 14:22", nil); err != nil || !got.Equal(want.Add(-10*time.Second)) {
		t.Errorf("without seconds: %v %v", got, err)
	}
	if got, err := ParseTime("2026-03-05", nil); err != nil || got.Format("2006-01-02 15:04") != "2026-03-05 00:00" {
		t.Errorf("date only: %v %v", got, err)
	}
	for _, bad := range []string{"2026-13-45 25:61", "2026-02-30", "yesterday", "2026-03-05 14", "14:22", "1.23E+17", "2026-03-05 14:22:10 +99"} {
		if _, err := ParseTime(bad, nil); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

func TestPhoneKey(t *testing.T) {
	for _, c := range []struct {
		in, key string
		masked  bool
	}{
		{"'13800138000", "13800138000", false}, {"+86 138 0013 8000", "13800138000", false},
		{"+8613800138000", "13800138000", false}, {"138-0013-8000", "13800138000", false},
		{"008613800138000", "13800138000", false}, {"'+8613800138000", "13800138000", false},
		{"138****1234", "138****1234", true}, {"'191****1839", "191****1839", true}, {"021-62345678", "02162345678", false},
	} {
		k, m := PhoneKey(c.in)
		if k != c.key || m != c.masked {
			t.Errorf("PhoneKey(%q) = %q %v, want %q %v", c.in, k, m, c.key, c.masked)
		}
	}
	if !IsMasked("张**") || !IsMasked("张*") || IsMasked("张三") {
		t.Error("IsMasked")
	}
}

func TestIsScientific(t *testing.T) {
	for in, want := range map[string]bool{"1.23E+17": true, "1.23456789012346E+17": true, "1E5": true, "1.2e-3": true,
		"1351915081998252774": false, "E20261115164333193301": false, "#1001": false, "12E": false} {
		if IsScientific(in) != want {
			t.Errorf("IsScientific(%q) != %v", in, want)
		}
	}
}

func TestNormHeader(t *testing.T) {
	if NormHeader("Сustomer Note") != NormHeader("customer note") {
		t.Error("Cyrillic С not folded")
	}
	if NormHeader(" 商品总价（元） ") != NormHeader("商品总价(元)") {
		t.Error("full-width parentheses not folded")
	}
	if HeaderSignature([]string{"A", " b"}) != HeaderSignature([]string{"a", "B", ""}) {
		t.Error("signature depends on case/blanks")
	}
}

func TestGuessEncoding(t *testing.T) {
	zh := "订单编号,买家会员名,收货地址\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Repeat(zh, 5000))
	if g := guessEncoding([]byte(gbk)[:65536]); g != "gb18030" {
		t.Errorf("GBK guessed %s", g)
	}
	u := []byte(strings.Repeat(zh, 5000))
	// Cut in the middle of a rune: still UTF-8.
	for cut := 65530; cut < 65536; cut++ {
		if g := guessEncoding(u[:cut]); g != "utf-8" {
			t.Errorf("UTF-8 cut at %d guessed %s", cut, g)
		}
	}
}

func readAll(t testing.TB, data []byte, enc string) ([][]string, error) {
	var out [][]string
	err := readCSV(context.Background(), bytes.NewReader(data), enc, func(_ int, c []string) error {
		out = append(out, append([]string(nil), c...))
		return nil
	})
	return out, err
}

func TestReadCSV(t *testing.T) {
	in := "\xEF\xBB\xBF订单号,金额\r\n=\"123456789012345678\",\"1,280.50\"\r\n'138,\"多行\n备注\"\r\n"
	rows, err := readAll(t, []byte(in), "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "订单号" || CleanCell(rows[1][0]) != "123456789012345678" || rows[1][1] != "1,280.50" || rows[2][1] != "多行\n备注" {
		t.Errorf("rows %q", rows)
	}
}

func FuzzCleanCell(f *testing.F) {
	for _, s := range []string{`="123"`, "'138", "\t1\t", "-", "无", "\u3000a", `="`, `=""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanCell(s)
		if len(c) > len(s) {
			t.Errorf("CleanCell grew %q → %q", s, c)
		}
		if utf8.ValidString(s) && !utf8.ValidString(c) {
			t.Errorf("CleanCell broke UTF-8: %q → %q", s, c)
		}
		if c != trimCell(c) {
			t.Errorf("CleanCell(%q) = %q keeps blanks", s, c)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"41.35", "¥1,280.50", "1.5E+2", "(3.00)", "41.349999999999994", "9.995", "-", "1e20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if err != nil {
			return
		}
		// A plain decimal with at most two places must round-trip exactly.
		c := CleanCell(s)
		if allDigits(strings.Replace(c, ".", "", 1)) && c != "" && c != "." {
			if i := strings.IndexByte(c, '.'); (i < 0 || len(c)-i-1 <= 2) && len(c) <= 15 {
				want := int64(0)
				digits := strings.Replace(c, ".", "", 1)
				for _, d := range digits {
					want = want*10 + int64(d-'0')
				}
				places := 0
				if i >= 0 {
					places = len(c) - i - 1
				}
				for ; places < 2; places++ {
					want *= 10
				}
				if v != want {
					t.Errorf("ParseAmount(%q) = %d, want %d", s, v, want)
				}
			}
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-03-05 14:22:10", "2026/3/5 14:22", "46086.5987268519", "2026-03-05 14:22:10 +0800", "3/5/2026 2:22 PM", "2026年3月5日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s, nil)
		if err != nil || tm.IsZero() {
			return
		}
		if tm.Location() != clock.ShopZone {
			t.Errorf("%q parsed in %v", s, tm.Location())
		}
		// What we store must parse back to the same instant.
		back, err := ParseTime(tm.Format("2006-01-02 15:04:05"), nil)
		if err != nil || !back.Equal(tm.Truncate(time.Second)) {
			t.Errorf("%q → %v → %v %v", s, tm, back, err)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), false)
	f.Add([]byte("\xEF\xBB\xBF订单号,金额\r\n=\"123\",\"1,2\"\r\n"), false)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("订单编号,买家\n1,张三\n")
	f.Add([]byte(gbk), true)
	f.Add([]byte("\"unterminated\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, gb bool) {
		enc := guessEncoding(data)
		if gb {
			enc = "gb18030"
		}
		rows, err := readAll(t, data, enc)
		if err != nil {
			var e *errs.Error
			if !asError(err, &e) || e.Code != CodeCorrupt {
				t.Errorf("unexpected error %v", err)
			}
			return
		}
		for _, r := range rows {
			for _, c := range r {
				if !utf8.ValidString(c) && enc == "gb18030" {
					t.Errorf("GB18030 decoding gave invalid UTF-8 %q", c)
				}
			}
		}
	})
}
