package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/seed"
)

// progressRows is the size of a file from which a terminal shows a progress bar.
const progressRows = 100_000

func seedCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("seed", env)
	dryRun := fs.Bool("dry-run", false, "report what would change, write nothing")
	encoding := fs.String("encoding", seed.UTF8, "encoding of the files: utf-8 or gb18030")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := seed.Decode(nil, *encoding); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	inputs, err := readInputs(fs.Args())
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	d, err := db.Open(ctx, env.databaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := requireWritable(ctx, d); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	opts := seed.Options{DryRun: *dryRun, Encoding: *encoding, Progress: progress(env.stderr)}
	results, err := seed.Load(ctx, d, inputs, opts)
	var errs seed.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(env.stderr, e)
		}
		return fmt.Errorf("seed: %d errors, nothing written", len(errs))
	}
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	report(env.stdout, results, *dryRun)
	return nil
}

// readInputs reads the files named, or the built-in dataset when none is.
func readInputs(names []string) ([]seed.Input, error) {
	if len(names) == 0 {
		return seed.Builtin()
	}
	var inputs []seed.Input
	for _, name := range names {
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".csv" && !seed.IsCatalogue(name) {
			return nil, fmt.Errorf("%s: want a .csv (observations) or .yaml/.yml (catalogue) file", name)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, seed.Input{Name: name, Data: b})
	}
	return inputs, nil
}

// report prints one line per file, and with -dry-run what would change.
func report(w io.Writer, results []db.LoadResult, dryRun bool) {
	for _, r := range results {
		c := r.Counts
		line := fmt.Sprintf("%s: %d inserted, %d updated, %d unchanged", r.File, c.Inserted, c.Updated, c.Unchanged)
		if len(r.Tables) > 1 {
			var parts []string
			for _, t := range r.Tables {
				parts = append(parts, fmt.Sprintf("%s %d/%d/%d", t.Table, t.Inserted, t.Updated, t.Unchanged))
			}
			line += " (" + strings.Join(parts, ", ") + ")"
		}
		if !c.Changed() {
			line += ": no change"
		}
		if dryRun {
			line = "dry run: " + line
		}
		fmt.Fprintln(w, line)
		for _, ch := range r.Changes {
			if ch.Line > 0 {
				fmt.Fprintf(w, "  %s:%d: %s: %s\n", r.File, ch.Line, ch.Key, ch.What)
			} else {
				fmt.Fprintf(w, "  %s: %s: %s\n", r.File, ch.Key, ch.What)
			}
		}
	}
	if dryRun {
		fmt.Fprintln(w, "dry run: nothing written")
	}
}

// progress shows a bar for large files when w is a terminal; scripts and
// logs get the summary lines only.
func progress(w io.Writer) func(string, int) func(int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(file string, rows int) func(int) {
		if rows < progressRows {
			return nil
		}
		bar := progressbar.NewOptions(rows, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(file),
			progressbar.OptionShowCount(), progressbar.OptionThrottle(100e6), progressbar.OptionClearOnFinish())
		return func(n int) { bar.Add(n) }
	}
}
