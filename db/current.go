package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The current yearly values, read from the summary current_yearly (migrations/0015), which triggers keep in
// step with observations: the rows of YearlyObservations and YearlyOfIndicator that are current (Vintage ==
// Vintages), for the pages that draw today's values of many series (the overview, the provincial map). Each
// read is one index-only scan of a small table: current_yearly_region for a region, the primary key for an
// indicator. Notes and quotes, kept out of the indexes, come from observations by id for the rows that have
// one (noted); the lateral subquery's condition on c.noted is a one-time filter, so no other row looks there.
// The rows carry their source's id; the sources are read after them (currentSources). See docs/performance.md.
func currentSelect(filter string) string {
	return `
		SELECT c.indicator, c.region, c.year, 0, c.value::text, c.flag, coalesce(t.note, ''), coalesce(t.quote, ''),
		       c.source_id, '', '', '', '', '', c.vintages, c.vintages
		FROM current_yearly c
		LEFT JOIN LATERAL (SELECT o.note, o.quote FROM observations o WHERE c.noted AND o.id = c.observation_id OFFSET 0) t ON true
		WHERE ` + filter + `
		ORDER BY c.indicator, c.region, c.year`
}

// currentSources are the sources of the current rows, read after them in the same snapshot: the rows carry the
// source's id alone, so that neither a join nor 22,619 copies of each source's text (the overview's rows at
// the scale of docs/performance.md) are made for the few hundred sources they cite.
const currentSources = `SELECT id, title, publisher, url, published, standing FROM sources WHERE id = ANY($1)`

// The statements of the current yearly values: of every indicator in a region, of one indicator everywhere.
var (
	currentOfRegion    = currentSelect("c.region = $1")
	currentOfIndicator = currentSelect("c.indicator = $1")
)

// CurrentYearly returns the current yearly value of every indicator in a region (every year), ordered by
// indicator and year: YearlyObservations(ctx, region, "") without the earlier vintages.
func (d *DB) CurrentYearly(ctx context.Context, region string) ([]Observation, error) {
	return currentYearlyOnce(ctx, d.pool, currentOfRegion, region)
}

// CurrentYearly is DB.CurrentYearly as of the view.
func (v *View) CurrentYearly(ctx context.Context, region string) ([]Observation, error) {
	return currentYearly(ctx, v.tx, currentOfRegion, region)
}

// CurrentYearlyOfIndicator returns the current yearly values of one indicator in every region, ordered by
// region and year: YearlyOfIndicator(ctx, code, "") without the earlier vintages.
func (d *DB) CurrentYearlyOfIndicator(ctx context.Context, code string) ([]Observation, error) {
	return currentYearlyOnce(ctx, d.pool, currentOfIndicator, code)
}

// CurrentYearlyOfIndicator is DB.CurrentYearlyOfIndicator as of the view.
func (v *View) CurrentYearlyOfIndicator(ctx context.Context, code string) ([]Observation, error) {
	return currentYearly(ctx, v.tx, currentOfIndicator, code)
}

func currentYearly(ctx context.Context, q querier, stmt, key string) ([]Observation, error) {
	out, err := currentRows(ctx, q, stmt, key)
	if err != nil {
		return nil, fmt.Errorf("list current yearly values of %q: %w", key, err)
	}
	return out, nil
}

// currentYearlyOnce is currentYearly in one read-only snapshot of its own (the rows and their sources).
func currentYearlyOnce(ctx context.Context, pool *pgxpool.Pool, stmt, key string) ([]Observation, error) {
	var out []Observation
	err := pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		out, err = currentYearly(ctx, tx, stmt, key)
		return err
	})
	return out, err
}

// currentRows reads the rows of stmt, then their sources.
func currentRows(ctx context.Context, q querier, stmt, key string) ([]Observation, error) {
	rows, err := q.Query(ctx, stmt, key)
	if err != nil {
		return nil, err
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	seen := map[int64]bool{}
	for i := range out {
		if id := out[i].Source.ID; !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	srows, err := q.Query(ctx, currentSources, ids)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	byID := make(map[int64]Source, len(ids))
	var src Source
	if _, err := pgx.ForEachRow(srows, []any{&src.ID, &src.Title, &src.Publisher, &src.URL, &src.Published, &src.Standing}, func() error {
		byID[src.ID] = src
		return nil
	}); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	for i := range out {
		s, ok := byID[out[i].Source.ID]
		if !ok {
			return nil, fmt.Errorf("source %d of a current row is not in sources", out[i].Source.ID)
		}
		out[i].Source = s
	}
	return out, nil
}
