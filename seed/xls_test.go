package seed

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/shakinm/xlsReader/xls/record"
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

// An .xls with the README's observation columns loads as the same rows in a CSV do; a bad value in it is
// refused at the sheet's row and column and writes nothing. The two workbooks are real BIFF8 files, made
// by LibreOffice 7.4.7 from three rows of seed/data/observations.csv (the second file with the value of its
// second row replaced by "n/a"): soffice --headless --infilter="CSV:44,34,76,1" --convert-to xls
// observations.csv observations-bad.csv. LibreOffice stores the numbers as number cells and the
// full dates as date cells (day numbers), so this is the path of a steward's own legacy workbook.
func TestObservationsLegacyWorkbook(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, realCatalogue(t))
	bad := testdata(t, "observations-bad.xls")[0]
	before := snapshot(t, d)
	_, err := Load(ctx, d, []Input{bad}, Options{})
	checkErrors(t, "observations-bad.xls (sheet observations-bad)", err, []want{{3, 4, "value", "number"}})
	if snapshot(t, d) != before {
		t.Fatal("a refused workbook wrote")
	}

	res := load(t, d, Options{}, testdata(t, "observations.xls")...)[0]
	if res.Counts != (db.Counts{Inserted: 3}) {
		t.Fatalf("xls: %+v", res)
	}
	for _, c := range []struct{ code, year, value, published string }{
		{"coal_share", "2024", "53.2", "2025-08"}, {"non_fossil_share", "2020", "15.9", "2021-07-08"},
		{"energy_intensity", "2021", "-2.7", "2022-02-28"},
	} {
		obs, err := d.Observations(ctx, c.code, "CN", "")
		if err != nil || len(obs) != 1 || fmt.Sprint(obs[0].Year) != c.year || obs[0].Value != c.value || obs[0].Source.Published != c.published ||
			obs[0].Quote == "" {
			t.Errorf("%s: %+v %v", c.code, obs, err)
		}
	}
}

// RK numbers decode with their sign: the integer forms (plain and ×1/100) are signed 30-bit integers, the
// float forms the top 30 bits of a double. xlsReader's own text for the negative ones is wrong (the -270
// ×1/100 of -2.7 reads as 10737415.54); rkValue must not depend on it.
func TestRKValue(t *testing.T) {
	rk := func(v uint32) *record.Rk {
		b := make([]byte, 10)
		binary.LittleEndian.PutUint32(b[6:], v)
		var r record.Rk
		r.Read(b)
		return &r
	}
	top := func(f float64) uint32 { return uint32(math.Float64bits(f) >> 32) }
	integer := func(n int32) uint32 { return uint32(n) << 2 }
	for _, c := range []struct {
		bits uint32
		want string
	}{
		{integer(-270) | 3, "-2.7"},
		{integer(270) | 3, "2.7"},
		{integer(-5) | 3, "-0.05"},
		{integer(5320) | 3, "53.2"},
		{integer(100) | 3, "1"},
		{integer(-2024) | 2, "-2024"},
		{integer(2024) | 2, "2024"},
		{integer(1<<29-1) | 2, "536870911"}, {integer(-1<<29) | 2, "-536870912"},
		{top(1.5), "1.5"},
		{top(-0.25), "-0.25"},
		{top(-250) | 1, "-2.5"},
	} {
		if got := rkValue(rk(c.bits), "?"); got != c.want {
			t.Errorf("rkValue(%#x) = %s, want %s (xlsReader: %s)", c.bits, got, c.want, rk(c.bits).GetString())
		}
	}
}
