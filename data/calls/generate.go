package calls

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Generated tells what GenerateDay stored.
type Generated struct {
	Day                      clock.Day
	Shown, HeldOut, NoNumber int // entries of each kind in the stored list
	New                      int // entries added by this run
	Kept                     int // entries already worked, left as they were
	Removed                  int // open entries whose customer no longer qualifies
	Capacity                 int // calls the day holds besides complaints, callbacks and hand-added ones
	More                     int // eligible persons with a number left for the next days
	MoreNoNumber             int // eligible persons without a number left for the next days
	Load, Rules, Save        time.Duration
}

// GenerateDay builds the call list of day from the database and stores it
// in call_list. It reads customer_stats as it is: bring the derived figures
// up to date for day first (figures.Recompute, or EnsureStats).
//
// Regenerating a day is safe: entries already worked keep their status,
// agent and outcome; a customer's holdout draw, once stored, is kept (the
// holdout is an experiment, re-rolling it would bias it); open entries whose
// customer no longer qualifies (now do-not-contact, complaint answered …) are
// removed. A callback scheduled today on a customer already called today
// re-opens that customer's entry.
func GenerateDay(ctx context.Context, st *data.Store, day clock.Day) (Generated, error) {
	g := Generated{Day: day}
	t0 := time.Now()
	cfg, err := LoadConfig(ctx, st)
	if err != nil {
		return g, err
	}
	if err := cfg.Validate(); err != nil {
		cfg = rules.DefaultConfig() // a broken setting must not stop the calls
		cfg.Location = clock.ShopZone
	}
	seed, err := Seed(ctx, st)
	if err != nil {
		return g, err
	}
	db := st.DB()
	camps, err := activeCampaigns(ctx, db)
	if err != nil {
		return g, err
	}
	cands, err := LoadCandidates(ctx, st, day, cfg, camps)
	if err != nil {
		return g, err
	}
	t1 := time.Now()
	now := clock.Now()
	if clock.FromTime(now, clock.ShopZone) != day {
		now = time.Time{} // another day: overdue is judged at its start
	}
	extra, err := extraFor(ctx, st, day)
	if err != nil {
		return g, err
	}
	g.Capacity = cfg.Capacity() + extra
	pl, err := planList(ctx, st, day, cfg, seed, cands, camps, now, g.Capacity)
	if err != nil {
		return g, err
	}
	g.More, g.MoreNoNumber = pl.More, pl.MoreNoNumber
	t2 := time.Now()
	if err := persist(ctx, st, day, pl, &g); err != nil {
		return g, err
	}
	g.Load, g.Rules, g.Save = t1.Sub(t0), t2.Sub(t1), time.Since(t2)
	return g, nil
}

// planList runs the rules on the candidates (every reason, no holdout
// draw) and plans the day: persons, gap, capacity and holdout (dayPlan).
func planList(ctx context.Context, st *data.Store, day clock.Day, cfg rules.Config, seed int64, cands []rules.Candidate,
	camps []rules.Campaign, now time.Time, capacity int) (rules.Plan, error) {
	rc := cfg
	rc.HoldoutShare = 0 // drawn per person by the plan, from the band that is called
	list := rules.Generate(cands, rules.Params{Date: day, Now: now, Campaigns: camps, Config: rc, Seed: seed})
	pl, err := dayPlan(ctx, st, day, cfg, seed, cands, list, capacity)
	if err != nil {
		return pl, err
	}
	for _, l := range [][]rules.Planned{pl.Shown, pl.HeldOut, pl.NoNumber} {
		if err := expandMembers(ctx, st.DB(), l); err != nil {
			return pl, err
		}
	}
	return pl, nil
}

// BuildList loads the candidates and plans day without storing anything
// (for benchmarks and previews). capacity < 0 plans every eligible person
// (Plan.Eligible ranks them; Plan.Today tells who would be on the list).
func BuildList(ctx context.Context, st *data.Store, day clock.Day, capacity int) (rules.Plan, error) {
	cfg, err := LoadConfig(ctx, st)
	if err != nil {
		return rules.Plan{}, err
	}
	if err := cfg.Validate(); err != nil {
		cfg = rules.DefaultConfig()
		cfg.Location = clock.ShopZone
	}
	seed, err := Seed(ctx, st)
	if err != nil {
		return rules.Plan{}, err
	}
	camps, err := activeCampaigns(ctx, st.DB())
	if err != nil {
		return rules.Plan{}, err
	}
	cands, err := LoadCandidates(ctx, st, day, cfg, camps)
	if err != nil {
		return rules.Plan{}, err
	}
	now := clock.Now()
	if clock.FromTime(now, clock.ShopZone) != day {
		now = time.Time{}
	}
	return planList(ctx, st, day, cfg, seed, cands, camps, now, capacity)
}

// entryBatch rows go into one INSERT: 12 values each, well under SQLite's
// limit of 32,766 variables.
const entryBatch = 200

// insertEntries stores new entries of day ds with multi-row INSERTs, bound
// through Query: the driver binds every value of a statement and steps it in
// one crossing into C.
func insertEntries(ctx context.Context, tx *sql.Tx, ds string, es []*rules.Planned) error {
	insertSQL := func(n int) string {
		var b strings.Builder
		b.WriteString(`INSERT INTO call_list(day, customer_id, reason, priority, due, detail, holdout, no_number, ref_id, phone, members, value_fen) VALUES `)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?)")
		}
		return b.String()
	}
	batch := data.NewBatchStmt(tx, entryBatch, insertSQL)
	defer batch.Close()
	args := make([]any, 0, 12*entryBatch)
	for len(es) > 0 {
		n := min(len(es), entryBatch)
		args = args[:0]
		for _, e := range es[:n] {
			args = append(args, ds, e.CustomerID, string(e.Reason), e.Priority, e.Due(clock.ShopZone), e.Detail, e.Holdout, e.NoNumber, e.RefID,
				e.Dial, formatMembers(e.Members), e.ValueFen)
		}
		es = es[n:]
		if err := batch.Run(ctx, n, args); err != nil {
			return err
		}
	}
	return nil
}

type stored struct {
	id          int64
	status      string
	holdout     bool
	reason      string
	ref         int64
	priority    int
	due, detail string
	noNumber    bool
	phone       string
	members     string
	value       int64
}

func persist(ctx context.Context, st *data.Store, day clock.Day, list rules.Plan, g *Generated) error {
	ds := day.String()
	return st.InTx(ctx, func(tx *sql.Tx) error {
		have, err := readStored(ctx, tx, ds)
		if err != nil {
			return fmt.Errorf("save call list: %w", err)
		}
		seen := make(map[int64]bool, len(have))
		fresh, err := updateStored(ctx, tx, have, seen, list, g)
		if err != nil {
			return fmt.Errorf("save call list: %w", err)
		}
		// New entries are inserted in customer order, so the (day,
		// customer_id) and customer_id indexes grow at the end or in one
		// sweep instead of at random places.
		slices.SortFunc(fresh, func(a, b *rules.Planned) int { return cmp.Compare(a.CustomerID, b.CustomerID) })
		if err := insertEntries(ctx, tx, ds, fresh); err != nil {
			return fmt.Errorf("save call list: %w", err)
		}
		g.New += len(fresh)
		// A hand-added entry of a record of a person planned under another
		// record would dial the person twice: it goes while still open.
		other := map[int64]bool{}
		for _, es := range [][]rules.Planned{list.Shown, list.HeldOut, list.NoNumber} {
			for _, e := range es {
				for _, m := range e.Members {
					if m != e.CustomerID {
						other[m] = true
					}
				}
			}
		}
		if err := removeGone(ctx, tx, ds, have, seen, other, g); err != nil {
			return fmt.Errorf("save call list: %w", err)
		}
		return tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(holdout = 0 AND no_number = 0), 0), COALESCE(SUM(holdout = 1), 0), COALESCE(SUM(no_number = 1 AND holdout = 0), 0)
			FROM call_list WHERE day = ?`, ds).Scan(&g.Shown, &g.HeldOut, &g.NoNumber)
	})
}

// readStored reads the entries already stored for day ds, by customer.
func readStored(ctx context.Context, tx *sql.Tx, ds string) (map[int64]stored, error) {
	have := map[int64]stored{}
	rows, err := tx.QueryContext(ctx, `SELECT id, customer_id, status, holdout, reason, ref_id, priority, due, detail, no_number, phone, members, value_fen
		FROM call_list WHERE day = ?`, ds)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s stored
		var cid int64
		if err := rows.Scan(&s.id, &cid, &s.status, &s.holdout, &s.reason, &s.ref, &s.priority, &s.due, &s.detail, &s.noNumber, &s.phone, &s.members, &s.value); err != nil {
			return nil, err
		}
		have[cid] = s
	}
	return have, rows.Err()
}

// updateStored brings the stored entries (have) in line with list, marks in
// seen the customers list has, and returns the entries not stored yet.
func updateStored(ctx context.Context, tx *sql.Tx, have map[int64]stored, seen map[int64]bool, list rules.Plan, g *Generated) ([]*rules.Planned, error) {
	var fresh []*rules.Planned
	upd, err := tx.PrepareContext(ctx, `UPDATE call_list SET reason = ?, priority = ?, due = ?, detail = ?, holdout = ?, no_number = ?, ref_id = ?,
		phone = ?, members = ?, value_fen = ? WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer upd.Close()
	reopen, err := tx.PrepareContext(ctx, `UPDATE call_list SET reason = ?, priority = ?, due = ?, detail = ?, holdout = 0, no_number = ?, ref_id = ?,
		phone = ?, members = ?, value_fen = ?, status = 'open', agent = '', claimed_at = '' WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer reopen.Close()
	for _, es := range [][]rules.Planned{list.Shown, list.HeldOut, list.NoNumber} {
		for i := range es {
			e := &es[i]
			seen[e.CustomerID] = true
			members := formatMembers(e.Members)
			mustCall := e.Reason == rules.ReasonComplaint || e.Reason == rules.ReasonCallback
			detail := e.Detail
			s, ok := have[e.CustomerID]
			switch {
			case !ok:
				fresh = append(fresh, e)
			case s.status == StatusOpen || s.status == StatusWorking:
				hold := s.holdout && !mustCall
				if s.reason == string(e.Reason) && s.priority == e.Priority && s.due == e.Due(clock.ShopZone) && s.detail == detail &&
					s.holdout == hold && s.noNumber == e.NoNumber && s.ref == e.RefID && s.phone == e.Dial && s.members == members && s.value == e.ValueFen {
					continue // unchanged: regenerating a large day writes only what moved
				}
				if _, err := upd.ExecContext(ctx, string(e.Reason), e.Priority, e.Due(clock.ShopZone), detail, hold, e.NoNumber, e.RefID,
					e.Dial, members, e.ValueFen, s.id); err != nil {
					return nil, err
				}
			case mustCall && (s.reason != string(e.Reason) || s.ref != e.RefID):
				// Worked earlier today, and a new promise (callback
				// set on that call) or complaint needs another call.
				if _, err := reopen.ExecContext(ctx, string(e.Reason), e.Priority, e.Due(clock.ShopZone), detail, e.NoNumber, e.RefID,
					e.Dial, members, e.ValueFen, s.id); err != nil {
					return nil, err
				}
			default:
				g.Kept++
			}
		}
	}
	return fresh, nil
}

// removeGone deletes the open entries of customers who no longer qualify
// (not in seen), and open hand-added entries of customers not to be called.
func removeGone(ctx context.Context, tx *sql.Tx, ds string, have map[int64]stored, seen, other map[int64]bool, g *Generated) error {
	var gone []string
	for cid, s := range have {
		if seen[cid] {
			continue
		}
		// Keep what was worked, the holdout draw and what a user added
		// by hand (unless the person is on the list under another record);
		// drop open entries of customers who no longer qualify.
		if s.reason == string(rules.ReasonManual) && !other[cid] {
			continue
		}
		if (s.status == StatusOpen || s.status == StatusWorking) && !s.holdout {
			gone = append(gone, strconv.FormatInt(s.id, 10))
		} else if s.status != StatusOpen && s.status != StatusWorking {
			g.Kept++
		}
	}
	for len(gone) > 0 {
		n := min(len(gone), 500)
		if _, err := tx.ExecContext(ctx, `DELETE FROM call_list WHERE id IN (`+strings.Join(gone[:n], ",")+`)`); err != nil {
			return err
		}
		g.Removed += n
		gone = gone[n:]
	}
	// Open hand-added entries go when the customer asks not to be called.
	res, err := tx.ExecContext(ctx, `DELETE FROM call_list WHERE day = ? AND reason = ? AND status IN ('open', 'working')
		AND customer_id IN (SELECT id FROM customers WHERE do_not_contact = 1 OR merged_into IS NOT NULL)`, ds, string(rules.ReasonManual))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil {
		g.Removed += int(n)
	}
	return nil
}
