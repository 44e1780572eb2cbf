package dashboard

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// shownChoices are the codes of the picker's indicators in view.
const shownChoices = `[...document.querySelectorAll("#choice-list .choice")].filter(c => !c.hidden && c.offsetParent !== null).map(c => c.dataset.code)`

// TestComparePicker: the indicator picker of /compare narrows as one types (English or Chinese names, codes,
// on either language's page), keeps a checked indicator in view, is cleared by Escape and used by keyboard
// alone; without JavaScript it is the plain list of every indicator, its filter hidden.
func TestComparePicker(t *testing.T) {
	d := builtin(t)
	s := testServer(t, d)
	base := serveLoopback(t, s)
	all := len(dbtest.Strings(t, d, `SELECT code FROM indicators`))

	plain := get(t, s.Handler(), "/compare?lang=en").body
	if !strings.Contains(plain, `<p class="choice-filter" id="choice-filter" hidden>`) || strings.Count(plain, `type="checkbox" name="codes"`) != all {
		t.Errorf("without JavaScript: the filter is not hidden, or the list lacks some of the %d indicators", all)
	}

	ctx, _ := browser(t)
	for _, tt := range []struct {
		lang, q, want string
	}{
		{"en", "煤炭", "coal_share"},
		{"zh", "coal", "coal_share"},
		{"en", "Coal SHARE", "coal_share"},
		{"zh", "pm25", "pm25"},
		{"zh", "风电", "wind_capacity"},
	} {
		do(t, ctx, "compare "+tt.lang, chromedp.Navigate(base+"/compare?lang="+tt.lang), chromedp.WaitVisible("#choice-q"))
		if n := len(val(t, ctx, "all shown", chromedp.Evaluate[[]string](shownChoices))); n != all {
			t.Fatalf("%s: %d of %d indicators shown before typing", tt.lang, n, all)
		}
		do(t, ctx, "type", chromedp.SendKeys("#choice-q", tt.q))
		shown := val(t, ctx, "shown", chromedp.Evaluate[[]string](shownChoices))
		if !contains(shown, tt.want) || len(shown) >= all/2 {
			t.Errorf("%s: %q shows %v, want %s among a few", tt.lang, tt.q, shown, tt.want)
		}
		if c := val(t, ctx, "count", chromedp.Text("#choice-count")); !strings.Contains(c, strconv.Itoa(len(shown))) || !strings.Contains(c, strconv.Itoa(all)) {
			t.Errorf("%s: the count says %q; %d of %d shown", tt.lang, c, len(shown), all)
		}
	}

	// Keyboard only: type, Tab to the first indicator left, Space checks it; a filter that excludes it keeps it
	// in view; Escape brings the whole list back; the form sends the choices.
	do(t, ctx, "compare", chromedp.Navigate(base+"/compare?lang=en"), chromedp.WaitVisible("#choice-q"),
		chromedp.Focus("#choice-q"), chromedp.KeyEvent("non-fossil share"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(" "))
	checked := val(t, ctx, "checked", chromedp.Evaluate[[]string](`[...document.querySelectorAll("#choice-list input:checked")].map(i => i.value)`))
	if len(checked) != 1 || !strings.HasPrefix(checked[0], "non_fossil_share") {
		t.Fatalf("Tab and Space from the filter checked %v", checked)
	}
	do(t, ctx, "refilter", chromedp.Focus("#choice-q"), chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent("coal share"))
	shown := val(t, ctx, "shown", chromedp.Evaluate[[]string](shownChoices))
	if !contains(shown, checked[0]) || !contains(shown, "coal_share") {
		t.Errorf("filtering for coal hides the checked %s, or coal_share: %v", checked[0], shown)
	}
	do(t, ctx, "enter", chromedp.KeyEvent(kb.Enter)) // Enter filters, it does not send a half-made choice
	if loc := val(t, ctx, "location", chromedp.Evaluate[string](`location.search`)); strings.Contains(loc, "codes") {
		t.Errorf("Enter in the filter sent the form: %s", loc)
	}
	do(t, ctx, "escape", chromedp.KeyEvent(kb.Escape))
	if n := len(val(t, ctx, "shown", chromedp.Evaluate[[]string](shownChoices))); n != all {
		t.Errorf("after Escape: %d of %d indicators shown", n, all)
	}
	do(t, ctx, "check coal", chromedp.Click(`#choice-list input[value="coal_share"]`), chromedp.Click(`form.choose button[type="submit"]`),
		drawChart)
	if loc := val(t, ctx, "location", chromedp.Evaluate[string](`location.search`)); !strings.Contains(loc, "codes=coal_share") || !strings.Contains(loc, "codes="+checked[0]) {
		t.Errorf("the form sent %s", loc)
	}
}
