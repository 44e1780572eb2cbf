package dashboard

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/seed"
)

// readsStore records which data the server reads (the version checks aside).
type readsStore struct {
	Store
	mu    sync.Mutex
	reads []string
}

func (r *readsStore) note(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reads = append(r.reads, s)
}

// take returns the reads since the last take.
func (r *readsStore) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.reads
	r.reads = nil
	return out
}

func (r *readsStore) Indicators(ctx context.Context) ([]db.Indicator, error) {
	r.note("Indicators")
	return r.Store.Indicators(ctx)
}

func (r *readsStore) Indicator(ctx context.Context, code string) (db.Indicator, error) {
	r.note("Indicator " + code)
	return r.Store.Indicator(ctx, code)
}

func (r *readsStore) Observations(ctx context.Context, code, region string, asOf db.AsOf) ([]db.Observation, error) {
	r.note("Observations " + code + " " + region)
	return r.Store.Observations(ctx, code, region, asOf)
}

func (r *readsStore) YearlyObservations(ctx context.Context, region string, asOf db.AsOf) ([]db.Observation, error) {
	r.note("YearlyObservations " + region)
	return r.Store.YearlyObservations(ctx, region, asOf)
}

func (r *readsStore) Targets(ctx context.Context, code string, asOf db.AsOf) ([]db.Target, error) {
	r.note("Targets " + code)
	return r.Store.Targets(ctx, code, asOf)
}

func (r *readsStore) Events(ctx context.Context, asOf db.AsOf) ([]db.Event, error) {
	r.note("Events")
	return r.Store.Events(ctx, asOf)
}

// The deadline test (timeouts_test.go) covers the reads this change added.
func (s *deadlineStore) DataVersions(ctx context.Context) (db.DataVersions, error) {
	s.check(ctx, "DataVersions")
	return s.DB.DataVersions(ctx)
}

func (s *deadlineStore) YearlyObservations(ctx context.Context, region string, asOf db.AsOf) ([]db.Observation, error) {
	s.check(ctx, "YearlyObservations")
	return s.DB.YearlyObservations(ctx, region, asOf)
}

// The URLs of the invalidation tests: what shows coal_share only, carbon_intensity only, and every indicator.
var (
	coalURLs = []string{"/indicators/coal_share", "/indicators/coal_share?lang=zh", "/indicators/coal_share/data.csv",
		"/indicators/coal_share/data.json", "/indicators/coal_share/data.xlsx", "/api/v1/indicators/coal_share",
		"/api/v1/indicators/coal_share/series", "/api/v1/indicators/coal_share/targets"}
	carbonURLs = []string{"/indicators/carbon_intensity", "/indicators/carbon_intensity?lang=zh",
		"/indicators/carbon_intensity/data.csv", "/indicators/carbon_intensity/data.json",
		"/indicators/carbon_intensity/data.xlsx", "/api/v1/indicators/carbon_intensity",
		"/api/v1/indicators/carbon_intensity/series", "/api/v1/indicators/carbon_intensity/targets"}
	everythingURLs = []string{"/", "/?lang=zh", "/compare?codes=coal_share,carbon_intensity", "/api/v1/indicators",
		"/api/v1/sources"}
	datasetURL = []string{"/export/dataset.zip"}
)

// fetchAll gets every URL (200 expected) and returns the responses by URL.
func fetchAll(t *testing.T, h http.Handler, urls ...[]string) map[string]response {
	t.Helper()
	out := map[string]response{}
	for _, list := range urls {
		for _, u := range list {
			r := get(t, h, u)
			if r.status != http.StatusOK || r.header.Get("ETag") == "" {
				t.Fatalf("GET %s: %d, ETag %q", u, r.status, r.header.Get("ETag"))
			}
			out[u] = r
		}
	}
	return out
}

// seedCSV loads an observations file through the seed, as `dualcarbon seed` does.
func seedCSV(t *testing.T, d *db.DB, name, rows string) []db.LoadResult {
	t.Helper()
	const header = "indicator,region,year,value,flag,unit,source_title,source_publisher,source_url,published,note,quote\n"
	res, err := seed.Load(context.Background(), d, []seed.Input{{Name: name, Data: []byte(header + rows)}}, seed.Options{})
	if err != nil {
		t.Fatalf("seed %s: %v", name, err)
	}
	return res
}

// unchanged fetches urls after a write (reads before it are dropped) and checks that every response came from
// the cache, neither rendered nor read again, with the bytes and ETag it had before.
func unchanged(t *testing.T, s *Server, store *readsStore, what string, before map[string]response, urls []string) map[string]response {
	t.Helper()
	store.take()
	misses := s.cache.pc.Stats().Renders.Load()
	after := fetchAll(t, s.Handler(), urls)
	if n := s.cache.pc.Stats().Renders.Load() - misses; n != 0 {
		t.Errorf("%s: %d responses rendered again, want 0 (all from the cache)", what, n)
	}
	if reads := store.take(); len(reads) != 0 {
		t.Errorf("%s: read %q from the database, want nothing", what, reads)
	}
	for _, u := range urls {
		if after[u].header.Get("ETag") != before[u].header.Get("ETag") || after[u].body != before[u].body {
			t.Errorf("%s: %s changed, ETag %s -> %s", what, u, before[u].header.Get("ETag"), after[u].header.Get("ETag"))
		}
	}
	return after
}

const coal2025 = "coal_share,CN,2025,51.9,,%,Statistical Communiqué 2025,NBS,https://www.stats.gov.cn/communique-2025,2026-02-28,,\n"

// A seed that changes coal_share drops what shows coal_share and what shows every indicator, and leaves
// carbon_intensity's cached responses in place: served from the cache without reading the database, the same
// bytes, the same ETag (a client's copy revalidates with 304). A seed run that changes nothing drops nothing.
func TestSeedDropsOnlyWhatItTouched(t *testing.T) {
	d := seeded(t)
	store := &readsStore{Store: d}
	s := testServer(t, store)
	h := s.Handler()
	before := fetchAll(t, h, coalURLs, carbonURLs, everythingURLs, datasetURL)

	res := seedCSV(t, d, "coal-2025.csv", coal2025)
	if res[0].Counts.Inserted != 1 {
		t.Fatalf("seed: %+v, want one row inserted", res[0].Counts)
	}
	latest := unchanged(t, s, store, "carbon_intensity after a seed of coal_share", before, carbonURLs)
	for _, u := range carbonURLs {
		if r := get(t, h, u, "If-None-Match", before[u].header.Get("ETag")); r.status != http.StatusNotModified {
			t.Errorf("%s with the ETag from before the seed: %d, want 304", u, r.status)
		}
	}
	// The ETag names the page's data, not the cache: a server started after the seed (nothing cached) agrees.
	fresh := testServer(t, d).Handler()
	for _, u := range carbonURLs {
		if r := get(t, fresh, u, "If-None-Match", before[u].header.Get("ETag")); r.status != http.StatusNotModified {
			t.Errorf("%s from a new server with the ETag from before the seed: %d, want 304", u, r.status)
		}
	}

	changed := fetchAll(t, h, coalURLs, everythingURLs)
	if reads := store.take(); !slices.Contains(reads, "Indicator coal_share") || slices.Contains(reads, "Indicator carbon_intensity") {
		t.Errorf("reads after the seed: %q, want coal_share's and not carbon_intensity's", reads)
	}
	maps.Copy(changed, fetchAll(t, h, datasetURL))
	for u, r := range changed {
		if r.header.Get("ETag") == before[u].header.Get("ETag") {
			t.Errorf("%s: ETag %s kept after a seed that changed coal_share", u, r.header.Get("ETag"))
		}
		want := "51.9"
		switch {
		case strings.HasSuffix(u, ".xlsx") || strings.HasSuffix(u, ".zip") || strings.HasSuffix(u, "/targets"):
			continue // compressed, or no observation in it
		case strings.HasSuffix(u, "/sources"):
			want = "Statistical Communiqué 2025"
		}
		if !strings.Contains(r.body, want) {
			t.Errorf("%s does not show %q after the seed", u, want)
		}
	}
	maps.Copy(latest, changed)

	// The same file again changes nothing: nothing is rendered or read again, no ETag changes.
	res = seedCSV(t, d, "coal-2025.csv", coal2025)
	if res[0].Counts.Changed() {
		t.Fatalf("second seed: %+v, want nothing changed", res[0].Counts)
	}
	unchanged(t, s, store, "after a seed that changed nothing", latest, slices.Concat(coalURLs, carbonURLs, everythingURLs))
	// The dataset is streamed, never cached: its ETag is the data version's.
	if r := fetchAll(t, h, datasetURL)[datasetURL[0]]; r.header.Get("ETag") != latest[datasetURL[0]].header.Get("ETag") {
		t.Errorf("%s: ETag %s -> %s after a seed that changed nothing", datasetURL[0], latest[datasetURL[0]].header.Get("ETag"), r.header.Get("ETag"))
	}
}

// Writes other than the seed's are seen too, each where it belongs: an event of one indicator changes that
// indicator's page only; an event of no indicator, every page; a source's new publisher, the pages citing it.
func TestWritesDropWhatShowsThem(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	h := s.Handler()
	etag := func(u string) string {
		t.Helper()
		r := get(t, h, u)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", u, r.status)
		}
		return r.header.Get("ETag")
	}
	pages := []string{"/indicators/coal_share", "/indicators/carbon_intensity", "/"}
	state := func() map[string]string {
		m := map[string]string{}
		for _, u := range pages {
			m[u] = etag(u)
		}
		return m
	}
	steps := []struct {
		name, sql string
		changed   []string // of pages; the others keep their ETag
	}{
		{"event of carbon_intensity", `INSERT INTO events (date, title_en, indicator) VALUES ('2022-05-01', 'Intensity review', 'carbon_intensity')`,
			[]string{"/indicators/carbon_intensity", "/"}},
		{"event of every indicator", `INSERT INTO events (date, title_en) VALUES ('2022-06-01', 'Climate law drafted')`,
			[]string{"/indicators/coal_share", "/indicators/carbon_intensity", "/"}},
		{"publisher of a source only coal_share cites", `UPDATE sources SET publisher = 'NBS yearbook office' WHERE title = 'Energy yearbook 2024'`,
			[]string{"/indicators/coal_share", "/"}},
		{"a target of coal_share", `UPDATE targets SET note = 'restated' WHERE indicator = 'coal_share' AND year = 2025`,
			[]string{"/indicators/coal_share", "/"}},
		{"nothing (an update of no row)", `UPDATE observations SET value = 1 WHERE false`, nil},
	}
	last := state()
	for _, st := range steps {
		exec(t, d, st.sql)
		now := state()
		for _, u := range pages {
			if want := slices.Contains(st.changed, u); (now[u] != last[u]) != want {
				t.Errorf("%s: %s ETag %s -> %s, want changed %v", st.name, u, last[u], now[u], want)
			}
		}
		last = now
	}
}

// The overview reads the yearly rows only, and shows what it showed when it read every row: monthly rows
// never reached a card, the list API or the comparison's choices.
func TestOverviewFromYearlyRowsIsUnchanged(t *testing.T) {
	d := seeded(t)
	exec(t, d, `INSERT INTO sources (title, publisher, published) VALUES ('Monthly bulletin', 'NBS', '2025-01');
		INSERT INTO observations (indicator, year, month, value, source_id)
		SELECT 'coal_share', 2024, m, 50 + m / 10.0, (SELECT id FROM sources WHERE title = 'Monthly bulletin')
		FROM generate_series(1, 12) m;
		INSERT INTO observations (indicator, region, year, value, source_id)
		SELECT 'coal_share', 'CN-BJ', 2024, 9.5, (SELECT id FROM sources WHERE title = 'Monthly bulletin')`)
	ctx := context.Background()
	s := testServer(t, d)
	ins, err := d.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	everyRow, err := d.Observations(ctx, "", national, "") // what loadAll read before
	if err != nil {
		t.Fatal(err)
	}
	targets, err := d.Targets(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	events, err := d.Events(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	old := groupAll(ins, everyRow, targets, events)
	cur, err := s.cache.loadAll(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	count := func(a *AllData) (n int) {
		for _, d := range a.Indicators {
			n += len(d.Observations)
		}
		return n
	}
	if count(old)-count(cur) != 12 {
		t.Fatalf("rows: %d before, %d now; want the 12 monthly rows fewer", count(old), count(cur))
	}
	for _, lang := range []string{text.EN, text.ZH} {
		v := View{Lang: lang}
		was, err := s.pages.render("overview", s.overviewView(old, v))
		if err != nil {
			t.Fatal(err)
		}
		is, err := s.pages.render("overview", s.overviewView(cur, v))
		if err != nil {
			t.Fatal(err)
		}
		if string(was) != string(is) {
			t.Errorf("overview (%s) differs when built from the yearly rows", lang)
		}
		for i := range old.Indicators {
			a, _ := marshal(apiIndicator(s.buildTrend(&old.Indicators[i], v), v))
			b, _ := marshal(apiIndicator(s.buildTrend(&cur.Indicators[i], v), v))
			if string(a) != string(b) {
				t.Errorf("list API entry of %s (%s) differs:\n%s\n%s", old.Indicators[i].Indicator.Code, lang, a, b)
			}
		}
	}
	if r := get(t, s.Handler(), "/"); r.status != http.StatusOK || !strings.Contains(r.body, "53.2") {
		t.Errorf("overview: %d, latest coal share shown %v", r.status, strings.Contains(r.body, "53.2"))
	}
}

// A comparison depends on its indicators and on the list of indicators it offers: a seed of a third
// indicator's figures leaves it cached (nothing rendered or read again, the same bytes and ETag); renaming
// the third indicator drops it, and the new name is offered.
func TestCompareDependsOnItsIndicatorsAndTheList(t *testing.T) {
	d := seeded(t)
	exec(t, d, `INSERT INTO indicators (code, name_en, name_zh, unit, category, direction, sort_order)
		VALUES ('pm25', 'PM2.5', 'PM2.5浓度', 'µg/m³', 'air_water', 'down', 9)`)
	store := &readsStore{Store: d}
	s := testServer(t, store)
	h := s.Handler()
	compare := []string{"/compare?codes=coal_share,carbon_intensity", "/compare?codes=coal_share,carbon_intensity&lang=zh"}
	before := fetchAll(t, h, compare)

	seedCSV(t, d, "pm25.csv", "pm25,CN,2024,29.3,,,Ecology bulletin 2024,MEE,,2025-06,,\n")
	unchanged(t, s, store, "the comparison after a seed of pm25's figures", before, compare)

	exec(t, d, `UPDATE indicators SET name_en = 'PM2.5 concentration' WHERE code = 'pm25'`)
	renamed := fetchAll(t, h, compare)
	for _, u := range compare {
		if renamed[u].header.Get("ETag") == before[u].header.Get("ETag") {
			t.Errorf("%s kept its ETag after an indicator it offers was renamed", u)
		}
	}
	if !strings.Contains(renamed[compare[0]].body, "PM2.5 concentration") {
		t.Error("the comparison does not offer the new name")
	}
}
