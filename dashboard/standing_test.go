package dashboard

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The built-in dataset's pages show each value's source standing: beside the value on the indicator page (with
// its legend, and which vintage is current and why), beside the latest value on /targets, in the chart's
// tooltip data, and counted on /about.
func TestStandingIsShownBesideValues(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	page := func(path string) string {
		t.Helper()
		r := get(t, h, path)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.status)
		}
		return r.body
	}
	nev := page("/indicators/nev_sales_share")
	row := regexp.MustCompile(`(?s)<tr><th scope="row">2024</th><td class="num">40.9</td>.*?</tr>`).FindString(nev)
	if !strings.Contains(row, `<span class="standing standing-official_media">official media</span>`) {
		t.Errorf("NEV 2024 row: %q", row)
	}
	if !strings.Contains(nev, `id="standing-legend"`) || !strings.Contains(nev, "a mirror, portal or aggregator") {
		t.Error("no legend of standings on the indicator page")
	}
	if !strings.Contains(nev, `"standing":"official media"`) {
		t.Error("the chart's tooltip data lacks the standing")
	}
	coal := page("/indicators/coal_share?lang=zh")
	if !strings.Contains(coal, "现行（") || !strings.Contains(coal, "较早版本：已被") {
		t.Error("the coal-share page does not say which vintage is current and why")
	}
	targets := page("/targets")
	if !regexp.MustCompile(`class="num latest">[^\n]*<span class="standing standing-[a-z_]+">`).MatchString(targets) {
		t.Error("/targets shows no standing beside a latest value")
	}
	about := page("/about")
	m := regexp.MustCompile(`Current national yearly figures \((\d+)\)`).FindStringSubmatch(about)
	if m == nil {
		t.Fatal("/about has no count of figures by standing")
	}
	total, _ := strconv.Atoi(m[1])
	sum := 0
	for _, c := range regexp.MustCompile(`(?s)<tr data-standing="[a-z_]*">.*?<td class="num">(\d+)</td>`).FindAllStringSubmatch(about, -1) {
		n, _ := strconv.Atoi(c[1])
		sum += n
	}
	if total < 200 || sum != total {
		t.Errorf("/about: %d figures by standing, total %d", sum, total)
	}
}

// The carbon-intensity page assesses its 13th FYP target (2016-2020 changes, from stored pages) and the
// 12th FYP target is assessed on the published cumulative change since 2010.
func TestCarbonIntensityFYPTargetsAreAssessed(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	for path, year := range map[string]string{"/indicators/carbon_intensity": "2020", "/indicators/carbon_intensity_cum_2010": "2015"} {
		r := get(t, h, path)
		table := regexp.MustCompile(`(?s)<table id="target-table">.*?</table>`).FindString(r.body)
		row := regexp.MustCompile(`(?s)<tr id="target-row-\d+" data-documents="\d+"><th scope="row">[^<]*</th><td>` + year + `</td>.*?</tr>`).FindString(table)
		if row == "" || strings.Contains(row, "status-no_data") {
			t.Errorf("%s: the %s target is not assessed: %q", path, year, row)
		}
	}
}
