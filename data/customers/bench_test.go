package customers

import (
	"context"
	"testing"
)

// BenchmarkSearchPrefix is the first page of the list for a typed prefix at
// 1,000,000 customers (target: <= 50 ms per query).
func BenchmarkSearchPrefix(b *testing.B) {
	st := benchStore(b, 1_000_000)
	ctx := context.Background()
	for _, q := range []string{"张", "张伟", "138", "1380013", "8000", "tea", "user123", "爱喝"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := List(ctx, st, Filter{Search: q}, Sort{}, 0, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenCard loads the card of a customer with 200 orders (400
// lines, calls, feedback) in the 1,000,000-customer database (target:
// <= 100 ms).
func BenchmarkOpenCard(b *testing.B) {
	st := benchStore(b, 1_000_000)
	ctx := context.Background()
	var id int64
	if err := st.DB().QueryRow(`SELECT id FROM customers WHERE nickname = 'big_spender'`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(ctx, st, id)
		if err != nil {
			b.Fatal(err)
		}
		if len(c.Orders) != 200 {
			b.Fatalf("%d orders", len(c.Orders))
		}
	}
}

// BenchmarkListSorted is the first page of the whole list sorted by a
// column at 1,000,000 customers (no search).
func BenchmarkListSorted(b *testing.B) {
	st := benchStore(b, 1_000_000)
	ctx := context.Background()
	for _, s := range []Sort{{}, {SortName, false}, {SortRevenue, true}} {
		b.Run("by_"+s.By, func(b *testing.B) {
			for b.Loop() {
				if _, err := List(ctx, st, Filter{}, s, 0, 100); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := Count(ctx, st, Filter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListSegment is the list filtered by one lifecycle segment at
// 1,000,000 customers: the first page (by id and by revenue), a page deep
// in the list, and the count shown above it (target: page + count <= 100 ms).
func BenchmarkListSegment(b *testing.B) {
	st := benchStore(b, 1_000_000)
	ctx := context.Background()
	for _, seg := range []string{"new", "lost", "none"} {
		f := Filter{Segment: seg}
		for _, bc := range []struct {
			name   string
			s      Sort
			offset int
		}{{"by_id", Sort{}, 0}, {"by_revenue", Sort{SortRevenue, true}, 0}, {"page_1000", Sort{}, 100_000}} {
			b.Run(seg+"/"+bc.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := List(ctx, st, f, bc.s, bc.offset, 100); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(seg+"/count", func(b *testing.B) {
			for b.Loop() {
				if _, err := Count(ctx, st, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
