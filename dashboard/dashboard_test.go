package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// addFixture adds the test dataset: a level indicator with two targets and two vintages of one year, and a
// year-on-year indicator (carbon intensity) with the check of issue 3: -3.8, -0.8, 0, -3.4 for 2021-2024
// against -18% vs 2020 by 2025 (R about 0.52, limited progress).
func addFixture(t testing.TB, d *db.DB) {
	t.Helper()
	add := func(title, publisher, url, published string) record.Source {
		return dbtest.AddSource(t, d, record.Source{Title: title, Publisher: publisher, URL: url, Published: published})
	}
	c2024 := add("Statistical Communiqué 2024", "NBS", "https://www.stats.gov.cn/communique-2024", "2025-02-28")
	c2023 := add("Statistical Communiqué 2023", "NBS", "https://www.stats.gov.cn/communique-2023", "2024-02-29")
	yearbook := add("Energy yearbook 2024", "NBS", "", "2024-12")
	fyp14 := add("14th Five-Year Plan Outline", "NPC", "https://www.gov.cn/fyp14", "2021-03-13")
	fyp13 := add("13th Five-Year Plan for energy", "NDRC", "https://www.gov.cn/fyp13", "2016-12")

	coal := record.Indicator{Code: "coal_share", NameEN: "Coal share of energy consumption", NameZH: "煤炭消费比重",
		Unit: "%", UnitZH: "%", DefinitionEN: "Coal in total energy consumption.", DefinitionZH: "煤炭占能源消费总量的比重。",
		Category: "energy_structure", Direction: "down", Precision: 1, Measure: "level", SortOrder: 1}
	carbon := record.Indicator{Code: "carbon_intensity", NameEN: "CO2 intensity of GDP, change on previous year",
		NameZH: "单位国内生产总值二氧化碳排放", Unit: "% y/y", UnitZH: "% 同比",
		DefinitionEN: "Year-on-year change of CO2 per unit of GDP.", DefinitionZH: "单位GDP二氧化碳排放同比变化。",
		Category: "efficiency_carbon", Direction: "down", Precision: 1, Measure: "yoy_change",
		BreakYear: 2023, BreakNoteEN: "New GDP basis from 2023", BreakNoteZH: "2023年起采用新的GDP口径", SortOrder: 2}
	dbtest.AddIndicators(t, d, coal, carbon)

	obs := dbtest.Series(coal.Code, yearbook, 2019, "57.7", "56.8", "55.9", "56.2")
	prelim := dbtest.Series(coal.Code, c2023, 2023, "55.3")
	prelim[0].Flag = "preliminary"
	obs = append(obs, prelim...)
	obs = append(obs, dbtest.Series(coal.Code, yearbook, 2023, "55.5")...)
	obs = append(obs, dbtest.Series(coal.Code, c2024, 2024, "53.2")...)
	obs = append(obs, dbtest.Series(carbon.Code, c2024, 2021, "-3.8", "-0.8", "0", "-3.4")...)
	dbtest.AddObservations(t, d, obs...)

	plan14 := func(code string, value, kind string) record.Target {
		tg := dbtest.Target(code, 2025, value, fyp14)
		tg.Kind, tg.BaseYear, tg.Plan, tg.Document, tg.Issuer, tg.Issued = kind, 2020, "fyp14", fyp14.Title, "NPC", "2021-03"
		return tg
	}
	cut := plan14(carbon.Code, "-18", "change")
	cut.Binding = true
	cap13 := dbtest.Target(coal.Code, 2020, "58", fyp13)
	cap13.Kind, cap13.Plan, cap13.Document, cap13.Issuer, cap13.Issued = "cap", "fyp13", fyp13.Title, "NDRC", "2016-12"
	dbtest.AddTargets(t, d, cut, cap13, plan14(coal.Code, "52", "level"))

	dbtest.AddEvents(t, d, record.Event{Date: time.Date(2021, 7, 16, 0, 0, 0, 0, time.UTC),
		TitleEN: "National carbon market starts trading", TitleZH: "全国碳市场启动上线交易", Issuer: "MEE"})
	dbtest.AddSeedRun(t, d, "fixture.sql", 20)
}

// addHostile adds an indicator whose every string is h, with values, a target and an event.
func addHostile(t testing.TB, d *db.DB, h string) {
	t.Helper()
	in := record.Indicator{Code: "hostile", NameEN: h, NameZH: h, Unit: h, UnitZH: h, DefinitionEN: h, DefinitionZH: h,
		Category: "ecology", Direction: "up", Precision: 1, Measure: "level", SortOrder: 3}
	dbtest.AddIndicators(t, d, in)
	src := dbtest.AddSource(t, d, record.Source{Title: h, Publisher: h, URL: "https://example.org/x", Published: "2024"})
	obs := dbtest.Series(in.Code, src, 2020, "1", "2", "3")
	for i := range obs {
		obs[i].Note = h
	}
	dbtest.AddObservations(t, d, obs...)
	tg := dbtest.Target(in.Code, 2025, "5", src)
	tg.Document, tg.Issuer, tg.Note = h, h, h
	dbtest.AddTargets(t, d, tg)
	dbtest.AddEvents(t, d, record.Event{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), TitleEN: h, TitleZH: h, Issuer: h, Indicator: in.Code})
}

// seeded is a fresh database with the fixture loaded.
func seeded(t testing.TB) *db.DB {
	t.Helper()
	d := dbtest.New(t)
	addFixture(t, d)
	return d
}

func exec(t testing.TB, d *db.DB, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if len(args) == 0 {
		if _, err := d.Raw().Exec(ctx, sql); err != nil {
			t.Fatalf("exec fixture: %v", err)
		}
		return
	}
	// Statements with parameters run one by one (the extended protocol takes one statement at a time).
	for _, stmt := range strings.Split(sql, ";\n") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		var a []any
		if strings.Contains(stmt, "$1") {
			a = args
		}
		if _, err := d.Raw().Exec(ctx, stmt, a...); err != nil {
			t.Fatalf("exec %q: %v", stmt, err)
		}
	}
}

// testServer is the dashboard over d, with the year fixed so statuses do not move with the clock, and the
// data version asked on every request so tests see their writes at once.
func testServer(t testing.TB, store Store) *Server {
	t.Helper()
	return New(store, Options{
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		AsOf:            2025,
		VersionInterval: -1,
	})
}

type response struct {
	status int
	header http.Header
	body   string
}

// get requests target (sent as is: no cleaning of the path) with header pairs.
func get(t testing.TB, h http.Handler, target string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

type (
	dbIndicator   = db.Indicator
	dbObservation = db.Observation
	dbTarget      = db.Target
	dbEvent       = db.Event
)

// readDir reads the Go and template files of dir.
func readDir(dir string) (map[string]string, error) {
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), ".html")) || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[filepath.Join(dir, e.Name())] = string(b)
	}
	return out, nil
}
