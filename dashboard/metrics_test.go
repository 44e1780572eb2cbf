package dashboard

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// metricValue is the value of the sample named by series (name{labels} as Prometheus writes it), or -1.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return -1
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatalf("%s: %v", series, err)
	}
	return v
}

// /metrics speaks the Prometheus text format: requests and latencies by route pattern (never the raw URL,
// so clients cannot grow the label set), pool statistics, cache hits and misses, the last seed run.
func TestMetrics(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	h := s.Handler()
	for _, target := range []string{"/indicators/coal_share", "/indicators/coal_share", "/indicators/zz_unknown_1",
		"/indicators/zz_unknown_2", "/indicators/coal_share?from=abc", "/no-such-page-zz", "/static/zz_nothing"} {
		get(t, h, target)
	}
	r := get(t, h, "/metrics")
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r.header.Get("Content-Security-Policy") == "" {
		t.Error("/metrics lacks the security headers")
	}
	body := r.body
	for series, want := range map[string]float64{
		`dualcarbon_http_requests_total{code="200",method="GET",route="/indicators/:code"}`:      2,
		`dualcarbon_http_requests_total{code="404",method="GET",route="/indicators/:code"}`:      2,
		`dualcarbon_http_requests_total{code="400",method="GET",route="/indicators/:code"}`:      1,
		`dualcarbon_http_requests_total{code="404",method="GET",route="/*"}`:                     1,
		`dualcarbon_http_requests_total{code="404",method="GET",route="/static/*"}`:              1,
		`dualcarbon_http_request_duration_seconds_count{method="GET",route="/indicators/:code"}`: 5,
		`dualcarbon_cache_hits_total`: 1,
	} {
		if got := metricValue(t, body, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	// The first coal_share page is a miss; the unknown codes may be misses too (failed renders are not kept).
	if v := metricValue(t, body, "dualcarbon_cache_misses_total"); v < 1 || v > 3 {
		t.Errorf("cache misses %v, want 1 to 3", v)
	}
	if used, budget := metricValue(t, body, "dualcarbon_cache_bytes"), metricValue(t, body, "dualcarbon_cache_budget_bytes"); used <= 0 || used > budget {
		t.Errorf("cache bytes %v of a budget of %v", used, budget)
	}
	for _, raw := range []string{"coal_share", "zz_unknown", "no-such-page", "zz_nothing", "from=abc"} {
		if strings.Contains(body, raw) {
			t.Errorf("/metrics holds the raw URL part %q", raw)
		}
	}
	if v := metricValue(t, body, "dualcarbon_db_pool_acquires_total"); v < 1 {
		t.Errorf("pool acquires: %v", v)
	}
	if v := metricValue(t, body, "dualcarbon_db_pool_total_conns"); v < 1 {
		t.Errorf("pool connections: %v", v)
	}
	for _, name := range []string{"dualcarbon_db_pool_acquired_conns", "dualcarbon_db_pool_idle_conns",
		"dualcarbon_db_pool_max_conns", "dualcarbon_db_pool_acquire_seconds_total", "dualcarbon_db_pool_canceled_acquires_total"} {
		if metricValue(t, body, name) < 0 {
			t.Errorf("no %s", name)
		}
	}
	run, err := d.LastSeedRun(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v := metricValue(t, body, "dualcarbon_last_seed_run_id"); v != float64(run.ID) {
		t.Errorf("last seed run id %v, want %d", v, run.ID)
	}
	if v := metricValue(t, body, `dualcarbon_last_seed_run_rows{outcome="inserted"}`); v != float64(run.Inserted) {
		t.Errorf("last seed run inserted %v, want %d", v, run.Inserted)
	}
	if v := metricValue(t, body, "dualcarbon_last_seed_run_timestamp_seconds"); v < float64(run.StartedAt.Unix()) || v > float64(run.StartedAt.Unix()+1) {
		t.Errorf("last seed run time %v, want %d", v, run.StartedAt.Unix())
	}

	// A store without pool statistics (a test fake) still gets /metrics, without pool figures.
	fake := testServer(t, &countingStore{Store: d})
	r = get(t, fake.Handler(), "/metrics")
	if r.status != http.StatusOK || strings.Contains(r.body, "dualcarbon_db_pool") || !strings.Contains(r.body, "dualcarbon_cache_hits_total") {
		t.Errorf("/metrics over a fake store: %d\n%.300s", r.status, r.body)
	}
	// Each server has its own registry: the first server's counts are not the fake's.
	if strings.Contains(r.body, `route="/indicators/:code"`) {
		t.Error("servers share their metrics")
	}
}
