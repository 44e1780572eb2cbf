package export

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

// HistoryJSON is /targets/{id}/history.json: the target as it stands (or as of AsOf) and its status at every
// publication date that moved it (trend.Histories).
type HistoryJSON struct {
	Indicator string             `json:"indicator"` // its code
	Unit      string             `json:"unit"`
	AsOf      string             `json:"as_of,omitempty"` // the history up to this day (?asof=)
	Target    TargetJSON         `json:"target"`
	History   []HistoryEntryJSON `json:"history"`
}

// HistoryEntryJSON is the status from Date until the next entry, computed as on Date.
type HistoryEntryJSON struct {
	Date        string       `json:"date"`
	Status      string       `json:"status"`
	LastVerdict string       `json:"last_verdict,omitempty"`
	Text        string       `json:"text"`
	Ratio       *json.Number `json:"ratio"`
	LatestYear  int          `json:"latest_year,omitempty"`
	Latest      *PointJSON   `json:"latest"` // the latest published value then, with its source
}

// NewHistory converts a target's history.
func NewHistory(tr trend.Trend, tv trend.TargetView, h []trend.HistoryEntry, asOf string) HistoryJSON {
	out := HistoryJSON{Indicator: tr.Indicator.Code, Unit: tr.Unit, AsOf: asOf, Target: NewTarget(tv),
		History: []HistoryEntryJSON{}}
	for _, e := range h {
		out.History = append(out.History, NewHistoryEntry(e))
	}
	return out
}

// NewHistoryEntry converts one entry.
func NewHistoryEntry(e trend.HistoryEntry) HistoryEntryJSON {
	st := e.Status
	has := st.Code != progress.NoData && st.BaseYear != 0 && st.RequiredRate != 0
	out := HistoryEntryJSON{Date: e.Date, Status: st.Code, LastVerdict: st.LastVerdict, Text: e.StatusText,
		Ratio: num(st.Ratio, has), LatestYear: st.LatestYear}
	if e.Latest != nil {
		p := newPoint(*e.Latest)
		out.Latest = &p
	}
	return out
}

// HistoryColumns is the header of /targets/{id}/history.csv.
var HistoryColumns = []string{"date", "status", "last_verdict", "ratio", "latest_year", "latest_value",
	"source_title", "source_publisher", "source_url", "source_published", "text"}

// WriteHistoryCSV writes the entries as CSV (text cells neutralised for spreadsheets, numbers kept).
func WriteHistoryCSV(w io.Writer, h []trend.HistoryEntry) error {
	t, err := newTable(w, HistoryColumns, "date", "ratio", "latest_year", "latest_value", "source_published")
	if err != nil {
		return err
	}
	for _, e := range h {
		j := NewHistoryEntry(e)
		rec := []string{j.Date, j.Status, j.LastVerdict, "", "", "", "", "", "", "", j.Text}
		if j.Ratio != nil {
			rec[3] = j.Ratio.String()
		}
		if e.Latest != nil {
			rec[4] = strconv.Itoa(e.Latest.Year)
			rec[5] = string(j.Latest.Value)
			if s := e.Latest.Source; s != nil {
				rec[6], rec[7], rec[8], rec[9] = s.Title, s.Publisher, s.URL, s.Published
			}
		}
		if err := t.write(rec...); err != nil {
			return err
		}
	}
	return t.flush()
}
