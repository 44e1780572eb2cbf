package export

import (
	"bytes"
	"context"
	"slices"
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
	// The barometer as published: the first half of 2021's nine red provinces for energy intensity.
	var red []string
	for _, r := range files["data/ratings.csv"] {
		if r[0] == "barometer_2021h1_intensity" && r[2] == "red" {
			red = append(red, r[1])
		}
	}
	if len(red) != 9 || !slices.Contains(red, "CN-NX") || !slices.Contains(red, "CN-JS") {
		t.Errorf("ratings.csv: the 2021 barometer's red provinces are %v, want the nine of 发改办环资〔2021〕629号", red)
	}
}

// TestPackageAsOfKeepsAssessmentsIssuedByThen: a package as of 2020 has the 2011 and 2014 barometers, not
// those of 2021, and every rating's assessment and every assessment's source is in the package.
func TestPackageAsOfKeepsAssessmentsIssuedByThen(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ReadDataset(ctx, d, "2020-12-31", func(ds Dataset) error { return WritePackage(&buf, ds) }); err != nil {
		t.Fatal(err)
	}
	files := ValidatePackage(t, buf.Bytes()) // every foreign key resolves
	var codes []string
	for _, r := range files["data/assessments.csv"][1:] {
		codes = append(codes, r[0])
	}
	if slices.Contains(codes, "barometer_2021h1_intensity") || !slices.Contains(codes, "barometer_2011h1_energy_saving") {
		t.Errorf("assessments.csv as of 2020-12-31: %v", codes)
	}
	if len(files["data/ratings.csv"]) < 2 {
		t.Error("ratings.csv as of 2020-12-31 has no ratings of the 2011 and 2014 barometers")
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
