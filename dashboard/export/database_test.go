package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/seed"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// TestPackageOfDatabase validates the package of the built-in dataset plus hostile rows, read from a real
// database, against its declared field types and keys.
func TestPackageOfDatabase(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Raw().Exec(ctx, `
		INSERT INTO sources (title, publisher, published) VALUES ('`+hostile.Formula+`', '@x', '2024');
		INSERT INTO observations (indicator, region, year, value, source_id, note, quote)
		SELECT code, 'CN-BJ', 2024, -1.5, (SELECT max(id) FROM sources), '`+hostile.Formula+`', '`+hostile.Script+`'
		FROM indicators WHERE unit <> '%' LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ReadDataset(ctx, d, "", func(ds Dataset) error { return WritePackage(&buf, ds) }); err != nil {
		t.Fatal(err)
	}
	files := ValidatePackage(t, buf.Bytes())
	var n int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM observations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if got := len(files["data/observations.csv"]) - 1; got != n || n < 100 {
		t.Errorf("observations.csv: %d rows, database %d", got, n)
	}
	if !hasRowSuffix(files["data/observations.csv"], "'"+hostile.Formula+"|"+hostile.Script) {
		t.Error("the hostile note is not neutralised in observations.csv")
	}
}

func hasRowSuffix(recs [][]string, suffix string) bool {
	for _, r := range recs {
		if s := r[len(r)-2] + "|" + r[len(r)-1]; s == suffix {
			return true
		}
	}
	return false
}
