package trend

import (
	"math"
	"sort"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// The scoreboard (the /targets page and its downloads): every official target of every indicator, one row
// each, with the status its indicator page shows and "by how much". It is built from the same trends as the
// indicator pages, so the two agree by construction.

// StatusOrder is the order of the scoreboard's groups and counts: targets still in progress first (the answer
// to "is China on track?"), then those reached early, then those whose year has come, then those without data.
func StatusOrder() []string {
	return []string{progress.OnTrack, progress.Moderate, progress.Limited, progress.Away,
		progress.Achieved, progress.Met, progress.Missed, progress.NoData}
}

// Orders of the scoreboard.
const (
	SortStatus    = "status" // grouped by status (default)
	SortIndicator = "indicator"
	SortYear      = "year"
)

// ScoreRow is one target on the scoreboard: raw values for the downloads, texts in the trend's language.
type ScoreRow struct {
	TV       TargetView
	Code     string // indicator
	Name     string // indicator, in the language
	Unit     string // indicator's unit, in the language
	Order    int    // position of the indicator in display order
	Plan     string // plan name, in the language
	Document string // the document, when it says more than the plan name

	// The indicator page and the target on it: set by the page, which knows its addresses.
	URL, TargetURL string

	StatusLabel string

	HasLatest   bool
	LatestValue string // the stored decimal text
	LatestText  string // with the unit
	LatestYear  int
	LatestFlag  string
	LatestSrc   record.Source // the publication of the latest value
	// LatestStanding is the standing of LatestSrc in the page's language (text.StandingName).
	LatestStanding string

	// The gap: for level, cap and floor targets the value the status rests on minus the target, in the
	// indicator's unit; for change targets the change achieved since the base year (%), against Target.Value.
	HasGap      bool
	GapYear     int
	Gap         float64 // level, cap, floor
	GapUnit     string  // "pp" for shares and other % units, else the indicator's unit (in the language)
	Achieved    float64 // change targets: % change from the base year to GapYear
	GapBaseYear int     // change targets
	GapText     string

	HasRates                  bool   // R and the observed and required rates are defined
	Ratio, Observed, Required string // R; the observed and required annual rates
	Still                     string // the rate still required per year (in progress only), as the indicator page shows it
}

// ScoreGroup is a status group of the scoreboard (or, sorted otherwise, the one table).
type ScoreGroup struct {
	Status, Label string // empty when not grouped
	Rows          []ScoreRow
}

// StatusCount is the number of targets with one status.
type StatusCount struct {
	Status, Label string
	Count         int
	Anchor        string // the group on the scoreboard
}

// Scoreboard is every target, in the order asked.
type Scoreboard struct {
	Lang   string
	Rows   []ScoreRow
	Counts []StatusCount // every status of StatusOrder, zeros included
	Total  int
}

// NewScoreboard lists the targets of trends (one per indicator, in display order, each over its whole range,
// in lang) in order (SortStatus, SortIndicator or SortYear).
func NewScoreboard(trends []Trend, lang, order string) Scoreboard {
	sb := Scoreboard{Lang: lang}
	for i, tr := range trends {
		for _, tv := range tr.Targets {
			sb.Rows = append(sb.Rows, newScoreRow(tr, tv, i))
		}
	}
	sb.Counts, sb.Total = CountStatuses(trends, lang)
	sortRows(sb.Rows, order)
	return sb
}

// CountStatuses counts the targets of trends by status, every status of StatusOrder (zeros included), and in
// all: the scoreboard's counts, without its rows (the overview's summary).
func CountStatuses(trends []Trend, lang string) ([]StatusCount, int) {
	count := map[string]int{}
	total := 0
	for _, tr := range trends {
		for _, tv := range tr.Targets {
			count[tv.Status.Code]++
			total++
		}
	}
	var counts []StatusCount
	for _, st := range StatusOrder() {
		counts = append(counts, StatusCount{Status: st, Label: StatusLabel(st, lang), Count: count[st], Anchor: "group-" + st})
	}
	return counts, total
}

func statusRank(code string) int {
	order := StatusOrder()
	for i, st := range order {
		if st == code {
			return i
		}
	}
	return len(order)
}

// sortRows orders rows: by status (then target year and indicator), by indicator (display order, then year),
// or by target year (then indicator). Ties keep the order rows come in: indicators in display order, each
// indicator's targets as its page lists them (year, then id).
func sortRows(rows []ScoreRow, order string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		keys := func(r ScoreRow) []int {
			switch order {
			case SortIndicator:
				return []int{r.Order, r.TV.Target.Year}
			case SortYear:
				return []int{r.TV.Target.Year, r.Order}
			}
			return []int{statusRank(r.TV.Status.Code), r.TV.Target.Year, r.Order}
		}
		ka, kb := keys(a), keys(b)
		for k := range ka {
			if ka[k] != kb[k] {
				return ka[k] < kb[k]
			}
		}
		return false
	})
}

// StillRequired is the rate still required per year to reach a target in progress, as the indicator page and
// the scoreboard write it; "" for a target not in progress.
func StillRequired(tr Trend, tv TargetView) string {
	switch tv.Status.Code {
	case progress.OnTrack, progress.Moderate, progress.Limited, progress.Away:
		return text.Rate(tr.Lang, tv.Status.StillRequired, tv.Status.Linear, tr.Shown, tr.Indicator.Precision, text.InColumn)
	}
	return ""
}

func newScoreRow(tr Trend, tv TargetView, order int) ScoreRow {
	lang := tr.Lang
	r := ScoreRow{
		TV: tv, Code: tr.Indicator.Code, Name: tr.Name, Unit: tr.Unit, Order: order,
		Plan: tv.PlanName, StatusLabel: StatusLabel(tv.Status.Code, lang), Still: StillRequired(tr, tv),
	}
	if tv.Document != tv.PlanName {
		r.Document = tv.Document
	}
	if p, ok := tr.Latest(); ok {
		r.HasLatest, r.LatestValue, r.LatestYear = true, p.Exact, p.Year
		r.LatestText = tr.Shown.Amount(p.Exact)
		r.LatestFlag = text.FlagName(lang, p.Flag)
		if p.Source != nil {
			r.LatestSrc = *p.Source
			r.LatestStanding = text.StandingName(lang, p.Source.Standing)
		}
	}
	r.setGap(tr, tv)
	st := tv.Status
	if st.Code != progress.NoData && st.BaseYear != 0 && st.LatestYear > st.BaseYear && st.RequiredRate != 0 {
		r.HasRates = true
		r.Ratio = text.Fixed(st.Ratio, 2)
		r.Observed = text.Rate(lang, st.ObservedRate, st.Linear, tr.Shown, tr.Indicator.Precision, text.InColumn)
		r.Required = text.Rate(lang, st.RequiredRate, st.Linear, tr.Shown, tr.Indicator.Precision, text.InColumn)
	}
	return r
}

// setGap works out "by how much" from the values the status rests on.
func (r *ScoreRow) setGap(tr Trend, tv TargetView) {
	st, t, lang := tv.Status, tv.Target, tr.Lang
	if t.Kind == "change" {
		if st.LatestYear == 0 || st.BaseYear == 0 || st.BaseValue == 0 {
			return
		}
		r.HasGap, r.GapYear, r.GapBaseYear = true, st.LatestYear, st.BaseYear
		r.Achieved = (st.LatestValue/st.BaseValue - 1) * 100
		r.GapText = text.Tf(lang, "gap.change", st.LatestYear, st.BaseYear, text.Change(lang, text.Fixed(r.Achieved, 1)),
			text.Change(lang, t.Value))
		return
	}
	year, value := st.LatestYear, st.LatestValue
	if year == 0 { // no status value (e.g. no base year): the latest value still tells how far the target is
		p, ok := tr.Latest()
		if !ok {
			return
		}
		year, value = p.Year, p.Value
	}
	prec := max(tr.Indicator.Precision, decimals(t.Value))
	r.HasGap, r.GapYear = true, year
	r.Gap = value - t.Float()
	r.GapUnit = tr.Unit
	if strings.HasPrefix(tr.Indicator.Unit, "%") { // a difference of percentages: percentage points
		r.GapUnit = text.T(lang, "unit.pp")
	}
	abs := text.Fixed(math.Abs(r.Gap), prec)
	amount := text.WithUnit(abs, r.GapUnit)
	if r.GapUnit == tr.Unit { // the page's text in the unit its readers use; the download keeps Gap and GapUnit
		amount = tr.Shown.Amount(abs)
	}
	switch {
	case strings.Trim(abs, "0.") == "":
		r.GapText = text.Tf(lang, "gap.zero", year)
	case r.Gap > 0:
		r.GapText = text.Tf(lang, "gap.above", year, amount)
	default:
		r.GapText = text.Tf(lang, "gap.below", year, amount)
	}
}

// decimals is the number of decimals of a decimal text.
func decimals(v string) int {
	if _, frac, ok := strings.Cut(v, "."); ok {
		return len(frac)
	}
	return 0
}

// Groups splits rows (sorted by status) into one group per status; other orders make one group.
func (sb Scoreboard) Groups(order string) []ScoreGroup {
	if order != SortStatus {
		if len(sb.Rows) == 0 {
			return nil
		}
		return []ScoreGroup{{Rows: sb.Rows}}
	}
	var out []ScoreGroup
	for _, r := range sb.Rows {
		code := r.TV.Status.Code
		if n := len(out); n == 0 || out[n-1].Status != code {
			out = append(out, ScoreGroup{Status: code, Label: StatusLabel(code, sb.Lang)})
		}
		out[len(out)-1].Rows = append(out[len(out)-1].Rows, r)
	}
	return out
}
