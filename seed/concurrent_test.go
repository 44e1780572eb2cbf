package seed

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// obsFile makes n rows of coal_share by region and year, from one source, values offset by delta.
func obsFile(name, source string, n int, delta float64) Input {
	regions := []string{"CN", "CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-NM", "CN-LN", "CN-JL"}
	var rows []string
	for i := 0; i < n; i++ {
		rows = append(rows, fmt.Sprintf("coal_share,%s,%d,%d,%.1f,%%,,%s,,2021",
			regions[i%len(regions)], 1950+i/len(regions)/12, 1+i/len(regions)%12, 10+delta+float64(i%50), source))
	}
	return csvInput(name, rows...)
}

// runConcurrently loads each run in its own goroutine and connection pool.
func runConcurrently(t *testing.T, url string, runs ...[]Input) [][]db.LoadResult {
	var wg sync.WaitGroup
	results := make([][]db.LoadResult, len(runs))
	errs := make([]error, len(runs))
	for i, in := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Load(testContext(t), dbtest.Open(t, url), in, Options{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
	return results
}

// serial loads the runs one after the other in a fresh database and returns its content.
func serial(t *testing.T, runs ...[]Input) string {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	for _, in := range runs {
		load(t, d, Options{}, in...)
	}
	return content(t, d)
}

// Two seeds at once of different files (overlapping keys with other values)
// end as one run after the other, in one order or the other.
func TestConcurrentSeedsOfDifferentFiles(t *testing.T) {
	a := []Input{obsFile("a.csv", "Source", 3000, 0)}
	b := []Input{obsFile("b.csv", "Source", 3000, 0.5), obsFile("b2.csv", "Other source", 500, 0)}
	ab, ba := serial(t, a, b), serial(t, b, a)
	if ab == ba {
		t.Fatal("the test needs files whose order matters")
	}
	for i := 0; i < 3; i++ {
		url := dbtest.URL(t)
		d := dbtest.Open(t, url)
		load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
		runConcurrently(t, url, a, b)
		if got := content(t, d); got != ab && got != ba {
			t.Fatalf("concurrent result equals neither serial order:\n%s\nA,B:\n%s\nB,A:\n%s", got, ab, ba)
		}
	}
}

// Two seeds at once of the same file: one inserts every row, the other finds them all unchanged.
func TestConcurrentSeedsOfTheSameFile(t *testing.T) {
	in := []Input{obsFile("same.csv", "Source", 3000, 0)}
	want := serial(t, in, in)
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	res := runConcurrently(t, url, in, in)
	got := []db.Counts{res[0][0].Counts, res[1][0].Counts}
	if !(got[0] == db.Counts{Inserted: 3000} && got[1] == db.Counts{Unchanged: 3000}) &&
		!(got[1] == db.Counts{Inserted: 3000} && got[0] == db.Counts{Unchanged: 3000}) {
		t.Errorf("counts: %+v", got)
	}
	if c := content(t, d); c != want {
		t.Errorf("content:\n%s\nwant:\n%s", c, want)
	}
}

// A seed waits for the seed lock before it reads the catalogue it validates
// against: an indicator committed by the seed that held the lock is known to it.
func TestSeedWaitsForTheLockBeforeValidating(t *testing.T) {
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	ctx := testContext(t)
	tx, err := d.Raw().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, db.SeedLockKey); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO indicators (code, name_en, name_zh, unit, category, direction)
		VALUES ('late', 'Late', '迟', 't', 'ecology', 'up')`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(ctx, dbtest.Open(t, url), []Input{{Name: "late.csv",
			Data: []byte("indicator,year,value,source_title,published\nlate,2020,1,S,2021\n")}}, Options{})
		done <- err
	}()
	waitFor(t, d, `SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`)
	select {
	case err := <-done:
		t.Fatalf("seed ran while another held the seed lock: %v", err)
	default:
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("seed after the lock was released: %v", err)
	}
}

// waitFor polls query until it counts at least one row.
func waitFor(t *testing.T, d *db.DB, query string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if err := d.Raw().QueryRow(testContext(t), query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", strings.TrimSpace(query))
}
