package seed

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
)

// The data package the dashboard serves (/export/dataset.zip, `dualcarbon
// export -format datapackage`): datapackage.json, sources.csv and
// observations.csv among others. Its observations load back: each row's
// source_id is looked up in sources.csv, month 0 is a yearly value, and the
// spreadsheet guard on text cells (a leading ' before = + - @) is taken off.
// Catalogue tables (indicators, targets, events) are not read from it.

// dpRecords turns the package's observations into records in the columns of
// an observations file.
type dpRecords struct {
	r       *csv.Reader
	body    io.Closer
	col     map[string]int
	sources map[string][4]string // id -> title, publisher, url, published
	rec     []string
	started bool
}

var dpFields = []string{"indicator", "region", "year", "month", "value", "flag", "source_title", "source_publisher",
	"source_url", "published", "note", "quote"}

// dpFrom is, for each field of dpFields, the package column it comes from.
var dpFrom = []string{"indicator", "region", "year", "month", "value", "flag", "source_id", "source_id", "source_id",
	"source_id", "note", "quote"}

// openDataPackage opens the observations of a data package; nil when the zip is not one.
func openDataPackage(zr *zip.Reader, l Limits) (*dpRecords, error) {
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[f.Name] = f
	}
	if parts["datapackage.json"] == nil {
		return nil, nil
	}
	obs, src := parts["data/observations.csv"], parts["data/sources.csv"]
	if obs == nil || src == nil {
		return nil, errors.New("a data package without data/observations.csv and data/sources.csv")
	}
	sources, err := readPackageSources(src, l)
	if err != nil {
		return nil, err
	}
	rc, err := obs.Open()
	if err != nil {
		return nil, fmt.Errorf("observations.csv: %w", err)
	}
	r := csv.NewReader(&recordLimit{r: rc, max: l.maxRecord()})
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("observations.csv: %w", err)
	}
	d := &dpRecords{r: r, body: rc, col: map[string]int{}, sources: sources}
	for i, h := range head {
		d.col[h] = i
	}
	for _, h := range dpFrom {
		if _, ok := d.col[h]; !ok {
			rc.Close()
			return nil, fmt.Errorf("observations.csv has no column %q", h)
		}
	}
	return d, nil
}

func readPackageSources(f *zip.File, l Limits) (map[string][4]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("sources.csv: %w", err)
	}
	defer rc.Close()
	r := csv.NewReader(&recordLimit{r: rc, max: l.maxRecord()})
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("sources.csv: %w", err)
	}
	idx := map[string]int{}
	for _, name := range []string{"id", "title", "publisher", "url", "published"} {
		if idx[name] = slices.Index(head, name); idx[name] < 0 {
			return nil, fmt.Errorf("sources.csv has no column %q", name)
		}
	}
	out := map[string][4]string{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("sources.csv: %w", err)
		}
		if len(out) == maxSources {
			return nil, fmt.Errorf("sources.csv: more than %d sources", maxSources)
		}
		out[rec[idx["id"]]] = [4]string{unguard(rec[idx["title"]]), unguard(rec[idx["publisher"]]), rec[idx["url"]], rec[idx["published"]]}
	}
}

func (d *dpRecords) Close() error { return d.body.Close() }

func (d *dpRecords) Read() ([]string, error) {
	if !d.started {
		d.started = true
		return dpFields, nil
	}
	rec, err := d.r.Read()
	if err != nil {
		return nil, err
	}
	get := func(name string) string {
		if i := d.col[name]; i < len(rec) {
			return rec[i]
		}
		return ""
	}
	src, ok := d.sources[get("source_id")]
	if !ok {
		line, col := d.r.FieldPos(d.col["source_id"])
		return nil, &textError{line: line, col: col, field: "source_id", reason: fmt.Sprintf("source %q is not in sources.csv", clip(get("source_id")))}
	}
	month := get("month")
	if month == "0" {
		month = ""
	}
	d.rec = append(d.rec[:0], get("indicator"), get("region"), get("year"), month, get("value"), unguard(get("flag")),
		src[0], src[1], src[2], src[3], unguard(get("note")), unguard(get("quote")))
	return d.rec, nil
}

// FieldPos is the place in observations.csv of the cell a field comes from.
func (d *dpRecords) FieldPos(i int) (int, int) {
	if !d.started || i >= len(dpFrom) {
		return 1, 1
	}
	return d.r.FieldPos(d.col[dpFrom[i]])
}
