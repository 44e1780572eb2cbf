package db_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// viewObservations is the statement Observations replaced: every case filtered on the view
// observation_vintages, which defines how vintages rank. Observations must return exactly its rows.
const viewObservations = `
	SELECT o.indicator, o.region, o.year, o.month, o.value::text, o.flag, o.note, o.quote,
	       s.id, s.title, s.publisher, s.url, s.published, o.vintage, o.vintages
	FROM observation_vintages o JOIN sources s ON s.id = o.source_id
	WHERE ($1 = '' OR o.indicator = $1) AND ($2 = '' OR o.region = $2)
	ORDER BY o.indicator, o.region, o.year, o.month, o.vintage`

// loadVintages fills d with two indicators in two regions, yearly and monthly, with revisions whose
// sources tie on their publication date (ranked by row id) or have none (ranked first).
func loadVintages(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range []string{
		`INSERT INTO indicators (code, name_en, name_zh, unit, category, direction) VALUES
			('coal_share', 'Coal share', '煤炭消费比重', '%', 'energy_structure', 'down'),
			('pm25', 'PM2.5', '细颗粒物', 'µg/m³', 'air_water', 'down')`,
		`INSERT INTO sources (title, publisher, url, published) VALUES
			('Yearbook', 'NBS', 'https://example.org/yb', '2021-09'),
			('Communiqué', 'NBS', '', '2021-02'),
			('Press note A', '', '', '2021-02'),
			('Undated note', '', '', ''),
			('Monthly release', 'MEE', 'https://example.org/m', '2021')`,
		// Inserted out of publication order, so ids and dates disagree.
		`INSERT INTO observations (indicator, region, year, month, value, source_id, flag, note, quote)
		 SELECT i, r, y, m, v, s.id, f, n, q FROM (VALUES
			('coal_share', 'CN', 2020, 0, 56.9, 'Yearbook', '', 'revised', ''),
			('coal_share', 'CN', 2020, 0, 56.8, 'Communiqué', 'preliminary', '', '比重为56.8%'),
			('coal_share', 'CN', 2020, 0, 57.0, 'Press note A', 'about', '', ''),
			('coal_share', 'CN', 2020, 0, 57.2, 'Undated note', '', '', ''),
			('coal_share', 'CN', 2019, 0, 57.7, 'Yearbook', '', '', ''),
			('coal_share', 'CN-BJ', 2020, 0, 1.5, 'Communiqué', '', '', ''),
			('coal_share', 'CN-BJ', 2020, 0, 1.6, 'Yearbook', '', '', ''),
			('pm25', 'CN', 2020, 0, 33, 'Yearbook', '', '', ''),
			('pm25', 'CN', 2020, 1, 50.25, 'Monthly release', '', '', ''),
			('pm25', 'CN', 2020, 1, 50.5, 'Yearbook', '', '', ''),
			('pm25', 'CN', 2020, 12, 41, 'Monthly release', '', '', ''),
			('pm25', 'CN-BJ', 2020, 1, 90.000, 'Monthly release', '', '', ''),
			('pm25', 'CN-BJ', 2021, 0, 33, 'Undated note', '', '', '')
		 ) x(i, r, y, m, v, t, f, n, q) JOIN sources s ON s.title = x.t`,
	} {
		if _, err := d.Pool.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func TestObservationsMatchTheView(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	loadVintages(t, d)
	cases := []struct {
		code, region string
		rows         int
	}{
		{"coal_share", "CN", 5}, {"coal_share", "CN-BJ", 2}, {"pm25", "CN", 4}, {"coal_share", "", 7},
		{"", "CN", 9}, {"", "CN-BJ", 4}, {"", "", 13}, {"pm25", "CN-SH", 0}, {"nope", "", 0},
	}
	for _, c := range cases {
		got, err := d.Observations(ctx, c.code, c.region)
		if err != nil {
			t.Fatalf("Observations(%q, %q): %v", c.code, c.region, err)
		}
		want := viewRows(t, d, c.code, c.region)
		if len(got) != c.rows || !reflect.DeepEqual(got, want) {
			t.Errorf("Observations(%q, %q) = %d rows\n%+v\nwant %d rows, as the view gives:\n%+v",
				c.code, c.region, len(got), got, c.rows, want)
		}
	}
	// The ranking itself: undated first, then by date, a tie on the date by row id; the yearbook is current.
	got, err := d.Observations(ctx, "coal_share", "CN")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, o := range got {
		if o.Year == 2020 {
			order = append(order, o.Source.Title)
			if o.Vintages != 4 {
				t.Errorf("%s: vintages = %d, want 4", o.Source.Title, o.Vintages)
			}
		}
	}
	if want := []string{"Undated note", "Communiqué", "Press note A", "Yearbook"}; !reflect.DeepEqual(order, want) {
		t.Errorf("2020 vintages in order %q, want %q", order, want)
	}
}

func viewRows(t *testing.T, d *db.DB, code, region string) []db.Observation {
	t.Helper()
	rows, err := d.Pool.Query(context.Background(), viewObservations, code, region)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []db.Observation
	for rows.Next() {
		var o db.Observation
		if err := rows.Scan(&o.Indicator, &o.Region, &o.Year, &o.Month, &o.Value, &o.Flag, &o.Note, &o.Quote,
			&o.Source.ID, &o.Source.Title, &o.Source.Publisher, &o.Source.URL, &o.Source.Published,
			&o.Vintage, &o.Vintages); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestObservationsReadOnlyTheirSeries guards the statement split in Observations: with every prepared
// statement planned generically (as PostgreSQL does after a few calls) and sequential scans priced out,
// reading one series must read no other row of observations. A statement with optional filters
// ("$1 is empty or matches") cannot take its filter to the index and reads every row.
func TestObservationsReadOnlyTheirSeries(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	loadVintages(t, dbtest.Open(t, url))
	d := dbtest.Open(t, url+"&pool_max_conns=1&plan_cache_mode=force_generic_plan&enable_seqscan=off")
	read := func() int64 {
		t.Helper()
		// This backend's counts are flushed when it next goes idle: force it, read them in a later statement.
		if _, err := d.Pool.Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := d.Pool.QueryRow(ctx, `SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables
			WHERE relname = 'observations'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := read()
	returned := 0
	for _, c := range [][2]string{{"coal_share", "CN"}, {"pm25", ""}} {
		for range 3 {
			obs, err := d.Observations(ctx, c[0], c[1])
			if err != nil {
				t.Fatal(err)
			}
			returned += len(obs)
		}
	}
	// Rows come from an index-only scan (no row read) or from the heap through an index (one read each).
	if n := read() - before; n > int64(returned) || returned != 3*5+3*6 {
		t.Errorf("one series at a time: %d rows of observations read for %d returned, want at most as many", n, returned)
	}
	// The check can fail: the old statement on the view reads every row for one series.
	before = read()
	rows, err := d.Pool.Query(ctx, viewObservations, "coal_share", "CN")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if n := read() - before; n != 13 {
		t.Errorf("the statement on the view read %d rows, want all 13: the check above proves nothing", n)
	}
}
