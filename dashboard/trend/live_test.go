package trend

import (
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// The same goal stated by three documents is one target, led by the binding one; a different value, year or
// a change target stays apart. Live targets come nearest first, closed ones latest first.
func TestRestatedAndLive(t *testing.T) {
	in := record.Indicator{Code: "non_fossil_share", Unit: "%", UnitZH: "%"}
	target := func(id int64, year int, value, kind, plan string, binding bool) record.Target {
		return record.Target{ID: id, Year: year, Value: value, Kind: kind, Plan: plan, Binding: binding, Document: plan}
	}
	targets := []record.Target{
		target(1, 2020, "15", "level", "fyp13", true),
		target(2, 2025, "20.0", "floor", "action2030", false),
		target(3, 2025, "20", "level", "fyp14", true),
		target(4, 2025, "20", "level", "guidance2021", false),
		target(5, 2025, "-18", "change", "fyp14", true),
		target(6, 2030, "25", "level", "ndc2021", false),
		target(7, 2015, "11.4", "level", "fyp12", true),
	}
	var views []TargetView
	for _, tg := range targets {
		views = append(views, TargetView{Target: tg, Label: Label(in, tg, "en")})
	}
	tr := Trend{Indicator: in, Lang: "en", AsOf: 2026, Targets: views}
	live, closed := tr.LiveAndClosed()
	if len(live) != 3 || len(closed) != 2 {
		t.Fatalf("%d live, %d closed; want 3 and 2", len(live), len(closed))
	}
	r := live[0]
	if r.Documents() != 3 || r.Lead.Target.ID != 3 || r.Label != "20% by 2025" {
		t.Errorf("20%% by 2025: %d documents, lead %d, label %q", r.Documents(), r.Lead.Target.ID, r.Label)
	}
	if live[1].Documents() != 1 || live[1].Lead.Target.ID != 5 || live[2].Lead.Target.Year != 2030 {
		t.Errorf("live targets: %+v", live)
	}
	if closed[0].Lead.Target.Year != 2020 || closed[1].Lead.Target.Year != 2015 {
		t.Errorf("closed targets not latest first: %d, %d", closed[0].Lead.Target.Year, closed[1].Lead.Target.Year)
	}
	if lead := tr.Lead(); lead == nil || lead.Lead.Target.ID != 3 {
		t.Errorf("lead: %+v", lead)
	}
	tr.AsOf = 2040
	if lead := tr.Lead(); lead == nil || lead.Lead.Target.Year != 2030 {
		t.Errorf("with every target closed the lead is the latest: %+v", lead)
	}
	if !Live(targets[0], 0) || Live(targets[0], 2022) || !Live(targets[1], 2026) || Live(targets[1], 2027) {
		t.Error("Live: a target is live from before its year to the year after it")
	}
}
