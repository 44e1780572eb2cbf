package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
)

// runsCmd lists the seed runs, newest first: what `revert` can take back.
func runsCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("runs", env)
	n := fs.Int("n", 50, "how many runs, newest first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *n < 1 {
		return errors.New("runs: usage: dualcarbon runs [-n 50]")
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	runs, err := d.SeedRuns(ctx, *n)
	if err != nil {
		return fmt.Errorf("runs: %w", err)
	}
	fmt.Fprintln(env.stdout, "run\tstarted (UTC)\tkind\tinserted\tupdated\tunchanged\tsha256\tfile\tstate")
	for _, r := range runs {
		state := "in force"
		switch {
		case r.Reverts != nil:
			state = fmt.Sprintf("reverts run %d", *r.Reverts)
		case r.RevertedAt != nil:
			state = "reverted " + r.RevertedAt.UTC().Format(time.DateTime)
		}
		fmt.Fprintf(env.stdout, "%d\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\n", r.ID, r.StartedAt.UTC().Format(time.DateTime), r.Kind,
			r.Inserted, r.Updated, r.Unchanged, r.SHA256, r.FileName, state)
	}
	return nil
}

// revertCmd takes back what one seed run wrote.
func revertCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("revert", env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("revert: usage: dualcarbon revert RUN (the run's number in `dualcarbon runs`)")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("revert: %q is not a run number (see `dualcarbon runs`)", fs.Arg(0))
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := requireWritable(ctx, d); err != nil {
		return fmt.Errorf("revert: %w", err)
	}
	res, err := d.Revert(ctx, id)
	if err != nil {
		return fmt.Errorf("revert: %w", err)
	}
	if res.Run.Kind == "catalogue" {
		fmt.Fprintf(env.stdout, "run %d (%s) reverted: %d catalogue rows deleted, %d restored, %d sources deleted\n",
			id, res.Run.FileName, res.CatalogueDeleted, res.CatalogueRestored, res.Sources)
		return nil
	}
	fmt.Fprintf(env.stdout, "run %d (%s) reverted: %d observations deleted, %d restored, %d sources deleted\n",
		id, res.Run.FileName, res.Deleted, res.Restored, res.Sources)
	return nil
}
