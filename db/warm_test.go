package db_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// traced records the statements a connection runs and whether each succeeded.
type traced struct {
	mu   sync.Mutex
	sql  []string
	errs []error
}

func (tr *traced) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.sql = append(tr.sql, d.SQL)
	return ctx
}

func (tr *traced) TraceQueryEnd(_ context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.errs = append(tr.errs, d.Err)
}

// explains are the EXPLAIN statements run, and how many of them failed.
func (tr *traced) explains() (sql []string, failed int) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for i, s := range tr.sql {
		if strings.HasPrefix(s, "EXPLAIN ") {
			sql = append(sql, s)
			if tr.errs[i] != nil {
				failed++
			}
		}
	}
	return sql, failed
}

// warmUp runs the pool's warm-up on a new connection to url (ctx nil: background) and returns what it ran.
func warmUp(t *testing.T, url string, ctx context.Context) *traced {
	t.Helper()
	if ctx == nil {
		ctx = context.Background()
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	tr := &traced{}
	cfg.Tracer = tr
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if err := db.WarmUp(ctx, c); err != nil {
		t.Fatalf("warm-up: %v", err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("the connection is not usable after the warm-up: %v", err)
	}
	return tr
}

// A new connection plans the five statements of an indicator page and those the overview adds (EXPLAIN: no
// row read), every one against the current schema; on a database not migrated yet the warm-up stops at the first and the connection works.
func TestWarmUpPlansThePageStatements(t *testing.T) {
	explains, failed := warmUp(t, dbtest.URL(t), nil).explains()
	if len(explains) != 13 || failed != 0 {
		t.Fatalf("the warm-up planned %d statements, %d failed; want 13, none failed: %q", len(explains), failed, explains)
	}
	for _, want := range []string{"FROM data_versions", "FROM indicators WHERE code = $1", "o.indicator = $1 AND o.region = $2",
		"WHERE t.indicator = $1", "FROM events e", "FROM indicators ORDER BY", "FROM regions", "FROM assessments a",
		"FROM ratings", "FROM current_series WHERE region = $1", "FROM current_series WHERE indicator = $1",
		"FROM sources WHERE id = ANY($1)"} {
		if !strings.Contains(strings.Join(explains, "\n"), want) {
			t.Errorf("no warm-up statement has %q", want)
		}
	}

	if explains, failed := warmUp(t, dbtest.EmptyURL(t), nil).explains(); len(explains) != 1 || failed != 1 {
		t.Errorf("on an empty database the warm-up planned %d statements, %d failed; want 1 that fails", len(explains), failed)
	}
}

// A new connection does not wait behind a lock (a migration, a seed): the warm-up gives up and the connection
// is used as it is.
func TestWarmUpDoesNotWaitForLocks(t *testing.T) {
	url := dbtest.URL(t)
	ctx := context.Background()
	locker := dbtest.Open(t, url)
	tx, err := locker.Raw().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE indicators IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	// A hang guard, not a timing assertion: the warm-up would otherwise wait as long as the lock is held.
	hang, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	explains, failed := warmUp(t, url, hang).explains()
	if hang.Err() != nil {
		t.Fatal("the warm-up waited for the lock")
	}
	if len(explains) != 2 || failed != 1 {
		t.Errorf("behind a lock on indicators the warm-up planned %d statements, %d failed; want the data versions, then the indicator failing", len(explains), failed)
	}
}

// The pool warms every connection it opens: the parameterized statements of the warm-up are among those the
// connection keeps prepared (the others, without arguments, ran by the simple protocol).
func TestPoolConnectionsAreWarm(t *testing.T) {
	d := dbtest.New(t)
	var n int
	err := d.Raw().QueryRow(context.Background(),
		`SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'EXPLAIN %'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	// The indicator, its series, its targets, the events (each with its as-of date), every target (as of a
	// date), the two current reads and their sources.
	if n != 8 {
		t.Errorf("a connection of the pool has planned %d statements with arguments, want 8", n)
	}
}
