package calls

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"huitouke/data"
	"huitouke/data/calls/rules"
	"huitouke/data/clock"
)

// Campaign is one row of the campaigns table.
type Campaign struct {
	ID       int64
	Name     string
	Day      clock.Day
	Segments []string // lifecycle segment keys
	Active   bool
}

// Campaigns lists every campaign, by date.
func Campaigns(ctx context.Context, st *data.Store) ([]Campaign, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT id, name, day, segments, active FROM campaigns ORDER BY day, id`)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		var c Campaign
		var day, segs string
		if err := rows.Scan(&c.ID, &c.Name, &day, &segs, &c.Active); err != nil {
			return nil, fmt.Errorf("list campaigns: %w", err)
		}
		d, err := clock.ParseDay(day)
		if err != nil {
			continue // a hand-edited bad date: skip rather than fail the list
		}
		c.Day = d
		c.Segments = splitSegments(segs)
		out = append(out, c)
	}
	return out, rows.Err()
}

func splitSegments(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// SaveCampaign inserts c (ID 0) or updates it, and returns its ID.
func SaveCampaign(ctx context.Context, st *data.Store, c Campaign) (int64, error) {
	name := strings.TrimSpace(c.Name)
	if name == "" {
		return 0, fmt.Errorf("save campaign: %w: empty name", ErrBadCampaign)
	}
	segs := strings.Join(c.Segments, ",")
	db := st.DB()
	if c.ID == 0 {
		res, err := db.ExecContext(ctx, `INSERT INTO campaigns(name, day, segments, active) VALUES (?, ?, ?, ?)`,
			name, c.Day.String(), segs, c.Active)
		if err != nil {
			return 0, fmt.Errorf("save campaign: %w", err)
		}
		return res.LastInsertId()
	}
	if _, err := db.ExecContext(ctx, `UPDATE campaigns SET name = ?, day = ?, segments = ?, active = ? WHERE id = ?`,
		name, c.Day.String(), segs, c.Active, c.ID); err != nil {
		return 0, fmt.Errorf("save campaign: %w", err)
	}
	return c.ID, nil
}

// DeleteCampaign removes a campaign.
func DeleteCampaign(ctx context.Context, st *data.Store, id int64) error {
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM campaigns WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete campaign: %w", err)
	}
	return nil
}

// ErrBadCampaign: a campaign without a name.
var ErrBadCampaign = fmt.Errorf("calls: invalid campaign")

// Preset is a well-known shopping festival the campaign editor offers.
type Preset struct {
	Key          string // "1111", "1212", "618"
	NameZh       string
	NameEn       string
	Month, DayOf int
}

// Presets are the big Chinese e-commerce festivals. Their default targets
// are the customers worth reminding: active buyers and the recently quiet.
var Presets = []Preset{
	{"618", "618年中大促", "618 mid-year sale", 6, 18},
	{"1111", "双11", "Singles' Day 11.11", 11, 11},
	{"1212", "双12", "Double 12 sale", 12, 12},
}

// PresetSegments are the segments a preset campaign targets by default.
var PresetSegments = []string{rules.SegmentActive, rules.SegmentCooling, rules.SegmentDormantHigh}

// NextDay is the preset's next date on or after from.
func (p Preset) NextDay(from clock.Day) clock.Day {
	y, _, _ := from.Date()
	d := clock.DayOf(y, monthOf(p.Month), p.DayOf)
	if d < from {
		d = clock.DayOf(y+1, monthOf(p.Month), p.DayOf)
	}
	return d
}

// activeCampaigns converts the active campaigns for the rules engine.
func activeCampaigns(ctx context.Context, db *sql.DB) ([]rules.Campaign, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, day, segments FROM campaigns WHERE active = 1`)
	if err != nil {
		return nil, fmt.Errorf("load campaigns: %w", err)
	}
	defer rows.Close()
	var out []rules.Campaign
	for rows.Next() {
		var name, day, segs string
		if err := rows.Scan(&name, &day, &segs); err != nil {
			return nil, err
		}
		d, err := clock.ParseDay(day)
		if err != nil {
			continue
		}
		out = append(out, rules.Campaign{Name: name, Day: d, Segments: splitSegments(segs)})
	}
	return out, rows.Err()
}
