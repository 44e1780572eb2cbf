package db_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

// Lost connections are retryable (what a PostgreSQL restart does to pooled connections: SQLSTATE 57P01;
// a server that refuses connections); the caller's deadline, bad SQL, constraint violations and "not
// found" are not.
func TestIsRetryable(t *testing.T) {
	d := dbtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	// A connection the server terminates, as a restart does: 57P01 admin_shutdown on its next query.
	conn, err := d.Raw().Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := conn.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Raw().Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	_, terminated := conn.Exec(ctx, `SELECT 1`)
	conn.Release()
	if terminated == nil {
		t.Fatal("a query on a terminated connection succeeded")
	}
	if !db.IsRetryable(terminated) || !db.IsRetryable(fmt.Errorf("load: %w", terminated)) {
		t.Errorf("terminated connection (%v): not retryable", terminated)
	}

	port, err := pgcluster.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	down, err := db.Open(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/x?sslmode=disable&connect_timeout=2", port))
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	refused := down.Ping(ctx)
	if refused == nil || !db.IsRetryable(refused) {
		t.Errorf("connection refused (%v): not retryable", refused)
	}

	_, syntax := d.Raw().Exec(ctx, `SELEC 1`)
	_, unique := d.Raw().Exec(ctx, `INSERT INTO regions (code, name_en, name_zh, level) VALUES ('CN', 'x', 'x', 'country')`)
	_, readOnly := d.Raw().Exec(ctx, `SET TRANSACTION READ ONLY; CREATE TABLE x (a int)`)
	short, cancelShort := context.WithTimeout(ctx, time.Millisecond)
	defer cancelShort()
	_, deadline := d.Raw().Exec(short, `SELECT pg_sleep(1)`)
	canceled, cancelNow := context.WithCancel(ctx)
	cancelNow()
	_, cancelled := d.Raw().Exec(canceled, `SELECT 1`)
	d.Close()
	_, closed := d.Indicators(ctx)
	for name, err := range map[string]error{"syntax error": syntax, "unique violation": unique, "read-only transaction": readOnly,
		"deadline": deadline, "canceled": cancelled, "closed pool": closed, "not found": db.ErrNotFound,
		"nil": nil, "other": errors.New("x")} {
		if db.IsRetryable(err) {
			t.Errorf("%s (%v): retryable", name, err)
		}
	}
}
