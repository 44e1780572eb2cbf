package dashboard

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chartState is what the page has of ECharts and its chart.
const chartState = `({echarts: typeof echarts !== "undefined", canvas: !!document.querySelector("#chart canvas"),
	ready: document.getElementById("chart").dataset.ready === "true"})`

type chartStateOf struct {
	ECharts bool `json:"echarts"` // the bundle is loaded
	Canvas  bool `json:"canvas"`  // the chart is drawn
	Ready   bool `json:"ready"`
}

// TestChartDrawnWhenNeeded: on a phone the indicator page's chart, below the first screen (the headline and
// the chart in words come first), is neither loaded nor drawn until the reader scrolls to it, and then is;
// printing draws it too; the embed view, which is only the chart, draws at once.
func TestChartDrawnWhenNeeded(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, requests := browser(t)
	page := base + "/indicators/non_fossil_share?lang=en"
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 700))
	state := func(what string) chartStateOf {
		return val(t, ctx, what, chromedp.Evaluate[chartStateOf](chartState))
	}
	loads := func() int {
		n := 0
		for _, u := range requests() {
			if strings.HasSuffix(u, "/echarts.min.js") {
				n++
			}
		}
		return n
	}

	do(t, ctx, "page", chromedp.Navigate(page), chromedp.WaitVisible("#chart-summary"), chromedp.Sleep(500*time.Millisecond))
	if s := state("before scrolling"); s.ECharts || s.Canvas || loads() != 0 {
		t.Errorf("before scrolling to the chart: %+v, %d loads of ECharts; want nothing", s, loads())
	}
	do(t, ctx, "scroll", drawChart)
	if s := state("after scrolling"); !s.ECharts || !s.Canvas || loads() != 1 {
		t.Errorf("after scrolling to the chart: %+v, %d loads of ECharts; want it drawn, loaded once", s, loads())
	}

	do(t, ctx, "page again", chromedp.Navigate(page), chromedp.WaitVisible("#chart-summary"))
	do(t, ctx, "print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](`window.dispatchEvent(new Event("beforeprint"))`)(ctx, tg)
		return err
	}), chromedp.WaitReady(`#chart[data-ready="true"]`))

	do(t, ctx, "embed", chromedp.Navigate(base+"/embed/indicators/non_fossil_share?lang=en"),
		chromedp.WaitReady(`#chart[data-ready="true"]`))
}
