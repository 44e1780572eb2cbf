package trend

import (
	"strings"
	"testing"
)

// The scoreboard lists every target of every trend once, counts every status (zeros included), and orders
// the rows as asked; without the database.
func TestScoreboard(t *testing.T) {
	trends := []Trend{
		Build(carbon, carbonObs(), carbonTargets(), nil, Options{Lang: "en", AsOf: 2026}),
		Build(nonFossil, nonFossilObs(), nonFossilTargets(), nil, Options{Lang: "en", AsOf: 2025}),
	}
	want := len(trends[0].Targets) + len(trends[1].Targets)
	for _, order := range []string{SortStatus, SortIndicator, SortYear} {
		sb := NewScoreboard(trends, "en", order)
		if sb.Total != want || len(sb.Rows) != want {
			t.Fatalf("%s: %d rows, total %d; want %d", order, len(sb.Rows), sb.Total, want)
		}
		if len(sb.Counts) != len(StatusOrder()) {
			t.Errorf("%s: %d counts, want one per status", order, len(sb.Counts))
		}
		sum := 0
		for _, c := range sb.Counts {
			sum += c.Count
		}
		if sum != want {
			t.Errorf("%s: counts sum to %d", order, sum)
		}
		for i := 1; i < len(sb.Rows); i++ {
			a, b := sb.Rows[i-1], sb.Rows[i]
			switch order {
			case SortStatus:
				if statusRank(a.TV.Status.Code) > statusRank(b.TV.Status.Code) {
					t.Errorf("by status: %s before %s", a.TV.Status.Code, b.TV.Status.Code)
				}
			case SortIndicator:
				if a.Order > b.Order {
					t.Errorf("by indicator: %s before %s", a.Code, b.Code)
				}
			case SortYear:
				if a.TV.Target.Year > b.TV.Target.Year {
					t.Errorf("by year: %d before %d", a.TV.Target.Year, b.TV.Target.Year)
				}
			}
		}
		groups := sb.Groups(order)
		n := 0
		for _, g := range groups {
			n += len(g.Rows)
		}
		if n != want || (order != SortStatus && len(groups) != 1) {
			t.Errorf("%s: %d groups holding %d rows", order, len(groups), n)
		}
	}
}

// Every row with a value states its gap in words, in the unit the indicator is measured in (pp for shares).
func TestScoreboardGap(t *testing.T) {
	tr := Build(nonFossil, nonFossilObs(), nonFossilTargets(), nil, Options{Lang: "en", AsOf: 2025})
	gaps := 0
	for _, r := range NewScoreboard([]Trend{tr}, "en", SortStatus).Rows {
		if !r.HasGap {
			continue
		}
		gaps++
		if r.GapUnit != "pp" || !(strings.Contains(r.GapText, " pp ") || strings.HasPrefix(r.GapText, "at the target")) {
			t.Errorf("target %d: gap %q in %q", r.TV.Target.ID, r.GapText, r.GapUnit)
		}
	}
	if gaps == 0 {
		t.Error("no row with a gap: the fixture no longer tests anything")
	}
}
