// Package trend builds what an indicator page draws, what its downloads carry and what the API returns, from the
// rows of package db: one pure function (Build), no I/O, so one test covers the chart, the table and the exports.
package trend

import (
	"sort"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// Options is the view state of a page (its URL) plus the current year.
type Options struct {
	Lang     string // "en" | "zh"; anything else is English
	From, To int    // 0 = open: the data's own extent, extended to include the target years
	AsOf     int    // the current year: values after it are ignored by the status; 0 = no limit
	// Region keeps only observations and targets of this region; "" keeps everything (the caller passes one
	// region's rows, as db.Observations(ctx, code, region) does).
	Region string
	// Brief builds what an overview card and the counts of statuses read, for the hundreds of trends of the
	// overview: the series, the targets with their goals, labels and statuses, computed as always; no
	// trajectories (a target's Trajectory is empty), vintages, bands, events or break.
	Brief bool
}

// Trend is everything an indicator page shows, in one language and one year range.
type Trend struct {
	Indicator              record.Indicator
	Lang                   string
	Name, Unit, Definition string     // in Lang (falls back to English when the Chinese text is empty); Unit is the stored values' (downloads)
	Shown                  text.Shown // how the pages write amounts in Lang: 59.6亿吨标准煤 for 5.96 billion tce
	From, To               int        // the effective year range shown
	AsOf                   int
	Actual                 Series               // latest vintage per period; for yoy_change indicators, the published changes
	Index                  *Series              // yoy_change only: cumulative index derived from Actual (Derived points), nil otherwise
	Vintages               []record.Observation // every vintage in range (tables and exports)
	Targets                []TargetView         // targets whose year is in range, by year then id
	Bands                  []Band               // five-year-plan periods overlapping the range (fyp11..fyp15), clipped to it
	Events                 []record.Event       // events of this indicator or of all, in range, by date
	Break                  *Break               // definition break in range, if any
}

// Series is one line of the chart. Kind: actual | index | trajectory | target.
// IDs: "actual", "index", "trajectory-<target id>", "target-<target id>".
type Series struct {
	ID, Kind, Name string
	Points         []Point
}

// Point is one value of a series with what the tooltip, the table and the exports say about it.
type Point struct {
	Year              int
	Value             float64
	Exact             string // stored decimal text for observed values and stated targets; "" for computed points
	Derived           bool   // computed by the program (index, trajectory, goal of a relative target)
	Flag, Note, Quote string
	Source            *record.Source
	Vintage, Vintages int
}

// Scales of a TargetView.
const (
	ScaleLevel = "level" // drawn on Actual's axis
	ScaleIndex = "index" // drawn on Index's axis
	// ScaleNone: a relative (change) target whose base-year value is not on the drawn series: a level series
	// without a value for the base year, or a base year the drawn index does not reach (a gap in the published
	// changes lies between them). It cannot be drawn: charts skip it (Trajectory is empty); tables and exports
	// still list it. A yoy_change target is assessed on an index of its own (100 at its base year, also the
	// scale of its Goal); a level one has no Goal value (0) and no data.
	ScaleNone = "none"
)

// TargetView is one target as the page shows it.
type TargetView struct {
	Target     record.Target
	Label      string // in Lang, e.g. "14th FYP: -13.5% vs 2020 by 2025" / "“十四五”规划：2025年比2020年下降13.5%"
	PlanName   string // in Lang
	Document   string // in Lang (DocumentName)
	Scale      string // ScaleLevel, ScaleIndex or ScaleNone
	Goal       Point  // the target as an absolute point on that scale (Derived when computed)
	Trajectory Series // Kind "trajectory", base-year value to Goal, clipped to the range; empty when unknown
	Status     progress.Status
	StatusText string // in Lang: the verdict and by how much
}

// Drawn reports whether the target belongs on the chart (see ScaleNone).
func (tv TargetView) Drawn() bool { return tv.Scale != ScaleNone }

// TargetSeries is the target as a one-point series "target-<id>" (Kind "target"), named by its label.
func (tv TargetView) TargetSeries() Series {
	return Series{ID: "target-" + strconv.FormatInt(tv.Target.ID, 10), Kind: "target", Name: tv.Label, Points: []Point{tv.Goal}}
}

// Band is a five-year-plan period, clipped to the range shown.
type Band struct {
	Plan, Name string
	From, To   int
}

// Break is a change of definition in the series.
type Break struct {
	Year int
	Note string
}

// Build assembles what an indicator page draws, its downloads and its API entry: a pure function, no I/O.
// Strings are carried verbatim: escaping is the renderer's job.
func Build(in record.Indicator, obs []record.Observation, targets []record.Target, events []record.Event, o Options) Trend {
	lang := text.Norm(o.Lang)
	tr := Trend{
		Indicator:  in,
		Lang:       lang,
		Name:       text.Pick(lang, in.NameEN, in.NameZH),
		Unit:       text.Pick(lang, in.Unit, in.UnitZH),
		Shown:      text.ShownUnit(lang, in.Unit, in.UnitZH),
		Definition: text.Pick(lang, in.DefinitionEN, in.DefinitionZH),
		AsOf:       o.AsOf,
	}
	obs = ownObservations(in, obs, o.Region)
	targets = ownTargets(in, targets, o.Region)

	actual := Series{ID: "actual", Kind: "actual", Name: text.T(lang, "trend.actual"), Points: latestVintages(obs)}
	var changes []progress.Point
	var index *Series
	if in.Measure == "yoy_change" {
		changes = values(actual.Points)
		index = buildIndex(changes, targets, lang)
	}

	views := make([]TargetView, 0, len(targets))
	for _, t := range targets {
		views = append(views, targetView(in, t, actual, index, changes, lang, o.AsOf, o.Brief))
	}
	distinguish(views, lang)

	tr.From, tr.To = yearRange(actual, index, targets, o)
	tr.Actual = clip(actual, tr.From, tr.To)
	if index != nil {
		c := clip(*index, tr.From, tr.To)
		tr.Index = &c
	}
	for _, v := range views {
		if v.Target.Year < tr.From || v.Target.Year > tr.To {
			continue
		}
		if !o.Brief {
			v.Trajectory = clip(v.Trajectory, tr.From, tr.To)
		}
		tr.Targets = append(tr.Targets, v)
	}
	if o.Brief {
		return tr
	}
	tr.Vintages = vintagesIn(obs, tr.From, tr.To)
	tr.Bands = bands(lang, tr.From, tr.To)
	tr.Events = eventsIn(in.Code, events, tr.From, tr.To)
	if in.BreakYear != 0 && in.BreakYear >= tr.From && in.BreakYear <= tr.To {
		tr.Break = &Break{Year: in.BreakYear, Note: text.Pick(lang, in.BreakNoteEN, in.BreakNoteZH)}
	}
	return tr
}

// Latest is the latest actual point in range.
func (t Trend) Latest() (Point, bool) {
	if n := len(t.Actual.Points); n > 0 {
		return t.Actual.Points[n-1], true
	}
	return Point{}, false
}

// Nearest is the target the overview shows: the nearest one not yet past (target year >= AsOf; without AsOf,
// after the latest actual year), else the latest one; nil when there is none. Among targets of the same year a
// binding one wins, then the first in order.
func Nearest(t Trend) *TargetView {
	ref := t.AsOf
	if ref == 0 {
		ref = 1
		if p, ok := t.Latest(); ok {
			ref = p.Year + 1
		}
	}
	var best *TargetView
	for i := range t.Targets {
		tv := &t.Targets[i]
		if tv.Target.Year < ref {
			continue
		}
		if best == nil || tv.Target.Year < best.Target.Year ||
			(tv.Target.Year == best.Target.Year && tv.Target.Binding && !best.Target.Binding) {
			best = tv
		}
	}
	if best != nil {
		return best
	}
	for i := range t.Targets {
		tv := &t.Targets[i]
		if best == nil || tv.Target.Year > best.Target.Year ||
			(tv.Target.Year == best.Target.Year && tv.Target.Binding && !best.Target.Binding) {
			best = tv
		}
	}
	return best
}

// ownObservations keeps the yearly and monthly rows of this indicator (and region, when asked), by period and
// vintage. The result may share its elements with obs (rows the database gave are usually just these, in this
// order: the overview builds hundreds of trends from them): read it, never write it.
func ownObservations(in record.Indicator, obs []record.Observation, region string) []record.Observation {
	if ownAndInOrder(in, obs, region) {
		return obs[:len(obs):len(obs)]
	}
	out := make([]record.Observation, 0, len(obs))
	for _, ob := range obs {
		if (ob.Indicator == "" || ob.Indicator == in.Code) && (region == "" || ob.Region == region) {
			out = append(out, ob)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		return a.Vintage < b.Vintage
	})
	return out
}

// ownAndInOrder reports whether every row of obs is of this indicator (and region) and the rows are in the
// order ownObservations sorts them into (a stable sort of such rows leaves them as they are).
func ownAndInOrder(in record.Indicator, obs []record.Observation, region string) bool {
	for i := range obs {
		ob := &obs[i]
		if (ob.Indicator != "" && ob.Indicator != in.Code) || (region != "" && ob.Region != region) {
			return false
		}
		if i > 0 {
			p := &obs[i-1]
			if ob.Year < p.Year || (ob.Year == p.Year && (ob.Month < p.Month || (ob.Month == p.Month && ob.Vintage < p.Vintage))) {
				return false
			}
		}
	}
	return true
}

// ownTargets keeps this indicator's targets, by year then id so pages and exports list them in a stable order.
func ownTargets(in record.Indicator, targets []record.Target, region string) []record.Target {
	out := make([]record.Target, 0, len(targets))
	for _, t := range targets {
		if (t.Indicator == "" || t.Indicator == in.Code) && (region == "" || t.Region == "" || t.Region == region) {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year < out[j].Year
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// latestVintages is the current value of each year: the yearly row with the highest vintage (monthly rows are
// left to the tables; the chart is yearly). A year without a row is simply absent: gaps stay gaps.
// obs is in the order of ownObservations (by year): the rows of a year are together, and the first yearly row
// with the highest vintage is the year's value.
func latestVintages(obs []record.Observation) []Point {
	var latest []int // index in obs of each year's value, by year
	for i := range obs {
		ob := &obs[i]
		if ob.Month != 0 {
			continue
		}
		if n := len(latest); n > 0 && obs[latest[n-1]].Year == ob.Year {
			if ob.Vintage > obs[latest[n-1]].Vintage {
				latest[n-1] = i
			}
			continue
		}
		latest = append(latest, i)
	}
	if len(latest) == 0 {
		return []Point{}
	}
	out := make([]Point, len(latest))
	for k, i := range latest {
		ob := &obs[i]
		out[k] = Point{
			Year: ob.Year, Value: ob.Float(), Exact: ob.Value,
			Flag: ob.Flag, Note: ob.Note, Quote: ob.Quote, Source: &ob.Source, // the row's, read-only as obs
			Vintage: ob.Vintage, Vintages: ob.Vintages,
		}
	}
	return out
}

func values(points []Point) []progress.Point {
	out := make([]progress.Point, len(points))
	for i, p := range points {
		out[i] = progress.Point{Year: p.Year, Value: p.Value}
	}
	return out
}

// vintagesIn keeps the rows of obs (in the order of ownObservations, by year) within [from, to]: one run of
// them, shared with obs (nil when none).
func vintagesIn(obs []record.Observation, from, to int) []record.Observation {
	lo := 0
	for lo < len(obs) && obs[lo].Year < from {
		lo++
	}
	hi := lo
	for hi < len(obs) && obs[hi].Year <= to {
		hi++
	}
	if lo == hi {
		return nil
	}
	return obs[lo:hi:hi]
}

func eventsIn(code string, events []record.Event, from, to int) []record.Event {
	var out []record.Event
	for _, e := range events {
		if (e.Indicator == "" || e.Indicator == code) && e.Date.Year() >= from && e.Date.Year() <= to {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// yearRange is the range shown: the options where given, else the extent of the data and the target years.
func yearRange(actual Series, index *Series, targets []record.Target, o Options) (from, to int) {
	var years []int
	for _, p := range actual.Points {
		years = append(years, p.Year)
	}
	if index != nil {
		for _, p := range index.Points {
			years = append(years, p.Year)
		}
	}
	for _, t := range targets {
		years = append(years, t.Year)
	}
	for _, y := range years {
		if from == 0 || y < from {
			from = y
		}
		if y > to {
			to = y
		}
	}
	if o.From != 0 {
		from = o.From
	}
	if o.To != 0 {
		to = o.To
	}
	return from, to
}

// clip keeps the points of s within [from, to] (nil when none).
func clip(s Series, from, to int) Series {
	out := s
	n := 0
	for _, p := range s.Points {
		if p.Year >= from && p.Year <= to {
			n++
		}
	}
	out.Points = nil
	if n == 0 {
		return out
	}
	out.Points = make([]Point, 0, n)
	for _, p := range s.Points {
		if p.Year >= from && p.Year <= to {
			out.Points = append(out.Points, p)
		}
	}
	return out
}

// distinguish adds the document to the labels that two targets share (the same goal announced in a speech
// and set down in the NDC), so that each entry of a list or a legend names one target.
func distinguish(views []TargetView, lang string) {
	count := map[string]int{}
	for _, v := range views {
		count[v.Label]++
	}
	for i, v := range views {
		if count[v.Label] > 1 && v.Document != "" {
			views[i].Label += text.Tf(lang, "trend.document", v.Document)
		}
	}
}
