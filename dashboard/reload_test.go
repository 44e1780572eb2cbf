package dashboard

import (
	"context"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/seed"
)

// What we export, we load: a chart's data.csv and data.xlsx (in either
// language) loaded back into the database they came from change nothing: the
// observations are found unchanged (a workbook's 55.5 is the stored 55.50,
// the quotes they do not carry stay), the derived and target rows skipped;
// so does the data package, dataset.zip.
func TestChartDownloadsLoadBack(t *testing.T) {
	d := dbtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	var before string
	state := `SELECT md5(string_agg(o::text, E'\n' ORDER BY o.id)) FROM observations o`
	if err := d.Raw().QueryRow(ctx, state).Scan(&before); err != nil {
		t.Fatal(err)
	}
	h := testServer(t, d).Handler()
	for _, path := range []string{"/indicators/coal_share/data.csv", "/indicators/coal_share/data.xlsx?lang=zh",
		"/indicators/energy_intensity/data.csv?lang=zh", "/indicators/forest_stock/data.xlsx"} {
		r := get(t, h, path)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", path, r.status)
		}
		res, err := seed.Load(ctx, d, []seed.Input{{Name: path, Data: []byte(r.body)}}, seed.Options{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		c := res[0].Counts
		if c.Inserted+c.Updated != 0 || c.Unchanged == 0 || res[0].Skipped == 0 {
			t.Errorf("%s loaded back: %+v, %d skipped", path, c, res[0].Skipped)
		}
	}
	// The data package: every observation, with its sources. -allow-undated: 51 built-in provincial rows
	// have no publication date yet (seed.Input.undatedOK).
	r := get(t, h, "/export/dataset.zip")
	if r.status != 200 {
		t.Fatalf("GET /export/dataset.zip: %d", r.status)
	}
	res, err := seed.Load(ctx, d, []seed.Input{{Name: "dataset.zip", Data: []byte(r.body)}}, seed.Options{AllowUndated: true})
	if err != nil {
		t.Fatalf("dataset.zip: %v", err)
	}
	if c := res[0].Counts; c.Inserted+c.Updated != 0 || c.Unchanged < 1000 {
		t.Errorf("dataset.zip loaded back: %+v", c)
	}
	var after string
	if err := d.Raw().QueryRow(ctx, state).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Error("loading the downloads back changed the observations")
	}
}
