package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// addExportFixture adds a Chinese name, a flagged value, a revised value (two vintages), a negative value,
// hostile strings, a monthly value and a province.
func addExportFixture(t *testing.T, d *db.DB) {
	t.Helper()
	coal := record.Indicator{Code: "coal_share", NameEN: "Coal share", NameZH: "煤炭消费比重", Unit: "%", UnitZH: "%",
		Category: "energy_structure", Direction: "down", Precision: 1, Measure: "level", SortOrder: 1}
	carbon := record.Indicator{Code: "carbon_intensity", NameEN: "Carbon intensity " + hostile.Script, NameZH: "单位GDP二氧化碳排放",
		Unit: "% y/y", UnitZH: "%（同比）", Category: "efficiency_carbon", Direction: "down", Precision: 1, Measure: "yoy_change", SortOrder: 2}
	dbtest.AddIndicators(t, d, coal, carbon)
	communique := dbtest.AddSource(t, d, record.Source{Title: "国家统计局 2023年国民经济和社会发展统计公报", Publisher: "国家统计局",
		URL: "https://www.stats.gov.cn/a", Published: "2024-02-29", Standing: "publisher"})
	yearbook := dbtest.AddSource(t, d, record.Source{Title: "Statistical Yearbook 2024", Publisher: "NBS", URL: "https://www.stats.gov.cn/b",
		Published: "2024-10", Standing: "publisher"})
	formula := dbtest.AddSource(t, d, record.Source{Title: hostile.Formula, Publisher: "@publisher", Published: "2020", Standing: "repost"})
	o := func(code, region string, year, month int, value string, src record.Source, flag, note, quote string) record.Observation {
		return record.Observation{Indicator: code, Region: region, Year: year, Month: month, Value: value, Source: src,
			Flag: flag, Note: note, Quote: quote}
	}
	dbtest.AddObservations(t, d,
		o(coal.Code, "CN", 2023, 0, "55.3", communique, "preliminary", "", "煤炭消费量占能源消费总量比重为55.3%"),
		o(coal.Code, "CN", 2023, 0, "55.30", yearbook, "", "revised", ""),
		o(coal.Code, "CN", 2022, 0, "56.2", formula, "about", hostile.Formula, hostile.Script),
		o(coal.Code, "CN-BJ", 2022, 0, "1.0", yearbook, "under", "-1 below", ""),
		o(coal.Code, "CN", 2024, 3, "53.9", yearbook, "", "tab\there", "line\nbreak"),
		o(carbon.Code, "CN", 2023, 0, "-0.8", communique, "", "", ""),
		o(carbon.Code, "CN", 2024, 0, "-3.4", yearbook, "over", "+more", ""))
}

// exportCatalogue declares the fixture's indicators in the seed catalogue format.
const exportCatalogue = `indicators:
  - {code: coal_share, name_en: Coal share, name_zh: 煤炭消费比重, unit: "%", unit_zh: "%", direction: down, category: energy_structure}
  - {code: carbon_intensity, name_en: "Carbon intensity", name_zh: 单位GDP二氧化碳排放, unit: "% y/y", direction: down,
     category: efficiency_carbon, measure: yoy_change}
`

func fixtureDB(t *testing.T) (*db.DB, string) {
	t.Helper()
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	addExportFixture(t, d)
	return d, url
}

func runExport(t *testing.T, url string, args ...string) []byte {
	t.Helper()
	env, out, errOut := testEnv(map[string]string{"DATABASE_URL": url})
	if err := run(context.Background(), append([]string{"export"}, args...), env); err != nil {
		t.Fatalf("export %v: %v\n%s", args, err, errOut)
	}
	return out.Bytes()
}

// TestExportCSV checks every cell of the seed-format export against the
// database, and that two exports are byte-identical.
func TestExportCSV(t *testing.T) {
	d, url := fixtureDB(t)
	out := runExport(t, url)
	if again := runExport(t, url); !bytes.Equal(out, again) {
		t.Fatal("two exports of the same data differ")
	}
	if bytes.HasPrefix(out, []byte("\uFEFF")) {
		t.Error("the seed-format export starts with a byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "indicator,region,year,month,value,unit,flag,source_title,source_publisher,source_url,published,note,quote,source_standing"
	if got := strings.Join(recs[0], ","); got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
	rows := rowsFromDB(t, d)
	if len(recs)-1 != len(rows) {
		t.Fatalf("%d rows exported, %d in the database", len(recs)-1, len(rows))
	}
	for i, r := range rows {
		if got := strings.Join(recs[i+1], "|"); got != r {
			t.Errorf("row %d:\n got %s\nwant %s", i+1, got, r)
		}
	}
	// Spot checks that do not go through SQL: the stable order and the exact values.
	for _, want := range []string{
		"carbon_intensity|CN|2023||-0.8|% y/y|", // a negative value stays a number
		"coal_share|CN|2022||56.2|%|about|" + hostile.Formula + "|@publisher||2020|" + hostile.Formula + "|" + hostile.Script, // verbatim
		"coal_share|CN|2023||55.3|%|preliminary|",                 // vintage 1 before vintage 2
		"coal_share|CN|2023||55.30|%||Statistical Yearbook 2024|", // the revision, digits as stored
		"coal_share|CN|2024|3|53.9|",                              // a monthly value
	} {
		if !containsRowPrefix(recs, want) {
			t.Errorf("no row starting %q in\n%s", want, out)
		}
	}
	if first := strings.Join(recs[1][:2], "|"); first != "carbon_intensity|CN" {
		t.Errorf("first row %s: want the order indicator, region, year, month, vintage", first)
	}
}

func containsRowPrefix(recs [][]string, prefix string) bool {
	for _, r := range recs[1:] {
		if strings.HasPrefix(strings.Join(r, "|"), prefix) {
			return true
		}
	}
	return false
}

// rowsFromDB renders the expected rows with SQL of its own (the view
// observation_vintages ranks the vintages).
func rowsFromDB(t *testing.T, d *db.DB) []string {
	t.Helper()
	return dbtest.Strings(t, d, `
		SELECT concat_ws('|', o.indicator, o.region, o.year, CASE WHEN o.month = 0 THEN '' ELSE o.month::text END,
		       o.value::text, i.unit, o.flag, s.title, s.publisher, s.url, s.published, o.note, o.quote, s.standing)
		FROM observation_vintages o JOIN sources s ON s.id = o.source_id JOIN indicators i ON i.code = o.indicator
		ORDER BY o.indicator COLLATE "C", o.region COLLATE "C", o.year, o.month, o.vintage`)
}

// TestExportJSON checks the JSON export: exact values, vintages, sources,
// hostile strings escaped for HTML and decoded back verbatim.
func TestExportJSON(t *testing.T) {
	_, url := fixtureDB(t)
	out := runExport(t, url, "-format", "json", "-indicator", "coal_share")
	if again := runExport(t, url, "-format", "json", "-indicator", "coal_share"); !bytes.Equal(out, again) {
		t.Fatal("two exports of the same data differ")
	}
	if bytes.Contains(out, []byte("</script>")) || bytes.Contains(out, []byte("<script>")) {
		t.Errorf("markup not escaped in JSON:\n%s", out)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var obs []map[string]any
	if err := dec.Decode(&obs); err != nil {
		t.Fatalf("decode: %v\n%s", err, out)
	}
	if len(obs) != 5 {
		t.Fatalf("%d observations of coal_share, want 5 (every vintage)", len(obs))
	}
	byKey := map[string]map[string]any{}
	for _, o := range obs {
		if o["indicator"] != "coal_share" {
			t.Errorf("indicator %v in an export of coal_share", o["indicator"])
		}
		byKey[o["region"].(string)+" "+o["year"].(json.Number).String()+" "+o["vintage"].(json.Number).String()] = o
	}
	v1, v2 := byKey["CN 2023 1"], byKey["CN 2023 2"]
	if v1 == nil || v2 == nil {
		t.Fatalf("missing the two vintages of 2023: %v", byKey)
	}
	if v1["value"].(json.Number) != "55.3" || v1["flag"] != "preliminary" || v1["current"] != false ||
		v1["vintages"].(json.Number) != "2" {
		t.Errorf("vintage 1: %v", v1)
	}
	if v2["value"].(json.Number) != "55.30" || v2["current"] != true || v2["note"] != "revised" {
		t.Errorf("vintage 2: %v", v2)
	}
	src := v1["source"].(map[string]any)
	if src["title"] != "国家统计局 2023年国民经济和社会发展统计公报" || src["published"] != "2024-02-29" || src["id"] != nil {
		t.Errorf("source of vintage 1: %v", src)
	}
	h := byKey["CN 2022 1"]
	if h["note"] != hostile.Formula || h["quote"] != hostile.Script || h["source"].(map[string]any)["title"] != hostile.Formula {
		t.Errorf("hostile strings not carried verbatim: %v", h)
	}
	if !bytes.Contains(out, []byte(`"value":55.30`)) {
		t.Errorf("the value is not the stored number digit for digit:\n%s", out)
	}
}

// TestExportRoundTrip: an exported observations CSV loads back with
// `dualcarbon seed` into an empty database and exports identically.
func TestExportRoundTrip(t *testing.T) {
	_, url := fixtureDB(t)
	first := runExport(t, url)
	dir := t.TempDir()
	cat, obs := filepath.Join(dir, "catalogue.yaml"), filepath.Join(dir, "observations.csv")
	if err := os.WriteFile(cat, []byte(exportCatalogue), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(obs, first, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := dbtest.URL(t)
	env, _, errOut := testEnv(map[string]string{"DATABASE_URL": empty})
	// -allow-undated: 51 built-in provincial rows have no publication date yet (seed.Input.undatedOK).
	if err := run(context.Background(), []string{"seed", "-allow-undated", cat, obs}, env); err != nil {
		t.Fatalf("seed the export: %v\n%s", err, errOut)
	}
	if second := runExport(t, empty); !bytes.Equal(first, second) {
		t.Fatalf("the reloaded data exports differently:\n--- first\n%s\n--- second\n%s", first, second)
	}
	for _, f := range []string{"json", "datapackage"} {
		a, b := runExport(t, url, "-format", f), runExport(t, empty, "-format", f)
		if f == "json" && !bytes.Equal(a, b) {
			t.Errorf("JSON exports of the original and the reloaded data differ")
		}
		if len(a) == 0 || len(b) == 0 {
			t.Errorf("empty %s export", f)
		}
	}
}

// TestExportBuiltinRoundTrip: the built-in dataset, exported, loads back into
// an empty database beside its catalogue and exports identically.
func TestExportBuiltinRoundTrip(t *testing.T) {
	url := dbtest.URL(t)
	env, _, errOut := testEnv(map[string]string{"DATABASE_URL": url})
	if err := run(context.Background(), []string{"seed"}, env); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut)
	}
	first := runExport(t, url)
	if n := bytes.Count(first, []byte("\n")); n < 100 {
		t.Fatalf("the built-in dataset exports %d lines", n)
	}
	obs := filepath.Join(t.TempDir(), "observations.csv")
	if err := os.WriteFile(obs, first, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := dbtest.URL(t)
	env, _, errOut = testEnv(map[string]string{"DATABASE_URL": empty})
	cat := filepath.Join("..", "..", "seed", "data", "catalogue.yaml")
	// -allow-undated: 51 built-in provincial rows have no publication date yet (seed.Input.undatedOK).
	if err := run(context.Background(), []string{"seed", "-allow-undated", cat, obs}, env); err != nil {
		t.Fatalf("seed the export: %v\n%s", err, errOut)
	}
	if second := runExport(t, empty); !bytes.Equal(first, second) {
		t.Fatalf("the reloaded built-in dataset exports differently")
	}
}

// TestExportFile: -o writes the file whole; a failing export leaves nothing.
func TestExportFile(t *testing.T) {
	_, url := fixtureDB(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "dataset.zip")
	runExport(t, url, "-format", "datapackage", "-o", name)
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if again := runExport(t, url, "-format", "datapackage"); !bytes.Equal(b, again) {
		t.Error("the data package written to a file differs from the one written to standard output")
	}
	for _, args := range [][]string{
		{"-format", "xml", "-o", filepath.Join(dir, "x")},
		{"-indicator", "no_such", "-o", filepath.Join(dir, "x")},
		{"-indicator", "coal_share", "-format", "datapackage", "-o", filepath.Join(dir, "x")},
	} {
		env, _, _ := testEnv(map[string]string{"DATABASE_URL": url})
		if err := run(context.Background(), append([]string{"export"}, args...), env); err == nil {
			t.Errorf("export %v succeeded", args)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in %s: %v", dir, entries)
	}
}

// TestExportDatapackageSameAsServer: `dualcarbon export -format datapackage` writes the bytes the server
// sends for /export/dataset.zip.
func TestExportDatapackageSameAsServer(t *testing.T) {
	d, url := fixtureDB(t)
	cli := runExport(t, url, "-format", "datapackage")
	srv := httptest.NewServer(dashboard.New(d, dashboard.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/dataset.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	web, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if !bytes.Equal(cli, web) {
		t.Errorf("the command's data package (%d bytes) differs from the server's (%d bytes)", len(cli), len(web))
	}
	// As of a date: -asof is ?asof=, byte for byte, and the package says its date.
	cliThen := runExport(t, url, "-format", "datapackage", "-asof", "2023-06-30")
	resp, err = http.Get(srv.URL + "/export/dataset.zip?asof=2023-06-30")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	webThen, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if !bytes.Equal(cliThen, webThen) || bytes.Equal(cliThen, cli) {
		t.Errorf("the package as of 2023-06-30: command %d bytes, server %d bytes, today's %d bytes", len(cliThen), len(webThen), len(cli))
	}
	env, _, _ := testEnv(map[string]string{"DATABASE_URL": url})
	if err := run(context.Background(), []string{"export", "-asof", "2023-02-30"}, env); err == nil {
		t.Error("export -asof 2023-02-30 was accepted")
	}
}
