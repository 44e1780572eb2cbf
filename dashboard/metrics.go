package dashboard

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dualcarbon/dualcarbon/db"
)

// poolStatser is a store that reports its connection pool (*db.DB does; test fakes need not).
type poolStatser interface {
	Stats() db.PoolStats
}

// seedRunReader is a store that knows the last seed run (*db.DB does; test fakes need not).
type seedRunReader interface {
	LastSeedRun(ctx context.Context) (db.SeedRun, error)
}

// metrics are the server's Prometheus metrics, in a registry of its own (no global state: tests run several
// servers side by side). Requests are labelled by route pattern, never by raw URL, so that clients cannot
// make the label set grow.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(s *Server) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dualcarbon_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "dualcarbon_http_request_duration_seconds", Help: "HTTP request latency by route pattern and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "dualcarbon_cache_hits_total",
			Help: "Responses served from the rendered cache."}, func() float64 { return float64(s.cache.pc.Stats().Hits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "dualcarbon_cache_misses_total",
			Help: "Responses rendered because the cache did not hold them."}, func() float64 { return float64(s.cache.pc.Stats().Renders.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "dualcarbon_cache_evictions_total",
			Help: "Cache entries dropped to stay within the budget."}, func() float64 { return float64(s.cache.pc.Stats().Evictions.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "dualcarbon_cache_bytes",
			Help: "Bytes the cache's entries take, as it counts them."}, func() float64 { return float64(s.cache.pc.Bytes()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "dualcarbon_cache_budget_bytes",
			Help: "The cache's budget in bytes."}, func() float64 { return float64(s.opts.CacheBytes) }),
	)
	if ps, ok := s.store.(poolStatser); ok {
		gauge := func(name, help string, f func(db.PoolStats) float64) prometheus.Collector {
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(ps.Stats()) })
		}
		counter := func(name, help string, f func(db.PoolStats) float64) prometheus.Collector {
			return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(ps.Stats()) })
		}
		m.reg.MustRegister(
			gauge("dualcarbon_db_pool_acquired_conns", "Connections in use.", func(p db.PoolStats) float64 { return float64(p.AcquiredConns) }),
			gauge("dualcarbon_db_pool_idle_conns", "Idle connections.", func(p db.PoolStats) float64 { return float64(p.IdleConns) }),
			gauge("dualcarbon_db_pool_total_conns", "Open connections.", func(p db.PoolStats) float64 { return float64(p.TotalConns) }),
			gauge("dualcarbon_db_pool_max_conns", "Largest pool size.", func(p db.PoolStats) float64 { return float64(p.MaxConns) }),
			counter("dualcarbon_db_pool_acquires_total", "Connections acquired.", func(p db.PoolStats) float64 { return float64(p.AcquireCount) }),
			counter("dualcarbon_db_pool_canceled_acquires_total", "Acquires given up (deadline or cancel).",
				func(p db.PoolStats) float64 { return float64(p.CanceledAcquireCount) }),
			counter("dualcarbon_db_pool_acquire_seconds_total", "Time spent acquiring connections.",
				func(p db.PoolStats) float64 { return p.AcquireDuration.Seconds() }),
		)
	}
	if s.replication.store != nil {
		m.reg.MustRegister(replicationCollector{s.replication})
	}
	if sr, ok := s.store.(seedRunReader); ok {
		m.reg.MustRegister(&seedRunCollector{store: sr, timeout: s.opts.QueryTimeout, log: s.log})
	}
	return m
}

// middleware counts and times every request under its route pattern (c.Path(): "/indicators/:code").
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the error response now, so that its status is counted
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		method := c.Request().Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodPatch:
		default:
			method = "other" // any token is a method: keep the label set bounded
		}
		m.requests.WithLabelValues(route, method, strconv.Itoa(c.Response().Status)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
		return nil
	}
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() echo.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// seedRunCollector reports the last seed run, asked of the database at each scrape.
type seedRunCollector struct {
	store   seedRunReader
	timeout time.Duration
	log     *slog.Logger
}

var (
	seedRunTime = prometheus.NewDesc("dualcarbon_last_seed_run_timestamp_seconds", "When the last seed run started (Unix time).", nil, nil)
	seedRunRows = prometheus.NewDesc("dualcarbon_last_seed_run_rows", "Rows of the last seed run by outcome.", []string{"outcome"}, nil)
	seedRunID   = prometheus.NewDesc("dualcarbon_last_seed_run_id", "Id of the last seed run.", nil, nil)
)

func (sc *seedRunCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- seedRunTime
	ch <- seedRunRows
	ch <- seedRunID
}

func (sc *seedRunCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), min(sc.timeout, 2*time.Second))
	defer cancel()
	r, err := sc.store.LastSeedRun(ctx)
	if errors.Is(err, db.ErrNotFound) {
		return
	}
	if err != nil {
		sc.log.Warn("metrics: last seed run unavailable", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(seedRunTime, prometheus.GaugeValue, float64(r.StartedAt.UnixNano())/1e9)
	ch <- prometheus.MustNewConstMetric(seedRunID, prometheus.GaugeValue, float64(r.ID))
	for outcome, n := range map[string]int{"inserted": r.Inserted, "updated": r.Updated, "unchanged": r.Unchanged} {
		ch <- prometheus.MustNewConstMetric(seedRunRows, prometheus.GaugeValue, float64(n), outcome)
	}
}
