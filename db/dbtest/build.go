package dbtest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// Builders of test fixtures: a test states the rows it needs as record values, with defaults for what it
// leaves out, and they are inserted with plain SQL (the seed's validation is not what such a test is about;
// tests of seeding load files through package seed).

// SQL is a pool on d's database, for the statements a test runs itself: fixtures the builders do not cover,
// and reads that check what was written.
func SQL(t testing.TB, d *db.DB) *pgxpool.Pool {
	t.Helper()
	return d.Raw()
}

// Strings is the first column of the rows of query (a text column), for tests that check what was written.
func Strings(t testing.TB, d *db.DB, query string, args ...any) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := SQL(t, d).Query(ctx, query, args...)
	if err != nil {
		t.Fatalf("dbtest: %v\n%s", err, query)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("dbtest: %v\n%s", err, query)
	}
	return out
}

// Indicator is an indicator with test defaults: named by its code in both languages, unit "t", category
// ecology, direction up, precision 1, measure level.
func Indicator(code string) record.Indicator {
	return record.Indicator{Code: code, NameEN: code, NameZH: code, Unit: "t", Category: "ecology", Direction: "up",
		Precision: 1, Measure: "level"}
}

func exec(t testing.TB, d *db.DB, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := SQL(t, d).Exec(ctx, sql, args...); err != nil {
		t.Fatalf("dbtest: %v\n%s", err, sql)
	}
}

func nullYear(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// AddIndicators inserts indicators as given (every column; empty fields are the empty text, a zero break year
// none).
func AddIndicators(t testing.TB, d *db.DB, ins ...record.Indicator) {
	t.Helper()
	for _, in := range ins {
		exec(t, d, `INSERT INTO indicators (code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh,
			category, direction, precision, measure, break_year, break_note_en, break_note_zh, sort_order)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			in.Code, in.NameEN, in.NameZH, in.Unit, in.UnitZH, in.DefinitionEN, in.DefinitionZH, in.Category,
			in.Direction, in.Precision, in.Measure, nullYear(in.BreakYear), in.BreakNoteEN, in.BreakNoteZH, in.SortOrder)
	}
}

// AddSource inserts a source (a title is required) with its Standing as stored ("" for not assessed) and
// returns it with its id.
func AddSource(t testing.TB, d *db.DB, s record.Source) record.Source {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := SQL(t, d).QueryRow(ctx, `INSERT INTO sources (title, publisher, url, published, standing_url)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.Title, s.Publisher, s.URL, s.Published, s.Standing).Scan(&s.ID)
	if err != nil {
		t.Fatalf("dbtest: source %q: %v", s.Title, err)
	}
	return s
}

// Series is a yearly series of code from src: values[i] is the value of the year from+i ("" skips the year).
func Series(code string, src record.Source, from int, values ...string) []record.Observation {
	var out []record.Observation
	for i, v := range values {
		if v != "" {
			out = append(out, record.Observation{Indicator: code, Region: "CN", Year: from + i, Value: v, Source: src})
		}
	}
	return out
}

// AddObservations inserts observations of their Source (by its ID; region CN when empty).
func AddObservations(t testing.TB, d *db.DB, obs ...record.Observation) {
	t.Helper()
	for _, o := range obs {
		if o.Region == "" {
			o.Region = "CN"
		}
		exec(t, d, `INSERT INTO observations (indicator, region, year, month, value, source_id, flag, note, quote)
			VALUES ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9)`,
			o.Indicator, o.Region, o.Year, o.Month, o.Value, o.Source.ID, o.Flag, o.Note, o.Quote)
	}
}

// Target is a target of code with test defaults: a level target, plan other, document "Plan", region CN.
func Target(code string, year int, value string, src record.Source) record.Target {
	return record.Target{Indicator: code, Region: "CN", Year: year, Value: value, Kind: "level", Plan: record.PlanOther,
		Document: "Plan", Source: src}
}

// AddTargets inserts targets of their Source (by its ID) and returns them with their ids.
func AddTargets(t testing.TB, d *db.DB, ts ...record.Target) []record.Target {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := make([]record.Target, 0, len(ts))
	for _, tg := range ts {
		if tg.Region == "" {
			tg.Region = "CN"
		}
		if tg.Plan == "" {
			tg.Plan = record.PlanOther
		}
		err := SQL(t, d).QueryRow(ctx, `INSERT INTO targets (indicator, region, year, value, kind, base_year, binding,
			plan, document, document_zh, issuer, issued, source_id, flag, note, quote)
			VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			tg.Indicator, tg.Region, tg.Year, tg.Value, tg.Kind, nullYear(tg.BaseYear), tg.Binding, tg.Plan,
			tg.Document, tg.DocumentZH, tg.Issuer, tg.Issued, tg.Source.ID, tg.Flag, tg.Note, tg.Quote).Scan(&tg.ID)
		if err != nil {
			t.Fatalf("dbtest: target of %s for %s: %v", tg.Indicator, strconv.Itoa(tg.Year), err)
		}
		out = append(out, tg)
	}
	return out
}

// AddEvents inserts events (the source, when given, by its ID).
func AddEvents(t testing.TB, d *db.DB, es ...record.Event) {
	t.Helper()
	for _, e := range es {
		var src, code any
		if e.Source != nil {
			src = e.Source.ID
		}
		if e.Indicator != "" {
			code = e.Indicator
		}
		exec(t, d, `INSERT INTO events (date, title_en, title_zh, issuer, indicator, source_id) VALUES ($1, $2, $3, $4, $5, $6)`,
			e.Date, e.TitleEN, e.TitleZH, e.Issuer, code, src)
	}
}

// AddSeedRun records a seed run of a file that inserted n rows, as the pages' "last seed" and the metrics read
// it.
func AddSeedRun(t testing.TB, d *db.DB, file string, inserted int) {
	t.Helper()
	exec(t, d, `INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ($1, repeat('a', 64), $2, 0, 0, now())`, file, inserted)
}
