package dashboard

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/db"
)

// overviewScale is the built-in dataset plus cmd/dcbench's 620 synthetic indicators with their national yearly
// rows (1990-2025, a communiqué and a yearbook vintage each) and targets: what the overview reads at the 10 M
// rows of docs/performance.md (it reads CN's current yearly rows only), without the monthly and provincial
// rows that make the 10 M and that it never reads.
func overviewScale(b testing.TB) *db.DB {
	b.Helper()
	d := builtin(b)
	src, err := os.ReadFile("../cmd/dcbench/synthetic.sql")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for i, stmt := range strings.Split(string(src), "\n--;\n") {
		var args []any
		if i == 0 {
			args = []any{620}
		}
		if _, err := d.Raw().Exec(ctx, stmt, args...); err != nil {
			b.Fatalf("synthetic.sql statement %d: %v", i, err)
		}
	}
	// year.sql's yearly rows, CN only.
	const yearly = `INSERT INTO observations (indicator, region, year, month, value, source_id, flag)
SELECT i.code, 'CN', y, 0,
       round(((10 + abs(hashtext(i.code || 'CN')) % 990) * power(1 + ((abs(hashtext(i.code)) % 9) - 3) / 100.0, y - 1990)
              * (1 + p.revision + (abs(hashtext(i.code || 'CN' || y || 0)) % 100 - 50) / 5000.0) * 12)::numeric, 2),
       s.id, CASE WHEN p.kind = 'communique' THEN 'preliminary' ELSE '' END
FROM generate_series(1990, 2025) y
CROSS JOIN LATERAL (SELECT 'communique' AS kind, 0.0 AS revision, format('Synthetic communiqué %s', y) AS title
                    UNION ALL SELECT 'yearbook', 0.004, format('Synthetic yearbook %s', y)) p
JOIN sources s ON s.title = p.title
CROSS JOIN indicators i
WHERE i.code LIKE 'synthetic\_%'`
	if _, err := d.Raw().Exec(ctx, yearly); err != nil {
		b.Fatal(err)
	}
	// The statistics autovacuum would gather: without them the planner sorts the rows rather than reading them
	// in the order of current_yearly_region, as it does on the 10 M rows.
	if _, err := d.Raw().Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkOverviewCold is the server side of a cold GET / at the scale of docs/performance.md, in its parts:
// the load of the rows (the summary current_yearly, from PostgreSQL's cache: run dcbench for a cold disk),
// the render from rows in memory, and the gzip of the page as the page cache makes it. It reports the page's
// bytes and the gzip form's.
func BenchmarkOverviewCold(b *testing.B) {
	s := testServer(b, overviewScale(b))
	ctx := b.Context()
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			_, err := consistently(ctx, s.cache.store, func(l loader) (*AllData, error) {
				return l.loadAllOf(ctx, "", func() ([]db.Observation, error) { return l.store.CurrentYearly(ctx, national) })
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, lang := range []string{"en", "zh"} {
		b.Run("render-"+lang, func(b *testing.B) {
			all, err := consistently(ctx, s.cache.store, func(l loader) (*AllData, error) {
				return l.loadAllOf(ctx, "", func() ([]db.Observation, error) { return l.store.CurrentYearly(ctx, national) })
			})
			if err != nil {
				b.Fatal(err)
			}
			v := View{Lang: lang}
			for b.Loop() {
				ov := s.overviewView(all, v)
				size, err := s.overviewCards(ov)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.pages.renderSized("overview", ov, size+64<<10); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	body := get(b, s.Handler(), "/?lang=en")
	if body.status != http.StatusOK {
		b.Fatalf("GET /: %d", body.status)
	}
	for _, level := range []int{gzip.BestSpeed, pagecache.GzipLevel, gzip.DefaultCompression} {
		b.Run("gzip-"+strconv.Itoa(level), func(b *testing.B) {
			var n int
			for b.Loop() {
				var buf bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&buf, level)
				if _, err := zw.Write([]byte(body.body)); err != nil {
					b.Fatal(err)
				}
				if err := zw.Close(); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			b.ReportMetric(float64(len(body.body)), "page-bytes")
			b.ReportMetric(float64(n), "gzip-bytes")
		})
	}
	// The whole cold GET: a new server (an empty page cache) each time, made outside the timing. get-category
	// is a category's page (about 100 cards, every one the overview leaves out) the same way.
	for name, target := range map[string]string{"get": "/?lang=en", "get-category": "/categories/energy_structure?lang=en"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				h := testServer(b, s.cache.store).Handler()
				b.StartTimer()
				if r := get(b, h, target, "Accept-Encoding", "gzip"); r.status != http.StatusOK {
					b.Fatalf("GET %s: %d", target, r.status)
				}
			}
		})
	}
}
