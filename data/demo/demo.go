// Package demo builds a made-up tea shop — customers, orders on several
// platforms, calls, complaints — so a new user can look around Huitouke
// before importing anything. The demo lives in its own database file beside
// the real one and is marked as demo (SettingDemo), so it can never be
// mistaken for, or written into, the shop's real data.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
)

// SettingDemo marks a database as demo data ("1").
const SettingDemo = "demo"

// ShopName is the demo's shop name, saying plainly that the data is made up.
const ShopName = "示例店铺（演示数据）"

// settingShopName mirrors app.SettingShopName (data cannot import app).
const settingShopName = "shop.name"

// DefaultCustomers is the size of the demo shop.
const DefaultCustomers = 300

// Years is how far back the demo's order history reaches.
const Years = 3

// Options shape the demo. The zero value gives the default shop as of now.
type Options struct {
	Customers int       // default DefaultCustomers
	AsOf      time.Time // the demo's "today"; default time.Now()
	Seed      uint64    // same seed and AsOf give the same shop
}

func (o Options) norm() Options {
	if o.Customers <= 0 {
		o.Customers = DefaultCustomers
	}
	if o.AsOf.IsZero() {
		o.AsOf = time.Now()
	}
	o.AsOf = o.AsOf.In(clock.ShopZone)
	if o.Seed == 0 {
		o.Seed = 20261115
	}
	return o
}

// PathFor is the demo database for the real one at realPath:
// …/Huitouke/huitouke.db → …/Huitouke/demo/huitouke-demo.db. It gets a folder
// of its own because backups go to a folder beside the database and are
// pruned to the newest few: a demo beside the real database would share that
// folder and could push the shop's real backups out.
func PathFor(realPath string) string {
	dir, base := filepath.Split(realPath)
	ext := filepath.Ext(base)
	return filepath.Join(dir, "demo", strings.TrimSuffix(base, ext)+"-demo"+ext)
}

// ErrNotDemo means a file at the demo path holds data not written by this
// package; it is left alone rather than replaced.
var ErrNotDemo = errors.New("the file at the demo path is not a demo database")

// IsDemo tells whether st holds demo data.
func IsDemo(ctx context.Context, st *data.Store) bool {
	v, err := st.Setting(ctx, SettingDemo, "")
	return err == nil && v == "1"
}

// Create (re)builds the demo database at path and returns it open. An older
// demo there is replaced so the dates stay fresh; any other file at path is
// kept and ErrNotDemo returned.
func Create(ctx context.Context, path string, o Options) (*data.Store, error) {
	if _, err := os.Stat(path); err == nil {
		old, err := data.Open(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("demo: open existing %s: %w", path, err)
		}
		isDemo := IsDemo(ctx, old)
		old.Close()
		if !isDemo {
			return nil, fmt.Errorf("demo: %s: %w", path, ErrNotDemo)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("demo: remove old demo: %w", err)
			}
		}
	}
	st, err := data.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := Write(ctx, st, Generate(o)); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// Shop is a generated demo shop, before it is written.
type Shop struct {
	AsOf       time.Time
	Customers  []Customer
	Orders     []Order
	Calls      []Call
	Complaints []Complaint
	Feedback   []Feedback
	Referrals  [][2]int // referrer, referred (customer indexes)
}

// Customer is one demo buyer. ID is 1-based and becomes the row id.
type Customer struct {
	ID                   int64
	Name, Nickname       string
	NameMasked           bool
	Platform             string
	Key                  string // identity on the platform (Taobao nickname, JD account)
	Phone                string
	PhoneMasked          bool
	Email, WeChat        string
	Province, City, Addr string
	Birthday, Gender     string
	Preferences          string
	Tags                 []string
	DoNotContact         bool
	DNCReason            string
	ContactTime          string
	PlatformLevel        string
	PointsImported       int64
	ReferredBy           int64
	firstDay             int // days before AsOf of the first order
}

// Order is one demo order with its lines.
type Order struct {
	ID                    int64
	Platform, OrderNo     string
	Customer              int64
	Status, State         string
	Paid                  bool
	Created, PaidAt       time.Time // PaidAt zero when unpaid
	AmountFen, RefundFen  int64
	Lines                 []Line
	Receiver, Phone, Addr string
}

// Line is one product of an order.
type Line struct {
	Product, SKU string
	Qty          int
	PriceFen     int64
}

// Call is one logged demo call.
type Call struct {
	Customer      int64
	Reason, Agent string
	At            time.Time
	Outcome, Note string
	FollowUp      time.Time
}

// Complaint is one demo complaint.
type Complaint struct {
	Customer   int64
	Order      int64
	What       string
	Severity   string
	Created    time.Time
	Status     string
	Resolution string
}

// Feedback is one set of after-sale marks (1..5).
type Feedback struct {
	Customer, Order                       int64
	Delivery, Packaging, Product, Service int
}

type product struct {
	name, sku string
	fen       int64
	weight    int
}

var products = []product{
	{"西湖龙井 明前特级 250g", "LJ-250", 36800, 12},
	{"安溪铁观音 清香型 500g", "TGY-500", 19800, 12},
	{"云南普洱 熟茶饼 357g", "PE-357", 15800, 10},
	{"武夷山大红袍 罐装 200g", "DHP-200", 26800, 9},
	{"福鼎白茶 白牡丹 300g", "BMD-300", 22800, 9},
	{"正山小种 红茶 250g", "ZSXZ-250", 13800, 10},
	{"洞庭碧螺春 150g", "BLC-150", 29800, 6},
	{"茉莉花茶 飘雪 250g", "MLH-250", 8800, 12},
	{"黄山毛峰 250g", "HSMF-250", 16800, 6},
	{"宜兴紫砂壶 西施 200ml", "ZSH-200", 45800, 3},
	{"便携旅行茶具 一壶三杯", "LXCJ-1", 12900, 5},
	{"玻璃公道杯 350ml", "GDB-350", 3900, 5},
	{"中秋茶叶礼盒 龙井+红茶", "LH-ZQ", 58800, 4},
	{"冷泡茶包 乌龙 30袋", "LPC-30", 5900, 8},
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "梁", "郑", "谢", "宋", "唐", "韩", "冯", "许", "邓", "曹"}
	givenF   = []string{"丽", "静", "敏", "婷", "雪", "芳", "娜", "慧", "琳", "颖", "晓燕", "雨桐", "佳怡", "思琪", "欣然", "梦瑶", "秀英", "美玲", "诗涵", "若曦"}
	givenM   = []string{"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "浩然", "子轩", "宇航", "建国", "志明", "俊杰", "文博", "明辉", "海洋", "天宇", "嘉豪", "家乐"}
	nickA    = []string{"茶香", "清风", "小雨", "半山", "云间", "晨曦", "暖阳", "南山", "西湖", "竹影", "橘子", "阿福", "木木", "糖糖", "大白", "小鹿"}
	nickB    = []string{"爱喝茶", "小铺", "的日常", "_88", "2018", "不加糖", "慢生活", "在路上", "嘻嘻", "酱", "妈妈", "007", "老师", "同学"}
	places   = [][2]string{
		{"浙江省", "杭州市"}, {"浙江省", "宁波市"}, {"上海市", "上海市"}, {"北京市", "北京市"}, {"广东省", "广州市"},
		{"广东省", "深圳市"}, {"江苏省", "南京市"}, {"江苏省", "苏州市"}, {"福建省", "福州市"}, {"福建省", "厦门市"},
		{"四川省", "成都市"}, {"湖北省", "武汉市"}, {"山东省", "青岛市"}, {"湖南省", "长沙市"}, {"陕西省", "西安市"},
		{"云南省", "昆明市"}, {"天津市", "天津市"}, {"重庆市", "重庆市"},
	}
	streets   = []string{"文三路", "人民路", "解放路", "中山路", "建设路", "和平路", "长江路", "滨江大道", "学院路", "新华街"}
	agents    = []string{"小王", "小李", "小陈"}
	tagsPool  = []string{"爱喝绿茶", "送礼客户", "公司采购", "喜欢红茶", "老客户介绍", "价格敏感"}
	prefsPool = []string{"偏爱绿茶，不喜欢太浓", "常买送礼装", "喜欢普洱熟茶", "只喝红茶", "关注新茶上市", ""}
)

// platform mix of a Chinese tea shop: mostly Taobao, some JD/PDD/Douyin/Youzan,
// a few overseas buyers on Shopify/WooCommerce.
var platforms = []struct {
	id     string
	weight int
}{
	{"taobao", 40}, {"jd", 14}, {"pdd", 14}, {"douyin", 14}, {"youzan", 10}, {"shopify", 5}, {"woocommerce", 3},
}

type gen struct {
	r    *rand.Rand
	asOf time.Time
	day0 time.Time // midnight of AsOf
	seq  map[string]int
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// at is a time on the day `daysAgo` before AsOf, during shop hours.
func (g *gen) at(daysAgo int) time.Time {
	h := 8 + g.pick(15) // 8:00 .. 22:59
	return g.day0.AddDate(0, 0, -daysAgo).Add(time.Duration(h)*time.Hour + time.Duration(g.pick(3600))*time.Second)
}

func (g *gen) phone() string {
	prefixes := []string{"138", "139", "137", "136", "135", "150", "151", "158", "186", "187", "188", "177", "199"}
	return fmt.Sprintf("%s%08d", prefixes[g.pick(len(prefixes))], g.r.IntN(100000000))
}

func maskPhone(p string) string { return p[:3] + "****" + p[7:] }

func maskName(n string) string {
	r := []rune(n)
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// Generate builds the demo shop. It is deterministic: the same Options give
// the same shop.
func Generate(o Options) *Shop {
	o = o.norm()
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, 0x68756974)), asOf: o.AsOf, seq: map[string]int{}}
	y, m, d := o.AsOf.Date()
	g.day0 = time.Date(y, m, d, 0, 0, 0, 0, clock.ShopZone)
	s := &Shop{AsOf: o.AsOf}
	horizon := Years * 365
	for i := range o.Customers {
		s.Customers = append(s.Customers, g.customer(int64(i+1), horizon))
	}
	for i := range s.Customers {
		g.orders(s, &s.Customers[i])
	}
	g.relations(s)
	return s
}

func (g *gen) customer(id int64, horizon int) Customer {
	c := Customer{ID: id}
	female := g.chance(0.62)
	if female {
		c.Gender = "f"
		c.Name = surnames[g.pick(len(surnames))] + givenF[g.pick(len(givenF))]
	} else {
		c.Gender = "m"
		c.Name = surnames[g.pick(len(surnames))] + givenM[g.pick(len(givenM))]
	}
	w := g.pick(100)
	for _, p := range platforms {
		if w < p.weight {
			c.Platform = p.id
			break
		}
		w -= p.weight
	}
	c.Phone = g.phone()
	pl := places[g.pick(len(places))]
	c.Province, c.City = pl[0], pl[1]
	c.Addr = fmt.Sprintf("%s%s%d号%d室", c.City, streets[g.pick(len(streets))], 1+g.pick(300), 101+g.pick(20)*100+g.pick(4))
	nick := nickA[g.pick(len(nickA))] + nickB[g.pick(len(nickB))]
	switch c.Platform {
	case "taobao":
		// The suffix differs for every id, so keys stay unique.
		c.Key = fmt.Sprintf("%s%03d", nick, id*37%1000+id/1000*1000)
		c.Nickname = c.Key
	case "jd":
		c.Key = fmt.Sprintf("jd_%x", 0x5a3c00+id*7919)
		c.Nickname = c.Key
		c.NameMasked = g.chance(0.5)
	case "pdd":
		c.Key = c.Phone
		c.Nickname = nick
	case "douyin":
		// Douyin masks most receivers: the masked phone is all the shop gets.
		c.PhoneMasked = g.chance(0.8)
		c.NameMasked = c.PhoneMasked
		c.Key = c.Phone
		if c.PhoneMasked {
			c.Key = maskPhone(c.Phone)
		}
		c.Nickname = nick
	case "youzan":
		c.Key = c.Phone
		c.Nickname = nick
		c.WeChat = fmt.Sprintf("wx_%s%d", []string{"cha", "tea", "yun", "lin"}[g.pick(4)], 1000+id)
	case "shopify", "woocommerce":
		c.Email = fmt.Sprintf("%s%d@example.com", []string{"tea.lover", "amy", "kevin", "lily", "jason", "grace"}[g.pick(6)], id)
		c.Key = c.Email
		if c.Platform == "woocommerce" {
			c.Province, c.City = "", []string{"Vancouver", "Sydney", "Singapore", "London"}[g.pick(4)]
			c.Addr = fmt.Sprintf("%d Maple Street, %s", 10+g.pick(900), c.City)
		} else {
			c.Addr = fmt.Sprintf("%s%s%d号", c.City, streets[g.pick(len(streets))], 1+g.pick(300))
		}
	}
	if c.PhoneMasked || (c.Platform == "taobao" && g.chance(0.3)) {
		c.PhoneMasked = true
	}
	if c.NameMasked {
		c.Name = maskName(c.Name)
	}
	if g.chance(0.4) || c.Platform == "youzan" && g.chance(0.7) {
		by := 1965 + g.pick(40)
		bd := time.Date(by, time.January, 1, 0, 0, 0, 0, clock.ShopZone).AddDate(0, 0, g.pick(365))
		c.Birthday = bd.Format(data.DayLayout)
	}
	if g.chance(0.25) {
		c.Preferences = prefsPool[g.pick(len(prefsPool))]
	}
	if g.chance(0.2) {
		c.Tags = append(c.Tags, tagsPool[g.pick(len(tagsPool))])
	}
	if g.chance(0.1) {
		c.ContactTime = []string{"工作日晚上", "周末下午", "中午 12 点后"}[g.pick(3)]
	}
	if c.Platform == "youzan" {
		c.PlatformLevel = []string{"普通会员", "银卡会员", "金卡会员"}[g.pick(3)]
		c.PointsImported = int64(g.pick(3000))
	}
	// First purchase: spread over the horizon, a little denser recently as
	// the shop grows.
	c.firstDay = int(float64(horizon) * math.Pow(g.r.Float64(), 1.4))
	if g.chance(0.35) {
		c.firstDay = g.pick(horizon)
	}
	return c
}

// buyer kinds: most buy once; some come back a few times; a loyal core
// buys every month or two.
func (g *gen) orders(s *Shop, c *Customer) {
	var n, cycle int
	switch k := g.r.Float64(); {
	case k < 0.45:
		n, cycle = 1, 0
	case k < 0.8:
		n, cycle = 2+g.pick(4), 45+g.pick(100)
	default:
		n, cycle = 6+g.pick(12), 25+g.pick(40)
	}
	day := c.firstDay
	for i := 0; i < n && day >= 0; i++ {
		s.Orders = append(s.Orders, g.order(int64(len(s.Orders)+1), c, day, i == 0))
		day -= cycle*7/10 + g.pick(cycle*6/10+1)
		if i > 0 && g.chance(0.08) { // drifts away
			break
		}
	}
	if g.chance(0.04) { // left an unpaid cart
		s.Orders = append(s.Orders, g.unpaid(int64(len(s.Orders)+1), c, g.pick(c.firstDay+1)))
	}
}

func (g *gen) orderNo(platform string, t time.Time) string {
	g.seq[platform]++
	n := g.seq[platform]
	switch platform {
	case "taobao":
		return fmt.Sprint(3261000000000000000 + int64(n)*73310011)
	case "jd":
		return fmt.Sprintf("%d", 280000000000+int64(n)*9173)
	case "pdd":
		return fmt.Sprintf("%s-%015d", t.Format("060102"), 460000000000000+int64(n)*3571)
	case "douyin":
		return fmt.Sprintf("69%017d", 15000000000000000+int64(n)*6151)
	case "youzan":
		return fmt.Sprintf("E%s%08d", t.Format("20060102150405"), n)
	case "shopify":
		return fmt.Sprintf("#%d", 1000+n)
	default:
		return fmt.Sprint(3000 + n)
	}
}

func (g *gen) lines() []Line {
	k := 1
	if g.chance(0.3) {
		k = 2 + g.pick(2)
	}
	total := 0
	for _, p := range products {
		total += p.weight
	}
	var ls []Line
	seen := map[int]bool{}
	for len(ls) < k {
		w, idx := g.pick(total), 0
		for i, p := range products {
			if w < p.weight {
				idx = i
				break
			}
			w -= p.weight
		}
		if seen[idx] {
			continue
		}
		seen[idx] = true
		p := products[idx]
		qty := 1
		if g.chance(0.25) {
			qty = 2 + g.pick(2)
		}
		ls = append(ls, Line{Product: p.name, SKU: p.sku, Qty: qty, PriceFen: p.fen})
	}
	return ls
}

// order makes one order placed daysAgo days before AsOf, with a status in the
// platform's own words that fits its age.
func (g *gen) order(id int64, c *Customer, daysAgo int, first bool) Order {
	created := g.at(daysAgo)
	o := Order{ID: id, Platform: c.Platform, Customer: c.ID, Created: created, Lines: g.lines()}
	o.OrderNo = g.orderNo(c.Platform, created)
	for _, l := range o.Lines {
		o.AmountFen += l.PriceFen * int64(l.Qty)
	}
	// Shop coupons and platform discounts: 0–15 % off, rounded to the yuan.
	if g.chance(0.4) {
		o.AmountFen -= o.AmountFen * int64(5+g.pick(11)) / 100 / 100 * 100
	}
	o.PaidAt = created.Add(time.Duration(30+g.pick(900)) * time.Second)
	o.Paid, o.State = true, "paid"
	o.Receiver, o.Phone, o.Addr = c.Name, c.Phone, c.Addr
	if c.PhoneMasked {
		o.Phone = maskPhone(c.Phone)
	}
	if c.NameMasked {
		o.Receiver = maskName(c.Name)
	}
	// Refunds: a few complete, a few partial, one or two in progress.
	switch r := g.r.Float64(); {
	case r < 0.03 && !first:
		o.RefundFen, o.Paid, o.State = o.AmountFen, false, "refunded"
		o.Status = statusWord(c.Platform, "refunded")
		return o
	case r < 0.06:
		o.RefundFen = o.Lines[0].PriceFen / 2
		o.Status = statusWord(c.Platform, "done")
		return o
	case r < 0.075 && daysAgo < 30:
		o.Status = statusWord(c.Platform, "refunding")
		return o
	}
	switch {
	case daysAgo <= 1:
		o.Status = statusWord(c.Platform, "toship")
	case daysAgo <= 8:
		o.Status = statusWord(c.Platform, "shipped")
	default:
		o.Status = statusWord(c.Platform, "done")
	}
	return o
}

func (g *gen) unpaid(id int64, c *Customer, daysAgo int) Order {
	o := g.order(id, c, daysAgo, false)
	o.PaidAt, o.Paid, o.RefundFen = time.Time{}, false, 0
	if daysAgo == 0 {
		o.State, o.Status = "unpaid", statusWord(c.Platform, "unpaid")
	} else {
		o.State, o.Status = "closed", statusWord(c.Platform, "closed")
	}
	return o
}

// statusWord is how each platform's export names a state (samples README).
func statusWord(platform, state string) string {
	words := map[string]map[string]string{
		"taobao":      {"unpaid": "等待买家付款", "toship": "买家已付款，等待卖家发货", "shipped": "卖家已发货，等待买家确认", "done": "交易成功", "refunding": "退款中", "refunded": "交易关闭", "closed": "交易关闭"},
		"jd":          {"unpaid": "等待付款", "toship": "等待出库", "shipped": "等待确认收货", "done": "完成", "refunding": "锁定", "refunded": "已取消", "closed": "已取消"},
		"pdd":         {"unpaid": "待支付", "toship": "待发货", "shipped": "已发货，待签收", "done": "已签收", "refunding": "售后处理中", "refunded": "退款成功", "closed": "已取消"},
		"douyin":      {"unpaid": "待支付", "toship": "待发货", "shipped": "已发货", "done": "已完成", "refunding": "退款中", "refunded": "退款成功", "closed": "已关闭"},
		"youzan":      {"unpaid": "待付款", "toship": "待发货", "shipped": "已发货", "done": "交易成功", "refunding": "退款中", "refunded": "交易关闭", "closed": "交易关闭"},
		"shopify":     {"unpaid": "pending", "toship": "paid", "shipped": "paid", "done": "paid", "refunding": "paid", "refunded": "refunded", "closed": "voided"},
		"woocommerce": {"unpaid": "Pending payment", "toship": "Processing", "shipped": "Processing", "done": "Completed", "refunding": "On hold", "refunded": "Refunded", "closed": "Cancelled"},
	}
	return words[platform][state]
}
