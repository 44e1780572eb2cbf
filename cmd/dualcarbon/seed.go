package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/seed"
)

// progressBytes is the size of a file from which seed shows its progress.
const progressBytes = 8 << 20

func seedCmd(ctx context.Context, args []string, env environment) error {
	fs := newFlagSet("seed", env)
	dryRun := fs.Bool("dry-run", false, "report what would change, per indicator and region; write nothing")
	verbose := fs.Bool("v", false, "with -dry-run, list every change row by row")
	encoding := fs.String("encoding", seed.Auto, "encoding of the files: utf-8 or gb18030 (default: chosen by content)")
	maxBytes := fs.Int64("max-bytes", seed.DefaultLimits.MaxBytes, "refuse a file larger than this many bytes")
	maxField := fs.Int("max-field", seed.DefaultLimits.MaxField, "refuse a cell longer than this many bytes")
	published := fs.String("published", "", "publication date (YYYY-MM-DD) of the rows that give none")
	undated := fs.Bool("allow-undated", false, "accept rows without a publication date (data stored before dates were required)")
	mapFile := fs.String("map", "", "a mapping (YAML) of a published table's columns to indicators, before the built-in ones")
	sheet := fs.String("sheet", "", "of a workbook (.xlsx or .xls): the sheet to read (default: the first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *published != "" {
		if err := seed.CheckPublished(*published); err != nil {
			return fmt.Errorf("seed: -published: %w", err)
		}
	}
	if err := seed.CheckEncoding(*encoding); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	limits := seed.Limits{MaxBytes: *maxBytes, MaxField: *maxField}
	var maps []seed.Mapping
	if *mapFile != "" {
		m, err := readMapping(*mapFile)
		if err != nil {
			return seedErrors(env, err)
		}
		maps = append(maps, m)
	}
	inputs, err := openInputs(fs.Args(), limits)
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
	opts := seed.Options{DryRun: *dryRun, Verbose: *verbose, Encoding: *encoding, Limits: limits, Published: *published, Sheet: *sheet,
		AllowUndated: *undated, Maps: maps,
		Progress: progress(env.stderr)}
	results, err := seed.Load(ctx, d, inputs, opts)
	if err != nil {
		return seedErrors(env, err)
	}
	report(env.stdout, results, *dryRun)
	return nil
}

// seedErrors prints the problems of the files, one a line, and says nothing was written.
func seedErrors(env environment, err error) error {
	var errs seed.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(env.stderr, e)
		}
		return fmt.Errorf("seed: %d errors, nothing written", len(errs))
	}
	return fmt.Errorf("seed: %w", err)
}

// readMapping reads a -map file, a regular file within the limits of a catalogue.
func readMapping(name string) (seed.Mapping, error) {
	in, err := seed.OpenFile(name, seed.Limits{MaxBytes: 1 << 20})
	if err != nil {
		return seed.Mapping{}, err
	}
	rc, err := in.Open()
	if err != nil {
		return seed.Mapping{}, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return seed.Mapping{}, err
	}
	return seed.ParseMapping(name, b)
}

// openInputs checks the files named (regular files within the limits), or
// gives the built-in dataset when none is. What a file holds is told by its
// content, not its name.
func openInputs(names []string, l seed.Limits) ([]seed.Input, error) {
	if len(names) == 0 {
		return seed.Builtin()
	}
	var inputs []seed.Input
	for _, name := range names {
		in, err := seed.OpenFile(name, l)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// report prints one line per file, with -dry-run what would change per
// indicator and region, and with -v row by row.
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
		} else if r.Run > 0 {
			line += fmt.Sprintf(" [run %d]", r.Run)
		}
		fmt.Fprintln(w, line)
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s\n", n)
		}
		if r.Skipped > 0 {
			fmt.Fprintf(w, "  %d rows that are not stored observations skipped (derived series, trajectories, targets)\n", r.Skipped)
		}
		if r.Older > 0 {
			fmt.Fprintf(w, "  %d rows are older vintages: a later publication already loaded stays the current value\n", r.Older)
		}
		for _, m := range r.Summary {
			older := ""
			if m.Older > 0 {
				older = fmt.Sprintf(" (%d of them older vintages)", m.Older)
			}
			fmt.Fprintf(w, "  %s %s: %d new%s, %d revised, %d unchanged; %d figures become current\n",
				m.Indicator, m.Region, m.New, older, m.Revised, m.Unchanged, m.Current)
		}
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

// progress shows a bar for large files when w is a terminal, and otherwise
// (a log, a script) a line every 10 % of the file: reading, validating and
// staging are one pass over it, then the merge.
func progress(w io.Writer) func(file, phase string, done, total int64) {
	f, isFile := w.(*os.File)
	tty := isFile && term.IsTerminal(int(f.Fd()))
	var bar *progressbar.ProgressBar
	var barFile string
	lastTenth := map[string]int64{}
	return func(file, phase string, done, total int64) {
		if total < progressBytes {
			return
		}
		if phase == "merge" {
			if bar != nil {
				bar.Finish()
				bar = nil
			}
			fmt.Fprintf(w, "seed: %s: read, validated and staged; merging\n", file)
			return
		}
		if tty {
			if bar == nil || barFile != file {
				bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(file+" (read, validate, stage)"),
					progressbar.OptionShowBytes(true), progressbar.OptionThrottle(100e6), progressbar.OptionClearOnFinish())
				barFile = file
			}
			bar.Set64(done)
			return
		}
		if tenth := done * 10 / total; tenth > lastTenth[file] {
			lastTenth[file] = tenth
			fmt.Fprintf(w, "seed: %s: %d%% read, validated and staged\n", file, tenth*10)
		}
	}
}
