package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// SeedLockKey is the advisory lock that serializes seed runs: every seed
// transaction takes it first, so two seeds run one after the other.
const SeedLockKey int64 = 0x6475616c63617262 // "dualcarb"

// ObservationFile is a validated observations file whose rows are staged
// (StageObservations), ready to merge.
type ObservationFile struct {
	Name    string
	SHA256  string
	Sources []Source // distinct by (Title, URL, Published); an empty Publisher leaves a known one as it is
	Rows    int      // rows staged
}

// ObservationRow is one row of an observations file. Value is strict decimal text.
type ObservationRow struct {
	Line      int
	Indicator string
	Region    string
	Year      int
	Month     int
	Value     string
	Source    int // index into the file's Sources
	Flag      string
	Note      string
	Quote     string
	KeepQuote bool // the file has no quotes: a stored row keeps its own
	ByNumber  bool // Value came from a spreadsheet's number cell: compare it as a number
}

// CatalogueFile is a validated catalogue: targets and events name their
// source by Title, URL and Published, each of which is in Sources.
type CatalogueFile struct {
	Name        string
	SHA256      string
	Sources     []Source
	Indicators  []Indicator
	Targets     []Target
	Events      []Event
	Assessments []Assessment
	// Standings overrides the standing of some of Sources (record.SourceStandings): the catalogue states the
	// standing of every source it lists, "" for "by its URL" (record.StandingOf).
	Standings map[Source]string
}

// Counts are what a load did to the rows it was given.
type Counts struct {
	Inserted, Updated, Unchanged int
}

// Add sums counts.
func (c Counts) Add(o Counts) Counts {
	return Counts{c.Inserted + o.Inserted, c.Updated + o.Updated, c.Unchanged + o.Unchanged}
}

// Changed reports whether anything was inserted or updated.
func (c Counts) Changed() bool { return c.Inserted+c.Updated > 0 }

// TableCounts are the counts of one table of a load.
type TableCounts struct {
	Table string
	Counts
}

// Change is one row a load inserts or updates, listed by a dry run.
type Change struct {
	Line int    // line in the file, 0 if unknown
	Key  string // what the row is about
	What string // "new: 1.5" or "value 1.5 -> 1.6"
}

// LoadResult is what loading one file did.
type LoadResult struct {
	File    string
	Run     int64         // its seed_runs row
	Counts  Counts        // the file's rows (observations; all entries of a catalogue)
	Tables  []TableCounts // per table, sources included
	Older   int           // observations: rows a later publication outranks (see Summary)
	Skipped int           // rows of the file that are not observations (a chart download's derived series, targets)
	Notes   []string      // how the file was read (a mapped table: what was mapped and skipped)
	Summary []Summary     // filled by dry runs of observations
	Changes []Change      // filled by verbose dry runs
}

// Known is the catalogue a file is validated against.
type Known struct {
	Units   map[string]string    // indicator code -> unit
	UnitsZH map[string]string    // indicator code -> unit as pages in Chinese show it (a chart download in Chinese)
	Ranges  map[string][2]string // indicator code -> plausible range (min, max), when the catalogue gives one
	Regions map[string]bool
}

// SeedTx is one seed run: a transaction holding the seed lock.
type SeedTx struct {
	tx      pgx.Tx
	dryRun  bool
	verbose bool
	created map[int64]bool   // sources inserted by this run
	runs    map[int64]string // seed_runs rows of this transaction -> file
	catalog int64            // the catalogue run being loaded: what its merges record (seed_run_catalogue)
}

// SeedOptions: a dry run rolls back and reports what would change, per
// indicator and region (Summary), and with Verbose row by row (Changes).
type SeedOptions struct {
	DryRun, Verbose bool
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("dry run")

// Seed runs fn in one transaction that holds the seed lock, so concurrent
// seeds are serialized. A dry run is rolled back at the end; so is any error.
func (d *DB) Seed(ctx context.Context, o SeedOptions, fn func(*SeedTx) error) error {
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, SeedLockKey); err != nil {
			return fmt.Errorf("take seed lock: %w", err)
		}
		if err := fn(&SeedTx{tx: tx, dryRun: o.DryRun, verbose: o.Verbose, created: map[int64]bool{}, runs: map[int64]string{}}); err != nil {
			return err
		}
		if o.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// Known reads the indicators and regions in the database.
func (s *SeedTx) Known(ctx context.Context) (Known, error) {
	k := Known{Units: map[string]string{}, UnitsZH: map[string]string{}, Ranges: map[string][2]string{}, Regions: map[string]bool{}}
	rows, err := s.tx.Query(ctx, `SELECT code, unit, unit_zh, coalesce(range_min::text, ''), coalesce(range_max::text, '')
		FROM indicators`)
	if err != nil {
		return k, fmt.Errorf("read indicators: %w", err)
	}
	var code, unit, unitZH, lo, hi string
	_, err = pgx.ForEachRow(rows, []any{&code, &unit, &unitZH, &lo, &hi}, func() error {
		k.Units[code], k.UnitsZH[code] = unit, unitZH
		if lo != "" {
			k.Ranges[code] = [2]string{lo, hi}
		}
		return nil
	})
	if err != nil {
		return k, fmt.Errorf("read indicators: %w", err)
	}
	rows, err = s.tx.Query(ctx, `SELECT code FROM regions`)
	if err != nil {
		return k, fmt.Errorf("read regions: %w", err)
	}
	_, err = pgx.ForEachRow(rows, []any{&code}, func() error { k.Regions[code] = true; return nil })
	if err != nil {
		return k, fmt.Errorf("read regions: %w", err)
	}
	return k, nil
}

// stage creates (or empties) a temporary staging table, dropped at commit, and copies rows into it.
func (s *SeedTx) stage(ctx context.Context, table, ddl string, columns []string, src pgx.CopyFromSource) error {
	if _, err := s.tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS `+table+` (`+ddl+`) ON COMMIT DROP`); err != nil {
		return fmt.Errorf("create %s: %w", table, err)
	}
	if _, err := s.tx.Exec(ctx, `TRUNCATE `+table); err != nil {
		return fmt.Errorf("empty %s: %w", table, err)
	}
	if _, err := s.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	if _, err := s.tx.Exec(ctx, `ANALYZE `+table); err != nil {
		return fmt.Errorf("analyze %s: %w", table, err)
	}
	return nil
}

// merge runs an INSERT ... ON CONFLICT DO UPDATE ... WHERE changed RETURNING
// (xmax = 0), key: rows returned are inserted or updated, the others of total unchanged.
// merge runs the merge statement of a catalogue table, whose RETURNING gives (inserted, change key, row
// key) for each row it wrote, and records those rows for revert (snapshot, keep).
func (s *SeedTx) merge(ctx context.Context, table, sql string, total int) (TableCounts, []Change, error) {
	tc := TableCounts{Table: table}
	t, ok := catalogueTableOf(table)
	if !ok {
		return tc, nil, fmt.Errorf("merge %s: not a catalogue table", table)
	}
	if err := s.snapshot(ctx, s.catalog, t); err != nil {
		return tc, nil, err
	}
	rows, err := s.tx.Query(ctx, sql)
	if err != nil {
		return tc, nil, fmt.Errorf("merge %s: %w", table, err)
	}
	var changes []Change
	var inserted bool
	var key, rowKey string
	var insertedKeys, updatedKeys []string
	_, err = pgx.ForEachRow(rows, []any{&inserted, &key, &rowKey}, func() error {
		what := "updated"
		if inserted {
			tc.Inserted++
			what = "new"
			insertedKeys = append(insertedKeys, rowKey)
		} else {
			tc.Updated++
			updatedKeys = append(updatedKeys, rowKey)
		}
		changes = append(changes, Change{Key: key, What: what})
		return nil
	})
	if err != nil {
		return tc, nil, fmt.Errorf("merge %s: %w", table, err)
	}
	if err := s.keep(ctx, s.catalog, t, insertedKeys, updatedKeys); err != nil {
		return tc, nil, err
	}
	tc.Unchanged = total - tc.Inserted - tc.Updated
	return tc, changes, nil
}

// startRun writes the seed_runs row of a file, counts to follow (finishRun).
func (s *SeedTx) startRun(ctx context.Context, name, sha, kind string, started time.Time) (int64, error) {
	var id int64
	err := s.tx.QueryRow(ctx, `INSERT INTO seed_runs (file_name, sha256, kind, inserted, updated, unchanged, started_at)
		VALUES ($1, $2, $3, 0, 0, 0, $4) RETURNING id`, name, sha, kind, started).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record seed run of %s: %w", name, err)
	}
	s.runs[id] = name
	return id, nil
}

func (s *SeedTx) finishRun(ctx context.Context, id int64, c Counts) error {
	_, err := s.tx.Exec(ctx, `UPDATE seed_runs SET inserted = $2, updated = $3, unchanged = $4, finished_at = now()
		WHERE id = $1`, id, c.Inserted, c.Updated, c.Unchanged)
	if err != nil {
		return fmt.Errorf("record seed run %d: %w", id, err)
	}
	return nil
}

// sliceSource copies n rows made by row.
type sliceSource struct {
	n, i int
	row  func(i int) []any
}

func (s *sliceSource) Next() bool {
	if s.i >= s.n {
		return false
	}
	s.i++
	return true
}

func (s *sliceSource) Values() ([]any, error) { return s.row(s.i - 1), nil }
func (s *sliceSource) Err() error             { return nil }

func rowsOf(n int, row func(i int) []any) *sliceSource {
	return &sliceSource{n: n, row: row}
}

const sourcesDDL = `idx int, title text, publisher text, url text, published text, standing_url text,
	override text`

// upsertSources stages sources as seed_sources (idx = position) and merges them.
// An empty publisher never erases a known one. Setting the publisher of a
// source this run inserted (a catalogue names it, a CSV file gives its
// publisher) is not an update of data loaded before: it counts as unchanged.
// Each source's standing is set as it goes (setStandings); a standing is derived,
// not data, so it counts as no update.
func (s *SeedTx) upsertSources(ctx context.Context, run int64, sources []Source, overrides map[Source]string) (TableCounts, []Change, error) {
	tc := TableCounts{Table: "sources"}
	err := s.stage(ctx, "seed_sources", sourcesDDL,
		[]string{"idx", "title", "publisher", "url", "published", "standing_url", "override"},
		rowsOf(len(sources), func(i int) []any {
			src := sources[i]
			var override *string // nil: this file does not say (a CSV file)
			if overrides != nil {
				o := overrides[Source{Title: src.Title, URL: src.URL, Published: src.Published}]
				override = &o
			}
			return []any{int32(i), src.Title, src.Publisher, src.URL, src.Published, record.StandingOf(src.URL), override}
		}))
	if err != nil {
		return tc, nil, err
	}
	rows, err := s.tx.Query(ctx, `
		INSERT INTO sources AS s (title, publisher, url, published)
		SELECT title, publisher, url, published FROM seed_sources ORDER BY idx
		ON CONFLICT (title, url, published) DO UPDATE SET publisher = EXCLUDED.publisher
		WHERE EXCLUDED.publisher <> '' AND s.publisher <> EXCLUDED.publisher
		RETURNING s.xmax = 0, s.id, concat_ws(' ', 'source', quote_literal(s.title), s.published)`)
	if err != nil {
		return tc, nil, fmt.Errorf("merge sources: %w", err)
	}
	var changes []Change
	var inserted bool
	var id int64
	var key string
	var fresh []int64
	_, err = pgx.ForEachRow(rows, []any{&inserted, &id, &key}, func() error {
		switch {
		case inserted:
			tc.Inserted++
			s.created[id] = true
			fresh = append(fresh, id)
			changes = append(changes, Change{Key: key, What: "new"})
		case !s.created[id]:
			tc.Updated++
			changes = append(changes, Change{Key: key, What: "publisher changed"})
		}
		return nil
	})
	if err != nil {
		return tc, nil, fmt.Errorf("merge sources: %w", err)
	}
	tc.Unchanged = len(sources) - tc.Inserted - tc.Updated
	if _, err := s.tx.Exec(ctx, `INSERT INTO seed_run_sources (run_id, source_id) SELECT $1, unnest($2::bigint[])`,
		run, fresh); err != nil {
		return tc, nil, fmt.Errorf("record new sources: %w", err)
	}
	if err := s.setStandings(ctx); err != nil {
		return tc, nil, err
	}
	return tc, changes, nil
}

// setStandings stores the staged sources' standing by URL, and the catalogue's
// override where the file states one (a CSV file states none: it keeps the
// catalogue's). Only rows whose standing changes are written.
func (s *SeedTx) setStandings(ctx context.Context) error {
	_, err := s.tx.Exec(ctx, `
		UPDATE sources s
		SET standing_url = ss.standing_url, standing_override = coalesce(ss.override, s.standing_override)
		FROM seed_sources ss
		WHERE s.title = ss.title AND s.url = ss.url AND s.published = ss.published
		  AND (s.standing_url, s.standing_override) IS DISTINCT FROM
		      (ss.standing_url, coalesce(ss.override, s.standing_override))`)
	if err != nil {
		return fmt.Errorf("set source standings: %w", err)
	}
	return nil
}

const observationsDDL = `line int, indicator text, region text, year smallint, month smallint, value text,
	src int, flag text, note text, quote text, bynum boolean`

// sameData: a staged row r gives what the stored row o holds. A value read
// from a spreadsheet's number cell (bynum) is compared as a number: the cell
// keeps no trailing zeros, so 55.5 there is the 55.50 stored. A row of a file
// without quotes (quote NULL) keeps the stored one.
const sameData = `((CASE WHEN r.bynum THEN o.value = r.value::numeric ELSE o.value::text = r.value::numeric::text END)
	AND o.flag = r.flag AND o.note = r.note AND o.quote = coalesce(r.quote, o.quote))`

// StageObservations copies the rows next yields (until it returns false)
// into the staging table, as they are read: memory does not grow with the
// file. Their sources are merged afterwards (MergeObservations), so a row
// carries its source's position in the file.
func (s *SeedTx) StageObservations(ctx context.Context, next func() (*ObservationRow, bool)) (int, error) {
	src := &streamSource{next: next}
	cols := []string{"line", "indicator", "region", "year", "month", "value", "src", "flag", "note", "quote", "bynum"}
	if err := s.stage(ctx, "seed_observations", observationsDDL, cols, src); err != nil {
		return src.n, err
	}
	return src.n, nil
}

type streamSource struct {
	next func() (*ObservationRow, bool)
	row  *ObservationRow
	n    int
	vals [11]any
}

func (s *streamSource) Next() bool {
	r, ok := s.next()
	if ok {
		s.row = r
		s.n++
	}
	return ok
}

func (s *streamSource) Values() ([]any, error) {
	r := s.row
	var quote any = r.Quote
	if r.KeepQuote {
		quote = nil
	}
	s.vals = [11]any{int32(r.Line), r.Indicator, r.Region, int16(r.Year), int16(r.Month), r.Value,
		int32(r.Source), r.Flag, r.Note, quote, r.ByNumber}
	return s.vals[:], nil
}

func (s *streamSource) Err() error { return nil }

// Duplicate is a staged row with the key of an earlier one.
type Duplicate struct{ First, Line int }

// StagedDuplicates lists up to limit staged rows whose indicator, region,
// year, month and source an earlier row of the file has.
func (s *SeedTx) StagedDuplicates(ctx context.Context, limit int) ([]Duplicate, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT first, line FROM (
			SELECT line, min(line) OVER (PARTITION BY indicator, region, year, month, src) AS first
			FROM seed_observations
			WHERE (indicator, region, year, month, src) IN (
				SELECT indicator, region, year, month, src FROM seed_observations
				GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1)
		) d WHERE line <> first ORDER BY line LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	var out []Duplicate
	var d Duplicate
	_, err = pgx.ForEachRow(rows, []any{&d.First, &d.Line}, func() error { out = append(out, d); return nil })
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	return out, nil
}

// Conflict is a staged row that gives other data for a figure an earlier
// file of the same run gave.
type Conflict struct {
	Line      int
	OtherFile string
	Key       string
	Value     string // staged
	Other     string // the earlier file's
}

// ConflictError is the conflicts between files of one run: nothing is merged.
type ConflictError struct {
	File      string
	Conflicts []Conflict
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s: %d rows conflict with an earlier file of the run", e.File, len(e.Conflicts))
}

// stagedJoin matches the staged rows' sources (seed_sources.idx = src) to their ids.
const stagedJoin = `seed_observations r JOIN seed_sources ss ON ss.idx = r.src
		JOIN sources s ON s.title = ss.title AND s.url = ss.url AND s.published = ss.published`

// MergeObservations merges the staged rows: their sources first, then in one
// statement the observations (a row whose key exists with the same value,
// flag, note and quote is unchanged; with other ones it is updated and what
// it held is kept for revert; otherwise inserted). It records a seed_runs
// row with the counts of the file's rows (a source whose publisher changes
// counts as updated). Rows that another file of the same run gave otherwise
// are a *ConflictError.
func (s *SeedTx) MergeObservations(ctx context.Context, f *ObservationFile) (LoadResult, error) {
	started := time.Now()
	res := LoadResult{File: f.Name}
	run, err := s.startRun(ctx, f.Name, f.SHA256, "observations", started)
	if err != nil {
		return res, err
	}
	src, srcChanges, err := s.upsertSources(ctx, run, f.Sources, nil)
	if err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	if err := s.checkConflicts(ctx, f.Name); err != nil {
		return res, err
	}
	if s.dryRun {
		if res.Summary, err = s.observationSummary(ctx); err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
	}
	if s.dryRun && s.verbose {
		if res.Changes, err = s.observationChanges(ctx); err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
		res.Changes = append(srcChanges, res.Changes...)
	}
	if res.Older, err = s.olderVintages(ctx); err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	if s.dryRun {
		if err := s.keepCurrent(ctx); err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
	}
	obs, err := s.mergeObservations(ctx, run, f.Rows)
	if err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	if s.dryRun {
		if err := s.currentChanges(ctx, &res); err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
	}
	res.Run = run
	res.Tables = []TableCounts{obs, src}
	res.Counts = obs.Counts
	res.Counts.Updated += src.Updated
	return res, s.finishRun(ctx, run, res.Counts)
}

// checkConflicts refuses staged rows that change what an earlier file of
// this transaction wrote: two files of one run disagree on a figure.
func (s *SeedTx) checkConflicts(ctx context.Context, file string) error {
	if len(s.runs) == 0 {
		return nil
	}
	runs := make([]int64, 0, len(s.runs))
	for id := range s.runs {
		runs = append(runs, id)
	}
	// The sources are not merged yet: match them by key.
	rows, err := s.tx.Query(ctx, `
		SELECT r.line, o.loaded_by, concat_ws(' ', r.indicator, r.region, r.year || CASE WHEN r.month > 0 THEN '-' || lpad(r.month::text, 2, '0') ELSE '' END,
		           quote_literal(s.title), s.published), r.value, o.value::text
		FROM `+stagedJoin+`
		JOIN observations o ON o.indicator = r.indicator AND o.region = r.region AND o.year = r.year
		     AND o.month = r.month AND o.source_id = s.id
		WHERE o.loaded_by = ANY ($1)
		  AND NOT `+sameData+`
		ORDER BY r.line LIMIT 100`, runs)
	if err != nil {
		return fmt.Errorf("compare with the run's earlier files: %w", err)
	}
	var out []Conflict
	var c Conflict
	var by int64
	_, err = pgx.ForEachRow(rows, []any{&c.Line, &by, &c.Key, &c.Value, &c.Other}, func() error {
		c.OtherFile = s.runs[by]
		out = append(out, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("compare with the run's earlier files: %w", err)
	}
	if len(out) > 0 {
		return &ConflictError{File: file, Conflicts: out}
	}
	return nil
}

// mergeObservations is one statement: an UPDATE of the rows whose key exists
// with other data (keeping what they held in seed_run_replaced) and an INSERT
// of the new keys, both against the table as it was before the statement.
// (INSERT ... ON CONFLICT costs a speculative insertion per row, half again as
// slow; the seed lock keeps other writers out.) The sources are a few rows
// matched by hash.
func (s *SeedTx) mergeObservations(ctx context.Context, run int64, total int) (TableCounts, error) {
	tc := TableCounts{Table: "observations"}
	err := s.tx.QueryRow(ctx, `
		WITH updated AS (
			UPDATE observations o
			SET value = CASE WHEN r.bynum AND o.value = r.value::numeric THEN o.value ELSE r.value::numeric END, flag = r.flag, note = r.note, quote = coalesce(r.quote, o.quote), loaded_at = now(), loaded_by = $1
			FROM `+stagedJoin+`, observations p
			WHERE o.indicator = r.indicator AND o.region = r.region AND o.year = r.year AND o.month = r.month
			  AND o.source_id = s.id AND p.id = o.id
			  AND NOT `+sameData+`
			RETURNING o.id, r.line, p.value, p.flag, p.note, p.quote, p.loaded_at, p.loaded_by
		), replaced AS (
			INSERT INTO seed_run_replaced (run_id, observation_id, line, value, flag, note, quote, loaded_at, old_loaded_by)
			SELECT $1, id, line, value, flag, note, quote, loaded_at, loaded_by FROM updated
		), inserted AS (
			INSERT INTO observations (indicator, region, year, month, value, source_id, flag, note, quote, loaded_by)
			SELECT r.indicator, r.region, r.year, r.month, r.value::numeric, s.id, r.flag, r.note, coalesce(r.quote, ''), $1
			FROM `+stagedJoin+`
			WHERE NOT EXISTS (SELECT FROM observations o WHERE o.indicator = r.indicator AND o.region = r.region
			                  AND o.year = r.year AND o.month = r.month AND o.source_id = s.id)
			ORDER BY r.line -- ids follow the file: vintages published the same day keep their order
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM updated)`, run,
	).Scan(&tc.Inserted, &tc.Updated)
	if err != nil {
		return tc, fmt.Errorf("merge observations: %w", err)
	}
	tc.Unchanged = total - tc.Inserted - tc.Updated
	return tc, nil
}

// Summary is what a file does to one indicator in one region. Older are the
// new rows that a later publication already stored outranks: they become
// earlier vintages and the current value stays. Current are the figures
// (years, months) whose current value the file changes: a new latest
// publication, or the current row revised.
type Summary struct {
	Indicator, Region                       string
	New, Revised, Unchanged, Older, Current int
}

// keepCurrent notes, before a dry run's merge, the current value of every
// figure the staged rows touch (seed_current_before).
func (s *SeedTx) keepCurrent(ctx context.Context) error {
	_, err := s.tx.Exec(ctx, `DROP TABLE IF EXISTS seed_current_before`)
	if err == nil {
		_, err = s.tx.Exec(ctx, `CREATE TEMP TABLE seed_current_before ON COMMIT DROP AS
			SELECT c.indicator, c.region, c.year, c.month, c.id, c.value::text AS value, c.source_id
			FROM current_observations c
			WHERE (c.indicator, c.region, c.year, c.month) IN
			      (SELECT DISTINCT indicator, region, year, month FROM seed_observations)`)
	}
	if err != nil {
		return fmt.Errorf("note current values: %w", err)
	}
	return nil
}

// currentChanges, after a dry run's merge, counts per indicator and region
// the figures whose current value changed (Summary.Current) and, with
// Verbose, lists them old current -> new current.
func (s *SeedTx) currentChanges(ctx context.Context, res *LoadResult) error {
	rows, err := s.tx.Query(ctx, `
		WITH touched AS (SELECT DISTINCT indicator, region, year, month FROM seed_observations)
		SELECT t.indicator, t.region,
		       concat_ws(' ', t.indicator, t.region, t.year || CASE WHEN t.month > 0 THEN '-' || lpad(t.month::text, 2, '0') ELSE '' END),
		       coalesce(b.value, ''), coalesce(quote_literal(bs.title) || ' ' || bs.published, ''),
		       a.value::text, quote_literal(s.title) || ' ' || s.published
		FROM touched t
		JOIN current_observations a ON a.indicator = t.indicator AND a.region = t.region AND a.year = t.year AND a.month = t.month
		JOIN sources s ON s.id = a.source_id
		LEFT JOIN seed_current_before b ON b.indicator = t.indicator AND b.region = t.region AND b.year = t.year AND b.month = t.month
		LEFT JOIN sources bs ON bs.id = b.source_id
		WHERE b.id IS DISTINCT FROM a.id OR b.value IS DISTINCT FROM a.value::text
		ORDER BY t.indicator, t.region, t.year, t.month`)
	if err != nil {
		return fmt.Errorf("list current values: %w", err)
	}
	var ind, region, key, oldValue, oldSource, newValue, newSource string
	var changes []Change
	_, err = pgx.ForEachRow(rows, []any{&ind, &region, &key, &oldValue, &oldSource, &newValue, &newSource}, func() error {
		for i := range res.Summary {
			if res.Summary[i].Indicator == ind && res.Summary[i].Region == region {
				res.Summary[i].Current++
			}
		}
		if s.verbose {
			what := "becomes current: " + newValue + " (" + newSource + "), none before"
			if oldValue != "" {
				what = "becomes current: " + oldValue + " (" + oldSource + ") -> " + newValue + " (" + newSource + ")"
			}
			changes = append(changes, Change{Key: key, What: what})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list current values: %w", err)
	}
	res.Changes = append(res.Changes, changes...)
	return nil
}

// olderThan: a staged row (r, its source ss) has a vintage stored from a later publication.
const olderThan = `EXISTS (SELECT FROM observations n JOIN sources ns ON ns.id = n.source_id
	WHERE n.indicator = r.indicator AND n.region = r.region AND n.year = r.year AND n.month = r.month
	  AND ns.published > ss.published)`

// olderVintages counts the staged rows a later publication already stored
// outranks: loaded, they are earlier vintages, and the current value stays.
func (s *SeedTx) olderVintages(ctx context.Context) (int, error) {
	var n int
	err := s.tx.QueryRow(ctx, `SELECT count(*) FROM seed_observations r JOIN seed_sources ss ON ss.idx = r.src
		WHERE `+olderThan).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count older vintages: %w", err)
	}
	return n, nil
}

// observationSummary counts, per indicator and region, the staged rows that
// are new, revise a stored value, or change nothing.
func (s *SeedTx) observationSummary(ctx context.Context) ([]Summary, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT r.indicator, r.region, count(*) FILTER (WHERE o.id IS NULL),
		       count(*) FILTER (WHERE o.id IS NOT NULL AND NOT `+sameData+`),
		       count(*) FILTER (WHERE o.id IS NOT NULL AND `+sameData+`),
		       count(*) FILTER (WHERE o.id IS NULL AND `+olderThan+`)
		FROM `+stagedJoin+`
		LEFT JOIN observations o ON o.indicator = r.indicator AND o.region = r.region AND o.year = r.year
		     AND o.month = r.month AND o.source_id = s.id
		GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("summarise changes: %w", err)
	}
	var out []Summary
	var m Summary
	_, err = pgx.ForEachRow(rows, []any{&m.Indicator, &m.Region, &m.New, &m.Revised, &m.Unchanged, &m.Older}, func() error {
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("summarise changes: %w", err)
	}
	return out, nil
}

// observationChanges lists what merging the staged rows would change, old -> new.
func (s *SeedTx) observationChanges(ctx context.Context) ([]Change, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT r.line, concat_ws(' ', r.indicator, r.region, r.year || CASE WHEN r.month > 0 THEN '-' || lpad(r.month::text, 2, '0') ELSE '' END,
		           quote_literal(s.title), s.published),
		       o.id IS NULL, coalesce(o.value::text, ''), r.value::numeric::text, coalesce(o.flag, ''), r.flag,
		       coalesce(o.note, '') <> r.note, coalesce(o.quote, '') <> coalesce(r.quote, o.quote, '')
		FROM `+stagedJoin+`
		LEFT JOIN observations o ON o.indicator = r.indicator AND o.region = r.region AND o.year = r.year
		     AND o.month = r.month AND o.source_id = s.id
		WHERE o.id IS NULL OR NOT `+sameData+`
		ORDER BY r.line`)
	if err != nil {
		return nil, fmt.Errorf("list changes: %w", err)
	}
	var out []Change
	var c Change
	var isNew, noteChanged, quoteChanged bool
	var oldValue, newValue, oldFlag, newFlag string
	_, err = pgx.ForEachRow(rows, []any{&c.Line, &c.Key, &isNew, &oldValue, &newValue, &oldFlag, &newFlag,
		&noteChanged, &quoteChanged}, func() error {
		c.What = describeChange(isNew, oldValue, newValue, oldFlag, newFlag, noteChanged, quoteChanged)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list changes: %w", err)
	}
	return out, nil
}

func describeChange(isNew bool, oldValue, newValue, oldFlag, newFlag string, note, quote bool) string {
	if isNew {
		return "new: " + newValue
	}
	what := ""
	add := func(s string) {
		if what != "" {
			what += ", "
		}
		what += s
	}
	if oldValue != newValue {
		add("value " + oldValue + " -> " + newValue)
	}
	if oldFlag != newFlag {
		add(fmt.Sprintf("flag %q -> %q", oldFlag, newFlag))
	}
	if note {
		add("note changed")
	}
	if quote {
		add("quote changed")
	}
	return what
}

// LoadCatalogue merges sources, indicators, targets and events, one statement
// per table, and records a seed_runs row with the counts of all of them.
func (s *SeedTx) LoadCatalogue(ctx context.Context, f *CatalogueFile) (LoadResult, error) {
	started := time.Now()
	res := LoadResult{File: f.Name}
	run, err := s.startRun(ctx, f.Name, f.SHA256, "catalogue", started)
	if err != nil {
		return res, err
	}
	delete(s.runs, run) // a catalogue writes no observations: no conflict with it
	res.Run = run
	s.catalog = run
	steps := []func(context.Context, *CatalogueFile) (TableCounts, []Change, error){
		func(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
			standings := f.Standings
			if standings == nil {
				standings = map[Source]string{} // a catalogue states every standing it lists: none is "by its URL"
			}
			return s.upsertSources(ctx, run, f.Sources, standings)
		},
		s.upsertIndicators, s.upsertTargets, s.upsertEvents, s.upsertAssessments, s.upsertRatings,
	}
	if len(f.Assessments) == 0 { // most catalogues rate nothing: their report stays as it was
		steps = steps[:len(steps)-2]
	}
	for _, step := range steps {
		tc, changes, err := step(ctx, f)
		if err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
		res.Tables = append(res.Tables, tc)
		res.Counts = res.Counts.Add(tc.Counts)
		if s.dryRun {
			res.Changes = append(res.Changes, changes...)
		}
	}
	return res, s.finishRun(ctx, run, res.Counts)
}

const indicatorsDDL = `code text, name_en text, name_zh text, unit text, unit_zh text, definition_en text,
	definition_zh text, category text, direction text, precision smallint, measure text, break_year smallint,
	break_note_en text, break_note_zh text, sort_order int, range_min text, range_max text`

func (s *SeedTx) upsertIndicators(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	cols := []string{"code", "name_en", "name_zh", "unit", "unit_zh", "definition_en", "definition_zh",
		"category", "direction", "precision", "measure", "break_year", "break_note_en", "break_note_zh", "sort_order",
		"range_min", "range_max"}
	err := s.stage(ctx, "seed_indicators", indicatorsDDL, cols, rowsOf(len(f.Indicators), func(i int) []any {
		in := f.Indicators[i]
		return []any{in.Code, in.NameEN, in.NameZH, in.Unit, in.UnitZH, in.DefinitionEN, in.DefinitionZH,
			in.Category, in.Direction, int16(in.Precision), in.Measure, nullInt16(in.BreakYear),
			in.BreakNoteEN, in.BreakNoteZH, int32(in.SortOrder), nullText(in.RangeMin), nullText(in.RangeMax)}
	}))
	if err != nil {
		return TableCounts{Table: "indicators"}, nil, err
	}
	return s.merge(ctx, "indicators", `
		INSERT INTO indicators AS i (code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
			category, direction, precision, measure, break_year, break_note_en, break_note_zh, sort_order,
			range_min, range_max)
		SELECT code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
			category, direction, precision, measure, break_year, break_note_en, break_note_zh, sort_order,
			range_min::numeric, range_max::numeric
		FROM seed_indicators ORDER BY sort_order
		ON CONFLICT (code) DO UPDATE SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh,
			unit = EXCLUDED.unit, unit_zh = EXCLUDED.unit_zh, definition_en = EXCLUDED.definition_en,
			definition_zh = EXCLUDED.definition_zh, category = EXCLUDED.category, direction = EXCLUDED.direction,
			precision = EXCLUDED.precision, measure = EXCLUDED.measure, break_year = EXCLUDED.break_year,
			break_note_en = EXCLUDED.break_note_en, break_note_zh = EXCLUDED.break_note_zh,
			sort_order = EXCLUDED.sort_order, range_min = EXCLUDED.range_min, range_max = EXCLUDED.range_max
		WHERE (i.name_en, i.name_zh, i.unit, i.unit_zh, i.definition_en, i.definition_zh, i.category,
			i.direction, i.precision, i.measure, i.break_year, i.break_note_en, i.break_note_zh, i.sort_order,
			i.range_min::text, i.range_max::text)
			IS DISTINCT FROM (EXCLUDED.name_en, EXCLUDED.name_zh, EXCLUDED.unit, EXCLUDED.unit_zh,
			EXCLUDED.definition_en, EXCLUDED.definition_zh, EXCLUDED.category, EXCLUDED.direction,
			EXCLUDED.precision, EXCLUDED.measure, EXCLUDED.break_year, EXCLUDED.break_note_en,
			EXCLUDED.break_note_zh, EXCLUDED.sort_order, EXCLUDED.range_min::text, EXCLUDED.range_max::text)
		RETURNING i.xmax = 0, 'indicator ' || i.code, i.code`, len(f.Indicators))
}

// sourceIndex finds a source of the catalogue by its key.
func sourceIndex(sources []Source) func(Source) int32 {
	idx := make(map[Source]int32, len(sources))
	for i, src := range sources {
		idx[Source{Title: src.Title, URL: src.URL, Published: src.Published}] = int32(i)
	}
	return func(src Source) int32 {
		if i, ok := idx[Source{Title: src.Title, URL: src.URL, Published: src.Published}]; ok {
			return i
		}
		return -1
	}
}

const targetsDDL = `indicator text, region text, year smallint, value text, kind text, base_year smallint,
	binding boolean, plan text, document text, document_zh text, issuer text, issued text, src int, flag text,
	note text, quote text`

func (s *SeedTx) upsertTargets(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	cols := []string{"indicator", "region", "year", "value", "kind", "base_year", "binding", "plan", "document",
		"document_zh", "issuer", "issued", "src", "flag", "note", "quote"}
	index := sourceIndex(f.Sources)
	err := s.stage(ctx, "seed_targets", targetsDDL, cols, rowsOf(len(f.Targets), func(i int) []any {
		t := f.Targets[i]
		return []any{t.Indicator, t.Region, int16(t.Year), t.Value, t.Kind, nullInt16(t.BaseYear), t.Binding,
			t.Plan, t.Document, t.DocumentZH, t.Issuer, t.Issued, index(t.Source), t.Flag, t.Note, t.Quote}
	}))
	if err != nil {
		return TableCounts{Table: "targets"}, nil, err
	}
	return s.merge(ctx, "targets", `
		INSERT INTO targets AS t (indicator, region, year, value, kind, base_year, binding, plan, document,
			document_zh, issuer, issued, source_id, flag, note, quote)
		SELECT r.indicator, r.region, r.year, r.value::numeric, r.kind, r.base_year, r.binding, r.plan, r.document,
			r.document_zh, r.issuer, r.issued, s.id, r.flag, r.note, r.quote
		FROM seed_targets r
		JOIN seed_sources ss ON ss.idx = r.src
		JOIN sources s ON s.title = ss.title AND s.url = ss.url AND s.published = ss.published
		ON CONFLICT (indicator, region, year, kind, document) DO UPDATE SET value = EXCLUDED.value,
			base_year = EXCLUDED.base_year, binding = EXCLUDED.binding, plan = EXCLUDED.plan,
			document_zh = EXCLUDED.document_zh, issuer = EXCLUDED.issuer, issued = EXCLUDED.issued, source_id = EXCLUDED.source_id,
			flag = EXCLUDED.flag, note = EXCLUDED.note, quote = EXCLUDED.quote
		WHERE (t.value::text, t.base_year, t.binding, t.plan, t.document_zh, t.issuer, t.issued, t.source_id, t.flag,
			t.note, t.quote)
			IS DISTINCT FROM (EXCLUDED.value::text, EXCLUDED.base_year, EXCLUDED.binding, EXCLUDED.plan,
			EXCLUDED.document_zh, EXCLUDED.issuer, EXCLUDED.issued, EXCLUDED.source_id, EXCLUDED.flag, EXCLUDED.note, EXCLUDED.quote)
		RETURNING t.xmax = 0, concat_ws(' ', 'target', t.indicator, t.region, t.year, t.kind, quote_literal(t.document)), t.id::text`,
		len(f.Targets))
}

const eventsDDL = `date date, title_en text, title_zh text, issuer text, indicator text, src int`

func (s *SeedTx) upsertEvents(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	cols := []string{"date", "title_en", "title_zh", "issuer", "indicator", "src"}
	index := sourceIndex(f.Sources)
	err := s.stage(ctx, "seed_events", eventsDDL, cols, rowsOf(len(f.Events), func(i int) []any {
		e := f.Events[i]
		src := int32(-1)
		if e.Source != nil {
			src = index(*e.Source)
		}
		var indicator *string
		if e.Indicator != "" {
			indicator = &e.Indicator
		}
		return []any{e.Date, e.TitleEN, e.TitleZH, e.Issuer, indicator, src}
	}))
	if err != nil {
		return TableCounts{Table: "events"}, nil, err
	}
	return s.merge(ctx, "events", `
		INSERT INTO events AS e (date, title_en, title_zh, issuer, indicator, source_id)
		SELECT r.date, r.title_en, r.title_zh, r.issuer, r.indicator, s.id
		FROM seed_events r
		LEFT JOIN seed_sources ss ON ss.idx = r.src
		LEFT JOIN sources s ON s.title = ss.title AND s.url = ss.url AND s.published = ss.published
		ON CONFLICT (date, title_en) DO UPDATE SET title_zh = EXCLUDED.title_zh, issuer = EXCLUDED.issuer,
			indicator = EXCLUDED.indicator, source_id = EXCLUDED.source_id
		WHERE (e.title_zh, e.issuer, e.indicator, e.source_id)
			IS DISTINCT FROM (EXCLUDED.title_zh, EXCLUDED.issuer, EXCLUDED.indicator, EXCLUDED.source_id)
		RETURNING e.xmax = 0, concat_ws(' ', 'event', e.date, quote_literal(e.title_en)), e.id::text`, len(f.Events))
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullInt16(v int) *int16 {
	if v == 0 {
		return nil
	}
	n := int16(v)
	return &n
}

// Refusal says in words why the database refused a seed's write, for errors
// that come from the data (a check, a key, a length, a number's range); false
// for the others (the server, the connection), which are not the file's fault.
func Refusal(err error) (string, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return "", false
	}
	switch {
	case pe.Code == "23514":
		return "a value breaks a rule of the database (" + pe.ConstraintName + ")", true
	case pe.Code == "23505":
		return "two rows give the same figure", true
	case pe.Code == "23503":
		return "a row names an indicator, region or source the database does not have", true
	case pe.Code == "54000":
		return "a text is too long for the database's index (a source title or URL)", true
	case pe.Code == "22003":
		return "a number is out of the database's range", true
	case strings.HasPrefix(pe.Code, "22"), strings.HasPrefix(pe.Code, "23"):
		return "a value the database cannot store", true
	}
	return "", false
}

// LoadObservations stages rows held in memory and merges them: for small
// files built in code (f.Rows is set from rows).
func (s *SeedTx) LoadObservations(ctx context.Context, f *ObservationFile, rows []ObservationRow) (LoadResult, error) {
	i := 0
	n, err := s.StageObservations(ctx, func() (*ObservationRow, bool) {
		if i == len(rows) {
			return nil, false
		}
		i++
		return &rows[i-1], true
	})
	if err != nil {
		return LoadResult{File: f.Name}, err
	}
	f.Rows = n
	return s.MergeObservations(ctx, f)
}
