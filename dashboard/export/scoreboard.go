package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

// Scoreboard is the targets table (/targets.csv, /targets.json) as of a year: the rows of trend.Scoreboard.
type Scoreboard struct {
	Board trend.Scoreboard
	AsOf  int // the year statuses are assessed in
	// AsOfDate is the as-of date of the data (?asof=), "" for today.
	AsOfDate string
}

// ScoreColumns is the header of the scoreboard's CSV; ScoreNumeric its columns holding numbers, booleans or
// years (never neutralised, so a negative number stays a number).
var (
	ScoreColumns = []string{"indicator", "indicator_name", "unit", "target_id", "target", "plan", "document",
		"document_zh", "issuer", "target_year", "kind", "target_value", "base_year", "binding", "status", "status_label", "status_text",
		"latest_year", "latest_value", "gap_year", "gap", "gap_unit", "change_base_year", "achieved_change_pct",
		"required_change_pct", "ratio", "observed_rate", "required_rate", "still_required", "rates_linear",
		"source_title", "source_url", "latest_source_title", "latest_source_url", "latest_source_published",
		"latest_source_standing"}
	ScoreNumeric = []string{"target_id", "target_year", "target_value", "base_year", "binding", "latest_year",
		"latest_value", "gap_year", "gap", "change_base_year", "achieved_change_pct", "required_change_pct", "ratio",
		"observed_rate", "required_rate", "still_required", "rates_linear"}
)

// ScoreJSON is one row of /targets.json: the same fields as the CSV.
type ScoreJSON struct {
	Indicator         string       `json:"indicator"`
	IndicatorName     string       `json:"indicator_name"`
	Unit              string       `json:"unit"`
	TargetID          int64        `json:"target_id"`
	Target            string       `json:"target"`
	Plan              string       `json:"plan"`
	Document          string       `json:"document"`
	DocumentZH        string       `json:"document_zh"` // the document's Chinese name; empty: none known
	Issuer            string       `json:"issuer"`
	TargetYear        int          `json:"target_year"`
	Kind              string       `json:"kind"`
	TargetValue       float64      `json:"target_value"`
	BaseYear          int          `json:"base_year,omitempty"`
	Binding           bool         `json:"binding"`
	Status            string       `json:"status"`
	StatusLabel       string       `json:"status_label"`
	StatusText        string       `json:"status_text"`
	LatestYear        int          `json:"latest_year,omitempty"`
	LatestValue       *float64     `json:"latest_value"`
	GapYear           int          `json:"gap_year,omitempty"`
	Gap               *float64     `json:"gap"`
	GapUnit           string       `json:"gap_unit,omitempty"`
	ChangeBaseYear    int          `json:"change_base_year,omitempty"`
	AchievedChangePct *float64     `json:"achieved_change_pct"`
	RequiredChangePct *float64     `json:"required_change_pct"`
	Ratio             *float64     `json:"ratio"`
	ObservedRate      *float64     `json:"observed_rate"`
	RequiredRate      *float64     `json:"required_rate"`
	StillRequired     *float64     `json:"still_required"`
	RatesLinear       bool         `json:"rates_linear"`
	SourceTitle       string       `json:"source_title"`
	SourceURL         string       `json:"source_url"`
	LatestSource      *ScoreSource `json:"latest_source"` // the publication of the latest value; null without one
}

// ScoreSource is a publication in /targets.json.
type ScoreSource struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
	Standing  string `json:"standing"` // record.SourceStandings; "" where not assessed yet
}

// ScoreboardJSON is the body of /targets.json.
type ScoreboardJSON struct {
	Lang     string         `json:"lang"`
	AsOf     int            `json:"as_of"`
	AsOfDate string         `json:"as_of_date,omitempty"` // ?asof=: the data as published by that day
	Total    int            `json:"total"`
	Counts   map[string]int `json:"counts"`
	Targets  []ScoreJSON    `json:"targets"`
}

// scoreCells is a row as the cells of ScoreColumns ("" for an empty cell).
func scoreCells(r trend.ScoreRow) []string {
	t, st := r.TV.Target, r.TV.Status
	num := func(ok bool, f float64) string {
		if !ok {
			return ""
		}
		return Number(f)
	}
	out := []string{r.Code, r.Name, r.Unit, strconv.FormatInt(t.ID, 10), r.TV.Label, r.Plan, t.Document, t.DocumentZH,
		t.Issuer, strconv.Itoa(t.Year), t.Kind, t.Value, itoa0(trend.TargetBaseYear(t)), strconv.FormatBool(t.Binding),
		st.Code, r.StatusLabel, r.TV.StatusText, itoa0(r.LatestYear), r.LatestValue}
	isChange := t.Kind == "change"
	out = append(out, itoa0(r.GapYear), num(r.HasGap && !isChange, r.Gap), r.GapUnit, itoa0(r.GapBaseYear),
		num(r.HasGap && isChange, r.Achieved), num(isChange, t.Float()))
	still := r.Still != ""
	out = append(out, num(r.HasRates, st.Ratio), num(r.HasRates, st.ObservedRate), num(r.HasRates, st.RequiredRate),
		num(still, st.StillRequired), strconv.FormatBool(st.Linear), t.Source.Title, t.Source.URL,
		r.LatestSrc.Title, r.LatestSrc.URL, r.LatestSrc.Published, r.LatestSrc.Standing)
	return out
}

// NewScoreJSON is a row of /targets.json.
func NewScoreJSON(r trend.ScoreRow) ScoreJSON {
	t, st := r.TV.Target, r.TV.Status
	f := func(ok bool, v float64) *float64 {
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		v = math.Round(v*1e6) / 1e6
		return &v
	}
	isChange := t.Kind == "change"
	latest, _ := strconv.ParseFloat(r.LatestValue, 64)
	out := ScoreJSON{
		Indicator: r.Code, IndicatorName: r.Name, Unit: r.Unit, TargetID: t.ID, Target: r.TV.Label, Plan: r.Plan,
		Document: t.Document, DocumentZH: t.DocumentZH, Issuer: t.Issuer, TargetYear: t.Year, Kind: t.Kind,
		TargetValue: t.Float(), BaseYear: trend.TargetBaseYear(t), Binding: t.Binding, Status: st.Code,
		StatusLabel: r.StatusLabel, StatusText: r.TV.StatusText, LatestYear: r.LatestYear, LatestValue: f(r.HasLatest, latest),
		GapYear: r.GapYear, Gap: f(r.HasGap && !isChange, r.Gap), GapUnit: r.GapUnit, ChangeBaseYear: r.GapBaseYear,
		AchievedChangePct: f(r.HasGap && isChange, r.Achieved), RequiredChangePct: f(isChange, t.Float()),
		Ratio: f(r.HasRates, st.Ratio), ObservedRate: f(r.HasRates, st.ObservedRate),
		RequiredRate: f(r.HasRates, st.RequiredRate), StillRequired: f(r.Still != "", st.StillRequired),
		RatesLinear: st.Linear, SourceTitle: t.Source.Title, SourceURL: t.Source.URL,
	}
	if r.HasLatest && r.LatestSrc.Title != "" {
		out.LatestSource = &ScoreSource{Title: r.LatestSrc.Title, URL: r.LatestSrc.URL, Published: r.LatestSrc.Published,
			Standing: r.LatestSrc.Standing}
	}
	return out
}

// WriteCSV writes the scoreboard for spreadsheets, as the chart downloads are written: UTF-8 with a
// byte-order mark, text cells neutralised against formula injection, numbers as they are.
func (s Scoreboard) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	t, err := newTable(w, ScoreColumns, ScoreNumeric...)
	if err != nil {
		return err
	}
	for _, r := range s.Board.Rows {
		if err := t.write(scoreCells(r)...); err != nil {
			return err
		}
	}
	return t.flush()
}

// JSON is the body of /targets.json.
func (s Scoreboard) JSON() ScoreboardJSON {
	out := ScoreboardJSON{Lang: s.Board.Lang, AsOf: s.AsOf, AsOfDate: s.AsOfDate, Total: s.Board.Total, Counts: map[string]int{}, Targets: []ScoreJSON{}}
	for _, c := range s.Board.Counts {
		out.Counts[c.Status] = c.Count
	}
	for _, r := range s.Board.Rows {
		out.Targets = append(out.Targets, NewScoreJSON(r))
	}
	return out
}

// WriteJSON writes /targets.json (HTML escaping on, a final newline).
func (s Scoreboard) WriteJSON(w io.Writer) error {
	return json.NewEncoder(w).Encode(s.JSON())
}

// WriteXLSX writes the scoreboard as a workbook of one sheet: the columns of the CSV, numbers as numbers, text
// as text cells (never evaluated).
func (s Scoreboard) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", dataSheet); err != nil {
		return err
	}
	header := make([]any, len(ScoreColumns))
	for i, h := range ScoreColumns {
		header[i] = h
	}
	if err := setRow(f, dataSheet, 1, header); err != nil {
		return fmt.Errorf("xlsx scoreboard: %w", err)
	}
	for i, r := range s.Board.Rows {
		texts := scoreCells(r)
		cells := make([]any, len(texts))
		for j, c := range texts {
			cells[j] = typedIn(ScoreNumeric, ScoreColumns[j], c)
		}
		if err := setRow(f, dataSheet, i+2, cells); err != nil {
			return fmt.Errorf("xlsx scoreboard: %w", err)
		}
	}
	return f.Write(w)
}

// Table is a download offered as CSV, JSON and XLSX: the data behind a chart (Chart), the scoreboard.
type Table interface {
	WriteCSV(io.Writer) error
	WriteJSON(io.Writer) error
	WriteXLSX(io.Writer) error
}

var (
	_ Table = Chart{}
	_ Table = Scoreboard{}
)
