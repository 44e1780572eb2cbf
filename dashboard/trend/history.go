package trend

import (
	"sort"
	"strconv"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// AsOf keeps the rows as they stood on the day asOf ("" keeps them all): the vintages published by then
// (record.PublishedBy), numbered among themselves so that the current value is the one current then, the targets
// issued and the events dated by then. It gives what the database reads give for the same date (the same rule
// in SQL), for computations over every date at once.
func AsOf(obs []record.Observation, targets []record.Target, events []record.Event, asOf record.AsOf) ([]record.Observation, []record.Target, []record.Event) {
	if asOf == "" {
		return obs, targets, events
	}
	type period struct {
		indicator, region string
		year, month       int
	}
	kept := make([]record.Observation, 0, len(obs))
	for _, o := range obs {
		if record.PublishedBy(o.Source.Published, asOf) {
			kept = append(kept, o)
		}
	}
	// Renumber in the order of today's vintages: the vintages of a date are a prefix of today's (the rule
	// counts a date from the first day of its month or year, the order that ranks vintages).
	order := make([]int, len(kept))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return kept[order[a]].Vintage < kept[order[b]].Vintage })
	count := map[period]int{}
	for _, i := range order {
		o := &kept[i]
		k := period{o.Indicator, o.Region, o.Year, o.Month}
		count[k]++
		o.Vintage = count[k]
	}
	for i := range kept {
		o := &kept[i]
		o.Vintages = count[period{o.Indicator, o.Region, o.Year, o.Month}]
	}
	var ts []record.Target
	for _, t := range targets {
		if record.PublishedBy(record.TargetIssued(t), asOf) {
			ts = append(ts, t)
		}
	}
	var es []record.Event
	for _, e := range events {
		if record.PublishedBy(e.Date.Format("2006-01-02"), asOf) {
			es = append(es, e)
		}
	}
	return kept, ts, es
}

// YearOf is the current year of an as-of date (its statuses are computed as in that year), or fallback when
// there is no date.
func YearOf(asOf record.AsOf, fallback int) int {
	if len(asOf) < 4 {
		return fallback
	}
	y, err := strconv.Atoi(asOf[:4])
	if err != nil {
		return fallback
	}
	return y
}

// HistoryEntry is a target's status as it stood from Date until the next entry: at a publication date that
// changed what the status is computed from (a figure, a revision, the target itself).
type HistoryEntry struct {
	Date       string          // YYYY-MM-DD: the first day the state held (record.CountsFrom of what was published)
	Status     progress.Status // computed as on Date, Date's year as the current year
	StatusText string          // in the language asked
	Latest     *Point          // the latest published value then (for a yoy_change indicator, the change), with its source
}

// Histories is the history of every target of the indicator (by target id): for each date on which a figure
// of the indicator, or one of its targets, came out (from the target's own issue on), the status as Build
// computes it from the rows as they stood that day (AsOf), with that day's year as the current year. A date
// on which neither the status nor the latest value moved is left out. obs, targets and events are today's rows
// (every vintage); o gives the language and the region (From, To and AsOf are ignored).
func Histories(in record.Indicator, obs []record.Observation, targets []record.Target, events []record.Event, o Options) map[int64][]HistoryEntry {
	obs = yearlyOnly(ownObservations(in, obs, o.Region))
	targets = ownTargets(in, targets, o.Region)
	out := map[int64][]HistoryEntry{}
	for _, d := range publicationDates(obs, targets) {
		vo, vt, ve := AsOf(obs, targets, events, d)
		if len(vt) == 0 {
			continue
		}
		tr := Build(in, vo, vt, ve, Options{Lang: o.Lang, AsOf: YearOf(d, 0), Region: o.Region})
		for _, tv := range tr.Targets {
			e := HistoryEntry{Date: d, Status: tv.Status, StatusText: tv.StatusText, Latest: latestOf(tr, tv.Status)}
			h := out[tv.Target.ID]
			if n := len(h); n > 0 && sameEntry(h[n-1], e) {
				continue
			}
			out[tv.Target.ID] = append(h, e)
		}
	}
	return out
}

// yearlyOnly keeps the yearly rows of obs (a new slice): statuses and the points they rest on are yearly
// (latestVintages), so a monthly figure changes no status, and a series with monthly figures would otherwise
// build a trend for each of its hundreds of monthly publication dates.
func yearlyOnly(obs []record.Observation) []record.Observation {
	out := make([]record.Observation, 0, len(obs))
	for _, o := range obs {
		if o.Month == 0 {
			out = append(out, o)
		}
	}
	return out
}

// publicationDates are the days (record.CountsFrom) on which a figure or a target came out, in order.
func publicationDates(obs []record.Observation, targets []record.Target) []string {
	seen := map[string]bool{}
	for _, o := range obs {
		seen[record.CountsFrom(o.Source.Published)] = true
	}
	for _, t := range targets {
		seen[record.CountsFrom(record.TargetIssued(t))] = true
	}
	delete(seen, "") // an unknown date counts on no as-of date
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// latestOf is the actual point the status rests on (its latest year), else the latest actual point; nil when
// there is none.
func latestOf(tr Trend, st progress.Status) *Point {
	pts := tr.Actual.Points
	for i := len(pts) - 1; i >= 0; i-- {
		if st.LatestYear == 0 || pts[i].Year == st.LatestYear {
			p := pts[i]
			return &p
		}
	}
	return nil
}

func sameEntry(a, b HistoryEntry) bool {
	if a.Status != b.Status {
		return false
	}
	if (a.Latest == nil) != (b.Latest == nil) {
		return false
	}
	return a.Latest == nil || (a.Latest.Year == b.Latest.Year && a.Latest.Exact == b.Latest.Exact &&
		*a.Latest.Source == *b.Latest.Source)
}

// Kinds of Change.
const (
	ChangeNew       = "new"       // a figure for a period that had none
	ChangeRevision  = "revision"  // a later publication with another value for the period
	ChangeConfirmed = "confirmed" // a later publication with the same value
	ChangeStatus    = "status"    // a target's status moved
)

// Change is one thing that changed on the dashboard on Date: a figure (Old is the value it replaced, nil for a
// new one) or a target's status (Target, From and To).
type Change struct {
	Date      string // YYYY-MM-DD (record.CountsFrom of the publication)
	Kind      string // ChangeNew | ChangeRevision | ChangeConfirmed | ChangeStatus
	Indicator record.Indicator
	New, Old  *record.Observation // figures
	Size      float64             // revision: New - Old, in the indicator's unit
	Target    *TargetView         // status: the target as it stands today (label, plan)
	From, To  HistoryEntry        // status: the entry before and the entry from Date
}

// Changes lists what changed for one indicator on dates since (YYYY-MM-DD) or later: every figure published
// then (new, revised or confirmed, with the value it replaced) and every status that moved (from Histories).
// Newest first; on a date, figures before statuses, by period. o is as for Histories.
func Changes(in record.Indicator, obs []record.Observation, targets []record.Target, events []record.Event, since string, o Options) []Change {
	obs = ownObservations(in, obs, o.Region)
	var out []Change
	prev := map[[3]int]*record.Observation{} // by year, month: the latest dated vintage so far (obs are in vintage order)
	for i := range obs {
		ob := &obs[i]
		day := record.CountsFrom(ob.Source.Published)
		if day == "" {
			continue
		}
		k := [3]int{ob.Year, ob.Month}
		old := prev[k]
		prev[k] = ob
		if day < since {
			continue
		}
		c := Change{Date: day, Kind: ChangeNew, Indicator: in, New: ob, Old: old}
		if old != nil {
			c.Kind, c.Size = ChangeRevision, ob.Float()-old.Float()
			if ob.Value == old.Value || c.Size == 0 {
				c.Kind, c.Size = ChangeConfirmed, 0
			}
		}
		out = append(out, c)
	}
	today := Build(in, obs, targets, events, Options{Lang: o.Lang, Region: o.Region})
	views := map[int64]*TargetView{}
	for i := range today.Targets {
		views[today.Targets[i].Target.ID] = &today.Targets[i]
	}
	for id, h := range Histories(in, obs, targets, events, o) {
		for i := 1; i < len(h); i++ {
			if h[i].Date < since || h[i].Status.Code == h[i-1].Status.Code {
				continue
			}
			out = append(out, Change{Date: h[i].Date, Kind: ChangeStatus, Indicator: in, Target: views[id], From: h[i-1], To: h[i]})
		}
	}
	SortChanges(out)
	return out
}

// SortChanges orders changes newest first; on a date by indicator order, figures before statuses, then by
// period or target.
func SortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Date != b.Date {
			return a.Date > b.Date
		}
		if a.Indicator.SortOrder != b.Indicator.SortOrder {
			return a.Indicator.SortOrder < b.Indicator.SortOrder
		}
		if a.Indicator.Code != b.Indicator.Code {
			return a.Indicator.Code < b.Indicator.Code
		}
		if (a.Kind == ChangeStatus) != (b.Kind == ChangeStatus) {
			return a.Kind != ChangeStatus
		}
		if a.New != nil && b.New != nil {
			if a.New.Year != b.New.Year {
				return a.New.Year < b.New.Year
			}
			return a.New.Month < b.New.Month
		}
		if a.Target != nil && b.Target != nil {
			return a.Target.Target.ID < b.Target.Target.ID
		}
		return false
	})
}
