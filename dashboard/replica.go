package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
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
// (X-Data-Replayed-At): a standby that fell behind still serves pages, and says by how much. Beyond MaxLag
// the pages say it to their readers too (staleNotice).
func (s *Server) dataAge(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		st, ok := s.replication.recent()
		if !ok || !st.Standby {
			return next(c)
		}
		h := c.Response().Header()
		h.Set("X-Replication-Lag", strconv.FormatFloat(st.Lag.Seconds(), 'f', 3, 64))
		if !st.ReplayedAt.IsZero() {
			h.Set("X-Data-Replayed-At", st.ReplayedAt.UTC().Format(time.RFC3339))
		}
		if s.opts.MaxLag <= 0 || st.Lag <= s.opts.MaxLag || !isPage(c.Request().URL.Path) {
			return next(c)
		}
		return staleNotice(c, st, next)
	}
}

// staleNotice runs next and puts a notice at the top of an HTML page's main part: the data shown is behind
// the primary's, since when. It runs only while the standby lags beyond MaxLag, a degraded state, so the
// cost is taken then: the page is asked uncompressed (the notice goes into the cached body's copy), and its
// ETag is one of its own, so that no cache mixes the page with its plain form.
func staleNotice(c echo.Context, st db.Replication, next echo.HandlerFunc) error {
	c.Request().Header.Del("Accept-Encoding")
	c.Request().Header.Del("If-None-Match")
	w := &capture{ResponseWriter: c.Response().Writer, status: http.StatusOK}
	c.Response().Writer = w
	err := next(c)
	c.Response().Writer = w.ResponseWriter
	if !w.wrote {
		return err
	}
	body := w.buf.Bytes()
	h := w.Header()
	if w.status == http.StatusOK && strings.HasPrefix(h.Get("Content-Type"), "text/html") && h.Get("Content-Encoding") == "" {
		lang := langOf(c)
		since := text.T(lang, "stale.unknown")
		if !st.ReplayedAt.IsZero() {
			since = st.ReplayedAt.UTC().Format("2006-01-02 15:04:05") + " UTC"
		}
		notice := `<p class="stale-notice" role="status">` + html.EscapeString(text.T(lang, "stale.notice")+" "+since) + "</p>\n"
		if i := mainStart(body); i >= 0 {
			body = append(append(append([]byte{}, body[:i]...), notice...), body[i:]...)
			if etag := h.Get("ETag"); etag != "" {
				h.Set("ETag", `W/"stale-`+strconv.FormatInt(st.ReplayedAt.Unix(), 10)+"-"+strings.Trim(strings.TrimPrefix(etag, "W/"), `"`)+`"`)
			}
		}
	}
	h.Del("Content-Length")
	w.ResponseWriter.WriteHeader(w.status)
	if _, werr := w.ResponseWriter.Write(body); werr != nil && err == nil {
		err = werr
	}
	return err
}

// mainStart is where the content of the page's <main> element begins (after its start tag), or -1.
func mainStart(body []byte) int {
	i := bytes.Index(body, []byte("<main"))
	if i < 0 || i+5 >= len(body) || (body[i+5] != '>' && body[i+5] != ' ') {
		return -1
	}
	end := bytes.IndexByte(body[i:], '>')
	if end < 0 {
		return -1
	}
	return i + end + 1
}

// isPage reports whether path is one of the HTML pages (not a static file, a download, the API or a probe).
func isPage(path string) bool {
	for _, p := range []string{"/static/", "/api/", "/export/", "/readyz", "/healthz", "/metrics"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return !strings.Contains(path[strings.LastIndex(path, "/")+1:], ".")
}

// capture holds a response back (status and body) so that staleNotice can change it.
type capture struct {
	http.ResponseWriter
	buf    bytes.Buffer
	status int
	wrote  bool
}

func (w *capture) WriteHeader(code int) { w.status, w.wrote = code, true }

func (w *capture) Write(b []byte) (int, error) {
	w.wrote = true
	return w.buf.Write(b)
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
