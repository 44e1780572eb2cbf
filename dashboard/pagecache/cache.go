package pagecache

import (
	"container/list"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"
)

// Config configures a Cache.
type Config struct {
	// Versions reads the current counts of changes (one query; the caller retries lost connections).
	Versions func(context.Context) (Versions, error)
	// Interval is how long a read of the versions is trusted; 0 or less: read on every Current.
	Interval time.Duration
	// Timeout bounds one read of the versions (default 2 s).
	Timeout time.Duration
	// Budget is the bytes the entries may take together (default 64 MB).
	Budget int64
	// MaxEntry is the size above which an entry is served but not kept (default Budget/16).
	MaxEntry int64
	Log      *slog.Logger
}

// Cache is the cache of one store's data. Its zero value is not usable: use New.
type Cache struct {
	cfg Config

	snapMu           sync.Mutex // guards snap, checked, asked, installed
	snap             *Snapshot
	checked          time.Time
	asked, installed uint64 // version reads started, and the last one whose answer was installed

	mu      sync.Mutex // guards entries, order, bytes, and reads snap (taken after snapMu, never before)
	entries map[string]*entry
	order   list.List // of *entry, most recently used first
	bytes   int64

	flight singleflight.Group
	stats  Stats
}

// Stats counts what the cache did, for /metrics and tests.
type Stats struct {
	Hits      atomic.Int64 // pages served from the cache (waiting for another request's render included)
	Renders   atomic.Int64 // pages rendered
	Loads     atomic.Int64 // data loads run
	Evictions atomic.Int64 // entries dropped to stay within the budget
}

type entry struct {
	key  string
	val  any
	size int64
	dep  Dep
	ver  int64 // dep.version of the state it was made from
	elem *list.Element
}

// entryOverhead is what an entry costs beyond its value and key: the entry, its list element, the map slot.
const entryOverhead = 160

// New makes a cache with cfg's defaults filled in.
func New(cfg Config) *Cache {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.Budget <= 0 {
		cfg.Budget = 64 << 20
	}
	if cfg.MaxEntry <= 0 {
		cfg.MaxEntry = cfg.Budget / 16
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Cache{cfg: cfg, entries: map[string]*entry{}}
}

// Stats are the cache's counters.
func (c *Cache) Stats() *Stats { return &c.stats }

// Bytes is what the kept entries take, as the cache counts them.
func (c *Cache) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

// Len is the number of kept entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Current is the snapshot of the current data. The versions are read at most once per Interval; when they
// cannot be read, the last snapshot keeps being served (what is cached stays available), and with none yet
// the error is returned.
func (c *Cache) Current(ctx context.Context) (*Snapshot, error) {
	c.snapMu.Lock()
	if c.snap != nil && c.cfg.Interval > 0 && time.Since(c.checked) < c.cfg.Interval {
		defer c.snapMu.Unlock()
		return c.snap, nil
	}
	c.asked++
	ticket := c.asked
	c.snapMu.Unlock()

	vctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	v, err := c.cfg.Versions(vctx)
	cancel()
	c.snapMu.Lock()
	defer c.snapMu.Unlock()
	c.checked = time.Now()
	if err != nil {
		if c.snap != nil {
			c.cfg.Log.Warn("data versions unavailable; serving the cached data", "version", c.snap.v.Total, "err", err)
			return c.snap, nil
		}
		return nil, fmt.Errorf("data versions: %w", err)
	}
	if ticket < c.installed { // a read asked later has answered first: it is at least as new as this one
		return c.snap, nil
	}
	c.installed = ticket
	if c.snap == nil || !c.snap.v.same(v) {
		c.mu.Lock()
		c.snap = &Snapshot{c: c, v: v}
		c.dropStale()
		c.mu.Unlock()
	}
	return c.snap, nil
}

// dropStale removes the entries whose data changed in the current snapshot. Called with mu held.
func (c *Cache) dropStale() {
	for _, e := range c.entries {
		if e.dep.version(c.snap.v) != e.ver {
			c.remove(e)
		}
	}
}

func (c *Cache) remove(e *entry) {
	c.order.Remove(e.elem)
	delete(c.entries, e.key)
	c.bytes -= e.size
}

// lookup finds key's value as of s.
func (c *Cache) lookup(s *Snapshot, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil || e.dep.version(s.v) != e.ver {
		return nil, false
	}
	if c.order.Front() != e.elem { // a hot page is at the front already: no write
		c.order.MoveToFront(e.elem)
	}
	return e.val, true
}

// keep stores val under key, made from dep as of s, unless it is too large or its data has changed since s
// (it would be stale for everyone who asks next). The least recently used entries make room.
func (c *Cache) keep(s *Snapshot, key string, val any, size, limit int64, dep Dep) {
	size += int64(len(key)) + entryOverhead
	if size > limit {
		return
	}
	ver := dep.version(s.v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && dep.version(c.snap.v) != ver {
		return
	}
	if old := c.entries[key]; old != nil {
		c.remove(old)
	}
	e := &entry{key: key, val: val, size: size, dep: dep, ver: ver}
	e.elem = c.order.PushFront(e)
	c.entries[key] = e
	c.bytes += size
	for c.bytes > c.cfg.Budget {
		c.remove(c.order.Back().Value.(*entry))
		c.stats.Evictions.Add(1)
	}
}

// once runs compute for key as of s, one caller at a time: concurrent callers wait for the first and share its
// result. A panic in compute is an error for every caller, not a crash.
func (c *Cache) once(s *Snapshot, key string, compute func() (any, error)) (val any, shared bool, err error) {
	fkey := strconv.FormatInt(s.v.Total, 10) + "\x00" + key
	ran := false
	val, err, _ = c.flight.Do(fkey, func() (v any, err error) {
		if v, ok := c.lookup(s, key); ok { // kept by a flight that ended after our lookup
			return v, nil
		}
		ran = true
		defer func() {
			if r := recover(); r != nil {
				v, err = nil, fmt.Errorf("pagecache: panic while computing %s: %v", key, r)
			}
		}()
		return compute()
	})
	return val, !ran, err
}

// maxData is the largest row set kept: row sets are few and each is shared by many pages, so a large one
// (every indicator's rows) may take up to half the budget rather than be read again for every page that
// shows it. The budget bounds them with the bodies, whatever keys clients make (an as-of date, a region).
func (c *Cache) maxData() int64 { return max(c.cfg.MaxEntry, c.cfg.Budget/2) }

// Snapshot is one state of the data, as a request sees it. The snapshot Page passes to a render also records
// what the render loads through it.
type Snapshot struct {
	c    *Cache
	v    Versions
	uses *uses // nil outside a render
}

// Versions is the state of the data this snapshot is of.
func (s *Snapshot) Versions() Versions { return s.v }

// recording is a copy of s for one render.
func (s *Snapshot) recording() *Snapshot {
	return &Snapshot{c: s.c, v: s.v, uses: &uses{}}
}

// Load is the value under key as of s, made by load (once for concurrent callers) when the cache does not
// hold it. dep is what load reads; it is recorded in the render that s belongs to. load returns the value
// and its size in bytes (SizeOf estimates one); an error is returned and not kept.
func Load[T any](s *Snapshot, key string, dep Dep, load func() (T, int64, error)) (T, error) {
	s.uses.add(dep)
	key = "data:" + key
	if v, ok := s.c.lookup(s, key); ok {
		return v.(T), nil
	}
	v, _, err := s.c.once(s, key, func() (any, error) {
		s.c.stats.Loads.Add(1)
		val, size, err := load()
		if err != nil {
			return nil, err
		}
		s.c.keep(s, key, val, size, s.c.maxData(), dep)
		return val, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
