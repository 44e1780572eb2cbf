// Package trend builds what an indicator page draws, what its downloads carry and what the API returns, from the
// rows of package db: one pure function (Build), no I/O, so one test covers the chart, the table and the exports.
package trend

import (
	"cmp"
	"slices"
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
	// Lean builds what the counts of statuses read (CountStatuses, Answer) and nothing else, for the overview's
	// indicators without a card of their own: each target in range with its Target, Scale and Status, computed
	// as always; the trend's Indicator, Lang, Name, Unit, Definition, AsOf, From and To. No series (Actual and
	// Index are empty), no texts of the targets (Label, PlanName, Document, StatusText), no Goal, and whatever
	// Brief leaves out. Lean implies Brief.
	Lean bool
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
		Definition: text.Pick(lang, in.DefinitionEN, in.DefinitionZH),
		AsOf:       o.AsOf,
	}
	obs = ownObservations(in, obs, o.Region)
	targets = ownTargets(in, targets, o.Region)
	if o.Lean {
		return buildLean(tr, obs, targets, o)
	}
	tr.Shown = text.ShownUnit(lang, in.Unit, in.UnitZH)

	actual := Series{ID: "actual", Kind: "actual", Name: text.T(lang, "trend.actual"), Points: latestVintages(obs)}
	s := scales{actual: values(actual.Points)}
	var index *Series
	if in.Measure == "yoy_change" {
		s.changes = s.actual
		index = buildIndex(s.changes, targets, lang)
		if index != nil {
			s.index = values(index.Points)
		}
	}

	views := make([]TargetView, 0, len(targets))
	for _, t := range targets {
		views = append(views, targetView(in, t, s, lang, o.AsOf, o.Brief))
	}
	distinguish(views, lang)

	tr.From, tr.To = yearRange(s.actual, s.index, targets, o)
	tr.Actual = clip(actual, tr.From, tr.To)
	if index != nil {
		c := clip(*index, tr.From, tr.To)
		tr.Index = &c
	}
	tr.Targets = make([]TargetView, 0, len(views))
	for _, v := range views {
		if v.Target.Year < tr.From || v.Target.Year > tr.To {
			continue
		}
		if !o.Brief {
			v.Trajectory = clip(v.Trajectory, tr.From, tr.To)
		}
		tr.Targets = append(tr.Targets, v)
	}
	if len(tr.Targets) == 0 {
		tr.Targets = nil
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

// buildLean is the rest of Build with Options.Lean: the statuses of the targets in range, from the values alone
// (no points with their sources, no texts), as targetView assesses them.
func buildLean(tr Trend, obs []record.Observation, targets []record.Target, o Options) Trend {
	s := scales{actual: latestValues(obs)}
	if tr.Indicator.Measure == "yoy_change" {
		s.changes = s.actual
		s.index = progress.Index(s.changes, IndexBase(s.changes, targets))
	}
	tr.From, tr.To = yearRange(s.actual, s.index, targets, o)
	n := 0
	for _, t := range targets {
		if t.Year >= tr.From && t.Year <= tr.To {
			n++
		}
	}
	if n == 0 {
		return tr
	}
	tr.Targets = make([]TargetView, 0, n)
	for _, t := range targets {
		if t.Year < tr.From || t.Year > tr.To {
			continue
		}
		scale, series, pt := place(tr.Indicator, t, s)
		tr.Targets = append(tr.Targets, TargetView{Target: t, Scale: scale,
			Status: progress.Assess(series, pt, TargetBaseYear(t), tr.Indicator.Direction, o.AsOf)})
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
// When targets are just these, in that order, the result is targets itself (read it, never write it).
func ownTargets(in record.Indicator, targets []record.Target, region string) []record.Target {
	own := func(t *record.Target) bool {
		return (t.Indicator == "" || t.Indicator == in.Code) && (region == "" || t.Region == "" || t.Region == region)
	}
	byYearThenID := func(a, b *record.Target) int {
		if c := cmp.Compare(a.Year, b.Year); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}
	inOrder := true
	for i := range targets {
		if !own(&targets[i]) || (i > 0 && byYearThenID(&targets[i-1], &targets[i]) > 0) {
			inOrder = false
			break
		}
	}
	if inOrder {
		return targets[:len(targets):len(targets)]
	}
	out := make([]record.Target, 0, len(targets))
	for i := range targets {
		if own(&targets[i]) {
			out = append(out, targets[i])
		}
	}
	slices.SortStableFunc(out, func(a, b record.Target) int { return byYearThenID(&a, &b) })
	return out
}

// latestVintages is the current value of each year: the yearly row with the highest vintage (monthly rows are
// left to the tables; the chart is yearly). A year without a row is simply absent: gaps stay gaps.
func latestVintages(obs []record.Observation) []Point {
	n := 0
	eachLatest(obs, func(int) { n++ })
	if n == 0 {
		return []Point{}
	}
	out := make([]Point, 0, n)
	eachLatest(obs, func(i int) {
		ob := &obs[i]
		out = append(out, Point{
			Year: ob.Year, Value: ob.Float(), Exact: ob.Value,
			Flag: ob.Flag, Note: ob.Note, Quote: ob.Quote, Source: &ob.Source, // the row's, read-only as obs
			Vintage: ob.Vintage, Vintages: ob.Vintages,
		})
	})
	return out
}

// latestValues is values(latestVintages(obs)) without the points: what a lean trend assesses.
func latestValues(obs []record.Observation) []progress.Point {
	n := 0
	eachLatest(obs, func(int) { n++ })
	if n == 0 {
		return nil
	}
	out := make([]progress.Point, 0, n)
	eachLatest(obs, func(i int) { out = append(out, progress.Point{Year: obs[i].Year, Value: obs[i].Float()}) })
	return out
}

// eachLatest calls f with the index in obs of each year's current value, by year. obs is in the order of
// ownObservations (by year): the rows of a year are together, and the first yearly row with the highest vintage
// is the year's value.
func eachLatest(obs []record.Observation, f func(int)) {
	best := -1 // the current year's value so far
	for i := range obs {
		ob := &obs[i]
		if ob.Month != 0 {
			continue
		}
		if best >= 0 && obs[best].Year == ob.Year {
			if ob.Vintage > obs[best].Vintage {
				best = i
			}
			continue
		}
		if best >= 0 {
			f(best)
		}
		best = i
	}
	if best >= 0 {
		f(best)
	}
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
func yearRange(actual, index []progress.Point, targets []record.Target, o Options) (from, to int) {
	see := func(y int) {
		if from == 0 || y < from {
			from = y
		}
		if y > to {
			to = y
		}
	}
	for _, p := range actual {
		see(p.Year)
	}
	for _, p := range index {
		see(p.Year)
	}
	for _, t := range targets {
		see(t.Year)
	}
	if o.From != 0 {
		from = o.From
	}
	if o.To != 0 {
		to = o.To
	}
	return from, to
}

// clip keeps the points of s within [from, to] (nil when none). When every point is within, the result shares
// s's points (read them, never write them): the overview clips hundreds of series to their own extent.
func clip(s Series, from, to int) Series {
	out := s
	n := 0
	for _, p := range s.Points {
		if p.Year >= from && p.Year <= to {
			n++
		}
	}
	switch n {
	case 0:
		out.Points = nil
		return out
	case len(s.Points):
		out.Points = s.Points[:n:n]
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
// and set down in the NDC), so that each entry of a list or a legend names one target. An indicator's few
// targets are compared pairwise; many are counted in a map.
func distinguish(views []TargetView, lang string) {
	shared := func(i int) bool {
		for j := range views {
			if j != i && views[j].Label == views[i].Label {
				return true
			}
		}
		return false
	}
	if len(views) > 16 {
		count := make(map[string]int, len(views))
		for _, v := range views {
			count[v.Label]++
		}
		shared = func(i int) bool { return count[views[i].Label] > 1 }
	}
	// Decide for every view before changing any label.
	var dup []int
	for i := range views {
		if views[i].Document != "" && shared(i) {
			dup = append(dup, i)
		}
	}
	for _, i := range dup {
		views[i].Label += text.Tf(lang, "trend.document", views[i].Document)
	}
}
