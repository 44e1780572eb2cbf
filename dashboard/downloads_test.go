package dashboard

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// addExportFixture adds a Chinese name, a flagged value, a revised value (two vintages), negative values, a
// change target, and hostile strings in a note, a quote, a source title and a target document.
func addExportFixture(t *testing.T, d *db.DB) {
	t.Helper()
	communique := dbtest.AddSource(t, d, record.Source{Title: "2023年统计公报", Publisher: "国家统计局", URL: "https://www.stats.gov.cn/a", Standing: "publisher", Published: "2024-02-29"})
	yearbook := dbtest.AddSource(t, d, record.Source{Title: "Energy yearbook 2024", Publisher: "NBS", URL: "https://www.stats.gov.cn/b", Published: "2024-12", Standing: "publisher"})
	formulaSrc := dbtest.AddSource(t, d, record.Source{Title: hostile.Formula, Publisher: "@x", Published: "2021-03", Standing: "repost"})
	coal := record.Indicator{Code: "coal_share", NameEN: "Coal share " + hostile.Script, NameZH: "煤炭消费比重", Unit: "%", UnitZH: "%",
		Category: "energy_structure", Direction: "down", Precision: 1, Measure: "level", SortOrder: 1}
	carbon := record.Indicator{Code: "carbon_intensity", NameEN: "Carbon intensity", NameZH: "单位GDP二氧化碳排放", Unit: "% y/y",
		UnitZH: "%", Category: "efficiency_carbon", Direction: "down", Precision: 1, Measure: "yoy_change", SortOrder: 2}
	dbtest.AddIndicators(t, d, coal, carbon)
	o := func(code string, year int, value string, src record.Source, flag, note, quote string) record.Observation {
		return record.Observation{Indicator: code, Year: year, Value: value, Source: src, Flag: flag, Note: note, Quote: quote}
	}
	sx := o(coal.Code, 2023, "70.1", yearbook, "", "province", "")
	sx.Region = "CN-SX"
	dbtest.AddObservations(t, d,
		o(coal.Code, 2020, "56.8", yearbook, "", "", ""),
		o(coal.Code, 2022, "56.2", yearbook, "about", hostile.Formula, hostile.Script),
		o(coal.Code, 2023, "55.3", communique, "preliminary", "", ""),
		o(coal.Code, 2023, "55.50", yearbook, "", "", ""),
		o(carbon.Code, 2021, "-3.8", communique, "", "", ""),
		o(carbon.Code, 2022, "-0.8", communique, "", "", ""),
		o(carbon.Code, 2023, "0", communique, "", "", ""),
		o(carbon.Code, 2024, "-3.4", communique, "over", "-x", ""),
		sx)
	cut := dbtest.Target(carbon.Code, 2025, "-18", communique)
	cut.Kind, cut.BaseYear, cut.Binding, cut.Plan, cut.Document, cut.Issuer, cut.Issued = "change", 2020, true, "fyp14", "14th FYP", "NPC", "2021-03"
	coalCap := dbtest.Target(coal.Code, 2025, "52", formulaSrc)
	coalCap.Kind, coalCap.Plan, coalCap.Document, coalCap.Issuer, coalCap.Issued = "cap", "fyp14", hostile.Formula, "NPC", "2021-03"
	dbtest.AddTargets(t, d, cut, coalCap)
	dbtest.AddEvents(t, d, record.Event{Date: time.Date(2021, 7, 16, 0, 0, 0, 0, time.UTC), TitleEN: "Carbon market",
		TitleZH: "全国碳市场", Issuer: "MEE", Source: &communique})
	dbtest.AddSeedRun(t, d, "fixture.sql", 10)
}

type exportEnv struct {
	d   *db.DB
	url string // of the running server
}

func newExportEnv(t *testing.T) exportEnv {
	t.Helper()
	d := dbtest.New(t)
	addExportFixture(t, d)
	s := New(d, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AsOf: 2025, VersionInterval: -1})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return exportEnv{d: d, url: srv.URL}
}

type download struct {
	status int
	header http.Header
	body   []byte
}

func (e exportEnv) get(t *testing.T, path string, header ...string) download {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return download{resp.StatusCode, resp.Header, b}
}

func checkHeaders(t *testing.T, path string, r download, contentType, filename string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", path, r.status, r.body)
	}
	for k, want := range map[string]string{"Content-Type": contentType, "X-Content-Type-Options": "nosniff",
		"Cache-Control": "no-cache"} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s: %s = %q, want %q", path, k, got, want)
		}
	}
	if r.header.Get("ETag") == "" {
		t.Errorf("%s: no ETag", path)
	}
	if filename != "" && !strings.HasPrefix(r.header.Get("Content-Disposition"), `attachment; filename="`+filename+`"`) {
		t.Errorf("%s: Content-Disposition %q, want file %s", path, r.header.Get("Content-Disposition"), filename)
	}
}

// currentValues is the current value of each year of an indicator (CN), straight from the database view.
func currentValues(t *testing.T, d *db.DB, code string) map[string]string {
	t.Helper()
	rows, err := d.Raw().Query(context.Background(), `SELECT year::text, value::text FROM current_observations
		WHERE indicator = $1 AND region = 'CN'`, code)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var y, v string
		if err := rows.Scan(&y, &v); err != nil {
			t.Fatal(err)
		}
		out[y] = v
	}
	return out
}

func TestChartCSV(t *testing.T) {
	e := newExportEnv(t)
	path := "/indicators/coal_share/data.csv?lang=zh"
	r := e.get(t, path)
	checkHeaders(t, path, r, "text/csv; charset=utf-8", "coal_share-zh.csv")
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E7%85%A4") {
		t.Errorf("no UTF-8 file name with the Chinese name: %q", cd)
	}
	if !bytes.HasPrefix(r.body, []byte(export.BOM)) {
		t.Error("the chart CSV has no byte-order mark: Excel would show Chinese as mojibake")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte(export.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	want := currentValues(t, e.d, "coal_share")
	actual := 0
	for _, rec := range recs[1:] {
		cell := func(name string) string { return rec[col[name]] }
		switch cell("series") {
		case "actual":
			actual++
			if v := want[cell("year")]; cell("value") != v {
				t.Errorf("actual %s = %s, database %s", cell("year"), cell("value"), v)
			}
			if cell("year") == "2023" && (cell("vintage") != "2" || cell("vintages") != "2" || cell("value") != "55.50") {
				t.Errorf("2023: the revision (vintage 2 of 2, 55.50) is the current value: %v", rec)
			}
			if cell("year") == "2022" {
				if cell("flag") != "about" || cell("note") != "'"+hostile.Formula {
					t.Errorf("2022: flag %q, note %q (want the formula neutralised)", cell("flag"), cell("note"))
				}
			}
			if cell("unit") != "%" || cell("region") != "CN" {
				t.Errorf("unit %q region %q", cell("unit"), cell("region"))
			}
		case "vintage":
			if cell("year") != "2023" || cell("value") != "55.3" || cell("flag") != "preliminary" || cell("source_title") != "2023年统计公报" {
				t.Errorf("earlier vintage: %v", rec)
			}
		case "target-2":
			if cell("target_document") != "'"+hostile.Formula || cell("source_title") != "'"+hostile.Formula || cell("source_publisher") != "'@x" {
				t.Errorf("target text not neutralised: %v", rec)
			}
			if cell("value") != "52" || cell("status") == "" || cell("status_text") == "" {
				t.Errorf("target row without value or status: %v", rec)
			}
		}
	}
	if actual != len(want) {
		t.Errorf("%d actual rows, %d current values in the database", actual, len(want))
	}

	// A yoy_change indicator: negative values stay numbers; the index and the change target with R.
	r = e.get(t, "/indicators/carbon_intensity/data.csv?lang=en")
	recs, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte(export.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var sawNegative, sawIndex, sawRatio bool
	for _, rec := range recs[1:] {
		cell := func(name string) string { return rec[col[name]] }
		switch {
		case cell("series") == "actual" && cell("year") == "2024":
			sawNegative = cell("value") == "-3.4" && cell("flag") == "over" && cell("note") == "'-x"
		case cell("series") == "index":
			sawIndex = cell("derived") == "true"
		case cell("kind") == "target":
			ratio := cell("ratio")
			sawRatio = strings.HasPrefix(ratio, "0.5") && cell("status") == "limited" && cell("base_year") == "2020" &&
				cell("observed_rate") != "" && cell("required_rate") != ""
		}
	}
	if !sawNegative || !sawIndex || !sawRatio {
		t.Errorf("negative value %v, derived index %v, status with R about 0.52 %v:\n%s", sawNegative, sawIndex, sawRatio, r.body)
	}
}

func TestChartJSON(t *testing.T) {
	e := newExportEnv(t)
	path := "/indicators/coal_share/data.json?from=2021&to=2024"
	r := e.get(t, path, "Accept-Language", "en")
	checkHeaders(t, path, r, "application/json; charset=utf-8", "coal_share-en-2021-2024.json")
	if bytes.Contains(r.body, []byte("</script>")) {
		t.Error("markup not escaped in JSON")
	}
	var doc struct {
		Indicator struct {
			Code, Name string
			NameZH     string `json:"name_zh"`
		}
		From, To int
		Series   []struct {
			ID     string
			Points []struct {
				Year              int
				Value             json.Number
				Flag, Note, Quote string
				Vintage           int
			}
		}
		Vintages []export.Observation
		Targets  []export.TargetJSON
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Indicator.Name != "Coal share "+hostile.Script || doc.Indicator.NameZH != "煤炭消费比重" || doc.From != 2021 || doc.To != 2024 {
		t.Errorf("metadata: %+v from %d to %d", doc.Indicator, doc.From, doc.To)
	}
	want := currentValues(t, e.d, "coal_share")
	n := 0
	for _, p := range doc.Series[0].Points {
		n++
		if string(p.Value) != want[itoa(p.Year)] {
			t.Errorf("%d: %s, database %s", p.Year, p.Value, want[itoa(p.Year)])
		}
		if p.Year == 2022 && (p.Note != hostile.Formula || p.Quote != hostile.Script || p.Flag != "about") {
			t.Errorf("2022 not verbatim: %+v", p)
		}
		if p.Year < 2021 || p.Year > 2024 {
			t.Errorf("year %d outside from/to", p.Year)
		}
	}
	if n != 2 || len(doc.Vintages) != 3 {
		t.Errorf("%d points (want 2022 and 2023), %d vintages (want 3)", n, len(doc.Vintages))
	}
	if !bytes.Contains(r.body, []byte(`"value":55.50`)) {
		t.Error("the revised value is not written digit for digit")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestChartXLSX(t *testing.T) {
	e := newExportEnv(t)
	path := "/indicators/coal_share/data.xlsx?lang=zh"
	r := e.get(t, path)
	checkHeaders(t, path, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "coal_share-zh.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("data")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	want := currentValues(t, e.d, "coal_share")
	found := 0
	for i, row := range rows[1:] {
		if row[col["series"]] != "actual" {
			continue
		}
		found++
		year := row[col["year"]]
		cell, _ := excelize.CoordinatesToCellName(col["value"]+1, i+2)
		v, _ := f.GetCellValue("data", cell, excelize.Options{RawCellValue: true})
		if v != strings.TrimRight(strings.TrimRight(want[year], "0"), ".") && v != want[year] {
			t.Errorf("%s: %s, database %s", year, v, want[year])
		}
		if typ, _ := f.GetCellType("data", cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s: the value is stored as text", year)
		}
		if year == "2022" {
			noteCell, _ := excelize.CoordinatesToCellName(col["note"]+1, i+2)
			formula, _ := f.GetCellFormula("data", noteCell)
			note, _ := f.GetCellValue("data", noteCell)
			if formula != "" || note != hostile.Formula {
				t.Errorf("2022 note: formula %q, value %q: want the text verbatim, never a formula", formula, note)
			}
		}
	}
	if found != len(want) {
		t.Errorf("%d actual rows, want %d", found, len(want))
	}
	meta, err := f.GetRows("metadata")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range meta {
		text.WriteString(strings.Join(r, "|") + "\n")
	}
	for _, want := range []string{"name|煤炭消费比重", "source|2023年统计公报|国家统计局", "citation|", "licence|"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("metadata sheet lacks %q:\n%s", want, text.String())
		}
	}
}

// The ETag changes exactly when the data does: 304 while unchanged, 200 with a new tag after a seed run.
func TestExportETag(t *testing.T) {
	e := newExportEnv(t)
	paths := []string{"/indicators/coal_share/data.csv", "/indicators/coal_share/data.json?lang=zh",
		"/indicators/coal_share/data.xlsx", "/export/dataset.zip", "/api/v1/indicators", "/api/v1/indicators/coal_share",
		"/api/v1/indicators/coal_share/series?vintage=latest", "/api/v1/indicators/coal_share/targets",
		"/api/v1/sources", "/api/v1/events"}
	tags := map[string]string{}
	for _, p := range paths {
		r := e.get(t, p)
		if r.status != http.StatusOK || r.header.Get("ETag") == "" || r.header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("%s: %d ETag %q Cache-Control %q", p, r.status, r.header.Get("ETag"), r.header.Get("Cache-Control"))
		}
		tags[p] = r.header.Get("ETag")
		if again := e.get(t, p, "If-None-Match", tags[p]); again.status != http.StatusNotModified || len(again.body) != 0 {
			t.Errorf("%s with its ETag: %d, want 304", p, again.status)
		}
	}
	if tags["/indicators/coal_share/data.csv"] == tags["/indicators/coal_share/data.json?lang=zh"] {
		t.Error("two routes share an ETag")
	}
	// A seed run that changes nothing keeps every tag.
	if _, err := e.d.Raw().Exec(context.Background(), `INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ('same.csv', repeat('c', 64), 0, 0, 9, now())`); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if r := e.get(t, p, "If-None-Match", tags[p]); r.status != http.StatusNotModified {
			t.Errorf("%s after an unchanged seed run: %d, want 304", p, r.status)
		}
	}
	if _, err := e.d.Raw().Exec(context.Background(), `
		INSERT INTO observations (indicator, year, value, source_id) VALUES ('coal_share', 2024, 53.2, 2);
		INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ('new.csv', repeat('d', 64), 1, 0, 0, now())`); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		r := e.get(t, p, "If-None-Match", tags[p])
		if r.status != http.StatusOK || r.header.Get("ETag") == tags[p] {
			t.Errorf("%s after the data changed: %d, ETag %q (was %q)", p, r.status, r.header.Get("ETag"), tags[p])
		}
	}
}

func TestDatasetZip(t *testing.T) {
	e := newExportEnv(t)
	r := e.get(t, "/export/dataset.zip")
	checkHeaders(t, "/export/dataset.zip", r, "application/zip", "dualcarbon-dataset.zip")
	var want bytes.Buffer
	if err := export.ReadDataset(context.Background(), e.d, "", func(ds export.Dataset) error {
		return export.WritePackage(&want, ds)
	}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want.Bytes()) {
		t.Error("the served package differs from the one the export writer makes of the same data")
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name != "data/observations.csv" {
			continue
		}
		rc, _ := f.Open()
		recs, err := csv.NewReader(rc).ReadAll()
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := e.d.Raw().QueryRow(context.Background(), `SELECT count(*) FROM observations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if len(recs)-1 != n {
			t.Errorf("observations.csv has %d rows, the database %d", len(recs)-1, n)
		}
	}
	got := strings.Join(names, " ")
	for _, f := range []string{"datapackage.json", "README.md", "data/indicators.csv", "data/observations.csv",
		"data/targets.csv", "data/sources.csv", "data/events.csv", "data/regions.csv", "data/assessments.csv",
		"data/ratings.csv"} {
		if !strings.Contains(got, f) {
			t.Errorf("dataset.zip lacks %s: %s", f, got)
		}
	}
}

func TestExportBadRequests(t *testing.T) {
	e := newExportEnv(t)
	for path, want := range map[string]int{
		"/indicators/no_such/data.csv":                             404,
		"/indicators/Bad%27code/data.json":                         404,
		"/indicators/coal_share/data.csv?from=0&to=2147483647":     400,
		"/indicators/coal_share/data.xlsx?lang=fr":                 400,
		"/indicators/coal_share/data.csv?lang=en&lang=zh":          400,
		"/api/v1/indicators/no_such":                               404,
		"/api/v1/indicators/coal_share/series?vintage=first":       400,
		"/api/v1/indicators/coal_share/series?region=%27%3B--":     400,
		"/api/v1/indicators/coal_share/series?from=2024&to=2020":   400,
		"/api/v1/indicators/coal_share/series?region=CN&region=CN": 400,
	} {
		r := e.get(t, path)
		if r.status != want {
			t.Errorf("%s: %d, want %d", path, r.status, want)
		}
		if cd := r.header.Get("Content-Disposition"); cd != "" {
			t.Errorf("%s: an error served as a download (%s)", path, cd)
		}
	}
}
