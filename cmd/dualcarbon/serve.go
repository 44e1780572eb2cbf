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

// serveCmd serves the dashboard until ctx ends (SIGINT, SIGTERM), then shuts down gracefully: readiness
// turns 503, in-flight requests finish, the pool closes. It refuses to start on a dirty or outdated schema.
func serveCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("serve", env)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	drain := fs.Duration("drain", 0, "how long /readyz answers 503 before the listener closes on shutdown")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this address only, not on -addr (default: on -addr)")
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
	defer d.Close()
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	err = d.CheckSchema(cctx)
	cancel()
	if err != nil {
		return fmt.Errorf("serve: refusing to start: %w", err)
	}

	srv := dashboard.New(d, dashboard.Options{Logger: log, MetricsApart: *metricsAddr != "", MaxLag: *maxLag, PublicURL: site})
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
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
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
