package figures

import (
	"context"
	"log"
	"sync"

	"fyne.io/fyne/v2"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures"
)

// Recomputer is a window's figures state: the cache of paid orders shared by the overview
// and segments screens, and the recompute in flight. Only the UI goroutine touches it,
// except the cache itself, which is safe for concurrent use.
type Recomputer struct {
	u        recomputeShell
	store    *data.Store
	cache    *figures.Cache
	running  bool
	again    bool          // data changed during the running recompute: run once more
	waiting  []func(error) // done callbacks of recomputes asked for while one was running
	ownEvent bool          // the DataChanged being sent is our own (nothing to invalidate)
	checked  bool          // the start-up staleness check ran
	err      error         // of the last run
	busy     sync.WaitGroup
}

// recomputeShell is what the recompute needs from the window.
type recomputeShell interface {
	Store() *data.Store
	DataChanged()
}

// NewRecomputer makes the figures state of a window.
func NewRecomputer(u recomputeShell) *Recomputer { return &Recomputer{u: u} }

// Cache is the figure cache for the window's current store; a store switched under the
// window (demo mode, restore) gets a fresh one.
func (r *Recomputer) Cache() *figures.Cache {
	if r.store != r.u.Store() || r.cache == nil {
		r.store, r.cache = r.u.Store(), figures.NewCache()
	}
	return r.cache
}

// DataChanged drops the cached orders unless the change is the recompute's own.
func (r *Recomputer) DataChanged() {
	if !r.ownEvent && r.cache != nil {
		r.cache.Invalidate()
	}
}

// Wait blocks until the recomputes started so far have finished (tests, closing).
func (r *Recomputer) Wait() { r.busy.Wait() }

// Recompute refreshes the derived figures (segments, RFM, levels in customer_stats) as of
// today, off the UI goroutine, then calls done and tells every screen (DataChanged) on the
// UI goroutine. It is called after imports, merges and settings changes, so it first drops
// the cached orders. Calls made while one runs are folded into one more run. A failure is
// logged; callers that report it use RecomputeThen.
func (r *Recomputer) Recompute(done func()) {
	r.RecomputeThen(func(error) {
		if done != nil {
			done()
		}
	})
}

// RecomputeThen is Recompute, with done told whether the (last) run failed.
func (r *Recomputer) RecomputeThen(done func(err error)) {
	r.Cache().Invalidate()
	if done != nil {
		r.waiting = append(r.waiting, done)
	}
	if r.running {
		r.again = true
		return
	}
	r.running = true
	r.run()
}

func (r *Recomputer) run() {
	st, cache := r.u.Store(), r.Cache()
	r.busy.Add(1)
	kit.GoSafe("figures", func() {
		_, err := cache.Recompute(context.Background(), st, clock.Today())
		if err != nil {
			// The figures stay as they were; screens keep working on the loaded data.
			log.Printf("recompute: %v", err)
		}
		fyne.Do(func() {
			defer r.busy.Done()
			r.err = err
			if r.again {
				r.again = false
				r.run()
				return
			}
			r.running = false
			waiting := r.waiting
			r.waiting = nil
			for _, fn := range waiting {
				fn(r.err)
			}
			r.ownEvent = true
			r.u.DataChanged()
			r.ownEvent = false
		})
	})
}

// RecomputeIfStale starts a background recompute when customer_stats was computed for
// another day than today (the app was not opened since yesterday), once per window.
func (r *Recomputer) RecomputeIfStale() {
	if r.checked {
		return
	}
	r.checked = true
	st := r.u.Store()
	kit.GoSafe("figures", func() {
		stale, err := figures.Stale(context.Background(), st, clock.Today())
		if err != nil {
			log.Printf("recompute check: %v", err)
			return
		}
		if !stale {
			return
		}
		fyne.Do(func() {
			if r.u.Store() == st {
				r.Recompute(nil)
			}
		})
	})
}
