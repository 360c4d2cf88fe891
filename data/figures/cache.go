package figures

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"huitouke/data"
	"huitouke/data/clock"
	"huitouke/data/figures/calc"
)

// Cache keeps the paid orders and the per-customer figures of one store in memory, so the
// overview can answer a new period or as-of date without reading three million orders again.
// The app holds one and calls Invalidate whenever data changes (import, merge, card edit,
// restore); the next call reloads. It is safe for concurrent use; calls are serialised.
type Cache struct {
	version atomic.Uint64 // bumped by Invalidate; never blocks on a running load

	mu       sync.Mutex
	loaded   bool
	loadedAt uint64 // version the loaded data belongs to
	orders   []calc.Order
	custs    int // customers not merged away
	over     map[int64]string
	adv      map[int64]bool
	lastLoad time.Duration

	statsOK   bool
	statsVer  uint64
	statsAsOf clock.Day
	statsSet  calc.Settings
	stats     []calc.CustomerStats
	sum       *statsSummary // figures that depend on stats only, computed on first use
	extra     *Breakdown    // the Segments screen's extras (pareto, cohorts, cycles), likewise

	pred predMemo // the last prediction refresh (predictions_store.go)
}

// statsSummary is what Figures derives from the per-customer stats alone: it does not change
// with the period, so switching periods does not recount a million customers.
type statsSummary struct {
	segments map[string]int
	rfm      map[string]int
	rfmShare map[string]float64
	levels   []LevelCount
	cycle    float64
	hasCycle bool
	firstDay clock.Day
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// Invalidate marks everything loaded as stale. Cheap; call it on the UI goroutine.
func (c *Cache) Invalidate() { c.version.Add(1) }

// Version counts Invalidate calls.
func (c *Cache) Version() uint64 { return c.version.Load() }

// load brings orders, customer count, level overrides and advocates up to date. The orders
// and the small customer queries run side by side. Call with c.mu held.
func (c *Cache) load(ctx context.Context, st *data.Store) error {
	ver := c.version.Load()
	if c.loaded && c.loadedAt == ver {
		return nil
	}
	t0 := time.Now()
	db := st.DB()
	var (
		custs int
		over  map[int64]string
		adv   map[int64]bool
		err2  error
		wg    sync.WaitGroup
	)
	wg.Go(func() {
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers WHERE merged_into IS NULL`).Scan(&custs); err != nil {
			err2 = fmt.Errorf("count customers: %w", err)
			return
		}
		if over, err2 = loadOverrides(ctx, db); err2 != nil {
			return
		}
		merged, err := loadMerged(ctx, db)
		if err != nil {
			err2 = err
			return
		}
		adv, err2 = loadAdvocates(ctx, db, merged)
	})
	orders, err := LoadOrders(ctx, st)
	wg.Wait()
	if err == nil {
		err = err2
	}
	if err != nil {
		return err
	}
	c.orders, c.custs, c.over, c.adv = orders, custs, over, adv
	c.loaded, c.loadedAt = true, ver
	c.statsOK = false
	c.lastLoad = time.Since(t0)
	return nil
}

// Orders returns the paid orders, sorted by (customer, day). The slice is shared: read only.
func (c *Cache) Orders(ctx context.Context, st *data.Store) ([]calc.Order, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(ctx, st); err != nil {
		return nil, err
	}
	return c.orders, nil
}

// Stats returns every buyer's figures as of asOf with the shop's current settings (shared
// slice: read only) and those settings.
func (c *Cache) Stats(ctx context.Context, st *data.Store, asOf clock.Day) ([]calc.CustomerStats, calc.Settings, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.statsLocked(ctx, st, asOf)
}

func (c *Cache) statsLocked(ctx context.Context, st *data.Store, asOf clock.Day) ([]calc.CustomerStats, calc.Settings, error) {
	s, err := LoadSettings(ctx, st)
	if err != nil {
		return nil, s, err
	}
	c.lastLoad = 0
	if err := c.load(ctx, st); err != nil {
		return nil, s, err
	}
	if c.statsOK && c.statsVer == c.loadedAt && c.statsAsOf == asOf && sameSettings(c.statsSet, s) {
		return c.stats, s, nil
	}
	c.stats = calc.PerCustomer(c.orders, asOf, s, c.over, c.adv)
	c.statsOK, c.statsVer, c.statsAsOf, c.statsSet = true, c.loadedAt, asOf, s
	c.sum, c.extra = nil, nil
	return c.stats, s, nil
}

func sameSettings(a, b calc.Settings) bool {
	return a.NewDays == b.NewDays && a.CoolingDays == b.CoolingDays && a.DormantHighDays == b.DormantHighDays &&
		a.DormantLowDays == b.DormantLowDays && a.LoyalOrders == b.LoyalOrders && slices.Equal(a.Levels, b.Levels)
}

// PreviousPeriod is the period of equal length that ends the day before p starts, for the
// "change against the previous period" of the KPI tiles. ok is false for all time (nothing
// comes before it) and for an empty period.
func PreviousPeriod(p calc.Period, asOf clock.Day) (calc.Period, bool) {
	end := asOf
	if p.To != 0 && p.To < end {
		end = p.To
	}
	if p.From == 0 || p.From > end {
		return calc.Period{}, false
	}
	n := end - p.From + 1
	return calc.Period{From: p.From - n, To: p.From - 1}, true
}

// LevelCount is how many buyers hold one membership level.
type LevelCount struct {
	Name   string // tier key (regular, silver …) or a level set by hand
	MinFen int64  // the tier's threshold; -1 for a level that is not a tier (set by hand)
	Count  int
}

// Report is everything the overview and `huitouke report` show for one period.
type Report struct {
	AsOf        clock.Day
	Settings    calc.Settings // thresholds and tiers the figures were computed with
	Period      calc.Period   // as asked; zero for all time
	Figures     calc.Figures
	Previous    calc.Figures // the previous period of equal length, when HasPrevious
	HasPrevious bool

	Customers int       // all customers not merged away (buyers or not)
	Buyers    int       // customers with >= 1 paid order up to AsOf
	FirstDay  clock.Day // day of the first paid order up to AsOf; 0 when none

	Segments     map[string]int // lifecycle as of AsOf; "none" = customers without a paid order
	RFM          map[string]int
	RFMShare     map[string]float64 // share of lifetime revenue, per class
	Levels       []LevelCount       // tiers from the lowest, then levels set by hand
	ShopCycle    float64            // median purchase cycle in days, when HasShopCycle
	HasShopCycle bool
}

// Figures computes the report of period p as of asOf (loading what the cache lacks).
func (c *Cache) Figures(ctx context.Context, st *data.Store, p calc.Period, asOf clock.Day) (Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	stats, s, err := c.statsLocked(ctx, st, asOf)
	if err != nil {
		return Report{}, err
	}
	r := Report{AsOf: asOf, Settings: s, Period: p, Customers: c.custs, Buyers: len(stats)}
	var wg sync.WaitGroup
	if prev, ok := PreviousPeriod(p, asOf); ok {
		r.HasPrevious = true
		wg.Go(func() { r.Previous = calc.Compute(c.orders, prev, asOf, s) })
	}
	r.Figures = calc.Compute(c.orders, p, asOf, s)
	if c.sum == nil {
		sm := &statsSummary{segments: calc.SegmentCounts(stats), levels: levelCounts(stats, s)}
		sm.rfm, sm.rfmShare = calc.RFMCounts(stats)
		sm.cycle, sm.hasCycle = calc.ShopCycle(stats)
		for i := range stats {
			if sm.firstDay == 0 || stats[i].FirstDay < sm.firstDay {
				sm.firstDay = stats[i].FirstDay
			}
		}
		c.sum = sm
	}
	sm := c.sum
	// Maps are copied: callers may change their report.
	r.Segments = make(map[string]int, len(sm.segments)+1)
	for k, v := range sm.segments {
		r.Segments[k] = v
	}
	r.Segments[calc.SegmentNone] = max(0, c.custs-len(stats))
	r.RFM = make(map[string]int, len(sm.rfm))
	for k, v := range sm.rfm {
		r.RFM[k] = v
	}
	r.RFMShare = make(map[string]float64, len(sm.rfmShare))
	for k, v := range sm.rfmShare {
		r.RFMShare[k] = v
	}
	r.Levels = slices.Clone(sm.levels)
	r.ShopCycle, r.HasShopCycle, r.FirstDay = sm.cycle, sm.hasCycle, sm.firstDay
	wg.Wait()
	return r, nil
}

// Figures is Cache.Figures without a cache (the CLI).
func Figures(ctx context.Context, st *data.Store, p calc.Period, asOf clock.Day) (Report, error) {
	return NewCache().Figures(ctx, st, p, asOf)
}

func levelCounts(stats []calc.CustomerStats, s calc.Settings) []LevelCount {
	tiers := slices.Clone(s.Levels)
	slices.SortFunc(tiers, func(a, b calc.Level) int {
		switch {
		case a.MinFen < b.MinFen:
			return -1
		case a.MinFen > b.MinFen:
			return 1
		}
		return 0
	})
	out := make([]LevelCount, len(tiers))
	idx := make(map[string]int, len(tiers))
	for i, t := range tiers {
		out[i] = LevelCount{Name: t.Name, MinFen: t.MinFen}
		idx[t.Name] = i
	}
	for i := range stats {
		name := stats[i].Level
		k, ok := idx[name]
		if !ok {
			k = len(out)
			idx[name] = k
			out = append(out, LevelCount{Name: name, MinFen: -1})
		}
		out[k].Count++
	}
	return out
}

// Trend returns the months from the month of from to the month of to (new against returning
// buyers, orders, revenue and repeat rates per month).
func (c *Cache) Trend(ctx context.Context, st *data.Store, from, to clock.Day) ([]calc.Month, error) {
	orders, err := c.Orders(ctx, st)
	if err != nil {
		return nil, err
	}
	return calc.Monthly(orders, from, to), nil
}

// ParetoBucket is one bar of the 80/20 chart: the buyers ranked From..To (fractions 0..1 of
// all buyers, by lifetime spend, biggest first) and what they spent.
type ParetoBucket struct {
	From, To   float64
	Customers  int
	RevenueFen int64
}

// ParetoBuckets is the number of bars of the 80/20 chart: one per 5 % of buyers, so the top
// 20 % are the first four.
const ParetoBuckets = 20

// Breakdown is the data of the Segments screen.
type Breakdown struct {
	Report
	Pareto      []ParetoBucket
	ParetoTop20 float64 // lifetime revenue share of the top ceil(20 %) of buyers
	Cohorts     []calc.Cohort
	Cycles      []calc.Bucket
}

// CohortMonths is how many months after the first purchase the cohort table follows.
const CohortMonths = 12

// Breakdown computes the Segments screen's data as of asOf (lifetime figures).
func (c *Cache) Breakdown(ctx context.Context, st *data.Store, asOf clock.Day) (Breakdown, error) {
	r, err := c.Figures(ctx, st, calc.Period{}, asOf)
	if err != nil {
		return Breakdown{}, err
	}
	b := Breakdown{Report: r, ParetoTop20: r.Figures.ParetoTop20Share}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Another caller may have moved the stats to another day in between: bring them back
	// (a no-op when they are still the ones r was computed from).
	stats, _, err := c.statsLocked(ctx, st, asOf)
	if err != nil {
		return Breakdown{}, err
	}
	if c.extra == nil {
		orders := c.orders
		var x Breakdown
		var wg sync.WaitGroup
		wg.Go(func() {
			// Cohorts follow first purchases up to the as-of date only.
			if hasLater(orders, asOf) {
				kept := make([]calc.Order, 0, len(orders))
				for _, o := range orders {
					if o.Day <= asOf {
						kept = append(kept, o)
					}
				}
				orders = kept
			}
			x.Cohorts = calc.Cohorts(orders, CohortMonths)
		})
		x.Pareto = paretoBuckets(stats)
		x.Cycles = calc.CycleHistogram(stats, calc.DefaultCycleBuckets)
		wg.Wait()
		c.extra = &x
	}
	// Shared read-only slices: the screen only reads them.
	b.Pareto, b.Cohorts, b.Cycles = c.extra.Pareto, c.extra.Cohorts, c.extra.Cycles
	return b, nil
}

func hasLater(orders []calc.Order, asOf clock.Day) bool {
	for i := range orders {
		if orders[i].Day > asOf {
			return true
		}
	}
	return false
}

func paretoBuckets(stats []calc.CustomerStats) []ParetoBucket {
	n := len(stats)
	if n == 0 {
		return nil
	}
	rev := make([]int64, n)
	for i := range stats {
		rev[i] = stats[i].RevenueFen
	}
	slices.Sort(rev)
	slices.Reverse(rev)
	k := min(n, ParetoBuckets)
	out := make([]ParetoBucket, k)
	lo := 0
	for i := range k {
		hi := ((i+1)*n + k - 1) / k
		b := ParetoBucket{From: float64(lo) / float64(n), To: float64(hi) / float64(n), Customers: hi - lo}
		for _, v := range rev[lo:hi] {
			b.RevenueFen += v
		}
		out[i] = b
		lo = hi
	}
	return out
}
