package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SeedLockKey is the advisory lock that serializes seed runs: every seed
// transaction takes it first, so two seeds run one after the other.
const SeedLockKey int64 = 0x6475616c63617262 // "dualcarb"

// ObservationFile is a validated observations file, ready to load.
type ObservationFile struct {
	Name    string
	SHA256  string
	Sources []Source // distinct by (Title, URL, Published); an empty Publisher leaves a known one as it is
	Rows    []ObservationRow
}

// ObservationRow is one row of an observations file. Value is strict decimal text.
type ObservationRow struct {
	Line      int
	Indicator string
	Region    string
	Year      int
	Month     int
	Value     string
	Source    int // index into ObservationFile.Sources
	Flag      string
	Note      string
	Quote     string
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
	Counts  Counts        // the file's rows (observations; all entries of a catalogue)
	Tables  []TableCounts // per table, sources included
	Changes []Change      // filled by dry runs
}

// Known is the catalogue a file is validated against.
type Known struct {
	Units   map[string]string // indicator code -> unit
	Regions map[string]bool
}

// SeedTx is one seed run: a transaction holding the seed lock.
type SeedTx struct {
	tx       pgx.Tx
	dryRun   bool
	progress func(n int)
	created  map[int64]bool // sources inserted by this run
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("dry run")

// Seed runs fn in one transaction that holds the seed lock, so concurrent
// seeds are serialized. A dry run is rolled back at the end; so is any error.
func (d *DB) Seed(ctx context.Context, dryRun bool, fn func(*SeedTx) error) error {
	err := pgx.BeginFunc(ctx, d.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, SeedLockKey); err != nil {
			return fmt.Errorf("take seed lock: %w", err)
		}
		if err := fn(&SeedTx{tx: tx, dryRun: dryRun, created: map[int64]bool{}}); err != nil {
			return err
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// SetProgress sets a function told about rows copied (nil: none).
func (s *SeedTx) SetProgress(fn func(n int)) { s.progress = fn }

// Known reads the indicators and regions in the database.
func (s *SeedTx) Known(ctx context.Context) (Known, error) {
	k := Known{Units: map[string]string{}, Regions: map[string]bool{}}
	rows, err := s.tx.Query(ctx, `SELECT code, unit FROM indicators`)
	if err != nil {
		return k, fmt.Errorf("read indicators: %w", err)
	}
	var code, unit string
	_, err = pgx.ForEachRow(rows, []any{&code, &unit}, func() error { k.Units[code] = unit; return nil })
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
func (s *SeedTx) merge(ctx context.Context, table, sql string, total int) (TableCounts, []Change, error) {
	tc := TableCounts{Table: table}
	rows, err := s.tx.Query(ctx, sql)
	if err != nil {
		return tc, nil, fmt.Errorf("merge %s: %w", table, err)
	}
	var changes []Change
	var inserted bool
	var key string
	_, err = pgx.ForEachRow(rows, []any{&inserted, &key}, func() error {
		what := "updated"
		if inserted {
			tc.Inserted++
			what = "new"
		} else {
			tc.Updated++
		}
		changes = append(changes, Change{Key: key, What: what})
		return nil
	})
	if err != nil {
		return tc, nil, fmt.Errorf("merge %s: %w", table, err)
	}
	tc.Unchanged = total - tc.Inserted - tc.Updated
	return tc, changes, nil
}

// recordRun writes the seed_runs row of a file.
func (s *SeedTx) recordRun(ctx context.Context, name, sha string, c Counts, started time.Time) error {
	_, err := s.tx.Exec(ctx, `INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, name, sha, c.Inserted, c.Updated, c.Unchanged, started)
	if err != nil {
		return fmt.Errorf("record seed run of %s: %w", name, err)
	}
	return nil
}

// sliceSource copies n rows made by row, telling progress every 10,000 rows.
type sliceSource struct {
	n, i     int
	row      func(i int) []any
	progress func(n int)
}

func (s *sliceSource) Next() bool {
	if s.i >= s.n {
		if s.progress != nil && s.n%10000 != 0 {
			s.progress(s.n % 10000)
		}
		s.progress = nil
		return false
	}
	s.i++
	if s.progress != nil && s.i%10000 == 0 {
		s.progress(10000)
	}
	return true
}

func (s *sliceSource) Values() ([]any, error) { return s.row(s.i - 1), nil }
func (s *sliceSource) Err() error             { return nil }

func rowsOf(n int, row func(i int) []any) *sliceSource {
	return &sliceSource{n: n, row: row}
}

const sourcesDDL = `idx int, title text, publisher text, url text, published text`

// upsertSources stages sources as seed_sources (idx = position) and merges them.
// An empty publisher never erases a known one. Setting the publisher of a
// source this run inserted (a catalogue names it, a CSV file gives its
// publisher) is not an update of data loaded before: it counts as unchanged.
func (s *SeedTx) upsertSources(ctx context.Context, sources []Source) (TableCounts, []Change, error) {
	tc := TableCounts{Table: "sources"}
	err := s.stage(ctx, "seed_sources", sourcesDDL, []string{"idx", "title", "publisher", "url", "published"},
		rowsOf(len(sources), func(i int) []any {
			src := sources[i]
			return []any{int32(i), src.Title, src.Publisher, src.URL, src.Published}
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
	_, err = pgx.ForEachRow(rows, []any{&inserted, &id, &key}, func() error {
		switch {
		case inserted:
			tc.Inserted++
			s.created[id] = true
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
	return tc, changes, nil
}

const observationsDDL = `line int, indicator text, region text, year smallint, month smallint, value text,
	source_id bigint, flag text, note text, quote text`

// LoadObservations stages the rows and merges them into observations in one
// statement: a row whose key exists with the same value, flag, note and quote is
// unchanged; with other ones it is updated; otherwise inserted. It records a
// seed_runs row with the counts of the file's rows (a source whose publisher
// changes counts as updated).
func (s *SeedTx) LoadObservations(ctx context.Context, f *ObservationFile) (LoadResult, error) {
	started := time.Now()
	res := LoadResult{File: f.Name}
	src, srcChanges, err := s.upsertSources(ctx, f.Sources)
	if err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	ids, err := s.sourceIDs(ctx, len(f.Sources))
	if err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	rows := rowsOf(len(f.Rows), func(i int) []any {
		r := &f.Rows[i]
		return []any{int32(r.Line), r.Indicator, r.Region, int16(r.Year), int16(r.Month), r.Value,
			ids[r.Source], r.Flag, r.Note, r.Quote}
	})
	rows.progress = s.progress
	cols := []string{"line", "indicator", "region", "year", "month", "value", "source_id", "flag", "note", "quote"}
	if err := s.stage(ctx, "seed_observations", observationsDDL, cols, rows); err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	if s.dryRun {
		if res.Changes, err = s.observationChanges(ctx); err != nil {
			return res, fmt.Errorf("load %s: %w", f.Name, err)
		}
		res.Changes = append(srcChanges, res.Changes...)
	}
	obs, err := s.mergeObservations(ctx, len(f.Rows))
	if err != nil {
		return res, fmt.Errorf("load %s: %w", f.Name, err)
	}
	res.Tables = []TableCounts{obs, src}
	res.Counts = obs.Counts
	res.Counts.Updated += src.Updated
	if err := s.recordRun(ctx, f.Name, f.SHA256, res.Counts, started); err != nil {
		return res, err
	}
	return res, nil
}

// sourceIDs returns the ids of the sources just merged, by position: staged
// rows carry their source's id, so the merge joins nothing but observations.
func (s *SeedTx) sourceIDs(ctx context.Context, n int) ([]int64, error) {
	ids := make([]int64, n)
	rows, err := s.tx.Query(ctx, `SELECT ss.idx, s.id FROM seed_sources ss
		JOIN sources s ON s.title = ss.title AND s.url = ss.url AND s.published = ss.published`)
	if err != nil {
		return nil, fmt.Errorf("source ids: %w", err)
	}
	var idx int32
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&idx, &id}, func() error { ids[idx] = id; return nil })
	if err != nil {
		return nil, fmt.Errorf("source ids: %w", err)
	}
	return ids, nil
}

// mergeObservations is one statement: an UPDATE of the rows whose key exists
// with other data and an INSERT of the new keys, both against the table as it
// was before the statement. (INSERT ... ON CONFLICT costs a speculative
// insertion per row, half again as slow; the seed lock keeps other writers out.)
func (s *SeedTx) mergeObservations(ctx context.Context, total int) (TableCounts, error) {
	tc := TableCounts{Table: "observations"}
	err := s.tx.QueryRow(ctx, `
		WITH updated AS (
			UPDATE observations o
			SET value = r.value::numeric, flag = r.flag, note = r.note, quote = r.quote, loaded_at = now()
			FROM seed_observations r
			WHERE o.indicator = r.indicator AND o.region = r.region AND o.year = r.year AND o.month = r.month
			  AND o.source_id = r.source_id
			  AND (o.value::text, o.flag, o.note, o.quote)
			      IS DISTINCT FROM (r.value::numeric::text, r.flag, r.note, r.quote)
			RETURNING 1
		), inserted AS (
			INSERT INTO observations (indicator, region, year, month, value, source_id, flag, note, quote)
			SELECT r.indicator, r.region, r.year, r.month, r.value::numeric, r.source_id, r.flag, r.note, r.quote
			FROM seed_observations r
			WHERE NOT EXISTS (SELECT FROM observations o WHERE o.indicator = r.indicator AND o.region = r.region
			                  AND o.year = r.year AND o.month = r.month AND o.source_id = r.source_id)
			ORDER BY r.line -- ids follow the file: vintages published the same day keep their order
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM updated)`,
	).Scan(&tc.Inserted, &tc.Updated)
	if err != nil {
		return tc, fmt.Errorf("merge observations: %w", err)
	}
	tc.Unchanged = total - tc.Inserted - tc.Updated
	return tc, nil
}

// observationChanges lists what merging the staged rows would change, old -> new.
func (s *SeedTx) observationChanges(ctx context.Context) ([]Change, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT r.line, concat_ws(' ', r.indicator, r.region, r.year || CASE WHEN r.month > 0 THEN '-' || lpad(r.month::text, 2, '0') ELSE '' END,
		           quote_literal(s.title), s.published),
		       o.id IS NULL, coalesce(o.value::text, ''), r.value::numeric::text, coalesce(o.flag, ''), r.flag,
		       coalesce(o.note, '') <> r.note, coalesce(o.quote, '') <> r.quote
		FROM seed_observations r JOIN sources s ON s.id = r.source_id
		LEFT JOIN observations o ON o.indicator = r.indicator AND o.region = r.region AND o.year = r.year
		     AND o.month = r.month AND o.source_id = r.source_id
		WHERE o.id IS NULL OR (o.value::text, o.flag, o.note, o.quote) IS DISTINCT FROM (r.value::numeric::text, r.flag, r.note, r.quote)
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
	steps := []func(context.Context, *CatalogueFile) (TableCounts, []Change, error){
		s.upsertCatalogueSources, s.upsertIndicators, s.upsertTargets, s.upsertEvents, s.upsertAssessments,
		s.upsertRatings,
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
	if err := s.recordRun(ctx, f.Name, f.SHA256, res.Counts, started); err != nil {
		return res, err
	}
	return res, nil
}

func (s *SeedTx) upsertCatalogueSources(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	return s.upsertSources(ctx, f.Sources)
}

const indicatorsDDL = `code text, name_en text, name_zh text, unit text, unit_zh text, definition_en text,
	definition_zh text, category text, direction text, precision smallint, measure text, break_year smallint,
	break_note_en text, break_note_zh text, sort_order int`

func (s *SeedTx) upsertIndicators(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	cols := []string{"code", "name_en", "name_zh", "unit", "unit_zh", "definition_en", "definition_zh",
		"category", "direction", "precision", "measure", "break_year", "break_note_en", "break_note_zh", "sort_order"}
	err := s.stage(ctx, "seed_indicators", indicatorsDDL, cols, rowsOf(len(f.Indicators), func(i int) []any {
		in := f.Indicators[i]
		return []any{in.Code, in.NameEN, in.NameZH, in.Unit, in.UnitZH, in.DefinitionEN, in.DefinitionZH,
			in.Category, in.Direction, int16(in.Precision), in.Measure, nullInt16(in.BreakYear),
			in.BreakNoteEN, in.BreakNoteZH, int32(in.SortOrder)}
	}))
	if err != nil {
		return TableCounts{Table: "indicators"}, nil, err
	}
	return s.merge(ctx, "indicators", `
		INSERT INTO indicators AS i (code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
			category, direction, precision, measure, break_year, break_note_en, break_note_zh, sort_order)
		SELECT code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
			category, direction, precision, measure, break_year, break_note_en, break_note_zh, sort_order
		FROM seed_indicators ORDER BY sort_order
		ON CONFLICT (code) DO UPDATE SET name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh,
			unit = EXCLUDED.unit, unit_zh = EXCLUDED.unit_zh, definition_en = EXCLUDED.definition_en,
			definition_zh = EXCLUDED.definition_zh, category = EXCLUDED.category, direction = EXCLUDED.direction,
			precision = EXCLUDED.precision, measure = EXCLUDED.measure, break_year = EXCLUDED.break_year,
			break_note_en = EXCLUDED.break_note_en, break_note_zh = EXCLUDED.break_note_zh,
			sort_order = EXCLUDED.sort_order
		WHERE (i.name_en, i.name_zh, i.unit, i.unit_zh, i.definition_en, i.definition_zh, i.category,
			i.direction, i.precision, i.measure, i.break_year, i.break_note_en, i.break_note_zh, i.sort_order)
			IS DISTINCT FROM (EXCLUDED.name_en, EXCLUDED.name_zh, EXCLUDED.unit, EXCLUDED.unit_zh,
			EXCLUDED.definition_en, EXCLUDED.definition_zh, EXCLUDED.category, EXCLUDED.direction,
			EXCLUDED.precision, EXCLUDED.measure, EXCLUDED.break_year, EXCLUDED.break_note_en,
			EXCLUDED.break_note_zh, EXCLUDED.sort_order)
		RETURNING i.xmax = 0, 'indicator ' || i.code`, len(f.Indicators))
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
		RETURNING t.xmax = 0, concat_ws(' ', 'target', t.indicator, t.region, t.year, t.kind, quote_literal(t.document))`,
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
		RETURNING e.xmax = 0, concat_ws(' ', 'event', e.date, quote_literal(e.title_en))`, len(f.Events))
}

func nullInt16(v int) *int16 {
	if v == 0 {
		return nil
	}
	n := int16(v)
	return &n
}
