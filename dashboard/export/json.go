package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// Observation is an observation in JSON. Value is the stored decimal text as a
// JSON number, digit for digit.
type Observation struct {
	Indicator string      `json:"indicator"`
	Region    string      `json:"region"`
	Year      int         `json:"year"`
	Month     int         `json:"month"` // 0: a yearly value
	Value     json.Number `json:"value"`
	Unit      string      `json:"unit,omitempty"`
	Flag      string      `json:"flag"`
	Note      string      `json:"note"`
	Quote     string      `json:"quote"`
	Vintage   int         `json:"vintage"`
	Vintages  int         `json:"vintages"`
	Current   bool        `json:"current"`
	Source    Source      `json:"source"`
}

// Source is a publication in JSON. ID is left out of the command-line export,
// whose bytes must not depend on the order rows were loaded in.
type Source struct {
	ID        int64  `json:"id,omitempty"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Published string `json:"published"`
	// Standing is one of record.SourceStandings ("" where not assessed yet).
	Standing string `json:"standing"`
}

// NewObservation converts a row; withID keeps the source's database id.
func NewObservation(o record.Observation, unit string, withID bool) Observation {
	out := Observation{Indicator: o.Indicator, Region: o.Region, Year: o.Year, Month: o.Month,
		Value: json.Number(o.Value), Unit: unit, Flag: o.Flag, Note: o.Note, Quote: o.Quote,
		Vintage: o.Vintage, Vintages: o.Vintages, Current: o.Current(), Source: NewSource(o.Source)}
	if !withID {
		out.Source.ID = 0
	}
	return out
}

// NewSource converts a source.
func NewSource(s record.Source) Source {
	return Source{ID: s.ID, Title: s.Title, Publisher: s.Publisher, URL: s.URL, Published: s.Published,
		Standing: s.Standing}
}

// ObservationJSON streams observations as one JSON array, one element per
// line, without holding them.
type ObservationJSON struct {
	w *bufio.Writer
	n int
}

// NewObservationJSON starts the array.
func NewObservationJSON(w io.Writer) (*ObservationJSON, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	_, err := bw.WriteString("[")
	return &ObservationJSON{w: bw}, err
}

// Write writes one element.
func (j *ObservationJSON) Write(r *record.ExportRow) error {
	b, err := json.Marshal(NewObservation(r.Observation, r.Unit, false))
	if err != nil {
		return fmt.Errorf("observation %s %s %d: %w", r.Indicator, r.Region, r.Year, err)
	}
	sep := ",\n"
	if j.n == 0 {
		sep = "\n"
	}
	j.n++
	j.w.WriteString(sep)
	_, err = j.w.Write(b)
	return err
}

// Close ends the array and flushes.
func (j *ObservationJSON) Close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "]\n"
	}
	j.w.WriteString(end)
	return j.w.Flush()
}
