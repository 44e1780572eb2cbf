package dashboard

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// latinWord is a run of Latin letters (with inner digits, dots, hyphens, apostrophes and slashes, so that
// "CO2", "gov.cn", "GitHub", "People's" are one word each).
var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9'’./_-]*[A-Za-z0-9]|[A-Za-z]`)

// zhAllowed are the Latin words a Chinese page may show: names of foreign publications and organisations that
// Chinese text writes in Latin letters, the program's own name, codes, formats, units and standards.
var zhAllowed = map[string]bool{
	// the program, its formats and the standards it follows
	"dualcarbon": true, "BibTeX": true, "JavaScript": true, "API": true, "OpenAPI": true, "CSV": true, "JSON": true,
	"XLSX": true, "UTF-8": true, "CC": true, "BY": true, "Frictionless": true, "Data": true, "Package": true,
	"datapackage.json": true, "Open": true, "SDG": true, "R": true, "ISO": true, "EB/OL": true, "DS/OL": true,
	"YYYY-MM-DD": true, "CN": true, "Atom": true, "vintage": true, "asof": true, "lang": true, "from": true,
	"to": true, "sort": true, "codes": true, "region": true, "layer": true, "status": true, "indicator": true,
	"year": true, "value": true, "en": true, "zh": true, "series": true, "all": true, "iframe": true, "misc": true,
	"author": true, "title": true, "url": true, "urldate": true, "note": true, "howpublished": true,
	"organization": true, "publisher": true, "date": true, "version": true, "SECONDARY": true,
	// units and symbols
	"CO2": true, "PM2.5": true, "GDP": true, "kWh": true, "GW": true, "pp": true, "µg/m": true,
	// foreign publications and organisations, and Chinese ones best known by their Latin names
	"Our": true, "World": true, "in": true, "OWID": true, "World Bank": true, "Ember": true, "Reuters": true,
	"Bloomberg": true, "AFP": true, "Associated": true, "Press": true, "IANS": true, "Asian": true, "Power": true,
	"Asia": true, "News": true, "Day": true, "Carbon": true, "Brief": true, "Enerdata": true, "Semafor": true,
	"LSE": true, "Grantham": true, "Research": true, "Institute": true, "Climate": true, "Cooperation": true,
	"China": true, "MENAFN": true, "TaiyangNews": true, "REW": true, "CREA": true, "CEADs": true, "CGTN": true,
	"CCTV": true, "Mysteel": true, "Statistical": true, "Review": true, "of": true, "Energy": true,
	"Institute's": true, "GitHub": true, "Statistics": true, "Canada": true, "CEA": true, "EIA": true, "IPCC": true,
	"GB": true, "Earth's": true, "Future": true, "Scientific": true, "Guan": true, "Shan": true,
	"Lauri": true, "Myllyvirta": true, // a foreign analyst, named in a note
	"OpenClimate": true, "README": true, // a repository and its file, named in the notes on figures
	"WDI": true, "owid/co2-data": true, "kamalibakthavatchalam/statistics-ADS1-ASS2-kamali": true, // a series, repositories
	"NOTES": true, "NATIONAL-2": true, // the reference notes (NOTES.md, NATIONAL-2.md) a note on a figure cites
	"co2":     true, // a column of the OWID file, named in a definition
	"pm25":    true, // an indicator's code, in the search box's example
	"English": true, // the language switch names the other language in it (lang="en")
}

// zhURL is a web address (taken out before the quoted texts, some of which are host names).
var zhURL = regexp.MustCompile(`https?://[^\s"<>）)]+`)

// zhAllowedText is Latin text a page shows that is not a word of the language: addresses and file names.
var zhAllowedText = regexp.MustCompile(`《[^《》]*》|<[^<>]*>|https?://[^\s"<>）)]+|(^|[\s>])/[A-Za-z0-9/._{}-]+|\b[\w.-]+\.(csv|json|xlsx|zip|atom)\b|\b[0-9]*[a-z]?[0-9]{4}[A-Z]{2}[0-9]+\b|[A-Za-z0-9.-]+\.(com|cn|org|net|news|info|gov|jp|io|uk)(/[^\s"<>）)]*)?|\b[a-z0-9_]+_[a-z0-9_]+\b|\bCN-[A-Z]{2}\b|\b[0-9a-f]{7,40}\b|\b[A-Z]{2,}(\.[A-Z0-9]+)+\b|#[0-9a-fA-F]{3,8}\b`)

// TestChineseHasNoEnglish reads every Chinese page of the built-in dataset (the overview, every indicator
// page and its embed view, the targets, the method page, compare, search, the provinces' maps and every
// region's page, what changed, target histories) as a reader gets it: its text, the attributes read aloud or
// shown (title, aria-label, alt, placeholder, meta descriptions) and the chart's strings. Outside what is
// quoted from the sources (their titles and quotes, cited as published), every Latin word must be on the
// allow-list of foreign names, codes and units: a compiler's note on a built-in figure without Chinese fails.
func TestChineseHasNoEnglish(t *testing.T) {
	d := builtin(t)
	s := testServer(t, d)
	h := s.Handler()
	quoted := quotedTexts(t, d)

	pages := []string{"/", "/targets", "/about", "/compare", "/compare?codes=coal_share,non_fossil_share,total_energy_consumption",
		"/search", "/search?q=煤炭", "/changes", "/no-such-page"}
	for _, code := range dbtest.Strings(t, d, `SELECT code FROM indicators ORDER BY code`) {
		pages = append(pages, "/indicators/"+code, "/embed/indicators/"+code)
	}
	for _, code := range dbtest.Strings(t, d, `SELECT DISTINCT indicator FROM observations WHERE region <> 'CN' ORDER BY 1`) {
		pages = append(pages, "/indicators/"+code+"/provinces")
	}
	for _, region := range dbtest.Strings(t, d, `SELECT code FROM regions ORDER BY code`) {
		pages = append(pages, "/regions/"+region)
	}
	for _, cat := range dbtest.Strings(t, d, `SELECT DISTINCT category FROM indicators ORDER BY 1`) {
		pages = append(pages, "/categories/"+cat)
	}
	for _, id := range dbtest.Strings(t, d, `SELECT min(id)::text FROM targets GROUP BY indicator ORDER BY 1 LIMIT 12`) {
		pages = append(pages, "/targets/"+id+"/history")
	}
	pages = append(pages, "/indicators/total_energy_consumption?asof=2020-06-30", "/changes?asof=2022-01-01",
		"/categories/efficiency_carbon?asof=2021-06-30")

	found := map[string][]string{} // word -> pages
	context := map[string]string{}
	for _, p := range pages {
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")]
		r := get(t, h, p+sep+"lang=zh")
		if r.status != http.StatusOK && p != "/no-such-page" {
			t.Errorf("%s: %d", p, r.status)
			continue
		}
		for _, s := range zhStrings(t, r.body) {
			s = zhAllowedText.ReplaceAllString(quoted.Replace(zhURL.ReplaceAllString(s, " ")), " ")
			for _, w := range englishWords(s) {
				if len(found[w]) < 3 {
					found[w] = append(found[w], p)
				}
				if _, ok := context[w]; !ok {
					context[w] = s
				}
			}
		}
	}
	words := make([]string, 0, len(found))
	for w := range found {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, w := range words {
		c := context[w]
		if len(c) > 160 {
			i := strings.Index(c, w)
			c = c[max(0, i-60):min(len(c), i+60)]
		}
		t.Errorf("%q on %v: %q (a publisher or issuer: give it its Chinese name in dashboard/text/names.go; a foreign name or a code: add it to zhAllowed)", w, found[w], c)
	}
	// What stays in its own language is declared so (WCAG 3.1.2): an English source title on a Chinese page, a
	// Chinese one on an English page.
	if !strings.Contains(get(t, h, "/indicators/coal_share?lang=zh").body, `<span class="src" lang="en">`) ||
		!strings.Contains(get(t, h, "/indicators/coal_share?lang=en").body, `<span class="src" lang="zh-CN">`) {
		t.Error("the coal page's source titles do not declare their language")
	}
	if len(pages) < 60 {
		t.Fatalf("only %d pages read", len(pages))
	}
	// A note a steward loads later without a Chinese text shows as stored, declared English.
	const steward = "Steward's note, no Chinese yet."
	if _, err := d.Raw().Exec(t.Context(), `UPDATE observations SET note = $1 WHERE id = (SELECT max(id) FROM observations
		WHERE indicator = 'coal_share' AND region = 'CN')`, steward); err != nil {
		t.Fatal(err)
	}
	if body := get(t, h, "/indicators/coal_share?lang=zh").body; !strings.Contains(body, `<td lang="en">`+html.EscapeString(steward)+`</td>`) {
		t.Error("a note without Chinese is not shown as stored with lang=\"en\"")
	}
}

// englishWords are the Latin words of s not on the allow-list.
func englishWords(s string) []string {
	s = zhAllowedText.ReplaceAllString(s, " ")
	for _, phrase := range []string{"World Bank", "Energy Institute"} {
		s = strings.ReplaceAll(s, phrase, " ")
	}
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		w = strings.TrimRight(w, ".'’")
		if !zhAllowed[w] {
			out = append(out, w)
		}
	}
	return out
}

// zhStrings are the strings of a page a reader meets: text outside scripts and styles, the attributes shown
// or read aloud, and the chart's strings (its embedded JSON).
func zhStrings(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	z := html.NewTokenizer(strings.NewReader(body))
	inScript, jsonScript, inCode := false, false, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if tt == html.StartTagToken && (tok.Data == "textarea" || tok.Data == "code" || tok.Data == "pre") {
				inCode++ // code to copy (the iframe, BibTeX) or to type: not prose
			}
			if tok.Data == "script" || tok.Data == "style" {
				inScript = tt == html.StartTagToken
				jsonScript = attr(tok, "type") == "application/json"
			}
			for _, a := range tok.Attr {
				switch a.Key {
				case "title", "aria-label", "alt", "placeholder", "value":
					if a.Key != "value" || attr(tok, "type") == "submit" {
						out = append(out, a.Val)
					}
				case "content":
					if n := attr(tok, "name") + attr(tok, "property"); n == "description" || strings.HasSuffix(n, ":title") || strings.HasSuffix(n, ":description") {
						out = append(out, a.Val)
					}
				}
			}
		case html.EndTagToken:
			if tok.Data == "script" || tok.Data == "style" {
				inScript = false
			}
			if tok.Data == "textarea" || tok.Data == "code" || tok.Data == "pre" {
				inCode--
			}
		case html.TextToken:
			switch {
			case inScript && jsonScript:
				var v any
				if err := json.Unmarshal([]byte(tok.Data), &v); err != nil {
					t.Errorf("chart data: %v", err)
				}
				out = append(out, chartStrings(v, "")...)
			case !inScript && inCode == 0:
				out = append(out, tok.Data)
			}
		}
	}
}

// chartStrings are the strings of a chart's JSON a reader sees: names, labels, texts, the tooltips' values
// and labels, the credit; not ids, colours, styles or types.
func chartStrings(v any, key string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if key == "saveAsImage" && k == "name" {
				continue // the saved image's file name
			}
			if key == "names" || key == "text" && k != "text" { // the tooltip's labels, series names by id
				k = "text"
			}
			out = append(out, chartStrings(x, k)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, chartStrings(x, key)...)
		}
	case string:
		switch key {
		case "name", "text", "value", "flag", "status", "document", "standing", "credit", "subtext", "title",
			"source", "note", "derived", "vintage", "published", "data", "formatter":
			out = append(out, v)
		}
	}
	return out
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// quotedTexts removes what the pages quote from the sources as published: source titles and quotes; longest
// first. The compilers' notes are not quoted: every built-in note on a figure has its Chinese (text.NoteText).
func quotedTexts(t *testing.T, d *db.DB) *strings.Replacer {
	t.Helper()
	texts := dbtest.Strings(t, d, `SELECT x FROM (
		SELECT title AS x FROM sources UNION SELECT quote FROM observations
		UNION SELECT quote FROM targets UNION SELECT quote FROM ratings) q WHERE x <> '' ORDER BY length(x) DESC`)
	var pairs []string
	for _, x := range texts {
		pairs = append(pairs, x, " ")
	}
	return strings.NewReplacer(pairs...)
}

// chartOption is the part of an indicator page's embedded chart data this test reads.
type chartOption struct {
	Option struct {
		YAxis []struct {
			Name string `json:"name"`
		} `json:"yAxis"`
		Series []struct {
			ID   string `json:"id"`
			Data []struct {
				Value any `json:"value"`
			} `json:"data"`
		} `json:"series"`
	} `json:"option"`
	Credit string `json:"credit"`
}

var chartDataRE = regexp.MustCompile(`(?s)<script type="application/json" id="chart-data">(.*?)</script>`)

func chartOf(t *testing.T, body string) chartOption {
	t.Helper()
	m := chartDataRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no chart data")
	}
	var c chartOption
	if err := json.Unmarshal([]byte(m[1]), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestChineseUnits: a Chinese page writes amounts in the units its readers use (5.96 billion tce is
// 59.6亿吨标准煤, GW are 亿千瓦): the headline, the tables, the target labels, the chart's axis and values (the
// English values with the decimal point moved, no float noise); the downloads keep the stored unit and values
// in both languages.
func TestChineseUnits(t *testing.T) {
	h := testServer(t, builtin(t)).Handler()
	for _, tt := range []struct {
		code, unitZH, stored string
		exp                  int
	}{
		{"total_energy_consumption", "亿吨标准煤", "十亿吨标准煤", 1},
		{"renewable_capacity", "亿千瓦", "吉瓦", -2},
		{"installed_capacity", "亿千瓦", "吉瓦", -2},
	} {
		en, zh := get(t, h, "/indicators/"+tt.code+"?lang=en"), get(t, h, "/indicators/"+tt.code+"?lang=zh")
		if strings.Contains(zh.body, tt.stored) || !strings.Contains(zh.body, "<th scope=\"col\">数值（"+tt.unitZH+"）</th>") {
			t.Errorf("%s?lang=zh: shows %q, or its table lacks the unit %s", tt.code, tt.stored, tt.unitZH)
		}
		ce, cz := chartOf(t, en.body), chartOf(t, zh.body)
		if cz.Option.YAxis[0].Name != tt.unitZH || !strings.Contains(cz.Credit, tt.unitZH) {
			t.Errorf("%s: chart axis %q, credit %q; want %s", tt.code, cz.Option.YAxis[0].Name, cz.Credit, tt.unitZH)
		}
		values := 0
		for i, s := range ce.Option.Series {
			if s.ID != "actual" && !strings.HasPrefix(s.ID, "target-") {
				continue
			}
			for j, d := range s.Data {
				f, ok := d.Value.(float64)
				if !ok {
					continue
				}
				values++
				want := text.Shift(strconv.FormatFloat(f, 'f', -1, 64), tt.exp)
				if got := strconv.FormatFloat(cz.Option.Series[i].Data[j].Value.(float64), 'f', -1, 64); got != want {
					t.Errorf("%s %s[%d]: %s in Chinese, want %s (%v in English)", tt.code, s.ID, j, got, want, f)
				}
			}
		}
		if values < 3 {
			t.Errorf("%s: %d values compared", tt.code, values)
		}
		// The downloads: the same stored values and unit in both languages.
		csvEN, csvZH := get(t, h, "/indicators/"+tt.code+"/data.csv?lang=en").body, get(t, h, "/indicators/"+tt.code+"/data.csv?lang=zh").body
		if !strings.Contains(csvZH, ","+tt.stored+",") || strings.Contains(csvZH, ","+tt.unitZH+",") {
			t.Errorf("%s/data.csv?lang=zh: not in the stored unit %s", tt.code, tt.stored)
		}
		if a, b := csvValues(csvEN), csvValues(csvZH); a != b || a == "" {
			t.Errorf("%s/data.csv: values %q (en), %q (zh)", tt.code, a, b)
		}
	}
	// The provinces' map and ranking (CEADs' inventory in Mt CO2): the unit, the values and the legend's bounds.
	en, zh := get(t, h, "/indicators/co2_emissions_ceads/provinces?lang=en").body, get(t, h, "/indicators/co2_emissions_ceads/provinces?lang=zh").body
	if !strings.Contains(zh, "</strong> 亿吨二氧化碳</p>") || strings.Contains(zh, "百万吨") {
		t.Errorf("co2_emissions_ceads/provinces?lang=zh is not in 亿吨二氧化碳")
	}
	valueEN, valueZH := regexp.MustCompile(`data-key="value" data-v="[^"]*">([0-9.]+)`).FindStringSubmatch(en), regexp.MustCompile(`data-key="value" data-v="[^"]*">([0-9.]+)`).FindStringSubmatch(zh)
	if valueEN == nil || valueZH == nil || text.Shift(valueEN[1], -2) != valueZH[1] {
		t.Errorf("co2_emissions_ceads/provinces: first value %q (en), %q (zh)", valueEN, valueZH)
	}
	zh = get(t, h, "/indicators/total_energy_consumption?lang=zh").body
	for _, want := range []string{"59.6亿吨标准煤", "不高于50亿吨标准煤"} { // 5.96 billion tce in 2024; the 13th FYP's cap of 5.0 billion tce
		if !strings.Contains(zh, want) {
			t.Errorf("total_energy_consumption?lang=zh lacks %q", want)
		}
	}
}

// csvValues is the value column (the 7th) of a chart download, joined.
func csvValues(body string) string {
	var out []string
	for _, line := range strings.Split(body, "\n")[1:] {
		if f := strings.Split(line, ","); len(f) > 6 {
			out = append(out, f[6])
		}
	}
	return strings.Join(out, " ")
}
