// Package dashboard serves the dualcarbon pages: the overview, one page per indicator with its targets and
// progress, and the comparison of indicators. Pages are rendered from data cached per data version, with the
// chart options emitted as JSON data that one static script draws.
package dashboard

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db"
)

// Store is what the dashboard reads; *db.DB implements it.
type Store interface {
	Indicators(ctx context.Context) ([]db.Indicator, error)
	Indicator(ctx context.Context, code string) (db.Indicator, error)
	// The reads with an as-of date (db.AsOf, "" = today) read what had been published by then.
	Observations(ctx context.Context, code, region string, asOf db.AsOf) ([]db.Observation, error)
	YearlyObservations(ctx context.Context, region string, asOf db.AsOf) ([]db.Observation, error)
	Targets(ctx context.Context, code string, asOf db.AsOf) ([]db.Target, error)
	Events(ctx context.Context, asOf db.AsOf) ([]db.Event, error)
	YearlyOfIndicator(ctx context.Context, code string, asOf db.AsOf) ([]db.Observation, error) // every region: provinces.go
	// The current yearly values of today (the summary of migrations/0015): the overview and the provincial map.
	CurrentYearly(ctx context.Context, region string) ([]db.Observation, error)
	CurrentYearlyOfIndicator(ctx context.Context, code string) ([]db.Observation, error)
	Regions(ctx context.Context) ([]db.Region, error)
	HasProvinces(ctx context.Context, code string) (bool, error)
	Assessments(ctx context.Context) ([]db.Assessment, error)
	DataVersions(ctx context.Context) (db.DataVersions, error)
	Ping(ctx context.Context) error
	SchemaState(ctx context.Context) (version uint, dirty bool, err error)
	Sources(ctx context.Context, asOf db.AsOf) ([]db.Source, error)
	export.Store // the data package, read from one snapshot
}

// Options configure a Server. The zero value is usable.
type Options struct {
	Logger *slog.Logger
	// AsOf is the current year for progress statuses; 0: the year of the clock.
	AsOf int
	// VersionInterval is how long a checked data version is trusted before it is asked again (default 1 s);
	// negative: ask on every request.
	VersionInterval time.Duration
	// QueryTimeout bounds every database call (default 5 s).
	QueryTimeout time.Duration
	// CacheBytes is the page cache's budget in bytes: rendered bodies (with their gzip form) and loaded rows
	// together (default: an eighth of the memory the process may use, at most 1 GB; see defaultCacheBytes).
	CacheBytes int64
	// CacheMaxEntry is the largest body kept; a larger one is made on every request (default CacheBytes/16).
	// Loaded rows may take up to half of CacheBytes.
	CacheMaxEntry int64
	// MetricsApart leaves /metrics off the dashboard's routes: MetricsHandler serves it on another listener,
	// one that only the monitoring can reach.
	MetricsApart bool
	// MaxLag is the replication lag beyond which a server on a hot standby says 503 on /readyz (so that a load
	// balancer sends readers to a standby that keeps up) while it still serves pages; 0: no limit.
	MaxLag time.Duration
	// PublicURL is the address the site is published under, without a trailing slash (canonical links,
	// hreflang alternates, Open Graph, the sitemap and the embed code); default http://127.0.0.1:8080.
	PublicURL string
	// DatasetDir is where the dataset package is built (an unlinked temporary file); "": os.TempDir.
	DatasetDir string
}

// defaultPublicURL is the address of `dualcarbon serve` with its default -addr.
const defaultPublicURL = "http://127.0.0.1:8080"

// Server holds what every handler needs. It has no global state: tests run several side by side.
type Server struct {
	store       Store
	log         *slog.Logger
	opts        Options
	cache       *cache
	static      *staticFiles
	pages       *pages
	echo        *echo.Echo
	metrics     *metrics
	replication *replication
	draining    atomic.Bool
	schema      uint // the schema version this build expects
	datasets    *datasets
	// base is the context of the work no single request owns (cache loads, dataset builds): Close ends it.
	base  context.Context
	close context.CancelFunc
}

// New builds a server over store. It parses the templates and compresses the static files, so a broken
// build fails here, at start-up, not on a request.
func New(store Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.VersionInterval == 0 {
		opts.VersionInterval = time.Second
	}
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 5 * time.Second
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = defaultCacheBytes()
	}
	opts.PublicURL = strings.TrimSuffix(opts.PublicURL, "/")
	if opts.PublicURL == "" {
		opts.PublicURL = defaultPublicURL
	}
	s := &Server{store: store, log: opts.Logger, opts: opts}
	s.base, s.close = context.WithCancel(context.Background())
	s.datasets = newDatasets(s.base, store, opts.DatasetDir, opts.Logger)
	s.replication = newReplication(store, opts.QueryTimeout, opts.Logger)
	s.cache = newCache(s.base, store, opts)
	s.static = mustStatic(opts.Logger)
	s.pages = mustPages(s.static, opts.PublicURL)
	v, err := db.SchemaVersion()
	if err != nil {
		panic(fmt.Sprintf("dashboard: embedded migrations: %v", err))
	}
	s.schema = v
	s.echo = s.routes()
	return s
}

// Handler is the dashboard as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

// MetricsHandler serves the Prometheus metrics (the same registry /metrics serves), for a listener of its own.
func (s *Server) MetricsHandler() http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Match(getOrHead, "/metrics", s.metrics.handler())
	return e
}

// HTTPServer is an http.Server for the dashboard with every timeout set, so that slow clients
// (slowloris) cannot hold connections open forever.
func (s *Server) HTTPServer(addr string) *http.Server { return s.httpServer(addr, s.Handler()) }

// MetricsServer is an http.Server for MetricsHandler alone, with the same timeouts.
func (s *Server) MetricsServer(addr string) *http.Server {
	return s.httpServer(addr, s.MetricsHandler())
}

func (s *Server) httpServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// CacheUse is what the page cache holds, in bytes as it counts them, and its budget.
func (s *Server) CacheUse() (used, budget int64) { return s.cache.pc.Bytes(), s.opts.CacheBytes }

// Close ends the work no request owns (cache loads, a dataset build), so that their database connections
// return to the pool before it closes. Requests still running fail.
func (s *Server) Close() { s.close() }

// Drain makes /readyz answer 503 so that a load balancer stops sending traffic before shutdown.
func (s *Server) Drain() { s.draining.Store(true) }

// asOf is the current year for statuses.
func (s *Server) asOf() int {
	if s.opts.AsOf != 0 {
		return s.opts.AsOf
	}
	return time.Now().Year()
}

// queryCtx bounds one database call.
func (s *Server) queryCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.opts.QueryTimeout)
}
