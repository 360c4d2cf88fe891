package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSalutation(t *testing.T) {
	for _, tc := range []struct {
		p      Person
		zh, en string
	}{
		// Known gender: surname + title.
		{Person{Name: "王芳", Gender: "f"}, "王女士", "Ms 王"},
		{Person{Name: "王建国", Gender: "m"}, "王先生", "Mr 王"},
		{Person{Name: "欧阳娜娜", Gender: "f"}, "欧阳女士", "Ms 欧阳"},
		{Person{Name: "诸葛亮", Gender: "m"}, "诸葛先生", "Mr 诸葛"},
		{Person{Name: "王"}, "", ""},                     // a bare surname is no name
		{Person{Name: "王", Gender: "m"}, "王先生", "Mr 王"}, // …but takes a title
		// The gender from a title in the name column.
		{Person{Name: "王女士"}, "王女士", "Ms 王"},
		{Person{Name: "李先生"}, "李先生", "Mr 李"},
		{Person{Name: "赵小姐"}, "赵女士", "Ms 赵"},
		{Person{Name: "Mr. John Smith"}, "Smith先生", "Mr Smith"},
		{Person{Name: "Mrs Anna Smith"}, "Smith女士", "Ms Smith"},
		{Person{Name: "李先生", Gender: "f"}, "李女士", "Ms 李"}, // the card wins
		// Real name, gender unknown: the name in full (English: first name).
		{Person{Name: "张伟"}, "张伟", "张伟"},
		{Person{Name: "张伟", Nickname: "小鱼"}, "张伟", "张伟"},
		{Person{Name: "司马相如"}, "司马相如", "司马相如"},
		{Person{Name: "阿依古丽·买买提", Gender: "f"}, "", ""}, // no common surname: unsaid
		// Masked names are never read out; the visible surname with a gender is.
		{Person{Name: "孙**", Gender: "f"}, "孙女士", "Ms 孙"},
		{Person{Name: "张*"}, "", ""},
		{Person{Name: "孙**", Nickname: "小张爱购物"}, "", ""},
		{Person{Name: "*三", Gender: "m"}, "", ""},
		{Person{Name: "李四", NameMasked: true}, "", ""},
		{Person{Name: "李四", NameMasked: true, Gender: "m"}, "李先生", "Mr 李"},
		{Person{Name: "J*** S****", Gender: "m"}, "", ""},
		{Person{Name: "孙**", Nickname: "孙丽"}, "孙丽", "孙丽"}, // the nickname is a real name
		// Nicknames: only a plain Chinese personal name.
		{Person{Nickname: "tb657560977"}, "", ""},
		{Person{Nickname: "微笑的姑娘765"}, "", ""},
		{Person{Nickname: "微笑的姑娘", Gender: "f"}, "", ""},
		{Person{Nickname: "小鱼儿", Gender: "f"}, "", ""},
		{Person{Nickname: "lisi88"}, "", ""},
		{Person{Nickname: "jd_4f8a2c"}, "", ""},
		{Person{Nickname: "t**8"}, "", ""},
		{Person{Nickname: "丽丽"}, "", ""},
		{Person{Nickname: "王芳"}, "王芳", "王芳"},
		{Person{Nickname: "王芳", Gender: "f"}, "王女士", "Ms 王"},
		{Person{Nickname: "王女士"}, "王女士", "Ms 王"},
		{Person{Nickname: "Anna Smith"}, "", ""},
		{Person{Name: "tb657560977", Nickname: "tb657560977"}, "", ""},
		// Latin names.
		{Person{Name: "Anna Smith", Gender: "f"}, "Smith女士", "Ms Smith"},
		{Person{Name: "john smith", Gender: "m"}, "Smith先生", "Mr Smith"},
		{Person{Name: "Anna Smith"}, "Anna", "Anna"},
		{Person{Name: "Anna", Gender: "f"}, "Anna", "Anna"},
		{Person{Name: "Anne-Marie O'Neil", Gender: "f"}, "O'Neil女士", "Ms O'Neil"},
		{Person{Name: "anna2024"}, "", ""},
		// Nothing: the neutral greeting.
		{Person{}, "", ""},
		{Person{Name: "  ", Gender: "f"}, "", ""},
		// Set on the card: wins, as typed.
		{Person{Salutation: " 王姐 ", Name: "王芳", Gender: "f"}, "王姐", "王姐"},
		{Person{Salutation: "Dr Lee", Nickname: "tb1"}, "Dr Lee", "Dr Lee"},
	} {
		for loc, want := range map[string]string{"zh": tc.zh, "en": tc.en} {
			if got := Salutation(tc.p, loc); got != want {
				t.Errorf("Salutation(%+v, %s) = %q, want %q", tc.p, loc, got, want)
			}
		}
	}
}

func TestFillNeutralSalutation(t *testing.T) {
	v := Values{Shop: "小林家", Agent: "小美"}
	for _, tc := range []struct{ in, want string }{
		{"{称呼}，您好！我是{店铺名}的{客服名}。", "您好！我是小林家的小美。"},
		{"【{店铺名}】{称呼}您好，有任何问题", "【小林家】您好，有任何问题"},
		{"【{店铺名}】{称呼}，生日快乐！", "【小林家】生日快乐！"},
		{"好的。{称呼}，再见", "好的。再见"},
		{"Hello {salutation}, this is {agent} from {shop}.", "Hello, this is 小美 from 小林家."},
		{"{shop}: Hi {salutation}, happy?", "小林家: Hi, happy?"},
		{"Enjoying it, {salutation}? Yes", "Enjoying it? Yes"},
		{"Happy birthday, {salutation}!", "Happy birthday!"},
		{"Sorry, {salutation}", "Sorry"},
		{"Dear {salutation},", "Dear customer,"},
		{"thank you {salutation} for", "thank you for"},
		{"尊敬的{称呼}：", "尊敬的顾客："},
		{"祝{称呼}生日快乐", "祝您生日快乐"},
		{"{店铺名}{称呼}，您好", "小林家您好"},
		{"Chi {salutation}, x", "Chi customer, x"},
	} {
		if got := Fill(tc.in, v); got != tc.want {
			t.Errorf("Fill(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDefaultScriptsNeutral: every default script and SMS reads well with
// the neutral greeting: no stray comma, space or doubled greeting.
func TestDefaultScriptsNeutral(t *testing.T) {
	for loc, sets := range map[string][]Values{"zh": zhValues, "en": enValues} {
		named, v := sets[0], sets[0]
		v.Salutation = ""
		for r, s := range DefaultScripts(loc) {
			for _, text := range []string{s.Opening, s.Body, s.Question, s.Closing, s.SMS} {
				out := Fill(text, v)
				for _, bad := range []string{"】，", "】,", " ,", ",,", "，，", ", !", ", ?", ", .", "customer", "顾客", "您好，您好", "  ", "{"} {
					if strings.Count(out, bad) > strings.Count(Fill(text, named), bad) {
						t.Errorf("%s/%s: %q reads %q (has %q)", loc, r, text, out, bad)
					}
				}
				if strings.HasPrefix(out, "，") || strings.HasPrefix(out, ",") || strings.HasPrefix(out, " ") {
					t.Errorf("%s/%s: %q starts with a separator", loc, r, out)
				}
			}
		}
	}
}

// FuzzFillNeutral: leaving {称呼} out never panics, breaks UTF-8 or
// touches a placeholder other than {称呼}.
func FuzzFillNeutral(f *testing.F) {
	for _, s := range []string{"{称呼}，您好", "Hi {salutation}, x", "a, {称呼}!", "{店铺名}{称呼}，", " ,{称呼}", "{称呼}{称呼}，，", "hi{称呼}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out := Fill(text, Values{Shop: "S"})
		if utf8.ValidString(text) && !utf8.ValidString(out) {
			t.Fatalf("Fill broke UTF-8: %q → %q", text, out)
		}
		if strings.Count(out, "S") < strings.Count(text, "S")+strings.Count(text, "{店铺名}") {
			t.Fatalf("Fill dropped more than {称呼}: %q → %q", text, out)
		}
	})
}
