package dashboard

import (
	"net/http"
	"strconv"
	"testing"
)

// BenchmarkIndicatorPageMonthly renders an indicator page whose series has a monthly figure for every month of
// 1990-2025, each published on a day of its own (as dcbench's 10 M rows are): the page's render from rows
// in memory, its query cached, a new ?from= each time so the page itself is not.
func BenchmarkIndicatorPageMonthly(b *testing.B) {
	d := builtin(b)
	if _, err := d.Raw().Exec(b.Context(), `
		INSERT INTO sources (title, published)
		SELECT format('Synthetic monthly release %s-%s', y, m), format('%s-%s-15', y + (m = 12)::int, lpad((m % 12 + 1)::text, 2, '0'))
		FROM generate_series(1990, 2025) y, generate_series(1, 12) m;
		INSERT INTO observations (indicator, region, year, month, value, source_id)
		SELECT 'coal_share', 'CN', y, m, 50 + m, s.id
		FROM generate_series(1990, 2025) y CROSS JOIN generate_series(1, 12) m
		JOIN sources s ON s.title = format('Synthetic monthly release %s-%s', y, m)`); err != nil {
		b.Fatal(err)
	}
	h := testServer(b, d).Handler()
	get(b, h, "/indicators/coal_share")
	i := 0
	for b.Loop() {
		i++
		if r := get(b, h, "/indicators/coal_share?from="+strconv.Itoa(1990+i%30)); r.status != http.StatusOK {
			b.Fatal(r.status)
		}
	}
}
