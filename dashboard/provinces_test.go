package dashboard

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// rankingRowRE is one province of the ranking table: its code, and the value cell.
var rankingRowRE = regexp.MustCompile(`(?s)<tr id="row-(CN-[A-Z]{2})" data-region="CN-[A-Z]{2}"[^>]*>(.*?)</tr>`)

// TestProvincesPage: on the built-in dataset, the energy-intensity map shows the 2020 communiqué as printed
// (30 provinces, Inner Mongolia +6.89, Beijing -9.18) and Tibet as no data; the barometer layer shows its
// nine red provinces beside its document; every tile's colour is the legend's bin of its value.
func TestProvincesPage(t *testing.T) {
	h := testServer(t, builtin(t)).Handler()
	r := get(t, h, "/indicators/energy_intensity/provinces?lang=en")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	values := map[string]string{}
	for _, m := range rankingRowRE.FindAllStringSubmatch(r.body, -1) {
		cell := regexp.MustCompile(`(?s)<td class="num value"[^>]*>(.*?)</td>`).FindStringSubmatch(m[2])
		if cell == nil {
			t.Fatalf("row %s has no value cell", m[1])
		}
		values[m[1]] = html.UnescapeString(cell[1])
	}
	if len(values) != 31 {
		t.Fatalf("%d provinces in the ranking, want 31", len(values))
	}
	with := 0
	for _, v := range values {
		if !strings.Contains(v, "No data") {
			with++
		}
	}
	if with != 30 || values["CN-NM"] != "+6.89" || values["CN-BJ"] != "-9.18" || !strings.Contains(values["CN-XZ"], "No data") {
		t.Errorf("2020: %d with values, Inner Mongolia %q, Beijing %q, Tibet %q", with, values["CN-NM"], values["CN-BJ"], values["CN-XZ"])
	}
	if !strings.Contains(r.body, `<option value="2020" selected>`) {
		t.Error("2020 is not the year shown")
	}
	m := mapOfPage(t, r.body)
	legend := legendOf(t, r.body)
	for _, tile := range m.Tiles {
		v := values[tile.Code]
		want := "#d9d9d9"
		if !strings.Contains(v, "No data") {
			want = colourOf(t, legend, v)
		}
		if tile.Color != want {
			t.Errorf("tile %s (%s) is %s, want %s", tile.Code, v, tile.Color, want)
		}
	}

	b := get(t, h, "/indicators/energy_intensity/provinces?lang=zh&layer=barometer_2021h1_intensity")
	if b.status != http.StatusOK {
		t.Fatalf("barometer layer: %d", b.status)
	}
	red := regexp.MustCompile(`data-rating="red"`).FindAllString(b.body, -1)
	if len(red) != 9 || !strings.Contains(b.body, "发改办环资〔2021〕629号") {
		t.Errorf("barometer: %d red, document shown %v", len(red), strings.Contains(b.body, "发改办环资〔2021〕629号"))
	}
	bm := mapOfPage(t, b.body)
	reds := 0
	for _, tile := range bm.Tiles {
		if tile.Color == ratingSwatch("red").Color {
			reds++
		}
	}
	if reds != 9 {
		t.Errorf("%d red tiles, want 9", reds)
	}
	for _, bad := range []string{"?layer=nope", "?layer=<x>", "?year=20x0", "?year=2020&year=2021"} {
		if r := get(t, h, "/indicators/energy_intensity/provinces"+bad); r.status < 400 {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
}

// TestRegionPages: a province's page lists its series and targets; the indicator page, its downloads and the
// API follow ?region=.
func TestRegionPages(t *testing.T) {
	h := testServer(t, builtin(t)).Handler()
	r := get(t, h, "/regions/CN-NM?lang=en")
	if r.status != http.StatusOK {
		t.Fatalf("/regions/CN-NM: %d", r.status)
	}
	for _, want := range []string{`id="ind-energy_intensity"`, `id="ind-co2_emissions_ceads"`, "Inner Mongolia Autonomous Region",
		"-15% vs 2020 by 2025", `href="/indicators/energy_intensity?lang=en&amp;region=CN-NM"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/regions/CN-NM lacks %q", want)
		}
	}
	if r := get(t, h, "/regions/CN-ZZ"); r.status != http.StatusNotFound {
		t.Errorf("/regions/CN-ZZ: %d", r.status)
	}
	p := get(t, h, "/indicators/energy_intensity?lang=en&region=CN-NM")
	if p.status != http.StatusOK || !strings.Contains(p.body, `<td class="num">6.89</td>`) || !strings.Contains(p.body, `id="region-name">Inner Mongolia<`) {
		t.Errorf("indicator page for CN-NM: %d, 6.89 shown %v", p.status, strings.Contains(p.body, "6.89"))
	}
	n := get(t, h, "/indicators/energy_intensity?lang=en")
	if !strings.Contains(n.body, `id="provinces-link"`) || strings.Contains(n.body, "6.89") {
		t.Error("the national page does not link the provinces, or shows a province's value")
	}
	csv := get(t, h, "/indicators/energy_intensity/data.csv?region=CN-NM")
	if csv.status != http.StatusOK || !strings.Contains(csv.body, "6.89") || !strings.Contains(csv.header.Get("Content-Disposition"), "CN-NM") {
		t.Errorf("data.csv?region=CN-NM: %d %s", csv.status, csv.header.Get("Content-Disposition"))
	}
	api := get(t, h, "/api/v1/indicators/energy_intensity/targets?region=CN-NM")
	if api.status != http.StatusOK || !strings.Contains(api.body, `"region":"CN-NM"`) {
		t.Errorf("API targets of CN-NM: %d %.300s", api.status, api.body)
	}
	for _, bad := range []string{"/indicators/energy_intensity?region=cn-nm", "/indicators/energy_intensity?region=CN-ZZ",
		"/indicators/energy_intensity/data.json?region=XX"} {
		if r := get(t, h, bad); r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	o := get(t, h, "/?lang=en")
	if !strings.Contains(o.body, `id="provinces-panel"`) || !strings.Contains(html.UnescapeString(o.body), "rose most in Inner Mongolia (+6.89%)") {
		t.Errorf("overview panel: %s", between(o.body, `id="provinces-panel"`, "</p>"))
	}
}

func mapOfPage(t *testing.T, body string) mapData {
	t.Helper()
	raw := between(body, `<script type="application/json" id="tilemap-data">`, `</script>`)
	var m mapData
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("tilemap-data: %v", err)
	}
	if len(m.Tiles) != 31 {
		t.Fatalf("%d tiles, want 31", len(m.Tiles))
	}
	return m
}

type legendBin struct{ color, lo, hi string }

var legendRE = regexp.MustCompile(`<li data-color="(#[0-9a-f]{6})"(?: data-lo="([^"]*)")?(?: data-hi="([^"]*)")?>`)

func legendOf(t *testing.T, body string) []legendBin {
	var out []legendBin
	for _, m := range legendRE.FindAllStringSubmatch(between(body, `id="map-legend"`, `</ul>`), -1) {
		out = append(out, legendBin{m[1], m[2], m[3]})
	}
	if len(out) < 3 {
		t.Fatalf("legend: %v", out)
	}
	return out
}

// colourOf is the colour the legend gives a value: the bin with lo <= v < hi (open ends open).
func colourOf(t *testing.T, legend []legendBin, value string) string {
	t.Helper()
	v := parseNum(t, value)
	for _, b := range legend {
		if b.lo == "" && b.hi == "" {
			continue // no data
		}
		if (b.lo == "" || v >= parseNum(t, b.lo)) && (b.hi == "" || v < parseNum(t, b.hi)) {
			return b.color
		}
	}
	t.Fatalf("no bin for %s", value)
	return ""
}

func parseNum(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.TrimPrefix(s, "+"), 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

// between is the text of s after the first start and before the next end ("" when start is missing).
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}
