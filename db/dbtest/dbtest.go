// Package dbtest gives tests a real PostgreSQL: one throw-away cluster per test
// binary, started by Main, and a fresh migrated database per test.
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//	func TestX(t *testing.T) { d := dbtest.New(t) ... }
package dbtest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

var (
	started  sync.Once
	cluster  *pgcluster.Cluster
	startErr error
	template sync.Once
	tmplErr  error
	counter  atomic.Int64
)

// Main runs the tests and removes the cluster if one was started. The cluster
// starts on first use, so test binaries (and fuzzing workers) that never touch
// the database start none.
func Main(m *testing.M) {
	code := m.Run()
	if cluster != nil {
		if err := cluster.Destroy(); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest:", err)
		}
	}
	os.Exit(code)
}

// Cluster is the test binary's cluster (for tests that restart or inspect it).
func Cluster(t testing.TB) *pgcluster.Cluster {
	t.Helper()
	started.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cluster, startErr = pgcluster.Temp(ctx)
	})
	if startErr != nil {
		t.Fatalf("dbtest: %v", startErr)
	}
	return cluster
}

// URL creates an empty migrated database and returns its URL; it is dropped
// when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	return create(t, true)
}

// EmptyURL creates a database with no schema at all.
func EmptyURL(t testing.TB) string {
	t.Helper()
	return create(t, false)
}

// New opens a fresh migrated database.
func New(t testing.TB) *db.DB {
	t.Helper()
	return Open(t, URL(t))
}

// Open opens url and closes the pool when the test ends.
func Open(t testing.TB, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func create(t testing.TB, migrated bool) string {
	c := Cluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	from := "template0"
	if migrated {
		template.Do(func() { tmplErr = makeTemplate(ctx) })
		if tmplErr != nil {
			t.Fatal(tmplErr)
		}
		from = "dualcarbon_template"
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), counter.Add(1))
	admin := Open(t, c.URL("postgres"))
	if _, err := admin.Raw().Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, from)); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		a, err := db.Open(ctx, c.URL("postgres"))
		if err != nil {
			return
		}
		defer a.Close()
		a.Raw().Exec(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return c.URL(name)
}

func makeTemplate(ctx context.Context) error {
	admin, err := db.Open(ctx, cluster.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.Raw().Exec(ctx, `CREATE DATABASE dualcarbon_template TEMPLATE template0`); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	d, err := db.Open(ctx, cluster.URL("dualcarbon_template"))
	if err != nil {
		return err
	}
	defer d.Close()
	mg, err := d.NewMigrator(ctx)
	if err != nil {
		return err
	}
	if err := mg.Up(); err != nil {
		mg.Close()
		return fmt.Errorf("migrate template: %w", err)
	}
	return mg.Close()
}
