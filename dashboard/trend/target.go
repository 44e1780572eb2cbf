package trend

import (
	"sort"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// IndexBase is the year at which the drawn index of a yoy_change indicator equals 100: the earliest base year of
// a change target from which the published changes chain without a gap up to the latest change, so the targets
// that matter now sit on the index with the current value. Without such a target it is the year before the first
// change of the last unbroken run of changes. 0 when there are no changes.
//
// One index, one axis: a change target whose base year lies on that index gets its goal and trajectory from the
// index value at its own base year (the relative change does not depend on where the index is 100), see
// targetView. Chaining never bridges a gap, because the change for the missing year is unknown.
func IndexBase(changes []progress.Point, targets []record.Target) int {
	if len(changes) == 0 {
		return 0
	}
	latest := changes[0].Year
	for _, c := range changes {
		latest = max(latest, c.Year)
	}
	var bases []int
	for _, t := range targets {
		if t.Kind == "change" && t.BaseYear != 0 {
			bases = append(bases, t.BaseYear)
		}
	}
	sort.Ints(bases)
	for _, b := range bases {
		if idx := progress.Index(changes, b); len(idx) > 0 && idx[len(idx)-1].Year == latest {
			return b
		}
	}
	have := map[int]bool{}
	for _, c := range changes {
		have[c.Year] = true
	}
	first := latest
	for have[first-1] {
		first--
	}
	return first - 1
}

func buildIndex(changes []progress.Point, targets []record.Target, lang string) *Series {
	base := IndexBase(changes, targets)
	idx := progress.Index(changes, base)
	if idx == nil {
		return nil
	}
	s := &Series{ID: "index", Kind: "index", Name: indexName(lang, base), Points: make([]Point, 0, len(idx))}
	for _, p := range idx {
		s.Points = append(s.Points, Point{Year: p.Year, Value: p.Value, Derived: true})
	}
	return s
}

// TargetBaseYear is the year a target's trajectory and progress are measured from: its own base year when it has
// one; else the year before its plan period starts (the last year the plan's authors had data for); else, for
// documents outside the five-year cycle, the year before the document was issued (or, lacking that date, before
// its source was published). 0 when none of these is known.
func TargetBaseYear(t record.Target) int {
	if t.BaseYear != 0 {
		return t.BaseYear
	}
	if p, ok := record.PlanOf(t.Plan); ok {
		return p.BaseYear
	}
	if y := leadingYear(t.Issued); y != 0 {
		return y - 1
	}
	if y := leadingYear(t.Source.Published); y != 0 {
		return y - 1
	}
	return 0
}

func leadingYear(date string) int {
	if len(date) < 4 {
		return 0
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return 0
	}
	return y
}

// scales are the values a trend's targets are placed and assessed on, computed once per trend: the actual
// values; for a yoy_change indicator the published changes (the actual values) and the drawn index.
type scales struct {
	actual, changes, index []progress.Point
}

// place is the scale of a target and the series it is assessed on (see ScaleNone), and the target as package
// progress reads it.
func place(in record.Indicator, t record.Target, s scales) (scale string, series []progress.Point, pt progress.Target) {
	pt = progress.Target{Year: t.Year, Value: t.Float(), Kind: t.Kind, BaseYear: t.BaseYear}
	scale, series = ScaleLevel, s.actual
	if in.Measure == "yoy_change" && t.Kind == "change" {
		scale, series = ScaleIndex, s.index
	}
	if _, ok := progress.Goal(series, pt); !ok {
		// A relative target whose base value is not on the drawn series cannot be placed on the chart. A yoy
		// target is still assessed, on an index of its own (100 at its base year).
		scale = ScaleNone
		if in.Measure == "yoy_change" {
			series = progress.Index(s.changes, t.BaseYear)
		}
	}
	return scale, series, pt
}

// targetView places one target on its scale and assesses it on the full series (the range only clips drawing).
func targetView(in record.Indicator, t record.Target, s scales, lang string, asOf int, brief bool) TargetView {
	base := TargetBaseYear(t)
	tv := TargetView{Target: t, PlanName: PlanName(t, lang), Document: DocumentName(t, lang)}
	var series []progress.Point
	var pt progress.Target
	tv.Scale, series, pt = place(in, t, s)
	tv.Goal = goalPoint(t, series, pt)
	switch {
	case brief: // Options.Brief: no trajectory
	case tv.Scale != ScaleNone:
		tv.Trajectory = trajectory(t, series, pt, base, lang, tv.PlanName)
	default:
		tv.Trajectory = Series{ID: "trajectory-" + strconv.FormatInt(t.ID, 10), Kind: "trajectory", Name: trajectoryName(lang, tv.PlanName)}
	}
	tv.Status = progress.Assess(series, pt, base, in.Direction, asOf)
	tv.Label = Label(in, t, lang)
	tv.StatusText = StatusText(in, t, tv.Status, lang)
	return tv
}

// goalPoint is the target at its year: the stated value for absolute targets, the computed level for relative
// ones (Derived; Value 0 when the base is unknown).
func goalPoint(t record.Target, series []progress.Point, pt progress.Target) Point {
	src := t.Source
	p := Point{Year: t.Year, Flag: t.Flag, Note: t.Note, Quote: t.Quote, Source: &src}
	if t.Kind != "change" {
		p.Value, p.Exact = pt.Value, t.Value
		return p
	}
	p.Value, _ = progress.Goal(series, pt)
	p.Derived = true
	return p
}

func trajectory(t record.Target, series []progress.Point, pt progress.Target, base int, lang, plan string) Series {
	s := Series{ID: "trajectory-" + strconv.FormatInt(t.ID, 10), Kind: "trajectory", Name: trajectoryName(lang, plan)}
	for _, p := range progress.Trajectory(series, pt, base) {
		s.Points = append(s.Points, Point{Year: p.Year, Value: p.Value, Derived: true})
	}
	return s
}
