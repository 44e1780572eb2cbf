package seed

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// tableState is the snapshot of some tables only.
func tableState(t *testing.T, d *db.DB, tables ...string) string {
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

// revert takes back exactly what a run wrote (its new rows and sources
// deleted, the rows it changed back as they were), bumps the data version the
// dashboard's cache follows, and refuses while a later run built on its rows.
func TestRevert(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	res := load(t, d, Options{}, testdata(t, "catalogue.yaml", "observations.csv")...)
	catalogueRun := res[0].Run
	before := tableState(t, d, "observations", "sources", "targets", "events", "indicators")
	v0, _ := d.DataVersion(ctx)
	change := csvInput("change.csv",
		"coal_share,CN,2019,,57.5,%,,Statistical Communiqué 2019,https://example.org/communique-2019,2020-02-28",
		"coal_share,CN,2023,,55.3,%,,Statistical Communiqué 2023,,2024-02-29")
	run := load(t, d, Options{}, change)[0]
	if run.Counts != (db.Counts{Inserted: 1, Updated: 1}) {
		t.Fatalf("counts: %+v", run.Counts)
	}
	v1, _ := d.DataVersion(ctx)
	got, err := d.Revert(ctx, run.Run)
	if err != nil {
		t.Fatal(err)
	}
	if got.Deleted != 1 || got.Restored != 1 || got.Sources != 1 {
		t.Errorf("revert: %+v", got)
	}
	if after := tableState(t, d, "observations", "sources", "targets", "events", "indicators"); after != before {
		t.Errorf("revert left the data changed:\n%s\n%s", before, after)
	}
	if v2, _ := d.DataVersion(ctx); v2 == v1 || v2 == v0 {
		t.Errorf("data version %d -> %d -> %d: the cache would not follow the revert", v0, v1, v2)
	}
	if _, err := d.Revert(ctx, run.Run); !errors.Is(err, db.ErrNotRevertible) {
		t.Errorf("reverting twice: %v", err)
	}
	if _, err := d.Revert(ctx, catalogueRun); !strings.Contains(fmt.Sprint(err), "later runs changed rows it wrote") {
		t.Errorf("reverting the catalogue under its observations: %v", err)
	}
	if _, err := d.Revert(ctx, 999); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("reverting no run: %v", err)
	}

	// A later run changed the same row: the earlier one cannot be reverted alone.
	first := load(t, d, Options{}, change)[0].Run
	second := load(t, d, Options{}, csvInput("again.csv",
		"coal_share,CN,2023,,55.4,%,,Statistical Communiqué 2023,,2024-02-29"))[0].Run
	mid := tableState(t, d, "observations", "sources")
	_, err = d.Revert(ctx, first)
	var refused *db.RevertRefused
	if !errors.As(err, &refused) || len(refused.Later) != 1 || refused.Later[0].ID != second ||
		!strings.Contains(err.Error(), fmt.Sprintf("run %d (again.csv)", second)) {
		t.Fatalf("revert under a later run: %v", err)
	}
	if tableState(t, d, "observations", "sources") != mid {
		t.Error("a refused revert wrote")
	}
	if _, err := d.Revert(ctx, second); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Revert(ctx, first); err != nil {
		t.Fatalf("after the later run is reverted: %v", err)
	}
	if after := tableState(t, d, "observations", "sources", "targets", "events", "indicators"); after != before {
		t.Errorf("reverting both left the data changed:\n%s\n%s", before, after)
	}
}

// A catalogue run is taken back too: the indicators, targets and events it changed get back what they held,
// the ones it added and the sources only they cited are deleted. It is refused while a later run built on
// it: observations of an indicator it added, or a later catalogue that changed the same rows.
func TestRevertCatalogue(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	res := load(t, d, Options{}, testdata(t, "catalogue.yaml", "observations.csv")...)
	tables := []string{"indicators", "targets", "events", "sources", "observations", "assessments", "ratings"}
	before := tableState(t, d, tables...)
	v0, _ := d.DataVersion(ctx)
	if _, err := d.Revert(ctx, res[0].Run); !strings.Contains(fmt.Sprint(err), fmt.Sprintf("run %d (observations.csv)", res[1].Run)) {
		t.Errorf("reverting the catalogue under its observations: %v", err)
	}

	base := string(testdata(t, "catalogue.yaml")[0].Data)
	edited := strings.NewReplacer(`name_en: "Coal share"`, `name_en: "Coal share of energy"`, "value: 52", "value: 51",
		"targets:\n", "  - {code: wind_share, name_en: Wind share, name_zh: 风电比重, unit: \"%\", direction: up, category: energy_structure}\n"+
			"targets:\n  - {indicator: wind_share, year: 2030, value: 20, kind: floor, document: A new plan, plan: fyp14, "+
			"source_title: A new plan, source_url: \"https://example.org/new-plan\", published: \"2024-01-01\"}\n",
		"events:\n", "events:\n  - {date: \"2024-01-02\", title_en: A new event, indicator: wind_share}\n").Replace(base)
	cat := load(t, d, Options{}, Input{Name: "catalogue-edited.yaml", Data: []byte(edited)})[0]
	if cat.Counts.Inserted != 4 || cat.Counts.Updated != 2 { // a source, an indicator, a target, an event; a name, a value
		t.Fatalf("edited catalogue: %+v", cat)
	}
	later := load(t, d, Options{}, csvInput("wind.csv", "wind_share,CN,2024,,9.5,%,,A wind report,,2025-01-01"))[0]
	_, err := d.Revert(ctx, cat.Run)
	var refused *db.RevertRefused
	if !errors.As(err, &refused) || len(refused.Later) != 1 || refused.Later[0].ID != later.Run {
		t.Fatalf("revert under observations of an indicator it added: %v", err)
	}
	if _, err := d.Revert(ctx, later.Run); err != nil {
		t.Fatal(err)
	}
	again := load(t, d, Options{}, Input{Name: "catalogue-again.yaml", Data: []byte(strings.Replace(edited, "value: 51", "value: 50", 1))})[0]
	if _, err := d.Revert(ctx, cat.Run); !errors.As(err, &refused) || refused.Later[0].ID != again.Run {
		t.Fatalf("revert under a later catalogue that changed the same target: %v", err)
	}
	if _, err := d.Revert(ctx, again.Run); err != nil {
		t.Fatal(err)
	}
	onWind := load(t, d, Options{}, Input{Name: "catalogue-wind.yaml", Data: []byte(strings.Replace(edited, "year: 2030, value: 20",
		"year: 2035, value: 30", 1))})[0]
	if _, err := d.Revert(ctx, cat.Run); !errors.Is(err, db.ErrNotRevertible) || !strings.Contains(err.Error(), "rows it added to indicators are still used") {
		t.Fatalf("revert under a later target of an indicator it added: %v", err)
	}
	if _, err := d.Revert(ctx, onWind.Run); err != nil {
		t.Fatal(err)
	}

	got, err := d.Revert(ctx, cat.Run)
	if err != nil || got.CatalogueDeleted != 3 || got.CatalogueRestored != 2 || got.Sources != 1 {
		t.Fatalf("revert the catalogue: %+v %v", got, err)
	}
	if after := tableState(t, d, tables...); after != before {
		t.Errorf("revert left the catalogue changed:\n%s\n%s", before, after)
	}
	if v1, _ := d.DataVersion(ctx); v1 == v0 {
		t.Error("the data version did not move: the cache would not follow the revert")
	}

	// A catalogue loaded before its runs were recorded row by row (migration 16) cannot be taken back.
	old := load(t, d, Options{}, Input{Name: "catalogue-old.yaml", Data: []byte(edited)})[0]
	if _, err := d.Raw().Exec(ctx, `UPDATE seed_runs SET changes_recorded = false WHERE id = $1`, old.Run); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Revert(ctx, old.Run); !errors.Is(err, db.ErrNotRevertible) || !strings.Contains(err.Error(), "before catalogue runs were recorded") {
		t.Errorf("reverting an unrecorded catalogue run: %v", err)
	}
}
