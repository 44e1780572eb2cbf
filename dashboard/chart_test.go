package dashboard

import (
	"fmt"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
)

// The credit line names the indicator and unit, the publishers of the values drawn (most cited first, then
// by name; a source without publisher by its title; beyond four, how many more), and the derived index only
// where the chart draws it.
func TestChartCredit(t *testing.T) {
	src := func(publisher, title string) db.Source {
		return db.Source{Title: title, Publisher: publisher, Published: "2025"}
	}
	sources := []db.Source{src("NBS", "a"), src("NBS", "b"), src("NBS", "c"), src("MEE", "d"), src("MEE", "e"),
		src("Xinhua", "f"), src("", "An untitled-publisher bulletin"), src("CCTV", "g"), src("Reuters", "h")}
	var obs []db.Observation
	for i, s := range sources {
		obs = append(obs, db.Observation{Indicator: "co2", Region: "CN", Year: 2015 + i, Value: fmt.Sprint(-3 - i),
			Vintage: 1, Vintages: 1, Source: s})
	}
	in := db.Indicator{Code: "co2", NameEN: "CO2 intensity, change", NameZH: "碳强度变化", Unit: "% y/y", UnitZH: "%（比上年）",
		Precision: 1, Measure: "yoy_change", Direction: "down"}
	for _, c := range []struct {
		lang    string
		derived bool
		want    string
	}{
		{"en", true, "CO2 intensity, change (% y/y). Sources: NBS, MEE, An untitled-publisher bulletin, CCTV and 2 more. " +
			"The cumulative index is derived by dualcarbon from the published changes."},
		{"en", false, "CO2 intensity, change (% y/y). Sources: NBS, MEE, An untitled-publisher bulletin, CCTV and 2 more."},
		// In Chinese, publishers by their Chinese names (text.OrgName): Xinhua is 新华社, CCTV 中央广播电视总台（CCTV）.
		{"zh", true, "碳强度变化（%（比上年））。数据来源：NBS、MEE、An untitled-publisher bulletin、Reuters等（另有2家）。" +
			"累计指数由 dualcarbon 根据公布的变化率推算。"},
	} {
		tr := trend.Build(in, obs, nil, nil, trend.Options{Lang: c.lang, AsOf: 2025})
		if got := chartCredit(c.lang, []trend.Trend{tr}, c.derived); got != c.want {
			t.Errorf("%s, derived %v:\n got %q\nwant %q", c.lang, c.derived, got, c.want)
		}
	}
	// Two indicators (a comparison): both named; no publisher, no sources sentence.
	a := trend.Build(db.Indicator{Code: "a", NameEN: "A", Unit: "%"}, nil, nil, nil, trend.Options{Lang: "en", AsOf: 2025})
	b := trend.Build(db.Indicator{Code: "b", NameEN: "B", Unit: "Mt"}, nil, nil, nil, trend.Options{Lang: "en", AsOf: 2025})
	if got := chartCredit("en", []trend.Trend{a, b}, false); got != "A (%); B (Mt)." {
		t.Errorf("two indicators without values: %q", got)
	}
}
