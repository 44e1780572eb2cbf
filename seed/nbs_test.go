package seed

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// nbsFile is an NBS data portal export as the portal saves it: GBK, CRLF.
func nbsFile(t *testing.T, name, text string) Input {
	t.Helper()
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(strings.ReplaceAll(text, "\n", "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	return Input{Name: name, Data: []byte(gbk)}
}

const nbsNational = `数据库：年度数据
时间：最近3年
指标,2024年,2023年,2022年
能源消费总量(万吨标准煤),,572000,541000
煤炭占能源消费总量的比重(%),53.2,55.3,56.0
煤炭消费量(万吨),,,
注：2023年数据为初步核算数。
数据来源：国家统计局
`

// The national layout with the built-in mapping (coal_share) and one's own
// (能源消费总量 scaled to billion tce); a row no mapping covers is skipped and
// named; a date is required; a unit in brackets that is not the mapping's is
// an error at its cell.
func TestNBSExport(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	in := nbsFile(t, "年度数据.csv", nbsNational)
	before := snapshot(t, d)
	_, err := Load(ctx, d, []Input{in}, Options{})
	checkErrors(t, in.Name, err, []want{{1, 1, "published", "carries no publication date"}})
	mine, err := ParseMapping("mine.yaml", []byte("format: nbs\nname: mine\nsource: {title: NBS energy, publisher: 国家统计局}\n"+
		"map:\n  - {from: 能源消费总量, indicator: total_energy, unit: 万吨标准煤, scale: \"0.00001\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := load(t, d, Options{Published: "2025-02-28", Maps: []Mapping{mine}}, in)[0]
	if res.Counts != (db.Counts{Inserted: 5}) || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "1 not mapped skipped (煤炭消费量)") {
		t.Fatalf("NBS: %+v", res)
	}
	obs, err := d.Observations(ctx, "total_energy", "CN", "")
	if err != nil || len(obs) != 2 || obs[1].Year != 2023 || obs[1].Value != "5.72" {
		t.Fatalf("total_energy: %+v %v", obs, err)
	}
	if obs, _ := d.Observations(ctx, "coal_share", "CN", ""); len(obs) < 3 {
		t.Fatalf("coal_share: %+v", obs)
	}
	after := snapshot(t, d)
	bad := nbsFile(t, "bad.csv", strings.Replace(nbsNational, "比重(%)", "比重(万吨)", 1))
	_, err = Load(ctx, d, []Input{bad}, Options{Published: "2025-02-28"})
	checkErrors(t, "bad.csv", err, []want{{5, 1, "unit", "煤炭占能源消费总量的比重 is published in 万吨 here"}})
	if snapshot(t, d) != after || after == before {
		t.Error("a refused file wrote, or the good one did not")
	}
}

// The provincial layout (regions as rows, one indicator) and monthly periods.
func TestNBSProvincialAndMonthly(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	prov := nbsFile(t, "分省.csv", "数据库：分省年度数据\n指标：煤炭占能源消费总量的比重(%)\n时间：最近2年\n地区,2023年,2022年\n北京市,1.1,1.5\n内蒙古自治区,77.0,78.2\n数据来源：国家统计局\n")
	res := load(t, d, Options{Published: "2024-10-01"}, prov)[0]
	if res.Counts != (db.Counts{Inserted: 4}) {
		t.Fatalf("provincial: %+v", res)
	}
	if obs, err := d.Observations(testContext(t), "coal_share", "CN-NM", ""); err != nil || len(obs) != 2 || obs[1].Value != "77.0" {
		t.Fatalf("CN-NM: %+v %v", obs, err)
	}
	monthly := nbsFile(t, "月度.csv", "数据库：月度数据\n时间：最近2个月\n指标,2024年3月,2024年2月\n煤炭占能源消费总量的比重(%),50.1,50.4\n")
	if res := load(t, d, Options{Published: "2024-04-15"}, monthly)[0]; res.Counts != (db.Counts{Inserted: 2}) {
		t.Fatalf("monthly: %+v", res)
	}
	var months string
	err := d.Raw().QueryRow(testContext(t), `SELECT string_agg(month::text, ',' ORDER BY month) FROM observations WHERE month > 0`).Scan(&months)
	if err != nil || months != "2,3" {
		t.Errorf("months: %q %v", months, err)
	}
}

// The built-in provincial mapping: a 降低率 (a fall, printed positive) is the
// change energy_intensity stores, negative; it comes from the provincial source.
func TestNBSProvincialIntensity(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	prov := nbsFile(t, "分省.csv", "数据库：分省年度数据\n指标：单位地区生产总值能耗降低率(%)\n时间：最近2年\n地区,2023年,2022年\n北京市,3.1,\n广东省,0.5,-1.2\n数据来源：国家统计局\n")
	if res := load(t, d, Options{Published: "2024-07-30"}, prov)[0]; res.Counts != (db.Counts{Inserted: 3}) {
		t.Fatalf("provincial: %+v", res)
	}
	obs, err := d.Observations(ctx, "energy_intensity", "CN-GD", "")
	if err != nil || len(obs) != 2 || obs[0].Value != "1.2" || obs[1].Value != "-0.5" || obs[1].Source.Title != "国家统计局 国家数据：分省年度数据 (data.stats.gov.cn)" {
		t.Fatalf("CN-GD: %+v %v", obs, err)
	}
}
