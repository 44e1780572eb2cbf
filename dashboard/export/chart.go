package export

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// ChartColumns is the header of a chart's CSV and of its workbook's data sheet:
// one row per indicator, region, year and series (actual, earlier vintages,
// derived index, each trajectory, each target). Target rows carry the target's
// status and the parameters of the method (base year, observed and required
// rates, R).
var ChartColumns = []string{"indicator", "region", "year", "series", "kind", "name", "value", "unit", "flag",
	"derived", "vintage", "vintages", "source_title", "source_publisher", "source_url", "published", "source_standing",
	"note", "target_id", "target_kind", "target_document", "target_document_zh", "binding", "base_year", "status",
	"status_text", "latest_year", "observed_rate", "required_rate", "ratio", "still_required", "rates_linear"}

// chartNumeric are the columns written as numbers or booleans, never neutralised.
var chartNumeric = []string{"year", "value", "derived", "vintage", "vintages", "target_id", "binding", "base_year",
	"latest_year", "observed_rate", "required_rate", "ratio", "still_required", "rates_linear"}

// ChartRow is one row of a chart's table. Empty strings are empty cells.
type ChartRow struct {
	Year               int
	Series, Kind, Name string
	Value              string // the stored decimal text, or a computed value rounded to 6 decimals
	Unit, Flag         string
	Derived            bool
	Vintage, Vintages  int // 0: not an observation
	Source             *record.Source
	Note               string
	Target             *trend.TargetView // trajectory and target rows
	Status             *progress.Status  // target rows
	StatusText         string
}

// Chart is the data behind one indicator chart, in the view's language and
// year range.
type Chart struct {
	Trend  trend.Trend
	Region string
}

// Rows lists the chart's rows: the actual series, earlier vintages, the derived
// index, then per target its trajectory and the target itself.
func (c Chart) Rows() []ChartRow {
	tr := c.Trend
	var rows []ChartRow
	for _, p := range tr.Actual.Points {
		rows = append(rows, pointRow(tr.Actual, p, tr.Unit))
	}
	for _, o := range tr.Vintages {
		if o.Current() {
			continue
		}
		src := o.Source
		rows = append(rows, ChartRow{Year: o.Year, Series: "vintage", Kind: "vintage", Name: text.T(tr.Lang, "export.earlier_vintage"),
			Value: o.Value, Unit: tr.Unit, Flag: o.Flag, Vintage: o.Vintage, Vintages: o.Vintages, Source: &src, Note: o.Note})
	}
	if tr.Index != nil {
		for _, p := range tr.Index.Points {
			rows = append(rows, pointRow(*tr.Index, p, text.T(tr.Lang, "export.index_unit")))
		}
	}
	for i := range tr.Targets {
		tv := &tr.Targets[i]
		unit := tr.Unit
		if tv.Scale == trend.ScaleIndex {
			unit = text.T(tr.Lang, "export.index_unit")
		}
		for _, p := range tv.Trajectory.Points {
			r := pointRow(tv.Trajectory, p, unit)
			r.Target = tv
			rows = append(rows, r)
		}
		r := pointRow(tv.TargetSeries(), tv.Goal, unit)
		r.Year = tv.Target.Year
		if tv.Scale == trend.ScaleNone {
			r.Value = "" // no goal on a drawn scale: the stated target is in target_kind and the note
		}
		if r.Source == nil {
			src := tv.Target.Source
			r.Source = &src
		}
		if r.Note == "" {
			r.Note = tv.Target.Note
		}
		if r.Flag == "" {
			r.Flag = tv.Target.Flag
		}
		st := tv.Status
		r.Target, r.Status, r.StatusText = tv, &st, tv.StatusText
		rows = append(rows, r)
	}
	return rows
}

func pointRow(s trend.Series, p trend.Point, unit string) ChartRow {
	v := p.Exact
	if v == "" {
		v = Number(p.Value)
	}
	return ChartRow{Year: p.Year, Series: s.ID, Kind: s.Kind, Name: s.Name, Value: v, Unit: unit, Flag: p.Flag,
		Derived: p.Derived, Vintage: p.Vintage, Vintages: p.Vintages, Source: p.Source, Note: p.Note}
}

// Number formats a computed value: rounded to 6 decimals, no exponent; "" when
// it is not finite.
func Number(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	r := math.Round(f*1e6) / 1e6
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func itoa0(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

// cells is the row as the columns of ChartColumns.
func (c Chart) cells(r ChartRow) []string {
	out := []string{c.Trend.Indicator.Code, c.Region, strconv.Itoa(r.Year), r.Series, r.Kind, r.Name, r.Value, r.Unit,
		r.Flag, strconv.FormatBool(r.Derived), itoa0(r.Vintage), itoa0(r.Vintages)}
	if s := r.Source; s != nil {
		out = append(out, s.Title, s.Publisher, s.URL, s.Published, s.Standing)
	} else {
		out = append(out, "", "", "", "", "")
	}
	out = append(out, r.Note)
	if t := r.Target; t != nil {
		out = append(out, strconv.FormatInt(t.Target.ID, 10), t.Target.Kind, t.Target.Document, t.Target.DocumentZH,
			strconv.FormatBool(t.Target.Binding), itoa0(trend.TargetBaseYear(t.Target)))
	} else {
		out = append(out, "", "", "", "", "", "")
	}
	if st := r.Status; st != nil {
		out = append(out, st.Code, r.StatusText, itoa0(st.LatestYear), Number(st.ObservedRate), Number(st.RequiredRate),
			Number(st.Ratio), Number(st.StillRequired), strconv.FormatBool(st.Linear))
	} else {
		out = append(out, "", "", "", "", "", "", "", "")
	}
	return out
}

// WriteCSV writes the chart's table for spreadsheets: UTF-8 with a byte-order
// mark (Excel then shows Chinese correctly), text cells neutralised.
func (c Chart) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	t, err := newTable(w, ChartColumns, chartNumeric...)
	if err != nil {
		return err
	}
	for _, r := range c.Rows() {
		if err := t.write(c.cells(r)...); err != nil {
			return err
		}
	}
	return t.flush()
}

// ChartJSON is data.json: the chart's series, targets with their statuses,
// every vintage and the indicator's metadata.
type ChartJSON struct {
	Indicator IndicatorJSON `json:"indicator"`
	Region    string        `json:"region"`
	Lang      string        `json:"lang"`
	From      int           `json:"from"`
	To        int           `json:"to"`
	AsOf      int           `json:"as_of"`
	Series    []SeriesJSON  `json:"series"`
	Targets   []TargetJSON  `json:"targets"`
	Vintages  []Observation `json:"vintages"`
	Events    []EventJSON   `json:"events"`
	Break     *BreakJSON    `json:"break"`
	Sources   []Source      `json:"sources"`
	Citation  string        `json:"citation"`
	Licence   string        `json:"licence"`
}

// IndicatorJSON is an indicator's metadata; Name, Unit and Definition are in
// the asked language.
type IndicatorJSON struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Unit         string `json:"unit"`
	Definition   string `json:"definition"`
	NameEN       string `json:"name_en"`
	NameZH       string `json:"name_zh"`
	UnitEN       string `json:"unit_en"`
	UnitZH       string `json:"unit_zh"`
	DefinitionEN string `json:"definition_en"`
	DefinitionZH string `json:"definition_zh"`
	Category     string `json:"category"`
	Direction    string `json:"direction"`
	Precision    int    `json:"precision"`
	Measure      string `json:"measure"`
	BreakYear    int    `json:"break_year,omitempty"`
}

// NewIndicator converts an indicator, naming it in lang.
func NewIndicator(in record.Indicator, lang string) IndicatorJSON {
	pick := func(en, zh string) string { return text.Pick(lang, en, zh) }
	return IndicatorJSON{Code: in.Code, Name: pick(in.NameEN, in.NameZH), Unit: pick(in.Unit, in.UnitZH),
		Definition: pick(in.DefinitionEN, in.DefinitionZH), NameEN: in.NameEN, NameZH: in.NameZH, UnitEN: in.Unit,
		UnitZH: in.UnitZH, DefinitionEN: in.DefinitionEN, DefinitionZH: in.DefinitionZH, Category: in.Category,
		Direction: in.Direction, Precision: in.Precision, Measure: in.Measure, BreakYear: in.BreakYear}
}

// SeriesJSON is one line of the chart.
type SeriesJSON struct {
	ID     string      `json:"id"`
	Kind   string      `json:"kind"`
	Name   string      `json:"name"`
	Unit   string      `json:"unit"`
	Points []PointJSON `json:"points"`
}

// PointJSON is one value; Value is the stored number digit for digit, or the
// computed one (Derived).
type PointJSON struct {
	Year     int         `json:"year"`
	Value    json.Number `json:"value"`
	Derived  bool        `json:"derived"`
	Flag     string      `json:"flag,omitempty"`
	Note     string      `json:"note,omitempty"`
	Quote    string      `json:"quote,omitempty"`
	Vintage  int         `json:"vintage,omitempty"`
	Vintages int         `json:"vintages,omitempty"`
	Source   *Source     `json:"source,omitempty"`
}

// TargetJSON is a target with its status.
type TargetJSON struct {
	ID         int64       `json:"id"`
	Region     string      `json:"region"`
	Year       int         `json:"year"`
	Value      json.Number `json:"value"`
	Kind       string      `json:"kind"`
	BaseYear   int         `json:"base_year,omitempty"`
	Binding    bool        `json:"binding"`
	Plan       string      `json:"plan"`
	PlanName   string      `json:"plan_name"`
	Document   string      `json:"document"`
	DocumentZH string      `json:"document_zh"` // the document's Chinese name; empty: none known
	Issuer     string      `json:"issuer"`
	Issued     string      `json:"issued"`
	Flag       string      `json:"flag,omitempty"`
	Note       string      `json:"note,omitempty"`
	Quote      string      `json:"quote,omitempty"`
	Label      string      `json:"label"`
	Scale      string      `json:"scale"`
	Goal       *PointJSON  `json:"goal"`
	Status     StatusJSON  `json:"status"`
	Trajectory []PointJSON `json:"trajectory"`
	Source     Source      `json:"source"`
}

// StatusJSON is progress towards a target by the Open SDG / Statistics Canada
// method. Rates are annual fractions (-0.02 = -2 %/yr), or in the unit per year
// when Linear.
type StatusJSON struct {
	Code          string       `json:"code"`
	Text          string       `json:"text"`
	BaseYear      int          `json:"base_year,omitempty"`
	LatestYear    int          `json:"latest_year,omitempty"`
	TargetYear    int          `json:"target_year"`
	BaseValue     *json.Number `json:"base_value"`
	LatestValue   *json.Number `json:"latest_value"`
	Goal          *json.Number `json:"goal"`
	ObservedRate  *json.Number `json:"observed_rate"`
	RequiredRate  *json.Number `json:"required_rate"`
	Ratio         *json.Number `json:"ratio"`
	StillRequired *json.Number `json:"still_required"`
	Linear        bool         `json:"linear"`
}

// EventJSON is a policy event.
type EventJSON struct {
	ID        int64   `json:"id"`
	Date      string  `json:"date"`
	TitleEN   string  `json:"title_en"`
	TitleZH   string  `json:"title_zh"`
	Issuer    string  `json:"issuer"`
	Indicator string  `json:"indicator,omitempty"`
	Source    *Source `json:"source"`
}

// BreakJSON is a definition break.
type BreakJSON struct {
	Year int    `json:"year"`
	Note string `json:"note"`
}

// NewEvent converts an event.
func NewEvent(e record.Event) EventJSON {
	out := EventJSON{ID: e.ID, Date: e.Date.Format("2006-01-02"), TitleEN: e.TitleEN, TitleZH: e.TitleZH,
		Issuer: e.Issuer, Indicator: e.Indicator}
	if e.Source != nil {
		s := NewSource(*e.Source)
		out.Source = &s
	}
	return out
}

// num is a computed number for JSON; nil (null) when not finite or when there
// is no data.
func num(f float64, ok bool) *json.Number {
	s := Number(f)
	if !ok || s == "" {
		return nil
	}
	n := json.Number(s)
	return &n
}

// NewChartPoint converts a point of a series.
func NewChartPoint(p trend.Point) PointJSON { return newPoint(p) }

func newPoint(p trend.Point) PointJSON {
	v := p.Exact
	if v == "" {
		v = Number(p.Value)
	}
	out := PointJSON{Year: p.Year, Value: json.Number(v), Derived: p.Derived, Flag: p.Flag, Note: p.Note,
		Quote: p.Quote, Vintage: p.Vintage, Vintages: p.Vintages}
	if p.Source != nil {
		s := NewSource(*p.Source)
		out.Source = &s
	}
	return out
}

func newSeries(s trend.Series, unit string) SeriesJSON {
	out := SeriesJSON{ID: s.ID, Kind: s.Kind, Name: s.Name, Unit: unit, Points: []PointJSON{}}
	for _, p := range s.Points {
		if v := newPoint(p); v.Value != "" {
			out.Points = append(out.Points, v)
		}
	}
	return out
}

// NewTarget converts a target view.
func NewTarget(tv trend.TargetView) TargetJSON {
	t := tv.Target
	st := tv.Status
	has := st.Code != progress.NoData
	out := TargetJSON{ID: t.ID, Region: t.Region, Year: t.Year, Value: json.Number(t.Value), Kind: t.Kind,
		BaseYear: t.BaseYear, Binding: t.Binding, Plan: t.Plan, PlanName: tv.PlanName, Document: t.Document,
		DocumentZH: t.DocumentZH, Issuer: t.Issuer, Issued: t.Issued, Flag: t.Flag, Note: t.Note, Quote: t.Quote,
		Label: tv.Label, Scale: tv.Scale, Source: NewSource(t.Source), Trajectory: []PointJSON{},
		Status: StatusJSON{Code: st.Code, Text: tv.StatusText, BaseYear: st.BaseYear, LatestYear: st.LatestYear,
			TargetYear: t.Year, BaseValue: num(st.BaseValue, has && st.BaseYear != 0),
			LatestValue: num(st.LatestValue, has && st.LatestYear != 0), Goal: num(st.Goal, has),
			ObservedRate: num(st.ObservedRate, has), RequiredRate: num(st.RequiredRate, has),
			Ratio: num(st.Ratio, has), StillRequired: num(st.StillRequired, has), Linear: st.Linear}}
	if tv.Scale != trend.ScaleNone {
		if g := newPoint(tv.Goal); g.Value != "" {
			out.Goal = &g
		}
	}
	for _, p := range tv.Trajectory.Points {
		if v := newPoint(p); v.Value != "" {
			out.Trajectory = append(out.Trajectory, v)
		}
	}
	return out
}

// JSON is data.json.
func (c Chart) JSON() ChartJSON {
	tr := c.Trend
	out := ChartJSON{Indicator: NewIndicator(tr.Indicator, tr.Lang), Region: c.Region, Lang: tr.Lang, From: tr.From,
		To: tr.To, AsOf: tr.AsOf, Series: []SeriesJSON{newSeries(tr.Actual, tr.Unit)}, Targets: []TargetJSON{},
		Vintages: []Observation{}, Events: []EventJSON{}, Sources: []Source{}, Citation: Citation, Licence: LicenceNote}
	if tr.Index != nil {
		out.Series = append(out.Series, newSeries(*tr.Index, text.T(tr.Lang, "export.index_unit")))
	}
	for _, tv := range tr.Targets {
		out.Targets = append(out.Targets, NewTarget(tv))
	}
	for _, o := range tr.Vintages {
		out.Vintages = append(out.Vintages, NewObservation(o, tr.Indicator.Unit, true))
	}
	for _, e := range tr.Events {
		out.Events = append(out.Events, NewEvent(e))
	}
	if tr.Break != nil {
		out.Break = &BreakJSON{Year: tr.Break.Year, Note: tr.Break.Note}
	}
	for _, s := range c.Sources() {
		out.Sources = append(out.Sources, NewSource(s))
	}
	return out
}

// Sources lists the distinct sources of the chart's values and targets, in
// order of first use.
func (c Chart) Sources() []record.Source {
	seen := map[int64]bool{}
	var out []record.Source
	add := func(s record.Source) {
		if !seen[s.ID] {
			seen[s.ID] = true
			out = append(out, s)
		}
	}
	for _, o := range c.Trend.Vintages {
		add(o.Source)
	}
	for _, tv := range c.Trend.Targets {
		add(tv.Target.Source)
	}
	return out
}

// WriteJSON writes data.json.
func (c Chart) WriteJSON(w io.Writer) error {
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
