package trend

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// Live reports whether a target is still live in the year asOf: its year is the current one, the year before
// (whose figures are published during the current year: the 2025 set in 2026) or later. The others are closed:
// history, shown apart. Without asOf every target is live.
func Live(t record.Target, asOf int) bool { return asOf == 0 || t.Year >= asOf-1 }

// Restatement is one target as one or more documents state it: the same year, goal and base year (the 14th
// Five-Year Plan's 20 % non-fossil share by 2025, repeated by the 2030 Action Plan and the Working Guidance).
type Restatement struct {
	Lead  TargetView   // the one whose status is shown: a binding one, else the first
	All   []TargetView // every document stating it, Lead first
	Label string       // the goal without a plan's name when several state it ("20% by 2025"), else Lead.Label
}

// Documents is how many documents state the target.
func (r Restatement) Documents() int { return len(r.All) }

// Restated groups views (in their order) into one Restatement per distinct target. The kinds "level", "cap" and
// "floor" of one value count as one target (documents word the same goal differently); a change target differs
// from a level one.
func Restated(in record.Indicator, views []TargetView, lang string) []Restatement {
	type key struct {
		year, base int
		value      float64
		change     bool
	}
	var out []Restatement
	at := map[key]int{}
	for _, tv := range views {
		v, err := strconv.ParseFloat(tv.Target.Value, 64)
		if err != nil {
			v = float64(tv.Target.ID) // unreadable values (never stored) stay apart
		}
		k := key{year: tv.Target.Year, base: tv.Target.BaseYear, value: v, change: tv.Target.Kind == "change"}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, Restatement{Lead: tv, All: []TargetView{tv}, Label: tv.Label})
			continue
		}
		r := &out[i]
		r.All = append(r.All, tv)
		if tv.Target.Binding && !r.Lead.Target.Binding {
			r.Lead = tv
			r.All[0], r.All[len(r.All)-1] = r.All[len(r.All)-1], r.All[0]
		}
		r.Label = GoalLabel(in, r.Lead.Target, lang)
	}
	return out
}

// GoalLabel names a target by its goal and year alone, for a target several documents state: "20% by 2025" /
// "2025年达到20%".
func GoalLabel(in record.Indicator, t record.Target, lang string) string {
	if lang == text.ZH {
		return fmt.Sprintf("%d年", t.Year) + goalPhrase(in, t, lang)
	}
	return goalPhrase(in, t, lang) + fmt.Sprintf(" by %d", t.Year)
}

// LiveAndClosed are the trend's targets, restatements merged, split into the live ones (by year, the nearest
// first) and the closed ones (latest first).
func (t Trend) LiveAndClosed() (live, closed []Restatement) {
	for _, r := range Restated(t.Indicator, t.Targets, t.Lang) {
		if Live(r.Lead.Target, t.AsOf) {
			live = append(live, r)
		} else {
			closed = append(closed, r)
		}
	}
	sort.SliceStable(live, func(i, j int) bool { return live[i].Lead.Target.Year < live[j].Lead.Target.Year })
	sort.SliceStable(closed, func(i, j int) bool { return closed[i].Lead.Target.Year > closed[j].Lead.Target.Year })
	return live, closed
}

// Lead is the target an overview card and the page's headline lead with: the nearest live one (a binding one
// among those of its year), else the latest closed one; nil without targets.
func (t Trend) Lead() *Restatement { return LeadOf(t.LiveAndClosed()) }

// LeadOf is Lead of the trend whose LiveAndClosed are live and closed.
func LeadOf(live, closed []Restatement) *Restatement {
	for _, list := range [][]Restatement{live, closed} {
		var best *Restatement
		for i := range list {
			r := &list[i]
			if best == nil || (r.Lead.Target.Year == best.Lead.Target.Year && r.Lead.Target.Binding && !best.Lead.Target.Binding) {
				best = r
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// TargetSet is a set of distinct targets (restatements counted once) by status: the overview's answer.
type TargetSet struct {
	From, To int            // the target years it spans
	Total    int            // distinct targets
	Counts   map[string]int // by status code
}

// Answer splits the distinct targets of trends into the set due now (live, target year up to AsOf: the 2025
// set in 2026), the set after it, and the closed ones.
func Answer(trends []Trend) (due, ahead, closed TargetSet) {
	add := func(s *TargetSet, r Restatement) {
		y := r.Lead.Target.Year
		if s.Total == 0 || y < s.From {
			s.From = y
		}
		s.To = max(s.To, y)
		s.Total++
		if s.Counts == nil {
			s.Counts = map[string]int{}
		}
		s.Counts[r.Lead.Status.Code]++
	}
	for _, t := range trends {
		live, gone := t.LiveAndClosed()
		for _, r := range live {
			if t.AsOf != 0 && r.Lead.Target.Year > t.AsOf {
				add(&ahead, r)
			} else {
				add(&due, r)
			}
		}
		for _, r := range gone {
			add(&closed, r)
		}
	}
	return due, ahead, closed
}
