package progress

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func series(start int, values ...float64) []Point {
	out := make([]Point, len(values))
	for i, v := range values {
		out[i] = Point{Year: start + i, Value: v}
	}
	return out
}

// carbonIntensity is the published yearly change of CO2 per unit of GDP, 2021-2024 (issue 3's check).
var carbonIntensity = series(2021, -3.8, -0.8, 0, -3.4)

func TestIndex(t *testing.T) {
	tests := []struct {
		name    string
		changes []Point
		base    int
		want    []Point
	}{
		{"chain", carbonIntensity, 2020, []Point{{2020, 100}, {2021, 96.2}, {2022, 95.4304}, {2023, 95.4304}, {2024, 92.1857664}}},
		{"stops at a gap", []Point{{2016, -5}, {2017, -10}, {2019, -3}}, 2015, []Point{{2015, 100}, {2016, 95}, {2017, 85.5}}},
		{"ignores changes up to the base year", []Point{{2019, -50}, {2020, -50}, {2021, 10}}, 2020, []Point{{2020, 100}, {2021, 110}}},
		{"unordered input", []Point{{2022, 10}, {2021, 10}}, 2020, []Point{{2020, 100}, {2021, 110}, {2022, 121}}},
		{"no change for the year after the base", carbonIntensity, 2015, nil},
		{"no changes", nil, 2020, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Index(tt.changes, tt.base)
			if len(got) != len(tt.want) {
				t.Fatalf("Index = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i].Year != tt.want[i].Year || !near(got[i].Value, tt.want[i].Value, 1e-9) {
					t.Fatalf("Index = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestGoal(t *testing.T) {
	idx := Index(carbonIntensity, 2020)
	tests := []struct {
		name   string
		series []Point
		target Target
		want   float64
		ok     bool
	}{
		{"change on the index", idx, Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, 82, true},
		{"change from a later base", idx, Target{Year: 2024, Value: -3.9, Kind: "change", BaseYear: 2023}, 95.4304 * 0.961, true},
		{"change without base value", idx, Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2019}, 0, false},
		{"change without base year", idx, Target{Year: 2025, Value: -18, Kind: "change"}, 0, false},
		{"floor", nil, Target{Year: 2025, Value: 20, Kind: "floor"}, 20, true},
		{"cap", nil, Target{Year: 2020, Value: 58, Kind: "cap"}, 58, true},
		{"level", nil, Target{Year: 2025, Value: 24.1, Kind: "level"}, 24.1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Goal(tt.series, tt.target)
			if ok != tt.ok || !near(got, tt.want, 1e-9) {
				t.Fatalf("Goal = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTrajectory(t *testing.T) {
	idx := Index(carbonIntensity, 2020)
	t.Run("compound from the base to the goal", func(t *testing.T) {
		got := Trajectory(idx, Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, 0)
		if len(got) != 6 || got[0] != (Point{2020, 100}) || got[5] != (Point{2025, 82}) {
			t.Fatalf("Trajectory = %v", got)
		}
		r := got[1].Value / got[0].Value
		for i := 2; i < len(got); i++ {
			if got[i].Year != 2020+i || !near(got[i].Value/got[i-1].Value, r, 1e-12) {
				t.Fatalf("not a constant annual rate at %d: %v", got[i].Year, got)
			}
		}
		if !near(math.Pow(r, 5), 0.82, 1e-12) {
			t.Fatalf("rate %v does not reach the goal", r)
		}
	})
	t.Run("level target from an explicit base year", func(t *testing.T) {
		s := series(2019, 15.3, 15.9, 16.6)
		got := Trajectory(s, Target{Year: 2025, Value: 20, Kind: "floor"}, 2020)
		if len(got) != 6 || got[0] != (Point{2020, 15.9}) || got[5] != (Point{2025, 20}) {
			t.Fatalf("Trajectory = %v", got)
		}
	})
	t.Run("proxy base year within the slack", func(t *testing.T) {
		s := []Point{{2018, 60}, {2022, 56}}
		got := Trajectory(s, Target{Year: 2025, Value: 52, Kind: "cap"}, 2020)
		if len(got) != 8 || got[0] != (Point{2018, 60}) || got[7] != (Point{2025, 52}) {
			t.Fatalf("Trajectory = %v", got)
		}
	})
	t.Run("linear when values are not positive", func(t *testing.T) {
		s := series(2020, -1)
		got := Trajectory(s, Target{Year: 2025, Value: -3.5, Kind: "cap"}, 2020)
		if len(got) != 6 || !near(got[2].Value, -2, 1e-12) || got[5].Value != -3.5 {
			t.Fatalf("Trajectory = %v", got)
		}
	})
	for _, tt := range []struct {
		name string
		s    []Point
		tg   Target
		base int
	}{
		{"target year equals base year", series(2020, 50), Target{Year: 2020, Value: 40, Kind: "cap"}, 2020},
		{"target year before base year", series(2020, 50), Target{Year: 2015, Value: 40, Kind: "cap"}, 2020},
		{"no base value", series(2010, 50), Target{Year: 2025, Value: 40, Kind: "cap"}, 2020},
		{"no base year", series(2010, 50), Target{Year: 2025, Value: 40, Kind: "cap"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Trajectory(tt.s, tt.tg, tt.base); got != nil {
				t.Fatalf("Trajectory = %v, want nil", got)
			}
		})
	}
}

func TestAssess(t *testing.T) {
	ciIndex := Index(carbonIntensity, 2020)
	nonFossil := []Point{{2020, 15.9}, {2021, 16.6}, {2022, 17.5}, {2023, 17.9}, {2024, 19.8}}
	tests := []struct {
		name      string
		series    []Point
		target    Target
		base      int
		direction string
		asOf      int
		check     func(t *testing.T, st Status)
	}{
		{
			name:   "carbon intensity check: limited progress",
			series: ciIndex, target: Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) {
				want(t, st, Limited, 2020, 2024)
				// 0.921857664^(1/4)-1 = -0.02014; 0.82^(1/5)-1 = -0.03891; R = 0.5175; 82/92.1857664-1 = -0.1105.
				if !near(st.Ratio, 0.52, 0.005) || !near(st.ObservedRate, -0.0201, 0.0001) ||
					!near(st.RequiredRate, -0.0389, 0.0001) || !near(st.StillRequired, -0.1105, 0.0001) {
					t.Fatalf("rates: %+v", st)
				}
				if st.Goal != 82 || st.BaseValue != 100 || st.Linear {
					t.Fatalf("goal/base: %+v", st)
				}
			},
		},
		{
			name:   "increasing indicator on track (non-fossil share floor 20% by 2025)",
			series: nonFossil, target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2020, direction: "up", asOf: 2025,
			check: func(t *testing.T, st Status) {
				want(t, st, OnTrack, 2020, 2024)
				// (19.8/15.9)^(1/4)-1 = 0.0564 against (20/15.9)^(1/5)-1 = 0.0470.
				if !near(st.Ratio, 1.2, 0.01) || !near(st.StillRequired, 20/19.8-1, 1e-9) {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
		{
			name:   "increasing indicator, moderate with data to 2023",
			series: nonFossil[:4], target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2020, direction: "up",
			check: func(t *testing.T, st Status) {
				// (17.9/15.9)^(1/3)-1 = 0.0403; R = 0.857.
				want(t, st, Moderate, 2020, 2023)
				if !near(st.Ratio, 0.857, 0.005) {
					t.Fatalf("ratio: %+v", st)
				}
			},
		},
		{
			name:   "asOf hides later values",
			series: nonFossil, target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2020, direction: "up", asOf: 2023,
			check: func(t *testing.T, st Status) { want(t, st, Moderate, 2020, 2023) },
		},
		{
			name:   "target already achieved before the target year",
			series: []Point{{2020, 23.04}, {2022, 24.02}, {2023, 24.2}}, target: Target{Year: 2025, Value: 24.1, Kind: "level"}, base: 2020, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, Achieved, 2020, 2023) },
		},
		{
			name:   "cap already achieved",
			series: series(2020, 56.8, 56.0, 56.2, 55.3), target: Target{Year: 2025, Value: 56, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, Achieved, 2020, 2023) },
		},
		{
			name:   "cap in progress",
			series: series(2020, 56.8, 56.0, 56.2, 55.3), target: Target{Year: 2025, Value: 54, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) {
				// (55.3/56.8)^(1/3)-1 = -0.00888 against (54/56.8)^(1/5)-1 = -0.01006: R = 0.883.
				want(t, st, Moderate, 2020, 2023)
				if !near(st.Ratio, 0.883, 0.005) || !near(st.StillRequired, math.Pow(54/55.3, 0.5)-1, 1e-9) {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
		{
			name:   "target year passed: met",
			series: series(2015, 64.0, 62.2, 60.6, 59.0, 57.7, 56.8), target: Target{Year: 2020, Value: 58, Kind: "cap"}, base: 2015, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) {
				want(t, st, Met, 2015, 2020)
				if st.StillRequired != 0 {
					t.Fatalf("still required after the target year: %+v", st)
				}
			},
		},
		{
			name:   "target year passed: missed",
			series: series(2015, 64.0, 62.2, 60.6, 59.0, 57.7, 56.8), target: Target{Year: 2020, Value: 56, Kind: "cap"}, base: 2015, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) { want(t, st, Missed, 2015, 2020) },
		},
		{
			name:   "target year passed: judged on the first later value when the target year is missing",
			series: []Point{{2015, 64.0}, {2018, 59.0}, {2021, 55.9}}, target: Target{Year: 2020, Value: 56, Kind: "cap"}, base: 2015, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) { want(t, st, Met, 2015, 2021) },
		},
		{
			name:   "target year just over, its figures not due yet: still assessed from the latest",
			series: ciIndex[:4], target: Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) {
				want(t, st, Limited, 2020, 2023)
				if st.LastVerdict != "" || !near(st.StillRequired, math.Pow(82/95.4304, 0.5)-1, 1e-9) {
					t.Fatalf("still required: %+v", st)
				}
			},
		},
		{
			name:   "target year over and its figures overdue: no data, the last verdict kept",
			series: ciIndex[:4], target: Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, direction: "down", asOf: 2027,
			check: func(t *testing.T, st Status) {
				want(t, st, NoData, 2020, 2023)
				if st.LastVerdict != Limited || !near(st.Ratio, st.ObservedRate/st.RequiredRate, 1e-12) || st.Ratio <= 0 {
					t.Fatalf("last verdict: %+v", st)
				}
			},
		},
		{
			name:   "target year over without its value, goal reached before: achieved",
			series: series(2015, 64.0, 62.2, 57.0), target: Target{Year: 2020, Value: 58, Kind: "cap"}, base: 2015, direction: "down", asOf: 2026,
			check: func(t *testing.T, st Status) { want(t, st, Achieved, 2015, 2017) },
		},
		{
			name:   "change target met (annual target)",
			series: ciIndex, target: Target{Year: 2024, Value: -3.0, Kind: "change", BaseYear: 2023}, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, Met, 2023, 2024) },
		},
		{
			name:   "change target missed (annual target)",
			series: ciIndex, target: Target{Year: 2024, Value: -3.9, Kind: "change", BaseYear: 2023}, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, Missed, 2023, 2024) },
		},
		{
			name:   "missing years: rates over the years that exist",
			series: []Point{{2015, 50}, {2017, 46}, {2018, 44}}, target: Target{Year: 2020, Value: 40, Kind: "level"}, base: 2015, direction: "down",
			check: func(t *testing.T, st Status) {
				want(t, st, OnTrack, 2015, 2018)
				if !near(st.ObservedRate, math.Pow(44.0/50, 1.0/3)-1, 1e-12) || !near(st.StillRequired, math.Pow(40.0/44, 0.5)-1, 1e-12) {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
		{
			name:   "base year with no value: nearest earlier year within the slack",
			series: []Point{{2018, 60}, {2022, 57}, {2023, 55}}, target: Target{Year: 2025, Value: 54, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) {
				want(t, st, OnTrack, 2018, 2023)
				if st.BaseValue != 60 {
					t.Fatalf("base value: %+v", st)
				}
			},
		},
		{
			name:   "base year with no value: a later year within the slack",
			series: []Point{{2016, 60}, {2021, 57}, {2023, 55}}, target: Target{Year: 2025, Value: 54, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, OnTrack, 2021, 2023) },
		},
		{
			name:   "base year with no value within the slack: no data",
			series: []Point{{2017, 60}, {2023, 55}}, target: Target{Year: 2025, Value: 54, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, NoData, 0, 0) },
		},
		{
			name:   "change target: the base year itself must have a value",
			series: Index(carbonIntensity, 2020)[1:], target: Target{Year: 2025, Value: -18, Kind: "change", BaseYear: 2020}, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, NoData, 0, 0) },
		},
		{
			name:   "no value after the base year: no data",
			series: series(2020, 15.9), target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2020, direction: "up",
			check: func(t *testing.T, st Status) {
				want(t, st, NoData, 2020, 0)
				if st.Goal != 20 || st.BaseValue != 15.9 {
					t.Fatalf("known parts not filled in: %+v", st)
				}
			},
		},
		{
			name:   "no base year given: no data",
			series: series(2020, 15.9, 16.6), target: Target{Year: 2025, Value: 20, Kind: "floor"}, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, NoData, 0, 0) },
		},
		{
			name:   "target year not after the base year: no rate, judged on the target year's value",
			series: series(2020, 15.9, 16.6), target: Target{Year: 2020, Value: 20, Kind: "floor"}, base: 2020, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, Missed, 0, 2020) },
		},
		{
			name:   "change target not after its base year: no data",
			series: series(2020, 100, 98), target: Target{Year: 2020, Value: -5, Kind: "change", BaseYear: 2020}, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, NoData, 0, 0) },
		},
		{
			name:   "no base value but the target year's value: a cap is judged met",
			series: series(2019, 57.7, 56.8, 55.9), target: Target{Year: 2020, Value: 58, Kind: "cap"}, base: 2015, direction: "down",
			check: func(t *testing.T, st Status) { want(t, st, Met, 0, 2020) },
		},
		{
			name:   "no base value but the target year's value: a floor is judged missed",
			series: series(2019, 14.5, 14.9), target: Target{Year: 2020, Value: 15, Kind: "floor"}, base: 2015, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, Missed, 0, 2020) },
		},
		{
			name:   "no base value, goal already reached before the target year: achieved",
			series: series(2022, 21, 22), target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2015, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, Achieved, 0, 2023) },
		},
		{
			name:   "no base value, goal not reached yet: no data (no rate to measure)",
			series: series(2022, 18, 19), target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2015, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, NoData, 0, 0) },
		},
		{
			name:   "moving away",
			series: series(2020, 33, 30, 29, 30, 34), target: Target{Year: 2025, Value: 28, Kind: "level"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) {
				want(t, st, Away, 2020, 2024)
				if st.Ratio >= 0 || st.ObservedRate <= 0 || st.StillRequired >= 0 {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
		{
			name:   "floor met at the base but lost since: moving away",
			series: series(2020, 21, 20.5, 19), target: Target{Year: 2025, Value: 20, Kind: "floor"}, base: 2020, direction: "up",
			check: func(t *testing.T, st Status) { want(t, st, Away, 2020, 2022) },
		},
		{
			name:   "level target without a direction follows the side of the goal",
			series: series(2020, 50, 48), target: Target{Year: 2025, Value: 40, Kind: "level"}, base: 2020,
			check: func(t *testing.T, st Status) { want(t, st, Moderate, 2020, 2021) },
		},
		{
			name:   "values <= 0: linear rates",
			series: series(2020, -1, -1.5, -1.5, -2, -2), target: Target{Year: 2025, Value: -3, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) {
				// -0.25 per year observed against -0.4 required: R = 0.625.
				want(t, st, Moderate, 2020, 2024)
				if !st.Linear || !near(st.ObservedRate, -0.25, 1e-12) || !near(st.RequiredRate, -0.4, 1e-12) ||
					!near(st.Ratio, 0.625, 1e-12) || !near(st.StillRequired, -1, 1e-12) {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
		{
			name:   "values <= 0: met on a linear scale",
			series: series(2020, -1, -3.2), target: Target{Year: 2021, Value: -3, Kind: "cap"}, base: 2020, direction: "down",
			check: func(t *testing.T, st Status) {
				want(t, st, Met, 2020, 2021)
				if !st.Linear || !near(st.ObservedRate, -2.2, 1e-12) {
					t.Fatalf("rates: %+v", st)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Assess(tt.series, tt.target, tt.base, tt.direction, tt.asOf)
			if st.TargetYear != tt.target.Year {
				t.Fatalf("target year %d, want %d", st.TargetYear, tt.target.Year)
			}
			tt.check(t, st)
		})
	}
}

func want(t *testing.T, st Status, code string, baseYear, latestYear int) {
	t.Helper()
	if st.Code != code || st.BaseYear != baseYear || st.LatestYear != latestYear {
		t.Fatalf("got %s base %d latest %d, want %s base %d latest %d (%+v)",
			st.Code, st.BaseYear, st.LatestYear, code, baseYear, latestYear, st)
	}
}

func TestVerdictThresholds(t *testing.T) {
	tests := []struct {
		ratio float64
		want  string
	}{
		{1.5, OnTrack}, {0.95, OnTrack}, {0.9499, Moderate}, {0.60, Moderate}, {0.5999, Limited}, {0, Limited}, {-0.01, Away},
	}
	for _, tt := range tests {
		st := Status{Ratio: tt.ratio, RequiredRate: -0.04, StillRequired: -0.05}
		if got := verdict(st, false); got != tt.want {
			t.Errorf("R = %v: %s, want %s", tt.ratio, got, tt.want)
		}
	}
	if got := verdict(Status{Ratio: 0.2, RequiredRate: -0.04}, true); got != Achieved {
		t.Errorf("reached: %s, want %s", got, Achieved)
	}
}

func TestAssessDoesNotModifyInput(t *testing.T) {
	s := []Point{{2024, 4}, {2020, 1}, {2022, 2}}
	Assess(s, Target{Year: 2025, Value: 5, Kind: "floor"}, 2020, "up", 2023)
	if s[0] != (Point{2024, 4}) || s[1] != (Point{2020, 1}) || s[2] != (Point{2022, 2}) {
		t.Fatalf("input changed: %v", s)
	}
}
