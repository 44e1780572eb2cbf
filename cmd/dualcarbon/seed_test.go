package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

var (
	testCatalogue    = filepath.Join("..", "..", "seed", "testdata", "catalogue.yaml")
	testObservations = filepath.Join("..", "..", "seed", "testdata", "observations.csv")
)

func seedRun(t *testing.T, url string, args ...string) (string, string, error) {
	t.Helper()
	env, out, errOut := testEnv(map[string]string{"DATABASE_URL": url})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := run(ctx, append([]string{"seed"}, args...), env)
	return out.String(), errOut.String(), err
}

// dbState is the row count and an md5 of the rows of every table.
func dbState(t *testing.T, d *db.DB) string {
	t.Helper()
	s := ""
	for _, table := range []string{"indicators", "sources", "observations", "targets", "events", "seed_runs"} {
		var n int
		var sum string
		err := d.Raw().QueryRow(context.Background(), fmt.Sprintf(
			`SELECT count(*), coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM %s t`, table)).Scan(&n, &sum)
		if err != nil {
			t.Fatal(err)
		}
		s += fmt.Sprintf("%s %d %s\n", table, n, sum)
	}
	return s
}

func TestSeedCommand(t *testing.T) {
	url := dbtest.URL(t)
	out, errOut, err := seedRun(t, url, testObservations, testCatalogue)
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut)
	}
	want := testCatalogue + ": 9 inserted, 0 updated, 0 unchanged (sources 2/0/0, indicators 3/0/0, targets 2/0/0, events 2/0/0) [run 1]\n" +
		testObservations + ": 6 inserted, 0 updated, 0 unchanged (observations 6/0/0, sources 4/0/1) [run 2]\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	out, _, err = seedRun(t, url, testCatalogue, testObservations)
	if err != nil || strings.Count(out, ": no change [run ") != 2 {
		t.Errorf("second seed should say no change: %v\n%s", err, out)
	}
}

func TestSeedCommandDryRun(t *testing.T) {
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	if _, errOut, err := seedRun(t, url, testCatalogue); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	before := dbState(t, d)
	out, errOut, err := seedRun(t, url, "-dry-run", testObservations)
	if err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	for _, w := range []string{"dry run: " + testObservations + ": 6 inserted", "  coal_share CN: 3 new, 0 revised, 0 unchanged; 2 figures become current\n",
		"  total_energy CN-BJ: 1 new, 0 revised, 0 unchanged; 1 figures become current\n", "dry run: nothing written"} {
		if !strings.Contains(out, w) {
			t.Errorf("dry-run output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, testObservations+":2:") {
		t.Errorf("dry run without -v lists rows:\n%s", out)
	}
	out, errOut, err = seedRun(t, url, "-dry-run", "-v", testObservations)
	if err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	if after := dbState(t, d); after != before {
		t.Errorf("dry run wrote")
	}
	for _, w := range []string{"dry run: " + testObservations + ": 6 inserted",
		testObservations + ":2: coal_share CN 2019 'Statistical Communiqué 2019' 2020-02-28: new: 57.7",
		testObservations + ": coal_share CN 2019: becomes current: 57.7 ('Statistical Communiqué 2019' 2020-02-28), none before",
		"dry run: nothing written"} {
		if !strings.Contains(out, w) {
			t.Errorf("dry-run output lacks %q:\n%s", w, out)
		}
	}
}

func TestSeedCommandRefusesBadFiles(t *testing.T) {
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("indicator,year,value,source_title,published\nnope,2020,1,S,2021\ncoal_share,20,1%,S,2021\n"), 0o644)
	before := dbState(t, d)
	_, errOut, err := seedRun(t, url, testCatalogue, bad)
	if err == nil || !strings.Contains(err.Error(), "3 errors, nothing written") {
		t.Fatalf("want an error: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	want := []string{bad + `:2:1: indicator: unknown indicator "nope"`, bad + `:3:12: year: bad year "20": want four digits 1949-2100`,
		bad + `:3:15: value: bad number "1%": write the number without %`}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", errOut, strings.Join(want, "\n"))
	}
	if dbState(t, d) != before {
		t.Error("a refused seed wrote")
	}
	other := filepath.Join(dir, "data.txt")
	os.WriteFile(other, nil, 0o644)
	if _, errOut, err := seedRun(t, url, other); err == nil || !strings.Contains(errOut, other+":1:1: header: empty file") {
		t.Errorf("an empty file: %v %s", err, errOut)
	}
	if _, _, err := seedRun(t, url, "-encoding", "latin1", testCatalogue); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}

func TestSeedCommandBuiltin(t *testing.T) {
	url := dbtest.URL(t)
	out, errOut, err := seedRun(t, url)
	if err != nil {
		t.Fatalf("built-in dataset: %v\n%s", err, errOut)
	}
	re := regexp.MustCompile(`(?m)^builtin:(catalogue\.yaml|observations\.csv): [1-9][0-9]* inserted, 0 updated, 0 unchanged`)
	if n := len(re.FindAllString(out, -1)); n != 2 {
		t.Errorf("output:\n%s", out)
	}
}

// TestSeedChild is the seed process TestSeedKilled kills: it runs only when
// that test starts it.
func TestSeedChild(t *testing.T) {
	args := os.Getenv("DUALCARBON_SEED_CHILD")
	if args == "" {
		return
	}
	env := environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if err := run(context.Background(), strings.Split(args, "\x1f"), env); err != nil {
		t.Fatal(err)
	}
}

// A seed killed with SIGKILL in the middle of its load, after it wrote
// sources and staged its rows, leaves the database as it was.
func TestSeedKilled(t *testing.T) {
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	ctx := context.Background()
	if _, errOut, err := seedRun(t, url, testCatalogue, testObservations); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	big := filepath.Join(t.TempDir(), "big.csv")
	var b strings.Builder
	b.WriteString("indicator,region,year,month,value,source_title,source_url,published\n")
	for i := 0; i < 50000; i++ {
		fmt.Fprintf(&b, "coal_share,CN,%d,%d,%d.5,Big source %d,,2024\n", 1950+i/12%150, 1+i%12, i%100, i/1800)
	}
	// And an update of a row loaded before.
	b.WriteString("coal_share,CN,2019,,57.6,Statistical Communiqué 2019,https://example.org/communique-2019,2020-02-28\n")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	before := dbState(t, d)

	// Hold the merge back: the seed blocks at its merge into observations,
	// with its sources written and its rows staged (the merge's text, UPDATE then INSERT).
	tx, err := d.Raw().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE observations IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestSeedChild$", "-test.count=1")
	child.Env = append(os.Environ(), "DATABASE_URL="+url, "DUALCARBON_SEED_CHILD=seed\x1f"+big)
	var childOut strings.Builder
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	waitUntil(t, d, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
		AND query LIKE '%UPDATE observations o%'`, &childOut)
	var locks int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted`).Scan(&locks); err != nil || locks != 1 {
		t.Fatalf("the seed should hold its lock mid-load: %d %v", locks, err)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	tx.Rollback(ctx)
	waitUntil(t, d, `SELECT 1 - count(*) FROM pg_stat_activity WHERE query LIKE '%UPDATE observations o%'
		AND pid <> pg_backend_pid()`, &childOut)
	if after := dbState(t, d); after != before {
		t.Errorf("a killed seed changed the database:\n%s\n%s", before, after)
	}
	// The lock went with the dead session: the next seed runs.
	if out, errOut, err := seedRun(t, url, big); err != nil || !strings.Contains(out, "50000 inserted, 1 updated") {
		t.Errorf("seed after the kill: %v %s %s", err, out, errOut)
	}
}

// waitUntil polls query until it counts at least one.
func waitUntil(t *testing.T, d *db.DB, query string, log fmt.Stringer) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var n int
		if err := d.Raw().QueryRow(context.Background(), query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatalf("timed out waiting for %s\n%s", query, log)
}
