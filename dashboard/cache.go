package dashboard

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/db"
)

// cache holds what pages are made of, for one data version at a time: the rows loaded from the store and
// the rendered bytes. A new data version (a seed run that changed something) starts an empty snapshot.
type cache struct {
	store    Store
	interval time.Duration
	timeout  time.Duration
	max      int
	log      *slog.Logger

	mu      sync.Mutex
	snap    *snapshot
	checked time.Time

	hits, misses atomic.Int64 // responses served from the rendered cache, and rendered (for /metrics)
}

// snapshot is the cache of one data version.
type snapshot struct {
	version int64
	data    memo // loaded rows: "ind:<code>", "all"
	pages   memo // rendered responses by key
}

func newCache(store Store, interval, timeout time.Duration, max int, log *slog.Logger) *cache {
	return &cache{store: store, interval: interval, timeout: timeout, max: max, log: log}
}

// current is the snapshot of the current data version. The version is asked at most once per interval; when
// the database does not answer, the last snapshot keeps being served (pages already cached stay available).
func (c *cache) current(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	snap, checked := c.snap, c.checked
	c.mu.Unlock()
	if snap != nil && c.interval > 0 && time.Since(checked) < c.interval {
		return snap, nil
	}
	vctx, cancel := context.WithTimeout(ctx, min(c.timeout, 2*time.Second))
	v, err := retryRead(vctx, c.store.DataVersion)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = time.Now()
	if err != nil {
		if c.snap != nil {
			c.log.Warn("data version unavailable; serving the cached version", "version", c.snap.version, "err", err)
			return c.snap, nil
		}
		return nil, &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
	}
	if c.snap == nil || c.snap.version != v {
		c.snap = &snapshot{version: v, data: memo{max: c.max}, pages: memo{max: c.max}}
	}
	return c.snap, nil
}

// IndicatorData is what one indicator's page, downloads and API entry are built from: four queries.
type IndicatorData struct {
	Indicator    db.Indicator
	Observations []db.Observation // every vintage, national (CN)
	Targets      []db.Target
	Events       []db.Event
}

// AllData is what the overview is built from: every indicator with its rows, in four queries.
type AllData struct {
	Indicators []IndicatorData // in display order
}

// region is the region the pages show; provinces fit the schema but have no pages yet.
const region = "CN"

// indicator loads (once per data version) the rows of one indicator; an unknown code is a 404.
func (c *cache) indicator(ctx context.Context, snap *snapshot, code string) (*IndicatorData, error) {
	v, err := snap.data.get("ind:"+code, func() (any, error) {
		ctx, cancel := c.loadCtx(ctx)
		defer cancel()
		d, err := retryRead(ctx, func(ctx context.Context) (*IndicatorData, error) { return c.loadIndicator(ctx, code) })
		return d, unavailable(err)
	})
	if err != nil {
		return nil, err
	}
	return v.(*IndicatorData), nil
}

func (c *cache) loadIndicator(ctx context.Context, code string) (*IndicatorData, error) {
	in, err := c.store.Indicator(ctx, code)
	if errors.Is(err, db.ErrNotFound) {
		return nil, notFound("err.indicator_not_found")
	}
	if err != nil {
		return nil, err
	}
	d := &IndicatorData{Indicator: in}
	if d.Observations, err = c.store.Observations(ctx, code, region); err != nil {
		return nil, err
	}
	if d.Targets, err = c.store.Targets(ctx, code); err != nil {
		return nil, err
	}
	if d.Events, err = c.store.Events(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// all loads (once per data version) every indicator with its rows.
func (c *cache) all(ctx context.Context, snap *snapshot) (*AllData, error) {
	v, err := snap.data.get("all", func() (any, error) {
		ctx, cancel := c.loadCtx(ctx)
		defer cancel()
		d, err := retryRead(ctx, c.loadAll)
		return d, unavailable(err)
	})
	if err != nil {
		return nil, err
	}
	return v.(*AllData), nil
}

func (c *cache) loadAll(ctx context.Context) (*AllData, error) {
	ins, err := c.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	obs, err := c.store.Observations(ctx, "", region)
	if err != nil {
		return nil, err
	}
	targets, err := c.store.Targets(ctx, "")
	if err != nil {
		return nil, err
	}
	events, err := c.store.Events(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*IndicatorData{}
	out := &AllData{Indicators: make([]IndicatorData, len(ins))}
	for i, in := range ins {
		out.Indicators[i] = IndicatorData{Indicator: in, Events: events}
		byCode[in.Code] = &out.Indicators[i]
	}
	for _, o := range obs {
		if d := byCode[o.Indicator]; d != nil {
			d.Observations = append(d.Observations, o)
		}
	}
	for _, t := range targets {
		if d := byCode[t.Indicator]; d != nil {
			d.Targets = append(d.Targets, t)
		}
	}
	return out, nil
}

// unavailable makes a failed load a 503 (the database did not answer as it should); errors meant for the
// user (an unknown indicator) pass through.
func unavailable(err error) error {
	var ue *Error
	if err == nil || errors.As(err, &ue) {
		return err
	}
	return &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
}

// readRetries is how many times a read runs again after a lost connection.
const readRetries = 2

// retryRead runs read, and again (up to readRetries times, with a growing pause) while it fails on a lost
// connection: a PostgreSQL restart breaks every pooled connection, and the first query on each fails with
// 57P01. Only reads come here, so running one twice is harmless. It never outlives ctx's deadline.
func retryRead[T any](ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	pause := 50 * time.Millisecond
	for attempt := 0; ; attempt++ {
		v, err := read(ctx)
		if err == nil || attempt == readRetries || !db.IsRetryable(err) {
			return v, err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return v, err
		case <-t.C:
		}
		pause *= 4
	}
}

// loadCtx detaches a load from the request that triggered it (other requests wait for the same load) and
// bounds it.
func (c *cache) loadCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), c.timeout)
}

// Rendered is a response body kept in the cache, with its gzip form and its ETag.
type Rendered struct {
	ContentType string
	Body, Gzip  []byte
	ETag        string
}

func newRendered(version int64, contentType string, body []byte) (*Rendered, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	etag := `"` + strconv.FormatInt(version, 10) + "-" + hex.EncodeToString(sum[:8]) + `"`
	return &Rendered{ContentType: contentType, Body: body, Gzip: buf.Bytes(), ETag: etag}, nil
}

// serveCached answers from the rendered cache of the current data version, rendering on a miss. key must
// hold everything the body depends on (route, codes, view state). The response revalidates by ETag.
func (s *Server) serveCached(c echo.Context, key, contentType string, render func(*snapshot) ([]byte, error)) error {
	ctx := c.Request().Context()
	snap, err := s.cache.current(ctx)
	if err != nil {
		return err
	}
	missed := false
	v, err := snap.pages.get(key, func() (any, error) {
		missed = true
		body, err := render(snap)
		if err != nil {
			return nil, err
		}
		return newRendered(snap.version, contentType, body)
	})
	if missed {
		s.cache.misses.Add(1)
	} else {
		s.cache.hits.Add(1)
	}
	if err != nil {
		return err
	}
	return writeRendered(c, v.(*Rendered))
}

// writeRendered writes r, gzipped when the client accepts it, or 304 when the client has it.
func writeRendered(c echo.Context, r *Rendered) error {
	h := c.Response().Header()
	h.Set("ETag", r.ETag)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding, Cookie, Accept-Language")
	if etagMatch(c.Request().Header.Get("If-None-Match"), r.ETag) {
		return c.NoContent(http.StatusNotModified)
	}
	if acceptsGzip(c.Request()) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, r.ContentType, r.Gzip)
	}
	return c.Blob(http.StatusOK, r.ContentType, r.Body)
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// memo computes each key once; concurrent callers of a key wait for the one computation. Errors are not
// kept, so the next request retries. Beyond max entries new results are computed but not kept, which
// bounds memory whatever URLs clients make up.
type memo struct {
	mu  sync.Mutex
	m   map[string]*memoEntry
	max int
}

type memoEntry struct {
	done chan struct{}
	val  any
	err  error
}

func (m *memo) get(key string, load func() (any, error)) (val any, err error) {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[string]*memoEntry{}
	}
	if e, ok := m.m[key]; ok {
		m.mu.Unlock()
		<-e.done
		return e.val, e.err
	}
	if len(m.m) >= m.max {
		m.mu.Unlock()
		return load()
	}
	e := &memoEntry{done: make(chan struct{})}
	m.m[key] = e
	m.mu.Unlock()

	defer func() {
		if r := recover(); r != nil {
			e.err = fmt.Errorf("panic while computing %s: %v", key, r)
		}
		if e.err != nil {
			m.mu.Lock()
			delete(m.m, key)
			m.mu.Unlock()
		}
		close(e.done)
		val, err = e.val, e.err
	}()
	e.val, e.err = load()
	return e.val, e.err
}
