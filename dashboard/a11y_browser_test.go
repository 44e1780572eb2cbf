package dashboard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/dualcarbon/dualcarbon/dashboard/browsertest"
)

// axeFile is axe-core, installed from the npm registry by `make assets` (dashboard/assets/package.json pins it).
const axeFile = "assets/node_modules/axe-core/axe.min.js"

// axeViolation is what the test reports of one axe-core violation.
type axeViolation struct {
	ID    string   `json:"id"`
	Help  string   `json:"help"`
	Nodes []string `json:"nodes"` // the first targets
}

// runAxe injects axe-core into the page (over the DevTools protocol: the page's CSP does not apply) and runs
// every rule it has on by default (WCAG 2.0-2.2 A and AA and its best practices).
const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))})))`

// TestAccessibility runs axe-core on every kind of page of the built-in dataset, in English and Chinese, on a
// laptop (1366 px) and a phone (390 px): no violation. The chart and map pages are checked once drawn. Pages
// of every kind: the overview, targets, method, compare (empty and drawn), search, indicator pages (a level and
// a year-on-year one, and one as of a date), the embed view, a province map, a region, what changed (also as
// of a date), a target's history and the error page.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatalf("axe-core is missing: run `make assets` (npm ci in dashboard/assets): %v", err)
	}
	s := testServer(t, builtin(t))
	base := serveLoopback(t, s)
	ctx := browsertest.New(t, 8*time.Minute) // 76 pages, each checked in a second or two
	history := regexp.MustCompile(`/targets/\d+/history`).FindString(get(t, s.Handler(), "/indicators/coal_share?lang=en").body)
	if history == "" {
		t.Fatal("the coal page links no target history")
	}
	pages := []string{"/", "/targets", "/about", "/compare", "/compare?codes=coal_share,non_fossil_share", "/search?q=coal",
		"/indicators/coal_share", "/indicators/carbon_intensity", "/indicators/total_energy_consumption?asof=2021-06-30",
		"/embed/indicators/non_fossil_share", "/indicators/energy_intensity/provinces", "/regions/CN-NM", "/changes",
		"/changes?asof=2022-01-01", history, "/categories/energy_structure", "/categories/efficiency_carbon?asof=2021-06-30",
		"/no-such-page"}
	for _, width := range []int64{1366, 390} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
		for _, p := range pages {
			for _, lang := range []string{"en", "zh"} {
				target := p + map[bool]string{true: "&", false: "?"}[strings.Contains(p, "?")] + "lang=" + lang
				do(t, ctx, target, chromedp.Navigate(base+target), chromedp.WaitReady("body"))
				for _, id := range []string{"chart", "tilemap"} {
					if val(t, ctx, id+"?", chromedp.Evaluate[bool](`!!document.getElementById("`+id+`")`)) {
						// scrolled to: chart.js draws the chart when it comes into view
						do(t, ctx, target+" "+id, chromedp.ScrollIntoView(`#`+id), chromedp.WaitReady(`#`+id+`[data-ready="true"]`))
					}
				}
				val(t, ctx, "inject axe-core", chromedp.Evaluate[bool](string(axe)+";true"))
				found := val(t, ctx, "axe "+target, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
				for _, v := range found {
					t.Errorf("%d px %s: %s (%s): %s", width, target, v.ID, v.Help, strings.Join(v.Nodes, "; "))
				}
			}
		}
	}
}

// TestFindShareEmbed: the search box on every page finds 煤炭 and "coal" (and the form works as a plain
// GET); the embed view shows its chart inside another site's page, the indicator page refuses to be framed.
func TestFindShareEmbed(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, _ := browser(t)
	for _, q := range []string{"煤炭", "coal", "COAL"} {
		do(t, ctx, "search "+q, chromedp.Navigate(base+"/targets?lang=zh"), chromedp.WaitVisible("#site-q"),
			chromedp.SendKeys("#site-q", q), chromedp.Submit("#site-q"), chromedp.WaitVisible("#search-results"))
		codes := val(t, ctx, "results", chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results li")].map(li => li.dataset.code)`))
		if !contains(codes, "coal_share") || len(codes) > 10 {
			t.Errorf("search %q finds %v, want coal_share among a few", q, codes)
		}
	}

	// A page of another origin (another port of 127.0.0.1) that frames both.
	other := otherSite(t, fmt.Sprintf(`<!doctype html><title>other</title>
<iframe id="embed" src="%[1]s/embed/indicators/coal_share?lang=en" width="600" height="480"></iframe>
<iframe id="page" src="%[1]s/indicators/coal_share?lang=en" width="600" height="480"></iframe>`, base))
	do(t, ctx, "framing page", chromedp.Navigate(other), chromedp.WaitReady("#page"), chromedp.Sleep(1500*time.Millisecond))
	tree := val(t, ctx, "frame tree", func(ctx context.Context, tg *chromedp.Target) (*page.FrameTree, error) {
		r, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
		return r.FrameTree, err
	})
	var embedded, refused bool
	for _, ch := range tree.ChildFrames {
		f := ch.Frame
		switch {
		case strings.Contains(f.URL, "/embed/indicators/coal_share") && f.UnreachableURL == "":
			embedded = true
		case strings.HasPrefix(f.URL, "chrome-error:") && strings.Contains(f.UnreachableURL, "/indicators/coal_share"):
			refused = true
		default:
			t.Logf("frame %s (could not load: %q)", f.URL, f.UnreachableURL)
		}
	}
	if !embedded {
		t.Error("the embed view did not load in another site's frame")
	}
	if !refused {
		t.Error("the indicator page loaded in another site's frame")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// otherSite serves body on another free port of 127.0.0.1: another origin than the dashboard's.
func otherSite(t *testing.T, body string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	})}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("other site: %v", err)
		}
	}()
	t.Cleanup(func() { hs.Close() })
	return "http://" + ln.Addr().String() + "/"
}

// answerCounts reads one set of the overview's answer: status -> count, as the page shows them.
const answerCounts = `(id) => Object.fromEntries([...document.querySelectorAll("#answer-" + id + " li")].map(li => [li.dataset.status, Number(li.dataset.count)]))`

// TestOverviewAnswerMatchesIndicatorPages: the overview's answer counts, for the set due now and the set
// after it, exactly the live targets the indicator pages list (each once, restatements merged), by status;
// the sentence says the same numbers.
func TestOverviewAnswerMatchesIndicatorPages(t *testing.T) {
	s := testServer(t, builtin(t))
	base := serveLoopback(t, s)
	ctx, _ := browser(t)
	do(t, ctx, "overview", chromedp.Navigate(base+"/?lang=en"), chromedp.WaitVisible("#answer"))
	due := val(t, ctx, "due", chromedp.Evaluate[map[string]int]("("+answerCounts+`)("due")`))
	ahead := val(t, ctx, "ahead", chromedp.Evaluate[map[string]int]("("+answerCounts+`)("ahead")`))
	sentence := val(t, ctx, "sentence", chromedp.Text("#answer-sentence"))

	want := map[string]map[string]int{"due": {}, "ahead": {}}
	// The indicator pages, read as HTML (the browser is for the overview): each live target once, with its
	// year and status.
	links := val(t, ctx, "cards", chromedp.Evaluate[[]string](`[...document.querySelectorAll("article.card h3 a, article.card .related a")].map(a => a.pathname + a.search)`))
	liveList := regexp.MustCompile(`(?s)<ul class="statuses live" id="live-targets">(.*?)</ul>`)
	item := regexp.MustCompile(`<li class="status" id="status-\d+" data-status="([a-z_]+)" data-documents="\d+" data-year="(\d+)">`)
	h := s.Handler()
	for _, link := range links {
		r := get(t, h, link)
		m := liveList.FindStringSubmatch(r.body)
		if m == nil {
			continue
		}
		for _, it := range item.FindAllStringSubmatch(m[1], -1) {
			year, _ := strconv.Atoi(it[2])
			set, st := "due", it[1]
			if year > s.asOf() {
				set = "ahead"
			}
			if st == "met" || st == "achieved" {
				st = "done"
			}
			want[set][st]++
		}
	}
	for set, got := range map[string]map[string]int{"due": due, "ahead": ahead} {
		total := 0
		for st, n := range want[set] {
			total += n
			if got[st] != n {
				t.Errorf("%s: %d %s on the overview, %d on the indicator pages", set, got[st], st, n)
			}
		}
		for st, n := range got {
			if want[set][st] == 0 {
				t.Errorf("%s: %d %s on the overview, none on the indicator pages", set, n, st)
			}
		}
		if total == 0 {
			t.Errorf("%s: no live targets on the indicator pages: the comparison proves nothing", set)
		}
		if !strings.Contains(sentence, fmt.Sprintf("%d", total)) {
			t.Errorf("the sentence %q lacks the %d targets of %s", sentence, total, set)
		}
	}
}
