package dbtest

import (
	"context"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func TestMain(m *testing.M) { Main(m) }

// What the builders insert reads back as given through the store's own reads, hostile text included.
func TestBuilders(t *testing.T) {
	ctx := context.Background()
	d := New(t)
	in := Indicator("forest_stock")
	in.NameEN, in.Unit, in.BreakYear, in.SortOrder = hostile.Markup, "billion m³", 2021, 4
	AddIndicators(t, d, in)
	src := AddSource(t, d, record.Source{Title: hostile.Formula, Publisher: "NFGA", Published: "2024-03"})
	if src.ID == 0 {
		t.Fatal("no source id")
	}
	AddObservations(t, d, Series(in.Code, src, 2020, "175.6", "", "194.9")...)
	tg := Target(in.Code, 2025, "190", src)
	tg.Kind, tg.Plan, tg.BaseYear = "floor", "fyp14", 2020
	added := AddTargets(t, d, tg)

	got, err := d.Indicator(ctx, in.Code)
	if err != nil || got != in {
		t.Errorf("indicator %+v, %v; want %+v", got, err, in)
	}
	obs, err := d.Observations(ctx, in.Code, "CN", "")
	if err != nil || len(obs) != 2 || obs[0].Year != 2020 || obs[1].Year != 2022 || obs[1].Value != "194.9" ||
		obs[0].Source.Title != hostile.Formula {
		t.Errorf("observations %+v, %v", obs, err)
	}
	ts, err := d.Targets(ctx, in.Code, "")
	if err != nil || len(ts) != 1 || ts[0].ID != added[0].ID || ts[0].Kind != "floor" || ts[0].BaseYear != 2020 || ts[0].Plan != "fyp14" {
		t.Errorf("targets %+v, %v", ts, err)
	}
}
