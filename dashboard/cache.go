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
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/db"
)

// cache holds what pages are made of: the rows loaded from the store and the rendered bytes, each entry with
// what it was made from (one indicator, a few, the list of indicators, or everything). A change to the data
// (db.DataVersions, counted by the database for every writer) starts a new snapshot that keeps the entries
// whose sources did not change: a seed that changes one indicator's figures drops that indicator's pages, the
// comparisons that show it and what shows every indicator (the overview, the lists), and leaves every other
// page, and its ETag, as it was.
type cache struct {
	store    Store
	interval time.Duration
	timeout  time.Duration
	max      int
	log      *slog.Logger

	mu               sync.Mutex
	snap             *snapshot
	checked          time.Time
	asked, installed uint64 // version reads started, and the last one whose answer was installed

	hits, misses atomic.Int64 // responses served from the rendered cache, and rendered (for /metrics)
}

// snapshot is the cache for one state of the data.
type snapshot struct {
	versions db.DataVersions
	data     *memo // loaded rows: "ind:<code>", "all"
	pages    *memo // rendered responses by key
	uses     *uses // what the render holding this copy read; nil outside a render
}

func newSnapshot(v db.DataVersions, max int) *snapshot {
	return &snapshot{versions: v, data: &memo{max: max}, pages: &memo{max: max}}
}

// next is the snapshot of the data in state v: the entries of s made from what did not change between the two
// states are carried over (the same bytes, the same ETag), the others are made again when asked.
func (s *snapshot) next(v db.DataVersions) *snapshot {
	n := newSnapshot(v, s.data.max)
	unchanged := func(d dependency) bool { return d.version(s.versions) == d.version(v) }
	n.data.carry(s.data, unchanged)
	n.pages.carry(s.pages, unchanged)
	return n
}

// recording is a copy of s for one render, which notes what the render reads through the cache.
func (s *snapshot) recording() *snapshot {
	r := *s
	r.uses = &uses{}
	return &r
}

func newCache(store Store, interval, timeout time.Duration, max int, log *slog.Logger) *cache {
	return &cache{store: store, interval: interval, timeout: timeout, max: max, log: log}
}

// current is the snapshot of the current data. The versions are asked at most once per interval, in one query;
// when the database does not answer, the last snapshot keeps being served (pages already cached stay available).
func (c *cache) current(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	if c.snap != nil && c.interval > 0 && time.Since(c.checked) < c.interval {
		defer c.mu.Unlock()
		return c.snap, nil
	}
	c.asked++
	ticket := c.asked
	c.mu.Unlock()

	vctx, cancel := context.WithTimeout(ctx, min(c.timeout, 2*time.Second))
	v, err := retryRead(vctx, c.store.DataVersions)
	cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked = time.Now()
	if err != nil {
		if c.snap != nil {
			c.log.Warn("data versions unavailable; serving the cached data", "version", c.snap.versions.Total, "err", err)
			return c.snap, nil
		}
		return nil, &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
	}
	if ticket < c.installed { // a read asked later has answered first: it is at least as new as this one
		return c.snap, nil
	}
	c.installed = ticket
	switch {
	case c.snap == nil:
		c.snap = newSnapshot(v, c.max)
	case !sameVersions(c.snap.versions, v):
		c.snap = c.snap.next(v)
	}
	return c.snap, nil
}

func sameVersions(a, b db.DataVersions) bool {
	return a.Total == b.Total && a.Shared == b.Shared && a.Catalogue == b.Catalogue && maps.Equal(a.Indicators, b.Indicators)
}

// dependency is what a cache entry was made from: some indicators and perhaps the list of indicators (with
// what every indicator shows), or everything.
type dependency struct {
	all       bool
	codes     []string
	catalogue bool // the list of indicators
}

// version is the state of what d depends on. Counts only grow, so it changes exactly when one of them does.
func (d dependency) version(v db.DataVersions) int64 {
	if d.all {
		return v.Total
	}
	n := v.Shared
	for _, code := range d.codes {
		n += v.Indicators[code]
	}
	if d.catalogue {
		n += v.Catalogue
	}
	return n
}

// uses records what one render reads through the cache (cache.indicator, cache.all). A render that reads
// nothing through it (the list of sources, of events) read the store directly: it depends on everything.
type uses struct {
	mu        sync.Mutex
	all       bool
	codes     map[string]bool
	catalogue bool
}

func (u *uses) indicator(code string) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.codes == nil {
		u.codes = map[string]bool{}
	}
	u.codes[code] = true
}

func (u *uses) list() {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.catalogue = true
}

func (u *uses) everything() {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.all = true
}

func (u *uses) dependency() dependency {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.all || (len(u.codes) == 0 && !u.catalogue) {
		return dependency{all: true}
	}
	return dependency{codes: slices.Sorted(maps.Keys(u.codes)), catalogue: u.catalogue}
}

// IndicatorData is what one indicator's page, downloads and API entry are built from: four queries.
type IndicatorData struct {
	Indicator    db.Indicator
	Observations []db.Observation // every vintage, national (CN); in AllData yearly rows only
	Targets      []db.Target
	Events       []db.Event // of this indicator or of all
}

// AllData is what the overview is built from: every indicator with its rows, in four queries. It holds the
// yearly rows only (month 0): the overview, the list API and the comparison's choices draw years, not months.
type AllData struct {
	Indicators []IndicatorData // in display order
}

// region is the region the pages show; provinces fit the schema but have no pages yet.
const region = "CN"

// indicator loads (once per version of its data) the rows of one indicator; an unknown code is a 404.
func (c *cache) indicator(ctx context.Context, snap *snapshot, code string) (*IndicatorData, error) {
	snap.uses.indicator(code)
	v, err := snap.data.get("ind:"+code, func() (any, dependency, error) {
		ctx, cancel := c.loadCtx(ctx)
		defer cancel()
		d, err := retryRead(ctx, func(ctx context.Context) (*IndicatorData, error) { return c.loadIndicator(ctx, code) })
		return d, dependency{codes: []string{code}}, unavailable(err)
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
	events, err := c.store.Events(ctx)
	if err != nil {
		return nil, err
	}
	// Only the events the page shows (trend.Build keeps the same ones), so that the entry depends on this
	// indicator's data and the shared data alone.
	for _, e := range events {
		if e.Indicator == "" || e.Indicator == code {
			d.Events = append(d.Events, e)
		}
	}
	return d, nil
}

// catalogue loads (once per version of the list) every indicator's catalogue entry, in display order.
func (c *cache) catalogue(ctx context.Context, snap *snapshot) ([]db.Indicator, error) {
	snap.uses.list()
	v, err := snap.data.get("catalogue", func() (any, dependency, error) {
		ctx, cancel := c.loadCtx(ctx)
		defer cancel()
		ins, err := retryRead(ctx, c.store.Indicators)
		return ins, dependency{catalogue: true}, unavailable(err)
	})
	if err != nil {
		return nil, err
	}
	return v.([]db.Indicator), nil
}

// all loads (once per version of the data) every indicator with its rows.
func (c *cache) all(ctx context.Context, snap *snapshot) (*AllData, error) {
	snap.uses.everything()
	v, err := snap.data.get("all", func() (any, dependency, error) {
		ctx, cancel := c.loadCtx(ctx)
		defer cancel()
		d, err := retryRead(ctx, c.loadAll)
		return d, dependency{all: true}, unavailable(err)
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
	obs, err := c.store.YearlyObservations(ctx, region)
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
	return groupAll(ins, obs, targets, events), nil
}

// groupAll gives each indicator its rows.
func groupAll(ins []db.Indicator, obs []db.Observation, targets []db.Target, events []db.Event) *AllData {
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
	return out
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

// serveCached answers from the rendered cache of the current data, rendering on a miss. key must hold
// everything the body depends on (route, codes, view state) but the data: what the render reads through the
// cache (cache.indicator, cache.all) is noted, and the entry lives as long as that data does not change. The
// response revalidates by ETag: the version of that data and a hash of the body.
func (s *Server) serveCached(c echo.Context, key, contentType string, render func(*snapshot) ([]byte, error)) error {
	ctx := c.Request().Context()
	snap, err := s.cache.current(ctx)
	if err != nil {
		return err
	}
	key += "|" + strconv.Itoa(s.asOf()) // statuses move with the year, not only with the data
	missed := false
	v, err := snap.pages.get(key, func() (any, dependency, error) {
		missed = true
		rs := snap.recording()
		body, err := render(rs)
		if err != nil {
			return nil, dependency{}, err
		}
		dep := rs.uses.dependency()
		r, err := newRendered(dep.version(snap.versions), contentType, body)
		return r, dep, err
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
	dep  dependency // what val was made from
	err  error
}

func (m *memo) get(key string, load func() (any, dependency, error)) (val any, err error) {
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
		val, _, err := load()
		return val, err
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
	e.val, e.dep, e.err = load()
	return e.val, e.err
}

// carry puts into m (new, empty) the finished entries of old for which keep holds. Entries still being
// computed stay behind: they may come from the data before the change.
func (m *memo) carry(old *memo, keep func(dependency) bool) {
	old.mu.Lock()
	defer old.mu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]*memoEntry{}
	}
	for key, e := range old.m {
		select {
		case <-e.done:
			if e.err == nil && keep(e.dep) && len(m.m) < m.max {
				m.m[key] = e
			}
		default:
		}
	}
}
