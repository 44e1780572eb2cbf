package db_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/migrations"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestMigrateUpDownUp(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, dbtest.EmptyURL(t))
	want, err := db.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	mg, err := d.NewMigrator(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	step := func(name string, f func() error, wantVersion uint) {
		t.Helper()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, dirty, err := mg.Version()
		if err != nil || dirty || v != wantVersion {
			t.Fatalf("%s: version %d dirty %v err %v, want %d clean", name, v, dirty, err, wantVersion)
		}
	}
	step("up", mg.Up, want)
	var regions int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM regions`).Scan(&regions); err != nil || regions != 32 {
		t.Fatalf("regions: %d %v, want 32 (CN and 31 provinces)", regions, err)
	}
	ups, _ := fs.Glob(migrations.FS, "*.up.sql")
	step("down", func() error { return mg.Down(len(ups)) }, 0)
	var tables int
	d.Raw().QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname='public' AND tablename <> 'schema_migrations'`).Scan(&tables)
	if tables != 0 {
		t.Fatalf("after down: %d tables left", tables)
	}
	step("up again", mg.Up, want)
}

// The database itself refuses what a loader bug could let through.
func TestConstraints(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	mustExec := func(sql string) {
		t.Helper()
		if _, err := d.Raw().Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	mustExec(`INSERT INTO indicators (code, name_en, name_zh, unit, category, direction) VALUES
		('coal_share', 'Coal share', '煤炭消费比重', '%', 'energy_structure', 'down'),
		('energy_intensity', 'Energy intensity', '单位GDP能耗', '% y/y', 'efficiency_carbon', 'down')`)
	mustExec(`INSERT INTO sources (title) VALUES ('NBS communiqué')`)
	bad := map[string]string{
		"NaN":                        `INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 2020, 'NaN', 1)`,
		"Infinity":                   `INSERT INTO observations (indicator, year, value, source_id) VALUES ('energy_intensity', 2020, 'Infinity', 1)`,
		"share above 100":            `INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 2020, 100.5, 1)`,
		"share below 0":              `INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 2020, -1, 1)`,
		"year":                       `INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 1800, 50, 1)`,
		"unknown indicator":          `INSERT INTO observations (indicator, year, value, source_id) VALUES ('nope', 2020, 50, 1)`,
		"unknown region":             `INSERT INTO observations (indicator, region, year, value, source_id) VALUES ('coal_share', 'XX', 2020, 50, 1)`,
		"unknown source":             `INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 2020, 50, 99)`,
		"flag":                       `INSERT INTO observations (indicator, year, value, source_id, flag) VALUES ('coal_share', 2020, 50, 1, 'maybe')`,
		"change target without base": `INSERT INTO targets (indicator, year, value, kind, document, source_id) VALUES ('energy_intensity', 2025, -13.5, 'change', 'FYP', 1)`,
		"published":                  `INSERT INTO sources (title, published) VALUES ('x', '2021-13')`,
	}
	for name, sql := range bad {
		if _, err := d.Raw().Exec(ctx, sql); err == nil {
			t.Errorf("%s: accepted %s", name, sql)
		} else if !strings.Contains(err.Error(), "SQLSTATE") {
			t.Errorf("%s: unexpected error %v", name, err)
		}
	}
	// A negative change is fine where the unit is not a share, and so is a change target.
	mustExec(`INSERT INTO observations (indicator, year, value, source_id) VALUES ('energy_intensity', 2021, -2.7, 1)`)
	mustExec(`INSERT INTO targets (indicator, year, value, kind, base_year, document, source_id) VALUES ('energy_intensity', 2025, -13.5, 'change', 2020, 'FYP', 1)`)
	// Two publications of one year are two vintages; the later one is current.
	mustExec(`INSERT INTO sources (title, published) VALUES ('NEA restatement', '2024-08-28'), ('NEA preliminary', '2014-12')`)
	mustExec(`INSERT INTO observations (indicator, year, value, source_id) 
		SELECT 'coal_share', 2013, v, id FROM sources JOIN (VALUES ('NEA restatement', 67.4), ('NEA preliminary', 66.0)) x(t, v) ON title = t`)
	var value string
	var vintage, vintages int
	if err := d.Raw().QueryRow(ctx, `SELECT value::text, vintage, vintages FROM current_observations WHERE indicator='coal_share' AND year=2013`).Scan(&value, &vintage, &vintages); err != nil {
		t.Fatal(err)
	}
	if value != "67.4" || vintage != 2 || vintages != 2 {
		t.Fatalf("current 2013 coal share = %s (vintage %d of %d), want 67.4 (2 of 2)", value, vintage, vintages)
	}
}
