package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
)

func testEnv(getenv map[string]string) (environment, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return environment{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return getenv[k] },
	}, &out, &errOut
}

// `make run` starts the private cluster, a second run reuses it, db-stop stops
// it; a checkout the postgres user cannot reach gets its cluster elsewhere.
func TestClusterStartReuseStop(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	if os.Geteuid() == 0 {
		// Like a checkout under /root: the server's user cannot traverse it.
		if err := os.Chmod(parent, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(parent, ".pgdata")
	start := func() string {
		t.Helper()
		env, out, errOut := testEnv(nil)
		if err := run(ctx, []string{"cluster", "start", "-dir", dir}, env); err != nil {
			t.Fatalf("cluster start: %v\n%s", err, errOut)
		}
		return strings.TrimSpace(out.String())
	}
	url := start()
	t.Cleanup(func() {
		env, _, _ := testEnv(nil)
		run(context.Background(), []string{"cluster", "stop", "-dir", dir}, env)
		if target, err := filepath.EvalSymlinks(dir); err == nil {
			os.RemoveAll(target)
		}
	})
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Raw().Exec(ctx, `CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if os.Geteuid() == 0 {
		fi, err := os.Lstat(dir)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("as root under a private parent, %s should link to a reachable place: %v %v", dir, fi, err)
		}
	}
	if again := start(); again != url {
		t.Fatalf("second start gave %s, first %s", again, url)
	}
	env, _, errOut := testEnv(nil)
	if err := run(ctx, []string{"cluster", "stop", "-dir", dir}, env); err != nil {
		t.Fatalf("stop: %v %s", err, errOut)
	}
	url = start()
	d, err = db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var x int
	if err := d.Raw().QueryRow(ctx, `SELECT x FROM kept`).Scan(&x); err != nil || x != 42 {
		t.Fatalf("data not kept across restarts: %d %v", x, err)
	}
}
