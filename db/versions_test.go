package db_test

import (
	"context"
	"maps"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// versionsAfter runs sql and returns the versions before and after.
func versionsAfter(t *testing.T, d *db.DB, sql string) (before, after db.DataVersions) {
	t.Helper()
	ctx := context.Background()
	before, err := d.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Raw().Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if after, err = d.DataVersions(ctx); err != nil {
		t.Fatal(err)
	}
	return before, after
}

// bumped lists what changed between two states: the codes whose count changed, "*" for the shared count,
// "#catalogue" for the list of indicators.
func bumped(a, b db.DataVersions) map[string]bool {
	out := map[string]bool{}
	for _, m := range []map[string]int64{a.Indicators, b.Indicators} {
		for code := range m {
			if a.Indicators[code] != b.Indicators[code] {
				out[code] = true
			}
		}
	}
	if a.Shared != b.Shared {
		out["*"] = true
	}
	if a.Catalogue != b.Catalogue {
		out["#catalogue"] = true
	}
	return out
}

// Every writer's change to an indicator's rows bumps that indicator's count (and the total), whatever the
// table and the statement; a statement that writes no row bumps nothing. The seed is covered by
// TestSeedBumpsWhatItChanged.
func TestDataVersionsFollowEveryWrite(t *testing.T) {
	d := dbtest.New(t)
	loadVintages(t, d)
	steps := []struct {
		name, sql string
		want      []string // bumped codes, "*" for the shared count
		total     bool     // whether the total changes
	}{
		{"observation inserted", `INSERT INTO observations (indicator, year, value, source_id) VALUES ('pm25', 2021, 30, 1)`,
			[]string{"pm25"}, true},
		{"observation updated", `UPDATE observations SET value = 56.95 WHERE indicator = 'coal_share' AND region = 'CN-BJ' AND value = 1.5`,
			[]string{"coal_share"}, true},
		{"observations of both deleted", `DELETE FROM observations WHERE year = 2021 OR (indicator = 'coal_share' AND year = 2019)`,
			[]string{"coal_share", "pm25"}, true},
		{"update of no row", `UPDATE observations SET value = 1 WHERE false`, nil, false},
		{"insert of no row", `INSERT INTO observations (indicator, year, value, source_id) SELECT 'pm25', 2022, 1, 1 WHERE false`, nil, false},
		{"target", `INSERT INTO targets (indicator, year, value, kind, document, source_id) VALUES ('pm25', 2025, 30, 'cap', 'Plan', 1)`,
			[]string{"pm25"}, true},
		{"event of an indicator", `INSERT INTO events (date, title_en, indicator) VALUES ('2021-03-01', 'PM plan', 'pm25')`,
			[]string{"pm25"}, true},
		{"event of none", `INSERT INTO events (date, title_en) VALUES ('2021-04-01', 'Climate law')`, []string{"*"}, true},
		{"event moved to an indicator", `UPDATE events SET indicator = 'coal_share' WHERE title_en = 'Climate law'`,
			[]string{"*", "coal_share"}, true},
		{"indicator renamed", `UPDATE indicators SET name_en = 'Coal share of energy' WHERE code = 'coal_share'`,
			[]string{"coal_share", "#catalogue"}, true},
		{"new indicator", `INSERT INTO indicators (code, name_en, name_zh, unit, category, direction)
			VALUES ('so2', 'SO2', '二氧化硫', 'Mt', 'air_water', 'down')`, []string{"so2", "#catalogue"}, true},
		{"indicator of no row updated", `UPDATE indicators SET name_en = 'x' WHERE false`, nil, false},
		{"publisher of a source only coal_share cites", `UPDATE sources SET publisher = 'CEC' WHERE title = 'Press note A'`,
			[]string{"coal_share"}, true},
		{"publisher set to what it was", `UPDATE sources SET publisher = 'CEC' WHERE title = 'Press note A'`, nil, false},
		{"new source, cited by nothing yet", `INSERT INTO sources (title) VALUES ('Unused')`, nil, true},
		{"events emptied", `TRUNCATE events`, []string{"*"}, true},
		{"region renamed", `UPDATE regions SET name_en = 'Beijing Municipality' WHERE code = 'CN-BJ'`, []string{"*"}, true},
		{"update of no region", `UPDATE regions SET name_en = 'x' WHERE false`, nil, false},
	}
	for _, st := range steps {
		before, after := versionsAfter(t, d, st.sql)
		got := bumped(before, after)
		want := map[string]bool{}
		for _, c := range st.want {
			want[c] = true
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: bumped %v, want %v", st.name, got, want)
		}
		if (after.Total != before.Total) != st.total || after.Total < before.Total {
			t.Errorf("%s: total %d -> %d, want changed %v", st.name, before.Total, after.Total, st.total)
		}
	}
}

// The seed's merge writes only what changed, and the counts follow: a file that changes one indicator bumps
// that one; the same file again bumps nothing.
func TestSeedBumpsWhatItChanged(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	loadVintages(t, d)
	load := func(value string) db.DataVersions {
		t.Helper()
		f := &db.ObservationFile{Name: "pm25.csv", SHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			Sources: []db.Source{{Title: "Bulletin 2022", Publisher: "MEE", Published: "2023-01"}}}
		rows := []db.ObservationRow{{Line: 2, Indicator: "pm25", Region: "CN", Year: 2022, Value: value}}
		err := d.Seed(ctx, db.SeedOptions{}, func(tx *db.SeedTx) error { _, err := tx.LoadObservations(ctx, f, rows); return err })
		if err != nil {
			t.Fatal(err)
		}
		v, err := d.DataVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0, err := d.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v1 := load("29")
	if got := bumped(v0, v1); !maps.Equal(got, map[string]bool{"pm25": true}) || v1.Total <= v0.Total {
		t.Errorf("first seed: bumped %v, total %d -> %d; want pm25", got, v0.Total, v1.Total)
	}
	if v2 := load("29"); len(bumped(v1, v2)) != 0 || v2.Total != v1.Total {
		t.Errorf("the same file again: bumped %v, total %d -> %d; want nothing", bumped(v1, v2), v1.Total, v2.Total)
	}
	if v3 := load("28.5"); !maps.Equal(bumped(v1, v3), map[string]bool{"pm25": true}) {
		t.Errorf("a revised value: bumped %v, want pm25", bumped(v1, v3))
	}
}

// Migrations 0006, 0008 and 0010 down remove what their up created, and up works again.
func TestDataVersionsMigrationDown(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, dbtest.EmptyURL(t))
	mg, err := d.NewMigrator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	objects := func() (n int) {
		t.Helper()
		err := d.Raw().QueryRow(ctx, `SELECT
			(SELECT count(*) FROM pg_class WHERE relname = 'data_versions') +
			(SELECT count(*) FROM pg_proc WHERE proname IN ('bump_data_versions', 'data_versions_rows',
				'data_versions_indicators', 'data_versions_sources', 'data_versions_shared')) +
			(SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%\_versions\_%')`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}
	const want = 1 + 5 + 24 + 8 // the table, the functions, the triggers (8 of them on the ratings of 0010)
	if n := objects(); n != want {
		t.Fatalf("after up: %d objects of migrations 0006 and 0008, want %d", n, want)
	}
	v, _, err := mg.Version()
	if err != nil {
		t.Fatal(err)
	}
	for v >= 6 {
		if err := mg.Down(1); err != nil {
			t.Fatal(err)
		}
		if v, _, err = mg.Version(); err != nil {
			t.Fatal(err)
		}
	}
	if n := objects(); n != 0 {
		t.Errorf("after down to %d: %d objects of migrations 0006 and 0008 left", v, n)
	}
	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}
	if n := objects(); n != want {
		t.Errorf("after up again: %d objects, want %d", n, want)
	}
}
