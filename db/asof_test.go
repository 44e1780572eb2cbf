package db_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func TestPublishedBy(t *testing.T) {
	cases := []struct {
		published, asOf string
		want            bool
	}{
		{"2021-03-15", "", true}, {"", "", true}, // no as-of date: everything
		{"", "2100-12-31", false}, // an unknown date counts on no as-of date
		{"2021-03-15", "2021-03-14", false}, {"2021-03-15", "2021-03-15", true},
		{"2021-03", "2021-02-28", false}, {"2021-03", "2021-03-01", true}, // a month counts from its first day
		{"2021", "2020-12-31", false}, {"2021", "2021-01-01", true}, // a year from 1 January
	}
	for _, c := range cases {
		if got := record.PublishedBy(c.published, c.asOf); got != c.want {
			t.Errorf("PublishedBy(%q, %q) = %v, want %v", c.published, c.asOf, got, c.want)
		}
		if from := record.CountsFrom(c.published); c.asOf != "" && (from != "" && from <= c.asOf) != c.want {
			t.Errorf("CountsFrom(%q) = %q disagrees with PublishedBy on %q", c.published, from, c.asOf)
		}
	}
}

func TestParseAsOf(t *testing.T) {
	now := time.Date(2026, 3, 15, 23, 0, 0, 0, time.UTC)
	for _, ok := range []string{"", "2023-03-15", "2026-03-15", "1949-01-01", "2024-02-29"} {
		if _, err := record.ParseAsOf(ok, now); err != nil {
			t.Errorf("ParseAsOf(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"2026-03-16", "2023-02-29", "2023-3-15", "2023-03-15T00:00", "1948-12-31", "20230315",
		"２０２３-03-15", " 2023-03-15", "2023-13-01", "x"} {
		if _, err := record.ParseAsOf(bad, now); err == nil {
			t.Errorf("ParseAsOf(%q) accepted", bad)
		}
	}
}

// TestAsOfReadsFollowOneRule: every read with an as-of date gives what today's rows give once the rule is
// applied in Go (trend.AsOf, the function the history of a target uses), on dates around each publication
// (day, month-only and year-only dates, an undated source).
func TestAsOfReadsFollowOneRule(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	loadVintages(t, d)
	for _, sql := range []string{
		`INSERT INTO targets (indicator, year, value, kind, document, issued, source_id)
		 SELECT 'coal_share', 2025, 52, 'cap', x.doc, x.issued, s.id FROM (VALUES
			('Plan of 2021-09', '', 'Yearbook'), ('Plan of 2021-02-10', '2021-02-10', 'Yearbook'),
			('Plan of 2021', '2021', 'Monthly release')) x(doc, issued, t) JOIN sources s ON s.title = x.t`,
		`INSERT INTO events (date, title_en, indicator) VALUES ('2021-02-10', 'Event A', 'coal_share'), ('2021-09-30', 'Event B', NULL)`,
	} {
		if _, err := d.Raw().Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	allObs, err := d.Observations(ctx, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	allTargets, err := d.Targets(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	allEvents, err := d.Events(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2020-12-31", "2021-01-01", "2021-02-01", "2021-02-09", "2021-02-10", "2021-08-31",
		"2021-09-01", "2021-09-30", "2030-01-01"} {
		wantObs, wantTargets, wantEvents := trend.AsOf(allObs, allTargets, allEvents, asOf)
		gotObs, err := d.Observations(ctx, "", "", asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !sameRows(gotObs, wantObs) {
			t.Errorf("as of %s: Observations\n%+v\nwant\n%+v", asOf, gotObs, wantObs)
		}
		series, err := d.Observations(ctx, "coal_share", "CN", asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !sameRows(series, filter(wantObs, func(o db.Observation) bool { return o.Indicator == "coal_share" && o.Region == "CN" })) {
			t.Errorf("as of %s: the series statement disagrees: %+v", asOf, series)
		}
		yearly, err := d.YearlyObservations(ctx, "CN", asOf)
		if err != nil {
			t.Fatal(err)
		}
		if !sameRows(yearly, filter(wantObs, func(o db.Observation) bool { return o.Month == 0 && o.Region == "CN" })) {
			t.Errorf("as of %s: YearlyObservations disagrees: %+v", asOf, yearly)
		}
		var exported []db.Observation
		if err := d.ExportObservations(ctx, "coal_share", asOf, func(r *db.ExportRow) error {
			exported = append(exported, r.Observation)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !sameRows(exported, filter(wantObs, func(o db.Observation) bool { return o.Indicator == "coal_share" })) {
			t.Errorf("as of %s: ExportObservations disagrees: %+v", asOf, exported)
		}
		ts, err := d.Targets(ctx, "coal_share", asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != len(wantTargets) || (len(ts) > 0 && !reflect.DeepEqual(ts, wantTargets)) {
			t.Errorf("as of %s: Targets %+v, want %+v", asOf, ts, wantTargets)
		}
		es, err := d.Events(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != len(wantEvents) {
			t.Errorf("as of %s: %d events, want %d", asOf, len(es), len(wantEvents))
		}
		// The sources of then: those published by then, and those of the targets issued by then.
		srcs, err := d.Sources(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		have := map[int64]bool{}
		for _, s := range srcs {
			have[s.ID] = true
		}
		for _, o := range wantObs {
			if !have[o.Source.ID] {
				t.Errorf("as of %s: source %q of a figure of then is not listed", asOf, o.Source.Title)
			}
		}
		for _, tg := range wantTargets {
			if !have[tg.Source.ID] {
				t.Errorf("as of %s: source %q of a target of then is not listed", asOf, tg.Source.Title)
			}
		}
		for _, s := range srcs {
			if !record.PublishedBy(s.Published, asOf) && !usedBy(s.ID, wantTargets) {
				t.Errorf("as of %s: source %q (%q) listed", asOf, s.Title, s.Published)
			}
		}
	}
	// The example of the rule: on 1 February 2021 the month-only communiqué and press note count, the yearbook
	// of September does not: the 2020 coal share is the press note's 57.0, vintage 2 of 2 (the undated note
	// never counts).
	got, err := d.Observations(ctx, "coal_share", "CN", "2021-02-01")
	if err != nil {
		t.Fatal(err)
	}
	var current []string
	for _, o := range got {
		if o.Year == 2020 && o.Current() {
			current = append(current, o.Value, o.Source.Title)
		}
	}
	if want := []string{"57.0", "Press note A"}; !reflect.DeepEqual(current, want) {
		t.Errorf("2020 as of 2021-02-01: %q, want %q", current, want)
	}
}

func sameRows(a, b []db.Observation) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func filter(obs []db.Observation, keep func(db.Observation) bool) []db.Observation {
	var out []db.Observation
	for _, o := range obs {
		if keep(o) {
			out = append(out, o)
		}
	}
	return out
}

func usedBy(id int64, ts []db.Target) bool {
	for _, t := range ts {
		if t.Source.ID == id {
			return true
		}
	}
	return false
}
