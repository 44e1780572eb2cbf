package db_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/seed"
)

// The summary current_yearly (migrations/0015) holds, after every kind of write, exactly the current yearly
// vintages that the full statements rank: CurrentYearly and CurrentYearlyOfIndicator give the rows of
// YearlyObservations and YearlyOfIndicator whose vintage is the current one, for every region and indicator.
func TestCurrentYearlyFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := d.Raw().Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	loadVintages(t, d) // row by row, plain INSERTs: revisions, ties on the date, undated sources, notes, months
	checkCurrent(t, d, "inserts", 5)

	csv := "indicator,region,year,month,value,flag,source_title,source_url,published,note\n" +
		"coal_share,CN,2020,,56.95,,Statistical bulletin,https://example.org/b,2021-10,\n" + // a later vintage
		"coal_share,CN,2021,,56.0,,Statistical bulletin,https://example.org/b,2021-10,new year\n" +
		"coal_share,CN-SH,2020,,30.1,,Statistical bulletin,https://example.org/b,2021-10,\n" +
		"pm25,CN,2020,,33,,Yearbook,https://example.org/yb,2021-09,\n" + // unchanged
		"pm25,CN,2020,2,44,,Statistical bulletin,https://example.org/b,2021-10,\n" // monthly: not in the summary
	res, err := seed.Load(ctx, d, []seed.Input{{Name: "more.csv", Data: []byte(csv)}}, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCurrent(t, d, "seed", 7)
	// A revision of the same publication: the seed's UPDATE path, 56.95 becomes 56.90 (equal as a number to
	// nothing before, and printed as stored).
	revised := "indicator,region,year,month,value,flag,source_title,source_url,published,note\n" +
		"coal_share,CN,2020,,56.90,,Statistical bulletin,https://example.org/b,2021-10,\n"
	res2, err := seed.Load(ctx, d, []seed.Input{{Name: "revised.csv", Data: []byte(revised)}}, seed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkCurrent(t, d, "revision", 7)
	for _, r := range []int64{res2[0].Run, res[0].Run} {
		if _, err := d.Revert(ctx, r); err != nil {
			t.Fatalf("revert %d: %v", r, err)
		}
		checkCurrent(t, d, "revert", map[int64]int{res2[0].Run: 7, res[0].Run: 5}[r])
	}

	exec(`UPDATE observations SET value = 1.60 WHERE indicator = 'coal_share' AND region = 'CN-BJ' AND value = 1.6`)
	checkCurrent(t, d, "value written with another scale", 5)
	exec(`UPDATE observations SET note = 'a note now' WHERE indicator = 'pm25' AND region = 'CN-BJ' AND year = 2021`)
	checkCurrent(t, d, "note added", 5)
	// Edited in place: no row of current_yearly changes (it holds that a row has a note, not the note), its
	// series does.
	exec(`UPDATE observations SET note = 'another note', quote = 'a quote' WHERE indicator = 'pm25' AND region = 'CN-BJ' AND year = 2021`)
	checkCurrent(t, d, "note and quote edited", 5)
	exec(`DELETE FROM observations WHERE indicator = 'coal_share' AND region = 'CN' AND year = 2020
		AND source_id = (SELECT id FROM sources WHERE title = 'Yearbook')`)
	checkCurrent(t, d, "current vintage deleted", 5)
	exec(`DELETE FROM observations WHERE indicator = 'coal_share' AND region = 'CN' AND year = 2019`)
	checkCurrent(t, d, "every vintage of a year deleted", 4)
	exec(`UPDATE observations SET year = 2018 WHERE indicator = 'coal_share' AND region = 'CN-BJ'`)
	checkCurrent(t, d, "rows moved to another year", 4)
	exec(`UPDATE sources SET published = '2022' WHERE title = 'Communiqué'`) // now the latest: re-ranks
	checkCurrent(t, d, "publication date changed", 4)
	exec(`UPDATE indicators SET code = 'coal_share_v2' WHERE code = 'coal_share'`) // cascades to observations
	checkCurrent(t, d, "indicator renamed", 4)
	rows := [][]any{{"pm25", "CN-SH", int16(2020), int16(0), "12.5", int64(0), "", "", ""}}
	var src int64
	if err := d.Raw().QueryRow(ctx, `SELECT id FROM sources WHERE title = 'Yearbook'`).Scan(&src); err != nil {
		t.Fatal(err)
	}
	rows[0][5] = src
	if _, err := d.Raw().CopyFrom(ctx, pgx.Identifier{"observations"},
		[]string{"indicator", "region", "year", "month", "value", "source_id", "flag", "note", "quote"},
		pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
	checkCurrent(t, d, "COPY", 5)
	exec(`TRUNCATE observations CASCADE`)
	checkCurrent(t, d, "TRUNCATE", 0)
}

// checkCurrent compares the summary with the full statements, for every region and every indicator, and
// counts its rows (want: the current yearly values in all).
func checkCurrent(t *testing.T, d *db.DB, step string, want int) {
	t.Helper()
	ctx := context.Background()
	all, err := d.YearlyObservations(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	byRegion, byIndicator := map[string][]db.Observation{}, map[string][]db.Observation{}
	n := 0
	for _, o := range all {
		if o.Current() {
			byRegion[o.Region] = append(byRegion[o.Region], o)
			byIndicator[o.Indicator] = append(byIndicator[o.Indicator], o)
			n++
		}
	}
	var rows int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM current_yearly`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != n || n != want {
		t.Errorf("%s: current_yearly holds %d rows, the full statement gives %d current yearly values, want %d", step, rows, n, want)
	}
	series := map[[2]string]bool{}
	for _, o := range all {
		if o.Current() {
			series[[2]string{o.Indicator, o.Region}] = true
		}
	}
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM current_series`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(series) {
		t.Errorf("%s: current_series holds %d rows, want one per series with a current yearly value: %d", step, rows, len(series))
	}
	var empty int // migrations/0018: a series with no flag, note or quote holds NULL, not an array of empty strings
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM current_series
		WHERE '' = ALL (flags) OR '' = ALL (notes) OR '' = ALL (quotes)`).Scan(&empty); err != nil {
		t.Fatal(err)
	}
	if empty != 0 {
		t.Errorf("%s: %d series hold an array of empty flags, notes or quotes, want NULL", step, empty)
	}
	for _, region := range []string{"CN", "CN-BJ", "CN-SH"} {
		got, err := d.CurrentYearly(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, byRegion[region]) {
			t.Errorf("%s: CurrentYearly(%s) =\n%+v\nwant, as YearlyObservations ranks them:\n%+v", step, region, got, byRegion[region])
		}
	}
	for _, code := range []string{"coal_share", "coal_share_v2", "pm25"} {
		got, err := d.CurrentYearlyOfIndicator(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, byIndicator[code]) {
			t.Errorf("%s: CurrentYearlyOfIndicator(%s) =\n%+v\nwant, as YearlyOfIndicator ranks them:\n%+v", step, code, got, byIndicator[code])
		}
	}
}
