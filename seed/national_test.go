package seed

import (
	"encoding/csv"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// The audit of the national series (testdata/reference/national-2.csv, a copy of
// ../shared/reference/national-2.csv): every figure it reads, except those named in
// auditLeftOut, is in the built-in dataset with the same value, and no current
// built-in figure contradicts it.

// auditLeftOut names the audit rows deliberately not in the built-in dataset, by
// code, year and value, with the reason. Rows whose unit says DERIVED are left out
// by rule (the program computes such figures, or leaves them out).
var auditLeftOut = map[string]string{
	"nev_sales_share 2019 4.68": "the ministry's definition, not CAAM's; an undated Q&A page",
	"nev_sales_share 2020 5.4":  "the ministry's definition, not CAAM's; an undated Q&A page",
	"nev_sales_share 2024 47.6": "CPCA passenger-car retail penetration: another definition, never mixed into CAAM's series",
	"forest_coverage 2024 >25":  "the figure is the 2023 land-change survey's: stored under 2023",
}

type figure struct {
	code, year, value, flag, url, published string
	line                                    int
}

func (f figure) key() string { return f.code + " " + f.year }

// auditNewerVintage names the indicator-years where NATIONAL-2.md itself keeps a
// later publication beside the audit's row, and the current value it names.
var auditNewerVintage = map[string]string{
	"good_surface_water 2015": "66", // "66 as the 13th FYP baseline, 64.5 in the 967-section bulletin"
}

// sameValue compares two decimal values exactly ("59" = "59.0").
func sameValue(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// agrees reports whether a built-in value agrees with the audit's: the same number
// once rounded to the audit's decimals (3.249 is the 3.25 of a shorter print), and
// the same side of it (over, under). Hedges (about, preliminary) are the dataset's
// flags and the audit's unit notes: they do not make a value differ.
func agrees(f, a figure) bool {
	if side(f.flag) != a.flag {
		return false
	}
	x, ok := new(big.Rat).SetString(f.value)
	if !ok {
		return false
	}
	decimals := 0
	if i := strings.IndexByte(a.value, '.'); i >= 0 {
		decimals = len(a.value) - i - 1
	}
	return sameValue(x.FloatString(decimals), a.value)
}

func side(flag string) string {
	if flag == "over" || flag == "under" {
		return flag
	}
	return ""
}

func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

// builtinNational returns the national figures of the built-in dataset, in file order.
func builtinNational(t *testing.T) []figure {
	t.Helper()
	b, err := fs.ReadFile(Data, "data/observations.csv")
	if err != nil {
		t.Fatal(err)
	}
	var out []figure
	for i, r := range readCSV(t, b) {
		if r["region"] != "CN" {
			continue
		}
		out = append(out, figure{code: r["indicator"], year: r["year"], value: r["value"], flag: r["flag"],
			url: r["source_url"], published: r["published"], line: i + 2})
	}
	return out
}

// current returns the current vintage of each indicator-year: the latest publication,
// ties to the later line, as the database ranks vintages (published, then id).
func current(figs []figure) map[string]figure {
	cur := map[string]figure{}
	for _, f := range figs {
		if c, ok := cur[f.key()]; !ok || f.published >= c.published {
			cur[f.key()] = f
		}
	}
	return cur
}

// auditValue splits the audit's value into the number and the flag (">25" = 25 over).
func auditValue(v string) (string, string) {
	switch {
	case strings.HasPrefix(v, ">"):
		return v[1:], "over"
	case strings.HasPrefix(v, "<"):
		return v[1:], "under"
	}
	return v, ""
}

func auditRows(t *testing.T) []figure {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "reference", "national-2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []figure
	for i, r := range readCSV(t, b) {
		if strings.Contains(r["unit"], "DERIVED") {
			continue
		}
		if _, left := auditLeftOut[r["code"]+" "+r["year"]+" "+r["value"]]; left {
			continue
		}
		v, flag := auditValue(r["value"])
		out = append(out, figure{code: r["code"], year: r["year"], value: v, flag: flag, url: r["source_url"], line: i + 2})
	}
	return out
}

func TestAuditFiguresAreInTheBuiltinDataset(t *testing.T) {
	builtin := builtinNational(t)
	audit := auditRows(t)
	if len(audit) < 100 {
		t.Fatalf("only %d audit rows read", len(audit))
	}
	for _, a := range audit {
		found := false
		for _, f := range builtin {
			if f.key() == a.key() && sameValue(f.value, a.value) && side(f.flag) == a.flag {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("national-2.csv:%d: %s = %s (%s) is not in the built-in dataset", a.line, a.key(), a.value, a.flag)
		}
	}
}

func TestNoCurrentFigureContradictsTheAudit(t *testing.T) {
	cur := current(builtinNational(t))
	values := map[string][]figure{}
	for _, a := range auditRows(t) {
		values[a.key()] = append(values[a.key()], a)
	}
	for k, as := range values {
		c, ok := cur[k]
		if !ok {
			continue // reported by TestAuditFiguresAreInTheBuiltinDataset
		}
		agree := sameValue(c.value, auditNewerVintage[k])
		for _, a := range as {
			agree = agree || agrees(c, a)
		}
		if !agree {
			t.Errorf("observations.csv:%d: the current %s is %s %s, the audit gives %v", c.line, k, c.flag, c.value, as)
		}
	}
}

func TestAuditFixes(t *testing.T) {
	figs := builtinNational(t)
	cur := current(figs)
	if c := cur["nev_sales_share 2024"]; !sameValue(c.value, "40.9") || c.flag != "" {
		t.Errorf("NEV share 2024 is %s %s, CAAM's figure is 40.9", c.flag, c.value)
	}
	if c := cur["nev_sales_share 2023"]; !sameValue(c.value, "31.6") {
		t.Errorf("NEV share 2023 is %s, CAAM's figure is 31.6", c.value)
	}
	for _, f := range figs {
		switch {
		case f.code == "nev_sales_share" && f.year == "2024" && f.flag == "over":
			t.Errorf("observations.csv:%d: the repost's >40 is still kept", f.line)
		case f.code == "forest_coverage" && sameValue(f.value, "22.96") && f.year != "2018":
			t.Errorf("observations.csv:%d: 22.96 (9th inventory, 2014-2018) is labelled %s", f.line, f.year)
		case f.code == "forest_coverage" && sameValue(f.value, "25") && f.flag == "over" && f.year != "2023":
			t.Errorf("observations.csv:%d: >25 (2023 land survey) is labelled %s", f.line, f.year)
		case strings.Contains(f.url, "nbn.business"):
			t.Errorf("observations.csv:%d: still rests on nbn.business", f.line)
		}
	}
	if c := cur["forest_coverage 2018"]; !sameValue(c.value, "22.96") {
		t.Errorf("forest coverage 2018 is %q", c.value)
	}
}

// No current figure rests on a repost or an estimate when an older vintage of a better standing gives the same
// value: a later repost of the same number adds no revision, only a weaker source (drop it instead).
func TestNoCurrentRepostOverABetterSourceOfTheSameValue(t *testing.T) {
	figs := builtinNational(t)
	rank := map[string]int{}
	for i, s := range record.SourceStandings() {
		rank[s] = i
	}
	for k, c := range current(figs) {
		cs := record.StandingOf(c.url)
		if cs != record.StandingRepost && cs != record.StandingEstimate {
			continue
		}
		for _, f := range figs {
			if f.key() == k && f.line != c.line && sameValue(f.value, c.value) && f.flag == c.flag &&
				rank[record.StandingOf(f.url)] < rank[cs] {
				t.Errorf("observations.csv:%d: the current %s rests on a %s (%s) while line %d gives %s from a better source",
					c.line, k, cs, c.url, f.line, f.value)
			}
		}
	}
}
