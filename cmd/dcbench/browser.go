package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// drawnJS runs before the page's own scripts and resolves window.__dcbenchDrawn with the time since
// navigation start (performance.now()) at which the chart's canvas first holds a painted pixel (or its SVG a
// path, should the chart use the SVG renderer).
const drawnJS = `window.__dcbenchDrawn = new Promise(function (resolve) {
  function painted() {
    var el = document.getElementById('chart');
    if (!el) return false;
    if (el.querySelector('svg path')) return true;
    var c = el.querySelector('canvas');
    if (!c || !c.width || !c.height) return false;
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (var i = 3; i < d.length; i += 4 * 7) if (d[i] !== 0) return true;
    return false;
  }
  (function poll() { if (painted()) resolve(performance.now()); else setTimeout(poll, 2); })();
});`

// load is one cold page load.
type load struct {
	drawn    time.Duration // navigation start to chart drawn
	bytes    int64         // encoded (on the wire) bytes of every response
	requests int
	urls     []string
}

// browserFigures loads the indicator page cold in headless Chromium, then the same files served statically
// and uncompressed, and prints the time to the drawn chart and the bytes transferred.
func browserFigures(ctx context.Context, cfg config, base string, out io.Writer) error {
	if cfg.skipBrowser {
		return nil
	}
	if _, err := os.Stat(cfg.chromium); err != nil {
		line(out, "chart drawn (Chromium)", "not measured: %v", err)
		return nil
	}
	profile, err := os.MkdirTemp("", "dcbench-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(cfg.chromium),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("start %s: %w", cfg.chromium, err)
	}

	pageURL := base + "/indicators/" + cfg.page
	dyn, err := coldLoads(bctx, pageURL, cfg.loads)
	if err != nil {
		line(out, "chart drawn (Chromium, cold)", "not measured: %v", err)
		return nil
	}
	static, err := newStaticServer()
	if err != nil {
		return err
	}
	defer static.close()
	if err := mirror(bctx, base, dyn[0].urls, static.dir); err != nil {
		return err
	}
	st, err := coldLoads(bctx, static.url+"/indicators/"+cfg.page, cfg.loads)
	if err != nil {
		return fmt.Errorf("static copy of the page: %w", err)
	}
	dm, sm := median(dyn), median(st)
	line(out, "chart drawn (Chromium, cold)", "median %s of %d loads (%s .. %s) | static files %s | ratio %.2f",
		ms(dm.drawn), len(dyn), ms(slices.MinFunc(dyn, byDrawn).drawn), ms(slices.MaxFunc(dyn, byDrawn).drawn),
		ms(sm.drawn), float64(sm.drawn)/float64(dm.drawn))
	line(out, "cold page load bytes (Chromium)", "%d bytes in %d requests, ECharts included, compressed | "+
		"uncompressed static files %d bytes | ratio %.2f", dm.bytes, dm.requests, sm.bytes,
		float64(dm.bytes)/float64(sm.bytes))
	return nil
}

func byDrawn(a, b load) int { return int(a.drawn - b.drawn) }

func median(loads []load) load {
	s := slices.Clone(loads)
	slices.SortFunc(s, byDrawn)
	return s[len(s)/2]
}

// coldLoads loads url n times, each in a new tab after clearing the browser's cache.
func coldLoads(bctx context.Context, url string, n int) ([]load, error) {
	var loads []load
	for range max(n, 1) {
		l, err := coldLoad(bctx, url)
		if err != nil {
			return nil, err
		}
		loads = append(loads, l)
	}
	return loads, nil
}

func coldLoad(bctx context.Context, url string) (load, error) {
	tctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	if _, err := chromedp.Call(tctx, network.Enable, network.EnableParams{}); err != nil {
		return load{}, err
	}
	if _, err := chromedp.Call(tctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		return load{}, err
	}
	if _, err := chromedp.Call(tctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: drawnJS}); err != nil {
		return load{}, err
	}

	var (
		mu sync.Mutex
		l  load
		wg sync.WaitGroup
	)
	evctx, stop := context.WithCancel(tctx)
	finished := chromedp.Events(evctx, network.LoadingFinished)
	responses := chromedp.Events(evctx, network.ResponseReceived)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for ev, err := range finished {
			if err != nil {
				return
			}
			mu.Lock()
			l.bytes += int64(ev.EncodedDataLength)
			l.requests++
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range responses {
			if err != nil {
				return
			}
			if ev.Response.Status == 200 {
				mu.Lock()
				l.urls = append(l.urls, ev.Response.URL)
				mu.Unlock()
			}
		}
	}()

	err := chromedp.Do(tctx, chromedp.Navigate(url))
	var drawn float64
	if err == nil {
		wctx, cancelWait := context.WithTimeout(tctx, 30*time.Second)
		drawn, err = chromedp.Run(wctx, chromedp.Evaluate[float64](`window.__dcbenchDrawn`, chromedp.EvalAwaitPromise))
		cancelWait()
	}
	time.Sleep(300 * time.Millisecond) // let the last loadingFinished events arrive
	stop()
	wg.Wait()
	if err != nil {
		return load{}, fmt.Errorf("load %s: %w", url, err)
	}
	l.drawn = time.Duration(drawn * float64(time.Millisecond))
	return l, nil
}

// mirror saves every same-origin response of the page, uncompressed, under dir at its URL path.
func mirror(ctx context.Context, base string, urls []string, dir string) error {
	for _, raw := range urls {
		if !strings.HasPrefix(raw, base+"/") {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		body, err := fetch(ctx, raw, "identity")
		if err != nil {
			return err
		}
		file := filepath.Join(dir, filepath.FromSlash(path.Clean(u.Path)))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
