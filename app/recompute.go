package app

import (
	"log"
	"sync"

	"fyne.io/fyne/v2"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
)

// insightState is the per-window state of the figures: the cache of paid orders shared by
// the overview and segments screens, and the recompute in flight. Only the UI goroutine
// touches it, except the cache itself, which is safe for concurrent use.
type insightState struct {
	store    *data.Store
	cache    *figures.Cache
	running  bool
	again    bool     // data changed during the running recompute: run once more
	waiting  []func() // done callbacks of recomputes asked for while one was running
	ownEvent bool     // the DataChanged being sent is our own (nothing to invalidate)
	checked  bool     // the start-up staleness check ran
	busy     sync.WaitGroup
}

// insGo runs slow figure work (loading figures, recompute, export) on the shared background
// runner; the work reports back with fyne.Do.
//
// A load still running when the window closes finds the store closed (a nil pool, which
// database/sql answers with a panic): that is logged, not allowed to crash the exit.
func insGo(f func()) {
	background(func() {
		defer func() {
			if p := recover(); p != nil {
				log.Printf("figures: background work stopped: %v", p)
			}
		}()
		f()
	})
}

var (
	insightMu     sync.Mutex
	insightStates = map[*UI]*insightState{}
)

// figures returns this window's figure cache, creating it (and hooking it to DataChanged)
// on first use. A store switched under the window (demo mode, restore) gets a fresh cache.
func (u *UI) figures() *insightState {
	insightMu.Lock()
	defer insightMu.Unlock()
	s := insightStates[u]
	if s == nil {
		s = &insightState{}
		insightStates[u] = s
		u.onDataChangedWindow(func() {
			if !s.ownEvent {
				s.cache.Invalidate()
			}
		})
	}
	if s.store != u.Store || s.cache == nil {
		s.store, s.cache = u.Store, figures.NewCache()
	}
	return s
}

// Recompute refreshes the derived figures (segments, RFM, levels in customer_stats) as of
// today, off the UI goroutine, then calls done and tells every screen (DataChanged) on the
// UI goroutine. It is called after imports, merges and settings changes, so it first drops
// the cached orders. Calls made while one runs are folded into one more run.
func (u *UI) Recompute(done func()) {
	s := u.figures()
	s.cache.Invalidate()
	if done != nil {
		s.waiting = append(s.waiting, done)
	}
	if s.running {
		s.again = true
		return
	}
	s.running = true
	u.runRecompute(s)
}

func (u *UI) runRecompute(s *insightState) {
	st, cache, ctx := u.Store, s.cache, u.Ctx
	s.busy.Add(1)
	insGo(func() {
		_, err := cache.Recompute(ctx, st, clock.Today())
		if err != nil {
			// The figures stay as they were; screens keep working on the loaded data.
			log.Printf("recompute: %v", err)
		}
		fyne.Do(func() {
			defer s.busy.Done()
			if s.again {
				s.again = false
				u.runRecompute(s)
				return
			}
			s.running = false
			waiting := s.waiting
			s.waiting = nil
			for _, fn := range waiting {
				fn()
			}
			s.ownEvent = true
			u.DataChanged()
			s.ownEvent = false
		})
	})
}

// RecomputeIfStale starts a background recompute when customer_stats was computed for
// another day than today (the app was not opened since yesterday), once per window. The
// screens showing figures call it when first shown; main may call it at start.
func (u *UI) RecomputeIfStale() {
	s := u.figures()
	if s.checked {
		return
	}
	s.checked = true
	st, ctx := u.Store, u.Ctx
	insGo(func() {
		day, ok, err := figures.StatsAsOf(ctx, st)
		if err != nil {
			log.Printf("recompute check: %v", err)
			return
		}
		if ok && day == clock.Today() {
			return
		}
		c, err := st.Counts(ctx)
		if err != nil || (c.Customers == 0 && c.Orders == 0) {
			return
		}
		fyne.Do(func() {
			if u.Store == st {
				u.Recompute(nil)
			}
		})
	})
}
