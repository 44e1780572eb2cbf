package trend

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func src(id int64, published string) record.Source {
	return record.Source{ID: id, Title: "source " + published, Published: published}
}

// historyObs: the non-fossil share of 2020-2022, each published the next February; 2021 first as a
// preliminary print dated only to the month (January 2022); one value of unknown date.
func historyObs() []record.Observation {
	return []record.Observation{
		ob("non_fossil_share", 2019, "15.3", 1, 1, src(9, "")),
		ob("non_fossil_share", 2020, "15.9", 1, 1, src(1, "2021-02-28")),
		ob("non_fossil_share", 2021, "16.0", 1, 2, src(2, "2022-01")),
		ob("non_fossil_share", 2021, "16.6", 2, 2, src(3, "2022-02-28")),
		ob("non_fossil_share", 2022, "17.5", 1, 1, src(4, "2023-02-28")),
	}
}

// historyTarget: at least 20 % in 2025 (the 14th FYP, base 2020), issued 11 March 2021.
func historyTarget() record.Target {
	return record.Target{ID: 11, Indicator: "non_fossil_share", Region: "CN", Year: 2025, Value: "20", Kind: "floor",
		Plan: "fyp14", Document: "14th FYP Outline", Issued: "2021-03-11", Source: src(5, "2021-03-13")}
}

func TestAsOf(t *testing.T) {
	ev := record.Event{ID: 1, Date: time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), TitleEN: "e"}
	cases := []struct {
		asOf     string
		values   []string // year:value vintage/vintages
		targets  int
		events   int
		latest21 string
	}{
		{"", []string{"2019:15.3 1/1", "2020:15.9 1/1", "2021:16.0 1/2", "2021:16.6 2/2", "2022:17.5 1/1"}, 1, 1, "16.6"},
		{"2021-02-27", nil, 0, 0, ""},
		{"2021-03-11", []string{"2020:15.9 1/1"}, 1, 0, ""},
		// "2022-01" counts from the first of January: 16.0 is the current 2021 value on that day.
		{"2022-01-01", []string{"2020:15.9 1/1", "2021:16.0 1/1"}, 1, 0, "16.0"},
		{"2022-02-27", []string{"2020:15.9 1/1", "2021:16.0 1/1"}, 1, 1, "16.0"},
		{"2022-02-28", []string{"2020:15.9 1/1", "2021:16.0 1/2", "2021:16.6 2/2"}, 1, 1, "16.6"},
	}
	for _, c := range cases {
		obs, ts, es := AsOf(historyObs(), []record.Target{historyTarget()}, []record.Event{ev}, c.asOf)
		var got []string
		latest := ""
		for _, o := range obs {
			got = append(got, itoa(o.Year)+":"+o.Value+" "+itoa(o.Vintage)+"/"+itoa(o.Vintages))
			if o.Year == 2021 && o.Current() {
				latest = o.Value
			}
		}
		if !reflect.DeepEqual(got, c.values) && !(len(got) == 0 && len(c.values) == 0) {
			t.Errorf("as of %q: observations %v, want %v", c.asOf, got, c.values)
		}
		if len(ts) != c.targets || len(es) != c.events || latest != c.latest21 {
			t.Errorf("as of %q: %d targets, %d events, 2021 = %q; want %d, %d, %q", c.asOf, len(ts), len(es), latest,
				c.targets, c.events, c.latest21)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestHistories checks a target's history against a hand computation of the Open SDG method.
//
// Floor 20 % by 2025, base 2020 = 15.9. Required rate: (20/15.9)^(1/5) - 1 = 0.046955.
//   - 2021-03-11 (issued): only 2020 is out; no value after the base: no_data.
//   - 2022-01-01 (2021 preliminary 16.0, month-only date): observed 16.0/15.9 - 1 = 0.006289, R = 0.1339: limited.
//   - 2022-02-28 (2021 revised to 16.6): observed 0.044025, R = 0.9376: moderate.
//   - 2023-02-28 (2022 = 17.5): observed (17.5/15.9)^(1/2) - 1 = 0.049107, R = 1.0458: on_track.
//
// The value of unknown date (2019) never counts; the dates before the issue have no entry.
func TestHistories(t *testing.T) {
	h := Histories(nonFossil, historyObs(), []record.Target{historyTarget()}, nil, Options{Lang: "en", Region: "CN"})[11]
	want := []struct {
		date, code, latest string
		ratio              float64
	}{
		{"2021-03-11", progress.NoData, "15.9", 0},
		{"2022-01-01", progress.Limited, "16.0", 0.1339},
		{"2022-02-28", progress.Moderate, "16.6", 0.9376},
		{"2023-02-28", progress.OnTrack, "17.5", 1.0458},
	}
	if len(h) != len(want) {
		t.Fatalf("history has %d entries, want %d: %+v", len(h), len(want), h)
	}
	for i, w := range want {
		e := h[i]
		if e.Date != w.date || e.Status.Code != w.code || e.Latest == nil || e.Latest.Exact != w.latest ||
			math.Abs(e.Status.Ratio-w.ratio) > 5e-4 {
			t.Errorf("entry %d: %s %s R=%.4f latest %+v; want %s %s R=%.4f latest %s", i, e.Date, e.Status.Code,
				e.Status.Ratio, e.Latest, w.date, w.code, w.ratio, w.latest)
		}
	}
	// Each entry is the status Build computes from the rows of its date alone.
	for _, e := range h {
		obs, ts, es := AsOf(historyObs(), []record.Target{historyTarget()}, nil, e.Date)
		tr := Build(nonFossil, obs, ts, es, Options{Lang: "en", Region: "CN", AsOf: YearOf(e.Date, 0)})
		if len(tr.Targets) != 1 || tr.Targets[0].Status != e.Status {
			t.Errorf("%s: history %+v, one date at a time %+v", e.Date, e.Status, tr.Targets)
		}
	}
}

func TestChanges(t *testing.T) {
	cs := Changes(nonFossil, historyObs(), []record.Target{historyTarget()}, nil, "2022-01-01", Options{Lang: "en", Region: "CN"})
	type row struct {
		date, kind string
		year       int
		size       float64
		from, to   string
	}
	var got []row
	for _, c := range cs {
		r := row{date: c.Date, kind: c.Kind, size: math.Round(c.Size*100) / 100}
		if c.New != nil {
			r.year = c.New.Year
		}
		if c.Kind == ChangeStatus {
			r.from, r.to = c.From.Status.Code, c.To.Status.Code
		}
		got = append(got, r)
	}
	want := []row{
		{"2023-02-28", ChangeNew, 2022, 0, "", ""},
		{"2023-02-28", ChangeStatus, 0, 0, progress.Moderate, progress.OnTrack},
		{"2022-02-28", ChangeRevision, 2021, 0.6, "", ""},
		{"2022-02-28", ChangeStatus, 0, 0, progress.Limited, progress.Moderate},
		{"2022-01-01", ChangeNew, 2021, 0, "", ""},
		{"2022-01-01", ChangeStatus, 0, 0, progress.NoData, progress.Limited},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes\n got %+v\nwant %+v", got, want)
	}
	if cs[2].Old == nil || cs[2].Old.Value != "16.0" || cs[2].New.Value != "16.6" {
		t.Errorf("revision: old %+v new %+v", cs[2].Old, cs[2].New)
	}
}

// TestHistoriesIgnoreMonthlyFigures: statuses rest on yearly values, so monthly figures published on days of
// their own (a month of 2022 on 2022-06-15) add no entry and change none.
func TestHistoriesIgnoreMonthlyFigures(t *testing.T) {
	yearly := Histories(nonFossil, historyObs(), []record.Target{historyTarget()}, nil, Options{Lang: "en", Region: "CN"})
	obs := historyObs()
	for m := 1; m <= 12; m++ {
		o := ob("non_fossil_share", 2022, "30", 1, 1, src(int64(20+m), fmt.Sprintf("2022-%02d-15", m)))
		o.Month = m
		obs = append(obs, o)
	}
	sort.SliceStable(obs, func(i, j int) bool {
		if obs[i].Year != obs[j].Year {
			return obs[i].Year < obs[j].Year
		}
		return obs[i].Month < obs[j].Month
	})
	withMonthly := Histories(nonFossil, obs, []record.Target{historyTarget()}, nil, Options{Lang: "en", Region: "CN"})
	if !reflect.DeepEqual(yearly, withMonthly) {
		t.Errorf("monthly figures changed the histories:\nyearly only %+v\nwith monthly %+v", yearly, withMonthly)
	}
}
