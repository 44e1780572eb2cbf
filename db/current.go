package db

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The current yearly values, read from the summary current_series (migrations/0017, kept from current_yearly of
// migrations/0015 by the triggers that keep that in step with observations): the rows of YearlyObservations
// and YearlyOfIndicator that are current (Vintage == Vintages), for the pages that draw today's values of many
// series (the overview, the provincial map). A series is one row, its years, values, flags, sources, vintage
// counts, notes and quotes in arrays ordered by year (flags, notes and quotes NULL when it has none): the overview reads one row per indicator (the index
// current_series_region), the map one per region (the primary key). The rows carry their sources' ids; the
// sources are read after them (currentSources). See docs/performance.md.
const currentColumns = `indicator, region, years, vals, flags, source_ids, vintages, notes, quotes`

// currentSources are the sources of the current rows, read after them in the same snapshot: the rows carry the
// source's id alone, so that neither a join nor 22,619 copies of each source's text (the overview's rows at
// the scale of docs/performance.md) are made for the few hundred sources they cite.
const currentSources = `SELECT id, title, publisher, url, published, standing FROM sources WHERE id = ANY($1)`

// The statements of the current yearly values: of every indicator in a region, of one indicator everywhere.
const (
	currentOfRegion    = `SELECT ` + currentColumns + ` FROM current_series WHERE region = $1 ORDER BY indicator`
	currentOfIndicator = `SELECT ` + currentColumns + ` FROM current_series WHERE indicator = $1 ORDER BY region`
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

// currentSeries is one row of current_series.
type currentSeries struct {
	indicator, region       string
	years                   []int16
	vals, flags, notes, qts []string
	sources                 []int64
	vintages                []int32
}

// currentRows reads the series of stmt, then their sources, and gives each year of each series its row.
func currentRows(ctx context.Context, q querier, stmt, key string) ([]Observation, error) {
	rows, err := q.Query(ctx, stmt, key)
	if err != nil {
		return nil, err
	}
	var series []currentSeries
	n := 0
	defer rows.Close()
	for rows.Next() {
		var cs currentSeries
		if err := scanSeries(rows, &cs); err != nil {
			return nil, err
		}
		if k := len(cs.years); len(cs.vals) != k || len(cs.sources) != k || len(cs.vintages) != k ||
			!lenOrNil(cs.flags, k) || !lenOrNil(cs.notes, k) || !lenOrNil(cs.qts, k) {
			return nil, fmt.Errorf("series %s/%s: arrays of different lengths", cs.indicator, cs.region)
		}
		series = append(series, cs)
		n += len(cs.years)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	byID, err := currentSourcesOf(ctx, q, series)
	if err != nil {
		return nil, err
	}
	// Each series' rows go to their place in out, the two halves of the series on two goroutines (the
	// machines of docs/performance.md have two cores; 22,619 rows of 216 bytes on the overview).
	out := make([]Observation, n)
	starts := make([]int, len(series))
	for i, at := 1, 0; i < len(series); i++ {
		at += len(series[i-1].years)
		starts[i] = at
	}
	half := len(series) / 2
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for g, part := range [][]currentSeries{series[:half], series[half:]} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[g] = expand(part, byID, out[starts[g*half]:])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// expand writes the rows of series into out, in order.
func expand(series []currentSeries, byID map[int64]Source, out []Observation) error {
	k := 0
	var src Source
	for _, cs := range series {
		for i, y := range cs.years {
			if id := cs.sources[i]; id != src.ID || k == 0 {
				var ok bool
				if src, ok = byID[id]; !ok {
					return fmt.Errorf("source %d of a current row is not in sources", id)
				}
			}
			v := int(cs.vintages[i])
			out[k] = Observation{Indicator: cs.indicator, Region: cs.region, Year: int(y), Value: cs.vals[i],
				Flag: at(cs.flags, i), Note: at(cs.notes, i), Quote: at(cs.qts, i), Source: src, Vintage: v, Vintages: v}
			k++
		}
	}
	return nil
}

// lenOrNil reports whether a is NULL (a series with no flag, note or quote: migrations/0018) or has n elements.
func lenOrNil(a []string, n int) bool { return a == nil || len(a) == n }

// at is a[i], or "" when a is NULL.
func at(a []string, i int) string {
	if a == nil {
		return ""
	}
	return a[i]
}

// currentSourcesOf reads the sources the series cite, by id.
func currentSourcesOf(ctx context.Context, q querier, series []currentSeries) (map[int64]Source, error) {
	ids := []int64{}
	seen := map[int64]bool{}
	for _, cs := range series {
		for _, id := range cs.sources {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
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
	return byID, nil
}
