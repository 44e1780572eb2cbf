// Package seed reads the files of figures dualcarbon loads (observations as
// CSV, the catalogue of indicators, targets, sources and events as YAML),
// validates them whole, and loads them in one transaction. It embeds the
// built-in dataset.
package seed

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
)

// Data is the built-in dataset: data/catalogue.yaml and data/observations.csv (national), data/barometers.yaml
// and data/provincial.csv (the provinces).
//
//go:embed data
var Data embed.FS

// Builtin returns the built-in dataset's files.
func Builtin() ([]Input, error) {
	var in []Input
	for _, name := range []string{"catalogue.yaml", "barometers.yaml", "observations.csv", "provincial.csv"} {
		b, err := fs.ReadFile(Data, path.Join("data", name))
		if err != nil {
			return nil, fmt.Errorf("built-in dataset: %w", err)
		}
		in = append(in, Input{Name: "builtin:" + name, Data: b, undatedOK: name == "provincial.csv"})
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

// Options control a load.
type Options struct {
	DryRun   bool   // run everything, report what would change, roll back
	Verbose  bool   // a dry run lists every change, row by row
	Encoding string // of every input: Auto (by content, the default), utf-8 or gb18030
	Limits   Limits // zero: DefaultLimits
	// Published is the publication date of rows that give none (-published);
	// without it, a row with no date is an error.
	Published string
	Sheet     string    // of a workbook: the sheet to read (empty: the first)
	Maps      []Mapping // -map: mappings of published tables, before the built-in ones
	// AllowUndated lets rows without a publication date through
	// (-allow-undated): for data stored before dates were required, such as an
	// export of it. They rank below every dated vintage of their figure.
	AllowUndated bool
	// Progress, if set, is called as a file is read, validated and staged
	// (one pass) with the bytes done of total, then once more before the
	// merge with phase "merge".
	Progress func(file, phase string, done, total int64)
}

// Load validates every input and loads them all in one transaction that
// holds the seed lock: catalogues first, then observations, each streamed
// from its file into a staging table and merged. Inputs with errors load
// nothing and the error is Errors, listing every problem.
func Load(ctx context.Context, d *db.DB, inputs []Input, o Options) ([]db.LoadResult, error) {
	var results []db.LoadResult
	err := d.Seed(ctx, db.SeedOptions{DryRun: o.DryRun, Verbose: o.Verbose}, func(tx *db.SeedTx) error {
		results = results[:0]
		l := &loader{tx: tx, o: o, limits: o.Limits.orDefault()}
		var err error
		results, err = l.run(ctx, inputs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// loader is one run over the inputs.
type loader struct {
	tx     *db.SeedTx
	o      Options
	limits Limits
	known  db.Known
	errs   Errors
	after  []func() // notes made once a file is read
}

func (l *loader) run(ctx context.Context, inputs []Input) ([]db.LoadResult, error) {
	var err error
	if l.known, err = l.tx.Known(ctx); err != nil {
		return nil, err
	}
	kinds := make([]string, len(inputs))
	for i, in := range inputs {
		if kinds[i], err = l.kind(in); err != nil {
			return nil, err
		}
	}
	var results []db.LoadResult
	for i, in := range inputs {
		if kinds[i] != kindCatalogue {
			continue
		}
		r, err := l.catalogue(ctx, in)
		if err != nil {
			return nil, err
		}
		if r != nil {
			results = append(results, *r)
		}
	}
	for i, in := range inputs {
		if kinds[i] == kindCatalogue {
			continue
		}
		r, err := l.observations(ctx, in, kinds[i])
		if err != nil {
			return nil, err
		}
		if r != nil {
			results = append(results, *r)
		}
	}
	if len(l.errs) > 0 {
		return nil, l.errs
	}
	return results, nil
}

// kind opens an input to tell what it holds by its first bytes.
func (l *loader) kind(in Input) (string, error) {
	r, err := in.read(nil)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return fileKind(r.head()), nil
}

// fail records the errors of one file; other errors end the run.
func (l *loader) fail(err error) error {
	var es Errors
	if errors.As(err, &es) {
		l.errs = append(l.errs, es...)
		return nil
	}
	return err
}

// catalogue reads a catalogue whole (it is small), validates and merges it.
func (l *loader) catalogue(ctx context.Context, in Input) (*db.LoadResult, error) {
	r, err := in.read(nil)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r.br, maxCatalogue+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Name, err)
	}
	if len(data) > maxCatalogue {
		return nil, l.fail(Errors{{File: in.Name, Line: 1, Column: 1, Field: "file", Reason: fmt.Sprintf("a catalogue over %d bytes: is this the right file?", maxCatalogue)}})
	}
	text, err := decodeAll(data, l.o.Encoding)
	if err != nil {
		return nil, l.fail(textErrors(in.Name, err))
	}
	c, err := ParseCatalogue(in.Name, text, l.known)
	if err != nil {
		return nil, l.fail(err)
	}
	c.SHA256 = checksum(data)
	for _, ind := range c.Indicators {
		l.known.Units[ind.Code], l.known.UnitsZH[ind.Code] = ind.Unit, ind.UnitZH
		delete(l.known.Ranges, ind.Code)
		if ind.RangeMin != "" {
			l.known.Ranges[ind.Code] = [2]string{ind.RangeMin, ind.RangeMax}
		}
	}
	if len(l.errs) > 0 {
		return nil, nil
	}
	res, err := l.tx.LoadCatalogue(ctx, c)
	if err != nil {
		return nil, l.fail(dbErrors(in.Name, err))
	}
	return &res, nil
}

func textErrors(file string, err error) error {
	var te *textError
	if errors.As(err, &te) {
		return Errors{{File: file, Line: te.line, Column: te.col, Field: te.fieldName(), Reason: te.reason}}
	}
	return err
}

// observations streams a file of observations into the staging table,
// validating each row on the way, then merges it if the run has no error.
func (l *loader) observations(ctx context.Context, in Input, kind string) (*db.LoadResult, error) {
	var progress func(int64)
	if l.o.Progress != nil {
		progress = func(done int64) { l.o.Progress(in.Name, "read", done, in.size()) }
	}
	r, err := in.read(progress)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	c := &collector{file: in.Name}
	var p *observationParser
	var notes []string
	switch kind {
	case kindOLE:
		x, name, err := readXLS(r.br, min(l.limits.MaxBytes, maxXLS), l.o.Sheet)
		if err != nil {
			return nil, l.fail(textErrors(in.Name, err))
		}
		shown := fmt.Sprintf("%s (sheet %s)", in.Name, name)
		c.file = shown
		recs, err := l.table(x, &notes)
		if err != nil {
			return nil, l.fail(textErrors(shown, err))
		}
		p = newRecordParser(c, recs, l.known, l.limits, l.o.Published)
		p.dateCells = true
	case kindZip:
		sheet, isSheet, err := l.sheet(in, progress)
		if err != nil {
			return nil, l.fail(textErrors(in.Name, err))
		}
		defer sheet.Close()
		p = newRecordParser(c, sheet, l.known, l.limits, l.o.Published)
		p.dateCells = isSheet
	default:
		text, err := decodeText(r.br, l.o.Encoding)
		if err != nil {
			return nil, l.fail(textErrors(in.Name, err))
		}
		recs, err := l.records(text, &notes)
		if err != nil {
			return nil, l.fail(textErrors(in.Name, err))
		}
		p = newRecordParser(c, recs, l.known, l.limits, l.o.Published)
	}
	p.undatedOK = in.undatedOK || l.o.AllowUndated
	next := func() (*db.ObservationRow, bool) { return &p.o, p.next() }
	n := 0
	if p.header() {
		if n, err = l.tx.StageObservations(ctx, next); err != nil {
			return nil, err
		}
		if n == 0 && len(c.errs) == 0 {
			c.add(2, 1, "file", "a header and no rows: an empty export is almost always the wrong file")
		}
	}
	if len(c.errs) == 0 {
		if err := l.duplicates(ctx, c); err != nil {
			return nil, err
		}
	}
	if err := l.fail(c.err()); err != nil || len(c.errs) > 0 || len(l.errs) > 0 {
		return nil, err
	}
	if l.o.Progress != nil {
		l.o.Progress(in.Name, "merge", in.size(), in.size())
	}
	if kind == kindZip { // the sheet was read from the file apart: the checksum reads it all
		if _, err := io.Copy(io.Discard, r.br); err != nil {
			return nil, fmt.Errorf("read %s: %w", in.Name, err)
		}
	}
	f := &db.ObservationFile{Name: in.Name, SHA256: r.checksum(), Sources: p.sources, Rows: n}
	res, err := l.tx.MergeObservations(ctx, f)
	if err != nil {
		return nil, l.fail(dbErrors(in.Name, err))
	}
	res.Skipped = p.Skipped
	for _, fn := range l.after {
		fn()
	}
	l.after = nil
	res.Notes = notes
	return &res, nil
}

// records reads the rows of a CSV text: an observations file as it is, a
// published table (OWID) through its mapping.
func (l *loader) records(text io.Reader, notes *[]string) (records, error) {
	return l.table(csvRecords(text, l.limits), notes)
}

// table reads the rows of a CSV or a legacy workbook's sheet: an
// observations file as it is, a published table (NBS, OWID) through its mapping.
func (l *loader) table(rec records, notes *[]string) (records, error) {
	first, err := rec.Read()
	if err != nil {
		return &replay{err: err, r: rec}, nil
	}
	first = slices.Clone(first)
	if isNBS(first) {
		maps, err := mappings("nbs", l.o.Maps)
		if err != nil {
			return nil, err
		}
		n, err := newNBS(rec, first, maps, l.known.Units, l.o.Published)
		if err != nil {
			return nil, err
		}
		l.after = append(l.after, func() {
			msg := "an NBS data portal export: " + fmt.Sprint(len(n.mapped)) + " indicators mapped"
			if len(n.Unmapped) > 0 {
				msg += fmt.Sprintf(", %d not mapped skipped (%s)", len(n.Unmapped), clip(strings.Join(n.Unmapped, ", ")))
			}
			*notes = append(*notes, msg)
		})
		return n, nil
	}
	if isWDI(first) {
		maps, err := mappings("wdi", l.o.Maps)
		if err != nil {
			return nil, err
		}
		w, err := newWDI(rec, first, maps, l.known.Units, l.o.Published)
		if err != nil {
			return nil, err
		}
		l.after = append(l.after, func() {
			msg := fmt.Sprintf("a World Bank WDI file (published %s): %d indicators mapped", w.published, len(w.mapped))
			if len(w.Unmapped) > 0 {
				msg += fmt.Sprintf(", %d not mapped skipped (%s)", len(w.Unmapped), clip(strings.Join(w.Unmapped, ", ")))
			}
			*notes = append(*notes, msg+", China's rows only")
		})
		return w, nil
	}
	if !isOWID(first) {
		return &replay{first: first, r: rec}, nil
	}
	maps, err := mappings("owid", l.o.Maps)
	if err != nil {
		return nil, err
	}
	o, err := newOWID(rec, first, maps, l.known.Units, l.o.Published)
	if err != nil {
		return nil, err
	}
	*notes = append(*notes, fmt.Sprintf("an Our World in Data file: %d columns mapped, %d not mapped skipped, China's rows only",
		len(o.cols), len(o.Unmapped)))
	return o, nil
}

// replay gives back the first record (or error) read, then the rest.
type replay struct {
	first []string
	err   error
	r     records
	done  bool
}

func (p *replay) Read() ([]string, error) {
	if !p.done {
		p.done = true
		if p.err != nil {
			return nil, p.err
		}
		return p.first, nil
	}
	return p.r.Read()
}

func (p *replay) FieldPos(i int) (int, int) { return p.r.FieldPos(i) }

// sheet opens the observations of a zip: a data package's observations.csv,
// or the sheet of a workbook (-sheet, or the first; isSheet), read from the
// file at the places its zip directory names.
func (l *loader) sheet(in Input, progress func(int64)) (_ recordsCloser, isSheet bool, _ error) {
	ra, size, closer, err := in.openAt()
	if err != nil {
		return nil, false, err
	}
	fail := func(err error) (recordsCloser, bool, error) {
		closer.Close()
		var te *textError
		if errors.As(err, &te) {
			return nil, false, err
		}
		return nil, false, &textError{line: 1, col: 1, field: "sheet", reason: err.Error()}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fail(fmt.Errorf("not a readable zip (.xlsx or a data package): %w", err))
	}
	dp, err := openDataPackage(zr, l.limits)
	if err != nil {
		return fail(fmt.Errorf("a data package: %w", err))
	}
	if dp != nil {
		dp.body = multiCloser{dp.body, closer}
		return dp, false, nil
	}
	var tell func(done, total int64)
	if l.o.Progress != nil {
		tell = func(done, total int64) { l.o.Progress(in.Name, "read", done*in.size()/max(total, 1), in.size()) }
	}
	x, err := openXLSX(ra, size, l.o.Sheet, l.limits, tell)
	if err != nil {
		return fail(err)
	}
	x.body = multiCloser{x.body, closer}
	return x, true, nil
}

// recordsCloser are records read from a part of a zip.
type recordsCloser interface {
	records
	io.Closer
}

type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var err error
	for _, c := range m {
		err = errors.Join(err, c.Close())
	}
	return err
}

// duplicates asks the staging table for rows with the key of an earlier one.
func (l *loader) duplicates(ctx context.Context, c *collector) error {
	dups, err := l.tx.StagedDuplicates(ctx, 100)
	if err != nil {
		return err
	}
	for _, d := range dups {
		c.add(d.Line, 1, "row", "duplicate of line %d (same indicator, region, year, month and source)", d.First)
	}
	return nil
}

func (in Input) size() int64 {
	if in.Open == nil {
		return int64(len(in.Data))
	}
	return in.Size
}

// checksum is the sha256 of a file as read, before any decoding.
func checksum(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
