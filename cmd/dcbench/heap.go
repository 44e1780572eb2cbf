package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard"
)

// heapFigure requests 20,000 distinct valid URLs (every from/to of the benchmarked indicator's series, all
// vintages and the latest) and prints the heap before and after, beside what the page cache holds and its
// budget: what junk URLs cost a server.
func heapFigure(ctx context.Context, cfg config, base string, s *dashboard.Server, out io.Writer) error {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	defer client.CloseIdleConnections()
	get := func(url string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		return nil
	}
	series := base + "/api/v1/indicators/" + cfg.page + "/series"
	if err := get(series); err != nil {
		return err
	}
	before := heapNow()
	start := time.Now()
	n := 0
	for _, vintage := range []string{"all", "latest"} {
		for from := 1949; from <= 2100 && n < 20000; from++ {
			for to := from; to <= 2100 && n < 20000; to++ {
				if err := get(fmt.Sprintf("%s?from=%d&to=%d&vintage=%s", series, from, to, vintage)); err != nil {
					return err
				}
				n++
			}
		}
	}
	took := time.Since(start)
	after := heapNow()
	used, budget := s.CacheUse()
	line(out, "heap after 20,000 distinct URLs", "%.1f MB (%.1f MB before; %.0f URLs/s); the cache holds %.1f MB of its %.0f MB budget: %s",
		mb(after), mb(before), float64(n)/took.Seconds(), mb(used), mb(budget), verdict(after-before <= budget+16<<20))
	return nil
}

func heapNow() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
