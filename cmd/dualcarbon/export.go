package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// exportCmd writes every vintage of the observations with their sources, in a
// stable order (two exports of the same data are byte-identical):
//
//	-format csv          the seed file format: `dualcarbon seed FILE` loads it back
//	-format json         one JSON array
//	-format datapackage  the Frictionless Data Package of /export/dataset.zip (the same bytes)
//
// -asof YYYY-MM-DD writes the data as it stood on that day (record.PublishedBy), as ?asof= does.
func exportCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("export", env)
	code := fs.String("indicator", "", "export this indicator only (default: all)")
	format := fs.String("format", "csv", "csv (the seed format), json or datapackage (a zip)")
	out := fs.String("o", "", "write to FILE (default: standard output)")
	asOfFlag := fs.String("asof", "", "the data as published by this day, YYYY-MM-DD (default: as it stands)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	asOf, err := record.ParseAsOf(*asOfFlag, time.Now())
	if err != nil {
		return fmt.Errorf("export: -asof: %w", err)
	}
	switch *format {
	case "csv", "json":
	case "datapackage":
		if *code != "" {
			return errors.New("export: -format datapackage holds every indicator; drop -indicator")
		}
	default:
		return fmt.Errorf("export: unknown format %q: want csv, json or datapackage", *format)
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer d.Close()
	if *code != "" {
		if _, err := d.Indicator(ctx, *code); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	write := func(w io.Writer) error { return writeExport(ctx, d, *format, *code, asOf, w) }
	if *out == "" {
		return write(env.stdout)
	}
	return writeFileAtomic(*out, write)
}

func writeExport(ctx context.Context, d *db.DB, format, code string, asOf record.AsOf, w io.Writer) error {
	switch format {
	case "datapackage":
		err := export.ReadDataset(ctx, d, asOf, func(ds export.Dataset) error { return export.WritePackage(w, ds) })
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	case "json":
		j, err := export.NewObservationJSON(w)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := d.ExportObservations(ctx, code, asOf, j.Write); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return j.Close()
	default:
		c, err := export.NewObservationCSV(w)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := d.ExportObservations(ctx, code, asOf, c.Write); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return c.Close()
	}
}

// writeFileAtomic writes name through a temporary file in the same directory,
// renamed into place only when everything was written: a failed export leaves
// no truncated file behind (and an existing one untouched).
func writeFileAtomic(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
