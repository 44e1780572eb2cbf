package dashboard

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An as-of page in Chromium over the built-in data: the banner names the date, every link and the range form
// keep it, the verdict strips are drawn (cells with a size and their status colour), and the banner's link
// leads to today's page, without a banner.
func TestAsOfInBrowser(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, _ := browser(t)

	do(t, ctx, "as-of page", chromedp.Navigate(base+"/indicators/carbon_intensity?lang=en&asof=2023-03-15"),
		chromedp.WaitVisible("#asof-banner"))
	if banner := val(t, ctx, "banner", chromedp.Text("#asof-banner")); !strings.Contains(banner, "As of 15 March 2023") {
		t.Errorf("banner %q", banner)
	}
	dropped := val(t, ctx, "links", chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href^="/"]')]
		.map(a => a.getAttribute("href"))
		.filter(h => !h.startsWith("/static/") && !h.includes("asof=2023-03-15"))`))
	if len(dropped) != 1 || strings.Contains(dropped[0], "asof") {
		t.Errorf("links without the date: %q (want only the banner's link to today)", dropped)
	}
	// The strips: one cell per publication that moved a status, each drawn in its status's colour.
	cells := val(t, ctx, "strip", chromedp.Evaluate[[]string](`[...document.querySelectorAll(".progress ol.strip li")]
		.filter(li => { const r = li.getBoundingClientRect(); return r.width >= 8 && r.height >= 8 })
		.map(li => li.dataset.status + " " + getComputedStyle(li).backgroundColor)`))
	if len(cells) < 3 {
		t.Fatalf("%d strip cells drawn, want at least 3", len(cells))
	}
	// Each cell has the colour of its status's badge (the style sheet's status-* classes).
	colour := val(t, ctx, "badge colours", chromedp.Evaluate[map[string]string](`(() => {
		const out = {};
		for (const st of ["on_track", "moderate", "limited", "away", "achieved", "met", "missed", "no_data"]) {
			const b = document.createElement("span");
			b.className = "badge status-" + st;
			document.body.appendChild(b);
			out[st] = getComputedStyle(b).backgroundColor;
			b.remove();
		}
		return out;
	})()`))
	for _, c := range cells {
		status, got, _ := strings.Cut(c, " ")
		if want := colour[status]; got != want || got == "rgba(0, 0, 0, 0)" {
			t.Errorf("a %s cell is %s, want %s (its badge's)", status, got, want)
		}
	}
	// The range form keeps the date too.
	do(t, ctx, "range form", chromedp.SetValue(`form.range input[name="from"]`, "2015"),
		chromedp.Submit(`form.range input[name="from"]`), chromedp.WaitVisible("#asof-banner"))
	if loc := val(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "asof=2023-03-15") || !strings.Contains(loc, "from=2015") {
		t.Errorf("after the range form: %s", loc)
	}
	do(t, ctx, "header link", chromedp.Click(`header.site a[href^="/targets?"]`), chromedp.WaitVisible("#asof-banner"))
	if loc := val(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "/targets?asof=2023-03-15") {
		t.Errorf("the header's targets link leads to %s", loc)
	}
	do(t, ctx, "today", chromedp.Click("#asof-today"), chromedp.WaitVisible("#counts-h"))
	if loc := val(t, ctx, "location", chromedp.Location()); strings.Contains(loc, "asof") {
		t.Errorf("the link to today leads to %s", loc)
	}
	if n := val(t, ctx, "banners", chromedp.Evaluate[int](`document.querySelectorAll("#asof-banner").length`)); n != 0 {
		t.Error("today's page has an as-of banner")
	}
}
