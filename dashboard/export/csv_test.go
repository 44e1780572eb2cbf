package export

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"=1+1":                   "'=1+1",
		`=HYPERLINK("http://x")`: `'=HYPERLINK("http://x")`,
		"+86":                    "'+86",
		"-2+3":                   "'-2+3",
		"@SUM(A1)":               "'@SUM(A1)",
		"\tx":                    "'\tx",
		"\rx":                    "'\rx",
		"煤炭":                     "煤炭",
		"a=b":                    "a=b",
		"'=already":              "'=already",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{96.19999999999999, "96.2"}, {-0.0000001, "0"}, {-3.4, "-3.4"}, {1e21, "1000000000000000000000"},
		{math.NaN(), ""}, {math.Inf(-1), ""}} {
		if got := Number(c.in); got != c.want {
			t.Errorf("Number(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The seed-format CSV is the data verbatim: no BOM, no neutralising, an empty month for a yearly value.
func TestObservationCSV(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewObservationCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := []record.ExportRow{
		{Observation: record.Observation{Indicator: "x", Region: "CN", Year: 2024, Value: "-3.40", Note: hostile.Formula,
			Source: record.Source{Title: "国家统计局", Published: "2024", Standing: "publisher"}}, Unit: "% y/y"},
		{Observation: record.Observation{Indicator: "x", Region: "CN", Year: 2024, Month: 3, Value: "1", Flag: "about",
			Source: record.Source{Title: "t"}}, Unit: "% y/y"},
	}
	for i := range rows {
		if err := w.Write(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(ObservationColumns, ",") + "\n" +
		`x,CN,2024,,-3.40,% y/y,,国家统计局,,,2024,"=HYPERLINK(""http://x"",""click"")",,publisher` + "\n" +
		"x,CN,2024,3,1,% y/y,about,t,,,,,,\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
