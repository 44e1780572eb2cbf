package dashboard

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
	"github.com/dualcarbon/dualcarbon/db/record"
	"github.com/dualcarbon/dualcarbon/seed"
)

// builtin is a fresh database with the built-in dataset: 70-odd targets with every kind of status.
func builtin(t testing.TB) *db.DB {
	t.Helper()
	d := dbtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := seed.LoadBuiltin(ctx, d, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	return d
}

// scoreRowRE is one row of the scoreboard: target id, status, indicator, cells.
var scoreRowRE = regexp.MustCompile(`(?s)<tr id="target-(\d+)" data-status="([a-z_]+)" data-indicator="([a-z0-9_]+)">(.*?)</tr>`)

type shownRow struct {
	status, indicator, badge, cells string
}

// scoreRows parses the rows of a scoreboard page by target id; a target listed twice fails the test.
func scoreRows(t *testing.T, body string) map[int64]shownRow {
	t.Helper()
	badge := regexp.MustCompile(`<span class="badge status-([a-z_]+)">([^<]*)</span>`)
	out := map[int64]shownRow{}
	for _, m := range scoreRowRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if _, dup := out[id]; dup {
			t.Errorf("target %d is listed twice", id)
		}
		b := badge.FindStringSubmatch(m[4])
		if b == nil || b[1] != m[2] {
			t.Errorf("target %d: badge %v does not match its status %s", id, b, m[2])
			continue
		}
		out[id] = shownRow{status: m[2], indicator: m[3], badge: html.UnescapeString(b[2]), cells: m[4]}
	}
	return out
}

// dbTargets is every national target in the database (the scoreboard's; provinces have their own pages):
// id -> indicator.
func dbTargets(t *testing.T, d *db.DB) map[int64]string {
	t.Helper()
	rows, err := d.Raw().Query(context.Background(), `SELECT id, indicator FROM targets WHERE region = 'CN'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			t.Fatal(err)
		}
		out[id] = code
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The scoreboard lists every target of the database once, with the status (code and badge) its indicator
// page shows and the API returns; the counts at the top add up and match the rows; each status group holds
// its own rows; the overview's summary line agrees.
func TestTargetsScoreboardMatchesIndicatorPages(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	want := dbTargets(t, d)
	if len(want) < 50 {
		t.Fatalf("the built-in dataset has %d targets", len(want))
	}
	r := get(t, h, "/targets")
	if r.status != http.StatusOK {
		t.Fatalf("/targets: %d", r.status)
	}
	rows := scoreRows(t, r.body)
	if len(rows) != len(want) {
		t.Errorf("%d rows for %d targets", len(rows), len(want))
	}
	for id, code := range want {
		if row, ok := rows[id]; !ok {
			t.Errorf("target %d (%s) is missing", id, code)
		} else if row.indicator != code {
			t.Errorf("target %d: indicator %s, want %s", id, row.indicator, code)
		}
	}

	// The statuses the indicator pages show, code and label.
	// A target that other documents restate is one entry, led by one of them; the others are anchors in it
	// with their own status, which must agree with the scoreboard too.
	pageStatus := regexp.MustCompile(`(?s)<li class="status" id="status-(\d+)" data-status="([a-z_]+)"[^>]*>\s*((?:<span class="restated" id="status-\d+" data-status="[a-z_]+"></span>)*)\s*<span class="badge status-[a-z_]+">([^<]*)</span>`)
	restated := regexp.MustCompile(`<span class="restated" id="status-(\d+)" data-status="([a-z_]+)"></span>`)
	seen := map[string]bool{}
	checked := 0
	for code := range distinct(want) {
		p := get(t, h, "/indicators/"+code)
		for _, m := range pageStatus.FindAllStringSubmatch(p.body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			row, ok := rows[id]
			if !ok {
				t.Errorf("%s: target %d of the page is not on the scoreboard", code, id)
				continue
			}
			checked++
			if row.status != m[2] || row.badge != html.UnescapeString(m[4]) {
				t.Errorf("target %d: scoreboard %s %q, indicator page %s %q", id, row.status, row.badge, m[2], m[4])
			}
			seen[row.status] = true
			for _, r := range restated.FindAllStringSubmatch(m[3], -1) {
				id, _ := strconv.ParseInt(r[1], 10, 64)
				if other, ok := rows[id]; !ok || other.status != r[2] {
					t.Errorf("%s: restated target %d: page %s, scoreboard %+v", code, id, r[2], other)
				}
				checked++
			}
		}
	}
	if checked != len(want) {
		t.Errorf("compared %d targets with their indicator pages, want %d", checked, len(want))
	}
	if len(seen) < 5 {
		t.Errorf("only statuses %v: the comparison proves little", seen)
	}

	// The API's statuses.
	var api struct {
		Indicators []struct {
			Code    string `json:"code"`
			Targets []struct {
				ID     int64 `json:"id"`
				Status struct {
					Code string `json:"code"`
				} `json:"status"`
			} `json:"targets"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(get(t, h, "/api/v1/indicators").body), &api); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, in := range api.Indicators {
		for _, tg := range in.Targets {
			n++
			if rows[tg.ID].status != tg.Status.Code {
				t.Errorf("target %d: scoreboard %q, API %q", tg.ID, rows[tg.ID].status, tg.Status.Code)
			}
		}
	}
	if n != len(want) {
		t.Errorf("the API lists %d targets, the database %d", n, len(want))
	}

	// Counts at the top: every status, adding up to the total, each the number of its rows.
	total := regexp.MustCompile(`id="count-total">(\d+)<`).FindStringSubmatch(r.body)
	if total == nil || total[1] != strconv.Itoa(len(want)) {
		t.Errorf("total %v, want %d", total, len(want))
	}
	byStatus := map[string]int{}
	for _, row := range rows {
		byStatus[row.status]++
	}
	counts := regexp.MustCompile(`id="count-([a-z_]+)"[^>]*>(\d+)<`).FindAllStringSubmatch(strings.Replace(r.body, `id="count-total"`, "", 1), -1)
	if len(counts) != len(trend.StatusOrder()) {
		t.Errorf("%d status counts, want %d", len(counts), len(trend.StatusOrder()))
	}
	sum := 0
	for _, c := range counts {
		k, _ := strconv.Atoi(c[2])
		sum += k
		if k != byStatus[c[1]] {
			t.Errorf("count of %s is %d, %d rows have it", c[1], k, byStatus[c[1]])
		}
	}
	if sum != len(want) {
		t.Errorf("the counts add up to %d, want %d", sum, len(want))
	}

	// Grouped by status: each group holds exactly the rows of its status.
	groups := strings.Split(r.body, `<section class="score-group" id="group-`)[1:]
	if len(groups) != len(seen) {
		t.Errorf("%d groups for %d statuses", len(groups), len(seen))
	}
	for _, g := range groups {
		st := g[:strings.IndexByte(g, '"')]
		gr := scoreRows(t, g)
		if len(gr) != byStatus[st] {
			t.Errorf("group %s has %d rows, want %d", st, len(gr), byStatus[st])
		}
		for id, row := range gr {
			if row.status != st {
				t.Errorf("target %d (%s) in group %s", id, row.status, st)
			}
		}
	}

	// The overview's summary line: the same counts, met and achieved together, adding up to the total.
	o := get(t, h, "/")
	if !strings.Contains(o.body, "Of "+strconv.Itoa(len(want))+" official targets: ") || !strings.Contains(o.body, `href="/targets?lang=en"`) {
		t.Error("the overview lacks the summary line or its link")
	}
	parts := regexp.MustCompile(`<span class="sum-part" data-status="([a-z_]+)">(\d+) [a-z ]+</span>`).FindAllStringSubmatch(o.body, -1)
	if len(parts) != 7 {
		t.Fatalf("%d parts in the summary line, want 7", len(parts))
	}
	sum = 0
	for _, p := range parts {
		k, _ := strconv.Atoi(p[2])
		sum += k
		w := byStatus[p[1]]
		if p[1] == "done" {
			w = byStatus[progress.Met] + byStatus[progress.Achieved]
		}
		if k != w {
			t.Errorf("summary %s: %d, want %d", p[1], k, w)
		}
	}
	if sum != len(want) {
		t.Errorf("the summary adds up to %d, want %d", sum, len(want))
	}

	// Other orders list the same rows, in their order.
	for _, order := range []string{"indicator", "year"} {
		p := get(t, h, "/targets?sort="+order)
		other := scoreRows(t, p.body)
		if len(other) != len(rows) {
			t.Errorf("sort=%s: %d rows, want %d", order, len(other), len(rows))
		}
		for id, row := range other {
			if rows[id].status != row.status {
				t.Errorf("sort=%s: target %d is %s, grouped it is %s", order, id, row.status, rows[id].status)
			}
		}
		if !strings.Contains(p.body, `aria-sort="ascending"><a href="/targets?lang=en&amp;sort=`+order+`"`) {
			t.Errorf("sort=%s: the sorted column is not marked", order)
		}
	}
	years := regexp.MustCompile(`(?s)<tr id="target-\d+".*?<td class="num">(\d{4})</td>`).FindAllStringSubmatch(get(t, h, "/targets?sort=year").body, -1)
	for i := 1; i < len(years); i++ {
		if years[i][1] < years[i-1][1] {
			t.Fatalf("sort=year: %s after %s", years[i][1], years[i-1][1])
		}
	}
}

func distinct(m map[int64]string) map[string]bool {
	out := map[string]bool{}
	for _, v := range m {
		out[v] = true
	}
	return out
}

// The downloads carry the rows of the page, with the headers of the other downloads, and revalidate by ETag.
func TestTargetsDownloads(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	rows := scoreRows(t, get(t, h, "/targets").body)

	r := get(t, h, "/targets.csv")
	if r.status != http.StatusOK {
		t.Fatalf("/targets.csv: %d", r.status)
	}
	for k, v := range map[string]string{"Content-Type": "text/csv; charset=utf-8", "X-Content-Type-Options": "nosniff",
		"Content-Disposition": `attachment; filename="targets-en.csv"`, "Cache-Control": "no-cache"} {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	etag := r.header.Get("ETag")
	if etag == "" {
		t.Error("no ETag")
	}
	if r2 := get(t, h, "/targets.csv", "If-None-Match", etag); r2.status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", r2.status)
	}
	if !strings.HasPrefix(r.body, "\ufeff") {
		t.Error("the CSV has no byte-order mark (Excel would garble Chinese)")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(export.ScoreColumns, ",") {
		t.Errorf("header %v", recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	if len(recs)-1 != len(rows) {
		t.Errorf("%d CSV rows, %d on the page", len(recs)-1, len(rows))
	}
	negative := 0
	for _, rec := range recs[1:] {
		id, _ := strconv.ParseInt(rec[col["target_id"]], 10, 64)
		if rows[id].status != rec[col["status"]] {
			t.Errorf("CSV target %d: %s, page %s", id, rec[col["status"]], rows[id].status)
		}
		if rec[col["latest_value"]] != "" && rec[col["latest_source_title"]] == "" {
			t.Errorf("CSV target %d: the latest value %s has no source", id, rec[col["latest_value"]])
		}
		for _, c := range export.ScoreNumeric {
			v := rec[col[c]]
			if v == "" || c == "binding" || c == "rates_linear" {
				continue
			}
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				t.Errorf("CSV target %d: %s = %q is not a number", id, c, v)
			}
			if strings.HasPrefix(v, "-") {
				negative++
			}
		}
	}
	if negative == 0 {
		t.Error("no negative number in the CSV: neutralisation of numbers is untested")
	}

	j := get(t, h, "/targets.json?lang=zh")
	if j.status != http.StatusOK || j.header.Get("Content-Type") != "application/json; charset=utf-8" ||
		!strings.Contains(j.header.Get("Content-Disposition"), `filename="targets-zh.json"`) || j.header.Get("ETag") == "" {
		t.Fatalf("/targets.json: %d %v", j.status, j.header)
	}
	var doc struct {
		Lang    string             `json:"lang"`
		Total   int                `json:"total"`
		Counts  map[string]int     `json:"counts"`
		Targets []export.ScoreJSON `json:"targets"`
	}
	if err := json.Unmarshal([]byte(j.body), &doc); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, n := range doc.Counts {
		sum += n
	}
	if doc.Lang != "zh" || doc.Total != len(rows) || sum != doc.Total || len(doc.Targets) != doc.Total {
		t.Errorf("JSON: lang %s, total %d, counts add up to %d, %d targets; %d on the page", doc.Lang, doc.Total, sum, len(doc.Targets), len(rows))
	}
	for _, tg := range doc.Targets {
		if rows[tg.TargetID].status != tg.Status || tg.StatusLabel != trend.StatusLabel(tg.Status, "zh") {
			t.Errorf("JSON target %d: %s %q, page %s", tg.TargetID, tg.Status, tg.StatusLabel, rows[tg.TargetID].status)
		}
	}
}

// "By how much" on the fixture, whose figures are known: the year-on-year indicator's change target (the check of
// issue 3: -7.8% achieved against -18%, R = 0.52) and the level indicator's targets, in both languages.
func TestTargetsByHowMuch(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	r := get(t, h, "/targets")
	rows := scoreRows(t, r.body)
	byLabel := map[string]shownRow{}
	for _, row := range rows {
		byLabel[regexp.MustCompile(`<th scope="row" class="target-label"><a [^>]*>([^<]*)</a>`).FindStringSubmatch(row.cells)[1]] = row
	}
	cases := []struct {
		label, status string
		want          []string
	}{
		{"14th FYP: -18% vs 2020 by 2025", progress.Limited, []string{
			"-7.8% vs 2020 in 2024 (target -18%)", `<td class="num ratio">0.52</td>`, "-3.4% y/y", "(2024)",
			`href="/indicators/carbon_intensity?lang=en#status-`, "-11.0 %/yr", `<span class="binding-tag">binding</span>`}},
		{"14th FYP: 52% by 2025", progress.Moderate, []string{"1.2 pp above the target (2024)", "53.2%", `<td class="plan">14th`}},
		{"13th FYP: at most 58% by 2020", progress.Met, []string{"1.2 pp below the target (2020)", "13th Five-Year Plan for energy"}},
	}
	for _, c := range cases {
		row, ok := byLabel[html.EscapeString(c.label)]
		if !ok {
			t.Errorf("no row %q", c.label)
			continue
		}
		if row.status != c.status {
			t.Errorf("%s: %s, want %s", c.label, row.status, c.status)
		}
		for _, w := range c.want {
			if !strings.Contains(html.UnescapeString(row.cells), html.UnescapeString(w)) && !strings.Contains(row.cells, w) {
				t.Errorf("%s: row lacks %q: %s", c.label, w, row.cells)
			}
		}
	}

	// Chinese: every label of the page, official terms, no English left.
	z := get(t, h, "/targets?lang=zh")
	for _, w := range []string{`<html lang="zh-CN">`, "官方目标进展总表", "与目标的差距", "目标年份", "约束性", "进展有限", "进展中等", "已完成",
		"2024年比2020年下降7.8%（目标：下降18%）", "2024年比目标高1.2个百分点", "2020年比目标低1.2个百分点", "“十四五”规划：2025年比2020年下降18%",
		"实际年均变化", "所需年均变化", "仍需年均变化", "按指标", "下载本表", `href="/targets?lang=en"`, `href="/about?lang=zh"`} {
		if !strings.Contains(z.body, w) {
			t.Errorf("the Chinese scoreboard lacks %q", w)
		}
	}
	for _, k := range text.Keys() {
		v := [2]string{text.T(text.EN, k), text.T(text.ZH, k)}
		if (strings.HasPrefix(k, "targets.") || strings.HasPrefix(k, "nav.")) && k != "targets.empty" && k != "targets.caption" {
			if !strings.Contains(z.body, v[1]) {
				t.Errorf("the Chinese scoreboard lacks %s %q", k, v[1])
			}
			if v[0] != v[1] && strings.Contains(z.body, ">"+v[0]+"<") {
				t.Errorf("the Chinese scoreboard shows English %q", v[0])
			}
		}
	}
	for _, en := range []string{"Limited progress", "above the target", "Gap to the target", " pp "} {
		if strings.Contains(z.body, en) {
			t.Errorf("English %q on the Chinese scoreboard", en)
		}
	}
	oz := get(t, h, "/?lang=zh")
	if !strings.Contains(oz.body, "3个官方目标中：") || !strings.Contains(oz.body, "已完成或已实现1个") || !strings.Contains(oz.body, "进展有限1个") ||
		!strings.Contains(oz.body, "偏离目标0个") || !strings.Contains(oz.body, `href="/targets?lang=zh">查看全部目标</a>`) {
		t.Error("the Chinese overview lacks its summary line")
	}
	// The site header links the new pages, in the page's language.
	for _, target := range []string{"/", "/indicators/coal_share?lang=zh", "/compare", "/about?lang=zh", "/nothing-here"} {
		b := get(t, h, target).body
		lang := "en"
		if strings.Contains(target, "zh") {
			lang = "zh"
		}
		for _, w := range []string{`href="/targets?lang=` + lang + `">` + text.T(lang, "nav.targets") + `</a>`, `href="/about?lang=` + lang + `">` + text.T(lang, "nav.about") + `</a>`} {
			if !strings.Contains(b, w) {
				t.Errorf("%s: the header lacks %s", target, w)
			}
		}
	}
}

// Every status has the texts the summary line and the method page use, in both languages.
func TestTargetTextsPerStatus(t *testing.T) {
	for _, st := range trend.StatusOrder() {
		for _, key := range []string{"about.rule_" + st} {
			if !text.Has(key) { // text.TestTableComplete: both languages
				t.Errorf("missing text %s", key)
			}
		}
		if st != progress.Met && st != progress.Achieved && !text.Has("sum."+st) {
			t.Errorf("missing text sum.%s", st)
		}
	}
	for _, k := range text.Keys() {
		v := [2]string{text.T(text.EN, k), text.T(text.ZH, k)}
		if (strings.HasPrefix(k, "targets.") || strings.HasPrefix(k, "about.") || strings.HasPrefix(k, "sum.")) && (v[0] == "" || v[1] == "" || v[0] == v[1]) {
			t.Errorf("text %s is not translated: %q", k, v)
		}
	}
}

// Hostile strings in an indicator's name and a target's document are text in the page and neutralised cells in
// the CSV, whose numbers stay numbers.
func TestTargetsHostileStrings(t *testing.T) {
	script, formula := hostile.Script, hostile.Formula
	d := seeded(t)
	a, b := dbtest.Indicator("hostile_a"), dbtest.Indicator("hostile_b")
	a.NameEN, a.NameZH, a.SortOrder = script, formula, 7
	b.NameEN, b.NameZH, b.SortOrder = formula, script, 8
	dbtest.AddIndicators(t, d, a, b)
	src := dbtest.AddSource(t, d, record.Source{Title: script, Publisher: formula, URL: "https://example.org/x", Published: "2024"})
	obs := dbtest.Series(a.Code, src, 2020, "1", "", "", "", "3")
	dbtest.AddObservations(t, d, append(obs, dbtest.Series(b.Code, src, 2021, "2")...)...)
	ta, tb := dbtest.Target(a.Code, 2030, "5", src), dbtest.Target(b.Code, 2030, "5", src)
	ta.Document, ta.Issuer = formula, script
	tb.Document, tb.Issuer = script, formula
	dbtest.AddTargets(t, d, ta, tb)
	dbtest.AddSeedRun(t, d, "hostile2.sql", 9)
	h := testServer(t, d).Handler()
	for _, target := range []string{"/targets", "/targets?lang=zh&sort=indicator", "/about", "/about?lang=zh", "/"} {
		r := get(t, h, target)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", target, r.status)
		}
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "</script><script>") {
			t.Errorf("%s: the hostile markup reaches the page", target)
		}
		if strings.Contains(withoutPageJS(r.body), "<script") {
			t.Errorf("%s: the page has a script tag; it needs none (page.js, which only labels table cells for phones, aside)", target)
		}
		if !strings.Contains(r.body, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the hostile string is not shown as text", target)
		}
		if target != "/" && !strings.Contains(html.UnescapeString(r.body), formula) {
			t.Errorf("%s: the formula string is not shown as text", target)
		}
	}
	for _, target := range []string{"/targets.csv", "/targets.csv?lang=zh"} {
		r := get(t, h, target)
		recs, err := csv.NewReader(bytes.NewReader([]byte(strings.TrimPrefix(r.body, "\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		found := 0
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if strings.Contains(cell, "HYPERLINK") {
					if strings.ContainsAny(cell[:1], "=+-@\t\r") {
						t.Errorf("%s: cell %s starts a formula: %q", target, recs[0][i], cell)
					}
					if cell == "'"+formula {
						found++
					}
				}
			}
			if rec[col["indicator"]] == "coal_share" && rec[col["target_year"]] == "2020" && rec[col["gap"]] != "-1.2" {
				t.Errorf("%s: the negative gap of coal_share 2020 is %q, want -1.2", target, rec[col["gap"]])
			}
			if rec[col["indicator"]] == "carbon_intensity" && (rec[col["target_value"]] != "-18" || !strings.HasPrefix(rec[col["achieved_change_pct"]], "-7.8")) {
				t.Errorf("%s: carbon_intensity: target_value %q, achieved %q", target, rec[col["target_value"]], rec[col["achieved_change_pct"]])
			}
		}
		if found < 3 { // a name, a document, an issuer (and labels beginning with the document)
			t.Errorf("%s: the formula string is neutralised in %d cells, want at least 3", target, found)
		}
	}
	var doc struct {
		Targets []export.ScoreJSON `json:"targets"`
	}
	if err := json.Unmarshal([]byte(get(t, h, "/targets.json").body), &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tg := range doc.Targets {
		names[tg.IndicatorName], names[tg.Document] = true, true
	}
	if !names[script] || !names[formula] {
		t.Error("the JSON does not carry the strings verbatim")
	}
}

// Bad query values are 400 with a message, never 500, never reflected; no download starts.
func TestTargetsAndAboutBadQuery(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	cases := []struct{ target, want string }{
		{"/targets?sort=gap", "sort must be status, indicator or year"},
		{"/targets?sort=%3Cscript%3Ealert(1)%3C/script%3E", "sort must be status, indicator or year"},
		{"/targets?sort=year&sort=status", "given more than once"},
		{"/targets?sort=YEAR&lang=zh", "sort 只能是"},
		{"/targets?lang=fr", "lang must be en or zh"},
		{"/targets?from=abc", "from and to must be years"},
		{"/targets?from=%zz", "Bad request."},
		{"/targets.csv?sort=x", "sort must be status, indicator or year"},
		{"/targets.csv?lang=xx", "lang must be en or zh"},
		{"/targets.json?to=99999", "from and to must be years"},
		{"/about?lang=de", "lang must be en or zh"},
		{"/about?from=2020&to=2010", "from must not be after to"},
		{"/about?lang=en&lang=zh", "given more than once"},
	}
	for _, c := range cases {
		r := get(t, h, c.target)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", c.target, r.status)
		}
		if !strings.Contains(r.body, c.want) {
			t.Errorf("%s: lacks %q", c.target, c.want)
		}
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "gap") {
			t.Errorf("%s: reflects the request", c.target)
		}
		if r.header.Get("Content-Disposition") != "" {
			t.Errorf("%s: an error is sent as a download", c.target)
		}
	}
}

// The scoreboard and the method page are cached per data version like the overview: no query the second time,
// 304 by ETag, and a change to the data shows at once.
func TestTargetsCached(t *testing.T) {
	d := seeded(t)
	cs := &countingStore{Store: d}
	h := testServer(t, cs).Handler()
	first := get(t, h, "/targets")
	aboutFirst := get(t, h, "/about")
	get(t, h, "/") // the overview's own rows (the provinces panel) once
	cs.n.Store(0)
	for _, target := range []string{"/targets", "/targets.csv", "/targets.json", "/about", "/"} {
		if r := get(t, h, target); r.status != http.StatusOK {
			t.Fatalf("%s: %d", target, r.status)
		}
	}
	if n := cs.n.Load(); n != 0 {
		t.Errorf("the scoreboard, its downloads and the overview made %d data queries after the first, want 0", n)
	}
	for _, r := range []struct {
		target string
		first  response
	}{{"/targets", first}, {"/about", aboutFirst}} {
		if r2 := get(t, h, r.target, "If-None-Match", r.first.header.Get("ETag")); r2.status != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d, want 304", r.target, r2.status)
		}
	}
	exec(t, d, `INSERT INTO sources (title, publisher, url, published) VALUES ('New plan', 'State Council', 'https://www.gov.cn/new', '2025-01');
		INSERT INTO targets (indicator, year, value, kind, base_year, binding, plan, document, issuer, source_id)
		VALUES ('coal_share', 2030, 45, 'cap', NULL, true, 'other', 'Coal plan 2030', 'State Council', (SELECT id FROM sources WHERE title = 'New plan'));
		INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at)
		VALUES ('more.csv', repeat('f', 64), 2, 0, 0, now())`)
	r := get(t, h, "/targets", "If-None-Match", first.header.Get("ETag"))
	if r.status != http.StatusOK || !strings.Contains(r.body, "Coal plan 2030") || !strings.Contains(r.body, `id="count-total">4<`) {
		t.Errorf("after new data: %d, new target shown %v", r.status, strings.Contains(r.body, "Coal plan 2030"))
	}
	if a := get(t, h, "/about"); !strings.Contains(a.body, "New plan") {
		t.Error("/about does not list a new source")
	}
}

// The method page: the method, its thresholds, the notes on derived indices, vintages and the 2023 break, how to
// cite, the downloads, and every source of the database, in both languages.
func TestAboutListsEverySource(t *testing.T) {
	d := builtin(t)
	exec(t, d, `INSERT INTO sources (title, publisher, url, published) VALUES ($1, '=cmd', 'https://example.org/"><script>alert(2)</script>', '2024')`,
		`</script><script>alert(1)</script> & "quoted"`)
	h := testServer(t, d).Handler()
	rows, err := d.Raw().Query(context.Background(), `SELECT id, title, publisher, url, published, standing FROM sources`)
	if err != nil {
		t.Fatal(err)
	}
	var sources []db.Source
	for rows.Next() {
		var s db.Source
		if err := rows.Scan(&s.ID, &s.Title, &s.Publisher, &s.URL, &s.Published, &s.Standing); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, s)
	}
	rows.Close()
	if len(sources) < 100 {
		t.Fatalf("%d sources", len(sources))
	}
	sourceRow := regexp.MustCompile(`(?s)<tr id="source-(\d+)"><th scope="row"(?: lang="[a-zA-Z-]+")?>(.*?)</th><td>(.*?)</td><td class="url">(.*?)</td><td>(.*?)</td><td><span class="standing standing-(.*?)">.*?</span></td></tr>`)
	for _, lang := range []string{"en", "zh"} {
		r := get(t, h, "/about?lang="+lang)
		if r.status != http.StatusOK {
			t.Fatalf("/about?lang=%s: %d", lang, r.status)
		}
		shown := map[int64][]string{}
		for _, m := range sourceRow.FindAllStringSubmatch(r.body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			shown[id] = m[2:]
		}
		if len(shown) != len(sources) || !strings.Contains(r.body, `id="source-count">`+strconv.Itoa(len(sources))+`<`) {
			t.Errorf("%s: %d sources listed, %d in the database", lang, len(shown), len(sources))
		}
		for _, s := range sources {
			c, ok := shown[s.ID]
			if !ok {
				t.Errorf("%s: source %d %q is not listed", lang, s.ID, s.Title)
				continue
			}
			if html.UnescapeString(c[0]) != s.Title || html.UnescapeString(c[1]) != text.OrgName(lang, s.Publisher) || html.UnescapeString(c[3]) != s.Published ||
				c[4] != s.Standing {
				t.Errorf("%s: source %d shown as %q", lang, s.ID, c)
			}
			if s.URL != "" && strings.HasPrefix(s.URL, "http") && !strings.Contains(c[2], `href="`+html.EscapeString(s.URL)+`"`) &&
				!strings.Contains(html.UnescapeString(c[2]), s.URL) {
				t.Errorf("%s: source %d: URL %q not linked: %s", lang, s.ID, s.URL, c[2])
			}
		}
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, `href="javascript:`) || strings.Contains(withoutPageJS(r.body), "<script") {
			t.Errorf("%s: hostile source markup reaches the page", lang)
		}
		want := map[string][]string{
			"en": {"Open SDG", "Statistics Canada", "R ≥ 0.95", "0.60 ≤ R &lt; 0.95", "0 ≤ R &lt; 0.60", "R &lt; 0",
				"chaining the published year-on-year changes", "new vintage", "the latest vintage is the current value",
				"From the 2023 data on", "−0.5%", "0.5% (CREA estimate)", "−11.6%", "How to cite", "accessed",
				`href="/export/dataset.zip"`, `href="/api/v1/openapi.json"`, `href="/targets.csv?lang=en"`,
				"dualcarbon, “Coal share of total energy consumption”, &lt;site address&gt;/indicators/coal_share",
				`href="/indicators/energy_intensity?lang=en"`, "excludes non-fossil energy"},
			"zh": {"加拿大统计局", "进展顺利", "进展中等", "进展有限", "偏离目标", "已实现", "已完成", "未完成", "数据不足",
				"累计指数为推算值", "新版本", "自2023年数据起", "路透社", "引用方式", "[EB/OL]", "访问日期",
				`href="/export/dataset.zip"`, `href="/api/v1/openapi.json"`, `href="/targets.csv?lang=zh"`,
				"（2023年）：<span>自2023年数据起", `<html lang="zh-CN">`},
		}
		for _, w := range want[lang] {
			if !strings.Contains(r.body, w) {
				t.Errorf("/about?lang=%s lacks %q", lang, w)
			}
		}
		for _, st := range trend.StatusOrder() {
			if !strings.Contains(r.body, `<span class="badge status-`+st+`">`+trend.StatusLabel(st, lang)+`</span>`) {
				t.Errorf("/about?lang=%s: no legend for %s", lang, st)
			}
		}
	}
	z := get(t, h, "/about?lang=zh").body
	for _, k := range text.Keys() {
		v := [2]string{text.T(text.EN, k), text.T(text.ZH, k)}
		if strings.HasPrefix(k, "about.") && v[0] != v[1] && len(v[0]) > 20 && strings.Contains(z, html.EscapeString(v[0])) {
			t.Errorf("the Chinese method page shows English %s", k)
		}
	}
}

// pageJSTag is the one script a page without a chart may load: static/page.js, an enhancement (table cells
// labelled for phones, copy buttons) the page works without.
var pageJSTag = regexp.MustCompile(`<script defer src="/static/[0-9a-f]+/page\.js"></script>`)

func withoutPageJS(body string) string { return pageJSTag.ReplaceAllString(body, "") }
