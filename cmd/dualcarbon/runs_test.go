package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

func cmdRun(t *testing.T, url string, args ...string) (string, string, error) {
	t.Helper()
	env, out, errOut := testEnv(map[string]string{"DATABASE_URL": url})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err := run(ctx, args, env)
	return out.String(), errOut.String(), err
}

// runs lists what seed wrote; revert takes one run back, and refuses a run
// that later runs built on, naming them.
func TestRunsAndRevert(t *testing.T) {
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	if _, errOut, err := seedRun(t, url, testCatalogue, testObservations); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	before := dbState(t, d)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte("indicator,year,value,source_title,published\ncoal_share,2019,57.5,Statistical Communiqué 2019,2020-02-28\n"), 0o644)
	os.WriteFile(b, []byte("indicator,year,value,source_title,published\ncoal_share,2019,57.4,Statistical Communiqué 2019,2020-02-28\n"), 0o644)
	for _, f := range []string{a, b} {
		if _, errOut, err := seedRun(t, url, f); err != nil {
			t.Fatalf("%v %s", err, errOut)
		}
	}
	out, _, err := cmdRun(t, url, "runs")
	if err != nil || !strings.Contains(out, "\t"+a+"\tin force\n") || !strings.Contains(out, "\n4\t") {
		t.Fatalf("runs: %v\n%s", err, out)
	}
	if _, _, err := cmdRun(t, url, "revert", "3"); err == nil || !strings.Contains(err.Error(), "run 4 ("+b+")") {
		t.Errorf("revert under a later run: %v", err)
	}
	for _, c := range []struct{ id, want string }{
		{"4", "reverted: 0 observations deleted, 1 restored, 0 sources deleted"},
		{"3", "reverted: 1 observations deleted, 0 restored, 1 sources deleted"}, // a new source: no URL
	} {
		out, errOut, err := cmdRun(t, url, "revert", c.id)
		if err != nil || !strings.Contains(out, c.want) {
			t.Fatalf("revert %s: %v %s %s", c.id, err, out, errOut)
		}
	}
	out, _, _ = cmdRun(t, url, "runs")
	if !strings.Contains(out, "reverts run 3\n") || !strings.Contains(out, "\t"+a+"\treverted ") {
		t.Errorf("runs after revert:\n%s", out)
	}
	// The data is as before a and b; only seed_runs grew.
	trim := func(s string) string { return s[:strings.Index(s, "seed_runs")] }
	if after := dbState(t, d); trim(after) != trim(before) {
		t.Errorf("revert left the data changed:\n%s\n%s", before, after)
	}
	if _, _, err := cmdRun(t, url, "revert", "x"); err == nil || !strings.Contains(err.Error(), "not a run number") {
		t.Errorf("revert x: %v", err)
	}

	// A catalogue run: refused under the observations of its indicators; another one that renamed an
	// indicator is taken back.
	if _, _, err := cmdRun(t, url, "revert", "1"); err == nil || !strings.Contains(err.Error(), "run 2 (") {
		t.Errorf("revert the catalogue under its observations: %v", err)
	}
	orig, err := os.ReadFile(testCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(dir, "renamed.yaml")
	os.WriteFile(renamed, []byte(strings.Replace(string(orig), `name_en: "Coal share"`, `name_en: "Coal share, renamed"`, 1)), 0o644)
	if _, errOut, err := seedRun(t, url, renamed); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	out, errOut, err := cmdRun(t, url, "revert", "7")
	if err != nil || !strings.Contains(out, "run 7 ("+renamed+") reverted: 0 catalogue rows deleted, 1 restored, 0 sources deleted") {
		t.Fatalf("revert the catalogue run: %v %s %s", err, out, errOut)
	}
	if after := dbState(t, d); trim(after) != trim(before) {
		t.Errorf("the catalogue revert left the data changed:\n%s\n%s", before, after)
	}
}

// What is not a file of figures is refused before anything is read or
// written: a device behind a .csv name, a directory.
func TestSeedCommandRefusesNonFiles(t *testing.T) {
	url := dbtest.URL(t)
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.csv")
	os.Symlink("/dev/zero", zero)
	for _, c := range []struct{ file, want string }{
		{zero, "(-> /dev/zero): not a regular file: a character device"},
		{dir, "not a regular file: a directory"},
	} {
		if _, _, err := seedRun(t, url, c.file); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.file, err)
		}
	}
}
