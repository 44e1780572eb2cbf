package trend

import (
	"cmp"
	"fmt"
	"slices"
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
	// First the group of each view, then every group's views in one array (All is a capped subslice of it):
	// one allocation for the lot, not a slice per target grown by append (620 cards on the overview).
	group := make([]int, len(views))
	var sizes []int
	at := map[restatementKey]int{}
	for i := range views {
		k := keyOf(&views[i].Target)
		g, ok := at[k]
		if !ok {
			g = len(sizes)
			at[k] = g
			sizes = append(sizes, 0)
		}
		group[i] = g
		sizes[g]++
	}
	if len(sizes) == 0 {
		return nil
	}
	all := make([]TargetView, len(views))
	out := make([]Restatement, len(sizes))
	start := 0
	for g, n := range sizes {
		out[g].All = all[start : start : start+n]
		start += n
	}
	for i := range views {
		r := &out[group[i]]
		r.All = append(r.All, views[i])
		if len(r.All) == 1 {
			r.Lead = views[i]
			continue
		}
		if views[i].Target.Binding && !r.Lead.Target.Binding {
			r.Lead = views[i]
			r.All[0], r.All[len(r.All)-1] = r.All[len(r.All)-1], r.All[0]
		}
	}
	for g := range out {
		if r := &out[g]; len(r.All) == 1 {
			r.Label = r.Lead.Label
		} else {
			r.Label = GoalLabel(in, r.Lead.Target, lang)
		}
	}
	return out
}

// restatementKey is what makes two targets one (Restated).
type restatementKey struct {
	year, base int
	value      float64
	change     bool
}

func keyOf(t *record.Target) restatementKey {
	v, err := strconv.ParseFloat(t.Value, 64)
	if err != nil {
		v = float64(t.ID) // unreadable values (never stored) stay apart
	}
	return restatementKey{year: t.Year, base: t.BaseYear, value: v, change: t.Kind == "change"}
}

// eachLead calls f with the Lead of each Restatement of views (Restated), in no set order, without building
// them: what the counts read. A few targets (an indicator's usual number) are grouped on the stack.
func eachLead(in record.Indicator, views []TargetView, f func(*TargetView)) {
	const few = 16
	if len(views) > few {
		for _, r := range Restated(in, views, "") {
			f(&r.Lead)
		}
		return
	}
	var keys [few]restatementKey
	for i := range views {
		keys[i] = keyOf(&views[i].Target)
	}
	for i := range views {
		// The lead of a group is its first binding view, else its first view.
		lead, binding := -1, false
		for j := range views {
			if keys[j] != keys[i] {
				continue
			}
			if lead < 0 || (views[j].Target.Binding && !binding) {
				lead, binding = j, views[j].Target.Binding
			}
		}
		if lead == i {
			f(&views[i])
		}
	}
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
	rs := Restated(t.Indicator, t.Targets, t.Lang)
	// rs is this call's own: split in place, the live ones first, each part in its order (stable).
	n := 0
	for _, r := range rs {
		if Live(r.Lead.Target, t.AsOf) {
			n++
		}
	}
	split := make([]Restatement, len(rs))
	i, j := 0, n
	for _, r := range rs {
		if Live(r.Lead.Target, t.AsOf) {
			split[i] = r
			i++
		} else {
			split[j] = r
			j++
		}
	}
	if n > 0 {
		live = split[:n:n]
	}
	if n < len(split) {
		closed = split[n:]
	}
	slices.SortStableFunc(live, func(a, b Restatement) int { return cmp.Compare(a.Lead.Target.Year, b.Lead.Target.Year) })
	slices.SortStableFunc(closed, func(a, b Restatement) int { return cmp.Compare(b.Lead.Target.Year, a.Lead.Target.Year) })
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
// set in 2026), the set after it, and the closed ones. It reads the targets' years, bindings and statuses
// alone: lean trends (Options.Lean) count as the full ones.
func Answer(trends []Trend) (due, ahead, closed TargetSet) {
	for i := range trends {
		t := &trends[i]
		eachLead(t.Indicator, t.Targets, func(lead *TargetView) {
			switch {
			case !Live(lead.Target, t.AsOf):
				closed.add(lead)
			case t.AsOf != 0 && lead.Target.Year > t.AsOf:
				ahead.add(lead)
			default:
				due.add(lead)
			}
		})
	}
	return due, ahead, closed
}

// add counts a target (its lead view) in the set.
func (s *TargetSet) add(tv *TargetView) {
	y := tv.Target.Year
	if s.Total == 0 || y < s.From {
		s.From = y
	}
	s.To = max(s.To, y)
	s.Total++
	if s.Counts == nil {
		s.Counts = map[string]int{}
	}
	s.Counts[tv.Status.Code]++
}
