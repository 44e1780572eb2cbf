package main

import (
	"context"
	"fmt"

	"github.com/dualcarbon/dualcarbon/dashboard/coverage"
	"github.com/dualcarbon/dualcarbon/db"
)

// coverageCmd prints, for a region, each indicator's years with the standing of the source of each current
// figure, and how many current figures rest on each standing (docs/data.md keeps this output).
func coverageCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("coverage", env)
	region := fs.String("region", "CN", "the region to report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("coverage: unexpected argument %q", fs.Arg(0))
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	defer d.Close()
	r, err := coverageOf(ctx, d, *region)
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	return r.WriteMarkdown(env.stdout)
}

func coverageOf(ctx context.Context, d *db.DB, region string) (coverage.Report, error) {
	inds, err := d.Indicators(ctx)
	if err != nil {
		return coverage.Report{}, err
	}
	obs, err := d.YearlyObservations(ctx, region, "")
	if err != nil {
		return coverage.Report{}, err
	}
	codes := make([]string, len(inds))
	for i, in := range inds {
		codes[i] = in.Code
	}
	return coverage.Of(region, codes, obs), nil
}
