package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	pgxv5 "github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dualcarbon/dualcarbon/migrations"
)

// ErrDirty means a migration failed halfway and the schema needs a manual fix.
var ErrDirty = errors.New("schema is dirty")

// SchemaVersion is the migration version this build expects.
func SchemaVersion() (uint, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	v, err := src.First()
	if err != nil {
		return 0, err
	}
	for {
		next, err := src.Next(v)
		if err != nil {
			return v, nil
		}
		v = next
	}
}

// Migrator runs the embedded migrations on one borrowed connection.
type Migrator struct {
	m    *migrate.Migrate
	fsys fs.FS
}

// NewMigrator prepares the embedded migrations against d. Always Close it: it
// holds a connection of the pool until then.
func (d *DB) NewMigrator(ctx context.Context) (*Migrator, error) {
	return d.NewMigratorFS(ctx, migrations.FS)
}

// NewMigratorFS prepares the migrations in fsys (tests use broken ones).
func (d *DB) NewMigratorFS(ctx context.Context, fsys fs.FS) (*Migrator, error) {
	src, err := iofs.New(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(d.pool)
	drv, err := pgx.WithInstance(sqlDB, &pgx.Config{})
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migration driver: %w", err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{m: m, fsys: fsys}, nil
}

// Close releases the connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Up applies every pending migration.
func (mg *Migrator) Up() error {
	return mg.explain(mg.m.Up(), "up")
}

// Down reverts n migrations.
func (mg *Migrator) Down(n int) error {
	return mg.explain(mg.m.Steps(-n), "down")
}

// Force sets the version without running anything, clearing the dirty flag.
func (mg *Migrator) Force(v int) error {
	return mg.m.Force(v)
}

// Version returns the current version and whether it is dirty (0 when none).
func (mg *Migrator) Version() (uint, bool, error) {
	v, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// explain turns a failure into a message that names the migration file and
// says how to recover. Each migration file runs as one implicit transaction,
// so PostgreSQL has rolled the failed one back; golang-migrate still marks the
// version dirty, and forcing it back is a human decision, never automatic.
func (mg *Migrator) explain(err error, direction string) error {
	if err == nil || errors.Is(err, migrate.ErrNoChange) {
		return nil
	}
	var dirty migrate.ErrDirty
	if errors.As(err, &dirty) {
		return recovery(dirty.Version, mg.previous(uint(dirty.Version)))
	}
	v, isDirty, verr := mg.m.Version()
	if verr != nil || !isDirty {
		return err
	}
	return fmt.Errorf("migration %s (version %d) failed: %v\n%w", mg.file(v, direction), v, err, recovery(int(v), mg.previous(v)))
}

func recovery(version, previous int) error {
	return fmt.Errorf("%w at version %d: the failed migration was rolled back, so the tables are as they were at version %d, "+
		"but the version is marked dirty. Fix the migration, then run `dualcarbon migrate force %d` and `dualcarbon migrate up`",
		ErrDirty, version, previous, previous)
}

// previous is the version before v, or -1 (no version) when v is the first.
func (mg *Migrator) previous(v uint) int { return previousIn(mg.fsys, v) }

// previousIn is the highest migration version in fsys below v, or -1.
func previousIn(fsys fs.FS, v uint) int {
	names, _ := fs.Glob(fsys, "*.up.sql")
	prev := -1
	for _, n := range names {
		var fv int
		if _, err := fmt.Sscanf(n, "%d_", &fv); err == nil && fv < int(v) && fv > prev {
			prev = fv
		}
	}
	return prev
}

// file names the migration file of version v.
func (mg *Migrator) file(v uint, direction string) string {
	names, _ := fs.Glob(mg.fsys, fmt.Sprintf("*.%s.sql", direction))
	for _, n := range names {
		var fv uint
		if _, err := fmt.Sscanf(n, "%d_", &fv); err == nil && fv == v {
			return n
		}
	}
	return fmt.Sprintf("version %d", v)
}

// CheckSchema returns nil when the schema is at the version this build expects
// and clean; otherwise an error that says what to run.
func (d *DB) CheckSchema(ctx context.Context) error {
	want, err := SchemaVersion()
	if err != nil {
		return err
	}
	v, dirty, err := d.SchemaState(ctx)
	var pgErr *pgconn.PgError
	switch {
	case errors.Is(err, pgxv5.ErrNoRows) || errors.As(err, &pgErr) && pgErr.Code == "42P01": // undefined_table
		return fmt.Errorf("%w: the database has no schema yet (run `dualcarbon migrate up`)", err)
	case err != nil: // the database is down or refuses us: migrating would not help
		return fmt.Errorf("the database did not answer: %w", err)
	}
	if dirty {
		return recovery(int(v), previousIn(migrations.FS, v))
	}
	if v != want {
		return fmt.Errorf("schema is at version %d, this build expects %d: run `dualcarbon migrate up`", v, want)
	}
	return nil
}

// SchemaState tells whether the schema is at version want and clean.
func (d *DB) SchemaState(ctx context.Context) (version uint, dirty bool, err error) {
	err = d.pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
	if err != nil {
		return 0, false, fmt.Errorf("read schema version: %w", err)
	}
	return version, dirty, nil
}
