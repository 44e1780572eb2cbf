package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

var (
	//go:embed synthetic.sql
	syntheticSQL string
	//go:embed year.sql
	yearSQL string
)

// rowsPerIndicator is what synthetic.sql and year.sql give each synthetic indicator: 32 regions x 36 years x
// (12 monthly values + 2 vintages of the yearly value).
const rowsPerIndicator = 32 * 36 * 14

// oldSeriesQuery is the statement db.Observations used before: a filter on the view observation_vintages,
// kept here to print the figure it gave beside the current one.
const oldSeriesQuery = `
	SELECT o.indicator, o.region, o.year, o.month, o.value::text, o.flag, o.note, o.quote,
	       s.id, s.title, s.publisher, s.url, s.published, o.vintage, o.vintages
	FROM observation_vintages o JOIN sources s ON s.id = o.source_id
	WHERE ($1 = '' OR o.indicator = $1) AND ($2 = '' OR o.region = $2)
	ORDER BY o.indicator, o.region, o.year, o.month, o.vintage`

// scaleFigures loads the synthetic dataset, restarts PostgreSQL with its files evicted from the page cache,
// and times first renders of indicator pages.
func scaleFigures(ctx context.Context, cfg config, cluster *pgcluster.Cluster, dp **db.DB, out io.Writer) error {
	d := *dp
	indicators := max(cfg.rows/rowsPerIndicator, 1)
	start := time.Now()
	if err := generateOnce(ctx, d, indicators); err != nil {
		return fmt.Errorf("generate the synthetic dataset: %w", err)
	}
	var rows int64
	var table, indexes string
	if err := d.Raw().QueryRow(ctx, `SELECT count(*), pg_size_pretty(pg_table_size('observations')),
		pg_size_pretty(pg_indexes_size('observations')) FROM observations`).Scan(&rows, &table, &indexes); err != nil {
		return err
	}
	line(out, "scale dataset", "%d observations (%d synthetic indicators x CN + 31 provinces x 1990-2025 monthly, "+
		"2 vintages a year), table %s, indexes %s; generated and analysed in %s",
		rows, indicators, table, indexes, time.Since(start).Round(time.Second))
	var summary, series int64
	if err := d.Raw().QueryRow(ctx, `SELECT (SELECT count(*) FROM current_yearly), (SELECT count(*) FROM current_series),
		pg_size_pretty(pg_table_size('current_yearly') + pg_table_size('current_series')),
		pg_size_pretty(pg_indexes_size('current_yearly') + pg_indexes_size('current_series'))`).Scan(&summary, &series, &table, &indexes); err != nil {
		return err
	}
	line(out, "  summaries current_yearly, current_series", "%d rows (the current yearly value of each series and year) "+
		"and %d (each series in a row), tables %s, indexes %s, kept by their triggers during the load", summary, series, table, indexes)

	d.Close()
	if err := restartCold(ctx, cluster); err != nil {
		return err
	}
	d, err := db.Open(ctx, cluster.URL("dualcarbon"))
	if err != nil {
		return err
	}
	*dp = d
	srv, err := serve(d)
	if err != nil {
		return err
	}
	defer srv.close()
	if _, err := get(ctx, srv.url+"/readyz"); err != nil { // the pool connects, as a load balancer's probe would
		return err
	}

	// The figure: the first render of a page, everything cold.
	code := func(i int) string { return fmt.Sprintf("synthetic_%04d", i) }
	first := indicators/2 + 1
	t, err := get(ctx, srv.url+"/indicators/"+code(first))
	if err != nil {
		return err
	}
	line(out, "indicator page, cold, 10M rows", "%s first GET /indicators/%s after a cold restart "+
		"(%d observations in its series; target < 50 ms): %s", ms(t), code(first), 14*36, verdict(t < 50*time.Millisecond))
	// The same page in a year range: its rows are cached, so this is the render alone (Build, template, gzip).
	t, err = get(ctx, srv.url+"/indicators/"+code(first)+"?from=1991")
	if err != nil {
		return err
	}
	size, err := fetch(ctx, srv.url+"/indicators/"+code(first), "identity")
	if err != nil {
		return err
	}
	line(out, "  of which: render (rows cached)", "%s GET /indicators/%s?from=1991 (%d bytes uncompressed)",
		ms(t), code(first), len(size))
	var more []time.Duration
	for i := 1; i <= 20; i++ {
		c := code(1 + (first+i*indicators/21)%indicators)
		t, err := get(ctx, srv.url+"/indicators/"+c)
		if err != nil {
			return err
		}
		more = append(more, t)
	}
	slices.Sort(more)
	line(out, "indicator pages, first GET, 10M rows", "median %s, max %s over 20 more indicators",
		ms(more[len(more)/2]), ms(more[len(more)-1]))
	if t, err := get(ctx, srv.url+"/indicators/"+cfg.page); err == nil {
		line(out, "built-in indicator page, 10M rows", "%s first GET /indicators/%s", ms(t), cfg.page)
	}
	srv.close()
	if err := coldPages(ctx, cluster, dp, code(first), out); err != nil {
		return err
	}
	d = *dp
	if srv, err = serve(d); err != nil {
		return err
	}
	defer srv.close()

	if err := breakdown(ctx, d, code(1+(first+indicators/42)%indicators), out); err != nil {
		return err
	}
	if err := beforeAfter(ctx, cluster, code(1+(first+indicators/63)%indicators), out); err != nil {
		return err
	}
	return nil
}

// generateOnce generates the synthetic dataset unless a kept cluster (-keep) already holds it.
func generateOnce(ctx context.Context, d *db.DB, indicators int) error {
	var have int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM indicators WHERE code LIKE 'synthetic\_%'`).Scan(&have); err != nil {
		return err
	}
	switch have {
	case 0:
		return generate(ctx, d, indicators)
	case indicators: // a kept cluster: what the last run's pages wrote is vacuumed, as autovacuum would
		_, err := d.Raw().Exec(ctx, `VACUUM ANALYZE`)
		return err
	}
	return fmt.Errorf("the database holds %d synthetic indicators, not %d: remove the kept cluster", have, indicators)
}

// coldOnly times the first GET of cfg.cold at scale, cfg.repeat times, each after a cold restart and with a new
// server: for work on one page's cold figure (with -keep, the dataset is generated once).
func coldOnly(ctx context.Context, cfg config, cluster *pgcluster.Cluster, dp **db.DB, out io.Writer) error {
	indicators := max(cfg.rows/rowsPerIndicator, 1)
	if err := generateOnce(ctx, *dp, indicators); err != nil {
		return fmt.Errorf("generate the synthetic dataset: %w", err)
	}
	var times []time.Duration
	for range cfg.repeat {
		t, err := coldGet(ctx, cluster, dp, cfg.cold)
		if err != nil {
			return err
		}
		times = append(times, t)
	}
	line(out, "cold "+cfg.cold, "%v", times)
	// The same GET on new servers with the database's pages cached: the server's own work.
	times = times[:0]
	for range cfg.repeat {
		srv, err := serve(*dp)
		if err != nil {
			return err
		}
		if _, err := get(ctx, srv.url+"/readyz"); err != nil {
			srv.close()
			return err
		}
		t, err := get(ctx, srv.url+cfg.cold)
		srv.close()
		if err != nil {
			return err
		}
		times = append(times, t)
	}
	line(out, "new server, database warm "+cfg.cold, "%v", times)
	return nil
}

// generate runs synthetic.sql, then year.sql for every year on two connections (the machine's cores),
// with foreign-key checks and the triggers of the data versions off (the rows are valid by construction), and
// the triggers of the summaries current_yearly and current_series (migrations/0015, 0017) on: it is kept as a seed keeps it, statement
// by statement in the order the releases come, not rebuilt in key order afterwards.
func generate(ctx context.Context, d *db.DB, indicators int) error {
	for i, stmt := range strings.Split(syntheticSQL, "\n--;\n") {
		var args []any
		if i == 0 {
			args = []any{indicators}
		}
		if _, err := d.Raw().Exec(ctx, stmt, args...); err != nil {
			return err
		}
	}
	if err := summaryTriggers(ctx, d, "ENABLE ALWAYS"); err != nil {
		return err
	}
	years := make(chan int)
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := range years {
				if err := generateYear(ctx, d, y); err != nil {
					errs <- fmt.Errorf("year %d: %w", y, err)
					return
				}
			}
		}()
	}
	started := time.Now()
	func() {
		defer close(years)
		for y := 1990; y <= 2025; y++ {
			select {
			case years <- y:
			case err := <-errs:
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	if err := summaryTriggers(ctx, d, "ENABLE"); err != nil {
		return err
	}
	for _, stmt := range []string{
		`INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		 SELECT 'dcbench synthetic', repeat('0', 64), count(*), 0, 0, $1 FROM observations`,
		`VACUUM ANALYZE`,
		`CHECKPOINT`,
	} {
		var err error
		if strings.Contains(stmt, "$1") {
			_, err = d.Raw().Exec(ctx, stmt, started)
		} else {
			_, err = d.Raw().Exec(ctx, stmt)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Fields(stmt)[0], err)
		}
	}
	return nil
}

// summaryTriggers sets the firing of the triggers that keep current_yearly and current_series: ENABLE ALWAYS fires them under
// session_replication_role = replica too, ENABLE as the migration made them.
func summaryTriggers(ctx context.Context, d *db.DB, mode string) error {
	for _, name := range []string{"observations_current_insert", "observations_current_update", "observations_current_delete",
		"observations_current_truncate"} {
		if _, err := d.Raw().Exec(ctx, `ALTER TABLE observations `+mode+` TRIGGER `+name); err != nil {
			return fmt.Errorf("%s %s: %w", mode, name, err)
		}
	}
	return nil
}

func generateYear(ctx context.Context, d *db.DB, year int) error {
	tx, err := d.Raw().Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, yearSQL, year); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// restartCold stops PostgreSQL, evicts its files from the kernel's page cache and starts it again: the
// next reads come from the disk, as after a reboot.
func restartCold(ctx context.Context, cluster *pgcluster.Cluster) error {
	if err := cluster.Stop(ctx, "fast"); err != nil {
		return err
	}
	if err := evict(cluster.DataDir()); err != nil {
		return fmt.Errorf("evict %s from the page cache: %w", cluster.DataDir(), err)
	}
	return cluster.Start(ctx, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
}

// evict writes back and drops the cached pages of every file under dir (posix_fadvise DONTNEED): only
// these files leave the page cache, nothing else on the machine.
func evict(dir string) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		fd := int(f.Fd())
		return errors.Join(unix.Fdatasync(fd), unix.Fadvise(fd, 0, 0, unix.FADV_DONTNEED))
	})
}

// get times one GET on a new connection and drains the body.
func get(ctx context.Context, url string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	t := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return t, err
}

// breakdown times what a first render of code costs in the database and in trend.Build, in-process.
func breakdown(ctx context.Context, d *db.DB, code string, out io.Writer) error {
	start := time.Now()
	in, err := d.Indicator(ctx, code)
	if err != nil {
		return err
	}
	obs, err := d.Observations(ctx, code, "CN", "")
	if err != nil {
		return err
	}
	targets, err := d.Targets(ctx, code, "")
	if err != nil {
		return err
	}
	events, err := d.Events(ctx, "")
	if err != nil {
		return err
	}
	queries := time.Since(start)
	start = time.Now()
	tr := trend.Build(in, obs, targets, events, trend.Options{Lang: "en", AsOf: time.Now().Year(), Region: "CN"})
	build := time.Since(start)
	line(out, "  of which: queries + trend.Build", "%s for 4 queries (%d observations, %d targets, %d events) + "+
		"%s Build (%d points) of %s, cold", ms(queries), len(obs), len(targets), len(events), ms(build),
		len(tr.Actual.Points), code)
	return nil
}

// beforeAfter times one series query, cold for that series, with every statement planned generically (as
// PostgreSQL plans a prepared statement after a few calls): db.Observations, then the statement on the
// view it replaced.
func beforeAfter(ctx context.Context, cluster *pgcluster.Cluster, code string, out io.Writer) error {
	d, err := db.Open(ctx, cluster.URL("dualcarbon")+"&plan_cache_mode=force_generic_plan")
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Ping(ctx); err != nil {
		return err
	}
	start := time.Now()
	obs, err := d.Observations(ctx, code, "CN", "")
	if err != nil {
		return err
	}
	now := time.Since(start)
	start = time.Now()
	rows, err := d.Raw().Query(ctx, oldSeriesQuery, code, "CN")
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	before := time.Since(start)
	if n != len(obs) {
		return fmt.Errorf("the old statement gave %d rows of %s, db.Observations %d", n, code, len(obs))
	}
	line(out, "series query, generic plan, 10M rows", "%s db.Observations | %s the statement on the view it "+
		"replaced | ratio %.0fx", ms(now), ms(before), float64(before)/float64(now))
	return nil
}
