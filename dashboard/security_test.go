package dashboard

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
	"github.com/xuri/excelize/v2"
)

// routeTargets is one URL for every GET route of the server, read from its route table so that a new route
// is covered without touching the tests: :code is code, :category its category (testCategories), the static
// wildcard is a real asset, the catch-all an unknown page. A route with a parameter this function does not
// know fails the test.
func routeTargets(t testing.TB, s *Server, code string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, r := range s.echo.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		target := r.Path
		switch {
		case target == "/*":
			target = "/no-such-page"
		case target == "/static/*":
			target = s.static.URL("chart.js")
		}
		target = strings.ReplaceAll(target, ":code", code)
		target = strings.ReplaceAll(target, ":id", "1") // a target's history: the fixtures' first target
		target = strings.ReplaceAll(target, ":region", "CN-NM")
		target = strings.ReplaceAll(target, ":category", testCategories[code])
		if strings.ContainsAny(target, ":*") {
			t.Fatalf("route %s has a parameter routeTargets does not know: teach it", r.Path)
		}
		if !seen[target] {
			seen[target] = true
			out = append(out, target)
		}
	}
	sort.Strings(out)
	if len(out) < 5 {
		t.Fatalf("only %d routes: %v", len(out), out)
	}
	return out
}

// testCategories are the categories of the indicators routeTargets is given: the fixtures' and addStored's.
var testCategories = map[string]string{"coal_share": "energy_structure", "xss": "ecology"}

// isCodeRoute reports whether target is a route of one indicator (its path holds the code).
func isCodeRoute(target, code string) bool { return strings.Contains(target, "/"+code) }

// errorTexts are every error message a user may see, in both languages.
func errorTexts() []string {
	var out []string
	for _, k := range text.Keys() {
		if strings.HasPrefix(k, "err.") {
			out = append(out, text.T(text.EN, k), text.T(text.ZH, k))
		}
	}
	return out
}

// reflected are request fragments that must never come back in a response.
var reflected = []string{"alert(1)", "<script>alert", "DROP TABLE", "OR 1=1", "module github.com", "package dashboard", "onerror"}

// checkResponse: never a 5xx; an error is a 4xx with a message from the texts table; nothing of the request
// reflected; the security headers on every response.
func checkResponse(t *testing.T, target string, r response, msgs []string) {
	t.Helper()
	name := target[:min(len(target), 100)]
	if r.status >= 500 {
		t.Errorf("%s: status %d", name, r.status)
	}
	if r.status >= 400 {
		has := false
		for _, m := range msgs {
			if strings.Contains(r.body, m) {
				has = true
				break
			}
		}
		if !has {
			t.Errorf("%s: %d without a message: %.200s", name, r.status, r.body)
		}
	}
	lower := strings.ToLower(r.body)
	for _, bad := range reflected {
		if strings.HasPrefix(target, "/search?") && !strings.ContainsAny(bad, "<>") {
			continue // the search page shows the query it was asked (escaped: the markup ones must not appear)
		}
		if strings.Contains(lower, strings.ToLower(bad)) {
			t.Errorf("%s: response (%d) contains %q", name, r.status, bad)
		}
	}
	checkSecurityHeaders(t, name, r.header)
}

// checkSecurityHeaders: the embed view may be framed by any site; every other response by none.
func checkSecurityHeaders(t *testing.T, name string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	framing, xfo := "frame-ancestors 'none'", "DENY"
	if strings.HasPrefix(name, "/embed/") {
		framing, xfo = "frame-ancestors *", ""
	}
	for _, want := range []string{"script-src 'self'", framing, "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: CSP %q lacks %q", name, csp, want)
		}
	}
	if got := h.Get("X-Frame-Options"); got != xfo {
		t.Errorf("%s: X-Frame-Options = %q, want %q", name, got, xfo)
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("%s: CSP allows unsafe scripts: %q", name, csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options = %q", name, h.Get("X-Content-Type-Options"))
	}
	if rp := h.Get("Referrer-Policy"); rp == "" || rp == "unsafe-url" {
		t.Errorf("%s: Referrer-Policy = %q", name, rp)
	}
}

// Hostile request inputs on every route: SQL-like and markup strings in every parameter and in the path,
// absurd and negative years, a 100 KB query string, duplicate parameters, path traversal on static files,
// other methods. Always a 4xx with a message or a normal answer: never a 5xx, never a file outside the
// assets, never the input reflected, the database untouched.
func TestHostileRequests(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	h := s.Handler()
	msgs := errorTexts()
	countRows := func() int {
		var n int
		if err := d.Raw().QueryRow(context.Background(), `SELECT (SELECT count(*) FROM indicators) + (SELECT count(*) FROM observations)`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := countRows()

	values := []string{"' OR 1=1--", "1;DROP TABLE indicators", "<script>alert(1)</script>", "0", "-1", "-2020",
		"2147483647", "-2147483649", "99999999999999999999", "1e3", "NaN", "0x7e0", "２０２０", "%00", "..%2f..%2fgo.mod",
		strings.Repeat("9", 2000)}
	params := []string{"lang", "from", "to", "codes", "region", "vintage", "format", "indicator", "q"}
	combos := []string{"from=0&to=2147483647", "from=-5&to=-1", "from=2100&to=1949", "from=1948", "to=2101",
		"lang=en&lang=zh", "from=2000&from=2001", "to=2020&to=2021", "codes=coal_share&codes=coal_share",
		"region=CN&region=CN", "from=2020&pad=" + strings.Repeat("A", 100<<10), strings.Repeat("x=1&", 20000),
		"from=%zz", "lang=en;from=2020", "lang=%3Cscript%3Ealert(1)%3C/script%3E"}
	pathCodes := []string{"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201=1--", "1;DROP%20TABLE%20indicators",
		"..%2f..%2fgo.mod", "..", "%2e%2e", strings.Repeat("a", 5000), "COAL_SHARE", "coal_share%00", "coal%5cshare"}

	var targets []string
	for _, route := range routeTargets(t, s, "coal_share") {
		sep := "?"
		if strings.Contains(route, "?") {
			sep = "&"
		}
		for _, p := range params {
			for _, v := range values {
				targets = append(targets, route+sep+p+"="+url.QueryEscape(v))
			}
		}
		for _, c := range combos {
			targets = append(targets, route+sep+c)
		}
		if isCodeRoute(route, "coal_share") {
			for _, c := range pathCodes {
				targets = append(targets, strings.Replace(route, "coal_share", c, 1))
			}
		}
	}
	asset := s.static.URL("chart.js")
	hash := strings.Split(asset, "/")[2]
	targets = append(targets,
		"/indicators/<script>alert(1)</script>", "/<script>alert(1)</script>", "/static/../go.mod",
		"/static/..%2f..%2fgo.mod", "/static/%2e%2e%2f%2e%2e%2fgo.mod", "/static/..%5c..%5cgo.mod",
		"/static/%252e%252e%252fgo.mod", "/static/"+hash+"/..%2f..%2f..%2fgo.mod", "/static/"+hash+"/../../server.go",
		"/static/"+hash+"%2fchart.js", "/static/"+hash+"/chart.js/..%2f..%2f..%2f..%2fgo.mod", "/static/"+hash+"/%2e%2e/chart.js",
		"/static/"+hash+"/chart.js%00.html", "/static/"+hash+"/CHART.JS", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
		"//etc/passwd", "/..%2f..%2fgo.mod", "/indicators/..%2f..%2f..%2fgo.mod", "/export/..%2f..%2fgo.mod")

	for _, target := range targets {
		r := get(t, h, target)
		checkResponse(t, target, r, msgs)
		if path, _, _ := strings.Cut(target, "?"); strings.HasPrefix(target, "/static/") && path != asset && r.status == http.StatusOK {
			t.Errorf("%s: serves a file", target)
		}
	}
	// Where a route reads the year range (it refuses from=abc), every absurd year is refused too, with a 400;
	// likewise the language.
	for _, route := range routeTargets(t, s, "coal_share") {
		sep := "?"
		if strings.Contains(route, "?") {
			sep = "&"
		}
		var qs []string
		if get(t, h, route+sep+"from=abc").status == http.StatusBadRequest {
			qs = append(qs, "from=0&to=2147483647", "from=-1", "to=-2020", "from=1948", "to=2101", "from=99999999999999999999",
				"from=2147483647", "to=0x7e0", "from=1e3", "from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%90", "from=2020&to=2019",
				"from=2000&from=2001", "to=2020&to=2020")
		}
		if get(t, h, route+sep+"lang=fr").status == http.StatusBadRequest {
			qs = append(qs, "lang=en&lang=zh", "lang=%3Cscript%3E", "lang=EN", "lang=")
		}
		for _, q := range qs {
			if r := get(t, h, route+sep+q); r.status != http.StatusBadRequest {
				t.Errorf("%s%s%s: %d, want 400", route, sep, q, r.status)
			}
		}
	}
	// Other methods are refused with the same care.
	for _, route := range routeTargets(t, s, "coal_share") {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, "PROPFIND"} {
			req := httptest.NewRequest(m, route, strings.NewReader("x=1"))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			r := response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
			if r.status < 400 {
				t.Errorf("%s %s: %d", m, route, r.status)
			}
			checkResponse(t, m+" "+route, r, msgs)
		}
	}
	if after := countRows(); after != before {
		t.Errorf("rows changed by requests: %d, were %d", after, before)
	}
}

// addStored puts h in every text column of an indicator and what hangs on it.
func addStored(t testing.TB, d *db.DB, h string) {
	t.Helper()
	in := record.Indicator{Code: "xss", NameEN: h, NameZH: h, Unit: h, UnitZH: h, DefinitionEN: h, DefinitionZH: h,
		Category: "ecology", Direction: "up", Precision: 1, Measure: "level", BreakYear: 2021, BreakNoteEN: h,
		BreakNoteZH: h, SortOrder: 9}
	dbtest.AddIndicators(t, d, in)
	src := dbtest.AddSource(t, d, record.Source{Title: h, Publisher: h, URL: `https://example.org/"><script>alert(4)</script>`, Published: "2024"})
	obs := dbtest.Series(in.Code, src, 2019, "1", "1.5", "2", "3")
	for i := range obs {
		obs[i].Note, obs[i].Quote, obs[i].Flag = h, h, "estimate"
	}
	dbtest.AddObservations(t, d, obs...)
	tg := dbtest.Target(in.Code, 2025, "5", src)
	tg.Document, tg.Issuer, tg.Note, tg.Quote = h, h, h, h
	dbtest.AddTargets(t, d, tg)
	dbtest.AddEvents(t, d, record.Event{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), TitleEN: h, TitleZH: h, Issuer: h,
		Indicator: in.Code, Source: &src})
	dbtest.AddSeedRun(t, d, "xss.csv", 4)
}

// Strings stored in the database are data everywhere: text in HTML (no markup of theirs, no script of
// theirs, attribute values quoted), data in the chart JSON and every JSON response, neutralised cells in
// every CSV, plain strings (no formula) in XLSX. Tooltips are drawn by the browser: TestBrowser checks them.
func TestStoredHostileStringsAreInert(t *testing.T) {
	d := seeded(t)
	addStored(t, d, hostile.Combined)
	s := testServer(t, d)
	h := s.Handler()
	targets := append(routeTargets(t, s, "xss"), "/?lang=zh", "/indicators/xss?lang=zh&from=2020",
		"/compare?codes=xss,coal_share", "/indicators/xss/data.csv?lang=zh", "/api/v1/indicators/xss/series?vintage=all")
	// A target's history: the hostile one's.
	var xssTarget string
	if err := d.Raw().QueryRow(context.Background(), `SELECT id::text FROM targets WHERE indicator = 'xss'`).Scan(&xssTarget); err != nil {
		t.Fatal(err)
	}
	for i, target := range targets {
		targets[i] = strings.Replace(target, "/targets/1/", "/targets/"+xssTarget+"/", 1)
	}
	scriptTag := regexp.MustCompile(`(?i)<script[^>]*>`)
	ours := regexp.MustCompile(`^<script ((defer )?src="/static/[0-9a-f]+/[a-z./]+"|type="application/json" id="[a-z-]+")>$`)
	chartData := regexp.MustCompile(`(?s)<script type="application/json" id="([a-z-]+)">(.*?)</script>`)
	shown := map[string]bool{} // targets where the string was found as data
	for _, target := range targets {
		r := get(t, h, target)
		checkSecurityHeaders(t, target, r.header)
		if r.status != http.StatusOK && target != "/no-such-page" {
			t.Errorf("%s: %d", target, r.status)
			continue
		}
		ct := r.header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/html"):
			for _, bad := range []string{"<script>alert", "<img src=x", `"><script>`, "javascript:"} {
				if strings.Contains(strings.ToLower(r.body), strings.ToLower(bad)) {
					t.Errorf("%s: hostile markup %q reaches the HTML", target, bad)
				}
			}
			for _, m := range scriptTag.FindAllString(r.body, -1) {
				if !ours.MatchString(m) {
					t.Errorf("%s: a script tag that is not ours: %s", target, m)
				}
			}
			if strings.Contains(html.UnescapeString(r.body), hostile.Combined) {
				shown[target] = true
			}
			for _, m := range chartData.FindAllStringSubmatch(r.body, -1) {
				var v any
				if err := json.Unmarshal([]byte(m[2]), &v); err != nil {
					t.Errorf("%s: JSON block %s does not parse: %v", target, m[1], err)
				}
				if containsString(v, hostile.Combined) {
					shown[target] = true
				}
			}
		case strings.HasPrefix(ct, "application/json"):
			var v any
			if err := json.Unmarshal([]byte(r.body), &v); err != nil {
				t.Errorf("%s: JSON does not parse: %v", target, err)
			}
			if containsString(v, hostile.Combined) {
				shown[target] = true
			}
		case strings.HasPrefix(ct, "text/csv"):
			if checkCSV(t, target, []byte(r.body)) {
				shown[target] = true
			}
		case strings.Contains(ct, "spreadsheetml"):
			if checkXLSX(t, target, []byte(r.body)) {
				shown[target] = true
			}
		case strings.HasPrefix(ct, "application/zip"):
			zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
			if err != nil {
				t.Errorf("%s: %v", target, err)
				continue
			}
			for _, f := range zr.File {
				b := readZipFile(t, f)
				switch {
				case strings.HasSuffix(f.Name, ".csv"):
					if checkCSV(t, target+"!"+f.Name, b) {
						shown[target] = true
					}
				case strings.HasSuffix(f.Name, ".json"):
					var v any
					if err := json.Unmarshal(b, &v); err != nil {
						t.Errorf("%s!%s: JSON does not parse: %v", target, f.Name, err)
					}
				}
			}
		}
	}
	// The string is shown (as data) wherever the indicator is: pages, downloads, API, the dataset.
	for _, target := range targets {
		if (strings.Contains(target, "xss") || target == "/" || target == "/?lang=zh" || strings.HasPrefix(target, "/export/") ||
			strings.HasPrefix(target, "/categories/") ||
			strings.HasPrefix(target, "/targets") || target == "/about" ||
			target == "/api/v1/indicators" || target == "/api/v1/sources" || target == "/api/v1/events") && !shown[target] {
			t.Errorf("%s: the stored string is not shown as data", target)
		}
	}
}

// checkCSV parses a CSV and checks that no cell a spreadsheet would run as a formula holds the stored
// string; it reports whether the string is there (after the neutralising quote).
func checkCSV(t *testing.T, name string, b []byte) bool {
	t.Helper()
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Errorf("%s: CSV does not parse: %v", name, err)
		return false
	}
	found := false
	for _, row := range rows {
		for _, cell := range row {
			if !strings.Contains(cell, "HYPERLINK") {
				continue
			}
			if strings.ContainsAny(cell[:1], "=+-@\t\r") {
				t.Errorf("%s: a cell starts a formula: %.60q", name, cell)
			}
			if strings.TrimPrefix(cell, "'") == hostile.Combined {
				found = true
			}
		}
	}
	return found
}

// checkXLSX checks that no cell holding the stored string is a formula; it reports whether the string is
// there.
func checkXLSX(t *testing.T, name string, b []byte) bool {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Errorf("%s: XLSX does not open: %v", name, err)
		return false
	}
	defer f.Close()
	found := false
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Errorf("%s: %s: %v", name, sheet, err)
			continue
		}
		for i, row := range rows {
			for j, cell := range row {
				if !strings.Contains(cell, "HYPERLINK") {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s: %s!%s is a formula: %q", name, sheet, ref, formula)
				}
				if strings.TrimPrefix(cell, "'") == hostile.Combined {
					found = true
				}
			}
		}
	}
	return found
}

func readZipFile(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(rc); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return buf.Bytes()
}

// containsString reports whether s is one of the strings in a decoded JSON value.
func containsString(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return v == s
	case []any:
		for _, e := range v {
			if containsString(e, s) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if containsString(e, s) {
				return true
			}
		}
	}
	return false
}
