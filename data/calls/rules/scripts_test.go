package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var zhValues = []Values{
	{ // typical
		Salutation: "王女士", Shop: "小林家手工皂", LastProduct: "桂花乌龙茶礼盒", LastDate: "6月5日",
		Level: "金卡", Agent: "小美", Points: "1280", Birthday: "6月18日",
		Campaign: "双11", CampaignDate: "11月11日", Resolution: "已为您补发一件新的",
	},
	{ // long but realistic
		Salutation: "欧阳先生", Shop: "杭州小林家居旗舰店", LastProduct: "有机桂花乌龙茶礼盒装", LastDate: "2025年6月5日",
		Level: "钻石", Agent: "林晓", Points: "12800", Birthday: "12月31日",
		Campaign: "618年中大促", CampaignDate: "6月18日", Resolution: "已全额退款并补发",
	},
}

var enValues = []Values{
	{ // typical
		Salutation: "Ms Smith", Shop: "Lin Home", LastProduct: "oolong tea", LastDate: "June 5",
		Level: "Gold", Agent: "Anna", Points: "1280", Birthday: "June 18",
		Campaign: "Singles' Day", CampaignDate: "Nov 11", Resolution: "we sent you a new one",
	},
	{ // long
		Salutation: "Mr Johnson", Shop: "Lin Tea House", LastProduct: "osmanthus oolong", LastDate: "June 5",
		Level: "Diamond", Agent: "Rebecca", Points: "12800", Birthday: "December 31",
		Campaign: "Black Friday", CampaignDate: "Nov 28", Resolution: "we refunded you in full",
	},
}

func TestFill(t *testing.T) {
	v := Values{Salutation: "王女士", Shop: "小林家", Agent: "小美", Points: "{积分}"}
	for _, tc := range []struct{ in, want string }{
		{"{称呼}，您好！", "王女士，您好！"},
		{"Hi {salutation}, {agent} from {shop}", "Hi 王女士, 小美 from 小林家"},
		{"｛称呼｝您好", "王女士您好"},     // full-width braces from a Chinese IME
		{"{ 称呼 }您好", "王女士您好"},   // spaces inside
		{"{称呼｝您好", "王女士您好"},     // mixed widths
		{"{姓名}您好", "{姓名}您好"},    // unknown: left for the agent to see
		{"{称{称呼}呼}", "{称王女士呼}"}, // innermost braces win
		{"积分：{积分}", "积分：{积分}"},  // a value is never expanded again
		{"{}{ }", "{}{ }"},      // empty braces are text
		{"{称\n呼}", "{称\n呼}"},    // a placeholder never spans lines
		{"no braces", "no braces"},
		{"{", "{"}, {"}", "}"}, {"{{称呼}}", "{王女士}"},
		{"{会员等级}", ""}, // known but empty
	} {
		if got := Fill(tc.in, v); got != tc.want {
			t.Errorf("Fill(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlaceholderAliases(t *testing.T) {
	v := enValues[1]
	for _, p := range Placeholders() {
		zh, en := Fill("{"+p.Zh+"}", v), Fill("{"+p.En+"}", v)
		if zh != en || zh == "" || zh != p.Value(v) {
			t.Errorf("%s/%s: %q vs %q", p.Zh, p.En, zh, en)
		}
	}
	// Every Values field is reachable through a placeholder.
	seen := map[string]bool{}
	for _, p := range Placeholders() {
		seen[p.Value(v)] = true
	}
	for _, f := range []string{v.Salutation, v.Shop, v.LastProduct, v.LastDate, v.Level, v.Agent, v.Points, v.Birthday, v.Campaign, v.CampaignDate, v.Resolution} {
		if !seen[f] {
			t.Errorf("value %q has no placeholder", f)
		}
	}
}

func TestUnknownPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"{称呼}{shop}", nil},
		{"{姓名}你好{姓名}{ Name }", []string{"{姓名}", "{ Name }"}},
		{"｛地址｝", []string{"｛地址｝"}},
		{"{店铺}{店铺名}", []string{"{店铺}"}},
		{"{}", nil},
		{"{a\nb}", nil},
		{"{x{称呼}", nil},
		{"{x{y}", []string{"{y}"}},
	} {
		if got := UnknownPlaceholders(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("UnknownPlaceholders(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDefaultScripts(t *testing.T) {
	for _, loc := range []string{"zh", "en"} {
		scripts := DefaultScripts(loc)
		for _, r := range append(Reasons(), ReasonManual) {
			s, ok := scripts[r]
			if !ok {
				t.Errorf("%s: no script for %s", loc, r)
				continue
			}
			if s.Reason != r {
				t.Errorf("%s/%s: Reason field %s", loc, r, s.Reason)
			}
			for name, text := range map[string]string{"opening": s.Opening, "body": s.Body, "question": s.Question, "closing": s.Closing, "sms": s.SMS} {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s/%s: empty %s", loc, r, name)
				}
				if u := UnknownPlaceholders(text); len(u) > 0 {
					t.Errorf("%s/%s %s: unknown placeholders %v", loc, r, name, u)
				}
				if loc == "zh" && strings.ContainsAny(text, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(text, "{") {
					t.Errorf("zh/%s %s looks English: %q", r, name, text)
				}
			}
			if !strings.Contains(s.Opening, placeholderIn(loc, "称呼", "salutation")) {
				t.Errorf("%s/%s: opening does not greet the customer by name", loc, r)
			}
			if !strings.Contains(s.Question, "?") && !strings.Contains(s.Question, "？") {
				t.Errorf("%s/%s: the question asks nothing: %q", loc, r, s.Question)
			}
		}
		// Reason-specific content the brief asks for.
		must := map[Reason][]string{}
		if loc == "zh" {
			must = map[Reason][]string{
				ReasonAfterSale: {"物流", "包装", "服务", "1到5分"},
				ReasonBirthday:  {"生日快乐"},
				ReasonPromotion: {"{活动名}", "{活动日期}", "第一批知道"},
				ReasonComplaint: {"抱歉", "{处理结果}", "解决"},
				ReasonCallback:  {"约好"},
				ReasonRecallLow: {"不是推销"},
			}
		} else {
			must = map[Reason][]string{
				ReasonAfterSale: {"delivery", "packaging", "service", "1 to 5"},
				ReasonBirthday:  {"happy birthday"},
				ReasonPromotion: {"{campaign}", "{campaign_date}", "first"},
				ReasonComplaint: {"sorry", "{resolution}", "solve"},
				ReasonCallback:  {"as promised"},
				ReasonRecallLow: {"not selling"},
			}
		}
		for r, words := range must {
			s := scripts[r]
			all := strings.ToLower(s.Opening + s.Body + s.Question + s.Closing)
			for _, w := range words {
				if !strings.Contains(all, strings.ToLower(w)) {
					t.Errorf("%s/%s script lacks %q", loc, r, w)
				}
			}
		}
		// Birthday wishes come first.
		if b := scripts[ReasonBirthday]; !strings.Contains(strings.ToLower(b.Opening), map[string]string{"zh": "生日快乐", "en": "happy birthday"}[loc]) {
			t.Errorf("%s: birthday opening without wishes", loc)
		}
	}
	if DefaultScripts("fr")[ReasonBirthday] != DefaultScripts("zh")[ReasonBirthday] {
		t.Error("unknown locale should fall back to Chinese")
	}
}

func placeholderIn(loc, zh, en string) string {
	if loc == "en" {
		return "{" + en + "}"
	}
	return "{" + zh + "}"
}

func TestSMSLengths(t *testing.T) {
	for loc, sets := range map[string][]Values{"zh": zhValues, "en": enValues} {
		for i, v := range sets {
			for _, r := range append(Reasons(), ReasonManual) {
				sms := Fill(DefaultScripts(loc)[r].SMS, v)
				n := SMSLength(sms)
				// Chinese SMS are 70 characters. English (GSM) SMS may hold
				// 160, but the typical English set is held to 70 as well.
				if n > 70 && (loc == "zh" || i == 0) {
					t.Errorf("%s/%s SMS with value set %d is %d characters (> 70): %s", loc, r, i, n, sms)
				}
				if SMSSegments(sms) != 1 {
					t.Errorf("%s/%s SMS is %d messages", loc, r, SMSSegments(sms))
				}
			}
		}
	}
}

func TestSMSCounting(t *testing.T) {
	for _, tc := range []struct {
		s        string
		length   int
		segments int
	}{
		{"", 0, 0},
		{"你好", 2, 1},
		{strings.Repeat("好", 70), 70, 1},
		{strings.Repeat("好", 71), 71, 2},
		{strings.Repeat("好", 134), 134, 2},
		{strings.Repeat("好", 135), 135, 3},
		{strings.Repeat("a", 160), 160, 1},
		{strings.Repeat("a", 161), 161, 2},
		{strings.Repeat("a", 159) + "{", 160, 2}, // '{' takes two GSM places
		{strings.Repeat("a", 69) + "好", 70, 1},   // one Chinese character makes it UCS-2
		{"😀", 1, 1},
	} {
		if got := SMSLength(tc.s); got != tc.length {
			t.Errorf("SMSLength(%.12q…) = %d, want %d", tc.s, got, tc.length)
		}
		if got := SMSSegments(tc.s); got != tc.segments {
			t.Errorf("SMSSegments(%.12q…) = %d, want %d", tc.s, got, tc.segments)
		}
	}
}

func TestDefaultObjections(t *testing.T) {
	want := map[string]string{
		"forgot_shop": ActionNone, "busy": ActionCallback, "bad_product": ActionComplaint,
		"do_not_call": ActionDoNotContact, "discount": ActionNone,
	}
	for _, loc := range []string{"zh", "en"} {
		obs := DefaultObjections(loc)
		if len(obs) != len(want) {
			t.Errorf("%s: %d objections", loc, len(obs))
		}
		for _, o := range obs {
			a, ok := want[o.Key]
			if !ok || a != o.Action {
				t.Errorf("%s/%s: action %q", loc, o.Key, o.Action)
			}
			if o.Title == "" || o.Answer == "" || len(UnknownPlaceholders(o.Answer)) > 0 {
				t.Errorf("%s/%s: %+v", loc, o.Key, o)
			}
		}
	}
}

// FuzzFill: script text is typed by shop staff, so Fill and
// UnknownPlaceholders must cope with anything.
func FuzzFill(f *testing.F) {
	for _, s := range []string{"{称呼}您好", "{x{称呼}}", "｛店铺名}", "{{}}", "{\n}", "{ shop }{姓名}", "\xff{称呼\xfe}", ""} {
		f.Add(s)
	}
	v := Values{Salutation: "S", Shop: "S", LastProduct: "S", LastDate: "S", Level: "S", Agent: "S", Points: "S",
		Birthday: "S", Campaign: "S", CampaignDate: "S", Resolution: "S"}
	f.Fuzz(func(t *testing.T, text string) {
		out := Fill(text, v)
		if !strings.ContainsAny(text, "{｛") && out != text {
			t.Fatalf("text without braces changed: %q → %q", text, out)
		}
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("Fill broke UTF-8: %q → %q", text, out)
		}
		// Count the known placeholders independently: each one is replaced by
		// the one-byte "S", everything else is copied.
		removed, n := 0, 0
		scanPlaceholders(text, func(start, end int, name string) {
			if _, ok := placeholderIndex[name]; ok {
				removed += end - start
				n++
			}
		})
		if len(out) != len(text)-removed+n {
			t.Fatalf("Fill(%q) = %q: length %d, want %d", text, out, len(out), len(text)-removed+n)
		}
		for _, u := range UnknownPlaceholders(text) {
			if !strings.Contains(text, u) {
				t.Fatalf("unknown %q not in %q", u, text)
			}
			if !strings.Contains(out, u) {
				t.Fatalf("unknown %q dropped by Fill: %q", u, out)
			}
			r, _ := utf8.DecodeRuneInString(u)
			if !isOpen(r) {
				t.Fatalf("unknown %q does not start with a brace", u)
			}
		}
		_ = fmt.Sprint(SMSLength(out), SMSSegments(out))
	})
}
