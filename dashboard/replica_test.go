package dashboard

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
)

// standbyStore is the database seen as a hot standby in the replication state set by the test.
type standbyStore struct {
	*db.DB
	mu sync.Mutex
	r  db.Replication
}

func (s *standbyStore) Replication(context.Context) (db.Replication, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r, nil
}

func (s *standbyStore) set(r db.Replication) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.r = r
}

// A server on a standby past MaxLag: /readyz 503 with the reason and the lag, /metrics the lag, pages still
// 200 with a notice of the data's age (escaped, under an ETag of their own), downloads and static files as
// they are; caught up again: ready, pages plain.
func TestStandbyLagReadiness(t *testing.T) {
	replayed := time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)
	store := &standbyStore{DB: seeded(t), r: db.Replication{Standby: true, Lag: 90 * time.Second, ReplayedAt: replayed, Received: true, Behind: 4096}}
	s := New(store, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AsOf: 2025, VersionInterval: -1, MaxLag: 30 * time.Second})
	h := s.Handler()

	r := get(t, h, "/readyz")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "lags 90.0s") || !strings.Contains(r.body, `"behind_bytes":4096`) {
		t.Errorf("/readyz lagging: %d %s", r.status, r.body)
	}
	m := get(t, h, "/metrics").body
	for series, want := range map[string]float64{"dualcarbon_db_standby": 1, "dualcarbon_db_replication_lag_seconds": 90,
		"dualcarbon_db_replay_behind_bytes": 4096, "dualcarbon_db_last_replay_timestamp_seconds": float64(replayed.Unix())} {
		if got := metricValue(t, m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	page := get(t, h, "/indicators/coal_share", "Accept-Encoding", "gzip")
	if page.status != http.StatusOK || !strings.Contains(page.body, `<p class="stale-notice" role="status">`) ||
		!strings.Contains(page.body, "2026-12-03 11:00:00 UTC") || !strings.Contains(page.body, "Coal share") {
		t.Errorf("page lagging: %d, notice %v", page.status, strings.Contains(page.body, "stale-notice"))
	}
	if page.header.Get("Content-Encoding") != "" || !strings.HasPrefix(page.header.Get("ETag"), `W/"stale-`) ||
		page.header.Get("X-Replication-Lag") != "90.000" || page.header.Get("X-Data-Replayed-At") != "2026-12-03T11:00:00Z" {
		t.Errorf("page lagging: headers %v", page.header)
	}
	if zh := get(t, h, "/indicators/coal_share?lang=zh"); !strings.Contains(zh.body, "本服务器的数据副本落后") {
		t.Error("the Chinese page's notice is not in Chinese")
	}
	if csv := get(t, h, "/indicators/coal_share/data.csv"); strings.Contains(csv.body, "stale-notice") || csv.status != http.StatusOK {
		t.Errorf("a download while lagging: %d, notice in it: %v", csv.status, strings.Contains(csv.body, "stale-notice"))
	}

	store.set(db.Replication{Standby: true, Received: true, ReplayedAt: replayed})
	if r := get(t, h, "/readyz"); r.status != http.StatusOK || !strings.Contains(r.body, `"standby":true`) {
		t.Errorf("/readyz caught up: %d %s", r.status, r.body)
	}
	if page := get(t, h, "/indicators/coal_share"); strings.Contains(page.body, "stale-notice") || strings.HasPrefix(page.header.Get("ETag"), "W/") {
		t.Error("page caught up still has the notice")
	}
}
