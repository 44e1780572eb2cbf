package seed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// testdata reads files of testdata/ as inputs.
func testdata(t testing.TB, names ...string) []Input {
	t.Helper()
	var in []Input
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: name, Data: b})
	}
	return in
}

func load(t testing.TB, d *db.DB, o Options, inputs ...Input) []db.LoadResult {
	t.Helper()
	res, err := Load(testContext(t), d, inputs, o)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return res
}

// tables are every table of the schema.
var tables = []string{"regions", "indicators", "sources", "observations", "targets", "events", "assessments", "ratings",
	"seed_runs", "seed_run_replaced", "seed_run_sources", "current_yearly"}

// snapshot is the row count and an md5 of the ordered rows of every table:
// equal snapshots mean nothing was written.
func snapshot(t testing.TB, d *db.DB) string {
	t.Helper()
	s := ""
	for _, table := range tables {
		var n int
		var sum string
		err := d.Raw().QueryRow(testContext(t), fmt.Sprintf(
			`SELECT count(*), coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM %s t`, table)).Scan(&n, &sum)
		if err != nil {
			t.Fatal(err)
		}
		s += fmt.Sprintf("%s %d %s\n", table, n, sum)
	}
	return s
}

// content is the data without ids and times, to compare databases loaded in different orders.
func content(t testing.TB, d *db.DB) string {
	t.Helper()
	queries := []string{
		`SELECT code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh, category, direction, precision,
			measure, break_year, break_note_en, break_note_zh, sort_order FROM indicators t`,
		`SELECT title, publisher, url, published FROM sources t`,
		`SELECT o.indicator, o.region, o.year, o.month, o.value, o.flag, o.note, o.quote, s.title, s.url, s.published
			FROM observations o JOIN sources s ON s.id = o.source_id`,
		`SELECT t.indicator, t.region, t.year, t.value, t.kind, t.base_year, t.binding, t.plan, t.document, t.document_zh, t.issuer,
			t.issued, t.flag, t.note, t.quote, s.title FROM targets t JOIN sources s ON s.id = t.source_id`,
		`SELECT e.date, e.title_en, e.title_zh, e.issuer, e.indicator, s.title FROM events e LEFT JOIN sources s ON s.id = e.source_id`,
		`SELECT file_name, sha256, inserted, updated, unchanged FROM seed_runs t`,
	}
	out := ""
	for _, q := range queries {
		var n int
		var sum string
		err := d.Raw().QueryRow(testContext(t), `SELECT count(*), coalesce(md5(string_agg(q::text, E'\n' ORDER BY q::text)), '') FROM (`+q+`) q`).Scan(&n, &sum)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out += fmt.Sprintf("%d %s\n", n, sum)
	}
	return out
}
