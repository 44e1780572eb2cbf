package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func sampleDataset() Dataset {
	src := []record.Source{
		{ID: 1, Title: "国家统计局公报", Publisher: "国家统计局", URL: "https://stats.gov.cn/x", Published: "2024-02-29", Standing: "publisher"},
		{ID: 2, Title: hostile.Formula, Publisher: "@evil", Published: "2024"},
		{ID: 7, Title: "Yearbook", Published: ""},
	}
	obs := []record.ExportRow{
		{Observation: record.Observation{Indicator: "coal_share", Region: "CN", Year: 2023, Value: "55.3", Flag: "preliminary",
			Source: src[0], Vintage: 1, Vintages: 2}, Unit: "%"},
		{Observation: record.Observation{Indicator: "coal_share", Region: "CN", Year: 2023, Value: "55.30",
			Source: src[1], Vintage: 2, Vintages: 2, Note: hostile.Formula, Quote: hostile.Script}, Unit: "%"},
		{Observation: record.Observation{Indicator: "intensity", Region: "CN-BJ", Year: 2024, Month: 3, Value: "-3.4",
			Source: src[2], Vintage: 1, Vintages: 1, Note: "-1 below", Quote: "\ttab"}, Unit: "% y/y"},
	}
	return Dataset{
		Version: 3,
		Regions: []record.Region{{Code: "CN", NameEN: "China", NameZH: "全国", Level: "country"},
			{Code: "CN-BJ", NameEN: "Beijing", NameZH: "北京", Level: "province"}},
		Indicators: []record.Indicator{
			{Code: "coal_share", NameEN: "Coal " + hostile.Script, NameZH: "煤炭消费比重", Unit: "%", Category: "energy_structure",
				Direction: "down", Precision: 1, Measure: "level", SortOrder: 1},
			{Code: "intensity", NameEN: "Intensity", NameZH: "强度", Unit: "% y/y", Category: "efficiency_carbon",
				Direction: "down", Precision: 1, Measure: "yoy_change", BreakYear: 2023, BreakNoteEN: "+new basis", SortOrder: 2},
		},
		Sources: src,
		Targets: []record.Target{
			{ID: 4, Indicator: "intensity", Region: "CN", Year: 2025, Value: "-13.5", Kind: "change", BaseYear: 2020,
				Binding: true, Plan: "fyp14", Document: "14th FYP", Issued: "2021-03", Source: src[0]},
			{ID: 5, Indicator: "coal_share", Region: "CN", Year: 2025, Value: "56", Kind: "cap", Plan: "other",
				Document: hostile.Formula, DocumentZH: "=《能源发展战略行动计划》", Flag: "under", Source: src[1]},
		},
		Events: []record.Event{
			{ID: 1, Date: time.Date(2021, 7, 16, 0, 0, 0, 0, time.UTC), TitleEN: "Carbon market " + hostile.Script, TitleZH: "全国碳市场上线"},
			{ID: 2, Date: time.Date(2021, 3, 11, 0, 0, 0, 0, time.UTC), TitleEN: "=14th FYP", Indicator: "intensity", Source: &src[0]},
		},
		Assessments: []record.Assessment{{Code: "barometer_x", Indicator: "intensity", Period: "2021H1",
			NameEN: "Barometer " + hostile.Script, NameZH: "晴雨表", Document: hostile.Formula, Issued: "2021-08",
			Source: src[0], Ratings: []record.Rating{{Region: "CN-BJ", Rating: "green", Quote: "=三级: 北京"}}}},
		Observations: func(fn func(*record.ExportRow) error) error {
			for i := range obs {
				r := obs[i] // a copy, as the database streams into one reused row
				if err := fn(&r); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func writePackage(t *testing.T, ds Dataset) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePackage(&buf, ds); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPackageValid(t *testing.T) {
	b := writePackage(t, sampleDataset())
	if again := writePackage(t, sampleDataset()); !bytes.Equal(b, again) {
		t.Fatal("the same data gives different bytes")
	}
	files := ValidatePackage(t, b)
	obs := files["data/observations.csv"]
	if len(obs) != 4 {
		t.Fatalf("observations.csv has %d lines, want a header and 3 rows", len(obs))
	}
	// Text neutralised, numbers verbatim (a negative value stays a number), Chinese intact.
	for _, want := range []string{
		"coal_share|CN|2023|0|55.3|preliminary|1|1|2|false||",
		"coal_share|CN|2023|0|55.30||2|2|2|true|'" + hostile.Formula + "|" + hostile.Script,
		"intensity|CN-BJ|2024|3|-3.4||7|1|1|true|'-1 below|'\ttab",
	} {
		if !hasRow(obs, want) {
			t.Errorf("no row %q in observations.csv: %q", want, obs)
		}
	}
	if !hasRow(files["data/sources.csv"], "2|'"+hostile.Formula+"|'@evil||2024|") ||
		!hasRow(files["data/sources.csv"], "1|国家统计局公报|国家统计局|https://stats.gov.cn/x|2024-02-29|publisher") {
		t.Errorf("sources.csv: %q", files["data/sources.csv"])
	}
	if !hasRow(files["data/targets.csv"], "4|intensity|CN|2025|-13.5|change|2020|true|fyp14|14th FYP|||2021-03||||1") ||
		!hasRow(files["data/targets.csv"], "5|coal_share|CN|2025|56|cap||false|other|'"+hostile.Formula+"|'=《能源发展战略行动计划》|||under|||2") {
		t.Errorf("targets.csv: %q", files["data/targets.csv"])
	}
	if !hasRow(files["data/events.csv"], "2|2021-03-11|'=14th FYP|||intensity|1") {
		t.Errorf("events.csv: %q", files["data/events.csv"])
	}
	if !hasRow(files["data/assessments.csv"], "barometer_x|intensity|2021H1|Barometer "+hostile.Script+"|晴雨表|'"+
		hostile.Formula+"|||2021-08||1") {
		t.Errorf("assessments.csv: %q", files["data/assessments.csv"])
	}
	if !hasRow(files["data/ratings.csv"], "barometer_x|CN-BJ|green|'=三级: 北京") {
		t.Errorf("ratings.csv: %q", files["data/ratings.csv"])
	}
}

func hasRow(recs [][]string, want string) bool {
	for _, r := range recs {
		if strings.Join(r, "|") == want {
			return true
		}
	}
	return false
}

// The validator must catch what it is there to catch.
func TestValidatorCatches(t *testing.T) {
	bad := []struct {
		name string
		edit func(*Dataset)
	}{
		{"dangling foreign key", func(ds *Dataset) { ds.Sources = ds.Sources[:2] }},
		{"bad number", func(ds *Dataset) { ds.Targets[0].Value = "1,5" }},
		{"bad year", func(ds *Dataset) { ds.Targets[0].Year = 99 }},
		{"missing required", func(ds *Dataset) { ds.Indicators[0].NameZH = "" }},
		{"duplicate key", func(ds *Dataset) { ds.Targets[1].ID = 4 }},
		{"enum", func(ds *Dataset) { ds.Indicators[0].Direction = "sideways" }},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			ds := sampleDataset()
			c.edit(&ds)
			if problems := checkPackage(writePackage(t, ds)); len(problems) == 0 {
				t.Errorf("%s not caught", c.name)
			}
		})
	}
}

// ValidatePackage fails t unless the zip is a valid data package, and returns
// every CSV file's records.
func ValidatePackage(t *testing.T, b []byte) map[string][][]string {
	t.Helper()
	problems := checkPackage(b)
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.FailNow()
	}
	files, _, _ := readPackage(b)
	return files
}

func readPackage(b []byte) (map[string][][]string, Descriptor, error) {
	var desc Descriptor
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, desc, err
	}
	files := map[string][][]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, desc, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, desc, err
		}
		switch {
		case f.Name == "datapackage.json":
			if err := json.Unmarshal(data, &desc); err != nil {
				return nil, desc, err
			}
		case strings.HasSuffix(f.Name, ".csv"):
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				return nil, desc, fmt.Errorf("%s: %w", f.Name, err)
			}
			files[f.Name] = recs
		}
	}
	return files, desc, nil
}

// checkPackage checks a data package against the Table Schema rules it
// declares: every resource's file exists with the declared header, every value
// conforms to its field's type (string, integer, number, boolean, date, year)
// and constraints (required, enum, pattern, minimum, maximum, unique), primary
// keys are unique and every foreign key resolves.
func checkPackage(b []byte) []string {
	files, desc, err := readPackage(b)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if desc.Profile != "tabular-data-package" || desc.Name == "" || len(desc.Resources) == 0 {
		bad("descriptor: profile %q name %q, %d resources", desc.Profile, desc.Name, len(desc.Resources))
	}
	keys := map[string]map[string]bool{} // "resource/field,field" -> values
	for _, r := range desc.Resources {
		recs, ok := files[r.Path]
		if !ok {
			bad("%s: no file %s", r.Name, r.Path)
			continue
		}
		var names []string
		for _, f := range r.Schema.Fields {
			names = append(names, f.Name)
		}
		if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(names, ",") {
			bad("%s: header %v, schema %v", r.Name, recs[0], names)
			continue
		}
		pk := map[string]bool{}
		uniques := map[string]map[string]bool{}
		for line, rec := range recs[1:] {
			for i, f := range r.Schema.Fields {
				if p := checkValue(f, rec[i]); p != "" {
					bad("%s:%d: %s: %q: %s", r.Path, line+2, f.Name, rec[i], p)
				}
				if f.Constraints != nil && f.Constraints.Unique {
					if uniques[f.Name] == nil {
						uniques[f.Name] = map[string]bool{}
					}
					if uniques[f.Name][rec[i]] {
						bad("%s:%d: %s: %q not unique", r.Path, line+2, f.Name, rec[i])
					}
					uniques[f.Name][rec[i]] = true
				}
			}
			k := tuple(r.Schema, rec, r.Schema.PrimaryKey)
			if pk[k] {
				bad("%s:%d: primary key %q repeated", r.Path, line+2, k)
			}
			pk[k] = true
		}
		keys[r.Name+"/"+strings.Join(r.Schema.PrimaryKey, ",")] = pk
	}
	for _, r := range desc.Resources {
		for _, fk := range r.Schema.ForeignKeys {
			ref := keys[fk.Reference.Resource+"/"+strings.Join(fk.Reference.Fields, ",")]
			if ref == nil {
				bad("%s: foreign key to %s(%v), not its primary key", r.Name, fk.Reference.Resource, fk.Reference.Fields)
				continue
			}
			for line, rec := range files[r.Path][1:] {
				k := tuple(r.Schema, rec, fk.Fields)
				if strings.Trim(k, "\x00") == "" { // a missing value references nothing
					continue
				}
				if !ref[k] {
					bad("%s:%d: %v = %q not in %s", r.Path, line+2, fk.Fields, k, fk.Reference.Resource)
				}
			}
		}
	}
	return problems
}

func tuple(s Schema, rec []string, fields []string) string {
	var parts []string
	for _, name := range fields {
		for i, f := range s.Fields {
			if f.Name == name {
				parts = append(parts, rec[i])
			}
		}
	}
	return strings.Join(parts, "\x00")
}

var (
	integerRe = regexp.MustCompile(`^[+-]?\d+$`)
	numberRe  = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)
	yearRe    = regexp.MustCompile(`^\d{4}$`)
)

// checkValue checks one cell against its field; "" means valid.
func checkValue(f Field, v string) string {
	c := f.Constraints
	if c == nil {
		c = &Constraints{}
	}
	if v == "" { // the declared missing value
		if c.Required {
			return "required"
		}
		return ""
	}
	switch f.Type {
	case "string":
		if c.Pattern != "" && !regexp.MustCompile(`^(?:`+c.Pattern+`)$`).MatchString(v) {
			return "does not match " + c.Pattern
		}
	case "integer":
		if !integerRe.MatchString(v) {
			return "not an integer"
		}
	case "number":
		if !numberRe.MatchString(v) {
			return "not a number"
		}
	case "boolean":
		if v != "true" && v != "false" {
			return "not a boolean"
		}
	case "date":
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "not a date"
		}
	case "year":
		if !yearRe.MatchString(v) {
			return "not a year"
		}
	default:
		return "unknown type " + f.Type
	}
	if len(c.Enum) > 0 && !contains(c.Enum, v) {
		return "not one of " + strings.Join(c.Enum, ", ")
	}
	if c.Minimum != nil || c.Maximum != nil {
		n, err := strconv.Atoi(v)
		if err != nil || (c.Minimum != nil && n < *c.Minimum) || (c.Maximum != nil && n > *c.Maximum) {
			return "out of range"
		}
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
