package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
)

func migrateCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("migrate", env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	args = fs.Args()
	if len(args) == 0 {
		return errors.New("migrate: want up, down N, version or force N")
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := requireWritable(ctx, d); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	mg, err := d.NewMigrator(ctx)
	if err != nil {
		return err
	}
	defer mg.Close()
	number := func() (int, error) {
		if len(args) != 2 {
			return 0, fmt.Errorf("migrate %s: want a number", args[0])
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("migrate %s: %q is not a number", args[0], args[1])
		}
		return n, nil
	}
	switch args[0] {
	case "up":
		if err := mg.Up(); err != nil {
			return fmt.Errorf("migrate up: %w", err)
		}
	case "down":
		n, err := number()
		if err != nil {
			return err
		}
		if err := mg.Down(n); err != nil {
			return fmt.Errorf("migrate down: %w", err)
		}
	case "force":
		n, err := number()
		if err != nil {
			return err
		}
		if err := mg.Force(n); err != nil {
			return fmt.Errorf("migrate force: %w", err)
		}
	case "version":
	default:
		return fmt.Errorf("migrate: unknown action %q", args[0])
	}
	v, dirty, err := mg.Version()
	if err != nil {
		return fmt.Errorf("migrate version: %w", err)
	}
	want, _ := db.SchemaVersion()
	state := "clean"
	if dirty {
		state = "dirty: a migration failed halfway; fix it by hand, then `dualcarbon migrate force N` and `migrate up`"
	}
	fmt.Fprintf(env.stdout, "schema version %d (this build expects %d), %s\n", v, want, state)
	return nil
}

// requireWritable refuses a read-only server (a hot standby) before a command that writes starts.
func requireWritable(ctx context.Context, d *db.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	return d.RequireWritable(ctx)
}
