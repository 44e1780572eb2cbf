package seed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// realCatalogue is the built-in catalogue alone (its indicators, the built-in mappings' targets).
func realCatalogue(t *testing.T) Input {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("data", "catalogue.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: "catalogue.yaml", Data: b}
}

// The NBS data portal's legacy .xls export (a real one) loads with the
// built-in nbs-energy mapping: 能源消费总量 in 万吨标准煤 to billion tce, the
// coal share as published, the other rows skipped and counted, every value
// with its source and date. Without a date, with a unit that is not the
// mapping's, or with a sheet it does not have, it is refused at the sheet's
// row and column and nothing is written.
func TestNBSLegacyWorkbook(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, realCatalogue(t))
	in := testdata(t, "nbs-energy-年度数据.xls")[0]
	before := snapshot(t, d)
	shown := "nbs-energy-年度数据.xls (sheet 年度数据)"
	_, err := Load(ctx, d, []Input{in}, Options{})
	checkErrors(t, shown, err, []want{{1, 1, "published", "carries no publication date"}})
	_, err = Load(ctx, d, []Input{in}, Options{Published: "2025-02-28", Sheet: "Sheet9"})
	checkErrors(t, in.Name, err, []want{{1, 1, "sheet", `no sheet "Sheet9" (-sheet); the workbook has 年度数据`}})
	mine, err := ParseMapping("mine.yaml", []byte("format: nbs\nname: mine\nsource: {title: NBS energy, publisher: 国家统计局}\n"+
		"map:\n  - {from: 石油占能源消费总量的比重, indicator: coal_share, unit: 万吨, scale: \"0.01\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(ctx, d, []Input{in}, Options{Published: "2025-02-28", Maps: []Mapping{mine}})
	checkErrors(t, shown, err, []want{{6, 1, "unit", "石油占能源消费总量的比重 is published in % here, the mapping (mine.yaml) says 万吨"}})
	broken := Input{Name: "broken.xls", Data: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)}
	_, err = Load(ctx, d, []Input{broken}, Options{Published: "2025-02-28"})
	checkErrors(t, "broken.xls", err, []want{{1, 1, "sheet", "not a readable legacy workbook (.xls)"}})
	if snapshot(t, d) != before {
		t.Fatal("a refused workbook wrote")
	}

	res := load(t, d, Options{Published: "2025-02-28"}, in)[0]
	if res.Counts != (db.Counts{Inserted: 20}) || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "2 indicators mapped, 12 not mapped skipped (石油占能源消费总量的比重") {
		t.Fatalf("xls: %+v", res)
	}
	obs, err := d.Observations(ctx, "total_energy_consumption", "CN", "")
	if err != nil || len(obs) != 10 || obs[0].Year != 2015 || obs[0].Value != "4.34113" || obs[9].Value != "5.96" {
		t.Fatalf("total_energy_consumption: %+v %v", obs, err)
	}
	src := obs[9].Source
	if src.Title != "国家统计局 国家数据：能源消费总量及构成 (data.stats.gov.cn)" || src.Publisher != "国家统计局" || src.Published != "2025-02-28" {
		t.Errorf("source: %+v", src)
	}
	obs, err = d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != 10 || obs[7].Year != 2022 || obs[7].Value != "56" || obs[9].Value != "53.2" {
		t.Fatalf("coal_share: %+v %v", obs, err)
	}
}

// A workbook over the size limit is refused before it is parsed.
func TestLegacyWorkbookSizeLimit(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, realCatalogue(t))
	in := testdata(t, "nbs-energy-年度数据.xls")[0]
	before := snapshot(t, d)
	_, err := Load(testContext(t), d, []Input{in}, Options{Published: "2025-02-28", Limits: Limits{MaxBytes: 4096}})
	checkErrors(t, in.Name, err, []want{{1, 1, "file", "a legacy workbook (.xls) over 4096 bytes"}})
	if snapshot(t, d) != before {
		t.Fatal("database changed")
	}
}
