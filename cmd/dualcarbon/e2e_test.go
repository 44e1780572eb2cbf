package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dualcarbon/dualcarbon/dashboard/browsertest"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// TestEndToEnd runs what a newcomer runs, in-process, on the built-in dataset: migrate a fresh database,
// seed it with no file, serve it; every indicator's page answers in English and Chinese with its latest value
// in its data table; the export lists every observation with its source. A headless Chromium takes the
// README's screenshots of the real dataset (docs/screenshot-overview.png, docs/screenshot-indicator.png) and
// checks them; only `go test ./cmd/dualcarbon -run TestEndToEnd -update-screenshots` (make screenshots) writes
// them, so a test run leaves the checkout as it was.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	url := dbtest.EmptyURL(t)
	for _, args := range [][]string{{"migrate", "up"}, {"seed"}} {
		env, _, errOut := testEnv(map[string]string{"DATABASE_URL": url})
		if err := run(ctx, args, env); err != nil {
			t.Fatalf("dualcarbon %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
	}
	base, logs, stop := startServe(t, url)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v\n%s", err, logs)
		}
	}()

	for _, path := range []string{"/healthz", "/readyz"} {
		if status, body := e2eGet(t, base+path); status != http.StatusOK {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}
	indicators := e2eIndicators(t, base)
	for _, in := range indicators {
		for _, lang := range []string{"en", "zh"} {
			page := "/indicators/" + in.Code + "?lang=" + lang
			status, body := e2eGet(t, base+page)
			if status != http.StatusOK {
				t.Errorf("%s: %d", page, status)
				continue
			}
			if htmlLang := map[string]string{"en": "en", "zh": "zh-CN"}[lang]; !strings.Contains(body, `<html lang="`+htmlLang+`">`) {
				t.Errorf("%s is not in %s", page, htmlLang)
			}
			if in.Latest == nil { // provincial figures only: the national page has no row to show
				continue
			}
			table := between(body, `<table id="data-table">`, `</table>`)
			// zh pages show amounts in Chinese units (5.96 billion tce is 59.6亿吨标准煤): the number moves.
			shown := text.ShownUnit(lang, in.UnitEN, in.UnitZH).Number(in.Latest.Value.String())
			row := fmt.Sprintf(`<tr><th scope="row">%d</th><td class="num">%s</td>`, in.Latest.Year, shown)
			if !strings.Contains(table, row) {
				t.Errorf("%s: the data table lacks the latest value %s (%d)", page, shown, in.Latest.Year)
			}
		}
	}

	e2eExport(t, url, indicators)

	bctx := e2eBrowser(t)
	e2eScreenshot(t, bctx, base+"/?lang=en", "overview", chromedp.WaitVisible("#card-carbon_intensity"))
	// Every indicator is on the overview: a card, or a link on its year-on-year indicator's card (a cumulative
	// change).
	if n := e2eEval[int](t, bctx, `document.querySelectorAll("article.card").length + document.querySelectorAll("article.card .related a").length`); n != len(indicators) {
		t.Errorf("the overview shows %d cards and related links for %d indicators", n, len(indicators))
	}
	e2eScreenshot(t, bctx, base+"/indicators/carbon_intensity?lang=en", "indicator",
		chromedp.Steps(chromedp.ScrollIntoView("#chart"), // drawn when it comes into view (chart.js)
			chromedp.WaitReady(`#chart[data-ready="true"]`))) // set on ECharts' 'finished': drawn, animation over
	if !e2eEval[bool](t, bctx, `(() => {
		const c = document.querySelector("#chart canvas");
		if (!c) { return false; }
		const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		for (let i = 3; i < px.length; i += 4) { if (px[i] !== 0) { return true; } }
		return false;
	})()`) {
		t.Error("the carbon intensity chart has no painted pixel")
	}
}

// apiIndicator is what the test reads of /api/v1/indicators.
type apiIndicator struct {
	Code   string `json:"code"`
	UnitEN string `json:"unit_en"`
	UnitZH string `json:"unit_zh"`
	Latest *struct {
		Year  int         `json:"year"`
		Value json.Number `json:"value"`
	} `json:"latest"`
}

// e2eIndicators lists the indicators the API gives, each with its latest value.
func e2eIndicators(t *testing.T, base string) []apiIndicator {
	t.Helper()
	status, body := e2eGet(t, base+"/api/v1/indicators")
	if status != http.StatusOK {
		t.Fatalf("/api/v1/indicators: %d %s", status, body)
	}
	var list struct {
		Indicators []apiIndicator `json:"indicators"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&list); err != nil {
		t.Fatalf("/api/v1/indicators: %v", err)
	}
	if len(list.Indicators) < 10 {
		t.Fatalf("the built-in dataset has %d indicators", len(list.Indicators))
	}
	national := 0
	for _, in := range list.Indicators {
		if in.Latest != nil && in.Latest.Value != "" {
			national++
		}
	}
	if national < 10 { // the others have provincial figures only (seed/data/provincial.csv)
		t.Fatalf("the built-in dataset has %d indicators with a national value", national)
	}
	return list.Indicators
}

// e2eExport runs `dualcarbon export` (CSV): one row per observation in the database, every row with its
// source, every indicator present.
func e2eExport(t *testing.T, url string, indicators []apiIndicator) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(runExport(t, url))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	for _, name := range []string{"indicator", "source_title"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("the export has no %s column: %v", name, recs[0])
		}
	}
	var n int
	d := dbtest.Open(t, url)
	if err := d.Raw().QueryRow(context.Background(), `SELECT count(*) FROM observations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if rows := len(recs) - 1; rows != n || n < 100 {
		t.Errorf("the export lists %d observations, the database holds %d", rows, n)
	}
	exported := map[string]bool{}
	for i, r := range recs[1:] {
		if strings.TrimSpace(r[col["source_title"]]) == "" {
			t.Errorf("export row %d has no source: %v", i+2, r)
		}
		exported[r[col["indicator"]]] = true
	}
	for _, in := range indicators {
		if !exported[in.Code] {
			t.Errorf("the export has no observation of %s", in.Code)
		}
	}
}

func e2eGet(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// between is the text of s from the first start to the next end, or "".
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	in, _, _ := strings.Cut(after, end)
	return in
}

// e2eBrowser starts headless Chromium, closed when the test ends.
func e2eBrowser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.New(t, 60*time.Second)
}

func e2eEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("browser: %s: %v", js, err)
	}
	return v
}

// updateScreenshots makes TestEndToEnd write the README's screenshots.
var updateScreenshots = flag.Bool("update-screenshots", false, "write docs/screenshot-*.png from the end-to-end test")

// e2eScreenshot opens page, waits until ready, checks it is not an error page and takes a full-page
// screenshot; with -update-screenshots it saves it as docs/screenshot-<name>.png, through a temporary file
// renamed into place (a failed run leaves the previous screenshot whole).
func e2eScreenshot(t *testing.T, ctx context.Context, page, name string, ready chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(page), ready); err != nil {
		t.Fatalf("browser: %s: %v", page, err)
	}
	if e2eEval[bool](t, ctx, `document.querySelector("section.error, #error-message") !== null`) {
		t.Fatalf("%s shows an error page", page)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browser: screenshot of %s: %v", page, err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("the screenshot of %s is not a PNG", page)
	}
	if !*updateScreenshots {
		return
	}
	dir := filepath.Join("..", "..", "docs")
	tmp, err := os.CreateTemp(dir, ".screenshot-"+name+"-*.png")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(png); err != nil {
		tmp.Close()
		t.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, "screenshot-"+name+".png")); err != nil {
		t.Fatal(err)
	}
}
