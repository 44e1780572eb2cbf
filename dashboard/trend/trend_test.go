package trend

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

var (
	nbs    = record.Source{ID: 1, Title: "NBS communiqué", URL: "https://stats.gov.cn/x", Published: "2025-02-28"}
	prelim = record.Source{ID: 2, Title: "Preliminary estimate", Published: "2022-01"}

	carbon = record.Indicator{
		Code: "carbon_intensity", NameEN: "Carbon intensity", NameZH: "单位国内生产总值二氧化碳排放",
		Unit: "% y/y", UnitZH: "%", Direction: "down", Precision: 1, Measure: "yoy_change",
	}
	nonFossil = record.Indicator{
		Code: "non_fossil_share", NameEN: "Non-fossil share", NameZH: "非化石能源消费比重",
		Unit: "%", Direction: "up", Precision: 1, Measure: "level",
		DefinitionEN: "Share of non-fossil energy", BreakYear: 2023, BreakNoteEN: "New method", BreakNoteZH: "口径调整",
	}
)

func ob(code string, year int, value string, vintage, vintages int, src record.Source) record.Observation {
	return record.Observation{Indicator: code, Region: "CN", Year: year, Value: value, Vintage: vintage, Vintages: vintages, Source: src}
}

// carbonObs: published yearly changes 2018-2024; 2021 was first published as a preliminary -3.9, then revised.
func carbonObs() []record.Observation {
	prelim2021 := ob("carbon_intensity", 2021, "-3.9", 1, 2, prelim)
	prelim2021.Flag = "preliminary"
	return []record.Observation{
		ob("carbon_intensity", 2024, "-3.4", 1, 1, nbs),
		ob("carbon_intensity", 2018, "-4.0", 1, 1, nbs),
		ob("carbon_intensity", 2019, "-4.1", 1, 1, nbs),
		ob("carbon_intensity", 2020, "-1.0", 1, 1, nbs),
		ob("carbon_intensity", 2021, "-3.8", 2, 2, nbs),
		prelim2021,
		ob("carbon_intensity", 2022, "-0.8", 1, 1, nbs),
		ob("carbon_intensity", 2023, "0", 1, 1, nbs),
	}
}

func carbonTargets() []record.Target {
	return []record.Target{
		{ID: 1, Indicator: "carbon_intensity", Region: "CN", Year: 2025, Value: "-18", Kind: "change", BaseYear: 2020, Plan: "fyp14", Binding: true, Document: "14th FYP Outline", Source: nbs},
		{ID: 2, Indicator: "carbon_intensity", Region: "CN", Year: 2024, Value: "-3.9", Kind: "change", BaseYear: 2023, Plan: "other", Document: "2024-2025 Action Plan", Issued: "2024-05-29", Source: nbs},
		{ID: 3, Indicator: "carbon_intensity", Region: "CN", Year: 2020, Value: "-18", Kind: "change", BaseYear: 2015, Plan: "fyp13", Document: "13th FYP", Source: nbs},
		{ID: 4, Indicator: "carbon_intensity", Region: "CN", Year: 2030, Value: "-65", Kind: "change", BaseYear: 2005, Plan: "ndc2021", Document: "Updated NDC", Source: nbs},
	}
}

// nonFossilObs: 2023 is missing (a gap).
func nonFossilObs() []record.Observation {
	return []record.Observation{
		ob("non_fossil_share", 2015, "12.0", 1, 1, nbs),
		ob("non_fossil_share", 2019, "15.3", 1, 1, nbs),
		ob("non_fossil_share", 2020, "15.9", 1, 1, nbs),
		ob("non_fossil_share", 2021, "16.6", 1, 1, nbs),
		ob("non_fossil_share", 2022, "17.5", 1, 1, nbs),
		ob("non_fossil_share", 2024, "19.8", 1, 1, nbs),
		{Indicator: "non_fossil_share", Region: "CN", Year: 2024, Month: 6, Value: "55.5", Vintage: 1, Vintages: 1, Source: nbs},
		ob("coal_share", 2024, "53.2", 1, 1, nbs), // another indicator's row: ignored
	}
}

func nonFossilTargets() []record.Target {
	return []record.Target{
		{ID: 10, Indicator: "non_fossil_share", Year: 2030, Value: "25", Kind: "floor", Plan: "ndc2021", Document: "Updated NDC", Source: nbs},
		{ID: 11, Indicator: "non_fossil_share", Year: 2025, Value: "20", Kind: "floor", Plan: "fyp14", Binding: true, Document: "14th FYP Outline", Source: nbs},
		{ID: 12, Indicator: "non_fossil_share", Year: 2020, Value: "15", Kind: "level", Plan: "fyp13", Document: "13th FYP", Source: nbs},
		{ID: 13, Indicator: "coal_share", Year: 2025, Value: "50", Kind: "cap", Plan: "fyp14", Document: "x", Source: nbs},
	}
}

func events() []record.Event {
	return []record.Event{
		{ID: 1, Date: time.Date(2021, 10, 24, 0, 0, 0, 0, time.UTC), TitleEN: "Working Guidance", Indicator: ""},
		{ID: 2, Date: time.Date(2020, 9, 22, 0, 0, 0, 0, time.UTC), TitleEN: "2060 pledge", Indicator: "non_fossil_share"},
		{ID: 3, Date: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), TitleEN: "Coal rule", Indicator: "coal_share"},
		{ID: 4, Date: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), TitleEN: "Old", Indicator: ""},
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func years(points []Point) []int {
	var out []int
	for _, p := range points {
		out = append(out, p.Year)
	}
	return out
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func view(t *testing.T, tr Trend, id int64) TargetView {
	t.Helper()
	for _, tv := range tr.Targets {
		if tv.Target.ID == id {
			return tv
		}
	}
	t.Fatalf("target %d not in the trend (%d targets)", id, len(tr.Targets))
	return TargetView{}
}

func TestActualLatestVintage(t *testing.T) {
	tr := Build(carbon, carbonObs(), nil, nil, Options{Lang: "en"})
	if got := years(tr.Actual.Points); !sameInts(got, []int{2018, 2019, 2020, 2021, 2022, 2023, 2024}) {
		t.Fatalf("actual years %v", got)
	}
	p := tr.Actual.Points[3]
	if p.Year != 2021 || p.Exact != "-3.8" || p.Value != -3.8 || p.Vintage != 2 || p.Vintages != 2 ||
		p.Source == nil || p.Source.Title != nbs.Title || p.Flag != "" || p.Derived {
		t.Fatalf("2021 point %+v", p)
	}
	if tr.Actual.ID != "actual" || tr.Actual.Kind != "actual" {
		t.Fatalf("actual series %q %q", tr.Actual.ID, tr.Actual.Kind)
	}
	if len(tr.Vintages) != 8 {
		t.Fatalf("vintages: %d, want 8", len(tr.Vintages))
	}
	var flagged int
	for _, v := range tr.Vintages {
		if v.Year == 2021 && v.Vintage == 1 && v.Flag == "preliminary" && v.Value == "-3.9" {
			flagged++
		}
	}
	if flagged != 1 {
		t.Fatalf("the superseded 2021 vintage is not among the vintages: %+v", tr.Vintages)
	}
}

func TestActualGapsAndOtherRows(t *testing.T) {
	tr := Build(nonFossil, nonFossilObs(), nil, nil, Options{})
	if got := years(tr.Actual.Points); !sameInts(got, []int{2015, 2019, 2020, 2021, 2022, 2024}) {
		t.Fatalf("actual years %v: the gap must stay a gap and monthly/other rows stay out", got)
	}
	if tr.Index != nil {
		t.Fatalf("a level indicator has no index")
	}
	if len(tr.Vintages) != 7 { // the monthly row is a vintage in range; the coal_share row is not ours
		t.Fatalf("vintages %d, want 7", len(tr.Vintages))
	}
}

func TestIndexBase(t *testing.T) {
	ch := func(ys ...int) []progress.Point {
		var out []progress.Point
		for _, y := range ys {
			out = append(out, progress.Point{Year: y, Value: -1})
		}
		return out
	}
	change := func(base int) record.Target { return record.Target{Kind: "change", BaseYear: base} }
	tests := []struct {
		name    string
		changes []progress.Point
		targets []record.Target
		want    int
	}{
		{"earliest reachable target base", ch(2018, 2019, 2020, 2021, 2022, 2023, 2024), []record.Target{change(2023), change(2020), change(2005), change(2015)}, 2020},
		{"no targets: year before the first change", ch(2018, 2019, 2020), nil, 2017},
		{"gap: year before the last unbroken run", ch(2012, 2013, 2016, 2017, 2018, 2020, 2021), nil, 2019},
		{"a base year cut off by a gap is not used", ch(2016, 2017, 2018, 2020, 2021), []record.Target{change(2015)}, 2019},
		{"level targets do not count", ch(2016, 2017), []record.Target{{Kind: "cap", BaseYear: 2016}}, 2015},
		{"no changes", nil, []record.Target{change(2020)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IndexBase(tt.changes, tt.targets); got != tt.want {
				t.Fatalf("IndexBase = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestIndexAndChangeTargets(t *testing.T) {
	tr := Build(carbon, carbonObs(), carbonTargets(), nil, Options{Lang: "en", AsOf: 2026})
	if tr.Index == nil {
		t.Fatal("no index for a yoy_change indicator")
	}
	idx := tr.Index
	if idx.ID != "index" || idx.Kind != "index" || !strings.Contains(idx.Name, "2020 = 100") {
		t.Fatalf("index series %q %q %q", idx.ID, idx.Kind, idx.Name)
	}
	want := []float64{100, 96.2, 95.4304, 95.4304, 92.1857664}
	if got := years(idx.Points); !sameInts(got, []int{2020, 2021, 2022, 2023, 2024}) {
		t.Fatalf("index years %v", got)
	}
	for i, p := range idx.Points {
		if !near(p.Value, want[i], 1e-9) || !p.Derived || p.Exact != "" {
			t.Fatalf("index point %d: %+v, want %v derived", i, p, want[i])
		}
	}

	fyp14 := view(t, tr, 1)
	if fyp14.Scale != ScaleIndex || !fyp14.Drawn() {
		t.Fatalf("fyp14 scale %q", fyp14.Scale)
	}
	if fyp14.Goal.Year != 2025 || !near(fyp14.Goal.Value, 82, 1e-9) || !fyp14.Goal.Derived || fyp14.Goal.Exact != "" {
		t.Fatalf("fyp14 goal %+v", fyp14.Goal)
	}
	tj := fyp14.Trajectory
	if tj.ID != "trajectory-1" || tj.Kind != "trajectory" || !sameInts(years(tj.Points), []int{2020, 2021, 2022, 2023, 2024, 2025}) ||
		tj.Points[0].Value != 100 || !near(tj.Points[5].Value, 82, 1e-9) || !tj.Points[2].Derived {
		t.Fatalf("fyp14 trajectory %+v", tj)
	}
	st := fyp14.Status
	if st.Code != progress.Limited || !near(st.Ratio, 0.52, 0.005) || !near(st.StillRequired, -0.1105, 0.0005) {
		t.Fatalf("fyp14 status %+v", st)
	}
	for _, s := range []string{"Limited progress (R = 0.52)", "-2.0 %/yr", "-3.9 %/yr required", "-11.0 % in 2025 needed"} {
		if !strings.Contains(fyp14.StatusText, s) {
			t.Errorf("status text %q lacks %q", fyp14.StatusText, s)
		}
	}
	if fyp14.Label != "14th FYP: -18% vs 2020 by 2025" || fyp14.PlanName != "14th Five-Year Plan (2021-2025)" {
		t.Errorf("fyp14 label %q plan %q", fyp14.Label, fyp14.PlanName)
	}
	if s := fyp14.TargetSeries(); s.ID != "target-1" || s.Kind != "target" || len(s.Points) != 1 || s.Points[0] != fyp14.Goal {
		t.Errorf("target series %+v", s)
	}

	// An annual target based on a later year sits on the same index, at that year's index value.
	annual := view(t, tr, 2)
	if annual.Scale != ScaleIndex || !near(annual.Goal.Value, 95.4304*0.961, 1e-9) || annual.Status.Code != progress.Missed {
		t.Fatalf("annual target %+v", annual)
	}
	if annual.Label != "2024-2025 Action Plan: -3.9% vs 2023 by 2024" ||
		annual.StatusText != "Missed: -3.4% vs 2023 in 2024; goal: -3.9% vs 2023" {
		t.Errorf("annual label %q status %q", annual.Label, annual.StatusText)
	}

	// Base years the changes cannot reach: not drawable, and no data to assess.
	for _, id := range []int64{3, 4} {
		tv := view(t, tr, id)
		if tv.Scale != ScaleNone || tv.Drawn() || len(tv.Trajectory.Points) != 0 || tv.Status.Code != progress.NoData {
			t.Errorf("target %d: scale %q, trajectory %v, status %s", id, tv.Scale, tv.Trajectory.Points, tv.Status.Code)
		}
		if tv.StatusText != "No data: not enough values to assess progress" {
			t.Errorf("target %d status text %q", id, tv.StatusText)
		}
	}
}

// A change target whose base year lies before a gap is assessed on its own index and kept off the chart.
func TestChangeTargetOffTheDrawnIndex(t *testing.T) {
	obs := []record.Observation{
		ob("carbon_intensity", 2016, "-5", 1, 1, nbs),
		ob("carbon_intensity", 2017, "-5", 1, 1, nbs),
		ob("carbon_intensity", 2018, "-5", 1, 1, nbs),
		ob("carbon_intensity", 2021, "-3.8", 1, 1, nbs),
		ob("carbon_intensity", 2022, "-0.8", 1, 1, nbs),
	}
	targets := []record.Target{
		{ID: 7, Year: 2020, Value: "-18", Kind: "change", BaseYear: 2015, Plan: "fyp13", Source: nbs},
		{ID: 8, Year: 2025, Value: "-18", Kind: "change", BaseYear: 2020, Plan: "fyp14", Source: nbs},
	}
	tr := Build(carbon, obs, targets, nil, Options{AsOf: 2026})
	if tr.Index == nil || tr.Index.Points[0].Year != 2020 {
		t.Fatalf("index %+v", tr.Index)
	}
	old := view(t, tr, 7)
	// (0.95^3)^(1/3)-1 = -5 %/yr against 0.82^(1/5)-1 = -3.89 %/yr: on track, judged on the index of 2015;
	// in 2026 the 2020 figure is overdue, so the status is no data and says what 2018 showed.
	if old.Scale != ScaleNone || old.Status.Code != progress.NoData || old.Status.LastVerdict != progress.OnTrack ||
		old.Status.LatestYear != 2018 || !near(old.Goal.Value, 82, 1e-9) || len(old.Trajectory.Points) != 0 {
		t.Fatalf("old target %+v", old)
	}
	if want := "No data: no value for 2020 yet; the last, -14.3% vs 2015 in 2018, was on track (R = 1.28)"; old.StatusText != want {
		t.Fatalf("status text %q, want %q", old.StatusText, want)
	}
	if cur := view(t, tr, 8); cur.Scale != ScaleIndex || cur.Status.Code != progress.Limited {
		t.Fatalf("current target %+v", cur)
	}
}

func TestLevelTargets(t *testing.T) {
	tr := Build(nonFossil, nonFossilObs(), nonFossilTargets(), events(), Options{Lang: "en", AsOf: 2025})
	if len(tr.Targets) != 3 {
		t.Fatalf("%d targets, want 3 (another indicator's target is not ours)", len(tr.Targets))
	}
	if got := []int64{tr.Targets[0].Target.ID, tr.Targets[1].Target.ID, tr.Targets[2].Target.ID}; got[0] != 12 || got[1] != 11 || got[2] != 10 {
		t.Fatalf("targets not ordered by year: %v", got)
	}
	fyp14 := view(t, tr, 11)
	if fyp14.Scale != ScaleLevel || fyp14.Goal.Exact != "20" || fyp14.Goal.Derived || fyp14.Goal.Value != 20 {
		t.Fatalf("fyp14 goal %+v", fyp14.Goal)
	}
	tj := fyp14.Trajectory.Points
	if !sameInts(years(tj), []int{2020, 2021, 2022, 2023, 2024, 2025}) || tj[0].Value != 15.9 || tj[5].Value != 20 {
		t.Fatalf("fyp14 trajectory %+v", tj)
	}
	// The trajectory grows at a constant rate: (20/15.9)^(1/5).
	if r := tj[3].Value / tj[2].Value; !near(r, math.Pow(20/15.9, 0.2), 1e-12) {
		t.Fatalf("trajectory rate %v", r)
	}
	if fyp14.Status.Code != progress.OnTrack || fyp14.Status.BaseYear != 2020 || fyp14.Status.LatestYear != 2024 {
		t.Fatalf("fyp14 status %+v", fyp14.Status)
	}
	if want := "On track (R = 1.20): the observed rate is +5.6 %/yr against +4.7 %/yr required; +1.0 % in 2025 needed to reach the target"; fyp14.StatusText != want {
		t.Errorf("status text\n got %q\nwant %q", fyp14.StatusText, want)
	}
	if fyp14.Label != "14th FYP: at least 20% by 2025" {
		t.Errorf("label %q", fyp14.Label)
	}
	met := view(t, tr, 12)
	if met.Status.Code != progress.Met || met.StatusText != "Met: 15.9% in 2020; goal: 15%" || met.Label != "13th FYP: 15% by 2020" {
		t.Errorf("13th FYP: %s %q %q", met.Status.Code, met.StatusText, met.Label)
	}
	ndc := view(t, tr, 10)
	// 2020 base: 15.9 -> 19.8 in four years against 15.9 -> 25 in ten: R = 1.22; 25/19.8 over six years.
	if ndc.Status.Code != progress.OnTrack || !strings.Contains(ndc.StatusText, "/yr needed from 2025 to 2030") {
		t.Errorf("ndc status %s %q", ndc.Status.Code, ndc.StatusText)
	}
	if tr.From != 2015 || tr.To != 2030 {
		t.Fatalf("range %d-%d, want the data extended to the target years 2015-2030", tr.From, tr.To)
	}
	if tr.Name != "Non-fossil share" || tr.Unit != "%" || tr.Definition != "Share of non-fossil energy" {
		t.Errorf("texts %q %q %q", tr.Name, tr.Unit, tr.Definition)
	}
	if tr.Break == nil || tr.Break.Year != 2023 || tr.Break.Note != "New method" {
		t.Errorf("break %+v", tr.Break)
	}
}

func TestBands(t *testing.T) {
	tests := []struct {
		from, to int
		want     []Band
	}{
		{2015, 2030, []Band{
			{"fyp12", "12th FYP (2011-2015)", 2015, 2015}, {"fyp13", "13th FYP (2016-2020)", 2016, 2020},
			{"fyp14", "14th FYP (2021-2025)", 2021, 2025}, {"fyp15", "15th FYP (2026-2030)", 2026, 2030},
		}},
		{2021, 2024, []Band{{"fyp14", "14th FYP (2021-2025)", 2021, 2024}}},
		{2000, 2007, []Band{{"fyp11", "11th FYP (2006-2010)", 2006, 2007}}},
		{2031, 2040, nil},
		{2025, 2020, nil}, // an inverted range shows nothing
	}
	for _, tt := range tests {
		got := bands("en", tt.from, tt.to)
		if len(got) != len(tt.want) {
			t.Fatalf("bands %d-%d = %+v, want %+v", tt.from, tt.to, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("bands %d-%d = %+v, want %+v", tt.from, tt.to, got, tt.want)
			}
		}
	}
	if zh := bands("zh", 2021, 2021); len(zh) != 1 || zh[0].Name != "“十四五”时期" {
		t.Fatalf("Chinese band %+v", zh)
	}
}

func TestEventsAndBreakInRange(t *testing.T) {
	tr := Build(nonFossil, nonFossilObs(), nil, events(), Options{From: 2020, To: 2022})
	if len(tr.Events) != 2 || tr.Events[0].ID != 2 || tr.Events[1].ID != 1 {
		t.Fatalf("events %+v: want the indicator's and the general one in range, by date", tr.Events)
	}
	if tr.Break != nil {
		t.Fatalf("break %+v outside the range", tr.Break)
	}
}

func TestChinese(t *testing.T) {
	tr := Build(carbon, carbonObs(), carbonTargets(), nil, Options{Lang: "zh", AsOf: 2026})
	if tr.Lang != "zh" || tr.Name != "单位国内生产总值二氧化碳排放" || tr.Unit != "%" || tr.Actual.Name != "实际值" {
		t.Errorf("zh texts %q %q %q %q", tr.Lang, tr.Name, tr.Unit, tr.Actual.Name)
	}
	if tr.Index == nil || tr.Index.Name != "累计指数（推算，2020年=100）" {
		t.Errorf("zh index %+v", tr.Index)
	}
	fyp14 := view(t, tr, 1)
	if fyp14.Label != "“十四五”规划：2025年比2020年下降18%" || fyp14.PlanName != "“十四五”规划" {
		t.Errorf("zh label %q plan %q", fyp14.Label, fyp14.PlanName)
	}
	if want := "进展有限（R = 0.52）：实际年均变化-2.0%，目标要求年均-3.9%；2025年需变化-11.0%才能实现目标"; fyp14.StatusText != want {
		t.Errorf("zh status\n got %q\nwant %q", fyp14.StatusText, want)
	}
	if got := view(t, tr, 2).StatusText; got != "未完成：2024年比2023年下降3.4%（目标：比2023年下降3.9%）" {
		t.Errorf("zh missed %q", got)
	}
	if got := view(t, tr, 4).PlanName; got != "2021年更新的国家自主贡献" {
		t.Errorf("zh ndc %q", got)
	}
	if got := view(t, tr, 3).StatusText; got != "数据不足：无法评估进展" {
		t.Errorf("zh no data %q", got)
	}

	// Chinese text missing: English instead of nothing.
	in := nonFossil
	in.NameZH, in.UnitZH = "", ""
	tr = Build(in, nonFossilObs(), nonFossilTargets(), nil, Options{Lang: "zh", AsOf: 2025})
	if tr.Name != "Non-fossil share" || tr.Definition != "Share of non-fossil energy" || tr.Break.Note != "口径调整" {
		t.Errorf("fallback %q %q %+v", tr.Name, tr.Definition, tr.Break)
	}
	if got := view(t, tr, 11).Label; got != "“十四五”规划：2025年不低于20%" {
		t.Errorf("zh floor label %q", got)
	}
	if got := view(t, tr, 12).StatusText; got != "已完成：2020年为15.9%（目标：达到15%）" {
		t.Errorf("zh met %q", got)
	}
}

func TestHostileTextCarriedVerbatim(t *testing.T) {
	in := nonFossil
	in.NameEN, in.Unit = hostile.Markup, hostile.Markup
	src := record.Source{ID: 9, Title: hostile.Markup, URL: "javascript:alert(1)"}
	obs := []record.Observation{ob("non_fossil_share", 2020, "15.9", 1, 1, src), ob("non_fossil_share", 2021, "16.6", 1, 1, src)}
	obs[1].Note = hostile.Markup
	targets := []record.Target{{ID: 5, Year: 2025, Value: "20", Kind: "floor", Plan: "other", Document: hostile.Markup, Issued: "2021-03", Source: src}}
	tr := Build(in, obs, targets, nil, Options{AsOf: 2025})
	if tr.Name != hostile.Markup || tr.Unit != hostile.Markup || tr.Actual.Points[1].Note != hostile.Markup || tr.Actual.Points[0].Source.Title != hostile.Markup {
		t.Fatalf("hostile text altered: %+v", tr.Actual.Points)
	}
	tv := view(t, tr, 5)
	if tv.PlanName != hostile.Markup || !strings.HasPrefix(tv.Label, hostile.Markup+": at least 20 "+hostile.Markup) || tv.Goal.Source.URL != "javascript:alert(1)" {
		t.Fatalf("hostile target %q %q", tv.PlanName, tv.Label)
	}
	if tv.Status.BaseYear != 2020 { // "other": the year before it was issued
		t.Fatalf("base year %d", tv.Status.BaseYear)
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		name              string
		o                 Options
		from, to          int
		actual, targets   []int
		trajectoryOfFYP14 []int
	}{
		{"open", Options{}, 2015, 2030, []int{2015, 2019, 2020, 2021, 2022, 2024}, []int{2020, 2025, 2030}, []int{2020, 2021, 2022, 2023, 2024, 2025}},
		{"clamped", Options{From: 2021, To: 2025}, 2021, 2025, []int{2021, 2022, 2024}, []int{2025}, []int{2021, 2022, 2023, 2024, 2025}},
		{"from only", Options{From: 2024}, 2024, 2030, []int{2024}, []int{2025, 2030}, []int{2024, 2025}},
		{"to only", Options{To: 2019}, 2015, 2019, []int{2015, 2019}, nil, nil},
		{"inverted", Options{From: 2030, To: 2010}, 2030, 2010, nil, nil, nil},
		{"beyond the data", Options{From: 1990, To: 2000}, 1990, 2000, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := Build(nonFossil, nonFossilObs(), nonFossilTargets(), events(), tt.o)
			if tr.From != tt.from || tr.To != tt.to {
				t.Fatalf("range %d-%d, want %d-%d", tr.From, tr.To, tt.from, tt.to)
			}
			if got := years(tr.Actual.Points); !sameInts(got, tt.actual) {
				t.Fatalf("actual %v, want %v", got, tt.actual)
			}
			var ty, fyp14 []int
			for _, tv := range tr.Targets {
				ty = append(ty, tv.Target.Year)
				if tv.Target.ID == 11 {
					fyp14 = years(tv.Trajectory.Points)
				}
			}
			if !sameInts(ty, tt.targets) || !sameInts(fyp14, tt.trajectoryOfFYP14) {
				t.Fatalf("targets %v trajectory %v, want %v %v", ty, fyp14, tt.targets, tt.trajectoryOfFYP14)
			}
			for _, v := range tr.Vintages {
				if v.Year < tr.From || v.Year > tr.To {
					t.Fatalf("vintage %d outside the range", v.Year)
				}
			}
			// The status does not depend on the range shown.
			if len(tr.Targets) > 0 && tr.Targets[len(tr.Targets)-1].Status.Code == progress.NoData {
				t.Fatalf("status lost by clamping: %+v", tr.Targets)
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	tr := Build(carbon, nil, nil, nil, Options{})
	if tr.From != 0 || tr.To != 0 || tr.Index != nil || len(tr.Actual.Points) != 0 || Nearest(tr) != nil {
		t.Fatalf("empty trend %+v", tr)
	}
	if _, ok := tr.Latest(); ok {
		t.Fatal("latest of nothing")
	}
	tr = Build(carbon, nil, carbonTargets()[:1], nil, Options{})
	if len(tr.Targets) != 1 || tr.Targets[0].Scale != ScaleNone || tr.Targets[0].Status.Code != progress.NoData {
		t.Fatalf("target without data %+v", tr.Targets)
	}
}

func TestNearest(t *testing.T) {
	tests := []struct {
		asOf int
		want int64
	}{
		{2019, 12}, {2020, 12}, {2021, 11}, {2025, 11}, {2026, 10}, {2031, 10},
		{0, 11}, // no AsOf: after the latest actual year (2024)
	}
	for _, tt := range tests {
		tr := Build(nonFossil, nonFossilObs(), nonFossilTargets(), nil, Options{AsOf: tt.asOf})
		if got := Nearest(tr); got == nil || got.Target.ID != tt.want {
			t.Errorf("AsOf %d: nearest %+v, want target %d", tt.asOf, got, tt.want)
		}
	}
	// Same year: the binding target wins.
	targets := []record.Target{
		{ID: 1, Year: 2025, Value: "21", Kind: "floor", Plan: "other", Document: "a"},
		{ID: 2, Year: 2025, Value: "20", Kind: "floor", Plan: "fyp14", Binding: true},
	}
	tr := Build(nonFossil, nonFossilObs(), targets, nil, Options{AsOf: 2025})
	if got := Nearest(tr); got == nil || got.Target.ID != 2 {
		t.Errorf("nearest %+v, want the binding target", got)
	}
}

func TestTargetBaseYear(t *testing.T) {
	tests := []struct {
		t    record.Target
		want int
	}{
		{record.Target{BaseYear: 2005, Plan: "ndc2015"}, 2005},
		{record.Target{Plan: "fyp11"}, 2005},
		{record.Target{Plan: "fyp12"}, 2010},
		{record.Target{Plan: "fyp13"}, 2015},
		{record.Target{Plan: "fyp14"}, 2020},
		{record.Target{Plan: "fyp15"}, 2025},
		{record.Target{Plan: "action2030"}, 2020},
		{record.Target{Plan: "ndc2021"}, 2020},
		{record.Target{Plan: "guidance2021"}, 2020},
		{record.Target{Plan: "goal2060"}, 2020},
		{record.Target{Plan: "ndc2015"}, 2015},
		{record.Target{Plan: "ndc2035"}, 2024},
		{record.Target{Plan: "other", Issued: "2017-02"}, 2016},
		{record.Target{Plan: "other", Source: record.Source{Published: "2014"}}, 2013},
		{record.Target{Plan: "other", Issued: "soon"}, 0},
		{record.Target{Plan: "other"}, 0},
	}
	for _, tt := range tests {
		if got := TargetBaseYear(tt.t); got != tt.want {
			t.Errorf("TargetBaseYear(%+v) = %d, want %d", tt.t, got, tt.want)
		}
	}
}

func TestLinearStatusText(t *testing.T) {
	// Linear rates (values <= 0) are stated in the indicator's unit.
	st := progress.Status{Code: progress.Moderate, Ratio: 0.625, ObservedRate: -0.25, RequiredRate: -0.4, StillRequired: -1,
		LatestYear: 2024, TargetYear: 2025, Linear: true}
	got := StatusText(carbon, record.Target{Kind: "cap", Value: "-3"}, st, "en")
	if want := "Moderate progress (R = 0.62): the observed rate is -0.25% y/y per year against -0.40% y/y per year required; -1.00% y/y in 2025 needed to reach the target"; got != want {
		t.Errorf("linear status\n got %q\nwant %q", got, want)
	}
}

func TestLevelChangeTargetWithoutBaseValue(t *testing.T) {
	targets := []record.Target{
		{ID: 1, Year: 2025, Value: "10", Kind: "change", BaseYear: 2020, Plan: "fyp14"},
		{ID: 2, Year: 2025, Value: "10", Kind: "change", BaseYear: 2018, Plan: "fyp14"}, // no value for 2018
	}
	tr := Build(nonFossil, nonFossilObs(), targets, nil, Options{AsOf: 2025})
	on := view(t, tr, 1)
	if on.Scale != ScaleLevel || !near(on.Goal.Value, 15.9*1.1, 1e-9) || !on.Goal.Derived || len(on.Trajectory.Points) != 6 {
		t.Fatalf("change target on a level series %+v", on)
	}
	off := view(t, tr, 2)
	if off.Scale != ScaleNone || off.Drawn() || len(off.Trajectory.Points) != 0 || off.Status.Code != progress.NoData {
		t.Fatalf("change target without base value %+v", off)
	}
}

// A target of no known plan is named by its document: in Chinese by its Chinese name when the catalogue
// gives one, else by the document as given; a known plan keeps the program's names in both languages.
func TestDocumentNames(t *testing.T) {
	other := record.Target{Indicator: "coal_share", Year: 2020, Value: "62", Kind: "cap", Plan: "other",
		Document:   "Energy Development Strategy Action Plan (2014-2020), as reported by Xinhua",
		DocumentZH: "《能源发展战略行动计划（2014—2020年）》（据新华社报道）"}
	noZH := other
	noZH.DocumentZH = ""
	unknown := other
	unknown.Plan = "fyp99"
	planned := other
	planned.Plan, planned.Document, planned.DocumentZH = "fyp13", "13th Five-Year Plan (2016-2020)", "十三五规划纲要"
	coal := record.Indicator{Code: "coal_share", Unit: "%", Direction: "down", Precision: 1, Measure: "level"}
	for _, c := range []struct {
		name             string
		t                record.Target
		lang             string
		doc, plan, label string
	}{
		{"other en", other, "en", other.Document, other.Document, other.Document + ": at most 62% by 2020"},
		{"other zh", other, "zh", other.DocumentZH, other.DocumentZH, other.DocumentZH + "：2020年不高于62%"},
		{"unknown plan zh", unknown, "zh", other.DocumentZH, other.DocumentZH, other.DocumentZH + "：2020年不高于62%"},
		{"no Chinese name en", noZH, "en", other.Document, other.Document, other.Document + ": at most 62% by 2020"},
		{"no Chinese name zh", noZH, "zh", other.Document, other.Document, other.Document + "：2020年不高于62%"},
		{"known plan en", planned, "en", planned.Document, "13th Five-Year Plan (2016-2020)", "13th FYP: at most 62% by 2020"},
		{"known plan zh", planned, "zh", planned.DocumentZH, "“十三五”规划", "“十三五”规划：2020年不高于62%"},
		{"any other language", other, "fr", other.Document, other.Document, other.Document + ": at most 62% by 2020"},
	} {
		if got := DocumentName(c.t, c.lang); got != c.doc {
			t.Errorf("%s: DocumentName %q, want %q", c.name, got, c.doc)
		}
		if got := PlanName(c.t, c.lang); got != c.plan {
			t.Errorf("%s: PlanName %q, want %q", c.name, got, c.plan)
		}
		if got := Label(coal, c.t, c.lang); got != c.label {
			t.Errorf("%s: Label %q, want %q", c.name, got, c.label)
		}
		tr := Build(coal, nil, []record.Target{c.t}, nil, Options{Lang: c.lang, AsOf: 2025})
		if len(tr.Targets) != 1 || tr.Targets[0].Document != c.doc || tr.Targets[0].PlanName != c.plan {
			t.Errorf("%s: built view %+v", c.name, tr.Targets)
		}
	}
}

// Two targets that read the same (one goal, announced in a speech, then set down in the NDC) are told apart
// by their documents, in both languages; a label no other target shares stays as it is.
func TestSharedLabelsNameTheDocument(t *testing.T) {
	speech := record.Target{ID: 1, Indicator: "non_fossil_share", Year: 2030, Value: "25", Kind: "level", Plan: "ndc2021",
		Document: "Climate Ambition Summit speech", DocumentZH: "气候雄心峰会讲话", Source: nbs}
	ndc := speech
	ndc.ID, ndc.Document, ndc.DocumentZH = 2, "Updated NDC (2021)", "更新的国家自主贡献（2021）"
	other := speech
	other.ID, other.Value = 3, "20"
	in := record.Indicator{Code: "non_fossil_share", Unit: "%", Direction: "up", Precision: 1, Measure: "level"}
	for lang, want := range map[string][]string{
		"en": {"2021 NDC: 25% by 2030 (Climate Ambition Summit speech)", "2021 NDC: 25% by 2030 (Updated NDC (2021))", "2021 NDC: 20% by 2030"},
		"zh": {"2021年国家自主贡献：2030年达到25%（气候雄心峰会讲话）", "2021年国家自主贡献：2030年达到25%（更新的国家自主贡献（2021））", "2021年国家自主贡献：2030年达到20%"},
	} {
		tr := Build(in, nonFossilObs(), []record.Target{speech, ndc, other}, nil, Options{Lang: lang, AsOf: 2025})
		var got []string
		for _, tv := range tr.Targets {
			got = append(got, tv.Label)
			if s := tv.TargetSeries(); s.Name != tv.Label {
				t.Errorf("%s: target series %q, label %q", lang, s.Name, tv.Label)
			}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: labels %q, want %q", lang, got, want)
		}
	}
}

// Every amount of a target label joins its unit as the tables do (text.WithUnit): the forest stock's
// "billion m³" once came out as "19billion m³" in the labels beside "19 billion m³" in the table. In Chinese
// the amount is in the unit Chinese readers use (text.ShownUnit): 19 billion m³ is 190亿立方米.
func TestLabelUnitSpacing(t *testing.T) {
	forest := record.Indicator{Code: "forest_stock", Unit: "billion m³", UnitZH: "十亿立方米", Precision: 1}
	tests := []struct {
		kind, lang, want string
	}{
		{"floor", "en", "14th FYP: at least 19 billion m³ by 2025"},
		{"level", "en", "14th FYP: 19 billion m³ by 2025"},
		{"cap", "en", "14th FYP: at most 19 billion m³ by 2025"},
		{"floor", "zh", "“十四五”规划：2025年不低于190亿立方米"},
		{"level", "zh", "“十四五”规划：2025年达到190亿立方米"},
	}
	for _, tt := range tests {
		got := Label(forest, record.Target{Plan: "fyp14", Year: 2025, Value: "19", Kind: tt.kind}, tt.lang)
		if got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.kind, tt.lang, got, tt.want)
		}
	}
}

// A brief trend (the overview's) is the full one without what a card does not read: the same series, range,
// targets, goals, labels and statuses; no trajectories, vintages, bands or events.
func TestBriefIsTheFullTrendWithoutTheChartParts(t *testing.T) {
	cases := []struct {
		in      record.Indicator
		obs     []record.Observation
		targets []record.Target
	}{
		{carbon, carbonObs(), carbonTargets()},          // a yoy_change indicator: the index and its targets
		{nonFossil, nonFossilObs(), nonFossilTargets()}, // levels, gaps, monthly rows
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "zh"} {
			o := Options{Lang: lang, AsOf: 2026}
			full := Build(c.in, c.obs, c.targets, events(), o)
			o.Brief = true
			brief := Build(c.in, c.obs, c.targets, events(), o)
			if len(full.Targets) == 0 || len(full.Vintages) == 0 || len(full.Bands) == 0 {
				t.Fatalf("%s: the fixture should have targets, vintages and bands", c.in.Code)
			}
			if brief.Vintages != nil || brief.Bands != nil || brief.Events != nil || brief.Break != nil {
				t.Errorf("%s %s: brief trend has vintages, bands, events or a break", c.in.Code, lang)
			}
			want := full
			want.Vintages, want.Bands, want.Events, want.Break = nil, nil, nil, nil
			want.Targets = append([]TargetView(nil), full.Targets...)
			for i := range want.Targets {
				want.Targets[i].Trajectory = Series{}
			}
			if !reflect.DeepEqual(brief, want) {
				t.Errorf("%s %s: brief trend\n%+v\nwant the full one without its chart parts\n%+v", c.in.Code, lang, brief, want)
			}
		}
	}
}
