package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func hostileBoard() Scoreboard {
	in := record.Indicator{Code: "coal_share", NameEN: "=HYPERLINK(\"http://x\")", Unit: "%", Direction: "down", Precision: 1, Measure: "level"}
	src := record.Source{Title: "@SUM(A1)", URL: "https://example.org", Published: "2024"}
	obs := []record.Observation{
		{Indicator: in.Code, Region: "CN", Year: 2020, Value: "56.8", Source: src, Vintage: 1, Vintages: 1},
		{Indicator: in.Code, Region: "CN", Year: 2024, Value: "53.2", Source: src, Vintage: 1, Vintages: 1},
	}
	targets := []record.Target{{ID: 7, Indicator: in.Code, Region: "CN", Year: 2025, Value: "52", Kind: "cap",
		Plan: "fyp14", Document: "-Plan</script>", Source: src}}
	tr := trend.Build(in, obs, targets, nil, trend.Options{Lang: "en", AsOf: 2025})
	return Scoreboard{Board: trend.NewScoreboard([]trend.Trend{tr}, "en", trend.SortStatus), AsOf: 2025}
}

// The scoreboard's CSV neutralises every text cell a spreadsheet would run and leaves numbers alone (a
// negative gap stays a number).
func TestScoreboardCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileBoard().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(buf.String(), BOM)
	if body == buf.String() {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records: %v", len(recs), err)
	}
	col := map[string]string{}
	for i, h := range recs[0] {
		col[h] = recs[1][i]
	}
	for _, c := range []string{"indicator_name", "document", "source_title", "latest_source_title"} {
		if v := col[c]; !strings.HasPrefix(v, "'") {
			t.Errorf("%s = %q: not neutralised", c, v)
		}
	}
	if col["gap"] != "1.2" || col["target_value"] != "52" || col["target_id"] != "7" {
		t.Errorf("numbers: gap %q, target_value %q, target_id %q", col["gap"], col["target_value"], col["target_id"])
	}
}

// The JSON is HTML-escaped (a hostile document cannot close a script) and carries the numbers as numbers.
func TestScoreboardJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileBoard().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "</script>") {
		t.Error("</script> unescaped in the JSON")
	}
	var got ScoreboardJSON
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 1 || got.AsOf != 2025 || len(got.Targets) != 1 || got.Targets[0].Gap == nil || *got.Targets[0].Gap != 1.2 {
		t.Errorf("%+v", got)
	}
	if got.Targets[0].Document != "-Plan</script>" || got.Targets[0].LatestSource == nil {
		t.Errorf("document %q, latest source %v", got.Targets[0].Document, got.Targets[0].LatestSource)
	}
}

func TestScoreboardXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := hostileBoard().WriteXLSX(&buf); err != nil || buf.Len() == 0 {
		t.Fatalf("%d bytes: %v", buf.Len(), err)
	}
}
