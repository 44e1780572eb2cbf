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

// fixture is the test dataset, in plain SQL: a level indicator with two targets and two vintages of one
// year, and a year-on-year indicator (carbon intensity) with the check of issue 3: -3.8, -0.8, 0, -3.4 for
// 2021-2024 against -18% vs 2020 by 2025 (R about 0.52, limited progress).
const fixture = `
INSERT INTO sources (title, publisher, url, published) VALUES
  ('Statistical Communiqué 2024', 'NBS', 'https://www.stats.gov.cn/communique-2024', '2025-02-28'),
  ('Statistical Communiqué 2023', 'NBS', 'https://www.stats.gov.cn/communique-2023', '2024-02-29'),
  ('Energy yearbook 2024', 'NBS', '', '2024-12'),
  ('14th Five-Year Plan Outline', 'NPC', 'https://www.gov.cn/fyp14', '2021-03-13'),
  ('13th Five-Year Plan for energy', 'NDRC', 'https://www.gov.cn/fyp13', '2016-12');

INSERT INTO indicators (code, name_en, name_zh, unit, unit_zh, definition_en, definition_zh, category, direction,
  precision, measure, break_year, break_note_en, break_note_zh, sort_order) VALUES
  ('coal_share', 'Coal share of energy consumption', '煤炭消费比重', '%', '%', 'Coal in total energy consumption.',
   '煤炭占能源消费总量的比重。', 'energy_structure', 'down', 1, 'level', NULL, '', '', 1),
  ('carbon_intensity', 'CO2 intensity of GDP, change on previous year', '单位国内生产总值二氧化碳排放', '% y/y', '% 同比',
   'Year-on-year change of CO2 per unit of GDP.', '单位GDP二氧化碳排放同比变化。', 'efficiency_carbon', 'down', 1,
   'yoy_change', 2023, 'New GDP basis from 2023', '2023年起采用新的GDP口径', 2);

INSERT INTO observations (indicator, year, value, source_id, flag)
SELECT 'coal_share', y, v, (SELECT id FROM sources WHERE title = s), f FROM (VALUES
  (2019, 57.7, 'Energy yearbook 2024', ''), (2020, 56.8, 'Energy yearbook 2024', ''),
  (2021, 55.9, 'Energy yearbook 2024', ''), (2022, 56.2, 'Energy yearbook 2024', ''),
  (2023, 55.3, 'Statistical Communiqué 2023', 'preliminary'), (2023, 55.5, 'Energy yearbook 2024', ''),
  (2024, 53.2, 'Statistical Communiqué 2024', '')) AS o(y, v, s, f);

INSERT INTO observations (indicator, year, value, source_id)
SELECT 'carbon_intensity', y, v, (SELECT id FROM sources WHERE title = 'Statistical Communiqué 2024') FROM (VALUES
  (2021, -3.8), (2022, -0.8), (2023, 0), (2024, -3.4)) AS o(y, v);

INSERT INTO targets (indicator, year, value, kind, base_year, binding, plan, document, issuer, issued, source_id) VALUES
  ('carbon_intensity', 2025, -18, 'change', 2020, true, 'fyp14', '14th Five-Year Plan Outline', 'NPC', '2021-03',
   (SELECT id FROM sources WHERE title = '14th Five-Year Plan Outline')),
  ('coal_share', 2020, 58, 'cap', NULL, false, 'fyp13', '13th Five-Year Plan for energy', 'NDRC', '2016-12',
   (SELECT id FROM sources WHERE title = '13th Five-Year Plan for energy')),
  ('coal_share', 2025, 52, 'level', 2020, false, 'fyp14', '14th Five-Year Plan Outline', 'NPC', '2021-03',
   (SELECT id FROM sources WHERE title = '14th Five-Year Plan Outline'));

INSERT INTO events (date, title_en, title_zh, issuer) VALUES
  ('2021-07-16', 'National carbon market starts trading', '全国碳市场启动上线交易', 'MEE');

INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
VALUES ('fixture.sql', repeat('a', 64), 20, 0, 0, now());
`

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
	exec(t, d, fixture)
	return d
}

func exec(t testing.TB, d *db.DB, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if len(args) == 0 {
		if _, err := d.Pool.Exec(ctx, sql); err != nil {
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
		if _, err := d.Pool.Exec(ctx, stmt, a...); err != nil {
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
