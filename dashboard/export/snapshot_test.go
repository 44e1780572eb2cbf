package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// concurrentSeed is what a seed run commits: a new source with an observation, a target and an event that
// cite it, and its run.
const concurrentSeed = `
INSERT INTO sources (title, publisher, published) VALUES ('Communiqué 2024', 'NBS', '2025-02');
INSERT INTO observations (indicator, year, value, source_id)
VALUES ('coal_share', 2024, 53.2, (SELECT max(id) FROM sources));
INSERT INTO targets (indicator, year, value, kind, plan, document, source_id)
VALUES ('coal_share', 2025, 52, 'level', 'fyp14', 'Plan', (SELECT max(id) FROM sources));
INSERT INTO events (date, title_en, source_id) VALUES ('2025-01-01', 'Event', (SELECT max(id) FROM sources));
INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
VALUES ('2024.csv', repeat('b', 64), 4, 0, 0, now());
`

// A seed run that commits after the small tables were read and before the observations stream is not in the
// package at all: every table comes from one snapshot, so no observation, target or event cites a source
// that sources.csv lacks. (Read table by table, the package would hold the 2024 observation and cite a
// missing source.)
func TestPackageIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	in := dbtest.Indicator("coal_share")
	in.Unit, in.Category, in.Direction = "%", "energy_structure", "down"
	dbtest.AddIndicators(t, d, in)
	src := dbtest.AddSource(t, d, record.Source{Title: "Communiqué 2023", Publisher: "NBS", Published: "2024-02"})
	dbtest.AddObservations(t, d, dbtest.Series(in.Code, src, 2023, "55.3")...)
	var buf bytes.Buffer
	var version int64
	err := ReadDataset(ctx, d, "", func(ds Dataset) error {
		version = ds.Version
		// Between the reads: the small tables are in ds, the observations have not been read yet.
		if _, err := d.Raw().Exec(ctx, concurrentSeed); err != nil {
			t.Fatalf("concurrent seed: %v", err)
		}
		return WritePackage(&buf, ds)
	})
	if err != nil {
		t.Fatal(err)
	}
	files := ValidatePackage(t, buf.Bytes()) // checks that every foreign key resolves
	if n := len(files["data/observations.csv"]) - 1; n != 1 {
		t.Errorf("observations.csv: %d rows, want the 1 of the snapshot", n)
	}
	if n := len(files["data/sources.csv"]) - 1; n != 1 {
		t.Errorf("sources.csv: %d rows, want the 1 of the snapshot", n)
	}
	if n := len(files["data/targets.csv"]) + len(files["data/events.csv"]) - 2; n != 0 {
		t.Errorf("%d targets and events of the later seed run in the package", n)
	}

	// The seed run did commit: the next package has it whole.
	buf.Reset()
	var after int64
	if err := ReadDataset(ctx, d, "", func(ds Dataset) error { after = ds.Version; return WritePackage(&buf, ds) }); err != nil {
		t.Fatal(err)
	}
	files = ValidatePackage(t, buf.Bytes())
	if len(files["data/observations.csv"]) != 3 || len(files["data/sources.csv"]) != 3 || after == version {
		t.Errorf("after the seed run: %d observation rows, %d source rows, version %d (was %d)",
			len(files["data/observations.csv"])-1, len(files["data/sources.csv"])-1, after, version)
	}
}
