package dashboard

import (
	"context"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// cardRE is one card of a page: its code and its HTML.
var cardRE = regexp.MustCompile(`(?s)<article class="card" id="card-([a-z0-9_]+)".*?</article>`)

// sectionRE is one category section of the overview: its key and its HTML.
var sectionRE = regexp.MustCompile(`(?s)<section class="category" id="cat-([a-z0-9_]+)">(.*?)</section>`)

// relatedRE is the cumulative changes listed on a card.
var relatedRE = regexp.MustCompile(`<p class="related">.*?</p>`)

// cardsOf are the cards of a page (or a part of one) by code, in order, and their HTML.
func cardsOf(body string) (codes []string, html map[string]string) {
	html = map[string]string{}
	for _, m := range cardRE.FindAllStringSubmatch(body, -1) {
		codes = append(codes, m[1])
		html[m[1]] = m[0]
	}
	return codes, html
}

// briefCounts are the answer and the summary of the overview of all in view v as they were counted before
// the lean trends: from every indicator's brief trend.
func briefCounts(s *Server, all *AllData, v View) (answerView, targetSummary) {
	trends := make([]trend.Trend, len(all.Indicators))
	for i := range trends {
		trends[i] = s.briefTrend(&all.Indicators[i], v.Whole())
	}
	return newAnswer(trends, v.Lang, s.yearOf(v)), s.targetSummary(trends, v)
}

// checkCounts: the overview's answer and summary (lean trends for the indicators without a card) are those of
// the brief trends of every indicator, today and as of past dates, in both languages.
func checkCounts(t *testing.T, s *Server, wantTargets int) {
	t.Helper()
	ctx := context.Background()
	for _, asOf := range []db.AsOf{"", "2021-06-30", "2024-03-01"} {
		all, err := s.cache.loadAll(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"en", "zh"} {
			v := View{Lang: lang, AsOf: asOf}
			ov := s.overviewView(all, v)
			answer, summary := briefCounts(s, all, v)
			if !reflect.DeepEqual(ov.Answer, answer) {
				t.Errorf("as of %q, %s: the answer %+v, from brief trends %+v", asOf, lang, ov.Answer, answer)
			}
			if !reflect.DeepEqual(ov.TargetSummary, summary) {
				t.Errorf("as of %q, %s: the summary %+v, from brief trends %+v", asOf, lang, ov.TargetSummary, summary)
			}
			if asOf == "" && summary.Total < wantTargets {
				t.Errorf("%s: %d targets counted, want at least %d", lang, summary.Total, wantTargets)
			}
		}
	}
}

// On the built-in dataset the overview shows every card (no category has more than cardsPerCategory), and
// counts as the brief trends of every indicator do. Each category's page shows the same cards as the
// overview, byte for byte, today and as of a past date, in both languages, and lists every category; an
// unknown category is a 404 with its message.
func TestCategoryPages(t *testing.T) {
	d := builtin(t)
	s := testServer(t, d)
	h := s.Handler()
	checkCounts(t, s, 60)
	cats := dbtest.Strings(t, d, `SELECT DISTINCT category FROM indicators ORDER BY 1`)
	if len(cats) < 5 {
		t.Fatalf("categories %v", cats)
	}
	for _, q := range []string{"lang=en", "lang=zh", "lang=en&asof=2021-06-30", "lang=zh&asof=2023-03-15"} {
		ov := mustGet(t, h, "/?"+q)
		if strings.Contains(ov, `class="all-cards"`) {
			t.Errorf("/?%s: the built-in overview links a category's page: every card should show", q)
		}
		sections := sectionRE.FindAllStringSubmatch(ov, -1)
		if len(sections) != len(cats) {
			t.Fatalf("/?%s: %d sections, want %d", q, len(sections), len(cats))
		}
		for _, sec := range sections {
			key := sec[1]
			want, wantHTML := cardsOf(sec[2])
			page := mustGet(t, h, "/categories/"+key+"?"+q)
			got, gotHTML := cardsOf(page)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("/categories/%s?%s: cards %v, the overview's %v", key, q, got, want)
			}
			for code, html := range wantHTML {
				if gotHTML[code] != html {
					t.Errorf("/categories/%s?%s: card %s differs from the overview's:\n%s\n%s", key, q, code, gotHTML[code], html)
				}
			}
			for _, other := range cats {
				if !strings.Contains(page, `href="/categories/`+other+"?") {
					t.Errorf("/categories/%s?%s: no link to %s", key, q, other)
				}
			}
			if !strings.Contains(page, `aria-current="page">`) || !strings.Contains(page, `<h1 id="category-h">`) {
				t.Errorf("/categories/%s?%s: no current category or heading", key, q)
			}
			if strings.Contains(q, "asof=") != strings.Contains(page, `id="asof-banner"`) {
				t.Errorf("/categories/%s?%s: as-of banner wrong", key, q)
			}
		}
	}
	// An indicator page's crumb is its category's page.
	body := mustGet(t, h, "/indicators/coal_share?lang=zh&asof=2023-03-15")
	if !strings.Contains(body, `<p class="crumbs"><a href="/categories/energy_structure?asof=2023-03-15&amp;lang=zh">`) {
		t.Errorf("the coal page's crumb is not its category's page")
	}
	for _, bad := range []string{"/categories/nope", "/categories/Energy_structure", "/categories/%3Cscript%3E",
		"/categories/" + strings.Repeat("a", 80), "/categories/energy_structure?lang=fr", "/categories/energy_structure?asof=yesterday"} {
		r := get(t, h, bad)
		want := http.StatusNotFound
		if strings.Contains(bad, "?") {
			want = http.StatusBadRequest
		}
		if r.status != want {
			t.Errorf("%s: %d, want %d", bad, r.status, want)
		}
	}
	if r := get(t, h, "/categories/nope?lang=zh"); !strings.Contains(r.body, "没有此名称的分类。") {
		t.Errorf("/categories/nope?lang=zh: no message: %.300s", r.body)
	}
	// The sitemap lists the categories' pages.
	if sm := mustGet(t, h, "/sitemap.xml"); !strings.Contains(sm, "/categories/energy_structure?lang=zh") {
		t.Errorf("the sitemap lists no category page")
	}
}

// At the scale of docs/performance.md (620 synthetic indicators, about 100 a category) each section of the
// overview shows the first cardsPerCategory cards of its category, then a link to the category's page, which
// shows all of them (those of the overview byte for byte); the answer and the summary still count every
// target, as the brief trends of every indicator do.
func TestOverviewAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 620 synthetic indicators")
	}
	s := testServer(t, overviewScale(t))
	h := s.Handler()
	checkCounts(t, s, 1240)
	ov := mustGet(t, h, "/?lang=en")
	if len(ov) > 400<<10 {
		t.Errorf("the overview is %d kB", len(ov)>>10)
	}
	allIn := regexp.MustCompile(`<p class="all-cards"><a href="(/categories/([a-z_]+)\?lang=en)">All (\d+) indicators in ([^<]+)</a></p>`)
	sections := sectionRE.FindAllStringSubmatch(ov, -1)
	if len(sections) != 6 {
		t.Fatalf("%d sections", len(sections))
	}
	for _, sec := range sections {
		key := sec[1]
		shown, shownHTML := cardsOf(sec[2])
		if len(shown) != cardsPerCategory {
			t.Errorf("%s: %d cards on the overview, want %d", key, len(shown), cardsPerCategory)
		}
		m := allIn.FindStringSubmatch(sec[2])
		if m == nil || m[2] != key {
			t.Errorf("%s: no link to its page: %v", key, m)
			continue
		}
		page := mustGet(t, h, m[1])
		all, allHTML := cardsOf(page)
		related := 0 // the cumulative changes listed on the cards
		for _, p := range relatedRE.FindAllString(page, -1) {
			related += strings.Count(p, "<a href=")
		}
		if n, _ := strconv.Atoi(m[3]); n != len(all)+related || n < 100 {
			t.Errorf("%s: the link says %s indicators, the page has %d cards and %d cumulative changes", key, m[3], len(all), related)
		}
		if !reflect.DeepEqual(all[:len(shown)], shown) {
			t.Errorf("%s: the overview's cards are not the first of its page", key)
		}
		for _, code := range shown {
			if allHTML[code] != shownHTML[code] {
				t.Errorf("%s: card %s differs", key, code)
			}
		}
	}
	zh := mustGet(t, h, "/?lang=zh")
	if !strings.Contains(zh, "：全部") {
		t.Error("the Chinese overview links no category page")
	}
}
