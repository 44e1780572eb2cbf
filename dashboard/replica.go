package dashboard

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dualcarbon/dualcarbon/db"
)

// replicationReader is a store that reports its place in streaming replication (*db.DB does; test fakes
// need not): a server on a hot standby serves the data as far as the standby has replayed it.
type replicationReader interface {
	Replication(ctx context.Context) (db.Replication, error)
}

// replication keeps the last replication state read, for the header every response carries. It is read
// again at most once a second, in the background, so that no request waits for it.
type replication struct {
	store   replicationReader // nil: the store does not say (a test fake)
	timeout time.Duration
	log     *slog.Logger

	mu      sync.Mutex
	last    db.Replication
	at      time.Time // when last was read; zero: never
	reading bool
}

func newReplication(store Store, timeout time.Duration, log *slog.Logger) *replication {
	rr, _ := store.(replicationReader)
	return &replication{store: rr, timeout: timeout, log: log}
}

// read asks the store now and keeps the answer.
func (r *replication) read(ctx context.Context) (db.Replication, error) {
	if r.store == nil {
		return db.Replication{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, min(r.timeout, 2*time.Second))
	defer cancel()
	st, err := r.store.Replication(ctx)
	if err != nil {
		return st, err
	}
	r.mu.Lock()
	r.last, r.at = st, time.Now()
	r.mu.Unlock()
	return st, nil
}

// recent is the last state read, and whether it is from the last few seconds; an older one starts a read
// in the background.
func (r *replication) recent() (db.Replication, bool) {
	if r.store == nil {
		return db.Replication{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.at) > time.Second && !r.reading {
		r.reading = true
		go func() {
			defer func() { r.mu.Lock(); r.reading = false; r.mu.Unlock() }()
			if _, err := r.read(context.Background()); err != nil {
				r.log.Debug("replication state unavailable", "err", err)
			}
		}()
	}
	return r.last, !r.at.IsZero() && time.Since(r.at) < 5*time.Second
}

// dataAge marks every response of a server on a standby with how far behind the primary its data may be
// (X-Replication-Lag, in seconds) and when the last transaction it shows was committed there
// (X-Data-Replayed-At): a standby that fell behind still serves pages, and says by how much.
func (s *Server) dataAge(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if st, ok := s.replication.recent(); ok && st.Standby {
			h := c.Response().Header()
			h.Set("X-Replication-Lag", strconv.FormatFloat(st.Lag.Seconds(), 'f', 3, 64))
			if !st.ReplayedAt.IsZero() {
				h.Set("X-Data-Replayed-At", st.ReplayedAt.UTC().Format(time.RFC3339))
			}
		}
		return next(c)
	}
}

// replicationNotReady is why a server on a standby should not get traffic, or "": its lag beyond MaxLag.
func (s *Server) replicationNotReady(ctx context.Context) (string, map[string]any) {
	st, err := s.replication.read(ctx)
	if err != nil {
		s.log.Warn("readiness: replication state unknown", "err", err)
		return "replication state unknown", nil
	}
	if !st.Standby {
		return "", map[string]any{"standby": false}
	}
	info := map[string]any{"standby": true, "lag_seconds": st.Lag.Seconds(), "behind_bytes": st.Behind}
	if !st.ReplayedAt.IsZero() {
		info["replayed_at"] = st.ReplayedAt.UTC().Format(time.RFC3339Nano)
	}
	if s.opts.MaxLag > 0 && st.Lag > s.opts.MaxLag {
		return fmt.Sprintf("standby lags %.1fs behind the primary (more than %s)", st.Lag.Seconds(), s.opts.MaxLag), info
	}
	return "", info
}

// replicationCollector reports the replication state, asked of the database at each scrape.
type replicationCollector struct{ r *replication }

var (
	replStandby = prometheus.NewDesc("dualcarbon_db_standby", "1 when the database is a hot standby (in recovery).", nil, nil)
	replLag     = prometheus.NewDesc("dualcarbon_db_replication_lag_seconds",
		"How far behind the primary the standby's data may be: 0 when it replayed all the WAL it received, "+
			"else the age of the last transaction replayed.", nil, nil)
	replBehind = prometheus.NewDesc("dualcarbon_db_replay_behind_bytes", "WAL received by the standby and not replayed yet.", nil, nil)
	replAt     = prometheus.NewDesc("dualcarbon_db_last_replay_timestamp_seconds",
		"When the last transaction the standby replayed was committed on the primary (Unix time).", nil, nil)
)

func (rc replicationCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- replStandby
	ch <- replLag
	ch <- replBehind
	ch <- replAt
}

func (rc replicationCollector) Collect(ch chan<- prometheus.Metric) {
	st, err := rc.r.read(context.Background())
	if err != nil {
		rc.r.log.Warn("metrics: replication state unavailable", "err", err)
		return
	}
	standby := 0.0
	if st.Standby {
		standby = 1
	}
	ch <- prometheus.MustNewConstMetric(replStandby, prometheus.GaugeValue, standby)
	if !st.Standby {
		return
	}
	ch <- prometheus.MustNewConstMetric(replLag, prometheus.GaugeValue, st.Lag.Seconds())
	ch <- prometheus.MustNewConstMetric(replBehind, prometheus.GaugeValue, float64(st.Behind))
	if !st.ReplayedAt.IsZero() {
		ch <- prometheus.MustNewConstMetric(replAt, prometheus.GaugeValue, float64(st.ReplayedAt.UnixNano())/1e9)
	}
}
