package dashboard

import (
	"bytes"
	"compress/gzip"
	"context"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	h := s.Handler()
	if r := get(t, h, "/healthz"); r.status != http.StatusOK {
		t.Errorf("/healthz: %d", r.status)
	}
	if r := get(t, h, "/readyz"); r.status != http.StatusOK {
		t.Errorf("/readyz on a current schema: %d %s", r.status, r.body)
	}
	exec(t, d, `UPDATE schema_migrations SET dirty = true`)
	if r := get(t, h, "/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz on a dirty schema: %d", r.status)
	}
	exec(t, d, `UPDATE schema_migrations SET dirty = false, version = version - 1`)
	if r := get(t, h, "/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz on an outdated schema: %d", r.status)
	}
	exec(t, d, `UPDATE schema_migrations SET version = version + 1`)
	s.Drain()
	if r := get(t, h, "/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining: %d", r.status)
	}
	if r := get(t, h, "/healthz"); r.status != http.StatusOK {
		t.Errorf("/healthz while draining: %d", r.status)
	}
}

func TestReadinessWithoutDatabase(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	d.Close()
	if r := get(t, s.Handler(), "/readyz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the pool closed: %d", r.status)
	}
}

// Unknown pages and indicators are 404 pages in the user's language that never reflect the request.
func TestNotFound(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	cases := []struct{ target, lang, want string }{
		{"/indicators/no_such_code", "", "There is no indicator with this code."},
		{"/indicators/no_such_code?lang=zh", "", "没有此代码的指标。"},
		{"/indicators/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", "There is no indicator with this code."},
		{"/indicators/coal_share/../../etc/passwd", "", "Error 404"},
		{"/nothing-here?lang=zh", "", "页面不存在。"},
		{"/%3Cimg%20src=x%20onerror=alert(1)%3E", "zh-CN,zh;q=0.9", "页面不存在。"},
	}
	for _, c := range cases {
		r := get(t, h, c.target, "Accept-Language", c.lang)
		if r.status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", c.target, r.status)
		}
		if !strings.Contains(r.body, c.want) {
			t.Errorf("%s: page lacks %q", c.target, c.want)
		}
		for _, bad := range []string{"alert(1)", "<img", "etc/passwd", "no_such_code"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s: page reflects %q", c.target, bad)
			}
		}
	}
}

// Bad query values are a 400 with a message, never a 500, never reflected.
func TestBadQuery(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	cases := []struct{ target, want string }{
		{"/indicators/coal_share?from=abc", "from and to must be years"},
		{"/indicators/coal_share?from=0&to=2147483647", "from and to must be years"},
		{"/indicators/coal_share?from=99999999999999999999999", "from and to must be years"},
		{"/indicators/coal_share?from=1800", "from and to must be years"},
		{"/indicators/coal_share?from=%272020%27%20OR%201=1--", "from and to must be years"},
		{"/indicators/coal_share?from=-2020", "from and to must be years"},
		{"/indicators/coal_share?from=+2020", "from and to must be years"},
		{"/indicators/coal_share?from=2020&to=2010", "from must not be after to"},
		{"/indicators/coal_share?lang=fr", "lang must be en or zh"},
		{"/indicators/coal_share?lang=%3Cscript%3E", "lang must be en or zh"},
		{"/indicators/coal_share?from=2010&from=2011", "given more than once"},
		{"/indicators/coal_share?lang=en&lang=zh", "given more than once"},
		{"/?from=abc&lang=zh", "from 和 to 必须是"},
		{"/compare?codes=coal_share", "codes must list 2 to 6"},
		{"/compare?codes=coal_share,coal_share", "codes must list 2 to 6"},
		{"/compare?codes=coal_share,%3Cb%3Ex%3C/b%3E", "codes must list 2 to 6"},
		{"/compare?codes=a1,a2,a3,a4,a5,a6,a7", "codes must list 2 to 6"},
		{"/compare?codes=coal_share,x%27;DROP%20TABLE%20observations;--", "Bad request."},
		{"/compare?codes=coal_share,x%27%20DROP%20TABLE%20observations--", "codes must list 2 to 6"},
		{"/indicators/coal_share?from=%zz", "Bad request."},
		{"/indicators/coal_share?from=" + strings.Repeat("9", 20000), "from and to must be years"},
	}
	for _, c := range cases {
		r := get(t, h, c.target)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", c.target[:min(len(c.target), 80)], r.status)
		}
		if !strings.Contains(r.body, c.want) {
			t.Errorf("%s: page lacks %q", c.target[:min(len(c.target), 80)], c.want)
		}
		for _, bad := range []string{"<script>", "<b>", "DROP TABLE", "OR 1=1"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s: page reflects %q", c.target[:min(len(c.target), 80)], bad)
			}
		}
	}
	// Unknown codes in a well-formed list are a 404.
	if r := get(t, h, "/compare?codes=coal_share,no_such_code"); r.status != http.StatusNotFound {
		t.Errorf("compare with an unknown code: %d", r.status)
	}
}

var wantHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "strict-origin-when-cross-origin",
	"X-Frame-Options":         "DENY",
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := testServer(t, seeded(t))
	h := s.Handler()
	for _, target := range []string{"/", "/indicators/coal_share", "/compare?codes=coal_share,carbon_intensity",
		"/indicators/nope", "/?lang=xx", "/healthz", s.static.URL("chart.js"), "/static/../go.mod"} {
		r := get(t, h, target)
		for k, v := range wantHeaders {
			if got := r.header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", target, k, got, v)
			}
		}
		if r.status >= 500 {
			t.Errorf("%s: status %d", target, r.status)
		}
	}
}

// The language comes from ?lang=, which sets a cookie so that it persists; without either, from
// Accept-Language; English by default. Every link carries it.
func TestLanguage(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	r := get(t, h, "/?lang=zh")
	if !strings.Contains(r.body, "能源结构") || !strings.Contains(r.body, "煤炭消费比重") || !strings.Contains(r.body, `<html lang="zh-CN">`) {
		t.Error("?lang=zh does not give the Chinese overview")
	}
	ck := r.header.Get("Set-Cookie")
	if !strings.HasPrefix(ck, "lang=zh;") || !strings.Contains(ck, "HttpOnly") {
		t.Errorf("?lang=zh sets cookie %q", ck)
	}
	if links := regexp.MustCompile(`href="/indicators/coal_share\?lang=zh"`).FindAllString(r.body, -1); len(links) == 0 {
		t.Error("links of the Chinese overview do not carry lang=zh")
	}
	r = get(t, h, "/indicators/carbon_intensity", "Cookie", "lang=zh")
	if !strings.Contains(r.body, "单位国内生产总值二氧化碳排放") || !strings.Contains(r.body, "进展有限") {
		t.Error("the lang cookie does not make the next page Chinese")
	}
	if strings.Contains(r.body, "Limited progress") {
		t.Error("English status on a Chinese page")
	}
	r = get(t, h, "/indicators/coal_share", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	if !strings.Contains(r.body, "煤炭消费比重") {
		t.Error("Accept-Language zh-CN does not default to Chinese")
	}
	r = get(t, h, "/indicators/coal_share", "Accept-Language", "fr-FR,en;q=0.5,zh;q=0.4")
	if !strings.Contains(r.body, "Coal share of energy consumption") {
		t.Error("Accept-Language preferring English does not give English")
	}
	r = get(t, h, "/indicators/coal_share?lang=en", "Cookie", "lang=zh")
	if !strings.Contains(r.body, "Coal share of energy consumption") || !strings.HasPrefix(r.header.Get("Set-Cookie"), "lang=en;") {
		t.Error("?lang=en does not override and replace the cookie")
	}
	if !strings.Contains(r.body, `href="/indicators/coal_share?lang=zh"`) {
		t.Error("no switch to the Chinese page")
	}
	r = get(t, h, "/indicators/coal_share?from=2020&to=2024&lang=en")
	for _, want := range []string{`/indicators/coal_share/data.csv?from=2020&amp;lang=en&amp;to=2024`, `/indicators/coal_share?from=2020&amp;lang=zh&amp;to=2024`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("links do not keep the view state: no %s", want)
		}
	}
}

// Every texts key a template or the code uses exists, so no page shows a raw key.
func TestTextKeysExist(t *testing.T) {
	re := regexp.MustCompile(`(?:t \$?\.Lang|T\((?:lang|v\.Lang|tr\.Lang)|(?:badRequest|notFound)\() ?"([a-z_.]+)"`)
	for _, dir := range []string{"templates", "."} {
		entries, err := readDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for name, body := range entries {
			for _, m := range re.FindAllStringSubmatch(body, -1) {
				if !text.Has(m[1]) {
					t.Errorf("%s uses text %q, missing from dashboard/text/table.go", name, m[1])
				}
			}
		}
	}
}

// The indicator page: statuses, tables, chart data, downloads, as text (no canvas needed).
func TestIndicatorPage(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	r := get(t, h, "/indicators/carbon_intensity")
	if r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	for _, want := range []string{
		"Limited progress (R = 0.52)", "-11.0 %", // the check of issue 3
		`id="chart-data"`, `"id":"actual"`, `"id":"index"`, `"id":"target-`, `"id":"trajectory-`,
		"derived", "Definition break", "New GDP basis from 2023", "14th FYP (2021-2025)",
		"National carbon market starts trading", `id="data-table"`, `id="target-table"`,
		"Statistical Communiqué 2024", `href="https://www.stats.gov.cn/communique-2024"`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("carbon_intensity page lacks %q", want)
		}
	}
	r = get(t, h, "/indicators/coal_share")
	for _, want := range []string{"53.2", "55.5", "2/2", "1/2", "preliminary", "Moderate progress", "Met: 56.8% in 2020", "14th FYP: 52% by 2025", "13th FYP: at most 58% by 2020"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("coal_share page lacks %q", want)
		}
	}
	r = get(t, h, "/indicators/coal_share?from=2021&to=2022")
	if strings.Contains(r.body, "53.2") || !strings.Contains(r.body, "56.2") {
		t.Error("from/to do not restrict the years shown")
	}
}

func TestOverviewAndCompare(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	r := get(t, h, "/")
	for _, want := range []string{`id="cat-energy_structure"`, `id="cat-efficiency_carbon"`, `id="card-coal_share"`,
		"53.2%", "<svg class=\"spark\"", "status-limited", "Limited progress",
		// the newest publication of any figure, though the yearbook of 2024-12 cites more of them
		// named by its publisher (a title can be a long headline in another script)
		`Newest publication in the data: <a href="https://www.stats.gov.cn/communique-2024" rel="noopener noreferrer">NBS</a> (2025-02-28)`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if strings.Contains(r.body, "<script") {
		t.Error("the overview needs no script")
	}
	r = get(t, h, "/compare?codes=coal_share,carbon_intensity")
	if r.status != http.StatusOK {
		t.Fatalf("compare: %d", r.status)
	}
	for _, want := range []string{`"id":"actual-coal_share"`, `"id":"actual-carbon_intensity"`, `"yAxisIndex":1`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("compare lacks %s", want)
		}
	}
	if r := get(t, h, "/compare"); r.status != http.StatusOK || !strings.Contains(r.body, `name="codes"`) {
		t.Errorf("compare without codes: %d, no choice", r.status)
	}
}

// Hostile strings from the database are text in the HTML and inert JSON in the chart data.
func TestHostileStringsAreText(t *testing.T) {
	d := seeded(t)
	addHostile(t, d, hostile.Markup)
	h := testServer(t, d).Handler()
	for _, target := range []string{"/", "/indicators/hostile", "/indicators/hostile?lang=zh", "/compare?codes=hostile,coal_share"} {
		r := get(t, h, target)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", target, r.status)
		}
		for _, bad := range []string{"<script>window", "<img src=x", "</script><script>"} {
			if strings.Contains(r.body, bad) {
				t.Errorf("%s: hostile markup %q reaches the page", target, bad)
			}
		}
		if !strings.Contains(r.body, "&lt;/script&gt;&lt;script&gt;window.__pwned=1") && !strings.Contains(r.body, `\u003c/script\u003e`) {
			t.Errorf("%s: the hostile name is not shown as text", target)
		}
		// Every <script> of the page is ours: same-origin files or the JSON data block.
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(r.body, -1) {
			if !regexp.MustCompile(`^<script ((defer )?src="/static/[0-9a-f]+/[a-z./]+"|type="application/json" id="chart-data")>$`).MatchString(m) {
				t.Errorf("%s: unexpected script tag %s", target, m)
			}
		}
	}
}

func TestStaticFiles(t *testing.T) {
	s := testServer(t, seeded(t))
	h := s.Handler()
	js := s.static.URL("chart.js")
	if !regexp.MustCompile(`^/static/[0-9a-f]{12}/chart\.js$`).MatchString(js) {
		t.Fatalf("chart.js URL %q has no content hash", js)
	}
	r := get(t, h, js, "Accept-Encoding", "gzip, deflate")
	if r.status != http.StatusOK || r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		r.header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("chart.js: %d %v", r.status, r.header)
	}
	zr, err := gzip.NewReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !bytes.Contains(plain, []byte("echarts.init")) {
		t.Error("gzipped chart.js is not chart.js")
	}
	if r := get(t, h, js); r.header.Get("Content-Encoding") != "" || !strings.Contains(r.body, "echarts.init") {
		t.Error("chart.js without Accept-Encoding is not plain")
	}
	if s.static.URL(echartsFile) == "" {
		t.Errorf("ECharts is not embedded: run `make assets` (dashboard/static/%s)", echartsFile)
	}
	hash := strings.Split(js, "/")[2]
	for _, target := range []string{
		"/static/../go.mod", "/static/../dashboard.go", "/static/" + hash + "/../chart.js",
		"/static/" + hash + "/..%2f..%2fserver.go", "/static/%2e%2e/%2e%2e/go.mod", "/static/..%2fserver.go",
		"/static/..%5cserver.go", "/static/" + hash + "/..%5c..%5cserver.go", "/static/" + hash + "%2fchart.js",
		"/static/chart.js", "/static/000000000000/chart.js", "/static/" + hash + "/chart.js%00", "/static/",
		"/static/" + hash + "/", "/static/" + hash + "/static/chart.js",
	} {
		r := get(t, h, target)
		if r.status < 400 || r.status >= 500 {
			t.Errorf("%s: status %d, want 4xx", target, r.status)
		}
		if strings.Contains(r.body, "package dashboard") || strings.Contains(r.body, "module github.com") || strings.Contains(r.body, "echarts.init") {
			t.Errorf("%s: serves a file", target)
		}
	}
}

// countingStore counts the queries pages make.
type countingStore struct {
	Store
	n atomic.Int64
}

func (c *countingStore) Indicators(ctx context.Context) ([]dbIndicator, error) {
	c.n.Add(1)
	return c.Store.Indicators(ctx)
}

func (c *countingStore) Indicator(ctx context.Context, code string) (dbIndicator, error) {
	c.n.Add(1)
	return c.Store.Indicator(ctx, code)
}

func (c *countingStore) Observations(ctx context.Context, code, region string, asOf string) ([]dbObservation, error) {
	c.n.Add(1)
	return c.Store.Observations(ctx, code, region, asOf)
}

func (c *countingStore) Targets(ctx context.Context, code string, asOf string) ([]dbTarget, error) {
	c.n.Add(1)
	return c.Store.Targets(ctx, code, asOf)
}

func (c *countingStore) Events(ctx context.Context, asOf string) ([]dbEvent, error) {
	c.n.Add(1)
	return c.Store.Events(ctx, asOf)
}

// Pages come from a cache keyed by the data version: a page costs four queries once, then none beyond the
// version check; a seed run that changes data is seen on the next request; ETags revalidate.
func TestCacheByDataVersion(t *testing.T) {
	d := seeded(t)
	cs := &countingStore{Store: d}
	h := testServer(t, cs).Handler()
	r := get(t, h, "/indicators/coal_share", "Accept-Encoding", "gzip")
	if r.status != http.StatusOK || r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("first request: %d %v", r.status, r.header)
	}
	if n := cs.n.Load(); n > 4 {
		t.Errorf("first page: %d data queries, want at most 4", n)
	}
	cs.n.Store(0)
	for _, target := range []string{"/indicators/coal_share", "/indicators/coal_share?lang=zh", "/indicators/coal_share?from=2020"} {
		get(t, h, target)
	}
	if n := cs.n.Load(); n != 0 {
		t.Errorf("cached indicator pages: %d data queries, want 0", n)
	}
	etag := r.header.Get("ETag")
	if r2 := get(t, h, "/indicators/coal_share", "If-None-Match", etag); r2.status != http.StatusNotModified {
		t.Errorf("If-None-Match %s: %d, want 304", etag, r2.status)
	}
	exec(t, d, `INSERT INTO observations (indicator, year, value, source_id)
		SELECT 'coal_share', 2025, 51.9, id FROM sources WHERE title = 'Statistical Communiqué 2024';
		INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ('more.csv', repeat('c', 64), 1, 0, 0, now())`)
	r3 := get(t, h, "/indicators/coal_share", "If-None-Match", etag)
	if r3.status != http.StatusOK || !strings.Contains(r3.body, "51.9") || r3.header.Get("ETag") == etag {
		t.Errorf("after a seed run: %d, new value shown %v, etag %s", r3.status, strings.Contains(r3.body, "51.9"), r3.header.Get("ETag"))
	}
}

// While the database is down, pages already cached are still served.
func TestCachedPagesSurviveDatabaseOutage(t *testing.T) {
	d := seeded(t)
	s := New(d, Options{Logger: testServer(t, d).log, AsOf: 2025, VersionInterval: -1})
	h := s.Handler()
	if r := get(t, h, "/indicators/coal_share"); r.status != http.StatusOK {
		t.Fatal(r.status)
	}
	d.Close()
	if r := get(t, h, "/indicators/coal_share"); r.status != http.StatusOK || !strings.Contains(r.body, "53.2") {
		t.Errorf("cached page with the database down: %d", r.status)
	}
	if r := get(t, h, "/indicators/carbon_intensity"); r.status != http.StatusServiceUnavailable {
		t.Errorf("uncached page with the database down: %d, want 503", r.status)
	}
}
