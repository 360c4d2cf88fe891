package calls

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
	"huitouke/data/sqlraw"
)

// Setting keys of the day's capacity ("calls." prefix: data/calls owns them).
const (
	KeyAgents   = "calls.agents"
	KeyPerAgent = "calls.per_agent"
	// KeyExtra holds the calls pulled into one day on top of its capacity:
	// "YYYY-MM-DD N" (see PullMore).
	KeyExtra = "calls.extra"
)

// dayPlan builds the plan of day from the ranked entries of list (made
// without a holdout draw). capacity < 0 plans every eligible person.
func dayPlan(ctx context.Context, st *data.Store, day clock.Day, cfg rules.Config, seed int64, cands []rules.Candidate,
	list rules.List, capacity int) (rules.Plan, error) {
	db := st.DB()
	stored := map[int64]bool{}
	type workedEntry struct {
		id     int64
		counts bool // a call of the capacity
	}
	var worked []workedEntry
	err := sqlraw.Query(ctx, db, `SELECT customer_id, holdout, reason, status, no_number FROM call_list WHERE day = ?`, []any{day.String()},
		func(row []driver.Value) error {
			id, err := idOf(row[0])
			h, _ := sqlraw.Int(row[1])
			reason, status := rules.Reason(sqlraw.Text(row[2])), sqlraw.Text(row[3])
			nn, _ := sqlraw.Int(row[4])
			if reason != rules.ReasonManual {
				stored[id] = h != 0
			}
			if status == StatusDone || status == StatusSkipped {
				worked = append(worked, workedEntry{id, !rules.MustCall(reason) && h == 0 && nn == 0})
			}
			return err
		})
	if err != nil {
		return rules.Plan{}, fmt.Errorf("read call list: %w", err)
	}
	wrong, err := wrongNumbers(ctx, db)
	if err != nil {
		return rules.Plan{}, err
	}
	blocked, err := keysOf(ctx, db, wrong, `SELECT id FROM customers WHERE (do_not_contact = 1 OR merged_into IS NOT NULL) AND +merged_into IS NULL`)
	if err != nil {
		return rules.Plan{}, err
	}
	var recent map[string]bool
	if gap := cfg.MinGapDays; gap > 0 {
		from, to := (day - clock.Day(gap) + 1).String(), day.String()
		// Called (any outcome), deliberately skipped, or held out within the
		// gap: 1 … gap-1 days before day (a contact exactly gap days ago no
		// longer blocks; the list day itself is ignored, so planning today
		// again gives the same list).
		recent, err = keysOf(ctx, db, wrong, `SELECT customer_id FROM calls WHERE called_at >= ? AND called_at < ?
			UNION SELECT customer_id FROM call_list WHERE day >= ? AND day < ? AND (status = 'skipped' OR holdout = 1)`, from, to, from, to)
		if err != nil {
			return rules.Plan{}, err
		}
	}
	all := mergeRanked(list.Shown, list.NoNumber)
	// Persons already called today (or listed by hand) under a record that
	// no longer qualifies get no second call today; such calls still count
	// against the capacity.
	inAll := make(map[int64]bool, len(all))
	for _, e := range all {
		inAll[e.CustomerID] = true
	}
	todayQ := `SELECT customer_id FROM call_list WHERE day = ? AND reason = ?`
	todayArgs := []any{day.String(), string(rules.ReasonManual)}
	for _, w := range worked {
		if !inAll[w.id] {
			todayQ += ` UNION SELECT ` + strconv.FormatInt(w.id, 10)
			if w.counts && capacity > 0 {
				capacity--
			}
		}
	}
	manual, err := keysOf(ctx, db, wrong, todayQ, todayArgs...)
	if err != nil {
		return rules.Plan{}, err
	}
	// Only the head of the ranking can make the day: plan a head several
	// times the capacity (and every person already stored today), and look
	// further only when it did not fill the day. Below the head, the
	// eligible are counted by record (Plan.More is then an estimate).
	head := len(all)
	if capacity >= 0 {
		head = min(len(all), 4*capacity+200)
	}
	for {
		var part []rules.Entry
		tailShown, tailNone := 0, 0
		for i, e := range all {
			switch {
			case i < head:
				part = append(part, e)
			case hasStored(stored, e.CustomerID):
				part = append(part, e)
			case e.NoNumber:
				tailNone++
			default:
				tailShown++
			}
		}
		pl, err := planPart(ctx, db, day, cfg, seed, cands, part, capacity, stored, wrong, blocked, recent, manual)
		if err != nil || head == len(all) || pl.More > 0 {
			pl.More += tailShown
			pl.MoreNoNumber += tailNone
			return pl, err
		}
		head = min(len(all), head*4)
	}
}

func hasStored(stored map[int64]bool, id int64) bool {
	_, ok := stored[id]
	return ok
}

// mergeRanked merges two ranked lists into one.
func mergeRanked(a, b []rules.Entry) []rules.Entry {
	out := make([]rules.Entry, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if rules.CompareEntries(&b[0], &a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// planPart plans the ranked entries part (see rules.MakePlan).
func planPart(ctx context.Context, db *sql.DB, day clock.Day, cfg rules.Config, seed int64, cands []rules.Candidate, part []rules.Entry,
	capacity int, stored map[int64]bool, wrong, blocked, recent, manual map[string]bool) (rules.Plan, error) {
	lastPaid := make(map[int64]clock.Day, len(part))
	for _, e := range part {
		lastPaid[e.CustomerID] = 0
	}
	for i := range cands {
		if _, ok := lastPaid[cands[i].ID]; ok && cands[i].HasLastPaid {
			lastPaid[cands[i].ID] = cands[i].LastPaid
		}
	}
	in := rules.PlanInput{Date: day, Capacity: capacity, NoNumberCap: capacity, HoldoutShare: cfg.HoldoutShare, Seed: seed,
		Stored: stored, Blocked: blocked, Recent: recent, Manual: manual}
	ids := make([]int64, 0, len(lastPaid))
	for id := range lastPaid {
		ids = append(ids, id)
	}
	var err error
	if in.Contact, err = contacts(ctx, db, ids, wrong); err != nil {
		return rules.Plan{}, err
	}
	for id, lp := range lastPaid {
		if c, ok := in.Contact[id]; ok {
			c.LastPaid = lp
			in.Contact[id] = c
		}
	}
	return rules.MakePlan(part, nil, in), nil
}

// wrongNumbers are the normalized numbers found wrong on any record.
func wrongNumbers(ctx context.Context, db *sql.DB) (map[string]bool, error) {
	out := map[string]bool{}
	err := sqlraw.Query(ctx, db, `SELECT normalized FROM customer_phones WHERE wrong = 1 AND normalized <> ''`, nil, func(row []driver.Value) error {
		out[sqlraw.Text(row[0])] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read wrong numbers: %w", err)
	}
	return out, nil
}

// phoneKey is the contact key of a full number, "" when it is masked, too
// short or found wrong.
func phoneKey(normalized string, wrong map[string]bool) string {
	if len(normalized) < 7 || wrong[normalized] || strings.ContainsAny(normalized, "*xX") {
		return ""
	}
	return "p:" + normalized
}

// emailKey is the contact key of a full e-mail address, "" when masked or not one.
func emailKey(email string) string {
	e := strings.ToLower(strings.TrimSpace(email))
	if !strings.Contains(e, "@") || strings.Contains(e, "*") {
		return ""
	}
	return "e:" + e
}

// contacts reads the contact keys and the numbers to dial of the customers
// ids, 500 at a time.
func contacts(ctx context.Context, db *sql.DB, ids []int64, wrong map[string]bool) (map[int64]rules.Contact, error) {
	out := make(map[int64]rules.Contact, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		in := idList(ids[:n])
		ids = ids[n:]
		err := sqlraw.Query(ctx, db, `SELECT customer_id, normalized FROM customer_phones
			WHERE customer_id IN (`+in+`) AND masked = 0 AND normalized <> '' AND wrong = 0 ORDER BY customer_id, rowid`, nil,
			func(row []driver.Value) error {
				id, err := idOf(row[0])
				if err != nil {
					return err
				}
				num := sqlraw.Text(row[1])
				if k := phoneKey(num, wrong); k != "" {
					c := out[id]
					c.Keys, c.Dial = append(c.Keys, k), append(c.Dial, num)
					out[id] = c
				}
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("read phones: %w", err)
		}
		err = sqlraw.Query(ctx, db, `SELECT id, email FROM customers WHERE id IN (`+in+`) AND email <> ''`, nil, func(row []driver.Value) error {
			id, err := idOf(row[0])
			if err != nil {
				return err
			}
			if k := emailKey(sqlraw.Text(row[1])); k != "" {
				c := out[id]
				c.Keys = append(c.Keys, k)
				out[id] = c
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read e-mails: %w", err)
		}
	}
	return out, nil
}

// keysOf is the set of contact keys of the customers q selects (wrong
// numbers left out: they link nobody).
func keysOf(ctx context.Context, db *sql.DB, wrong map[string]bool, q string, args ...any) (map[string]bool, error) {
	var ids []int64
	err := sqlraw.Query(ctx, db, q, args, func(row []driver.Value) error {
		id, err := idOf(row[0])
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	cs, err := contacts(ctx, db, ids, wrong)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, c := range cs {
		for _, k := range c.Keys {
			out[k] = true
		}
	}
	return out, nil
}

// expandMembers adds to each planned person the customer records outside
// the day's candidates that share one of its full numbers or e-mails (a JD
// record with no reason today is still the person), merged-away ones left out.
func expandMembers(ctx context.Context, db *sql.DB, ps []rules.Planned) error {
	for i := range ps {
		p := &ps[i]
		var phones, emails []any
		for _, k := range p.Keys {
			switch k[:2] {
			case "p:":
				phones = append(phones, k[2:])
			case "e:":
				emails = append(emails, k[2:])
			}
		}
		if len(phones)+len(emails) == 0 {
			continue
		}
		have := map[int64]bool{}
		for _, m := range p.Members {
			have[m] = true
		}
		var parts []string
		var args []any
		if len(phones) > 0 {
			parts = append(parts, `SELECT p.customer_id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
				WHERE p.normalized IN (`+placeholders(len(phones))+`) AND p.normalized <> '' AND p.masked = 0 AND +c.merged_into IS NULL`)
			args = append(args, phones...)
		}
		if len(emails) > 0 {
			parts = append(parts, `SELECT id FROM customers WHERE email IN (`+placeholders(len(emails))+`) AND email <> '' AND +merged_into IS NULL`)
			args = append(args, emails...)
		}
		q := strings.Join(parts, " UNION ") + ` ORDER BY 1`
		err := sqlraw.Query(ctx, db, q, args, func(row []driver.Value) error {
			id, err := idOf(row[0])
			if err == nil && !have[id] {
				have[id] = true
				p.Members = append(p.Members, id)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("read person's records: %w", err)
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// formatMembers and parseMembers store a person's records in call_list.members.
func formatMembers(ids []int64) string { return idList(ids) }

func parseMembers(s string) []int64 {
	if s == "" {
		return nil
	}
	f := strings.Split(s, ",")
	out := make([]int64, 0, len(f))
	for _, x := range f {
		if id, err := strconv.ParseInt(x, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// extraFor is how many calls were pulled into day on top of its capacity.
func extraFor(ctx context.Context, st *data.Store, day clock.Day) (int, error) {
	v, err := st.Setting(ctx, KeyExtra, "")
	if err != nil {
		return 0, err
	}
	d, n, ok := strings.Cut(v, " ")
	if !ok || d != day.String() {
		return 0, nil
	}
	k, err := strconv.Atoi(n)
	if err != nil || k < 0 {
		return 0, nil
	}
	return k, nil
}

// PullMore adds the next n eligible calls to day's list (the capacity of that
// day grows by n) and regenerates the list.
func PullMore(ctx context.Context, st *data.Store, day clock.Day, n int) (Generated, error) {
	if err := addExtra(ctx, st, day, n); err != nil {
		return Generated{Day: day}, err
	}
	return GenerateDay(ctx, st, day)
}

// addExtra grows day's capacity by n (n ≤ 0: nothing).
func addExtra(ctx context.Context, st *data.Store, day clock.Day, n int) error {
	if n <= 0 {
		return nil
	}
	have, err := extraFor(ctx, st, day)
	if err != nil {
		return err
	}
	if err := st.SetSetting(ctx, KeyExtra, fmt.Sprintf("%s %d", day, have+n)); err != nil {
		return fmt.Errorf("pull more calls: %w", err)
	}
	return nil
}

// EligibleItem is an eligible person of a day and whether it is on the day's list.
type EligibleItem struct {
	Item
	Today bool
}

// Eligible lists every person eligible for a call on day, ranked as the
// list is (urgency, then value), each telling whether it is on day's stored
// list. The day's list is generated first when none is stored.
func Eligible(ctx context.Context, st *data.Store, day clock.Day) ([]EligibleItem, error) {
	if _, err := EnsureStats(ctx, st, day); err != nil {
		return nil, err
	}
	have, err := DayExists(ctx, st, day)
	if err != nil {
		return nil, err
	}
	if !have {
		if _, err := GenerateDay(ctx, st, day); err != nil {
			return nil, err
		}
	}
	onList := map[int64]bool{}
	items, err := ListDay(ctx, st, day, KindAll)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if !it.Holdout && !it.NoNumber { // called today
			for _, m := range it.Members {
				onList[m] = true
			}
		}
	}
	pl, err := BuildList(ctx, st, day, -1)
	if err != nil {
		return nil, err
	}
	out := make([]EligibleItem, 0, len(pl.Eligible))
	for _, p := range pl.Eligible {
		it := Item{CustomerID: p.CustomerID, Day: day, Reason: p.Reason, Priority: p.Priority, Due: p.Due(clock.ShopZone),
			Detail: p.Detail, RefID: p.RefID, NoNumber: p.Dial == "", Dial: p.Dial, Members: p.Members, ValueFen: p.ValueFen,
			RevenueFen: p.RevenueFen, Status: StatusOpen}
		today := false
		for _, m := range p.Members {
			today = today || onList[m]
		}
		out = append(out, EligibleItem{Item: it, Today: today})
	}
	return out, nil
}
