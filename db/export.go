package db

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
)

// ExportRow is one observation as the exports carry it: the observation, its
// source and the unit of its indicator.
type ExportRow struct {
	Observation
	Unit string
}

// Region is a region observations are about: the country or a province.
type Region struct {
	Code   string
	NameEN string
	NameZH string
	Level  string // country or province
}

// exportSelect ranks vintages exactly as the view observation_vintages does
// (by publication date, then load order). The final order compares codes
// bytewise (COLLATE "C"), so two exports of the same data are byte-identical
// whatever the database's collation.
const exportSelect = `
	SELECT o.indicator, o.region, o.year, o.month, o.value::text, i.unit, o.flag, o.note, o.quote,
	       s.id, s.title, s.publisher, s.url, s.published,
	       row_number() OVER w AS vintage,
	       count(*) OVER (PARTITION BY o.indicator, o.region, o.year, o.month) AS vintages
	FROM observations o
	JOIN sources s ON s.id = o.source_id
	JOIN indicators i ON i.code = o.indicator`

const exportOrder = `
	WINDOW w AS (PARTITION BY o.indicator, o.region, o.year, o.month ORDER BY s.published, o.id)
	ORDER BY o.indicator COLLATE "C", o.region COLLATE "C", o.year, o.month, vintage`

// ExportObservations calls fn with every vintage of every observation of the
// indicator code (all indicators when code is empty), with its source, in the
// order indicator, region, year, month, vintage. Rows are passed on as they
// arrive from the server, so memory stays constant whatever their number. fn
// gets the same *ExportRow each time: copy what must outlive the call.
func (d *DB) ExportObservations(ctx context.Context, code string, fn func(*ExportRow) error) error {
	return exportObservations(ctx, d.Pool, code, fn)
}

// querier runs a statement on the pool or within a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func exportObservations(ctx context.Context, q querier, code string, fn func(*ExportRow) error) error {
	var rows pgx.Rows
	var err error
	// Two statements rather than "$1 = '' OR ...": see Observations.
	if code == "" {
		rows, err = q.Query(ctx, exportSelect+exportOrder)
	} else {
		rows, err = q.Query(ctx, exportSelect+` WHERE o.indicator = $1`+exportOrder, code)
	}
	if err != nil {
		return fmt.Errorf("export observations %q: %w", code, err)
	}
	defer rows.Close()
	var r ExportRow
	s := &r.Source
	dest := []any{&r.Indicator, &r.Region, &r.Year, &r.Month, &r.Value, &r.Unit, &r.Flag, &r.Note, &r.Quote,
		&s.ID, &s.Title, &s.Publisher, &s.URL, &s.Published, &r.Vintage, &r.Vintages}
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
	conn, err := d.Pool.Acquire(ctx)
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
func (d *DB) Regions(ctx context.Context) ([]Region, error) { return regions(ctx, d.Pool) }

func regions(ctx context.Context, q querier) ([]Region, error) {
	rows, err := q.Query(ctx, `SELECT code, name_en, name_zh, level FROM regions
		ORDER BY level = 'province', code COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("list regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.NameEN, &r.NameZH, &r.Level); err != nil {
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
	tx, err := d.Pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
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

// The reads of a Snapshot are the statements of the *DB methods of the same names (query.go), run in the
// snapshot's transaction.

// DataVersion is DB.DataVersion as of the snapshot.
func (s *Snapshot) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM seed_runs WHERE inserted + updated > 0`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// Regions is DB.Regions as of the snapshot.
func (s *Snapshot) Regions(ctx context.Context) ([]Region, error) { return regions(ctx, s.tx) }

// Indicators is DB.Indicators as of the snapshot.
func (s *Snapshot) Indicators(ctx context.Context) ([]Indicator, error) {
	rows, err := s.tx.Query(ctx, `SELECT `+indicatorColumns+` FROM indicators ORDER BY sort_order, code`)
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

// Sources is DB.Sources as of the snapshot.
func (s *Snapshot) Sources(ctx context.Context) ([]Source, error) {
	rows, err := s.tx.Query(ctx, `SELECT id, title, publisher, url, published FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var src Source
		if err := rows.Scan(&src.ID, &src.Title, &src.Publisher, &src.URL, &src.Published); err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

// Targets is DB.Targets("") as of the snapshot: every target, ordered by indicator, region, year, kind and
// document.
func (s *Snapshot) Targets(ctx context.Context) ([]Target, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT t.id, t.indicator, t.region, t.year, t.value::text, t.kind, coalesce(t.base_year, 0),
		       t.binding, t.plan, t.document, t.issuer, t.issued, t.flag, t.note, t.quote,
		       s.id, s.title, s.publisher, s.url, s.published
		FROM targets t JOIN sources s ON s.id = t.source_id
		ORDER BY t.indicator, t.region, t.year, t.kind, t.document`)
	if err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.ID, &t.Indicator, &t.Region, &t.Year, &t.Value, &t.Kind, &t.BaseYear,
			&t.Binding, &t.Plan, &t.Document, &t.Issuer, &t.Issued, &t.Flag, &t.Note, &t.Quote,
			&t.Source.ID, &t.Source.Title, &t.Source.Publisher, &t.Source.URL, &t.Source.Published); err != nil {
			return nil, fmt.Errorf("scan target: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list targets: %w", err)
	}
	return out, nil
}

// Events is DB.Events as of the snapshot.
func (s *Snapshot) Events(ctx context.Context) ([]Event, error) {
	rows, err := s.tx.Query(ctx, `
		SELECT e.id, e.date, e.title_en, e.title_zh, e.issuer, coalesce(e.indicator, ''),
		       s.id, s.title, s.publisher, s.url, s.published
		FROM events e LEFT JOIN sources s ON s.id = e.source_id
		ORDER BY e.date, e.title_en`)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var id *int64
		var title, publisher, url, published *string
		if err := rows.Scan(&e.ID, &e.Date, &e.TitleEN, &e.TitleZH, &e.Issuer, &e.Indicator,
			&id, &title, &publisher, &url, &published); err != nil {
			return nil, fmt.Errorf("scan event: %w", err)
		}
		if id != nil {
			e.Source = &Source{ID: *id, Title: *title, Publisher: *publisher, URL: *url, Published: *published}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return out, nil
}

// ExportObservations is DB.ExportObservations as of the snapshot.
func (s *Snapshot) ExportObservations(ctx context.Context, code string, fn func(*ExportRow) error) error {
	return exportObservations(ctx, s.tx, code, fn)
}
