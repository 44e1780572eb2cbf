package seed

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

const header = "indicator,region,year,month,value,unit,flag,source_title,source_url,published"

// at is the 1-based byte column of field i of a CSV line without quotes.
func at(line string, i int) int {
	col := 1
	for j, f := range strings.Split(line, ",") {
		if j == i {
			return col
		}
		col += len(f) + 1
	}
	panic("no field")
}

// csvCase builds a file of header plus rows and expects, for each bad row,
// an error at row line, field column.
type want struct {
	line, col int
	field     string
	reason    string
}

func (w want) String() string { return fmt.Sprintf("%d:%d: %s: %s", w.line, w.col, w.field, w.reason) }

var errorFormat = regexp.MustCompile(`^[^:]+:[1-9][0-9]*:[1-9][0-9]*: [a-z_]+: .+$`)

// checkErrors asserts err lists exactly the wanted errors, each FILE:LINE:COLUMN: column: reason.
func checkErrors(t *testing.T, file string, err error, wants []want) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	for _, e := range errs {
		if !errorFormat.MatchString(e.Error()) || strings.Contains(e.Reason, "\n") {
			t.Errorf("error not in FILE:LINE:COLUMN: column: reason form: %q", e.Error())
		}
	}
	if len(errs) != len(wants) {
		t.Errorf("got %d errors, want %d:\n%v", len(errs), len(wants), err)
	}
	for _, w := range wants {
		prefix := fmt.Sprintf("%s:%d:%d: %s: ", file, w.line, w.col, w.field)
		found := false
		for _, e := range errs {
			if s := e.Error(); strings.HasPrefix(s, prefix) && strings.Contains(s, w.reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing error %s%s in:\n%v", prefix, w.reason, err)
		}
	}
}

type badCase struct {
	name  string
	file  string
	data  string
	wants []want
}

// rowCase is a CSV case of one bad row: the error is at line 2, field i.
func rowCase(name, row string, i int, field, reason string) badCase {
	return badCase{name, "bad.csv", header + "\n" + row + "\n", []want{{2, at(row, i), field, reason}}}
}

func badCSV() []badCase {
	ok := "coal_share,CN,2020,,50,%,,Some source,,2021"
	numbers := []string{`1,5`, `NaN`, `1_000`, `12%`, `Inf`, `-Infinity`, `0x10`, `>15`, `1e5`, ` 1`, `.5`, `5.`, `+1`, `0x1p3`, ``}
	data, wants := header+"\n", []want(nil)
	for i, n := range numbers {
		row := fmt.Sprintf("total_energy,CN,%d,,%s,,,Some source,,2021", 2000+i, n)
		col := at(row, 4)
		if strings.Contains(n, ",") {
			row = fmt.Sprintf("total_energy,CN,%d,,\"%s\",,,Some source,,2021", 2000+i, n)
		}
		data += row + "\n"
		wants = append(wants, want{i + 2, col, "value", "number"})
	}
	notText := "\xff\xfe" // neither UTF-8 nor GB18030
	return []badCase{
		{"bad numbers, every one reported", "bad.csv", data, wants},
		rowCase("unknown indicator", "nope,CN,2020,,1,,,Some source,,2021", 0, "indicator", `unknown indicator "nope"`),
		rowCase("unit mismatch", "coal_share,CN,2020,,1,Mt,,Some source,,2021", 5, "unit", `"Mt" does not match the unit "%"`),
		rowCase("bad year", "coal_share,CN,20x0,,1,,,Some source,,2021", 2, "year", "bad year"),
		rowCase("year out of range", "coal_share,CN,1800,,1,,,Some source,,2021", 2, "year", "bad year"),
		rowCase("bad month", "coal_share,CN,2020,13,1,,,Some source,,2021", 3, "month", "bad month"),
		rowCase("bad published date", "coal_share,CN,2020,,1,,,Some source,,2021-13", 9, "published", "bad date"),
		rowCase("bad flag", "coal_share,CN,2020,,1,,approx,Some source,,2021", 6, "flag", `bad value "approx"`),
		{"bad source standing", "bad.csv", header + ",source_standing\ncoal_share,CN,2020,,1,,,Some source,,2021,official\n",
			[]want{{2, at("coal_share,CN,2020,,1,,,Some source,,2021,official", 10), "source_standing", `bad value "official"`}}},
		rowCase("unknown region", "coal_share,CN-ZZ,2020,,1,,,Some source,,2021", 1, "region", `unknown region "CN-ZZ"`),
		rowCase("share above 100", "coal_share,CN,2020,,100.5,,,Some source,,2021", 4, "value", "outside 0-100"),
		rowCase("share below 0", "coal_share,CN,2020,,-1,,,Some source,,2021", 4, "value", "outside 0-100"),
		rowCase("share a hair above 100", "coal_share,CN,2020,,100.00000000000000000000000000000001,,,Some source,,2021", 4, "value", "outside 0-100"),
		rowCase("change below -100", "energy_intensity,CN,2020,,-100.5,,,Some source,,2021", 4, "value", "below -100"),
		rowCase("negative zero", "total_energy,CN,2020,,-0.0,,,Some source,,2021", 4, "value", "a zero has no sign"),
		rowCase("leading zeros", "total_energy,CN,2020,,007,,,Some source,,2021", 4, "value", "no leading zeros"),
		rowCase("title too long for the index", "total_energy,CN,2020,,1,,,"+strings.Repeat("长", 1000)+",,2021", 7, "source_title", "over the limit of 2000"),
		rowCase("no publication date", "coal_share,CN,2020,,1,,,Some source,,", 9, "published", "no publication date"),
		{"no published column", "bad.csv", "indicator,year,value,source_title\ncoal_share,2020,1,S\n",
			[]want{{1, 1, "header", "no publication date"}}},
		rowCase("bad URL", "coal_share,CN,2020,,1,,,Some source,javascript:alert(1),2021", 8, "source_url", "bad URL"),
		rowCase("empty source", "coal_share,CN,2020,,1,,,,,2021", 7, "source_title", "empty"),
		rowCase("NUL character", "coal_share,CN,2020,,1,,,Some\x00source,,2021", 7, "row", "NUL"),
		{"duplicate key", "bad.csv", header + "\n" + ok + "\n" + ok + "\n", []want{{3, 1, "row", "duplicate of line 2"}}},
		{"missing required column", "bad.csv", "indicator,year,source_title,published\ncoal_share,2020,S,2021\n",
			[]want{{1, 1, "header", `missing required column "value"`}}},
		{"duplicate header", "bad.csv", "indicator,year,value,year,source_title,published\ncoal_share,2020,1,2021,S,2021\n",
			[]want{{1, 22, "header", `duplicate column "year"`}}},
		{"unknown column", "bad.csv", "indicator,year,value,source_title,souce_url,published\ncoal_share,2020,1,S,x,2021\n",
			[]want{{1, 35, "header", `unknown column "souce_url"`}}},
		{"ragged row", "bad.csv", header + "\n" + ok + ",extra\n" + "coal_share,CN,2021\n",
			[]want{{2, at(ok+",extra", 10), "row", "11 fields, the header has 10"}, {3, 15, "row", "3 fields, the header has 10"}}},
		{"bare quote", "bad.csv", header + "\ncoal_share,CN,2020,,1,,,Some \"source\",,2021\n",
			[]want{{2, 30, "row", "bare \""}}},
		{"empty file", "bad.csv", "", []want{{1, 1, "header", "empty file"}}},
		{"a header and no rows", "bad.csv", header + "\n", []want{{2, 1, "file", "a header and no rows"}}},
		{"neither UTF-8 nor GB18030", "bad.csv", header + "\n" + ok + "\ncoal_share,CN,2021,,1,,," + notText + ",,2021\n",
			[]want{{3, 25, "encoding", "neither UTF-8 nor GB18030"}}},
	}
}

func badYAML() []badCase {
	ind := "indicators:\n  - code: x_share\n    name_en: X\n    name_zh: 叉\n    unit: \"%\"\n    direction: up\n    category: ecology\n"
	target := "targets:\n  - indicator: coal_share\n    year: 2025\n    kind: cap\n    document: Plan\n"
	return []badCase{
		{"unknown key", "bad.yaml", ind + "    nme_en: typo\n", []want{{8, 5, "key", `unknown key "nme_en" in indicator`}}},
		{"unknown top-level key", "bad.yaml", "indicator:\n  - code: x\n", []want{{1, 1, "key", `unknown key "indicator" in catalogue`}}},
		{"010 is not 8", "bad.yaml", target + "    value: 010\n", []want{{6, 12, "value", "leading zero"}}},
		{"document_zh not a text", "bad.yaml", target + "    value: 5\n    document_zh: [a, b]\n",
			[]want{{7, 18, "document_zh", "want a single value, not a list"}}},
		{"octal year", "bad.yaml", "targets:\n  - indicator: coal_share\n    year: 0o3720\n    kind: cap\n    document: Plan\n    value: 5\n",
			[]want{{3, 11, "year", "bad year"}}},
		{"bad number", "bad.yaml", target + "    value: 1e5\n", []want{{6, 12, "value", "bad number"}}},
		{"NaN", "bad.yaml", target + "    value: .nan\n", []want{{6, 12, "value", "bad number"}}},
		{"missing keys", "bad.yaml", "targets:\n  - indicator: coal_share\n    kind: cap\n",
			[]want{{2, 5, "year", "missing"}, {2, 5, "value", "missing"}, {2, 5, "document", "missing"}}},
		{"bad enums", "bad.yaml", "indicators:\n  - code: x_share\n    name_en: X\n    name_zh: 叉\n    unit: \"%\"\n    direction: sideways\n    category: misc\n    measure: index\n",
			[]want{{6, 16, "direction", `bad value "sideways"`}, {7, 15, "category", `bad value "misc"`}, {8, 14, "measure", `bad value "index"`}}},
		{"bad kind and plan", "bad.yaml", "targets:\n  - indicator: coal_share\n    year: 2025\n    value: 5\n    kind: goal\n    plan: fyp99\n    document: P\n",
			[]want{{5, 11, "kind", `bad value "goal"`}, {6, 11, "plan", `bad value "fyp99"`}}},
		{"yes is not a boolean", "bad.yaml", target + "    value: 5\n    binding: yes\n", []want{{7, 14, "binding", `bad value "yes"`}}},
		{"unknown indicator", "bad.yaml", "targets:\n  - indicator: nope\n    year: 2025\n    value: 5\n    kind: cap\n    document: P\n",
			[]want{{2, 16, "indicator", `unknown indicator "nope"`}}},
		{"change without base year", "bad.yaml", "targets:\n  - indicator: energy_intensity\n    year: 2025\n    value: -13.5\n    kind: change\n    document: P2\n",
			[]want{{2, 5, "base_year", "missing"}}},
		{"share target above 100", "bad.yaml", target + "    value: 120\n", []want{{6, 12, "value", "outside 0-100"}}},
		{"bad event date", "bad.yaml", "events:\n  - date: 2021-02-30\n    title_en: X\n", []want{{2, 11, "date", "bad date"}}},
		{"duplicate code", "bad.yaml", ind + strings.Replace(ind, "indicators:\n", "", 1), []want{{8, 5, "code", "duplicate of the entry on line 2"}}},
		{"range upside down", "bad.yaml", ind + "    range: [5, 1]\n", []want{{8, 12, "range", "the minimum must be below the maximum"}}},
		{"range not a pair", "bad.yaml", ind + "    range: 5\n", []want{{8, 12, "range", "want [min, max]"}}},
		{"duplicate mapping key", "bad.yaml", ind + "    unit: t\n", []want{{8, 5, "key", `duplicate key "unit", already given on line 5`}}},
		{"list expected", "bad.yaml", "indicators:\n  code: x\n", []want{{2, 3, "yaml", "want a list, not a mapping"}}},
		{"unknown standing", "bad.yaml", "sources:\n  - title: T\n    url: https://example.org/t\n    standing: official\n",
			[]want{{4, 15, "standing", `bad value "official"`}}},
		{"syntax error", "bad.yaml", "indicators:\n\t- code: x\n", []want{{2, 1, "yaml", "found character that cannot start any token"}}},
		{"neither UTF-8 nor GB18030", "bad.yaml", "events:\n  - date: 2021-01-01\n    title_en: \xff\xfe\n", []want{{3, 15, "encoding", "neither UTF-8 nor GB18030"}}},
	}
}

// Each bad input is refused with every error at its line and column, and the
// database stays exactly as it was (row counts and checksums of every table).
func TestBadInputWritesNothing(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml", "observations.csv")...)
	before := snapshot(t, d)
	for _, c := range append(badCSV(), badYAML()...) {
		t.Run(c.name, func(t *testing.T) {
			// With a good file beside it: nothing of the run is written.
			good := Input{Name: "good.csv", Data: []byte(header + "\ntotal_energy,CN,2024,,5.1,,,New source,,2025\n")}
			_, err := Load(testContext(t), d, []Input{good, {Name: c.file, Data: []byte(c.data)}}, Options{})
			checkErrors(t, c.file, err, c.wants)
			if after := snapshot(t, d); after != before {
				t.Errorf("database changed:\n%s\n%s", before, after)
			}
		})
	}
}
