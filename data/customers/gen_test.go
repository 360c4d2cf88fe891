package customers

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"huitouke/data"
)

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given     = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘")
	nickParts = []string{"tea", "lover", "小", "猫", "cat", "sun", "月亮", "清风", "abc", "happy", "喵", "2018", "88", "go", "星星"}
	platforms = []string{"taobao", "jd", "pdd", "douyin", "youzan", "shopify"}
)

// genCustomers writes n synthetic customers (names, nicknames, phones, a
// few tags, stats) into db. Deterministic for a seed.
func genCustomers(tb testing.TB, db *sql.DB, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	err := data.InTx(ctx, db, func(tx *sql.Tx) error {
		var tagIDs []int64
		for _, t := range []string{"VIP", "爱喝绿茶", "送礼", "企业客户", "老顾客"} {
			res, err := tx.Exec(`INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name`, t)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			tagIDs = append(tagIDs, id)
		}
		insC, err := tx.Prepare(`INSERT INTO customers(name, nickname, platform, email, created_at, updated_at) VALUES (?, ?, ?, ?, '2026-01-01 00:00:00', '2026-01-01 00:00:00')`)
		if err != nil {
			return err
		}
		insP, err := tx.Prepare(`INSERT OR IGNORE INTO customer_phones(customer_id, phone, normalized, masked, source) VALUES (?, ?, ?, ?, 'gen')`)
		if err != nil {
			return err
		}
		insT, err := tx.Prepare(`INSERT OR IGNORE INTO customer_tags(customer_id, tag_id) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		insS, err := tx.Prepare(`INSERT INTO customer_stats(customer_id, paid_orders, revenue_fen, last_paid_day, segment, rfm, level, as_of) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-15')`)
		if err != nil {
			return err
		}
		segs := []string{"new", "active", "cooling", "dormant_high", "dormant_low", "lost"}
		for i := range n {
			name := string(surnames[r.IntN(len(surnames))]) + string(given[r.IntN(len(given))])
			if r.IntN(2) == 0 {
				name += string(given[r.IntN(len(given))])
			}
			nick := nickParts[r.IntN(len(nickParts))] + nickParts[r.IntN(len(nickParts))] + fmt.Sprint(r.IntN(1000))
			email := ""
			if r.IntN(5) == 0 {
				email = fmt.Sprintf("user%d@example.com", i)
			}
			res, err := insC.Exec(name, nick, platforms[r.IntN(len(platforms))], email)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			phone := fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1000000000))
			masked := r.IntN(3) == 0
			norm := phone
			shown := phone
			if masked {
				shown = phone[:3] + "****" + phone[7:]
				norm = ""
			}
			if _, err := insP.Exec(id, shown, norm, masked); err != nil {
				return err
			}
			if r.IntN(4) == 0 {
				if _, err := insT.Exec(id, tagIDs[r.IntN(len(tagIDs))]); err != nil {
					return err
				}
			}
			orders := 1 + r.IntN(6)
			if _, err := insS.Exec(id, orders, int64(orders)*int64(5000+r.IntN(50000)),
				fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(11), 1+r.IntN(28)), segs[r.IntN(len(segs))], "general_value", "regular"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// benchStore opens (building once and keeping in the temp folder, since
// building takes minutes) a store with n synthetic customers, search index
// refreshed.
func benchStore(b *testing.B, n int) *data.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("huitouke-customers-bench-%d.db", n))
	_, statErr := os.Stat(path)
	st, err := data.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if statErr != nil {
		genCustomers(b, st.DB(), n, 1)
		genBigSpender(b, st.DB(), 200)
		if _, err := RefreshSearch(context.Background(), st, 0, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := st.DB().Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// genBigSpender adds the customer 大客户 with n orders of two lines each,
// calls, feedback and points: the card benchmark opens it.
func genBigSpender(tb testing.TB, db *sql.DB, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	var id int64
	err := data.InTx(ctx, db, func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO customers(name, nickname, platform, created_at, updated_at) VALUES ('大客户', 'big_spender', 'taobao', '2020-01-01 00:00:00', '2020-01-01 00:00:00')`)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		for i := range n {
			day := fmt.Sprintf("%04d-%02d-%02d", 2020+i/60, 1+(i/5)%12, 1+i%28)
			res, err := tx.Exec(`INSERT INTO orders(platform, order_no, customer_id, status, state, paid, created_at, paid_at, order_day, amount_fen, revenue_fen, items, quantity)
				VALUES ('taobao', ?, ?, '交易成功', 'paid', 1, ?, ?, ?, 25600, 25600, '西湖龙井 250g，紫砂壶', 2)`, fmt.Sprintf("BIG%06d", i), id, day+" 10:00:00", day+" 10:01:00", day)
			if err != nil {
				return err
			}
			oid, _ := res.LastInsertId()
			for j, p := range []string{"西湖龙井 250g", "紫砂壶"} {
				if _, err := tx.Exec(`INSERT INTO order_lines(order_id, line_key, product, quantity, price_fen, amount_fen) VALUES (?, ?, ?, 1, 12800, 12800)`, oid, fmt.Sprint(j), p); err != nil {
					return err
				}
			}
			if i%10 == 0 {
				if _, err := tx.Exec(`INSERT INTO calls(customer_id, called_at, outcome, reason, note) VALUES (?, ?, 'interested', 'after_sale', '满意')`, id, day+" 15:00:00"); err != nil {
					return err
				}
				if _, err := tx.Exec(`INSERT INTO feedback(customer_id, order_id, delivery, packaging, product, service, created_at) VALUES (?, ?, 5, 4, 5, 5, ?)`, id, oid, day+" 15:05:00"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}
