package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
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
	m *migrate.Migrate
}

// NewMigrator prepares migrations against d. Always Close it: it holds a
// connection of the pool until then.
func (d *DB) NewMigrator(ctx context.Context) (*Migrator, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(d.Pool)
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
	return &Migrator{m: m}, nil
}

// Close releases the connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Up applies every pending migration.
func (mg *Migrator) Up() error {
	return mg.explain(mg.m.Up())
}

// Down reverts n migrations.
func (mg *Migrator) Down(n int) error {
	return mg.explain(mg.m.Steps(-n))
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

func (mg *Migrator) explain(err error) error {
	if err == nil || errors.Is(err, migrate.ErrNoChange) {
		return nil
	}
	var dirty migrate.ErrDirty
	if errors.As(err, &dirty) {
		return fmt.Errorf("%w at version %d: a migration failed halfway; fix the database by hand, then run `dualcarbon migrate force %d` (the last version that applied cleanly) and `dualcarbon migrate up` again", ErrDirty, dirty.Version, dirty.Version-1)
	}
	return err
}

// SchemaState tells whether the schema is at version want and clean.
func (d *DB) SchemaState(ctx context.Context) (version uint, dirty bool, err error) {
	err = d.Pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
	if err != nil {
		return 0, false, fmt.Errorf("read schema version: %w", err)
	}
	return version, dirty, nil
}
