package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

// coldPages prints the first GET of each page after a cold restart of PostgreSQL and a new server (an empty
// page cache): the provincial map of a synthetic indicator (32 regions, 36 years, every month and two yearly
// vintages in its series) and the overview. Each page gets a restart of its own, so neither warms the other.
func coldPages(ctx context.Context, cluster *pgcluster.Cluster, dp **db.DB, code string, out io.Writer) error {
	pages := []struct{ name, path, what string }{
		{"provinces page, cold, 10M rows", "/indicators/" + code + "/provinces",
			"(tile map and ranking of 32 regions; target < 50 ms)"},
		{"overview page, cold, 10M rows", "/", "(every indicator's national rows and the provinces line; target < 50 ms)"},
	}
	for _, p := range pages {
		t, err := coldGet(ctx, cluster, dp, p.path)
		if err != nil {
			line(out, p.name, "GET %s: %v", p.path, err)
			continue
		}
		line(out, p.name, "%s first GET %s after a cold restart %s: %s", ms(t), p.path, p.what, verdict(t < 50*time.Millisecond))
	}
	return nil
}

// coldGet restarts PostgreSQL cold, opens the database and a new server, lets the pool connect (/readyz, as a
// load balancer would) and times one GET of path.
func coldGet(ctx context.Context, cluster *pgcluster.Cluster, dp **db.DB, path string) (time.Duration, error) {
	(*dp).Close()
	if err := restartCold(ctx, cluster); err != nil {
		return 0, err
	}
	d, err := db.Open(ctx, cluster.URL("dualcarbon"))
	if err != nil {
		return 0, err
	}
	*dp = d
	srv, err := serve(d)
	if err != nil {
		return 0, err
	}
	defer srv.close()
	if _, err := get(ctx, srv.url+"/readyz"); err != nil {
		return 0, fmt.Errorf("readyz: %w", err)
	}
	return get(ctx, srv.url+path)
}
