package rules

import (
	"strings"
	"unicode/utf8"
)

// Script is the call script for one reason: the agent reads Opening, says
// why she calls (Body), asks Question to get the customer talking, and ends
// with Closing. SMS is the text sent when the customer is not reached.
type Script struct {
	Reason                           Reason
	Opening, Body, Question, Closing string
	SMS                              string
}

// Values fill the placeholders of a script for one customer and agent.
// Every field is already formatted for display (dates, points).
type Values struct {
	Salutation   string // {称呼} {salutation}: see Salutation
	Shop         string // {店铺名} {shop}
	LastProduct  string // {上次购买商品} {last_product}
	LastDate     string // {上次购买日期} {last_date}
	Level        string // {会员等级} {level}
	Agent        string // {客服名} {agent}
	Points       string // {积分} {points}
	Birthday     string // {生日} {birthday}
	Campaign     string // {活动名} {campaign}
	CampaignDate string // {活动日期} {campaign_date}
	Resolution   string // {处理结果} {resolution}: what was done about a complaint
}

// Placeholder describes one known placeholder: its Chinese name, its
// English alias (both fill with the same value) and how to get the value.
type Placeholder struct {
	Zh, En string
	get    func(*Values) string
}

var placeholders = []Placeholder{
	{"称呼", "salutation", func(v *Values) string { return v.Salutation }},
	{"店铺名", "shop", func(v *Values) string { return v.Shop }},
	{"上次购买商品", "last_product", func(v *Values) string { return v.LastProduct }},
	{"上次购买日期", "last_date", func(v *Values) string { return v.LastDate }},
	{"会员等级", "level", func(v *Values) string { return v.Level }},
	{"客服名", "agent", func(v *Values) string { return v.Agent }},
	{"积分", "points", func(v *Values) string { return v.Points }},
	{"生日", "birthday", func(v *Values) string { return v.Birthday }},
	{"活动名", "campaign", func(v *Values) string { return v.Campaign }},
	{"活动日期", "campaign_date", func(v *Values) string { return v.CampaignDate }},
	{"处理结果", "resolution", func(v *Values) string { return v.Resolution }},
}

var placeholderIndex = func() map[string]int {
	m := make(map[string]int, 2*len(placeholders))
	for i, p := range placeholders {
		m[p.Zh] = i
		m[p.En] = i
	}
	return m
}()

// Placeholders lists the known placeholders (for the script editor's
// "insert placeholder" menu).
func Placeholders() []Placeholder { return append([]Placeholder(nil), placeholders...) }

// Value returns the value of this placeholder in v.
func (p Placeholder) Value(v Values) string { return p.get(&v) }

// A placeholder is a name between braces. Full-width braces （｛｝) count too
// because Chinese input methods type them, and spaces inside are ignored:
// "{称呼}", "｛称呼｝" and "{ 称呼 }" are the same placeholder. A placeholder
// never spans a line; an empty "{}" is plain text.
func isOpen(r rune) bool  { return r == '{' || r == '｛' }
func isClose(r rune) bool { return r == '}' || r == '｝' }

// scanPlaceholders calls fn for every placeholder in text with its byte span
// [start, end) and its trimmed name.
func scanPlaceholders(text string, fn func(start, end int, name string)) {
	open := -1
	for i, r := range text {
		switch {
		case isOpen(r):
			open = i
		case r == '\n':
			open = -1
		case isClose(r) && open >= 0:
			_, w := utf8.DecodeRuneInString(text[open:])
			name := strings.TrimSpace(text[open+w : i])
			if name != "" {
				fn(open, i+utf8.RuneLen(r), name)
			}
			open = -1
		}
	}
}

// Fill replaces the known placeholders of text with their values, in one
// pass: values are never expanded again, so a customer's name containing
// braces stays as typed. Unknown placeholders are left as written, so the
// agent sees them and the editor can flag them (UnknownPlaceholders).
func Fill(text string, v Values) string {
	if !strings.ContainsAny(text, "{｛") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 32)
	last := 0
	neutral := strings.TrimSpace(v.Salutation) == ""
	scanPlaceholders(text, func(start, end int, name string) {
		i, ok := placeholderIndex[name]
		if !ok {
			return
		}
		if i == 0 && neutral {
			keep, word, skip := dropSalutation(text, last, start, end)
			b.WriteString(text[last:keep])
			b.WriteString(word)
			last = end + skip
			return
		}
		b.WriteString(text[last:start])
		b.WriteString(placeholders[i].get(&v))
		last = end
	})
	b.WriteString(text[last:])
	return b.String()
}

// dropSalutation tells Fill how to leave out an empty {称呼} at
// text[start:end] (nothing before last may change): keep text up to keep,
// write word, and skip skip bytes after the placeholder.
//
//   - At the start of a sentence, its comma goes too: "{称呼}，您好！" →
//     "您好！", "【店】{称呼}，生日快乐" → "【店】生日快乐".
//   - After a greeting, the space before it goes: "Hello {salutation}, this
//     is" → "Hello, this is".
//   - At the end of a sentence, the comma before it goes: "Happy birthday,
//     {salutation}!" → "Happy birthday!".
//   - Anywhere else a neutral word stands in: "尊敬的{称呼}" → "尊敬的顾客",
//     "祝{称呼}生日快乐" → "祝您生日快乐", "Dear {salutation}" → "Dear customer".
func dropSalutation(text string, last, start, end int) (keep int, word string, skip int) {
	before := strings.TrimRight(text[:start], " \t")
	after := text[end:]
	prev, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(after)
	lower := strings.ToLower(before)
	spaceFrom := max(len(before), last)
	switch {
	case before == "" || strings.ContainsRune("】]!！?？.。:：;；\n}｝", prev):
		if next == '，' || next == ',' || next == '、' || next == ' ' {
			skip = utf8.RuneLen(next)
			for skip < len(after) && after[skip] == ' ' {
				skip++
			}
		}
		return start, "", skip
	case endsWithWord(lower, "hello", "hi", "hey"):
		return spaceFrom, "", 0
	case after == "" || next == '\n' || strings.ContainsRune("!！?？.。;；", next):
		if prev == ',' || prev == '，' {
			if cut := len(before) - utf8.RuneLen(prev); cut >= last {
				return cut, "", 0
			}
		}
	}
	if isLatinRune(prev) || isLatinRune(next) {
		if endsWithWord(lower, "dear") {
			return start, "customer", 0
		}
		if next == ' ' {
			return spaceFrom, "", 0 // "thank you {salutation} for" → "thank you for"
		}
		return start, "customer", 0
	}
	if prev == '的' {
		return start, "顾客", 0
	}
	return start, "您", 0
}

// endsWithWord reports whether s ends with one of the words, as a whole word.
func endsWithWord(s string, words ...string) bool {
	for _, w := range words {
		if rest, ok := strings.CutSuffix(s, w); ok {
			if r, _ := utf8.DecodeLastRuneInString(rest); !isLatinRune(r) {
				return true
			}
		}
	}
	return false
}

func isLatinRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// UnknownPlaceholders returns every placeholder of text that is not known,
// as written (e.g. "{姓名}"), each once, in order of appearance.
func UnknownPlaceholders(text string) []string {
	var out []string
	scanPlaceholders(text, func(start, end int, name string) {
		if _, ok := placeholderIndex[name]; ok {
			return
		}
		s := text[start:end]
		for _, x := range out {
			if x == s {
				return
			}
		}
		out = append(out, s)
	})
	return out
}

func isEnglish(locale string) bool { return strings.HasPrefix(strings.ToLower(locale), "en") }

// Objection actions tell the UI what to do besides showing the answer.
const (
	ActionNone         = ""
	ActionCallback     = "callback"       // schedule a callback time
	ActionComplaint    = "complaint"      // open a complaint
	ActionDoNotContact = "do_not_contact" // set the do-not-contact flag
)

// Objection is a ready answer to something customers often say.
type Objection struct {
	Key    string // forgot_shop | busy | bad_product | do_not_call | discount (objections.key)
	Title  string // what the customer says, as the agent recognises it
	Answer string // may contain placeholders
	Action string // ActionNone, ActionCallback, ActionComplaint, ActionDoNotContact
}

// DefaultObjections returns the objection answers for locale ("zh" or "en";
// anything else gets Chinese), in the order the UI shows them.
func DefaultObjections(locale string) []Objection {
	if isEnglish(locale) {
		return []Objection{
			{"forgot_shop", "\"I don't remember your shop\"", "No problem at all! We're {shop} — on {last_date} you bought {last_product} from us. I'm only calling to hear how it's working out for you.", ActionNone},
			{"busy", "\"I'm busy right now\"", "Sorry to catch you at a bad time! When would suit you better — later today or tomorrow? I'll call you back then.", ActionCallback},
			{"bad_product", "\"The last product wasn't good\"", "I'm really sorry it let you down. Could you tell me what went wrong? I'm recording it right now, and you'll hear back from us within 24 hours.", ActionComplaint},
			{"do_not_call", "\"Don't call me again\"", "Of course, and sorry for disturbing you. I'm noting it now — we won't call you again. Have a lovely day, goodbye!", ActionDoNotContact},
			{"discount", "\"Is there a discount?\"", "There is! As a {level} member you have {points} points you can use. Shall I find the best offer running right now for you?", ActionNone},
		}
	}
	return []Objection{
		{"forgot_shop", "“不记得你们店了”", "没关系，这很正常！我们是{店铺名}，您{上次购买日期}在我们这儿买过{上次购买商品}。今天打电话就是想问问您用得怎么样。", ActionNone},
		{"busy", "“我现在忙”", "不好意思打扰您了！您看什么时候方便，今天晚些时候还是明天？我到时候再打给您。", ActionCallback},
		{"bad_product", "“上次的东西不好”", "真的很抱歉让您失望了！能跟我说说具体是哪里不好吗？我现在就给您登记，24小时内一定给您回复处理结果。", ActionComplaint},
		{"do_not_call", "“别再给我打电话了”", "好的，非常抱歉打扰您了。我这边马上登记，以后不会再给您打电话。祝您生活愉快，再见！", ActionDoNotContact},
		{"discount", "“有没有优惠？”", "有的！您是我们的{会员等级}会员，现在有{积分}积分可以用。我帮您看看最近哪个活动最划算，好吗？", ActionNone},
	}
}

// DefaultScripts returns the default script of every reason for locale
// ("zh" or "en"; anything else gets Chinese). Care comes before selling:
// every script opens by remembering the customer, asks one open question,
// and closes politely. Marketing SMS end with the opt-out words Chinese
// carriers expect (回T退订).
func DefaultScripts(locale string) map[Reason]Script {
	src := scriptsZh
	if isEnglish(locale) {
		src = scriptsEn
	}
	out := make(map[Reason]Script, len(src))
	for _, s := range src {
		out[s.Reason] = s
	}
	return out
}

var scriptsZh = []Script{
	{
		Reason:   ReasonAfterSale,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。您{上次购买日期}买的{上次购买商品}应该收到了吧？耽误您两分钟，想听听您的感受。",
		Body:     "每一单我们都会回访，您的意见会直接交到负责人手里。想请您给四样打个分，1到5分，5分最满意：物流快不快、包装好不好、东西本身满不满意、我们的服务怎么样。",
		Question: "用下来感觉怎么样？有哪里不太顺心的，您尽管说。",
		Closing:  "太感谢您了！以后有任何问题随时找我{客服名}。祝您生活愉快，再见！",
		SMS:      "【{店铺名}】{称呼}您好，{上次购买商品}用着还满意吗？有任何问题直接回复，{客服名}随时为您处理。",
	},
	{
		Reason:   ReasonSecondPurchase,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。您{上次购买日期}第一次在我们店买了{上次购买商品}，特别感谢您的信任！",
		Body:     "今天打电话主要是想问问您用得怎么样，有没有需要我们帮忙的。不少顾客第二次来会挑些搭配的，您要是有需要，我帮您参谋参谋。",
		Question: "这段时间用下来，您觉得哪里最合心意，哪里还可以更好？",
		Closing:  "谢谢您抽时间跟我聊！以后有需要直接找我{客服名}就好。祝您生活愉快！",
		SMS:      "【{店铺名}】{称呼}您好，{上次购买商品}用得还顺手吗？有需要随时找{客服名}，我们一直都在。回T退订",
	},
	{
		Reason:   ReasonRepurchaseDue,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。您是我们的{会员等级}老朋友了，我们一直记着您。",
		Body:     "算算日子，您{上次购买日期}买的{上次购买商品}差不多快用完了，怕您临时接不上，特意提醒一声。需要的话我直接帮您安排，同款或者搭配的都可以。",
		Question: "最近用下来感觉怎么样？这次是继续用老款，还是想试试别的？",
		Closing:  "好的，我都记下了。有任何需要随时找我，祝您一切顺利！",
		SMS:      "【{店铺名}】{称呼}，您的{上次购买商品}快用完了吧？需要补货直接回复，{客服名}帮您安排。回T退订",
	},
	{
		Reason:   ReasonBirthday,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。{生日}是您的生日，先祝您生日快乐，身体健康，天天开心！",
		Body:     "谢谢您一直照顾我们的生意。作为我们的{会员等级}会员，我们给您准备了一份生日小心意，稍后我把领取方法发给您。",
		Question: "今年生日打算怎么过呀？",
		Closing:  "不多打扰您了，再次祝您生日快乐，新的一岁万事顺心！",
		SMS:      "【{店铺名}】{称呼}，生日快乐！谢谢您一路相伴，{客服名}和全店伙伴祝您新的一岁万事顺意！",
	},
	{
		Reason:   ReasonPromotion,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。有个好消息，作为我们的老朋友，您是第一批知道的。",
		Body:     "{活动日期}我们有{活动名}活动，您买过的{上次购买商品}也在里面，优惠力度不小。先跟您说一声，方便您提前安排。",
		Question: "最近有没有想添置的东西？我可以先帮您留意着。",
		Closing:  "那就不耽误您了，我们{活动日期}见！祝您生活愉快！",
		SMS:      "【{店铺名}】{称呼}，{活动名}{活动日期}开始！老朋友第一批知道，记得来看看。回T退订",
	},
	{
		Reason:   ReasonRecallHigh,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。好久没见您了，挺想念您的，打个电话问候一下。",
		Body:     "您上次买的{上次购买商品}用得还好吗？这段时间我们上了不少新品，还给老顾客准备了专属回馈，您是{会员等级}会员，都能用上。",
		Question: "最近有什么需要吗？或者对我们有什么建议，您直接说。",
		Closing:  "谢谢您还记得我们！有需要随时找我{客服名}，祝您一切都好！",
		SMS:      "【{店铺名}】{称呼}，好久不见，挺想您的！老顾客专属回馈已为您备好，有空回来看看。回T退订",
	},
	{
		Reason:   ReasonRecallLow,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}。不是推销，就是好久没联系了，想问候您一声。",
		Body:     "您之前在我们这里买过{上次购买商品}，我们一直记着您。想听听您当时用得怎么样，有没有哪里让您不满意，我们好改进。",
		Question: "这段时间过得还好吗？回头想想，我们有哪里可以做得更好？",
		Closing:  "谢谢您愿意跟我聊这么多！您什么时候回来，我们都在。祝您一切顺利！",
		SMS:      "【{店铺名}】{称呼}，好久不见，最近还好吗？有任何需要随时找{客服名}，我们一直都在。回T退订",
	},
	{
		Reason:   ReasonComplaint,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}，就您反映的问题给您回个电话。",
		Body:     "首先真的很抱歉，给您添麻烦了。我们已经这样处理：{处理结果}。",
		Question: "您看这样问题解决了吗？还有哪里不满意，您尽管说，我一直跟进到底。",
		Closing:  "再次向您道歉，也谢谢您告诉我们。后面有任何情况直接找我{客服名}，我一直都在。",
		SMS:      "【{店铺名}】{称呼}，非常抱歉给您添了麻烦！您反映的问题已处理，仍不满意请直接回复，{客服名}跟进到底。",
	},
	{
		Reason:   ReasonCallback,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}，按上次跟您约好的时间，给您回电话了。",
		Body:     "上次您说这个时间方便，我们接着聊。",
		Question: "您现在说话方便吗？上次聊到的事，您考虑得怎么样了？",
		Closing:  "好的，谢谢您！有任何需要随时找我，祝您生活愉快！",
		SMS:      "【{店铺名}】{称呼}您好，按约定给您回电没有接通。您方便时回个电话或短信，{客服名}随时等您。",
	},
	{
		Reason:   ReasonManual,
		Opening:  "{称呼}，您好！我是{店铺名}的{客服名}，耽误您两分钟，想跟您聊聊。",
		Body:     "谢谢您一直支持我们，想听听您最近用得怎么样。",
		Question: "您最近用得还满意吗？有什么需要我们帮忙的吗？",
		Closing:  "好的，谢谢您！有任何需要随时找我，祝您生活愉快！",
		SMS:      "【{店铺名}】{称呼}您好，给您打电话没有接通。有任何需要请回复，{客服名}随时为您服务。",
	},
}

var scriptsEn = []Script{
	{
		Reason:   ReasonAfterSale,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. Your {last_product} from {last_date} should have arrived by now — do you have two minutes? I'd love to hear how it went.",
		Body:     "We follow up on every order, and what you say goes straight to the people in charge. Could you score four things from 1 to 5, 5 being best: delivery, packaging, the product itself, and our service?",
		Question: "How has it been so far? If anything wasn't quite right, please tell me.",
		Closing:  "Thank you so much! If anything comes up, just ask for me, {agent}. Have a lovely day!",
		SMS:      "{shop}: Hi {salutation}, happy with your {last_product}? Just reply if not.",
	},
	{
		Reason:   ReasonSecondPurchase,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. On {last_date} you ordered {last_product} — your first order with us. Thank you for trusting us!",
		Body:     "I'm mainly calling to ask how it's working for you and whether we can help with anything. Many customers pick something to go with it next time; if you like, I can help you choose.",
		Question: "What have you liked most so far, and what could be better?",
		Closing:  "Thanks for taking the time to chat! Whenever you need anything, just ask for me, {agent}. Have a great day!",
		SMS:      "{shop}: Enjoying your {last_product}, {salutation}? We're here. STOP=opt out",
	},
	{
		Reason:   ReasonRepurchaseDue,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. You've been a {level} member with us for a while, and we haven't forgotten you.",
		Body:     "By our count, the {last_product} you bought on {last_date} may be running low, so I wanted to remind you before you run out. I can arrange the same again, or suggest something that goes well with it.",
		Question: "How has it been working for you? Same as last time, or would you like to try something new?",
		Closing:  "Great, I've noted everything. Call me any time — all the best!",
		SMS:      "{shop}: Hi {salutation}, running low on {last_product}? Reply to reorder.",
	},
	{
		Reason:   ReasonBirthday,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. Your birthday is on {birthday}, so first of all: happy birthday, and all the best for the year ahead!",
		Body:     "Thank you for being with us. As a {level} member there's a little birthday gift waiting for you — I'll send you the details in a moment.",
		Question: "Any plans for your birthday this year?",
		Closing:  "I won't keep you — happy birthday once again!",
		SMS:      "Happy birthday, {salutation}! Warm wishes from {agent} and all at {shop}.",
	},
	{
		Reason:   ReasonPromotion,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. Some good news — as one of our valued members, you're among the first we tell.",
		Body:     "On {campaign_date} we're running {campaign}, and the {last_product} you bought is part of it, with a generous discount. I wanted to let you know early so you can plan.",
		Question: "Is there anything you've been meaning to get? I can keep an eye out for you.",
		Closing:  "I won't keep you any longer — see you on {campaign_date}!",
		SMS:      "{shop}: {campaign} on {campaign_date}. You're first to know! STOP=opt out",
	},
	{
		Reason:   ReasonRecallHigh,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. We haven't seen you for a while and missed you, so I thought I'd call to say hello.",
		Body:     "How's the {last_product} you bought? We've added quite a few new things since, and there's a thank-you offer for returning customers — as a {level} member you can use it all.",
		Question: "Is there anything you need at the moment? Or anything we could do better?",
		Closing:  "Thank you for remembering us! Ask for me, {agent}, any time. All the best!",
		SMS:      "{shop}: We miss you, {salutation}! A little gift awaits. STOP=opt out",
	},
	{
		Reason:   ReasonRecallLow,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. I'm not selling anything — it's been a long time and I just wanted to say hello.",
		Body:     "You once bought {last_product} from us, and we still remember you. I'd like to hear how it was, and whether anything disappointed you, so we can do better.",
		Question: "How have you been? Looking back, what could we have done better?",
		Closing:  "Thank you for talking with me! Whenever you come back, we're here. All the best!",
		SMS:      "{shop}: Hi {salutation}, hope you're well! We're here if you need us.",
	},
	{
		Reason:   ReasonComplaint,
		Opening:  "Hello {salutation}, this is {agent} from {shop}, calling back about the problem you reported.",
		Body:     "First of all, I'm truly sorry for the trouble. Here is what we have done: {resolution}.",
		Question: "Does that solve it for you? If anything is still not right, tell me and I'll see it through.",
		Closing:  "Sorry again, and thank you for telling us. If anything else comes up, ask for me, {agent}.",
		SMS:      "{shop}: Sorry for the trouble, {salutation}. Not fixed yet? Reply to us.",
	},
	{
		Reason:   ReasonCallback,
		Opening:  "Hello {salutation}, this is {agent} from {shop}, calling back as promised.",
		Body:     "Last time you said this would be a good time, so let's pick up where we left off.",
		Question: "Is now a good time? Have you had a chance to think about what we discussed?",
		Closing:  "Great, thank you! Call me any time. Have a lovely day!",
		SMS:      "{shop}: Hi {salutation}, called back as promised. Reply or call {agent}.",
	},
	{
		Reason:   ReasonManual,
		Opening:  "Hello {salutation}, this is {agent} from {shop}. Do you have two minutes?",
		Body:     "Thank you for shopping with us; we'd love to hear how things are going.",
		Question: "Are you happy with your purchases? Is there anything we can help with?",
		Closing:  "Great, thank you! Call me any time. Have a lovely day!",
		SMS:      "{shop}: Hi {salutation}, we tried to call you. Reply any time, {agent}.",
	},
}

// SMSLength counts the characters of s the way carriers do for Chinese
// text: one per character (rune), whatever its byte length.
func SMSLength(s string) int { return utf8.RuneCountInString(s) }

// SMSSegments returns how many messages s is billed as. Text with any
// character outside the GSM 7-bit alphabet (any Chinese) is sent as UCS-2:
// 70 characters in one message, 67 per part when split. Pure GSM text gets
// 160, and 153 per part; the GSM extension characters ({ } [ ] ~ \ | ^ €)
// take two places.
func SMSSegments(s string) int {
	n, gsm := 0, true
	for _, r := range s {
		switch {
		case strings.ContainsRune(gsmExt, r):
			n += 2
		case strings.ContainsRune(gsmBasic, r):
			n++
		default:
			gsm = false
		}
	}
	single, part := 160, 153
	if !gsm {
		n, single, part = SMSLength(s), 70, 67
	}
	switch {
	case n == 0:
		return 0
	case n <= single:
		return 1
	}
	return (n + part - 1) / part
}

const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExt   = "^{}\\[~]|€\f"
)
