package main

import (
	"context"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

const benchRows = 1_000_000

// benchData is 1,000,000 synthetic observations: 10 indicators x 32 regions x yearly and monthly periods,
// from two sources (so every period has two vintages), inserted with one statement.
const benchData = `
INSERT INTO indicators (code, name_en, name_zh, unit, category, direction, sort_order)
SELECT 'bench_' || i, 'Bench indicator ' || i, '基准指标' || i, 't', 'industry', 'up', i FROM generate_series(0, 9) i;
INSERT INTO sources (title, publisher, url, published) VALUES
  ('Bench yearbook', 'NBS', 'https://example.org/a', '2024-02-29'),
  ('Bench revision "quoted", with comma', '国家统计局', 'https://example.org/b', '2024-12');
INSERT INTO observations (indicator, region, year, month, value, source_id, flag, note)
SELECT 'bench_' || (g % 10), r.codes[(g / 10) % 32 + 1], 1950 + (g / 320) % 150, (g / 48000) % 13,
       round((random() * 1000)::numeric, 2), (g / 624000) + (SELECT min(id) FROM sources),
       CASE WHEN g % 7 = 0 THEN 'about' ELSE '' END, CASE WHEN g % 11 = 0 THEN 'note ' || g ELSE '' END
FROM generate_series(0, ` + "999999" + `) g,
     (SELECT array_agg(code ORDER BY code) AS codes FROM regions) r;
ANALYZE;
`

// BenchmarkExport prints, side by side, PostgreSQL's own COPY (...) TO STDOUT of the export's rows and the
// command's exports of the same rows: rows/s, the ratio to COPY, and the peak heap of the export.
func BenchmarkExport(b *testing.B) {
	ctx := context.Background()
	url := dbtest.URL(b)
	d := dbtest.Open(b, url)
	setup, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if _, err := d.Raw().Exec(setup, benchData); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM observations`).Scan(&n); err != nil || n != benchRows {
		b.Fatalf("%d rows inserted (%v), want %d", n, err, benchRows)
	}
	var copyRate float64
	b.Run("copy_to_stdout", func(b *testing.B) {
		copyRate = measure(b, func() error {
			rows, err := d.CopyObservations(ctx, io.Discard)
			if err == nil && rows != benchRows {
				b.Errorf("COPY wrote %d rows", rows)
			}
			return err
		})
	})
	for _, format := range []string{"csv", "json", "datapackage"} {
		b.Run("export_"+format, func(b *testing.B) {
			var out countingWriter
			rate := measure(b, func() error {
				env, _, errOut := testEnv(map[string]string{"DATABASE_URL": url})
				env.stdout = &out
				if err := run(ctx, []string{"export", "-format", format}, env); err != nil {
					b.Fatalf("%v: %s", err, errOut)
				}
				return nil
			})
			if copyRate > 0 {
				b.ReportMetric(rate/copyRate, "x_copy_to")
			}
			b.ReportMetric(float64(out.n.Load())/float64(b.N)/1e6, "MB_out")
		})
	}
}

// measure runs fn b.N times and reports rows/s and the peak heap in use while it ran (sampled every
// millisecond), returning the rate.
func measure(b *testing.B, fn func() error) float64 {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	close(done)
	rate := float64(benchRows*b.N) / elapsed.Seconds()
	b.ReportMetric(rate, "rows/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak_heap_MB")
	b.ReportMetric(float64(peak.Load()-min(peak.Load(), base.HeapInuse))/(1<<20), "heap_growth_MB")
	return rate
}

type countingWriter struct{ n atomic.Int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n.Add(int64(len(p)))
	return len(p), nil
}
