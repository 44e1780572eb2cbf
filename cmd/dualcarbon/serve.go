package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
)

// serveCmd serves the dashboard until ctx ends (SIGINT, SIGTERM), then shuts down within a bound, whatever
// clients do: readiness turns 503 (for -drain), in-flight requests get -grace to finish, whatever is left is
// cut, the work no request owns stops, and the pool closes (waiting at most poolCloseWait). The process has
// exited drain + grace + poolCloseWait after the signal (30 s with the defaults). It refuses to start on a
// dirty or outdated schema.
func serveCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("serve", env)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	drain := fs.Duration("drain", 0, "how long /readyz answers 503 before the listener closes on shutdown")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this address only, not on -addr (default: on -addr)")
	grace := fs.Duration("grace", 25*time.Second, "on shutdown, how long in-flight requests may take before they are cut")
	cacheMB := fs.Int64("cache-mb", 0, "the page cache's budget in MB (0: an eighth of the memory the process may use, at most 1 GB)")
	maxLag := fs.Duration("max-lag", 0, "on a hot standby, answer 503 on /readyz while replication lags more than this (0: no limit)")
	publicURL := fs.String("public-url", "", "the address the site is published under, for canonical links, the sitemap and embed code "+
		"(default: http://<addr>)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	site, err := publicSite(*publicURL, *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	log := env.logger()
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer closePool(d, log)
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	err = d.CheckSchema(cctx)
	cancel()
	if err != nil {
		return fmt.Errorf("serve: refusing to start: %w", err)
	}

	srv := dashboard.New(d, dashboard.Options{Logger: log, MetricsApart: *metricsAddr != "", MaxLag: *maxLag, PublicURL: site,
		CacheBytes: *cacheMB << 20})
	hs := srv.HTTPServer(*addr)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *metricsAddr != "" {
		ms := srv.MetricsServer(*metricsAddr)
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("serve: metrics: %w", err)
		}
		log.Info("serving metrics", "url", "http://"+mln.Addr().String()+"/metrics")
		go ms.Serve(mln)
		defer ms.Close()
	}
	log.Info("serving the dashboard", "url", "http://"+ln.Addr().String())
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	srv.Drain()
	time.Sleep(*drain)
	defer srv.Close() // before the pool closes (deferred earlier): cache loads and a dataset build stop
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("shutting down: requests still running after the grace period are cut", "grace", *grace, "err", err)
		hs.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// publicSite is the -public-url, checked: an absolute http or https URL with a host and nothing after its
// path; by default the listen address.
func publicSite(public, addr string) (string, error) {
	if public == "" {
		return "http://" + addr, nil
	}
	u, err := url.Parse(public)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("-public-url %q: want an http(s) address such as https://dualcarbon.example.org", public)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// poolCloseWait bounds the wait for the pool's connections on shutdown; a connection still busy then is
// left to PostgreSQL, which ends its session when the process exits.
const poolCloseWait = 5 * time.Second

// closePool closes d's pool, waiting at most poolCloseWait for connections still in use.
func closePool(d *db.DB, log interface{ Warn(string, ...any) }) {
	done := make(chan struct{})
	go func() { d.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(poolCloseWait):
		log.Warn("shutting down: database connections still in use; leaving them", "waited", poolCloseWait)
	}
}
