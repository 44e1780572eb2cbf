package db

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// exportSelect ranks vintages exactly as the view observation_vintages does
// (by publication date, then load order). The final order compares codes
// bytewise (COLLATE "C"), so two exports of the same data are byte-identical
// whatever the database's collation.
const exportSelect = `
	SELECT o.indicator, o.region, o.year, o.month, o.value::text, i.unit, o.flag, o.note, o.quote,
	       s.id, s.title, s.publisher, s.url, s.published, s.standing,
	       row_number() OVER w AS vintage,
	       count(*) OVER (PARTITION BY o.indicator, o.region, o.year, o.month) AS vintages
	FROM observations o
	JOIN sources s ON s.id = o.source_id
	JOIN indicators i ON i.code = o.indicator`

// exportAsOf keeps the vintages published by the as-of date (the last parameter), as Observations does.
func exportAsOf(param string) string { return ` WHERE ` + publishedBy("s.published", param) }

const exportOrder = `
	WINDOW w AS (PARTITION BY o.indicator, o.region, o.year, o.month ORDER BY s.published, o.id)
	ORDER BY o.indicator COLLATE "C", o.region COLLATE "C", o.year, o.month, vintage`

// ExportObservations calls fn with every vintage of every observation of the
// indicator code (all indicators when code is empty), with its source, in the
// order indicator, region, year, month, vintage. Rows are passed on as they
// arrive from the server, so memory stays constant whatever their number. fn
// gets the same *ExportRow each time: copy what must outlive the call. asOf is as in Observations.
func (d *DB) ExportObservations(ctx context.Context, code string, asOf AsOf, fn func(*ExportRow) error) error {
	return exportObservations(ctx, d.pool, code, asOf, fn)
}

// The statements of exportObservations: every indicator, and one.
var (
	exportAll         = exportSelect + exportAsOf("$1") + exportOrder
	exportOfIndicator = exportSelect + exportAsOf("$2") + ` AND o.indicator = $1` + exportOrder
)

func exportObservations(ctx context.Context, q querier, code string, asOf AsOf, fn func(*ExportRow) error) error {
	var rows pgx.Rows
	var err error
	// Two statements rather than "$1 = '' OR ...": see Observations.
	if code == "" {
		rows, err = q.Query(ctx, exportAll, asOf)
	} else {
		rows, err = q.Query(ctx, exportOfIndicator, code, asOf)
	}
	if err != nil {
		return fmt.Errorf("export observations %q: %w", code, err)
	}
	defer rows.Close()
	var r ExportRow
	s := &r.Source
	dest := []any{&r.Indicator, &r.Region, &r.Year, &r.Month, &r.Value, &r.Unit, &r.Flag, &r.Note, &r.Quote,
		&s.ID, &s.Title, &s.Publisher, &s.URL, &s.Published, &s.Standing, &r.Vintage, &r.Vintages}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export observations %q: scan: %w", code, err)
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export observations %q: %w", code, err)
	}
	return nil
}

// CopyObservations writes the rows of ExportObservations("") as CSV with
// PostgreSQL's own COPY ... TO STDOUT and returns their number: the physical
// limit the export is measured against (make bench).
func (d *DB) CopyObservations(ctx context.Context, w io.Writer) (int64, error) {
	conn, err := d.pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("copy observations: %w", err)
	}
	defer conn.Release()
	tag, err := conn.Conn().PgConn().CopyTo(ctx, w, `COPY (`+exportSelect+exportOrder+`) TO STDOUT WITH (FORMAT csv, HEADER)`)
	if err != nil {
		return 0, fmt.Errorf("copy observations: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Regions lists the country and the provinces, country first.
func (d *DB) Regions(ctx context.Context) ([]Region, error) { return regions(ctx, d.pool) }

const regionsAll = `SELECT code, name_en, name_zh, level, official_en, official_zh FROM regions
	ORDER BY level = 'province', code COLLATE "C"`

func regions(ctx context.Context, q querier) ([]Region, error) {
	rows, err := q.Query(ctx, regionsAll)
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.NameEN, &r.NameZH, &r.Level, &r.OfficialEN, &r.OfficialZH); err != nil {
			return nil, fmt.Errorf("scan region: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	return out, nil
}

// Snapshot reads the data as it stood at one moment: every read runs in the same REPEATABLE READ READ ONLY
// transaction, so a seed run that commits while an export is being read is either wholly in the export or
// not at all (the observations of a data package never name a source its sources.csv lacks). It is valid
// only inside the function given to ReadSnapshot.
type Snapshot struct {
	tx pgx.Tx
}

// ReadSnapshot runs fn with a Snapshot of the database, in one read-only transaction held on one connection
// until fn returns. ctx bounds the whole transaction: acquiring the connection, every read, the end.
func (d *DB) ReadSnapshot(ctx context.Context, fn func(*Snapshot) error) error {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	// Read-only, so nothing to undo: the rollback ends the transaction when fn fails or panics (with ctx
	// done, pgx closes the connection instead) and is a no-op after the commit.
	defer tx.Rollback(ctx)
	if err := fn(&Snapshot{tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("end snapshot: %w", err)
	}
	return nil
}

// ReadTables is ReadSnapshot for a reader that knows the snapshot only as record.Tables (package export).
func (d *DB) ReadTables(ctx context.Context, fn func(record.Tables) error) error {
	return d.ReadSnapshot(ctx, func(s *Snapshot) error { return fn(s) })
}

// The reads of a Snapshot are the *DB methods of the same names (query.go): the same functions, run in the
// snapshot's transaction.

// DataVersion is DB.DataVersion as of the snapshot.
func (s *Snapshot) DataVersion(ctx context.Context) (int64, error) { return dataVersion(ctx, s.tx) }

// DataVersions is DB.DataVersions as of the snapshot: the counts of the changes that the snapshot's data has
// been through, so its Total names the state of everything the snapshot reads.
func (s *Snapshot) DataVersions(ctx context.Context) (DataVersions, error) {
	return dataVersions(ctx, s.tx)
}

// Version is the sum of the counts of changes as of the snapshot (DataVersions.Total): it names the state of
// everything the snapshot reads.
func (s *Snapshot) Version(ctx context.Context) (int64, error) {
	v, err := dataVersions(ctx, s.tx)
	return v.Total, err
}

// Regions is DB.Regions as of the snapshot.
func (s *Snapshot) Regions(ctx context.Context) ([]Region, error) { return regions(ctx, s.tx) }

// Indicators is DB.Indicators as of the snapshot.
func (s *Snapshot) Indicators(ctx context.Context) ([]Indicator, error) { return indicators(ctx, s.tx) }

// Sources is DB.Sources in the snapshot.
func (s *Snapshot) Sources(ctx context.Context, asOf AsOf) ([]Source, error) {
	return sources(ctx, s.tx, asOf)
}

// Targets is DB.Targets("", asOf) in the snapshot: every target, ordered by indicator, region, year, kind and
// document.
func (s *Snapshot) Targets(ctx context.Context, asOf AsOf) ([]Target, error) {
	return targets(ctx, s.tx, "", asOf)
}

// Events is DB.Events in the snapshot.
func (s *Snapshot) Events(ctx context.Context, asOf AsOf) ([]Event, error) {
	return events(ctx, s.tx, asOf)
}

// Assessments is DB.Assessments in the snapshot, keeping with asOf those issued by then (record.PublishedBy
// of the issue date, else of the source's date).
func (s *Snapshot) Assessments(ctx context.Context, asOf AsOf) ([]Assessment, error) {
	all, err := assessments(ctx, s.tx)
	if err != nil || asOf == "" {
		return all, err
	}
	var out []Assessment
	for _, a := range all {
		issued := a.Issued
		if issued == "" {
			issued = a.Source.Published
		}
		if record.PublishedBy(issued, asOf) {
			out = append(out, a)
		}
	}
	return out, nil
}

// ExportObservations is DB.ExportObservations in the snapshot.
func (s *Snapshot) ExportObservations(ctx context.Context, code string, asOf AsOf, fn func(*ExportRow) error) error {
	return exportObservations(ctx, s.tx, code, asOf, fn)
}
