package db_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
	"github.com/dualcarbon/dualcarbon/seed"
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
	coal, pm25 := dbtest.Indicator("coal_share"), dbtest.Indicator("pm25")
	coal.NameEN, coal.NameZH, coal.Unit, coal.Category, coal.Direction = "Coal share", "煤炭消费比重", "%", "energy_structure", "down"
	pm25.NameEN, pm25.NameZH, pm25.Unit, pm25.Category, pm25.Direction = "PM2.5", "细颗粒物", "µg/m³", "air_water", "down"
	dbtest.AddIndicators(t, d, coal, pm25)
	src := map[string]record.Source{}
	for _, s := range []record.Source{
		{Title: "Yearbook", Publisher: "NBS", URL: "https://example.org/yb", Published: "2021-09"},
		{Title: "Communiqué", Publisher: "NBS", Published: "2021-02"},
		{Title: "Press note A", Published: "2021-02"},
		{Title: "Undated note"},
		{Title: "Monthly release", Publisher: "MEE", URL: "https://example.org/m", Published: "2021"},
	} {
		src[s.Title] = dbtest.AddSource(t, d, s)
	}
	o := func(code, region string, year, month int, value, source, flag, note, quote string) record.Observation {
		return record.Observation{Indicator: code, Region: region, Year: year, Month: month, Value: value,
			Source: src[source], Flag: flag, Note: note, Quote: quote}
	}
	// Inserted out of publication order, so ids and dates disagree.
	dbtest.AddObservations(t, d,
		o("coal_share", "CN", 2020, 0, "56.9", "Yearbook", "", "revised", ""),
		o("coal_share", "CN", 2020, 0, "56.8", "Communiqué", "preliminary", "", "比重为56.8%"),
		o("coal_share", "CN", 2020, 0, "57.0", "Press note A", "about", "", ""),
		o("coal_share", "CN", 2020, 0, "57.2", "Undated note", "", "", ""),
		o("coal_share", "CN", 2019, 0, "57.7", "Yearbook", "", "", ""),
		o("coal_share", "CN-BJ", 2020, 0, "1.5", "Communiqué", "", "", ""),
		o("coal_share", "CN-BJ", 2020, 0, "1.6", "Yearbook", "", "", ""),
		o("pm25", "CN", 2020, 0, "33", "Yearbook", "", "", ""),
		o("pm25", "CN", 2020, 1, "50.25", "Monthly release", "", "", ""),
		o("pm25", "CN", 2020, 1, "50.5", "Yearbook", "", "", ""),
		o("pm25", "CN", 2020, 12, "41", "Monthly release", "", "", ""),
		o("pm25", "CN-BJ", 2020, 1, "90.000", "Monthly release", "", "", ""),
		o("pm25", "CN-BJ", 2021, 0, "33", "Undated note", "", "", ""))
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
		got, err := d.Observations(ctx, c.code, c.region, "")
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
	got, err := d.Observations(ctx, "coal_share", "CN", "")
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
	rows, err := d.Raw().Query(context.Background(), viewObservations, code, region)
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
		if _, err := d.Raw().Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := d.Raw().QueryRow(ctx, `SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables
			WHERE relname = 'observations'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := read()
	returned := 0
	for _, c := range [][2]string{{"coal_share", "CN"}, {"pm25", ""}} {
		for range 3 {
			obs, err := d.Observations(ctx, c[0], c[1], "")
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
	rows, err := d.Raw().Query(ctx, viewObservations, "coal_share", "CN")
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if n := read() - before; n != 13 {
		t.Errorf("the statement on the view read %d rows, want all 13: the check above proves nothing", n)
	}
}

// yearlyOf is what YearlyObservations must return: the rows of Observations("", region) of month 0.
func yearlyOf(t *testing.T, d *db.DB, region string) (yearly []db.Observation, monthly int) {
	t.Helper()
	all, err := d.Observations(context.Background(), "", region, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		if o.Month == 0 {
			yearly = append(yearly, o)
		} else {
			monthly++
		}
	}
	return yearly, monthly
}

func TestYearlyObservationsAreTheYearlyRows(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	loadVintages(t, d)
	skipped := 0
	for _, c := range []struct {
		region string
		rows   int
	}{{"CN", 6}, {"CN-BJ", 3}, {"", 9}, {"CN-SH", 0}} {
		got, err := d.YearlyObservations(ctx, c.region, "")
		if err != nil {
			t.Fatalf("YearlyObservations(%q): %v", c.region, err)
		}
		want, monthly := yearlyOf(t, d, c.region)
		skipped += monthly
		if len(got) != c.rows || !reflect.DeepEqual(got, want) {
			t.Errorf("YearlyObservations(%q) = %d rows\n%+v\nwant %d rows:\n%+v", c.region, len(got), got, c.rows, want)
		}
	}
	if skipped == 0 {
		t.Fatal("no monthly row in the data: the comparison proves nothing")
	}
}

// The built-in dataset reads the same through YearlyObservations as through Observations.
func TestYearlyObservationsOfTheBuiltinDataset(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := d.YearlyObservations(ctx, "CN", "")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := yearlyOf(t, d, "CN")
	if len(want) < 300 || !reflect.DeepEqual(got, want) {
		t.Errorf("built-in dataset: YearlyObservations gives %d rows, Observations %d yearly rows; they differ", len(got), len(want))
	}
}

// TestYearlyObservationsReadSeriesBySeries guards the shape of the statement: the indexes are read series by
// series (indicator and region lead them, month 0 is checked in the index), so reading the yearly rows of one
// region reads no monthly row and touches a small part of the indexes. Reading the region with a plain filter
// (what Observations("", region) does) reads every row, or every page of an index.
func TestYearlyObservationsReadSeriesBySeries(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	setup := dbtest.Open(t, url)
	loadVintages(t, setup)
	// 3 indicators x 32 regions x 30 years x 13 periods: the indexes span a few hundred pages.
	if _, err := setup.Raw().Exec(ctx, `
		INSERT INTO indicators (code, name_en, name_zh, unit, category, direction)
		SELECT 'bulk_' || n, 'Bulk ' || n, '批量', 'Mt', 'industry', 'up' FROM generate_series(1, 3) n;
		INSERT INTO observations (indicator, region, year, month, value, source_id)
		SELECT 'bulk_' || n, r.code, y, m, y + m, (SELECT id FROM sources WHERE title = 'Yearbook')
		FROM generate_series(1, 3) n, regions r, generate_series(1990, 2019) y, generate_series(0, 12) m`); err != nil {
		t.Fatal(err)
	}
	if _, err := setup.Raw().Exec(ctx, `VACUUM ANALYZE observations`); err != nil {
		t.Fatal(err)
	}
	d := dbtest.Open(t, url+"&pool_max_conns=1&plan_cache_mode=force_generic_plan")
	type counts struct{ rows, indexPages, allIndexPages int64 }
	read := func() counts {
		t.Helper()
		if _, err := d.Raw().Exec(ctx, `SELECT pg_stat_force_next_flush()`); err != nil {
			t.Fatal(err)
		}
		var c counts
		if err := d.Raw().QueryRow(ctx, `SELECT t.seq_tup_read + coalesce(t.idx_tup_fetch, 0),
				(SELECT coalesce(idx_blks_read + idx_blks_hit, 0) FROM pg_statio_user_tables WHERE relname = 'observations'),
				(SELECT sum(c.relpages)::bigint FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
				 WHERE i.indrelid = 'observations'::regclass)
			FROM pg_stat_user_tables t WHERE t.relname = 'observations'`).Scan(&c.rows, &c.indexPages, &c.allIndexPages); err != nil {
			t.Fatal(err)
		}
		return c
	}
	before := read()
	returned := 0
	for range 3 {
		obs, err := d.YearlyObservations(ctx, "CN", "")
		if err != nil {
			t.Fatal(err)
		}
		returned += len(obs)
	}
	after := read()
	if returned != 3*(6+3*30) {
		t.Fatalf("returned %d rows, want %d", returned, 3*(6+3*30))
	}
	// Each row is read once at most, but the two with a note or a quote may be looked at by both branches of
	// the statement (on this small table the planner reads the heap through the unique index). A monthly row
	// read would add 1,080 (3 calls x 3 x 30 x 12 in CN).
	if n := after.rows - before.rows; n > int64(returned+3*2) {
		t.Errorf("yearly rows of CN: %d rows of observations read for %d returned", n, returned)
	}
	if n := after.indexPages - before.indexPages; n > after.allIndexPages {
		t.Errorf("yearly rows of CN, three times: %d index pages read, more than all the indexes once (%d pages)",
			n, after.allIndexPages)
	}
	// The check can fail: the region read with a plain filter reads every row, or every page of an index.
	before = read()
	obs, err := d.Observations(ctx, "", "CN", "")
	if err != nil {
		t.Fatal(err)
	}
	after = read()
	if rows, pages := after.rows-before.rows, after.indexPages-before.indexPages; rows <= int64(len(obs)) && pages < after.allIndexPages/3 {
		t.Errorf("Observations(\"\", \"CN\") read %d rows and %d index pages of %d: the check above proves nothing",
			rows, pages, after.allIndexPages)
	}
}
