// Package pgrestart holds the dashboard tests that restart PostgreSQL. They live in their own test binary,
// with their own cluster, so that stopping it cannot hurt the dashboard package's other tests.
package pgrestart

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// addFixture adds two indicators, one page kept in the cache and one read from the database on every
// request: pm25's definition (320 kB) makes its rows and its page larger than the cache keeps (CacheBytes 640 kB: rows up to half of it; CacheMaxEntry 256 kB: bodies).
func addFixture(t *testing.T, d *db.DB) {
	t.Helper()
	coal := record.Indicator{Code: "coal_share", NameEN: "Coal share", NameZH: "煤炭消费比重", Unit: "%", UnitZH: "%",
		DefinitionEN: "Coal in energy.", DefinitionZH: "煤炭。", Category: "energy_structure", Direction: "down",
		Precision: 1, Measure: "level", SortOrder: 1}
	pm25 := record.Indicator{Code: "pm25", NameEN: "PM2.5", NameZH: "PM2.5", Unit: "µg/m³", UnitZH: "微克/立方米",
		DefinitionEN: strings.Repeat("Fine particles. ", 20000), DefinitionZH: "细颗粒物。", Category: "air_water",
		Direction: "down", Precision: 1, Measure: "level", SortOrder: 2}
	dbtest.AddIndicators(t, d, coal, pm25)
	src := dbtest.AddSource(t, d, record.Source{Title: "Communiqué 2024", Publisher: "NBS", URL: "https://example.org/c", Published: "2025-02-28"})
	dbtest.AddObservations(t, d, dbtest.Series(coal.Code, src, 2022, "56.2", "55.3", "53.2")...)
	dbtest.AddObservations(t, d, dbtest.Series(pm25.Code, src, 2022, "29", "30", "29.3")...)
}

// result is one request a load worker made.
type result struct {
	at     time.Time
	url    string
	status int // 0: the request itself failed (connection cut, timeout)
	body   string
	err    error
}

// PostgreSQL stops and starts again while clients keep asking for pages. While it is down, the page already
// cached is still served and /readyz is 503 (the other page is a 503, never a 500 or a cut connection);
// after it is back no client sees two failures in a row, and the server recovers by itself.
func TestPostgresRestartUnderLoad(t *testing.T) {
	d := dbtest.New(t)
	addFixture(t, d)
	// coal_share stays cached, pm25 (too large to keep) is read from the database on every request.
	srv := dashboard.New(d, dashboard.Options{Logger: quiet(), AsOf: 2025, VersionInterval: -1, CacheBytes: 640 << 10, CacheMaxEntry: 256 << 10})
	base := serve(t, srv)
	cached, uncached := base+"/indicators/coal_share", base+"/indicators/pm25"
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	t.Cleanup(client.CloseIdleConnections)
	for _, u := range []string{cached, uncached, base + "/readyz"} {
		if r := fetch(client, u); r.status != http.StatusOK {
			t.Fatalf("before the restart: %s: %d %v", u, r.status, r.err)
		}
	}

	var stop atomic.Bool
	var wg sync.WaitGroup
	const workers = 6
	logs := make([][]result, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				u := uncached
				if i%2 == 1 {
					u = cached
				}
				logs[w] = append(logs[w], fetch(client, u))
			}
		}()
	}
	t.Cleanup(func() { stop.Store(true); wg.Wait() }) // also on t.Fatal

	cluster := dbtest.Cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	time.Sleep(300 * time.Millisecond) // load before the restart
	if err := cluster.Stop(ctx, "fast"); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	// While it is down: readiness says so, the cached page is served from memory.
	for range 5 {
		if r := fetch(client, base+"/readyz"); r.status != http.StatusServiceUnavailable {
			t.Errorf("/readyz with PostgreSQL down: %d %v, want 503", r.status, r.err)
		}
		if r := fetch(client, cached); r.status != http.StatusOK || !strings.Contains(r.body, "53.2") {
			t.Errorf("cached page with PostgreSQL down: %d %v", r.status, r.err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := start(ctx, cluster); err != nil {
		t.Fatal(err)
	}
	up := time.Now()

	// Recovery without a restart of the server: readiness and the uncached page come back.
	if !eventually(30*time.Second, func() bool {
		return fetch(client, base+"/readyz").status == http.StatusOK && fetch(client, uncached).status == http.StatusOK
	}) {
		t.Error("the server did not recover after PostgreSQL came back")
	}
	time.Sleep(500 * time.Millisecond) // load after the restart
	stop.Store(true)
	wg.Wait()

	var during, after, afterFailed int
	for w, log := range logs {
		var prevFailed bool
		for _, r := range log {
			switch {
			case r.status == 0:
				t.Errorf("worker %d: %s: request failed: %v", w, r.url, r.err)
			case r.status >= 500 && r.status != http.StatusServiceUnavailable:
				t.Errorf("worker %d: %s: status %d", w, r.url, r.status)
			case r.status == http.StatusOK && !strings.Contains(r.body, "2024"):
				t.Errorf("worker %d: %s: 200 with an incomplete page", w, r.url)
			}
			if r.at.After(down) && r.at.Before(up) {
				during++
				if r.url == cached && r.status != http.StatusOK {
					t.Errorf("worker %d: cached page with PostgreSQL down: %d", w, r.status)
				}
			}
			if r.at.After(up) {
				after++
				failed := r.status != http.StatusOK
				if failed {
					afterFailed++
				}
				if failed && prevFailed {
					t.Errorf("worker %d: %s failed twice in a row after the restart (%d)", w, r.url, r.status)
				}
				prevFailed = failed
			}
		}
	}
	t.Logf("requests while down: %d; after the restart: %d, of which failed: %d", during, after, afterFailed)
	if during == 0 || after < workers {
		t.Errorf("the load did not span the restart: %d requests while down, %d after", during, after)
	}
}

// A quick restart leaves the pool full of connections that look healthy (used well under a second ago, so
// pgxpool does not ping them) but that PostgreSQL closed with SQLSTATE 57P01: the first query on each fails.
// Reads are retried on another connection, so a client asking one page after another never sees two
// failures in a row (without the retry it would see one per broken connection).
func TestQuickRestartBreaksPooledConnections(t *testing.T) {
	d := dbtest.New(t)
	addFixture(t, d)
	srv := dashboard.New(d, dashboard.Options{Logger: quiet(), AsOf: 2025, VersionInterval: -1, CacheBytes: 640 << 10, CacheMaxEntry: 256 << 10})
	base := serve(t, srv)
	cached, uncached := base+"/indicators/coal_share", base+"/indicators/pm25"
	client := &http.Client{Timeout: 20 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	for _, u := range []string{cached, uncached} {
		if r := fetch(client, u); r.status != http.StatusOK {
			t.Fatalf("before the restart: %s: %d %v", u, r.status, r.err)
		}
	}
	cluster := dbtest.Cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	const hot = 4
	// The pool's connections are held across the restart and handed back just after it, as if last used a
	// moment ago: pgxpool pings only connections idle for over a second, so it gives these out unchecked, as
	// it does after any restart quicker than that.
	release := holdConns(t, d, hot)
	if err := cluster.Stop(ctx, "fast"); err != nil {
		t.Fatal(err)
	}
	if err := start(ctx, cluster); err != nil {
		t.Fatal(err)
	}
	release()
	var prevFailed bool
	var failed int
	for i := range 2 * hot {
		u := uncached
		if i == hot {
			u = cached
		}
		r := fetch(client, u)
		if r.status == 0 || r.status >= 500 && r.status != http.StatusServiceUnavailable {
			t.Errorf("request %d after the restart: %d %v", i, r.status, r.err)
		}
		bad := r.status != http.StatusOK
		if bad {
			failed++
		}
		if bad && prevFailed {
			t.Errorf("request %d after the restart: failed twice in a row (%d)", i, r.status)
		}
		prevFailed = bad
	}
	t.Logf("%d of %d requests failed after a quick restart with %d pooled connections", failed, 2*hot, hot)
}

// holdConns acquires n connections of d's pool, each used once; the returned func releases them.
func holdConns(t *testing.T, d *db.DB, n int) func() {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var conns []interface{ Release() } // *pgxpool.Conn; only package db names pgx
	for range n {
		c, err := d.Raw().Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Exec(ctx, "SELECT 1"); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	return func() {
		for _, c := range conns {
			c.Release()
		}
		if st := d.Stats(); st.IdleConns < int32(n) {
			t.Fatalf("pool has %d idle connections, want %d", st.IdleConns, n)
		}
	}
}

// start starts the cluster again with the settings dbtest started it with.
func start(ctx context.Context, c *pgcluster.Cluster) error {
	return c.Start(ctx, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
}

// fetch GETs u, recording when the request started.
func fetch(client *http.Client, u string) result {
	r := result{at: time.Now(), url: u}
	resp, err := client.Get(u)
	if err != nil {
		r.err = err
		return r
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		r.err = fmt.Errorf("read body: %w", err)
		return r
	}
	r.status, r.body = resp.StatusCode, string(b)
	return r
}

func eventually(limit time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// serve runs srv on a free loopback port with the production http.Server, shut down when the test ends.
func serve(t *testing.T, srv *dashboard.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := srv.HTTPServer(ln.Addr().String())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
