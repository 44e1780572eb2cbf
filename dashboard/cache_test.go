package dashboard

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"
)

// cacheBudget and heapMargin: the page cache of the bounds tests, and what the heap may hold beyond it
// (the loaded rows, the templates, the static files, the test's own garbage).
const (
	cacheBudget = 4 << 20
	heapMargin  = 8 << 20
)

// boundedServer serves the fixture with a 350-byte random note on each of coal_share's figures (a series view is
// about 8 kB with its gzip form) and a page cache of cacheBudget.
func boundedServer(t *testing.T) *Server {
	d := seeded(t)
	exec(t, d, `UPDATE observations SET note = (SELECT string_agg(encode(sha512((random()::text || k || id)::bytea), 'base64'), '')
		FROM generate_series(1, 4) AS k) WHERE indicator = 'coal_share'`)
	return New(d, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AsOf: 2025,
		VersionInterval: time.Minute, CacheBytes: cacheBudget})
}

func heapAlloc() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// cachedOnSecond requests target twice and reports whether the second came from the cache (nothing rendered).
func cachedOnSecond(t *testing.T, s *Server, target string) bool {
	t.Helper()
	get(t, s.Handler(), target)
	renders := s.cache.pc.Stats().Renders.Load()
	if r := get(t, s.Handler(), target); r.status != http.StatusOK {
		t.Fatalf("%s: %d", target, r.status)
	}
	return s.cache.pc.Stats().Renders.Load() == renders
}

// 20,000 distinct valid URLs (every from/to of a series, all vintages and latest): the heap stays within the
// cache's budget plus heapMargin, and afterwards a view never asked and the very first one asked are each
// served from the cache on their second request (the cache evicts; it never stops keeping new views).
func TestCacheBoundedInBytes(t *testing.T) {
	s := boundedServer(t)
	h := s.Handler()
	var urls []string
	for _, vintage := range []string{"all", "latest"} {
		for from := 1949; from <= 2100 && len(urls) < 20000; from++ {
			for to := from; to <= 2100 && len(urls) < 20000; to++ {
				urls = append(urls, fmt.Sprintf("/api/v1/indicators/coal_share/series?from=%d&to=%d&vintage=%s", from, to, vintage))
			}
		}
	}
	urls = urls[:20000]
	get(t, h, "/api/v1/indicators/coal_share/series") // the rows loaded before the baseline
	before := heapAlloc()
	for i, u := range urls {
		r := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, u, nil)
		if i%2 == 0 {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		h.ServeHTTP(r, req)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d", u, r.Code)
		}
	}
	grown := heapAlloc() - before
	t.Logf("heap grew %.1f MB over 20,000 URLs; the cache counts %.1f MB in %d entries (budget %.1f MB)",
		float64(grown)/(1<<20), float64(s.cache.pc.Bytes())/(1<<20), s.cache.pc.Len(), float64(cacheBudget)/(1<<20))
	if grown > cacheBudget+heapMargin {
		t.Errorf("the heap grew %d bytes, more than the cache budget %d plus %d", grown, cacheBudget, heapMargin)
	}
	if !cachedOnSecond(t, s, "/api/v1/indicators/coal_share/series?from=2000&to=2100&vintage=latest&lang=zh") {
		t.Error("a new view was not kept after 20,000 others")
	}
	if !cachedOnSecond(t, s, urls[0]) {
		t.Error("the first view, asked again twice, was not kept")
	}
}

// 100 concurrent requests for one page nobody asked yet: one render, 100 whole answers.
func TestConcurrentRequestsRenderOnce(t *testing.T) {
	s := testServer(t, seeded(t))
	h := s.Handler()
	get(t, h, "/indicators/carbon_intensity") // the rows: loaded once, outside the count
	renders := s.cache.pc.Stats().Renders.Load()
	var wg sync.WaitGroup
	codes := make([]int, 100)
	start := make(chan struct{})
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := httptest.NewRecorder()
			h.ServeHTTP(r, httptest.NewRequest(http.MethodGet, "/indicators/coal_share?from=2016", nil))
			codes[i] = r.Code
		}()
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d: %d", i, c)
		}
	}
	if n := s.cache.pc.Stats().Renders.Load() - renders; n != 1 {
		t.Errorf("%d renders for 100 concurrent requests of one page, want 1", n)
	}
}

// gzip and identity are two representations with two ETags; Accept-Encoding gzip;q=0 refuses gzip; a client
// holding either form revalidates with its own ETag.
func TestRepresentationsOverHTTP(t *testing.T) {
	h := testServer(t, seeded(t)).Handler()
	plain := get(t, h, "/indicators/coal_share")
	gz := get(t, h, "/indicators/coal_share", "Accept-Encoding", "gzip")
	refused := get(t, h, "/indicators/coal_share", "Accept-Encoding", "gzip;q=0, identity")
	if gz.header.Get("Content-Encoding") != "gzip" || plain.header.Get("Content-Encoding") != "" || refused.header.Get("Content-Encoding") != "" {
		t.Errorf("Content-Encoding: gzip asked %q, none asked %q, gzip;q=0 %q", gz.header.Get("Content-Encoding"),
			plain.header.Get("Content-Encoding"), refused.header.Get("Content-Encoding"))
	}
	if gz.header.Get("ETag") == plain.header.Get("ETag") {
		t.Errorf("one ETag %s for the gzip and the identity body", gz.header.Get("ETag"))
	}
	for _, r := range []response{plain, gz} {
		etag := r.header.Get("ETag")
		if re := get(t, h, "/indicators/coal_share", "Accept-Encoding", r.header.Get("Content-Encoding"), "If-None-Match", etag); re.status != http.StatusNotModified || re.header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: %d, ETag %s", etag, re.status, re.header.Get("ETag"))
		}
	}
}
