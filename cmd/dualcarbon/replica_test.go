package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
)

// clusterRun runs `dualcarbon cluster args...` and returns what it prints (start: the database URL).
func clusterRun(t *testing.T, args ...string) string {
	t.Helper()
	env, out, errOut := testEnv(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, append([]string{"cluster"}, args...), env); err != nil {
		t.Fatalf("cluster %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	return strings.TrimSpace(out.String())
}

// privateCluster starts `dualcarbon cluster start -dir DIR extra...` in a fresh directory, stopped and removed
// when the test ends, or when the test binary ends however it ends; it returns the directory and the URL.
func privateCluster(t *testing.T, extra ...string) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pg")
	url := clusterRun(t, append([]string{"start", "-dir", dir}, extra...)...)
	target, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := openCluster(target, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Should the test binary be killed, no cleanup runs: the watchdog stops the server and removes it then.
	if err := c.Watch(); err != nil {
		c.Destroy()
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Destroy() })
	return dir, url
}

// observationsCSV writes a file of one coal_share figure for year.
func observationsCSV(t *testing.T, year int, value string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), fmt.Sprintf("coal-%d.csv", year))
	body := "indicator,region,year,month,value,unit,flag,source_title,source_url,source_publisher,published,note,quote\n" +
		fmt.Sprintf("coal_share,CN,%d,,%s,%%,,Statistical Communiqué %d,https://example.org/c-%d,NBS,%d-02-28,,\n",
			year, value, year, year, year+1)
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func httpGet(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// waitUntilTrue polls cond every 10 ms until it holds or limit passes; it returns when it held.
func waitUntilTrue(t *testing.T, limit time.Duration, what string, cond func() bool) time.Time {
	t.Helper()
	for deadline := time.Now().Add(limit); ; time.Sleep(10 * time.Millisecond) {
		if cond() {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
	}
}

// versionsOf is the sum of the data versions the server at d has (replayed).
func versionsOf(t *testing.T, d *db.DB) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := d.DataVersions(ctx)
	if err != nil {
		return -1
	}
	return v.Total
}

// Servers on a streaming hot standby (made by `dualcarbon cluster start -standby-of`, as docs/deploy.md
// does): a figure seeded on the primary is served by both within 2 s of the standby replaying it; replay
// paused beyond -max-lag turns /readyz 503 while pages still serve with their lag; the standby stopped, both
// say 503 on /readyz and still serve cached pages, and started again they recover without a restart, with
// what the primary wrote meanwhile; seed, migrate, revert and reader-role pointed at the standby refuse
// with the reason, before they start.
func TestServeOnHotStandby(t *testing.T) {
	ctx := context.Background()
	primaryDir, primaryURL := privateCluster(t)
	env, _, errOut := testEnv(map[string]string{"DATABASE_URL": primaryURL})
	if err := run(ctx, []string{"migrate", "up"}, env); err != nil {
		t.Fatalf("migrate: %v\n%s", err, errOut)
	}
	if _, errOut, err := seedRun(t, primaryURL, testCatalogue, testObservations); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut)
	}
	if err := run(ctx, []string{"reader-role"}, env); err != nil {
		t.Fatalf("reader-role: %v\n%s", err, errOut)
	}
	// A standby of the private cluster, named by its directory (docs/deploy.md names the primary by its URL).
	standbyDir, standbyURL := privateCluster(t, "-standby-of", primaryDir)
	primary, standby := openDB(t, primaryURL), openDB(t, standbyURL)

	// The servers read the standby as the read-only role, which the standby replayed from the primary.
	readerURL := strings.Replace(standbyURL, "postgres://postgres@", "postgres://dualcarbon_web@", 1)
	var bases []string
	for range 2 {
		base, _, stop := startServe(t, readerURL, "-max-lag", "1s")
		t.Cleanup(func() { stop() })
		bases = append(bases, base)
	}
	const page = "/indicators/coal_share"
	for _, base := range bases {
		if code, _, body := httpGet(t, base+page); code != http.StatusOK || strings.Contains(body, "54.3") {
			t.Fatalf("%s before the seed: %d, has 54.3: %v", base, code, strings.Contains(body, "54.3"))
		}
	}

	// Freshness: the seed replayed, every server serves it within 2 s.
	if _, errOut, err := seedRun(t, primaryURL, observationsCSV(t, 2021, "54.3")); err != nil {
		t.Fatalf("seed on the primary: %v\n%s", err, errOut)
	}
	want := versionsOf(t, primary)
	replayed := waitUntilTrue(t, 30*time.Second, "standby replays the seed", func() bool { return versionsOf(t, standby) == want })
	for _, base := range bases {
		served := waitUntilTrue(t, 2*time.Second, base+" serves the seeded figure", func() bool {
			_, _, body := httpGet(t, base+page)
			return strings.Contains(body, "54.3")
		})
		t.Logf("%s: served %s after the standby replayed it", base, served.Sub(replayed).Round(time.Millisecond))
	}
	readyz := func(base string) (int, map[string]any) {
		code, _, body := httpGet(t, base+"/readyz")
		var m map[string]any
		json.Unmarshal([]byte(body), &m)
		return code, m
	}
	for _, base := range bases {
		if code, m := readyz(base); code != http.StatusOK || m["standby"] != true {
			t.Fatalf("%s/readyz on a standby that keeps up: %d %v", base, code, m)
		}
		_, _, metrics := httpGet(t, base+"/metrics")
		for _, series := range []string{"dualcarbon_db_standby 1\n", "dualcarbon_db_replication_lag_seconds ", "dualcarbon_db_replay_behind_bytes "} {
			if !strings.Contains(metrics, series) {
				t.Errorf("%s/metrics lacks %q", base, series)
			}
		}
	}

	// Lag: replay paused while the primary writes; past -max-lag, /readyz is 503 and pages still serve.
	if _, err := standby.Raw().Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := seedRun(t, primaryURL, observationsCSV(t, 2022, "53.9")); err != nil {
		t.Fatalf("seed on the primary: %v\n%s", err, errOut)
	}
	for _, base := range bases {
		waitUntilTrue(t, 10*time.Second, base+"/readyz 503 while replay lags", func() bool {
			code, m := readyz(base)
			return code == http.StatusServiceUnavailable && strings.Contains(fmt.Sprint(m["reason"]), "lags")
		})
		code, h, body := httpGet(t, base+page)
		if code != http.StatusOK || h.Get("X-Replication-Lag") == "" || h.Get("X-Replication-Lag") == "0.000" {
			t.Errorf("%s%s while lagging: %d, X-Replication-Lag %q", base, page, code, h.Get("X-Replication-Lag"))
		}
		if !strings.Contains(body, `class="stale-notice"`) || !strings.Contains(body, "54.3") {
			t.Errorf("%s%s while lagging: no notice of the data's age, or not the page (has 54.3: %v)", base, page, strings.Contains(body, "54.3"))
		}
	}
	if _, err := standby.Raw().Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	for _, base := range bases {
		waitUntilTrue(t, 10*time.Second, base+"/readyz 200 once replay caught up", func() bool {
			code, _ := readyz(base)
			return code == http.StatusOK
		})
		waitUntilTrue(t, 5*time.Second, base+" pages without the notice once replay caught up", func() bool {
			_, _, body := httpGet(t, base+page)
			return !strings.Contains(body, `class="stale-notice"`) && strings.Contains(body, "53.9")
		})
	}
	// Nothing written for longer than -max-lag: the last replayed commit ages, and that is no lag (the standby
	// replayed all it received).
	time.Sleep(1500 * time.Millisecond)
	for _, base := range bases {
		if code, m := readyz(base); code != http.StatusOK {
			t.Errorf("%s/readyz with an idle primary: %d %v, want 200", base, code, m)
		}
	}

	// The standby stopped: not ready, cached pages still served; a figure seeded meanwhile comes after restart.
	clusterRun(t, "stop", "-dir", standbyDir)
	for _, base := range bases {
		if code, _ := readyz(base); code != http.StatusServiceUnavailable {
			t.Errorf("%s/readyz with the standby stopped: %d, want 503", base, code)
		}
		time.Sleep(1100 * time.Millisecond) // past the cache's version check: it finds the database gone
		if code, _, body := httpGet(t, base+page); code != http.StatusOK || !strings.Contains(body, "54.3") {
			t.Errorf("%s%s with the standby stopped: %d, has 54.3: %v", base, page, code, strings.Contains(body, "54.3"))
		}
	}
	if _, errOut, err := seedRun(t, primaryURL, observationsCSV(t, 2023, "52.7")); err != nil {
		t.Fatalf("seed on the primary: %v\n%s", err, errOut)
	}
	clusterRun(t, "start", "-dir", standbyDir)
	for _, base := range bases {
		waitUntilTrue(t, 30*time.Second, base+" recovers: ready and serving what the primary wrote meanwhile", func() bool {
			code, _ := readyz(base)
			_, _, body := httpGet(t, base+page)
			return code == http.StatusOK && strings.Contains(body, "52.7")
		})
	}

	// Writes pointed at the standby refuse before they start, naming the problem.
	_, _, err := seedRun(t, standbyURL, observationsCSV(t, 2024, "51.0"))
	if !errors.Is(err, db.ErrReadOnly) || !strings.Contains(err.Error(), "pg_is_in_recovery") || strings.Contains(err.Error(), "SQLSTATE") {
		t.Errorf("seed on the standby: %v, want the read-only refusal", err)
	}
	env, _, _ = testEnv(map[string]string{"DATABASE_URL": standbyURL})
	for _, args := range [][]string{{"migrate", "up"}, {"revert", "1"}, {"reader-role"}} {
		if err := run(ctx, args, env); !errors.Is(err, db.ErrReadOnly) || !strings.Contains(err.Error(), "pg_is_in_recovery") {
			t.Errorf("%s on the standby: %v, want the read-only refusal", strings.Join(args, " "), err)
		}
	}
}

func openDB(t *testing.T, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}
