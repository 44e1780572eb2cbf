// Package seed reads the files of figures dualcarbon loads (observations as
// CSV, the catalogue of indicators, targets, sources and events as YAML),
// validates them whole, and loads them in one transaction. It embeds the
// built-in dataset.
package seed

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
)

// Data is the built-in dataset: data/catalogue.yaml and data/observations.csv (national), data/barometers.yaml
// and data/provincial.csv (the provinces).
//
//go:embed data
var Data embed.FS

// Input is one file to load, as read from disk.
type Input struct {
	Name string // shown in messages and recorded in seed_runs
	Data []byte
}

// Builtin returns the built-in dataset's files.
func Builtin() ([]Input, error) {
	var in []Input
	for _, name := range []string{"catalogue.yaml", "barometers.yaml", "observations.csv", "provincial.csv"} {
		b, err := fs.ReadFile(Data, path.Join("data", name))
		if err != nil {
			return nil, fmt.Errorf("built-in dataset: %w", err)
		}
		in = append(in, Input{Name: "builtin:" + name, Data: b})
	}
	return in, nil
}

// LoadBuiltin loads the built-in dataset, as `dualcarbon seed` with no file does.
func LoadBuiltin(ctx context.Context, d *db.DB, o Options) ([]db.LoadResult, error) {
	inputs, err := Builtin()
	if err != nil {
		return nil, err
	}
	return Load(ctx, d, inputs, o)
}

// IsCatalogue tells catalogues (.yaml, .yml) from observations (.csv).
func IsCatalogue(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Options control a load.
type Options struct {
	DryRun   bool   // run everything, report what would change, roll back
	Encoding string // of every input: utf-8 (default) or gb18030
	// Progress, if set, is called before copying a file's rows and returns
	// a function told how many more rows were copied.
	Progress func(file string, rows int) func(n int)
}

// Load validates every input and loads them all in one transaction that
// holds the seed lock: catalogues first, then observations. Inputs with
// errors load nothing and the error is Errors, listing every problem.
func Load(ctx context.Context, d *db.DB, inputs []Input, o Options) ([]db.LoadResult, error) {
	var results []db.LoadResult
	err := d.Seed(ctx, o.DryRun, func(tx *db.SeedTx) error {
		cats, obs, err := parse(ctx, tx, inputs, o.Encoding)
		if err != nil {
			return err
		}
		results = results[:0]
		for _, c := range cats {
			r, err := tx.LoadCatalogue(ctx, c)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		for _, f := range obs {
			tx.SetProgress(nil)
			if o.Progress != nil {
				tx.SetProgress(o.Progress(f.Name, len(f.Rows)))
			}
			r, err := tx.LoadObservations(ctx, f)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// parse validates the inputs against the database's catalogue, which the
// catalogues among them extend.
func parse(ctx context.Context, tx *db.SeedTx, inputs []Input, encoding string) ([]*db.CatalogueFile, []*db.ObservationFile, error) {
	known, err := tx.Known(ctx)
	if err != nil {
		return nil, nil, err
	}
	var errs Errors
	collect := func(err error) error {
		if es, ok := err.(Errors); ok {
			errs = append(errs, es...)
			return nil
		}
		return err
	}
	var cats []*db.CatalogueFile
	for _, in := range inputs {
		if !IsCatalogue(in.Name) {
			continue
		}
		c, err := parseInput(in, encoding, known, ParseCatalogue)
		if err := collect(err); err != nil {
			return nil, nil, err
		}
		if c != nil {
			c.SHA256 = checksum(in.Data)
			cats = append(cats, c)
			for _, ind := range c.Indicators {
				known.Units[ind.Code] = ind.Unit
			}
		}
	}
	var obs []*db.ObservationFile
	for _, in := range inputs {
		if IsCatalogue(in.Name) {
			continue
		}
		f, err := parseInput(in, encoding, known, ParseObservations)
		if err := collect(err); err != nil {
			return nil, nil, err
		}
		if f != nil {
			f.SHA256 = checksum(in.Data)
			obs = append(obs, f)
		}
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return cats, obs, nil
}

func parseInput[T any](in Input, encoding string, known db.Known, parse func(string, []byte, db.Known) (*T, error)) (*T, error) {
	text, err := Decode(in.Data, encoding)
	if err != nil {
		return nil, Errors{{File: in.Name, Line: 1, Column: 1, Field: "encoding", Reason: err.Error()}}
	}
	return parse(in.Name, text, known)
}

// checksum is the sha256 of a file as read, before any decoding.
func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
