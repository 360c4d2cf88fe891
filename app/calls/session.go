package calls

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"huitouke/app/kit"
	"huitouke/data"
	"huitouke/data/calls"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/resources/vocab"
)

// uiDo hands work back to the UI goroutine (fyne.Do). Tests replace it with
// a queue they run themselves: the test driver's fyne.Do would run the work
// on the worker goroutine, racing with the test.
var uiDo = fyne.Do

// session is the agent's working day: the day opened and what was read with
// it, the customers' summaries read so far, and the background work (loads,
// claims, saves). All its fields belong to the UI goroutine.
type session struct {
	u       Shell
	day     clock.Day
	locale  string
	shop    string
	book    calls.ScriptBook
	loaded  bool
	loading bool
	// held and noNumber are the day's holdout group and the customers
	// without a number to dial.
	held, noNumber []calls.Item
	cache          map[int64]calls.Summary
	inflight       map[int64]bool

	// bg counts background work, so tests can wait for it; on the test
	// driver fyne.Do runs on the worker goroutine.
	bg sync.WaitGroup
}

func newSession(u Shell) *session {
	return &session{u: u, cache: map[int64]calls.Summary{}, inflight: map[int64]bool{}}
}

// goBG runs fn on the shared background runner, counted in bg; fn reports
// back through uiDo.
func (ss *session) goBG(fn func()) {
	ss.bg.Add(1)
	kit.Background(func() {
		defer ss.bg.Done()
		fn()
	})
}

// openDay opens today (generating its list) in the background; done runs on
// the UI goroutine with what was read. A second call while one runs is
// ignored.
func (ss *session) openDay(pull int, done func(calls.Workday, error)) bool {
	if ss.loading {
		return false
	}
	ss.loading = true
	ss.day = clock.Today()
	st, ctx, day, loc := ss.u.Store(), ss.u.Ctx(), ss.day, ss.locale
	ss.goBG(func() {
		wd, err := calls.OpenDay(ctx, st, day, calls.DayOptions{Locale: loc, Regenerate: true, PullMore: pull})
		uiDo(func() {
			ss.loading = false
			if err == nil {
				ss.book, ss.shop, ss.held, ss.noNumber = wd.Book, wd.Shop, wd.HeldOut, wd.NoNumber
				ss.cache = map[int64]calls.Summary{}
				ss.loaded = true
			}
			done(wd, err)
		})
	})
	return true
}

// reloadScripts reads the scripts again (after an edit in the script editor).
func (ss *session) reloadScripts(done func(error)) {
	st, ctx, loc := ss.u.Store(), ss.u.Ctx(), ss.locale
	ss.goBG(func() {
		b, err := calls.LoadScriptBook(ctx, st, loc)
		uiDo(func() {
			if err == nil {
				ss.book = b
			}
			done(err)
		})
	})
}

// summary is a customer's card: from memory when read ahead, otherwise read
// now (a jump in the list: a handful of indexed reads, fast enough to wait for).
func (ss *session) summary(id int64) (calls.Summary, error) {
	if sum, ok := ss.cache[id]; ok {
		return sum, nil
	}
	sum, err := calls.LoadSummary(ss.u.Ctx(), ss.u.Store(), id)
	if err == nil {
		ss.cache[id] = sum
	}
	return sum, err
}

// unread tells whether a customer's card is neither in memory nor being read.
func (ss *session) unread(id int64) bool {
	_, ok := ss.cache[id]
	return !ok && !ss.inflight[id]
}

// prefetch reads ahead the cards of the customers want (see unread).
func (ss *session) prefetch(want []int64) {
	if len(want) == 0 {
		return
	}
	for _, id := range want {
		ss.inflight[id] = true
	}
	st, ctx := ss.u.Store(), ss.u.Ctx()
	ss.goBG(func() {
		got, err := calls.LoadSummaries(ctx, st, want)
		if err != nil {
			// Only a read ahead: the card is read again when it is opened,
			// and a failure shows then.
			fyne.LogError("read ahead call cards", err)
		}
		uiDo(func() {
			for _, id := range want {
				delete(ss.inflight, id)
				if sum, ok := got[id]; ok {
					ss.cache[id] = sum
				}
			}
		})
	})
}

// claim marks the entry as the agent's in the background; done gets the answer.
func (ss *session) claim(id int64, agent string, done func(error)) {
	st, ctx := ss.u.Store(), ss.u.Ctx()
	ss.goBG(func() {
		err := calls.Claim(ctx, st, id, agent)
		uiDo(func() { done(err) })
	})
}

// release gives an entry back in the background; done gets a failure only.
func (ss *session) release(id int64, agent string, failed func(error)) {
	st, ctx := ss.u.Store(), ss.u.Ctx()
	ss.goBG(func() {
		if err := calls.Release(ctx, st, id, agent); err != nil {
			uiDo(func() { failed(err) })
		}
	})
}

// releaseAll hands back the entries of items the agent holds, so colleagues
// need not wait ClaimTTL after the window closes. It runs on the UI goroutine
// while the window closes, on st, the store the screen was built on (a demo
// switch rebuilds the screen). A failure can only be logged: the window is
// going away.
func (ss *session) releaseAll(st *data.Store, items []calls.Item) {
	agent := ss.u.AgentName()
	if agent == "" {
		return
	}
	var ids []int64
	for _, it := range items {
		if it.Status == calls.StatusWorking && it.Agent == agent {
			ids = append(ids, it.ID)
		}
	}
	if err := calls.ReleaseAll(context.Background(), st, agent, ids); err != nil {
		fyne.LogError(lang.X("calls.err.release", "没能把客户放回名单：同事要等一会儿才能拨打。"), err)
	}
}

// agent is the agent's name, or the generic word for the scripts.
func (ss *session) agent() string {
	if a := ss.u.AgentName(); a != "" {
		return a
	}
	return lang.X("cli.calls.agentdefault", "客服")
}

// values fills the placeholders of the scripts for customer sum on entry it.
func (ss *session) values(it calls.Item, sum calls.Summary) rules.Values {
	return calls.Values(sum, it, ss.params())
}

func (ss *session) params() calls.ValueParams {
	return calls.ValueParams{Shop: ss.shop, Agent: ss.agent(), Locale: ss.locale, Day: ss.day,
		LevelName: func(k string) string { return vocab.Level(k) }}
}
