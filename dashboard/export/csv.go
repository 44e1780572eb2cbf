// Package export writes what users take away: observations in the seed file
// format (CSV) and as JSON, the data behind one chart as CSV, JSON and XLSX,
// and the whole dataset as a Frictionless Data Package. Every writer takes
// plain data and an io.Writer; none does I/O of its own, so the command line
// and the server write the same bytes.
//
// Strings from the database are untrusted: text cells of spreadsheet formats
// are neutralised against formula injection (Neutralise), JSON is written by
// encoding/json with HTML escaping on.
package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// BOM makes Excel read a CSV file as UTF-8 (Chinese text intact). The seed
// loader strips it.
const BOM = "\uFEFF"

// Neutralise defuses a text cell a spreadsheet would run as a formula: one
// starting with = + - @, a tab or a carriage return gets a leading apostrophe
// (OWASP's advice). Apply it to text columns only: numbers are never altered,
// so a negative value stays a number.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ObservationColumns is the header of an observations file in the seed format
// (the README's "Observations CSV"), in the order exports write it.
var ObservationColumns = []string{"indicator", "region", "year", "month", "value", "unit", "flag",
	"source_title", "source_publisher", "source_url", "published", "note", "quote", "source_standing"}

// ObservationCSV writes observations in the seed format: a file that
// `dualcarbon seed` loads back into the same rows (the round trip). It is the
// data verbatim, with no byte-order mark and no neutralisation, because it is
// the format for moving data between databases; the web downloads meant for
// spreadsheets (chart CSV, data package) are neutralised.
type ObservationCSV struct {
	bw  *bufio.Writer
	w   *csv.Writer
	rec []string
}

// NewObservationCSV writes the header to w.
func NewObservationCSV(w io.Writer) (*ObservationCSV, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &ObservationCSV{bw: bw, w: csv.NewWriter(bw), rec: make([]string, len(ObservationColumns))}
	if err := c.w.Write(ObservationColumns); err != nil {
		return nil, err
	}
	return c, nil
}

// Write writes one row. A yearly value has an empty month, as the loader wants.
func (c *ObservationCSV) Write(r *record.ExportRow) error {
	rec := c.rec
	rec[0], rec[1], rec[2], rec[3] = r.Indicator, r.Region, strconv.Itoa(r.Year), month(r.Month)
	rec[4], rec[5], rec[6] = r.Value, r.Unit, r.Flag
	rec[7], rec[8], rec[9], rec[10] = r.Source.Title, r.Source.Publisher, r.Source.URL, r.Source.Published
	rec[11], rec[12], rec[13] = r.Note, r.Quote, r.Source.Standing
	return c.w.Write(rec)
}

// Close flushes what is buffered.
func (c *ObservationCSV) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func month(m int) string {
	if m == 0 {
		return ""
	}
	return strconv.Itoa(m)
}

// table writes a CSV table whose text columns are neutralised; numeric columns
// are written as given.
type table struct {
	w       *csv.Writer
	numeric []bool
	rec     []string
}

// newTable writes the header; numeric names the columns holding numbers,
// booleans or dates (never neutralised).
func newTable(w io.Writer, header []string, numeric ...string) (*table, error) {
	t := &table{w: csv.NewWriter(w), numeric: make([]bool, len(header)), rec: make([]string, len(header))}
	for i, h := range header {
		for _, n := range numeric {
			if h == n {
				t.numeric[i] = true
			}
		}
	}
	return t, t.w.Write(header)
}

func (t *table) write(cells ...string) error {
	for i, c := range cells {
		if !t.numeric[i] {
			c = Neutralise(c)
		}
		t.rec[i] = c
	}
	return t.w.Write(t.rec)
}

func (t *table) flush() error {
	t.w.Flush()
	return t.w.Error()
}
