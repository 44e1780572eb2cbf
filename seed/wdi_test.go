package seed

import (
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// forestWDI is a cross-check indicator of WDI's own definition and a mapping to it.
const forestWDI = "indicators:\n  - code: forest_area_wdi\n    name_en: Forest area (FAO, WDI)\n    name_zh: 森林面积占比（世界银行）\n" +
	"    unit: \"%\"\n    direction: up\n    category: ecology\n" +
	"  - {code: renewable_final_share_wdi, name_en: Renewable share of final energy (WDI), name_zh: 可再生能源占终端能源比重, unit: \"%\", direction: up, category: energy_structure}\n"

func wdiMapping(t *testing.T) Mapping {
	t.Helper()
	m, err := ParseMapping("wdi-mine.yaml", []byte("format: wdi\nname: mine\nsource: {title: World Development Indicators, publisher: World Bank, url: \"https://data.worldbank.org/\"}\n"+
		"map:\n  - {from: AG.LND.FRST.ZS, indicator: forest_area_wdi, unit: \"%\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A WDI download loads China's rows of the mapped indicators, dated by its
// Last Updated Date (the API download) or -published (the bulk table, which
// has no such line); the other countries are skipped, the unmapped indicators
// counted; a file no mapping covers is one message with the lines to add.
func TestWDI(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, append(testdata(t, "catalogue.yaml"), Input{Name: "forest.yaml", Data: []byte(forestWDI)})...)
	api := testdata(t, "API_AG.LND.FRST.ZS_DS2_en_csv_v2.csv")[0]
	bulk := testdata(t, "wdi-bulk-Data.csv")[0]
	before := snapshot(t, d)
	_, err := Load(ctx, d, []Input{api}, Options{})
	checkErrors(t, api.Name, err, []want{{1, 1, "header", "a World Bank WDI download, but no mapping covers any of China's 1 indicators in it (AG.LND.FRST.ZS): " +
		`add entries such as "- {from: AG.LND.FRST.ZS, indicator: CODE, unit: UNIT}" (Forest area (% of land area))`}})
	_, err = Load(ctx, d, []Input{bulk}, Options{Maps: []Mapping{wdiMapping(t)}})
	checkErrors(t, bulk.Name, err, []want{{1, 1, "published", "without its Last Updated Date line"}})
	badRow := "China,CHN,Forest area (% of land area),AG.LND.FRST.ZS,,x,23.6,"
	bad := Input{Name: "bad-wdi.csv", Data: []byte("\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2025-07-01\",\n\n" +
		"Country Name,Country Code,Indicator Name,Indicator Code,1960,2021,2022,2023\n" + badRow + "\n")}
	_, err = Load(ctx, d, []Input{bad}, Options{Maps: []Mapping{wdiMapping(t)}})
	checkErrors(t, bad.Name, err, []want{{6, at(badRow, 5), "value", "number"}})
	if snapshot(t, d) != before {
		t.Fatal("a refused file wrote")
	}

	res := load(t, d, Options{Maps: []Mapping{wdiMapping(t)}}, api)[0]
	if res.Counts != (db.Counts{Inserted: 4}) || len(res.Notes) != 1 || res.Notes[0] != "a World Bank WDI file (published 2025-07-01): 1 indicators mapped, China's rows only" {
		t.Fatalf("API file: %+v", res)
	}
	obs, err := d.Observations(ctx, "forest_area_wdi", "CN", "")
	if err != nil || len(obs) != 4 || obs[0].Year != 2019 || obs[0].Value != "23.1" || obs[0].Source.Published != "2025-07-01" ||
		obs[0].Source.Publisher != "World Bank" {
		t.Fatalf("forest_area_wdi: %+v %v", obs, err)
	}
	// The bulk table: forest area as loaded from the API file, the renewable share through the built-in
	// mapping (China's 2021 and 2022 cells), access to electricity unmapped.
	res = load(t, d, Options{Maps: []Mapping{wdiMapping(t)}, Published: "2025-07-01"}, bulk)[0]
	if res.Counts != (db.Counts{Inserted: 2, Unchanged: 2}) || !strings.Contains(res.Notes[0], "1 not mapped skipped (EG.ELC.ACCS.ZS)") {
		t.Fatalf("bulk file: %+v", res)
	}
	obs, err = d.Observations(ctx, "renewable_final_share_wdi", "CN", "")
	if err != nil || len(obs) != 2 || obs[1].Year != 2022 || obs[1].Value != "16.1" || obs[1].Source.Publisher != "World Bank" {
		t.Fatalf("renewable_final_share_wdi: %+v %v", obs, err)
	}
}

// A World Bank API download as the World Bank serves it (cut from API_EG.FEC.RNEW.ZS_DS2_en_csv_v2_5995541.csv:
// its BOM, CRLF lines, metadata lines, header and the rows of Chile and China verbatim) loads through the
// built-in mapping alone: China's 31 figures of the renewable share of final energy (1990-2020, the empty
// 2021 and 2022 cells skipped) go to the renewable_final_share_wdi cross-check indicator, dated by the file's
// Last Updated Date, with the World Bank's standing as publisher.
func TestWDIDownloadWithBuiltinMapping(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, append(testdata(t, "catalogue.yaml"), Input{Name: "forest.yaml", Data: []byte(forestWDI)})...)
	file := testdata(t, "API_EG.FEC.RNEW.ZS_DS2_en_csv_v2_5995541.csv")[0]

	// Another date for the run than the file's own Last Updated Date (line 3) is refused, naming both;
	// the same date is no conflict.
	before := snapshot(t, d)
	_, err := Load(ctx, d, []Input{file}, Options{Published: "2025-07-01"})
	checkErrors(t, file.Name, err, []want{{3, at(`"Last Updated Date","2023-10-26",`, 1), "published",
		"the file's Last Updated Date is 2023-10-26 but -published gives 2025-07-01: a WDI download is dated by its own line"}})
	mine, err := ParseMapping("wdi-dated.yaml", []byte("format: wdi\nname: mine\n"+
		"source: {title: WDI, publisher: World Bank, url: \"https://data.worldbank.org/\", published: \"2024-01-01\"}\n"+
		"map:\n  - {from: EG.FEC.RNEW.ZS, indicator: renewable_final_share_wdi, unit: \"%\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(ctx, d, []Input{file}, Options{Maps: []Mapping{mine}})
	checkErrors(t, file.Name, err, []want{{3, at(`"Last Updated Date","2023-10-26",`, 1), "published",
		"the file's Last Updated Date is 2023-10-26 but the mapping wdi-dated.yaml gives 2024-01-01"}})
	if snapshot(t, d) != before {
		t.Fatal("a refused file wrote")
	}

	res := load(t, d, Options{Published: "2023-10-26"}, file)[0]
	if res.Counts != (db.Counts{Inserted: 31}) || len(res.Notes) != 1 ||
		res.Notes[0] != "a World Bank WDI file (published 2023-10-26): 1 indicators mapped, China's rows only" {
		t.Fatalf("WDI download: %+v", res)
	}
	obs, err := d.Observations(ctx, "renewable_final_share_wdi", "CN", "")
	if err != nil || len(obs) != 31 || obs[0].Year != 1990 || obs[0].Value != "33.91" || obs[30].Year != 2020 || obs[30].Value != "14.81" ||
		obs[30].Source.Published != "2023-10-26" || obs[30].Source.Publisher != "World Bank" || obs[30].Source.Standing != record.StandingPublisher {
		t.Fatalf("renewable_final_share_wdi: %+v %v", obs, err)
	}
}
