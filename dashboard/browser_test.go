package dashboard

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/dualcarbon/dualcarbon/dashboard/browsertest"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
)

// TestBrowser drives the Debian Chromium over the dashboard on a free loopback port: the overview, an
// indicator with a change target on its derived index, one with level targets, and the Chinese page. It reads
// the chart back from ECharts, proves a hostile name does not run and that no request leaves 127.0.0.1. (The
// README's screenshots are of the built-in dataset: cmd/dualcarbon/e2e_test.go takes them.)
func TestBrowser(t *testing.T) {
	d := seeded(t)
	s := testServer(t, d)
	base := serveLoopback(t, s)
	ctx, requests := browser(t)

	// Overview.
	do(t, ctx, "overview", chromedp.Navigate(base+"/"), chromedp.WaitVisible("#card-carbon_intensity"))
	cards := val(t, ctx, "cards", chromedp.Evaluate[int](`document.querySelectorAll("article.card").length`))
	overviewStatus := val(t, ctx, "badge", chromedp.Text("#card-carbon_intensity .badge"))
	if cards != 2 || overviewStatus != "Limited progress" {
		t.Errorf("overview: %d cards, carbon intensity %q", cards, overviewStatus)
	}

	// A year-on-year indicator: a change target drawn on the derived index.
	series := chartSeries(t, ctx, base+"/indicators/carbon_intensity?lang=en")
	wantSeries(t, "carbon_intensity", series, map[string]string{"actual": "bar", "index": "line"}, 1)
	status := val(t, ctx, "status", chromedp.Text(".status .status-text"))
	if !strings.HasPrefix(status, "Limited progress (R = 0.52)") || !strings.Contains(status, "-11.0 %") {
		t.Errorf("carbon_intensity status text: %q", status)
	}
	if series["index"].Name == "" || !strings.Contains(series["index"].Name, "derived") {
		t.Errorf("the index is not labelled derived: %q", series["index"].Name)
	}

	// A level indicator with two targets: a level for 2025 and a cap for 2020 (its path from 2015 has no
	// base value, so its trajectory series is empty, but the point is drawn).
	series = chartSeries(t, ctx, base+"/indicators/coal_share")
	wantSeries(t, "coal_share", series, map[string]string{"actual": "line"}, 2)

	// Chinese: every label switches, and the choice persists on the next page without ?lang.
	series = chartSeries(t, ctx, base+"/indicators/carbon_intensity?lang=zh")
	if series["actual"].Name != "实际值" {
		t.Errorf("Chinese actual series is named %q", series["actual"].Name)
	}
	status = val(t, ctx, "zh status", chromedp.Text(".status .status-text"))
	if !strings.HasPrefix(status, "进展有限") {
		t.Errorf("Chinese status text: %q", status)
	}
	do(t, ctx, "zh persists", chromedp.Navigate(base+"/"), chromedp.WaitVisible("#card-coal_share"))
	htmlLang := val(t, ctx, "html lang", chromedp.AttributeValue("html", "lang")).Value
	title := val(t, ctx, "h1", chromedp.Text("h1"))
	if htmlLang != "zh-CN" || title != "目标进展一览" {
		t.Errorf("language did not persist: html lang %q, h1 %q", htmlLang, title)
	}

	// A hostile name, document, source, unit and event: shown, never run, also in the tooltip.
	addHostile(t, d, hostile.Markup)
	series = chartSeries(t, ctx, base+"/indicators/hostile?lang=en")
	val(t, ctx, "show tooltip", chromedp.Evaluate[bool](`(() => { const c = echarts.getInstanceByDom(document.getElementById("chart"));
		c.dispatchAction({type: "showTip", seriesIndex: 0, dataIndex: 1}); return true; })()`))
	do(t, ctx, "wait", chromedp.Sleep(300*time.Millisecond))
	tip := val(t, ctx, "tooltip", chromedp.Evaluate[string](`(document.querySelector(".chart-tooltip") || {}).textContent || ""`))
	pwned := val(t, ctx, "canary", chromedp.Evaluate[bool](`window.__pwned !== undefined`))
	if pwned {
		t.Error("the hostile name ran as code (window.__pwned is set)")
	}
	if !strings.Contains(tip, "window.__pwned=1") {
		t.Errorf("the tooltip does not show the hostile source as text: %q", tip)
	}
	if series["actual"].ID == "" {
		t.Error("the hostile indicator's chart was not drawn")
	}
	do(t, ctx, "hostile overview", chromedp.Navigate(base+"/?lang=en"), chromedp.WaitVisible("#card-hostile"))
	h1 := val(t, ctx, "hostile card", chromedp.Text("#card-hostile h3"))
	pwned = val(t, ctx, "canary", chromedp.Evaluate[bool](`window.__pwned !== undefined`))
	if pwned || !strings.HasPrefix(h1, "</script><script>window.__pwned=1") {
		t.Errorf("hostile overview: pwned %v, name shown as %q", pwned, h1)
	}
	do(t, ctx, "hostile category", chromedp.Navigate(base+"/categories/ecology?lang=en"), chromedp.WaitVisible("#card-hostile"))
	h1 = val(t, ctx, "hostile card on its category's page", chromedp.Text("#card-hostile h3"))
	pwned = val(t, ctx, "canary", chromedp.Evaluate[bool](`window.__pwned !== undefined`))
	if pwned || !strings.HasPrefix(h1, "</script><script>window.__pwned=1") {
		t.Errorf("hostile category page: pwned %v, name shown as %q", pwned, h1)
	}

	// Every request the browser made went to 127.0.0.1 (data: URLs of the page itself excepted).
	for _, u := range requests() {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "data" && p.Hostname() != "127.0.0.1") {
			t.Errorf("request leaves 127.0.0.1: %s", u)
		}
	}
	if len(requests()) < 8 {
		t.Errorf("only %d requests recorded: the recorder is not working", len(requests()))
	}
}

type seriesInfo struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	YAxisIndex int    `json:"yAxisIndex"`
}

// chartSeries opens a page, waits for the chart to be drawn and reads its series back from ECharts.
func chartSeries(t *testing.T, ctx context.Context, page string) map[string]seriesInfo {
	t.Helper()
	do(t, ctx, page, chromedp.Navigate(page), drawChart)
	list := val(t, ctx, "series of "+page, chromedp.Evaluate[[]seriesInfo](`echarts.getInstanceByDom(document.getElementById("chart")).getOption().series.map(
		s => ({id: s.id, name: s.name, type: s.type, yAxisIndex: s.yAxisIndex || 0}))`))
	out := map[string]seriesInfo{}
	for _, s := range list {
		out[s.ID] = s
	}
	return out
}

// wantSeries checks the fixed series and that every drawn target has its point and its trajectory.
func wantSeries(t *testing.T, code string, got map[string]seriesInfo, fixed map[string]string, targets int) {
	t.Helper()
	for id, typ := range fixed {
		if got[id].Type != typ {
			t.Errorf("%s: series %s has type %q, want %q", code, id, got[id].Type, typ)
		}
	}
	var points, paths int
	for id, s := range got {
		switch {
		case strings.HasPrefix(id, "target-"):
			points++
			if s.Type != "scatter" || got["trajectory-"+strings.TrimPrefix(id, "target-")].Type != "line" {
				t.Errorf("%s: target %s (%s) lacks its trajectory", code, id, s.Type)
			}
		case strings.HasPrefix(id, "trajectory-"):
			paths++
		}
	}
	if points != targets || paths != targets {
		t.Errorf("%s: %d target points and %d trajectories, want %d; series %v", code, points, paths, targets, got)
	}
}

// serveLoopback serves s on a free port of 127.0.0.1 with the production http.Server settings.
func serveLoopback(t *testing.T, s *Server) string {
	t.Helper()
	return serveOn(t, s, listenLoopback(t))
}

// listenLoopback listens on a free port of 127.0.0.1.
func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// serveOn serves s on ln with the production http.Server settings until the test ends; its base URL.
func serveOn(t *testing.T, s *Server, ln net.Listener) string {
	t.Helper()
	hs := s.HTTPServer(ln.Addr().String())
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String()
}

// browser starts headless Chromium (closed when the test ends) and records the URL of every request.
func browser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var urls []string
	record := func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, e.Request.URL)
			mu.Unlock()
		}
	}
	ctx := browsertest.New(t, 45*time.Second, chromedp.WithListener(record))
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), urls...)
	}
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser, %s: %v", what, err)
	}
}

func val[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser, %s: %v", what, err)
	}
	return v
}

// drawChart scrolls to the page's chart, which chart.js draws when it comes into view, and waits until ECharts
// has drawn it ('finished': data-ready).
var drawChart = chromedp.Steps(chromedp.ScrollIntoView("#chart"), chromedp.WaitReady(`#chart[data-ready="true"]`))
