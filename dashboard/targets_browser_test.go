package dashboard

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
)

// The scoreboard and the method page in Chromium, under the real Content-Security-Policy: the style sheet
// applies (badges have their status colour), a hostile indicator name and source title do not run, the header
// leads to both pages, and nothing is fetched from elsewhere.
func TestTargetsAndAboutInBrowser(t *testing.T) {
	d := seeded(t)
	addHostile(t, d, hostile.Markup)
	base := serveLoopback(t, testServer(t, d))
	ctx, requests := browser(t)

	do(t, ctx, "overview", chromedp.Navigate(base+"/?lang=zh"), chromedp.WaitVisible("#target-summary"))
	do(t, ctx, "header link", chromedp.Click(`header.site a[href="/targets?lang=zh"]`), chromedp.WaitVisible("#counts-h"))
	rows := val(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll("tr[data-status]").length`))
	total := val(t, ctx, "total", chromedp.Text("#count-total"))
	if rows != 4 || total != "4" {
		t.Errorf("scoreboard: %d rows, total %q; want 4", rows, total)
	}
	colour := val(t, ctx, "badge colour", chromedp.Evaluate[string](
		`getComputedStyle(document.querySelector("tbody .badge.status-limited")).backgroundColor`))
	if colour != "rgb(194, 65, 12)" {
		t.Errorf("the limited-progress badge is %q: the style sheet does not apply", colour)
	}
	name := val(t, ctx, "hostile name", chromedp.Text(`tr[data-indicator="hostile"] td.indicator`))
	if name != "</script><script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">__f__function(){window.__pwned=3}__f__" {
		t.Errorf("the hostile name is shown as %q", name)
	}
	if val(t, ctx, "canary", chromedp.Evaluate[bool](`window.__pwned !== undefined`)) {
		t.Error("a hostile string ran on the scoreboard")
	}
	// On a laptop screen every column, the gap and R included, is in view without scrolling sideways: long
	// source titles under the latest value wrap.
	overflow := val(t, ctx, "table widths", chromedp.Evaluate[[]int](
		`[...document.querySelectorAll(".table-wrap")].map(w => w.scrollWidth - w.clientWidth).filter(d => d > 0)`))
	if len(overflow) > 0 {
		t.Errorf("the scoreboard is wider than the page by %v px at 1280 px", overflow)
	}

	do(t, ctx, "about", chromedp.Click(`header.site a[href="/about?lang=zh"]`), chromedp.WaitVisible("#source-table"))
	var sources int
	if err := d.Raw().QueryRow(context.Background(), `SELECT count(*) FROM sources`).Scan(&sources); err != nil {
		t.Fatal(err)
	}
	if n := val(t, ctx, "sources", chromedp.Evaluate[int](`document.querySelectorAll("#source-table tbody tr").length`)); n != sources {
		t.Errorf("the method page lists %d sources, want %d", n, sources)
	}
	if val(t, ctx, "canary", chromedp.Evaluate[bool](`window.__pwned !== undefined`)) {
		t.Error("a hostile source title ran on the method page")
	}
	if h1 := val(t, ctx, "h1", chromedp.Text("h1")); h1 != "方法与数据说明" {
		t.Errorf("the Chinese method page is titled %q", h1)
	}
	for _, u := range requests() {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "data" && p.Hostname() != "127.0.0.1") {
			t.Errorf("request leaves 127.0.0.1: %s", u)
		}
	}
}
