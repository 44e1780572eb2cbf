package seed

import (
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// owidCatalogue adds the OWID cross-check indicators to the test catalogue.
const owidCatalogue = `indicators:
  - {code: coal_share_owid, name_en: Coal share (OWID), name_zh: 煤炭比重, unit: "%", direction: down, category: energy_structure}
  - {code: non_fossil_share_owid, name_en: Low-carbon share (OWID), name_zh: 低碳比重, unit: "%", direction: up, category: energy_structure}
`

// OWID's energy file loads with the built-in mapping: China's rows, the two
// mapped columns, the other 125 skipped with a count; a date is required.
func TestOWIDWithBuiltinMapping(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, append(testdata(t, "catalogue.yaml"), Input{Name: "owid.yaml", Data: []byte(owidCatalogue)})...)
	owid := testdata(t, "owid-energy-sample.csv")[0]
	before := snapshot(t, d)
	_, err := Load(ctx, d, []Input{owid}, Options{})
	checkErrors(t, owid.Name, err, []want{{1, 1, "published", "carries no publication date"}})
	if snapshot(t, d) != before {
		t.Error("database changed")
	}
	res := load(t, d, Options{Published: "2025-06-26"}, owid)[0]
	if res.Counts != (db.Counts{Inserted: 6}) || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "2 columns mapped, 125 not mapped skipped") {
		t.Fatalf("OWID: %+v", res)
	}
	obs, err := d.Observations(ctx, "coal_share_owid", "CN", "")
	if err != nil || len(obs) != 3 || obs[2].Year != 2024 || obs[2].Value != "52.807" || obs[2].Source.Published != "2025-06-26" ||
		obs[2].Source.Publisher != "Our World in Data" {
		t.Fatalf("coal_share_owid: %+v %v", obs, err)
	}
}

// A mapping that would put a column in another unit without a scale is
// refused at its line (an OWID CO2 intensity of electricity in gCO2/kWh is not
// a % change); a recognised file no mapping covers is one message naming its
// columns, with the lines to add.
func TestOWIDMappingRefusals(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	before := snapshot(t, d)
	m, err := ParseMapping("mine.yaml", []byte(`format: owid
name: mine
source: {title: OWID energy, publisher: Our World in Data}
map:
  - {from: carbon_intensity_elec, indicator: energy_intensity, unit: gCO2/kWh}
`))
	if err != nil {
		t.Fatal(err)
	}
	owid := testdata(t, "owid-energy-sample.csv")[0]
	_, err = Load(ctx, d, []Input{owid}, Options{Maps: []Mapping{m}, Published: "2025-06-26"})
	checkErrors(t, "mine.yaml", err, []want{{5, 1, "unit", `carbon_intensity_elec is published in "gCO2/kWh", indicator energy_intensity is in "% y/y"`}})
	other := Input{Name: "owid-other.csv", Data: []byte("country,year,iso_code,hydro_twh,biofuel_share_elec\nChina,2024,CHN,1.5,2\n")}
	_, err = Load(ctx, d, []Input{other}, Options{Published: "2025-06-26"})
	checkErrors(t, "owid-other.csv", err, []want{{1, 1, "header",
		"no mapping covers any of its 2 columns (hydro_twh, biofuel_share_elec): add entries such as \"- {from: hydro_twh, indicator: CODE, unit: UNIT}\""}})
	if snapshot(t, d) != before {
		t.Error("database changed")
	}
}

func TestScaled(t *testing.T) {
	for _, c := range [][3]string{{"498000", "0.00001", "4.98"}, {"1234.5", "0.01", "12.345"}, {"52.807", "1", "52.807"},
		{"-0.0004", "0.1", "-0.00004"}, {"0.0000", "0.01", "0"}} {
		if got := scaled(c[0], c[1]); got != c[2] {
			t.Errorf("scaled(%s, %s) = %s, want %s", c[0], c[1], got, c[2])
		}
	}
}

// OWID's CO2 file loads with its own built-in mapping: the co2 column to the co2_emissions_owid cross-check
// indicator, while co2_per_gdp, a level in kg per $, is skipped and never reaches the % change of
// carbon_intensity. owid-co2-sample.csv is cut from the release of 2020-12-09 (header verbatim, which began
// iso_code,country,year then); the second file has today's layout (country,year,iso_code; values written
// for the test).
func TestOWIDCO2WithBuiltinMapping(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	cat := "indicators:\n  - {code: co2_emissions_owid, name_en: CO2 emissions (OWID), name_zh: 二氧化碳排放量, unit: \"Mt CO2\", direction: down, category: efficiency_carbon}\n"
	load(t, d, Options{}, append(testdata(t, "catalogue.yaml"), Input{Name: "owid-co2.yaml", Data: []byte(cat)})...)
	res := load(t, d, Options{Published: "2020-12-09"}, testdata(t, "owid-co2-sample.csv")...)[0]
	if res.Counts != (db.Counts{Inserted: 2}) || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "1 columns mapped, 34 not mapped skipped") {
		t.Fatalf("OWID CO2 (2020 layout): %+v", res)
	}
	obs, err := d.Observations(ctx, "co2_emissions_owid", "CN", "")
	if err != nil || len(obs) != 2 || obs[1].Year != 2018 || obs[1].Value != "10064.686" || obs[1].Source.Published != "2020-12-09" ||
		obs[1].Source.Title != "Our World in Data CO2 dataset (owid-co2-data.csv), Global Carbon Project data" ||
		obs[1].Source.Standing != record.StandingEstimate {
		t.Fatalf("co2_emissions_owid: %+v %v", obs, err)
	}

	file := Input{Name: "owid-co2-data.csv", Data: []byte("country,year,iso_code,population,gdp,co2,co2_per_gdp\n" +
		"China,2022,CHN,1,1,11000.5,0.4\nChina,2023,CHN,1,1,11900.25,0.4\nWorld,2023,,1,1,37000,0.3\n")}
	res = load(t, d, Options{Published: "2025-06-26"}, file)[0]
	if res.Counts != (db.Counts{Inserted: 2}) || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "1 columns mapped, 3 not mapped skipped") {
		t.Fatalf("OWID CO2 (today's layout): %+v", res)
	}
	obs, err = d.Observations(ctx, "co2_emissions_owid", "CN", "")
	if err != nil || len(obs) != 4 || obs[3].Year != 2023 || obs[3].Value != "11900.25" {
		t.Fatalf("co2_emissions_owid: %+v %v", obs, err)
	}
}

// A mapping that states the publication date and a -published that differs are refused (OWID and NBS
// alike), naming both: one would win without a word. The same date is no conflict.
func TestMappingDateAgainstPublished(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, realCatalogue(t))
	parse := func(name, text string) Mapping {
		m, err := ParseMapping(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	owid := parse("owid-dated.yaml", "format: owid\nname: mine\nsource: {title: OWID energy, publisher: Our World in Data, published: \"2025-06-26\"}\n"+
		"map:\n  - {from: coal_share_energy, indicator: coal_share_owid, unit: \"%\"}\n")
	nbs := parse("nbs-dated.yaml", "format: nbs\nname: mine\nsource: {title: NBS energy, publisher: 国家统计局, published: \"2025-02-28\"}\n"+
		"map:\n  - {from: 能源消费总量, indicator: total_energy_consumption, unit: 万吨标准煤, scale: \"0.00001\"}\n")
	before := snapshot(t, d)
	in := testdata(t, "owid-energy-sample.csv")[0]
	_, err := Load(ctx, d, []Input{in}, Options{Maps: []Mapping{owid}, Published: "2024-01-01"})
	checkErrors(t, in.Name, err, []want{{1, 1, "published", "the mapping owid-dated.yaml gives the publication date 2025-06-26 but -published gives 2024-01-01"}})
	xls := testdata(t, "nbs-energy-年度数据.xls")[0]
	_, err = Load(ctx, d, []Input{xls}, Options{Maps: []Mapping{nbs}, Published: "2024-01-01"})
	checkErrors(t, xls.Name+" (sheet 年度数据)", err, []want{{1, 1, "published", "the mapping nbs-dated.yaml gives the publication date 2025-02-28 but -published gives 2024-01-01"}})
	if snapshot(t, d) != before {
		t.Fatal("a refused file wrote")
	}
	res := load(t, d, Options{Maps: []Mapping{owid}, Published: "2025-06-26"}, in)[0]
	if res.Counts.Inserted == 0 {
		t.Fatalf("the same date: %+v", res)
	}
}
