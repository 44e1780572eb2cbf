package dashboard

import (
	"context"
	"math"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestChartBoxKeepsItsHeight: the chart's box has, before ECharts is loaded, the height the drawn chart takes
// (chart.js reserve: its legend's and credit line's lines as ECharts wraps them), so drawing it moves nothing
// below it (no layout shift), on a phone and a wide screen, English and Chinese, one series and several; on an
// indicator page the reservation is exact (data-wanted: the height at which the plot keeps its height).
func TestChartBoxKeepsItsHeight(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, _ := browser(t)
	type heights struct {
		Box    float64 `json:"box"`
		Wanted float64 `json:"wanted"`
	}
	const read = `(() => { const e = document.getElementById("chart");
		return {box: e.getBoundingClientRect().height, wanted: Number(e.dataset.wanted || 0)}; })()`
	for _, width := range []int64{390, 1366} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(width, 200)) // the chart below the first screen: not drawn at once
		for _, page := range []string{"/indicators/non_fossil_share?lang=en", "/indicators/carbon_intensity?lang=zh",
			"/compare?lang=en&codes=coal_share&codes=non_fossil_share"} {
			do(t, ctx, page, chromedp.Navigate(base+page), chromedp.WaitReady("#chart-data"))
			before := val(t, ctx, "before", chromedp.Evaluate[heights](read))
			if s := val(t, ctx, "state", chromedp.Evaluate[chartStateOf](chartState)); s.Canvas {
				t.Fatalf("%d px, %s: the chart is drawn before it is scrolled to, nothing to compare", width, page)
			}
			do(t, ctx, "draw", drawChart)
			after := val(t, ctx, "after", chromedp.Evaluate[heights](read))
			if math.Abs(before.Box-after.Box) > 1 {
				t.Errorf("%d px, %s: the chart's box is %.0f px high before it is drawn, %.0f px after", width, page, before.Box, after.Box)
			}
			if page[:4] == "/ind" && math.Abs(after.Wanted-after.Box) > 1 {
				t.Errorf("%d px, %s: %.0f px reserved, the drawn chart wants %.0f", width, page, after.Box, after.Wanted)
			}
		}
	}
}

// TestChartPrinted: on a phone nothing of ECharts is loaded until the reader moves (a key, a tap, the mouse),
// then it is loaded but not drawn; printing after that draws the chart within beforeprint, before Chromium
// takes the print layout. Printed before any move, the chart's place says in a line how to get it.
func TestChartPrinted(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, _ := browser(t)
	page := base + "/indicators/non_fossil_share?lang=en"
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 700))
	do(t, ctx, "page", chromedp.Navigate(page), chromedp.WaitVisible("#chart-summary"))
	do(t, ctx, "print media", media("print"))
	note := val(t, ctx, "note", chromedp.Evaluate[string](`(() => { const e = document.getElementById("chart");
		return getComputedStyle(e, "::before").content + " " + Math.round(e.getBoundingClientRect().height); })()`))
	if want := `"Chart: open the page on screen to draw it; the chart in words and the tables below give its values." `; len(note) < len(want) || note[:len(want)] != want {
		t.Errorf("printed before ECharts is here, the chart's place shows %q; want the line %q and a low box", note, want)
	}
	if s := val(t, ctx, "state", chromedp.Evaluate[chartStateOf](chartState)); s.ECharts {
		t.Fatalf("ECharts loaded before the reader moved: %+v", s)
	}
	do(t, ctx, "screen media", media(""))
	do(t, ctx, "a key", chromedp.KeyEvent("a"))
	val(t, ctx, "ECharts loaded", chromedp.Poll[bool](`typeof echarts !== "undefined"`))
	if s := val(t, ctx, "state", chromedp.Evaluate[chartStateOf](chartState)); s.Canvas {
		t.Errorf("a key drew the chart (it should only load ECharts): %+v", s)
	}
	if drawn := val(t, ctx, "print", chromedp.Evaluate[bool](`(() => { window.dispatchEvent(new Event("beforeprint"));
		return !!document.querySelector("#chart canvas") && document.getElementById("chart").classList.contains("drawn"); })()`)); !drawn {
		t.Errorf("after a key, beforeprint did not draw the chart at once")
	}
}

// media emulates a CSS media type ("print"; "" for the page's own).
func media(kind string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: kind})
		return err
	})
}
