package record

// The vocabulary of the dataset: every coded value a field may take. The migrations' CHECK constraints hold the
// same lists (vocab_test.go ties them together); seed validates against these, the dashboard names and colours
// each code (package dashboard/text). The functions return fresh slices: callers may keep or change them.

// Categories are the indicator categories, in the order the overview shows them.
func Categories() []string {
	return []string{"energy_structure", "efficiency_carbon", "air_water", "ecology", "carbon_market", "industry"}
}

// Plan is a plan family a target belongs to: a five-year plan with its period, or another document.
type Plan struct {
	Code string
	// From and To are the period of a five-year plan; 0 for other documents.
	From, To int
	// BaseYear is the year a target of the plan without a base year of its own is measured from: the year
	// before a five-year plan's period (the last year its authors had data for), for other documents the last
	// full year of data behind them.
	BaseYear int
}

// FiveYear reports whether the plan is a five-year plan.
func (p Plan) FiveYear() bool { return p.From != 0 }

// PlanOther is the plan of a target whose document belongs to no family of Plans(): it is named by its
// document.
const PlanOther = "other"

// Plans are the plan families, five-year plans first in order, then the other documents.
func Plans() []Plan {
	return []Plan{
		{Code: "fyp11", From: 2006, To: 2010, BaseYear: 2005},
		{Code: "fyp12", From: 2011, To: 2015, BaseYear: 2010},
		{Code: "fyp13", From: 2016, To: 2020, BaseYear: 2015},
		{Code: "fyp14", From: 2021, To: 2025, BaseYear: 2020},
		{Code: "fyp15", From: 2026, To: 2030, BaseYear: 2025},
		// Issued in 2020-2021 alongside the 14th FYP; they share its base year.
		{Code: "action2030", BaseYear: 2020},
		// Submitted in June 2015, stated against 2005 where relative (then the target has its own base year).
		{Code: "ndc2015", BaseYear: 2015},
		{Code: "ndc2021", BaseYear: 2020},
		// Announced in September 2025: 2024 is the last full year of data behind it.
		{Code: "ndc2035", BaseYear: 2024},
		{Code: "goal2060", BaseYear: 2020},
		{Code: "guidance2021", BaseYear: 2020},
	}
}

// PlanOf is the plan family of code; false for PlanOther and unknown codes.
func PlanOf(code string) (Plan, bool) {
	for _, p := range Plans() {
		if p.Code == code {
			return p, true
		}
	}
	return Plan{}, false
}

// PlanCodes are the codes a target's plan may take: every plan of Plans(), then PlanOther.
func PlanCodes() []string {
	var out []string
	for _, p := range Plans() {
		out = append(out, p.Code)
	}
	return append(out, PlanOther)
}

// TargetKinds: level (reach about the value), cap (at most), floor (at least), change (a % change of the level
// relative to the base year).
func TargetKinds() []string { return []string{"level", "cap", "floor", "change"} }

// ObservationFlags are the qualifiers a value keeps from its source ("" for none).
func ObservationFlags() []string {
	return []string{"", "over", "under", "about", "preliminary", "estimate"}
}

// TargetFlags are the qualifiers a target keeps from its document ("" for none).
func TargetFlags() []string { return []string{"", "over", "under", "about"} }

// Directions say which way of an indicator's value is progress.
func Directions() []string { return []string{"up", "down"} }

// Measures: level (values are levels), yoy_change (published year-on-year % changes).
func Measures() []string { return []string{"level", "yoy_change"} }

// RegionLevels are the levels of a region.
func RegionLevels() []string { return []string{"country", "province"} }

// RatingColours are the ratings of an assessment, worst first: red (level 1, 一级: the situation very severe),
// yellow (level 2, 二级), green (level 3, 三级: progress basically smooth).
func RatingColours() []string { return []string{"red", "yellow", "green"} }

// SourceStandings are the standings of a source, best first: the publisher's own site; official media (Xinhua,
// People's Daily, China Daily, CCTV/CGTN, China News Service, China.org.cn, Global Times, gov.cn pages carrying
// their text); other media (wires, business and trade press, provincial papers); a repost or aggregator (a
// mirror, portal or unknown site); a secondary estimate (an analyst's or a third party's own calculation).
// StandingOf derives one from a source's URL; the catalogue overrides it per source.
func SourceStandings() []string {
	return []string{StandingPublisher, StandingOfficialMedia, StandingOtherMedia, StandingRepost, StandingEstimate}
}

// The codes of SourceStandings.
const (
	StandingPublisher     = "publisher"
	StandingOfficialMedia = "official_media"
	StandingOtherMedia    = "other_media"
	StandingRepost        = "repost"
	StandingEstimate      = "estimate"
)
