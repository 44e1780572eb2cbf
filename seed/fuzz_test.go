package seed

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
)

// fuzzKnown is the catalogue the fuzz targets validate against.
func fuzzKnown() db.Known {
	return db.Known{
		Units:   map[string]string{"coal_share": "%", "energy_intensity": "% y/y", "total_energy": "billion tce"},
		Regions: map[string]bool{"CN": true, "CN-BJ": true},
	}
}

func addSeeds(f *testing.F, files []string, cases []badCase) {
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, c := range cases {
		f.Add([]byte(c.data))
	}
}

// checkParsed: a parser never panics, and either returns a value or Errors
// in which every error has a line and a column.
func checkParsed(t *testing.T, ok bool, err error) {
	if err == nil {
		if !ok {
			t.Fatal("no error and no result")
		}
		return
	}
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("not Errors: %v", err)
	}
	for _, e := range errs {
		if e.Line < 1 || e.Column < 1 || e.File != "fuzz" || e.Field == "" || e.Reason == "" ||
			!errorFormat.MatchString(e.Error()) {
			t.Fatalf("error without FILE:LINE:COLUMN: column: reason: %q", e.Error())
		}
	}
}

func FuzzParseObservations(f *testing.F) {
	addSeeds(f, []string{"observations.csv"}, badCSV())
	f.Fuzz(func(t *testing.T, data []byte) {
		file, rows, err := ParseObservations("fuzz", data, fuzzKnown())
		checkParsed(t, file != nil, err)
		if file == nil {
			return
		}
		for _, r := range rows {
			if decimal(r.Value) != nil || r.Year < minYear || r.Year > maxYear || r.Line < 2 ||
				r.Source < 0 || r.Source >= len(file.Sources) {
				t.Fatalf("accepted a bad row: %+v", r)
			}
		}
	})
}

func FuzzParseCatalogue(f *testing.F) {
	addSeeds(f, []string{"catalogue.yaml"}, badYAML())
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := ParseCatalogue("fuzz", data, fuzzKnown())
		checkParsed(t, cat != nil, err)
		if cat == nil {
			return
		}
		for _, tg := range cat.Targets {
			if decimal(tg.Value) != nil || tg.Year < minYear || tg.Year > maxYear || tg.Document == "" {
				t.Fatalf("accepted a bad target: %+v", tg)
			}
		}
	})
}
