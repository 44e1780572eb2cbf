package db

import (
	"context"
	"fmt"
)

// The current yearly values, read from the summary current_yearly (migrations/0015), which triggers keep in
// step with observations: the rows of YearlyObservations and YearlyOfIndicator that are current (Vintage ==
// Vintages), for the pages that draw today's values of many series (the overview, the provincial map). Each
// read is one index-only scan of a small table: current_yearly_region for a region, the primary key for an
// indicator. Notes and quotes, kept out of the indexes, come from observations by id for the rows that have
// one (noted); the lateral subquery's condition on c.noted is a one-time filter, so no other row looks there.
// See docs/performance.md.
func currentSelect(filter string) string {
	return `
		SELECT c.indicator, c.region, c.year, 0, c.value::text, c.flag, coalesce(t.note, ''), coalesce(t.quote, ''),
		       s.id, s.title, s.publisher, s.url, s.published, s.standing, c.vintages, c.vintages
		FROM current_yearly c
		JOIN sources s ON s.id = c.source_id
		LEFT JOIN LATERAL (SELECT o.note, o.quote FROM observations o WHERE c.noted AND o.id = c.observation_id OFFSET 0) t ON true
		WHERE ` + filter + `
		ORDER BY c.indicator, c.region, c.year`
}

// The statements of the current yearly values: of every indicator in a region, of one indicator everywhere.
var (
	currentOfRegion    = currentSelect("c.region = $1")
	currentOfIndicator = currentSelect("c.indicator = $1")
)

// CurrentYearly returns the current yearly value of every indicator in a region (every year), ordered by
// indicator and year: YearlyObservations(ctx, region, "") without the earlier vintages.
func (d *DB) CurrentYearly(ctx context.Context, region string) ([]Observation, error) {
	return currentYearly(ctx, d.pool, currentOfRegion, region)
}

// CurrentYearly is DB.CurrentYearly as of the view.
func (v *View) CurrentYearly(ctx context.Context, region string) ([]Observation, error) {
	return currentYearly(ctx, v.tx, currentOfRegion, region)
}

// CurrentYearlyOfIndicator returns the current yearly values of one indicator in every region, ordered by
// region and year: YearlyOfIndicator(ctx, code, "") without the earlier vintages.
func (d *DB) CurrentYearlyOfIndicator(ctx context.Context, code string) ([]Observation, error) {
	return currentYearly(ctx, d.pool, currentOfIndicator, code)
}

// CurrentYearlyOfIndicator is DB.CurrentYearlyOfIndicator as of the view.
func (v *View) CurrentYearlyOfIndicator(ctx context.Context, code string) ([]Observation, error) {
	return currentYearly(ctx, v.tx, currentOfIndicator, code)
}

func currentYearly(ctx context.Context, q querier, stmt, key string) ([]Observation, error) {
	rows, err := q.Query(ctx, stmt, key)
	if err != nil {
		return nil, fmt.Errorf("list current yearly values of %q: %w", key, err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("list current yearly values of %q: %w", key, err)
	}
	return out, nil
}
