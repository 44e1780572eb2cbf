package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

// coldRuns is how many cold restarts each page of coldPages gets: one first GET moves by tens of per cent
// between restarts (the disk, the collector), so the figure is their median, printed with the range.
const coldRuns = 5

// coldPages prints the first GET of each page after a cold restart of PostgreSQL and a new server (an empty
// page cache): the provincial map of a synthetic indicator (32 regions, 36 years, every month and two yearly
// vintages in its series) and the overview. Each GET gets a restart of its own, so none warms another; the
// figure is the median of coldRuns.
func coldPages(ctx context.Context, cluster *pgcluster.Cluster, dp **db.DB, code string, out io.Writer) error {
	pages := []struct{ name, path, what string }{
		{"provinces page, cold, 10M rows", "/indicators/" + code + "/provinces",
			"(tile map and ranking of 32 regions; target < 50 ms)"},
		{"overview page, cold, 10M rows", "/", "(every indicator's national rows and the provinces line; target < 50 ms)"},
	}
	for _, p := range pages {
		var times []time.Duration
		var err error
		for range coldRuns {
			var t time.Duration
			if t, err = coldGet(ctx, cluster, dp, p.path); err != nil {
				break
			}
			times = append(times, t)
		}
		if err != nil {
			line(out, p.name, "GET %s: %v", p.path, err)
			continue
		}
		slices.Sort(times)
		t := times[len(times)/2]
		line(out, p.name, "%s first GET %s after a cold restart, median of %d (%s-%s) %s: %s", ms(t), p.path,
			len(times), ms(times[0]), ms(times[len(times)-1]), p.what, verdict(t < 50*time.Millisecond))
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
