// Command dcbench measures dualcarbon's hot paths beside their physical limit on this machine, in one run,
// and prints one line per figure with its ratio (docs/performance.md explains each figure):
//
//   - an indicator page and its data.json: requests/s and p99 at 64 connections (wrk) against the same bytes
//     served as a static file by nginx with one worker (a plain Go file server where nginx is missing);
//   - the heap after 20,000 distinct valid URLs, beside the page cache's budget;
//   - navigation to chart drawn in headless Chromium, and the bytes of a cold page load, against the same
//     files served statically and uncompressed;
//   - servers on a streaming hot standby: the indicator page with one server and with two, each a process on
//     one core, and the delay from the standby replaying a seed to both serving it;
//   - scale: with 10 million observations (CN and 31 provinces, monthly, two vintages a year), the first
//     render of an indicator page, of an indicator's provincial map and of the overview, each after a cold
//     restart of PostgreSQL and with a new server, and the series query before and after the rewrite in
//     db.Observations.
//
// It starts its own PostgreSQL (db/pgcluster) and serves the dashboard in-process on 127.0.0.1, and stops
// both, the browser and wrk before it returns. `go run ./cmd/dcbench -h` lists the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
	"github.com/dualcarbon/dualcarbon/seed"
)

// config is what the flags set.
type config struct {
	rows        int           // synthetic observations for the scale figure
	duration    time.Duration // of each wrk run
	connections int
	loads       int    // cold browser loads
	page        string // indicator code of the page benchmarked
	chromium    string
	skipScale   bool
	skipPages   bool
	skipBrowser bool
	skipReplica bool
	keep        string // a cluster directory kept between runs, its scale dataset generated once
	cold        string // a path timed cold alone (-repeat times), for work on one page
	repeat      int
}

func main() {
	if url := os.Getenv(childEnv); url != "" {
		if err := servedChild(url); err != nil {
			fmt.Fprintln(os.Stderr, "dcbench server:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dashboard.GCDefaults(os.Getenv) // as `dualcarbon serve` sets it: the servers measured run in this process
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dcbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("dcbench", flag.ContinueOnError)
	fs.IntVar(&cfg.rows, "rows", 10_000_000, "synthetic observations for the scale figure")
	fs.DurationVar(&cfg.duration, "duration", 10*time.Second, "duration of each wrk run")
	fs.IntVar(&cfg.connections, "connections", 64, "wrk connections")
	fs.IntVar(&cfg.loads, "loads", 5, "cold page loads in Chromium")
	fs.StringVar(&cfg.page, "page", "coal_share", "indicator whose page and data.json are benchmarked")
	fs.StringVar(&cfg.chromium, "chromium", "/usr/bin/chromium", "Chromium binary")
	fs.BoolVar(&cfg.skipScale, "skip-scale", false, "skip the 10-million-row figure")
	fs.BoolVar(&cfg.skipPages, "skip-pages", false, "skip the wrk figures of pages and data.json and the heap figure")
	fs.BoolVar(&cfg.skipBrowser, "skip-browser", false, "skip the Chromium figures")
	fs.BoolVar(&cfg.skipReplica, "skip-replica", false, "skip the figures of servers on a hot standby")
	fs.StringVar(&cfg.keep, "keep", "", "keep the cluster in this directory and reuse its scale dataset on the next run (for work on the scale figures)")
	fs.StringVar(&cfg.cold, "cold", "", "time only the first GET of this path at scale, each after a cold restart (with -repeat)")
	fs.IntVar(&cfg.repeat, "repeat", 5, "cold GETs of -cold")
	if err := fs.Parse(args); err != nil {
		return err
	}
	host, _ := os.Hostname()
	fmt.Fprintf(out, "dcbench %s on %s: %d CPUs, %s %s/%s\n", time.Now().Format("2006-01-02 15:04 MST"), host,
		runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH)

	cluster, release, err := openCluster(ctx, cfg.keep)
	if err != nil {
		return err
	}
	defer release()
	d, err := setup(ctx, cluster, out)
	if err != nil {
		return err
	}
	defer func() { d.Close() }()
	if cfg.cold != "" {
		return coldOnly(ctx, cfg, cluster, &d, out)
	}

	srv, err := serve(d)
	if err != nil {
		return err
	}
	if !cfg.skipPages {
		err = errors.Join(pageFigures(ctx, cfg, srv.url, out), heapFigure(ctx, cfg, srv.url, srv.dash, out))
	}
	err = errors.Join(err, browserFigures(ctx, cfg, srv.url, out))
	srv.close()
	if err == nil && !cfg.skipReplica {
		err = replicaFigures(ctx, cfg, cluster, d, out)
	}
	if err != nil || cfg.skipScale {
		return err
	}
	return scaleFigures(ctx, cfg, cluster, &d, out)
}

// setup creates the database, migrates it and loads the built-in dataset.
func setup(ctx context.Context, cluster *pgcluster.Cluster, out io.Writer) (*db.DB, error) {
	admin, err := db.Open(ctx, cluster.URL("postgres"))
	if err != nil {
		return nil, err
	}
	err = admin.EnsureDatabase(ctx, "dualcarbon")
	admin.Close()
	if err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cluster.URL("dualcarbon"))
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, d); err != nil {
		d.Close()
		return nil, err
	}
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		d.Close()
		return nil, fmt.Errorf("load the built-in dataset: %w", err)
	}
	var n int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM observations`).Scan(&n); err != nil {
		d.Close()
		return nil, err
	}
	fmt.Fprintf(out, "PostgreSQL on 127.0.0.1:%d, built-in dataset loaded: %d observations\n", cluster.Port, n)
	return d, nil
}

// openCluster starts a throw-away cluster, or with dir the cluster kept there (created on the first run), and
// returns what stops it: Destroy for the throw-away one, Stop for the kept one.
func openCluster(ctx context.Context, dir string) (*pgcluster.Cluster, func(), error) {
	if dir == "" {
		c, err := pgcluster.Temp(ctx)
		if err != nil {
			return nil, nil, err
		}
		return c, func() { c.Destroy() }, nil
	}
	port, err := pgcluster.FreePort()
	if err != nil {
		return nil, nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	c, err := pgcluster.New(abs, port)
	if err != nil {
		return nil, nil, err
	}
	if err := c.Start(ctx, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"); err != nil {
		return nil, nil, err
	}
	return c, func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c.Stop(ctx, "fast")
	}, nil
}

func migrate(ctx context.Context, d *db.DB) error {
	mg, err := d.NewMigrator(ctx)
	if err != nil {
		return err
	}
	err = mg.Up()
	return errors.Join(err, mg.Close())
}

// server is the dashboard served in-process on a free port of 127.0.0.1.
type server struct {
	dash  *dashboard.Server
	url   string
	http  *http.Server
	close func()
}

func serve(d *db.DB) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := dashboard.New(d, dashboard.Options{Logger: quiet})
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	return &server{dash: s, url: "http://" + ln.Addr().String(), http: hs, close: func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}}, nil
}

// line prints one figure: its name, the measurement, and the verdict against its target when it has one.
func line(out io.Writer, name, format string, args ...any) {
	fmt.Fprintf(out, "%-40s %s\n", name, fmt.Sprintf(format, args...))
}

func verdict(ok bool) string {
	if ok {
		return "meets target"
	}
	return "MISSES target"
}
