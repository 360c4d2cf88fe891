package sqlraw

import (
	"errors"
	"sync"
	"testing"
)

func TestRangesCoverEveryIDOnce(t *testing.T) {
	for _, c := range []struct {
		from, to       int64
		chunks, worker int
	}{{1, 101, 7, 2}, {5, 6, 1, 1}, {0, 1000, 32, 4}, {10, 13, 8, 2}} {
		var mu sync.Mutex
		seen := map[int64]int{}
		err := Ranges(c.from, c.to, c.chunks, c.worker, func(k int, a, b int64) error {
			mu.Lock()
			defer mu.Unlock()
			for id := a; id < b; id++ {
				seen[id]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for id := c.from; id < c.to; id++ {
			if seen[id] != 1 {
				t.Fatalf("%+v: id %d read %d times", c, id, seen[id])
			}
		}
		if len(seen) != int(c.to-c.from) {
			t.Fatalf("%+v: %d ids read, want %d", c, len(seen), c.to-c.from)
		}
	}
}

func TestRangesStopAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var mu sync.Mutex
	calls := 0
	err := Ranges(0, 1000, 100, 1, func(k int, a, b int64) error {
		mu.Lock()
		calls++
		mu.Unlock()
		if k == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if calls != 4 {
		t.Fatalf("%d ranges run after an error in the 4th, want 4", calls)
	}
}
