package trend

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// indicatorRows is one indicator with its rows, as the overview builds its trend.
type indicatorRows struct {
	in      record.Indicator
	obs     []record.Observation
	targets []record.Target
}

// syntheticIndicators are n indicators of every kind the counts meet: levels and yoy changes, rising and
// falling, series with gaps, revisions and monthly rows, none at all; targets of every kind (level, cap, floor,
// change), restated by several documents (binding or not), before, inside and after the data, with base years
// on and off the series, some with unreadable values. The same seed gives the same indicators. Shuffled, the rows
// of each come out of order (Build sorts them); else in the order the database gives them.
func syntheticIndicators(n int, seed uint64, shuffled bool) []indicatorRows {
	r := rand.New(rand.NewPCG(seed, 1))
	kinds := []string{"level", "cap", "floor", "change"}
	plans := []string{"fyp13", "fyp14", "fyp15", "ndc2021", "other"}
	var out []indicatorRows
	id := int64(1)
	for i := range n {
		code := fmt.Sprintf("synthetic_%04d", i)
		in := record.Indicator{Code: code, NameEN: "Synthetic " + code, NameZH: "合成" + code, Unit: "Mt", UnitZH: "百万吨",
			Direction: []string{"up", "down", ""}[r.IntN(3)], Precision: r.IntN(3), Measure: "level"}
		if r.IntN(4) == 0 {
			in.Measure, in.Unit = "yoy_change", "% y/y"
		}
		var obs []record.Observation
		first, last := 1990+r.IntN(30), 2018+r.IntN(9)
		level := 10 + r.Float64()*1000
		growth := (r.Float64() - 0.5) / 10
		for y := first; y <= last && r.IntN(12) != 0; y++ { // some series are empty or short
			if r.IntN(8) == 0 {
				continue // a gap
			}
			v := level
			if in.Measure == "yoy_change" {
				v = (r.Float64() - 0.6) * 8
			} else {
				level *= 1 + growth + (r.Float64()-0.5)/50
			}
			vintages := 1 + r.IntN(2)
			for vin := 1; vin <= vintages; vin++ {
				obs = append(obs, ob(code, y, strconv.FormatFloat(v*(1+float64(vin-1)/100), 'f', 2, 64), vin, vintages, nbs))
			}
			if r.IntN(10) == 0 {
				obs = append(obs, record.Observation{Indicator: code, Region: "CN", Year: y, Month: 6, Value: "1", Vintage: 1, Vintages: 1, Source: nbs})
			}
		}
		var targets []record.Target
		for range r.IntN(6) {
			t := record.Target{ID: id, Indicator: code, Region: "CN", Year: 2010 + r.IntN(26), Kind: kinds[r.IntN(len(kinds))],
				Plan: plans[r.IntN(len(plans))], Binding: r.IntN(3) == 0, Document: "Document " + strconv.Itoa(r.IntN(3)), Source: nbs}
			id++
			switch t.Kind {
			case "change":
				t.Value = strconv.FormatFloat((r.Float64()-0.5)*40, 'f', 1, 64)
				t.BaseYear = t.Year - 1 - r.IntN(8)
			default:
				t.Value = strconv.FormatFloat(level*(0.8+r.Float64()*0.4), 'f', 1, 64)
				if r.IntN(2) == 0 {
					t.BaseYear = t.Year - 5
				}
			}
			if r.IntN(40) == 0 {
				t.Value = "n/a" // never stored; Restated keeps such targets apart
			}
			targets = append(targets, t)
			for range r.IntN(3) { // the same goal in other documents
				again := t
				again.ID, again.Binding, again.Document = id, r.IntN(2) == 0, "Restating document "+strconv.Itoa(r.IntN(4))
				id++
				targets = append(targets, again)
			}
		}
		if shuffled {
			r.Shuffle(len(obs), func(a, b int) { obs[a], obs[b] = obs[b], obs[a] })
		}
		out = append(out, indicatorRows{in: in, obs: obs, targets: targets})
	}
	return out
}

// answerByRestatements is Answer as it was written first, from LiveAndClosed: the reference the leaner one
// must agree with.
func answerByRestatements(trends []Trend) (due, ahead, closed TargetSet) {
	for _, t := range trends {
		live, gone := t.LiveAndClosed()
		for _, r := range live {
			if t.AsOf != 0 && r.Lead.Target.Year > t.AsOf {
				ahead.add(&r.Lead)
			} else {
				due.add(&r.Lead)
			}
		}
		for _, r := range gone {
			closed.add(&r.Lead)
		}
	}
	return due, ahead, closed
}

// Lean trends (the overview's indicators without a card) count as the brief ones: every target with the same
// status, the same counts by status (CountStatuses) and the same answer (Answer), in both languages and as of
// several years, on the fixtures and on 620 synthetic indicators of every kind. Answer, which no longer builds
// the restatements, agrees with the count from LiveAndClosed.
func TestLeanCountsAsTheBriefTrend(t *testing.T) {
	rows := []indicatorRows{{carbon, carbonObs(), carbonTargets()}, {nonFossil, nonFossilObs(), nonFossilTargets()}}
	rows = append(rows, syntheticIndicators(310, 7, false)...)
	rows = append(rows, syntheticIndicators(310, 8, true)...)
	statuses := map[string]bool{}
	for _, asOf := range []int{0, 2016, 2021, 2025, 2026, 2031} {
		for _, lang := range []string{"en", "zh"} {
			brief := make([]Trend, len(rows))
			lean := make([]Trend, len(rows))
			for i, ir := range rows {
				brief[i] = Build(ir.in, ir.obs, ir.targets, nil, Options{Lang: lang, AsOf: asOf, Brief: true})
				lean[i] = Build(ir.in, ir.obs, ir.targets, nil, Options{Lang: lang, AsOf: asOf, Lean: true})
				b, l := brief[i], lean[i]
				if l.From != b.From || l.To != b.To || l.Name != b.Name || len(l.Targets) != len(b.Targets) {
					t.Fatalf("%s as of %d: lean %d-%d %q, %d targets; brief %d-%d %q, %d targets", ir.in.Code, asOf,
						l.From, l.To, l.Name, len(l.Targets), b.From, b.To, b.Name, len(b.Targets))
				}
				if len(l.Actual.Points) != 0 || l.Index != nil {
					t.Errorf("%s: a lean trend has series", ir.in.Code)
				}
				for j := range l.Targets {
					lt, bt := l.Targets[j], b.Targets[j]
					statuses[bt.Status.Code] = true
					if !reflect.DeepEqual(lt.Target, bt.Target) || lt.Scale != bt.Scale || lt.Status != bt.Status {
						t.Errorf("%s as of %d: target %d lean %s %+v, brief %s %+v", ir.in.Code, asOf, bt.Target.ID,
							lt.Scale, lt.Status, bt.Scale, bt.Status)
					}
					if lt.Label != "" || lt.StatusText != "" || lt.PlanName != "" || lt.Document != "" {
						t.Errorf("%s: a lean target has texts: %+v", ir.in.Code, lt)
					}
				}
			}
			bc, bn := CountStatuses(brief, lang)
			lc, ln := CountStatuses(lean, lang)
			if bn != ln || !reflect.DeepEqual(bc, lc) {
				t.Errorf("as of %d, %s: CountStatuses lean %d %v, brief %d %v", asOf, lang, ln, lc, bn, bc)
			}
			bd, ba, bcl := answerByRestatements(brief)
			for name, trends := range map[string][]Trend{"brief": brief, "lean": lean} {
				d, a, cl := Answer(trends)
				if !reflect.DeepEqual([]TargetSet{d, a, cl}, []TargetSet{bd, ba, bcl}) {
					t.Errorf("as of %d, %s: Answer of the %s trends %+v %+v %+v, want %+v %+v %+v", asOf, lang, name, d, a, cl, bd, ba, bcl)
				}
			}
		}
	}
	if len(statuses) < 7 {
		t.Errorf("the indicators meet only the statuses %v", statuses)
	}
}

// Answer groups many targets of one indicator (more than it groups on the stack) as Restated does.
func TestAnswerOfManyTargets(t *testing.T) {
	var targets []record.Target
	for i := range 40 {
		targets = append(targets, record.Target{ID: int64(i + 1), Indicator: "non_fossil_share", Year: 2020 + i%12,
			Value: strconv.Itoa(15 + i%5), Kind: []string{"level", "floor"}[i%2], Binding: i%7 == 0, Plan: "other",
			Document: "Document " + strconv.Itoa(i), Source: nbs})
	}
	for _, asOf := range []int{0, 2025} {
		trends := []Trend{Build(nonFossil, nonFossilObs(), targets, nil, Options{AsOf: asOf, Lean: true})}
		d, a, c := Answer(trends)
		wd, wa, wc := answerByRestatements([]Trend{Build(nonFossil, nonFossilObs(), targets, nil, Options{AsOf: asOf, Brief: true})})
		if !reflect.DeepEqual([]TargetSet{d, a, c}, []TargetSet{wd, wa, wc}) {
			t.Errorf("as of %d: %+v %+v %+v, want %+v %+v %+v", asOf, d, a, c, wd, wa, wc)
		}
	}
}

// BenchmarkBuildOverview is the trends of 620 indicators as the overview builds them: brief (a card) or lean.
func BenchmarkBuildOverview(b *testing.B) {
	rows := syntheticIndicators(620, 7, false)
	for _, o := range []Options{{Lang: "en", AsOf: 2025, Brief: true}, {Lang: "en", AsOf: 2025, Lean: true}} {
		name := map[bool]string{true: "lean", false: "brief"}[o.Lean]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				trends := make([]Trend, len(rows))
				for i, ir := range rows {
					trends[i] = Build(ir.in, ir.obs, ir.targets, nil, o)
				}
				Answer(trends)
				CountStatuses(trends, o.Lang)
			}
		})
	}
}
