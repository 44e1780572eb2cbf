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
	if _, err := d.Revert(ctx, catalogueRun); !errors.Is(err, db.ErrNotRevertible) {
		t.Errorf("reverting a catalogue: %v", err)
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
