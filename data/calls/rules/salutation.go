package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person is what Salutation knows about the person called.
type Person struct {
	Salutation string // set by hand on the card (customers.salutation): wins when set
	Name       string // the real name as exported (may carry a title: 王女士, Mr Smith)
	NameMasked bool   // the platform masked the name: only its surname is reliable
	Gender     string // the card's: "f", "m" or "" (a title in the name counts when "")
	Nickname   string // the platform nickname or account
}

// Salutation is {称呼}: words an agent can say on the phone, or "" when
// nothing sayable is known. "" is the neutral greeting: Fill then drops
// {称呼} with its comma, so "{称呼}，您好！" reads "您好！" and "Hello
// {salutation}, this is…" reads "Hello, this is…".
//
//   - The salutation set on the card wins, as typed.
//   - A known gender (the card's, else a title in the name: 先生/女士/小姐,
//     Mr/Ms/Mrs/Miss) gives surname + 先生/女士 (王女士, 欧阳先生), in English
//     Mr/Ms + surname (Ms Smith; a Chinese name keeps its character: Ms 王,
//     as no pinyin is known).
//   - A real name with no gender is said in full (张伟; English: the first
//     name, Anna).
//   - A masked name (孙**, or NameMasked) is never read out: only its visible
//     surname is used, and only with a known gender (孙女士).
//   - A nickname is used only when it is plainly a Chinese personal name
//     (2–3 Han characters starting with a common surname: 王芳); an account
//     id, a nickname with digits, Latin letters or symbols (tb657560977,
//     微笑的姑娘765) or one that is no name (小鱼儿) is never said.
//   - A name is only used when it is a name: Han characters starting with a
//     common surname, or Latin words; anything else is left unsaid.
//
// locale is "zh" or "en" (anything else is Chinese).
func Salutation(p Person, locale string) string {
	if s := strings.TrimSpace(p.Salutation); s != "" {
		return s
	}
	en := isEnglish(locale)
	name, title := splitTitle(strings.TrimSpace(p.Name))
	gender := p.Gender
	if gender != "f" && gender != "m" {
		gender = title
	}
	masked := p.NameMasked || strings.ContainsAny(name, "*＊")
	if s := addressByName(name, masked, gender, en); s != "" {
		return s
	}
	nick, nickTitle := splitTitle(strings.TrimSpace(p.Nickname))
	if gender == "" {
		gender = nickTitle
	}
	surname, ok := hanName(nick)
	switch {
	case nickTitle != "" && surname != "": // 王女士, 张先生
	case ok && utf8.RuneCountInString(nick) <= 3: // 王芳, not a longer handle
	default:
		return ""
	}
	return addressByName(nick, false, gender, en)
}

// titles are the forms of address platforms and buyers put in a name
// column, with the gender they give.
var titles = []struct{ word, gender string }{
	{"先生", "m"}, {"女士", "f"}, {"小姐", "f"}, {"太太", "f"},
}

var latinTitles = map[string]string{"mr": "m", "mister": "m", "ms": "f", "mrs": "f", "miss": "f", "madam": "f"}

// splitTitle takes a title off a name: 王女士 → 王, "f"; "Mr. John Smith" →
// "John Smith", "m".
func splitTitle(name string) (string, string) {
	for _, t := range titles {
		if rest, ok := strings.CutSuffix(name, t.word); ok && rest != "" {
			return strings.TrimSpace(rest), t.gender
		}
	}
	if w := strings.Fields(name); len(w) > 1 {
		if g, ok := latinTitles[strings.TrimSuffix(strings.ToLower(w[0]), ".")]; ok {
			return strings.Join(w[1:], " "), g
		}
	}
	return name, ""
}

// addressByName is how to address the bearer of name, or "" when the name
// is not sayable.
func addressByName(name string, masked bool, gender string, en bool) string {
	if name == "" {
		return ""
	}
	if surname, ok := hanName(name); surname != "" {
		// A full name is said only when whole (not masked, not a bare surname).
		whole := ok && !masked && utf8.RuneCountInString(name) > utf8.RuneCountInString(surname)
		switch {
		case gender == "f" && en:
			return "Ms " + surname
		case gender == "m" && en:
			return "Mr " + surname
		case gender == "f":
			return surname + "女士"
		case gender == "m":
			return surname + "先生"
		case whole:
			return name
		}
		return ""
	}
	words, ok := latinName(name)
	if !ok || masked {
		return ""
	}
	last := words[len(words)-1]
	switch {
	case len(words) == 1:
		return last // first or last name: unknown, so no title
	case gender == "f" && en:
		return "Ms " + last
	case gender == "m" && en:
		return "Mr " + last
	case gender == "f":
		return last + "女士"
	case gender == "m":
		return last + "先生"
	}
	return words[0]
}

// hanName returns the surname of a Chinese name (its common compound or
// single-character surname) and whether the whole name is a plain
// personal name: 2–4 Han characters (a minority name may hold a middle
// dot), not a doubled nickname (丽丽). The surname is returned even when the
// rest is masked or odd (孙** → 孙), but never when the name does not start
// with a common surname (小鱼儿, 宝宝).
func hanName(name string) (surname string, ok bool) {
	first, _ := utf8.DecodeRuneInString(name)
	if !unicode.Is(unicode.Han, first) {
		return "", false
	}
	surname = string(first)
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) {
			surname = c
			break
		}
	}
	if surname == string(first) && !strings.ContainsRune(commonSurnames, first) {
		return "", false
	}
	rs := []rune(name)
	ok = len(rs) >= 2 && len(rs) <= 4
	for i, r := range rs {
		if !unicode.Is(unicode.Han, r) && !(r == '·' && i > 0 && i < len(rs)-1) {
			ok = false
		}
	}
	if len(rs) == 2 && rs[0] == rs[1] {
		ok = false // 丽丽 is a pet name; 王丽丽 is a name
	}
	return surname, ok
}

// latinName splits a Latin-letter name into capitalised words; ok is false
// when it holds anything but letters, spaces, hyphens, apostrophes and dots.
func latinName(name string) ([]string, bool) {
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil, false
	}
	letters := 0
	for _, r := range name {
		switch {
		case r < utf8.RuneSelf && unicode.IsLetter(r), r >= 0xC0 && r <= 0x24F && unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '.':
		default:
			return nil, false
		}
	}
	if letters < 2 {
		return nil, false
	}
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return words, true
}

// compoundSurnames are the two-character surnames common enough to matter;
// for any other name the surname is its first character.
var compoundSurnames = []string{
	"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
	"长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里",
	"呼延", "澹台", "万俟", "闻人", "申屠", "太史", "钟离", "赫连", "拓跋", "第五",
}

// commonSurnames are the single-character surnames of nearly everyone in
// China (the few hundred most frequent), without those that more often
// begin a nickname (小, 大, 阿, 花, 海, 云, 明, 乐, 安, 玉 …). A name starting
// with another character is not taken for a personal name.
const commonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜阚权帅屠朴盖练廉禹祖漆卿狄计索宣晋容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊裘亓修邰赫杭况宿鲜逯隆茹诸战危亢嵇湛戎勾茅於揭尉冶束檀衣阴昝奉衡尧闭"
