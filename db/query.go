package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

const indicatorColumns = `code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
	category, direction, precision, measure, coalesce(break_year, 0), break_note_en, break_note_zh, sort_order`

func scanIndicator(row pgx.Row, in *Indicator) error {
	return row.Scan(&in.Code, &in.NameEN, &in.NameZH, &in.Unit, &in.UnitZH, &in.DefinitionEN,
		&in.DefinitionZH, &in.Category, &in.Direction, &in.Precision, &in.Measure, &in.BreakYear,
		&in.BreakNoteEN, &in.BreakNoteZH, &in.SortOrder)
}

// Indicators lists every indicator in display order.
func (d *DB) Indicators(ctx context.Context) ([]Indicator, error) {
	rows, err := d.Pool.Query(ctx, `SELECT `+indicatorColumns+` FROM indicators ORDER BY sort_order, code`)
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
	return out, rows.Err()
}

// Indicator returns one indicator, or ErrNotFound.
func (d *DB) Indicator(ctx context.Context, code string) (Indicator, error) {
	var in Indicator
	err := scanIndicator(d.Pool.QueryRow(ctx, `SELECT `+indicatorColumns+` FROM indicators WHERE code = $1`, code), &in)
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
func (d *DB) Observations(ctx context.Context, code, region string) ([]Observation, error) {
	rows, err := d.Pool.Query(ctx, `
		SELECT o.indicator, o.region, o.year, o.month, o.value::text, o.flag, o.note, o.quote,
		       s.id, s.title, s.publisher, s.url, s.published, o.vintage, o.vintages
		FROM observation_vintages o JOIN sources s ON s.id = o.source_id
		WHERE ($1 = '' OR o.indicator = $1) AND ($2 = '' OR o.region = $2)
		ORDER BY o.indicator, o.region, o.year, o.month, o.vintage`, code, region)
	if err != nil {
		return nil, fmt.Errorf("list observations of %q: %w", code, err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		var o Observation
		if err := rows.Scan(&o.Indicator, &o.Region, &o.Year, &o.Month, &o.Value, &o.Flag, &o.Note, &o.Quote,
			&o.Source.ID, &o.Source.Title, &o.Source.Publisher, &o.Source.URL, &o.Source.Published,
			&o.Vintage, &o.Vintages); err != nil {
			return nil, fmt.Errorf("scan observation: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Targets returns the targets of an indicator (all when code is empty),
// ordered by indicator, year and document.
func (d *DB) Targets(ctx context.Context, code string) ([]Target, error) {
	rows, err := d.Pool.Query(ctx, `
		SELECT t.id, t.indicator, t.region, t.year, t.value::text, t.kind, coalesce(t.base_year, 0),
		       t.binding, t.plan, t.document, t.issuer, t.issued, t.flag, t.note, t.quote,
		       s.id, s.title, s.publisher, s.url, s.published
		FROM targets t JOIN sources s ON s.id = t.source_id
		WHERE $1 = '' OR t.indicator = $1
		ORDER BY t.indicator, t.region, t.year, t.kind, t.document`, code)
	if err != nil {
		return nil, fmt.Errorf("list targets of %q: %w", code, err)
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
	return out, rows.Err()
}

// Events returns every policy event by date.
func (d *DB) Events(ctx context.Context) ([]Event, error) {
	rows, err := d.Pool.Query(ctx, `
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
	return out, rows.Err()
}

// Sources lists every source by id.
func (d *DB) Sources(ctx context.Context) ([]Source, error) {
	rows, err := d.Pool.Query(ctx, `SELECT id, title, publisher, url, published FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var s Source
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &s.Published); err != nil {
			return nil, fmt.Errorf("scan source: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DataVersion identifies the state of the data: it changes exactly when a seed
// run changes something, so caches keyed by it are invalidated then.
func (d *DB) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := d.Pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM seed_runs WHERE inserted + updated > 0`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// LastSeedRun returns the most recent seed run, or ErrNotFound.
func (d *DB) LastSeedRun(ctx context.Context) (SeedRun, error) {
	var r SeedRun
	err := d.Pool.QueryRow(ctx, `SELECT id, file_name, sha256, inserted, updated, unchanged, started_at, finished_at
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
