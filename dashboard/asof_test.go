package dashboard

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"io"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
)

// asOfServer is the dashboard over the built-in data, its clock's year left alone: an as-of date sets the year.
func asOfServer(t *testing.T) http.Handler {
	t.Helper()
	return testServer(t, builtin(t)).Handler()
}

func mustGet(t *testing.T, h http.Handler, target string) string {
	t.Helper()
	r := get(t, h, target)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", target, r.status, r.body)
	}
	return r.body
}

// dataRow2013 is the 2013 row of the table of current values.
var dataRow2013 = regexp.MustCompile(`<tr><th scope="row">2013</th><td class="num">([^<]*)</td>`)

// TestAsOfShowsTheValueBeforeTheRevision: the total energy consumption of 2013 was 3.75 billion tce before the
// third economic census (an article of February 2015, dated to the month: it counts from 1 February), 4.17 after
// (26 February 2015), and 4.169 in a report of 2019 (dated to the year). As of 20 February 2015 the page, its
// downloads and the API show 3.75, as of 1 March 2015 4.17, today 4.169.
func TestAsOfShowsTheValueBeforeTheRevision(t *testing.T) {
	h := asOfServer(t)
	const page = "/indicators/total_energy_consumption"
	for _, c := range []struct{ asOf, want string }{{"2015-02-20", "3.75"}, {"2015-03-01", "4.17"}, {"", "4.169"}} {
		q := "?lang=en"
		if c.asOf != "" {
			q += "&asof=" + c.asOf
		}
		m := dataRow2013.FindStringSubmatch(mustGet(t, h, page+q))
		if m == nil || m[1] != c.want {
			t.Errorf("as of %q: the 2013 value shown is %v, want %s", c.asOf, m, c.want)
		}
		var series export.APISeries
		if err := json.Unmarshal([]byte(mustGet(t, h, "/api/v1/indicators/total_energy_consumption/series?vintage=latest"+strings.Replace(q, "?lang=en", "", 1))), &series); err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, o := range series.Observations {
			if o.Year == 2013 {
				got = string(o.Value)
			}
		}
		if got != c.want {
			t.Errorf("as of %q: the API's 2013 value is %q, want %s", c.asOf, got, c.want)
		}
		csvValue := ""
		for _, line := range strings.Split(mustGet(t, h, page+"/data.csv"+q), "\n") {
			if f := strings.Split(line, ","); len(f) > 6 && f[2] == "2013" && f[3] == "actual" {
				csvValue = f[6]
			}
		}
		if csvValue != c.want {
			t.Errorf("as of %q: data.csv has 2013 = %q, want %s", c.asOf, csvValue, c.want)
		}
	}
	// The as-of page keeps no trace of the revision: the later figure is not among its vintages either.
	if body := mustGet(t, h, page+"?lang=en&asof=2015-02-20"); strings.Contains(body, ">4.17<") {
		t.Error("the page as of 2015-02-20 shows 4.17, published on the 26th")
	}
}

// lateSource is the source of the 2025 carbon-intensity figure, published on 28 February 2026.
const lateSource = "国家统计局《2025年国民经济和社会发展统计公报》绿色低碳"

// TestAsOfLeavesOutLaterFigures: a figure published after the date is on none of the page, the downloads, the
// data package and the API as of that date, and on each of them today.
func TestAsOfLeavesOutLaterFigures(t *testing.T) {
	h := asOfServer(t)
	targets := []string{
		"/indicators/carbon_intensity?lang=zh", "/indicators/carbon_intensity/data.csv?lang=zh",
		"/indicators/carbon_intensity/data.json?lang=zh", "/indicators/carbon_intensity/data.xlsx?lang=zh",
		"/api/v1/indicators/carbon_intensity/series?vintage=all", "/api/v1/sources", "/about?lang=zh",
		"/changes?lang=zh&since=2020-01-01", "/changes.atom?lang=zh&since=2020-01-01",
	}
	for _, target := range targets {
		sep := "&"
		if !strings.Contains(target, "?") {
			sep = "?"
		}
		then := mustGet(t, h, target+sep+"asof=2025-12-31")
		now := mustGet(t, h, target)
		if strings.HasSuffix(strings.SplitN(target, "?", 2)[0], ".xlsx") {
			then, now = xlsxText(t, then), xlsxText(t, now)
		}
		if strings.Contains(then, lateSource) {
			t.Errorf("%s as of 2025-12-31 names the source of 28 February 2026", target)
		}
		if !strings.Contains(now, lateSource) {
			t.Errorf("%s today lacks the source of 28 February 2026", target)
		}
	}
	zipThen := datasetText(t, mustGet(t, h, "/export/dataset.zip?asof=2025-12-31"))
	if strings.Contains(zipThen, lateSource) || strings.Contains(zipThen, "2026-02-28") {
		t.Error("the data package as of 2025-12-31 holds a publication of 2026")
	}
	if !strings.Contains(zipThen, `"as_of": "2025-12-31"`) {
		t.Error("the data package as of 2025-12-31 does not say its date in datapackage.json")
	}
	if !strings.Contains(datasetText(t, mustGet(t, h, "/export/dataset.zip")), lateSource) {
		t.Error("today's data package lacks the source of 28 February 2026")
	}
}

// datasetText is every file of a zip, concatenated.
func datasetText(t *testing.T, body string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		b.Write(data)
	}
	return b.String()
}

// xlsxText is the text of a workbook's parts (shared strings hold the cells' text).
func xlsxText(t *testing.T, body string) string { return datasetText(t, body) }

// carbonTarget is the 14th FYP carbon-intensity target as the built-in data has it (restated by the Working
// Guidance of 24 October 2021): -18 % by 2025 against 2020.
func carbonTarget(t *testing.T, h http.Handler, asOf string) (int64, string, float64) {
	t.Helper()
	var body struct {
		Targets []struct {
			ID     int64  `json:"id"`
			Plan   string `json:"plan"`
			Year   int    `json:"year"`
			Status struct {
				Code  string       `json:"code"`
				Ratio *json.Number `json:"ratio"`
			} `json:"status"`
		} `json:"targets"`
	}
	q := ""
	if asOf != "" {
		q = "?asof=" + asOf
	}
	if err := json.Unmarshal([]byte(mustGet(t, h, "/api/v1/indicators/carbon_intensity/targets"+q)), &body); err != nil {
		t.Fatal(err)
	}
	for _, tg := range body.Targets {
		if tg.Plan == "guidance2021" && tg.Year == 2025 {
			r := 0.0
			if tg.Status.Ratio != nil {
				r, _ = tg.Status.Ratio.Float64()
			}
			return tg.ID, tg.Status.Code, r
		}
	}
	return 0, "", 0
}

// TestAsOfStatusMatchesHandComputation: the 14th FYP carbon-intensity target (-18 % by 2025 vs 2020, so the
// derived index must fall from 100 to 82) at three dates, each with its year as the current year.
//
// Required rate: 0.82^(1/5) - 1 = -0.038913 a year.
//   - 1 March 2022: 2021 = -3.8 % is out; index 96.2; observed -0.038; R = 0.038/0.038913 = 0.9765: on_track.
//   - 1 March 2023: 2022 = -0.8 %; index 96.2 × 0.992 = 95.4304; observed 0.954304^(1/2) - 1 = -0.023115;
//     R = 0.5940: limited (below 0.60).
//   - 1 March 2026: 2025 = -5.0 % is out, a value for the target year: index 95.4304 × 1.000 × 0.966 × 0.95 =
//     87.5765 > 82: missed; observed 0.875765^(1/5) - 1 = -0.026182, R = 0.6728.
//
// Before its issue (1 October 2021) the target is not there at all.
func TestAsOfStatusMatchesHandComputation(t *testing.T) {
	h := asOfServer(t)
	for _, c := range []struct {
		asOf, code string
		ratio      float64
	}{{"2022-03-01", "on_track", 0.9765}, {"2023-03-01", "limited", 0.5940}, {"2026-03-01", "missed", 0.6728}} {
		_, code, ratio := carbonTarget(t, h, c.asOf)
		if code != c.code || math.Abs(ratio-c.ratio) > 5e-4 {
			t.Errorf("as of %s: %s, R = %.4f; want %s, R = %.4f", c.asOf, code, ratio, c.code, c.ratio)
		}
	}
	if id, _, _ := carbonTarget(t, h, "2021-10-01"); id != 0 {
		t.Errorf("as of 2021-10-01 the target issued on 24 October is listed (id %d)", id)
	}
}

// TestTargetHistoryMatchesOneDateAtATime: the history of the 14th FYP carbon-intensity target moves with each
// statistical communiqué (the hand computation above: no_data at its issue, then on_track, limited ... missed),
// and every entry is the status the API gives as of its date.
func TestTargetHistoryMatchesOneDateAtATime(t *testing.T) {
	h := asOfServer(t)
	id, _, _ := carbonTarget(t, h, "")
	if id == 0 {
		t.Fatal("no 14th FYP carbon-intensity target")
	}
	base := "/targets/" + strconv.FormatInt(id, 10) + "/history"
	var hist struct {
		History []struct {
			Date   string       `json:"date"`
			Status string       `json:"status"`
			Ratio  *json.Number `json:"ratio"`
			Latest *struct {
				Year   int `json:"year"`
				Source struct {
					Published string `json:"published"`
				} `json:"source"`
			} `json:"latest"`
		} `json:"history"`
	}
	if err := json.Unmarshal([]byte(mustGet(t, h, base+".json")), &hist); err != nil {
		t.Fatal(err)
	}
	var dates, codes []string
	for _, e := range hist.History {
		dates = append(dates, e.Date)
		codes = append(codes, e.Status)
		_, code, ratio := carbonTarget(t, h, e.Date)
		got := 0.0
		if e.Ratio != nil {
			got, _ = e.Ratio.Float64()
		}
		if code != e.Status || math.Abs(got-ratio) > 1e-9 {
			t.Errorf("%s: the history says %s R=%v, the API as of that day %s R=%v", e.Date, e.Status, got, code, ratio)
		}
	}
	// One entry per statistical communiqué from the target's issue on (the figures of 2021 ... 2025).
	wantDates := []string{"2021-10-24", "2022-02-28", "2023-02-28", "2024-02-29", "2025-02-28", "2026-02-28"}
	wantCodes := []string{"no_data", "on_track", "limited", "limited", "limited", "missed"}
	if strings.Join(dates, " ") != strings.Join(wantDates, " ") || strings.Join(codes, " ") != strings.Join(wantCodes, " ") {
		t.Errorf("history %v %v\nwant    %v %v", dates, codes, wantDates, wantCodes)
	}
	// The CSV has the same entries; the HTML page lists them newest first, each date a link to the dashboard then.
	csv := mustGet(t, h, base+".csv")
	if n := strings.Count(csv, "\n"); n != len(wantDates)+1 {
		t.Errorf("history.csv has %d lines, want %d:\n%s", n, len(wantDates)+1, csv)
	}
	page := mustGet(t, h, base+"?lang=zh")
	if !strings.Contains(page, `href="/indicators/carbon_intensity?asof=2022-02-28&amp;lang=zh"`) {
		t.Error("the history page does not link the dashboard as of 2022-02-28")
	}
	// On an as-of page the history ends at its date.
	var then struct {
		History []struct{ Date string } `json:"history"`
	}
	if err := json.Unmarshal([]byte(mustGet(t, h, base+".json?asof=2023-03-01")), &then); err != nil {
		t.Fatal(err)
	}
	if len(then.History) != 3 || then.History[2].Date != "2023-02-28" {
		t.Errorf("history as of 2023-03-01: %+v", then.History)
	}
}

// TestChangesAtomListsTheChanges: the feed is an Atom document with the elements RFC 4287 requires (parsed
// with encoding/xml against them), and its entries are the rows of /changes, in the same order.
func TestChangesAtomListsTheChanges(t *testing.T) {
	h := asOfServer(t)
	const q = "?lang=en&since=2025-01-01&asof=2026-03-15"
	page := mustGet(t, h, "/changes"+q)
	r := get(t, h, "/changes.atom"+q)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("changes.atom: %d %s", r.status, r.header.Get("Content-Type"))
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"http://www.w3.org/2005/Atom id"`
		Title   string   `xml:"http://www.w3.org/2005/Atom title"`
		Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
		Author  []struct {
			Name string `xml:"http://www.w3.org/2005/Atom name"`
		} `xml:"http://www.w3.org/2005/Atom author"`
		Entries []struct {
			ID      string `xml:"http://www.w3.org/2005/Atom id"`
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Updated string `xml:"http://www.w3.org/2005/Atom updated"`
			Links   []struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	dec := xml.NewDecoder(bytes.NewReader([]byte(r.body)))
	dec.Strict = true
	if err := dec.Decode(&feed); err != nil {
		t.Fatalf("changes.atom is not XML of the Atom namespace: %v\n%s", err, r.body)
	}
	iri := regexp.MustCompile(`^[a-z][a-z0-9+.-]*:\S+$`)
	if !iri.MatchString(feed.ID) || feed.Title == "" || !rfc3339(feed.Updated) || len(feed.Author) == 0 || feed.Author[0].Name == "" {
		t.Errorf("feed lacks a required element: id %q title %q updated %q author %+v", feed.ID, feed.Title, feed.Updated, feed.Author)
	}
	rows := regexp.MustCompile(`<tr data-kind="([a-z]+)" data-id="([^"]+)">`).FindAllStringSubmatch(page, -1)
	if len(rows) == 0 || len(rows) != len(feed.Entries) {
		t.Fatalf("/changes lists %d changes, the feed %d", len(rows), len(feed.Entries))
	}
	seen := map[string]bool{}
	kinds := map[string]int{}
	for i, e := range feed.Entries {
		if e.ID != rows[i][2] || !iri.MatchString(e.ID) || e.Title == "" || !rfc3339(e.Updated) || len(e.Links) == 0 {
			t.Errorf("entry %d: %+v, page row id %s", i, e, rows[i][2])
		}
		if seen[e.ID] {
			t.Errorf("entry id %s twice", e.ID)
		}
		seen[e.ID] = true
		kinds[rows[i][1]]++
	}
	// Spring 2025 and 2026: the communiqués brought new figures, and statuses moved (the carbon-intensity target
	// was missed on 28 February 2026).
	if kinds["new"] == 0 || kinds["status"] == 0 {
		t.Errorf("changes by kind %v: want new figures and status changes", kinds)
	}
	if !strings.Contains(page, "2026-02-28") || strings.Contains(page, "2026-03-16") {
		t.Error("/changes as of 2026-03-15 misses the communiqué of 28 February 2026 or lists a later day")
	}
}

func rfc3339(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// TestAsOfRevisionOnChanges: /changes lists the census revision with both values, both sources and its size.
func TestAsOfRevisionOnChanges(t *testing.T) {
	h := asOfServer(t)
	page := html.UnescapeString(mustGet(t, h, "/changes?lang=en&since=2015-02-01&asof=2015-02-28"))
	i := strings.Index(page, "3.75 billion tce")
	if i < 0 || !strings.Contains(page[i:], "4.17 billion tce") || !strings.Contains(page, "+0.42") {
		t.Errorf("the 2013 revision 3.75 → 4.17 (+0.42) is not on /changes:\n%s", page)
	}
}

// TestAsOfLinksKeepTheDate: every link of an as-of page to another page keeps the date; the banner names it
// and links the page today; bad dates are refused.
func TestAsOfLinksKeepTheDate(t *testing.T) {
	h := asOfServer(t)
	for _, path := range []string{"/", "/categories/energy_structure", "/indicators/coal_share", "/targets", "/about", "/changes", "/compare?codes=coal_share,non_fossil_share", "/search?q=coal", "/targets/1/history"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		body := mustGet(t, h, path+sep+"lang=en&asof=2023-03-15")
		if !strings.Contains(body, "As of 15 March 2023") {
			t.Errorf("%s: no banner", path)
		}
		todayLink := regexp.MustCompile(`id="asof-today" href="([^"]*)"`).FindStringSubmatch(body)
		if todayLink == nil || strings.Contains(todayLink[1], "asof=") {
			t.Errorf("%s: the banner's link to today is %v", path, todayLink)
		}
		for _, m := range regexp.MustCompile(`(id="asof-today" )?href="(/[^"]*)"`).FindAllStringSubmatch(body, -1) {
			href := m[2]
			if m[1] != "" || strings.HasPrefix(href, "/static/") || href == "/api/v1/openapi.json" {
				continue
			}
			// Links to other pages keep the page's date; a change on /changes and an entry of a history link
			// their own day.
			ownDay := path == "/changes" || strings.HasSuffix(path, "/history")
			if !strings.Contains(href, "asof=2023-03-15") && !(ownDay && strings.Contains(href, "asof=")) {
				t.Errorf("%s: link %s drops the date", path, href)
			}
		}
		zh := mustGet(t, h, path+sep+"lang=zh&asof=2023-03-15")
		if !strings.Contains(zh, "数据截至2023年3月15日") {
			t.Errorf("%s: no Chinese banner", path)
		}
	}
	// "Cite this" of an as-of page names the date and cites the as-of address.
	for lang, want := range map[string]string{"en": "; data as of 15 March 2023", "zh": "；数据截至2023年3月15日"} {
		body := mustGet(t, h, "/indicators/coal_share?lang="+lang+"&asof=2023-03-15")
		cite := regexp.MustCompile(`(?s)id="cite-text"[^>]*>(.*?)<`).FindStringSubmatch(body)
		if cite == nil || !strings.Contains(cite[1], want) || !strings.Contains(cite[1], "asof=2023-03-15") {
			t.Errorf("lang=%s: cite this on an as-of page is %q, want %q and the as-of address", lang, cite, want)
		}
	}
	// The rule for dates known only to the month or year is stated on /about, in both languages.
	for lang, want := range map[string]string{"en": "counts from 1 March 2021", "zh": "自2021年3月1日起计"} {
		if !strings.Contains(mustGet(t, h, "/about?lang="+lang), want) {
			t.Errorf("/about?lang=%s does not state the rule (%q)", lang, want)
		}
	}
	if strings.Contains(mustGet(t, h, "/?lang=en"), "asof-banner") {
		t.Error("today's overview has an as-of banner")
	}
	for _, bad := range []string{"2023-02-29", "2023-3-15", "1900-01-01", "2999-01-01", "yesterday"} {
		if r := get(t, h, "/indicators/coal_share?asof="+bad); r.status != http.StatusBadRequest || strings.Contains(r.body, bad) {
			t.Errorf("asof=%s: %d (want 400, the value not reflected)", bad, r.status)
		}
	}
}

// TestAsOfPageFollowsAnOlderPublication: a page as of a past date is cached like any other, and loading a
// publication older than its date (here a 2013 figure dated 10 February 2015) makes it anew: the cache follows
// the counts of changes of migrations/0006, whatever the date of what was loaded.
func TestAsOfPageFollowsAnOlderPublication(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	const page = "/indicators/total_energy_consumption?lang=en&asof=2015-02-20"
	first := get(t, h, page)
	again := get(t, h, page, "If-None-Match", first.header.Get("ETag"))
	if again.status != http.StatusNotModified {
		t.Fatalf("the as-of page is not served from its cache: %d", again.status)
	}
	exec(t, d, `INSERT INTO sources (title, publisher, url, published) VALUES ('Late-found bulletin', 'NBS', '', '2015-02-10');
INSERT INTO observations (indicator, region, year, value, source_id)
SELECT 'total_energy_consumption', 'CN', 2013, 3.8, id FROM sources WHERE title = 'Late-found bulletin'`)
	after := get(t, h, page, "If-None-Match", first.header.Get("ETag"))
	if after.status != http.StatusOK {
		t.Fatalf("after an older publication was loaded the as-of page is still %d", after.status)
	}
	if m := dataRow2013.FindStringSubmatch(after.body); m == nil || m[1] != "3.8" {
		t.Errorf("as of 2015-02-20 the 2013 value is %v after the bulletin of 10 February, want 3.8", m)
	}
}

// BenchmarkChanges is what a miss of /changes computes on the built-in data: every indicator's history (a
// build of its trend at each publication date) and its figures since 2015, from rows already loaded.
func BenchmarkChanges(b *testing.B) {
	s := testServer(b, builtin(b))
	all, err := s.cache.loadAll(b.Context(), "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if cs := allChanges(all, "2015-01-01", "en"); len(cs) == 0 {
			b.Fatal("no changes")
		}
	}
}
