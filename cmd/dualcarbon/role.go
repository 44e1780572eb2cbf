package main

import (
	"context"
	"fmt"

	"github.com/dualcarbon/dualcarbon/db"
)

// readerRoleCmd creates the read-only role the dashboard can run as; the
// password comes from DUALCARBON_READER_PASSWORD so it never shows in a
// process list or a shell history.
func readerRoleCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("reader-role", env)
	name := fs.String("name", "dualcarbon_web", "name of the read-only login role")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := requireWritable(ctx, d); err != nil {
		return fmt.Errorf("reader-role: %w", err)
	}
	if err := d.CreateReaderRole(ctx, *name, env.getenv("DUALCARBON_READER_PASSWORD")); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "role %s can read every table and write none; serve with DATABASE_URL=postgres://%s@HOST/DB\n", *name, *name)
	return nil
}
