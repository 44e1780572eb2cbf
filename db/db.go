// Package db holds the connection pool, the plain data types of dualcarbon and
// every SQL statement. It is the only package that imports pgx.
package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// DB owns the pool and every query.
type DB struct {
	pool *pgxpool.Pool
}

// Raw is the pool itself, for tests and the benchmark tool that run SQL of their own (fixtures beyond
// db/dbtest's builders, checks of what was written, bulk data at scale). The program's code goes through DB's
// methods: every statement it runs is in package db.
func (d *DB) Raw() *pgxpool.Pool { return d.pool }

// Open connects to the database at url (empty: the PG* environment variables).
// It does not wait for the server: the pool connects on first use.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	cfg.HealthCheckPeriod = 5 * time.Second
	if cfg.PingTimeout == 0 {
		// A connection idle for over a second is pinged before use (pgxpool's default), which drops those a
		// PostgreSQL restart broke; a server that stopped answering must not hold the acquire for long.
		cfg.PingTimeout = time.Second
	}
	cfg.AfterConnect = warmUp
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return &DB{pool: pool}, nil
}

// warmStatements are what an indicator page asks, in its order: the data versions, the indicator, its series,
// its targets and the events; then what the overview adds: every indicator and target, the regions and the
// published assessments of the provinces line; then the current yearly values of the overview and the
// provincial map and their sources (migrations/0017; last, so a database without them still plans the
// others). Each with arguments that match nothing.
var warmStatements = []struct {
	sql  string
	args []any
}{
	{dataVersionsAll, nil},
	{indicatorByCode, []any{""}},
	{observationsOfSeries, []any{"", "", ""}},
	{targetsOfIndicator, []any{"", ""}},
	{eventsAll, []any{""}},
	{indicatorsAll, nil},
	{targetsAll, []any{""}},
	{regionsAll, nil},
	{assessmentsAll, nil},
	{ratingsAll, nil},
	{currentOfRegion, []any{""}},
	{currentOfIndicator, []any{""}},
	{currentSources, []any{[]int64{}}},
}

// warmUp plans the statements of an indicator page on a new connection, as EXPLAIN does: PostgreSQL loads the
// catalogue entries, statistics and index metapages of the tables they name, and reads none of their rows.
// Without it the first page served after a restart spends most of its time there (docs/performance.md); with
// it that time goes to the readiness probe that opens the first connection. It never waits for a lock (a
// migration or a seed holding one): lock_timeout ends it. A statement that cannot be planned (a lock held, a
// schema not migrated yet, which the caller reports) ends the warm-up and the connection is used as it is; a
// connection that broke is not.
func warmUp(ctx context.Context, c *pgx.Conn) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("warm up connection: %w", err)
	}
	plan(ctx, tx)
	if err := tx.Rollback(ctx); err != nil { // it changed nothing
		return fmt.Errorf("warm up connection: %w", err)
	}
	return nil
}

// plan runs EXPLAIN of each warm statement until one fails.
func plan(ctx context.Context, tx pgx.Tx) {
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '50ms'`); err != nil {
		return
	}
	for _, w := range warmStatements {
		if _, err := tx.Exec(ctx, "EXPLAIN "+w.sql, w.args...); err != nil {
			return
		}
	}
}

// Close closes the pool.
func (d *DB) Close() { d.pool.Close() }

// PoolStats are the pool's figures for /metrics, in plain numbers.
type PoolStats struct {
	AcquiredConns, IdleConns, TotalConns, MaxConns int32
	AcquireCount, CanceledAcquireCount             int64
	AcquireDuration                                time.Duration // total time spent waiting in Acquire
}

// Stats is a snapshot of the pool's figures.
func (d *DB) Stats() PoolStats {
	s := d.pool.Stat()
	return PoolStats{
		AcquiredConns: s.AcquiredConns(), IdleConns: s.IdleConns(), TotalConns: s.TotalConns(), MaxConns: s.MaxConns(),
		AcquireCount: s.AcquireCount(), CanceledAcquireCount: s.CanceledAcquireCount(),
		AcquireDuration: s.AcquireDuration(),
	}
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.pool.Ping(ctx)
}

// EnsureDatabase creates the database name on d's server unless it exists.
func (d *DB) EnsureDatabase(ctx context.Context, name string) error {
	_, err := d.pool.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if err != nil && !(errors.As(err, &pgErr) && pgErr.Code == "42P04") { // duplicate_database
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}
