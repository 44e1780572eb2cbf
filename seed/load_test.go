package seed

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
)

func TestLoadTwiceChangesNothing(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	first := load(t, d, Options{}, testdata(t, "observations.csv", "catalogue.yaml")...)
	if len(first) != 2 || first[0].File != "catalogue.yaml" {
		t.Fatalf("catalogues load first: %+v", first)
	}
	// 3 indicators, 3 sources (1 listed, 1 referenced by a target, 1 by an event... ), 2 targets, 2 events
	if c := first[0].Counts; c.Inserted != 3+2+2+2 || c.Updated != 0 || c.Unchanged != 0 {
		t.Errorf("catalogue: %+v %+v", c, first[0].Tables)
	}
	if c := first[1].Counts; c != (db.Counts{Inserted: 6}) {
		t.Errorf("observations: %+v", c)
	}
	v1, err := d.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, d)
	second := load(t, d, Options{}, testdata(t, "catalogue.yaml", "observations.csv")...)
	if c := second[0].Counts; c != (db.Counts{Unchanged: 9}) {
		t.Errorf("catalogue again: %+v", c)
	}
	if c := second[1].Counts; c != (db.Counts{Unchanged: 6}) {
		t.Errorf("observations again: %+v", c)
	}
	v2, err := d.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 != v2 {
		t.Errorf("data version moved on a load that changed nothing: %d -> %d", v1, v2)
	}
	after := snapshot(t, d)
	if before == after {
		t.Error("the second run was not recorded in seed_runs")
	}
	runs, err := d.LastSeedRun(ctx)
	if err != nil || runs.FileName != "observations.csv" || runs.Inserted+runs.Updated != 0 || runs.Unchanged != 6 {
		t.Errorf("last seed run: %+v %v", runs, err)
	}
}

func TestBuiltinDataset(t *testing.T) {
	d := dbtest.New(t)
	in, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	res := load(t, d, Options{}, in...)
	for _, r := range res {
		if r.Counts.Inserted == 0 || r.Counts.Updated != 0 {
			t.Errorf("%s: %+v", r.File, r.Counts)
		}
	}
	again := load(t, d, Options{}, in...)
	for _, r := range again {
		if r.Counts.Changed() {
			t.Errorf("%s again: %+v", r.File, r.Counts)
		}
	}
}

func csvInput(name string, rows ...string) Input {
	return Input{Name: name, Data: []byte(header + "\n" + strings.Join(rows, "\n") + "\n")}
}

func TestChangedValueIsUpdated(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	row := "coal_share,CN,2020,,56.8,%,,Communiqué,https://example.org/c,2021-02-28"
	other := "coal_share,CN,2021,,56,%,,Communiqué,https://example.org/c,2021-02-28"
	load(t, d, Options{}, csvInput("a.csv", row, other))
	v1, _ := d.DataVersion(ctx)
	res := load(t, d, Options{}, csvInput("a.csv", strings.Replace(row, "56.8", "56.9", 1), other))
	if c := res[0].Counts; c != (db.Counts{Updated: 1, Unchanged: 1}) {
		t.Fatalf("counts: %+v", c)
	}
	// More digits are a different text even when the number is equal: updated too.
	res = load(t, d, Options{}, csvInput("a.csv", strings.Replace(row, "56.8", "56.90", 1), other))
	if c := res[0].Counts; c != (db.Counts{Updated: 1, Unchanged: 1}) {
		t.Fatalf("counts: %+v", c)
	}
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 2 || obs[0].Value != "56.90" || obs[0].Vintages != 1 {
		t.Fatalf("observations: %+v", obs)
	}
	if v2, _ := d.DataVersion(ctx); v2 <= v1 {
		t.Errorf("data version did not move on an update: %d -> %d", v1, v2)
	}
}

func TestOtherSourceIsNewVintage(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	load(t, d, Options{}, csvInput("first.csv", "coal_share,CN,2020,,57,%,preliminary,Early print,,2021-01"))
	res := load(t, d, Options{}, csvInput("revised.csv", "coal_share,CN,2020,,56.8,%,,Yearbook,,2022-09"))
	if c := res[0].Counts; c != (db.Counts{Inserted: 1}) {
		t.Fatalf("counts: %+v", c)
	}
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 2 || obs[0].Value != "57" || obs[0].Vintage != 1 || obs[1].Value != "56.8" || !obs[1].Current() {
		t.Fatalf("vintages: %+v", obs)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml", "observations.csv")...)
	before := snapshot(t, d)
	changed := csvInput("changed.csv",
		"coal_share,CN,2019,,57.5,%,,Statistical Communiqué 2019,https://example.org/communique-2019,2020-02-28",
		"coal_share,CN,2022,,56.2,%,,Statistical Communiqué 2022,,2023-02-28",
		"coal_share,CN,2020,,57.0,%,,Older release,,2020-12")
	res := load(t, d, Options{DryRun: true, Verbose: true}, changed)
	if after := snapshot(t, d); after != before {
		t.Fatalf("dry run wrote:\n%s\n%s", before, after)
	}
	if c := res[0].Counts; c != (db.Counts{Inserted: 2, Updated: 1}) {
		t.Errorf("dry-run counts: %+v", c)
	}
	var lines []string
	for _, ch := range res[0].Changes {
		lines = append(lines, fmt.Sprintf("%d %s: %s", ch.Line, ch.Key, ch.What))
	}
	want := []string{
		"0 source 'Statistical Communiqué 2022' 2023-02-28: new",
		"0 source 'Older release' 2020-12: new",
		"2 coal_share CN 2019 'Statistical Communiqué 2019' 2020-02-28: value 57.7 -> 57.5, quote changed",
		"3 coal_share CN 2022 'Statistical Communiqué 2022' 2023-02-28: new: 56.2",
		"4 coal_share CN 2020 'Older release' 2020-12: new: 57.0",
		// The older release is a vintage: the current value of 2020 stays; the revision and the new year are current.
		"0 coal_share CN 2019: becomes current: 57.7 ('Statistical Communiqué 2019' 2020-02-28) -> 57.5 ('Statistical Communiqué 2019' 2020-02-28)",
		"0 coal_share CN 2022: becomes current: 56.2 ('Statistical Communiqué 2022' 2023-02-28), none before",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if s := res[0].Summary; len(s) != 1 || s[0] != (db.Summary{Indicator: "coal_share", Region: "CN", New: 2, Revised: 1, Older: 1, Current: 2}) {
		t.Errorf("summary: %+v", s)
	}
	// Without -v: the summary, not the rows.
	if res := load(t, d, Options{DryRun: true}, changed); len(res[0].Changes) != 0 || len(res[0].Summary) != 1 {
		t.Errorf("dry run without -v: %+v", res[0])
	}
}

func TestGB18030(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	utf := "coal_share,CN,2020,,56.8,%,,国家统计局公报,,2021-02-28"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(header + "\n" + utf + "\n")
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Name: "excel.csv", Data: []byte(gb)}
	// Forced to UTF-8: one error, with the hint.
	_, err = Load(ctx, d, []Input{in}, Options{Encoding: UTF8})
	checkErrors(t, "excel.csv", err, []want{{2, 29, "encoding", "-encoding gb18030"}})
	// A UTF-8 file forced to GB18030 would be garbled: refused.
	utf8In := Input{Name: "utf8.csv", Data: []byte(header + "\n" + utf + "\n")}
	_, err = Load(ctx, d, []Input{utf8In}, Options{Encoding: GB18030})
	checkErrors(t, "utf8.csv", err, []want{{1, 1, "encoding", "would turn them into other characters"}})
	// By content: GB18030, without a flag.
	load(t, d, Options{}, in)
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != 1 || obs[0].Source.Title != "国家统计局公报" {
		t.Fatalf("observations: %+v %v", obs, err)
	}
	run, err := d.LastSeedRun(ctx)
	if sum := sha256.Sum256([]byte(gb)); err != nil || run.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("seed run records the sha256 of the file as read: %+v %v", run, err)
	}
}

func TestByteOrderMark(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	in := csvInput("bom.csv", "coal_share,CN,2020,,56.8,%,,S,,2021")
	in.Data = append([]byte("\uFEFF"), in.Data...)
	if c := load(t, d, Options{}, in)[0].Counts; c.Inserted != 1 {
		t.Fatalf("counts: %+v", c)
	}
	cat := testdata(t, "catalogue.yaml")[0]
	cat.Data = append([]byte("\uFEFF"), cat.Data...)
	load(t, d, Options{}, cat)
}

// Strings that are code somewhere (HTML, spreadsheets, go-echarts) are data here: stored as given.
func TestHostileStringsStoredVerbatim(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	strs := hostile.All()
	data := "indicator,year,value,source_title,note,quote\n"
	for i, h := range strs {
		q := `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
		data += fmt.Sprintf("coal_share,%d,50,%s,%s,%s\n", 2000+i, q, q, q)
	}
	load(t, d, Options{Published: "2024-01-02"}, Input{Name: "hostile.csv", Data: []byte(data)})
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != len(strs) {
		t.Fatalf("observations: %+v %v", obs, err)
	}
	for i, o := range obs {
		if o.Source.Title != strs[i] || o.Note != strs[i] || o.Quote != strs[i] {
			t.Errorf("stored %q %q %q, want %q", o.Source.Title, o.Note, o.Quote, strs[i])
		}
	}
	cat := fmt.Sprintf("indicators:\n  - {code: hostile, name_en: %q, name_zh: %q, unit: %q, direction: up, category: ecology}\n",
		strs[0], strs[1], strs[2])
	load(t, d, Options{}, Input{Name: "hostile.yaml", Data: []byte(cat)})
	in, err := d.Indicator(ctx, "hostile")
	if err != nil || in.NameEN != strs[0] || in.NameZH != strs[1] || in.Unit != strs[2] {
		t.Errorf("indicator: %+v %v", in, err)
	}
}

// TestBuiltinProvinces: the provincial figures of the built-in dataset load as PROVINCIAL.md describes them:
// the 2020 communiqué's 30 provinces (Tibet absent, never zero), the barometer's nine red provinces as
// ratings, the twenty 14th FYP intensity targets (the provinces' own plans and news of their assigned targets).
func TestBuiltinProvinces(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	in, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	load(t, d, Options{}, in...)
	var n int
	var nm, bj string
	err = d.Raw().QueryRow(ctx, `SELECT count(*) FILTER (WHERE region <> 'CN'),
		max(value::text) FILTER (WHERE region = 'CN-NM'), max(value::text) FILTER (WHERE region = 'CN-BJ')
		FROM observations WHERE indicator = 'energy_intensity' AND year = 2020`).Scan(&n, &nm, &bj)
	if err != nil || n != 30 || nm != "6.89" || bj != "-9.18" {
		t.Errorf("energy_intensity 2020: %d provinces, Inner Mongolia %s, Beijing %s, %v", n, nm, bj, err)
	}
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM observations WHERE region = 'CN-XZ'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("Tibet: %d rows, %v", n, err)
	}
	as, err := d.Assessments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	red := 0
	for _, a := range as {
		if a.Code != "barometer_2021h1_intensity" {
			continue
		}
		if len(a.Ratings) != 30 || a.Indicator != "energy_intensity" || !strings.Contains(a.DocumentZH, "发改办环资〔2021〕629号") {
			t.Errorf("barometer: %+v", a)
		}
		for _, r := range a.Ratings {
			if r.Rating == "red" {
				red++
			}
		}
	}
	if red != 9 {
		t.Errorf("barometer 2021H1: %d red, want 9", red)
	}
	err = d.Raw().QueryRow(ctx, `SELECT count(*) FROM targets WHERE indicator = 'energy_intensity' AND region <> 'CN'
		AND plan = 'fyp14' AND year = 2025 AND base_year = 2020`).Scan(&n)
	if err != nil || n != 20 {
		t.Errorf("provincial 14th FYP targets: %d, %v", n, err)
	}
}

// Two files of one run that give different values for one figure: an error
// naming both, nothing written (within one file it is a duplicate). The same
// value twice is no conflict.
func TestConflictBetweenFilesOfOneRun(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	before := snapshot(t, d)
	a := csvInput("a.csv", "coal_share,CN,2020,,56.8,%,,Communiqué,,2021-02-28", "coal_share,CN,2021,,56,%,,Communiqué,,2021-02-28")
	b := csvInput("b.csv", "coal_share,CN,2021,,56,%,,Communiqué,,2021-02-28", "coal_share,CN,2020,,56.9,%,,Communiqué,,2021-02-28")
	_, err := Load(testContext(t), d, []Input{a, b}, Options{})
	checkErrors(t, "b.csv", err, []want{{3, 1, "row", "value 56.9 here, 56.8 in a.csv loaded earlier in this run"}})
	if after := snapshot(t, d); after != before {
		t.Error("database changed")
	}
	res := load(t, d, Options{}, a, a)
	if c := res[1].Counts; c != (db.Counts{Unchanged: 2}) {
		t.Errorf("the same file twice: %+v", c)
	}
}

// Every built-in figure has its publication date but for the provincial
// rows of a secondary compilation that their owner has not dated yet: that
// count may only fall, and at zero Input.undatedOK goes.
func TestBuiltinUndatedRowsOnlyShrink(t *testing.T) {
	in, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range in {
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(recs[0], "published")
		undated := 0
		for _, r := range recs[1:] {
			if col < 0 || r[col] == "" {
				undated++
			}
		}
		if limit := map[bool]int{true: 51, false: 0}[f.undatedOK]; undated > limit {
			t.Errorf("%s: %d rows without a publication date, at most %d", f.Name, undated, limit)
		}
	}
}

// The current value is the latest publication: an older release loaded after
// a newer one becomes an earlier vintage, and the result says so.
func TestOlderReleaseAfterNewer(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	load(t, d, Options{}, csvInput("owid-2024.csv", "coal_share,CN,2018,,59.0,%,,OWID energy 2024,,2024-06-20"))
	older := csvInput("owid-2021.csv", "coal_share,CN,2018,,59.7,%,,OWID energy 2021,,2021-07-01")
	dry := load(t, d, Options{DryRun: true}, older)[0]
	if dry.Older != 1 || len(dry.Summary) != 1 || dry.Summary[0].Older != 1 {
		t.Errorf("dry run: %+v", dry)
	}
	if res := load(t, d, Options{}, older)[0]; res.Older != 1 || res.Counts.Inserted != 1 {
		t.Errorf("older release: %+v", res)
	}
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != 2 || !obs[1].Current() || obs[1].Value != "59.0" || obs[0].Value != "59.7" {
		t.Fatalf("vintages: %+v %v", obs, err)
	}
}

// An indicator may declare a plausible range in the catalogue: a value
// outside it is refused at its cell, naming value and range; nothing written.
func TestValueOutsideCatalogueRange(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	cat := "indicators:\n  - {code: gdp_growth, name_en: GDP growth, name_zh: 增速, unit: \"% y/y\", direction: up, category: industry, range: [-30, 30]}\n"
	load(t, d, Options{}, Input{Name: "range.yaml", Data: []byte(cat)})
	before := snapshot(t, d)
	in := csvInput("growth.csv", "gdp_growth,CN,2020,,2.3,,,S,,2021", "gdp_growth,CN,2021,,84,,,S,,2022")
	_, err := Load(ctx, d, []Input{in}, Options{})
	checkErrors(t, "growth.csv", err, []want{{3, 21, "value", "84 is outside the plausible range -30..30 of indicator gdp_growth"}})
	if snapshot(t, d) != before {
		t.Error("database changed")
	}
	if c := load(t, d, Options{}, csvInput("ok.csv", "gdp_growth,CN,2020,,-30,,,S,,2021"))[0].Counts; c.Inserted != 1 {
		t.Errorf("a value at the edge: %+v", c)
	}
}
