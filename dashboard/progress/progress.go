// Package progress holds the pure computations behind a target's progress status: the cumulative index chained
// from published year-on-year changes, the absolute goal a target implies, the trajectory towards it and the
// Open SDG / Statistics Canada assessment. No I/O: everything here is table-tested.
package progress

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// Point is one yearly value of a series.
type Point struct {
	Year  int
	Value float64
}

// Target is what the computations need to know about an official target.
type Target struct {
	Year     int
	Value    float64
	Kind     string // level | cap | floor | change (Value in % vs BaseYear)
	BaseYear int
}

// Status codes returned by Assess.
const (
	Achieved = "achieved" // the goal is reached before the target year
	OnTrack  = "on_track" // R >= 0.95
	Moderate = "moderate" // 0.60 <= R < 0.95
	Limited  = "limited"  // 0 <= R < 0.60
	Away     = "away"     // R < 0: moving away from the goal
	Met      = "met"      // a value for the target year (or later) reaches the goal
	Missed   = "missed"   // a value for the target year (or later) falls short
	NoData   = "no_data"  // not enough data to say
)

// Thresholds of the ratio R (Open SDG / Statistics Canada).
const (
	onTrackRatio  = 0.95
	moderateRatio = 0.60
)

// BaseYearSlack is how far (in years) Assess and Trajectory look for a proxy when the base year of a level, cap or
// floor target has no value. Statistical series often start a year late or skip the plan's base year; a value one
// or two years off still describes the starting point of the plan period, a value further off does not. Change
// targets never use a proxy: their goal is defined by the base year's own value.
const BaseYearSlack = 2

// Status is the outcome of Assess, with the method's parameters so a page or an export can explain it.
type Status struct {
	Code                       string // achieved | on_track | moderate | limited | away | met | missed | no_data
	BaseYear, LatestYear       int    // BaseYear: the year whose value was used (may be a proxy, see BaseYearSlack)
	TargetYear                 int
	BaseValue, LatestValue     float64
	Goal                       float64
	ObservedRate, RequiredRate float64 // compound annual rates, fractions (-0.02 = -2 %/yr); see Linear
	Ratio                      float64 // R = ObservedRate / RequiredRate; 0 when undefined (required rate 0)
	StillRequired              float64 // annual rate needed from the latest value to reach the goal by TargetYear
	// Linear is true when a value or the goal is <= 0, so compound rates are undefined: the rates are then
	// linear, in the series' own unit per year (e.g. percentage points per year of a y/y change).
	Linear bool
	// LastVerdict is set when the target year is over (and its figures due, see PublicationLag) but no value
	// for it or a later year exists: Code is then no_data, and LastVerdict is what the last value said
	// (on_track, moderate ...), with the rates above as they were then.
	LastVerdict string
}

// PublicationLag is how many years after a year its figures appear: the statistical communiqué and the
// ecology bulletin of year Y come out in the spring of Y+1. A target whose year is further back than that and
// that has no value for its year is not judged on an older value: neither met nor missed can be told, and a
// progress verdict for a year already over would read as a forecast.
const PublicationLag = 1

// Index chains published year-on-year % changes into a cumulative index = 100 at baseYear (derived). Years after a
// gap in the changes are not chained (the index stops at the first missing year). Changes for baseYear or earlier
// are ignored. It returns nil when there is no change for baseYear+1, i.e. nothing to chain.
func Index(changes []Point, baseYear int) []Point {
	byYear := make(map[int]float64, len(changes))
	for _, c := range changes {
		byYear[c.Year] = c.Value
	}
	if _, ok := byYear[baseYear+1]; !ok {
		return nil
	}
	out := []Point{{Year: baseYear, Value: 100}}
	v := 100.0
	for y := baseYear + 1; ; y++ {
		c, ok := byYear[y]
		if !ok {
			return out
		}
		v *= 1 + c/100
		out = append(out, Point{Year: y, Value: v})
	}
}

// Goal converts a target into an absolute level on the series' scale (change targets: base value*(1+v/100)).
// ok is false for a change target without a base year or without a value for it.
func Goal(series []Point, t Target) (goal float64, ok bool) {
	if t.Kind != "change" {
		return t.Value, true
	}
	if t.BaseYear == 0 {
		return 0, false
	}
	base, ok := valueAt(series, t.BaseYear)
	if !ok {
		return 0, false
	}
	return base * (1 + t.Value/100), true
}

// Trajectory is the path the target implies, from the base-year value to the goal, one point per year, at a
// constant compound annual rate (linear when the base or the goal is <= 0). baseYear 0 means t.BaseYear. It is nil
// when the goal or the base value is unknown, or the target year is not after the base year.
func Trajectory(series []Point, t Target, baseYear int) []Point {
	goal, ok := Goal(series, t)
	if !ok {
		return nil
	}
	by, bv, ok := baseValue(series, t, baseYear)
	if !ok || t.Year <= by {
		return nil
	}
	n := float64(t.Year - by)
	out := make([]Point, 0, t.Year-by+1)
	for y := by; y <= t.Year; y++ {
		f := float64(y-by) / n
		var v float64
		if bv > 0 && goal > 0 {
			v = bv * math.Pow(goal/bv, f)
		} else {
			v = bv + (goal-bv)*f
		}
		out = append(out, Point{Year: y, Value: v})
	}
	out[len(out)-1].Value = goal // exact at the target year, whatever the rounding
	return out
}

// Assess rates progress towards a target with the Open SDG / Statistics Canada method. R, the observed compound
// annual growth rate since the base year divided by the rate required to reach the goal by the target year, gives
// on_track (R >= 0.95), moderate (0.60-0.95), limited (0-0.60) or away (< 0). A goal reached before the target year
// is achieved. Once a value for the target year (or a later one) exists the verdict is met or missed; until then
// progress is assessed from the latest value, and once the target year's figures are overdue (asOf after the
// target year plus PublicationLag) the status is no_data, with the last verdict kept in LastVerdict. Values
// after asOf are ignored (asOf 0: none).
// baseYear 0 means t.BaseYear. direction ("up"|"down") decides what "reached" means for kind level.
func Assess(series []Point, t Target, baseYear int, direction string, asOf int) Status {
	st := Status{Code: NoData, TargetYear: t.Year}
	series = upTo(sorted(series), asOf)
	goal, ok := Goal(series, t)
	if !ok {
		return st
	}
	st.Goal = goal
	by, bv, hasBase := baseValue(series, t, baseYear)
	hasBase = hasBase && t.Year > by
	if hasBase {
		st.BaseYear, st.BaseValue = by, bv
	}
	// A value for the target year settles it, with or without a base: an absolute goal
	// (level, cap, floor) needs no base value to be judged met or missed.
	if p, ok := firstFrom(series, t.Year); ok && (hasBase || judgeable(t, direction)) {
		st.LatestYear, st.LatestValue = p.Year, p.Value
		if hasBase {
			st.Linear = linear(bv, p.Value, goal)
			st.ObservedRate = rateOf(bv, p.Value, p.Year-by, st.Linear)
			st.RequiredRate = rateOf(bv, goal, t.Year-by, st.Linear)
			st.Ratio = ratio(st.ObservedRate, st.RequiredRate)
		}
		st.Code = Missed
		if reached(p.Value, goal, bv, t, direction) {
			st.Code = Met
		}
		return st
	}
	if !hasBase {
		// No rate can be measured without a base; a goal already reached still shows.
		if p, ok := lastAfter(series, 0); ok && judgeable(t, direction) && reached(p.Value, goal, bv, t, direction) {
			st.LatestYear, st.LatestValue, st.Code = p.Year, p.Value, Achieved
		}
		return st
	}

	latest, ok := lastAfter(series, by)
	if !ok {
		return st
	}
	st.LatestYear, st.LatestValue = latest.Year, latest.Value
	st.Linear = linear(bv, latest.Value, goal)
	st.ObservedRate = rateOf(bv, latest.Value, latest.Year-by, st.Linear)
	st.RequiredRate = rateOf(bv, goal, t.Year-by, st.Linear)
	st.StillRequired = rateOf(latest.Value, goal, t.Year-latest.Year, st.Linear)
	st.Ratio = ratio(st.ObservedRate, st.RequiredRate)
	st.Code = verdict(st, reached(latest.Value, goal, bv, t, direction))
	if asOf > t.Year+PublicationLag && st.Code != Achieved {
		st.LastVerdict, st.Code = st.Code, NoData
	}
	return st
}

// judgeable reports whether reaching the goal can be told without a base value:
// caps and floors always, level targets when the indicator has a direction.
func judgeable(t Target, direction string) bool {
	switch t.Kind {
	case "cap", "floor":
		return true
	case "level":
		return direction == "up" || direction == "down"
	}
	return false
}

// verdict maps a status still in progress to its code.
func verdict(st Status, isReached bool) string {
	if isReached {
		return Achieved
	}
	// The base was already past the goal and the series has crossed back: from the base no movement was needed
	// (or the opposite one), so R would read as progress. Any movement that left the goal unmet is moving away.
	if st.RequiredRate == 0 || (st.RequiredRate > 0) != (st.StillRequired > 0) {
		return Away
	}
	switch r := st.Ratio; {
	case r >= onTrackRatio:
		return OnTrack
	case r >= moderateRatio:
		return Moderate
	case r >= 0:
		return Limited
	default:
		return Away
	}
}

// reached reports whether v satisfies the goal: a cap is "at most", a floor "at least"; a level target follows the
// indicator's direction (or, without one, the side of the goal the base was on); a change target follows the sign
// of the change.
func reached(v, goal, base float64, t Target, direction string) bool {
	eps := 1e-9 * math.Max(1, math.Abs(goal))
	atMost := v <= goal+eps
	atLeast := v >= goal-eps
	switch t.Kind {
	case "cap":
		return atMost
	case "floor":
		return atLeast
	case "change":
		if t.Value < 0 {
			return atMost
		}
		if t.Value > 0 {
			return atLeast
		}
	}
	switch direction {
	case "down":
		return atMost
	case "up":
		return atLeast
	}
	if goal < base {
		return atMost
	}
	return atLeast
}

// linear reports whether compound rates are undefined for these values.
func linear(values ...float64) bool {
	for _, v := range values {
		if v <= 0 {
			return true
		}
	}
	return false
}

// rateOf is the compound annual rate from a to b over n years, or the linear one (unit per year) when lin is set
// or compounding is undefined.
func rateOf(a, b float64, n int, lin bool) float64 {
	if n <= 0 {
		return 0
	}
	if lin || a <= 0 || b <= 0 {
		return (b - a) / float64(n)
	}
	return math.Pow(b/a, 1/float64(n)) - 1
}

func ratio(observed, required float64) float64 {
	if required == 0 {
		return 0
	}
	return observed / required
}

// baseValue finds the base year's value. For change targets only the base year itself counts (the goal is defined
// by it); otherwise the nearest year within BaseYearSlack stands in, an earlier year preferred because it keeps the
// whole plan period inside the observed rate.
func baseValue(series []Point, t Target, baseYear int) (int, float64, bool) {
	if baseYear == 0 {
		baseYear = t.BaseYear
	}
	if baseYear == 0 {
		return 0, 0, false
	}
	if v, ok := valueAt(series, baseYear); ok {
		return baseYear, v, true
	}
	if t.Kind == "change" {
		return 0, 0, false
	}
	for d := 1; d <= BaseYearSlack; d++ {
		if v, ok := valueAt(series, baseYear-d); ok {
			return baseYear - d, v, true
		}
		if v, ok := valueAt(series, baseYear+d); ok {
			return baseYear + d, v, true
		}
	}
	return 0, 0, false
}

func valueAt(series []Point, year int) (float64, bool) {
	for _, p := range series {
		if p.Year == year {
			return p.Value, true
		}
	}
	return 0, false
}

// firstFrom is the earliest point in year or later (series sorted).
func firstFrom(series []Point, year int) (Point, bool) {
	for _, p := range series {
		if p.Year >= year {
			return p, true
		}
	}
	return Point{}, false
}

// lastAfter is the latest point after year (series sorted).
func lastAfter(series []Point, year int) (Point, bool) {
	if n := len(series); n > 0 && series[n-1].Year > year {
		return series[n-1], true
	}
	return Point{}, false
}

// sorted is series by year: series itself when it is already in that order (as the trends pass it), else a
// sorted copy. Read the result, never write it.
func sorted(series []Point) []Point {
	if slices.IsSortedFunc(series, func(a, b Point) int { return cmp.Compare(a.Year, b.Year) }) {
		return series
	}
	out := append([]Point(nil), series...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// upTo keeps the points of a sorted series up to asOf: a prefix of it.
func upTo(series []Point, asOf int) []Point {
	if asOf == 0 {
		return series
	}
	n := len(series)
	for n > 0 && series[n-1].Year > asOf {
		n--
	}
	return series[:n:n]
}
