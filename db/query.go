package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// indicatorByCode is the statement of Indicator.
const (
	indicatorByCode = `SELECT ` + indicatorColumns + ` FROM indicators WHERE code = $1`
	indicatorsAll   = `SELECT ` + indicatorColumns + ` FROM indicators ORDER BY sort_order, code`
)

const indicatorColumns = `code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
	category, direction, precision, measure, coalesce(break_year, 0), break_note_en, break_note_zh, sort_order`

func scanIndicator(row pgx.Row, in *Indicator) error {
	return row.Scan(&in.Code, &in.NameEN, &in.NameZH, &in.Unit, &in.UnitZH, &in.DefinitionEN,
		&in.DefinitionZH, &in.Category, &in.Direction, &in.Precision, &in.Measure, &in.BreakYear,
		&in.BreakNoteEN, &in.BreakNoteZH, &in.SortOrder)
}

// querier runs a statement on the pool or within a transaction (a Snapshot's): each read below is one
// function of a querier, which the *DB method and the Snapshot method of the same name both call, so the
// two paths run the same statement.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Indicators lists every indicator in display order.
func (d *DB) Indicators(ctx context.Context) ([]Indicator, error) { return indicators(ctx, d.pool) }

func indicators(ctx context.Context, q querier) ([]Indicator, error) {
	rows, err := q.Query(ctx, indicatorsAll)
	if err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		var in Indicator
		if err := scanIndicator(rows, &in); err != nil {
			return nil, fmt.Errorf("scan indicator: %w", err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list indicators: %w", err)
	}
	return out, nil
}

// Indicator returns one indicator, or ErrNotFound.
func (d *DB) Indicator(ctx context.Context, code string) (Indicator, error) {
	return indicator(ctx, d.pool, code)
}

func indicator(ctx context.Context, q querier, code string) (Indicator, error) {
	var in Indicator
	err := scanIndicator(q.QueryRow(ctx, indicatorByCode, code), &in)
	if errors.Is(err, pgx.ErrNoRows) {
		return in, fmt.Errorf("indicator %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return in, fmt.Errorf("get indicator %q: %w", code, err)
	}
	return in, nil
}

// Observations returns every vintage of an indicator's values in a region
// (all indicators when code is empty, all regions when region is empty),
// ordered by indicator, region, period and vintage.
//
// Vintages are ranked as the view observation_vintages ranks them, but over the
// rows of the asked series only: each case is its own statement, so the filter
// reaches an index before the window function runs. One statement with optional
// filters ("$1 is empty or matches") cannot use an index in a generic plan, and
// pgx prepares statements: PostgreSQL switches such a statement to its generic
// plan, a full scan of the table, once a few calls for every indicator have made
// the custom plans look expensive.
//
// Rows without note and quote (nearly all) come from the covering index
// observations_series_plain by an index-only scan: a series loaded release by
// release has each row on its own heap page, and reading 500 pages from disk is
// what a cold page would wait for. The few rows with text come from the heap.
// See migrations/0005 and docs/performance.md.
//
// asOf keeps the vintages published by that day (see record.PublishedBy), ranked among themselves; "" keeps
// all. The filter is on the sources (a small table) and joins the rows the index gave before the window ranks
// them, so the plan stays the index scan of the series (docs/performance.md).
func (d *DB) Observations(ctx context.Context, code, region string, asOf AsOf) ([]Observation, error) {
	return observations(ctx, d.pool, code, region, asOf)
}

func observations(ctx context.Context, q querier, code, region string, asOf AsOf) ([]Observation, error) {
	var rows pgx.Rows
	var err error
	switch {
	case code != "" && region != "":
		rows, err = q.Query(ctx, observationsOfSeries, code, region, asOf)
	case code != "":
		rows, err = q.Query(ctx, observationsOfIndicator, code, asOf)
	case region != "":
		rows, err = q.Query(ctx, observationsOfRegion, region, asOf)
	default:
		rows, err = q.Query(ctx, observationsAll, asOf)
	}
	if err != nil {
		return nil, fmt.Errorf("list observations of %q in %q: %w", code, region, err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("list observations of %q in %q: %w", code, region, err)
	}
	return out, nil
}

// scanObservations reads the rows of the statements of Observations and closes them.
func scanObservations(rows pgx.Rows) ([]Observation, error) {
	defer rows.Close()
	// The rows go into chunks that double, joined once at the end: appending to one slice of 22,589 rows (the
	// overview's, docs/performance.md) copied and cleared it at every growth, most of the read's CPU.
	var full [][]Observation
	chunk := make([]Observation, 0, 64)
	n := 0
	seen := scanSeen{sources: map[string]Source{}}
	for rows.Next() {
		if len(chunk) == cap(chunk) {
			full = append(full, chunk)
			chunk = make([]Observation, 0, min(2*cap(chunk), 8192))
		}
		chunk = chunk[:len(chunk)+1]
		o := &chunk[len(chunk)-1]
		if err := scanObservation(rows, o, &seen); err != nil {
			return nil, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	if len(full) == 0 {
		return chunk, nil
	}
	out := make([]Observation, 0, n)
	for _, c := range append(full, chunk) {
		out = append(out, c...)
	}
	return out, nil
}

// scanSeen is what scanObservations has read before: the last row's indicator and region, and every source by
// the raw bytes of its id. A column equal to what was read is not scanned again (pgx skips a nil destination),
// so that the rows of a series share one string of each instead of allocating it per row.
type scanSeen struct {
	indicator, region string
	sources           map[string]Source
}

// scanObservation scans the current row into o.
func scanObservation(rows pgx.Rows, o *Observation, seen *scanSeen) error {
	dest := [...]any{&o.Indicator, &o.Region, &o.Year, &o.Month, &o.Value, &o.Flag, &o.Note, &o.Quote,
		&o.Source.ID, &o.Source.Title, &o.Source.Publisher, &o.Source.URL, &o.Source.Published, &o.Source.Standing,
		&o.Vintage, &o.Vintages}
	raw := rows.RawValues()
	sameIndicator := raw[0] != nil && string(raw[0]) == seen.indicator
	sameRegion := raw[1] != nil && string(raw[1]) == seen.region
	if sameIndicator {
		dest[0] = nil
	}
	if sameRegion {
		dest[1] = nil
	}
	src, known := seen.sources[string(raw[8])]
	if known {
		dest[9], dest[10], dest[11], dest[12], dest[13] = nil, nil, nil, nil, nil
	}
	if err := rows.Scan(dest[:]...); err != nil {
		return fmt.Errorf("scan observation: %w", err)
	}
	if sameIndicator {
		o.Indicator = seen.indicator
	}
	if sameRegion {
		o.Region = seen.region
	}
	if known {
		o.Source = src
	} else {
		seen.sources[string(raw[8])] = o.Source
	}
	seen.indicator, seen.region = o.Indicator, o.Region
	return nil
}

// The statements of Observations, one per filter.
var (
	observationsOfSeries    = observationsWhere("o.indicator = $1 AND o.region = $2", "$3")
	observationsOfIndicator = observationsWhere("o.indicator = $1", "$2")
	observationsOfRegion    = observationsWhere("o.region = $1", "$2")
	observationsAll         = observationsWhere("true", "$1")
)

// observationsWhere is the statement of Observations for the rows that match filter, ranked as the view
// observation_vintages (migrations/0001) ranks them. The branch without text matches the predicate of the
// covering index observations_series_plain, the other that of observations_series_text (migrations/0005).
// asOf is the parameter of the as-of date.
func observationsWhere(filter, asOf string) string {
	return observationsSelect(filter, asOf) + `
		ORDER BY o.indicator, o.region, o.year, o.month, vintage`
}

// observationsSelect is observationsWhere without the order.
func observationsSelect(filter, asOf string) string {
	return fmt.Sprintf(`
		SELECT o.indicator, o.region, o.year, o.month, o.value::text, o.flag, o.note, o.quote,
		       s.id, s.title, s.publisher, s.url, s.published, s.standing,
		       row_number() OVER w AS vintage,
		       count(*) OVER (PARTITION BY o.indicator, o.region, o.year, o.month) AS vintages
		FROM (SELECT id, indicator, region, year, month, value, flag, '' AS note, '' AS quote, source_id
		      FROM observations o
		      WHERE note = '' AND quote = '' AND %[1]s
		      UNION ALL
		      SELECT id, indicator, region, year, month, value, flag, note, quote, source_id
		      FROM observations o
		      WHERE (note <> '' OR quote <> '') AND %[1]s) o
		JOIN sources s ON s.id = o.source_id
		WHERE %[2]s
		WINDOW w AS (PARTITION BY o.indicator, o.region, o.year, o.month ORDER BY s.published, o.id)`,
		filter, publishedBy("s.published", asOf))
}

// YearlyObservations returns every vintage of the yearly values (month 0) of every indicator in a region
// (all regions when region is empty), ranked and ordered as Observations ranks and orders them: the rows of
// Observations("", region) whose month is 0. It is what the overview needs, which draws years only.
//
// A yearly row is one in fourteen at most (monthly series), and the rows of a region lie on every page of the
// table, so the statement reads series by series: for each indicator, an index scan of its series (indicator
// and region lead the indexes; month is checked in the index, so no monthly row is fetched). On a large table
// that is an index-only scan of the covering index of migrations/0005, as for one indicator page. The window
// is computed inside the lateral subquery, which PostgreSQL cannot flatten into a join, so the plan stays a
// loop over the indicators whatever the statistics say. See docs/performance.md.
//
// asOf is as in Observations.
func (d *DB) YearlyObservations(ctx context.Context, region string, asOf AsOf) ([]Observation, error) {
	return yearlyObservations(ctx, d.pool, region, asOf)
}

func yearlyObservations(ctx context.Context, q querier, region string, asOf AsOf) ([]Observation, error) {
	var rows pgx.Rows
	var err error
	if region != "" {
		rows, err = q.Query(ctx, yearlyOfRegion, region, asOf)
	} else {
		rows, err = q.Query(ctx, yearlyAll, asOf)
	}
	if err != nil {
		return nil, fmt.Errorf("list yearly observations in %q: %w", region, err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("list yearly observations in %q: %w", region, err)
	}
	return out, nil
}

// The statements of YearlyObservations, one per filter: the series of each indicator (i.code).
var (
	yearlyOfRegion = yearlyWhere("o.indicator = i.code AND o.region = $1 AND o.month = 0", "$2")
	yearlyAll      = yearlyWhere("o.indicator = i.code AND o.month = 0", "$1")
)

func yearlyWhere(filter, asOf string) string {
	return `
		SELECT y.* FROM indicators i CROSS JOIN LATERAL (` + observationsSelect(filter, asOf) + `) y
		ORDER BY y.indicator, y.region, y.year, y.month, y.vintage`
}

// Targets returns the targets of an indicator (all when code is empty),
// ordered by indicator, year and document; with asOf, those issued by then (TargetIssued, PublishedBy).
func (d *DB) Targets(ctx context.Context, code string, asOf AsOf) ([]Target, error) {
	return targets(ctx, d.pool, code, asOf)
}

// The statements of targets: of one indicator, and all; the last parameter is the as-of date, which keeps the
// targets issued by then (TargetIssued and PublishedBy in SQL).
const (
	targetsSelect = `
		SELECT t.id, t.indicator, t.region, t.year, t.value::text, t.kind, coalesce(t.base_year, 0),
		       t.binding, t.plan, t.document, t.document_zh, t.issuer, t.issued, t.flag, t.note, t.quote,
		       s.id, s.title, s.publisher, s.url, s.published, s.standing
		FROM targets t JOIN sources s ON s.id = t.source_id`
	targetsOrder = `
		ORDER BY t.indicator, t.region, t.year, t.kind, t.document`
	targetIssued = `coalesce(nullif(t.issued, ''), s.published)`
)

var (
	targetsOfIndicator = targetsSelect + `
		WHERE t.indicator = $1 AND ` + publishedBy(targetIssued, "$2") + targetsOrder
	targetsAll = targetsSelect + `
		WHERE ` + publishedBy(targetIssued, "$1") + targetsOrder
)

func targets(ctx context.Context, q querier, code string, asOf AsOf) ([]Target, error) {
	var rows pgx.Rows
	var err error
	if code != "" {
		rows, err = q.Query(ctx, targetsOfIndicator, code, asOf)
	} else {
		rows, err = q.Query(ctx, targetsAll, asOf)
	}
	if err != nil {
		return nil, fmt.Errorf("list targets of %q: %w", code, err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.ID, &t.Indicator, &t.Region, &t.Year, &t.Value, &t.Kind, &t.BaseYear,
			&t.Binding, &t.Plan, &t.Document, &t.DocumentZH, &t.Issuer, &t.Issued, &t.Flag, &t.Note, &t.Quote,
			&t.Source.ID, &t.Source.Title, &t.Source.Publisher, &t.Source.URL, &t.Source.Published,
			&t.Source.Standing); err != nil {
			return nil, fmt.Errorf("scan target: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list targets of %q: %w", code, err)
	}
	return out, nil
}

// Events returns every policy event by date; with asOf, those of that day or before.
func (d *DB) Events(ctx context.Context, asOf AsOf) ([]Event, error) {
	return events(ctx, d.pool, asOf)
}

var eventsAll = `
		SELECT e.id, e.date, e.title_en, e.title_zh, e.issuer, coalesce(e.indicator, ''),
		       s.id, s.title, s.publisher, s.url, s.published, s.standing
		FROM events e LEFT JOIN sources s ON s.id = e.source_id
		WHERE ` + publishedBy(`to_char(e.date, 'YYYY-MM-DD')`, "$1") + `
		ORDER BY e.date, e.title_en`

func events(ctx context.Context, q querier, asOf AsOf) ([]Event, error) {
	rows, err := q.Query(ctx, eventsAll, asOf)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var id *int64
		var title, publisher, url, published, standing *string
		if err := rows.Scan(&e.ID, &e.Date, &e.TitleEN, &e.TitleZH, &e.Issuer, &e.Indicator,
			&id, &title, &publisher, &url, &published, &standing); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		if id != nil {
			e.Source = &Source{ID: *id, Title: *title, Publisher: *publisher, URL: *url, Published: *published,
				Standing: *standing}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return out, nil
}

// Sources lists every source by id; with asOf, those published by then and those of the targets and events
// of then (a target issued in 2016 may be known from a later source).
func (d *DB) Sources(ctx context.Context, asOf AsOf) ([]Source, error) {
	return sources(ctx, d.pool, asOf)
}

var sourcesAll = `
		SELECT id, title, publisher, url, published, standing FROM sources
		WHERE ` + publishedBy("published", "$1") + `
		   OR id IN (SELECT t.source_id FROM targets t JOIN sources s ON s.id = t.source_id
		             WHERE ` + publishedBy(targetIssued, "$1") + `)
		   OR id IN (SELECT e.source_id FROM events e WHERE ` + publishedBy(`to_char(e.date, 'YYYY-MM-DD')`, "$1") + `)
		ORDER BY id`

func sources(ctx context.Context, q querier, asOf AsOf) ([]Source, error) {
	rows, err := q.Query(ctx, sourcesAll, asOf)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var s Source
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &s.Published, &s.Standing); err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// DataVersion identifies the state of the data: it changes exactly when a seed
// run changes something, so caches keyed by it are invalidated then.
func (d *DB) DataVersion(ctx context.Context) (int64, error) { return dataVersion(ctx, d.pool) }

func dataVersion(ctx context.Context, q querier) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM seed_runs WHERE inserted + updated > 0`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// DataVersions counts the changes to each part of the data (table data_versions, kept by the triggers of
// migrations/0006 for every writer). Counts only grow, so a cache keyed by the sum of the counts it depends on
// sees every committed change to them, and nothing else.
type DataVersions struct {
	Indicators map[string]int64 // by code: the indicator's catalogue entry, observations, targets, own events
	Shared     int64            // what every indicator shows: events of no indicator; a table emptied
	Catalogue  int64            // the list of indicators (migrations/0009): a write to indicators
	Total      int64            // every count summed, the list of sources included: changes with any change
}

// DataVersions reads the counts of changes, in one statement.
func (d *DB) DataVersions(ctx context.Context) (DataVersions, error) {
	return dataVersions(ctx, d.pool)
}

const dataVersionsAll = `SELECT scope, version FROM data_versions`

func dataVersions(ctx context.Context, q querier) (DataVersions, error) {
	v := DataVersions{Indicators: map[string]int64{}}
	rows, err := q.Query(ctx, dataVersionsAll)
	if err != nil {
		return v, fmt.Errorf("data versions: %w", err)
	}
	var scope string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&scope, &n}, func() error {
		switch scope {
		case "*":
			v.Shared = n
		case "#catalogue":
			v.Catalogue = n
		case "#sources":
		default:
			v.Indicators[scope] = n
		}
		v.Total += n
		return nil
	})
	if err != nil {
		return DataVersions{}, fmt.Errorf("data versions: %w", err)
	}
	return v, nil
}

// LastSeedRun returns the most recent seed run, or ErrNotFound.
func (d *DB) LastSeedRun(ctx context.Context) (SeedRun, error) {
	var r SeedRun
	err := d.pool.QueryRow(ctx, `SELECT id, file_name, sha256, inserted, updated, unchanged, started_at, finished_at
		FROM seed_runs ORDER BY id DESC LIMIT 1`).Scan(&r.ID, &r.FileName, &r.SHA256, &r.Inserted, &r.Updated,
		&r.Unchanged, &r.StartedAt, &r.FinishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("last seed run: %w", err)
	}
	return r, nil
}
