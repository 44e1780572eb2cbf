package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/db"
)

// cache is the page cache (dashboard/pagecache) over the store: the loaders every render reads through. Each
// takes the render's snapshot, so what a page reads is what it depends on (the rule in pagecache's doc); the
// store is read nowhere else inside a render.
type cache struct {
	pc      *pagecache.Cache
	store   Store
	timeout time.Duration
	base    context.Context // of the loads: a load outlives the request that asked first, not the server
}

func newCache(base context.Context, store Store, opts Options) *cache {
	c := &cache{store: store, timeout: opts.QueryTimeout, base: base}
	c.pc = pagecache.New(pagecache.Config{
		Versions: func(ctx context.Context) (pagecache.Versions, error) {
			v, err := db.RetryRead(ctx, store.DataVersions)
			return pagecache.Versions{Indicators: v.Indicators, Shared: v.Shared, Catalogue: v.Catalogue, Total: v.Total}, err
		},
		Interval: opts.VersionInterval,
		Timeout:  min(opts.QueryTimeout, 2*time.Second),
		Budget:   opts.CacheBytes,
		MaxEntry: opts.CacheMaxEntry,
		Log:      opts.Logger,
	})
	return c
}

// IndicatorData is what one indicator's page, downloads and API entry are built from: four queries.
type IndicatorData struct {
	Indicator    db.Indicator
	Observations []db.Observation // every vintage, of one region (CN unless asked); in AllData yearly rows only
	Targets      []db.Target
	Events       []db.Event // of this indicator or of all
	Provinces    bool       // some province has a figure or a target of it (not in AllData)
}

// AllData is what the overview is built from: every indicator with its rows, in four queries. It holds the
// yearly rows only (month 0): the overview, the list API and the comparison's choices draw years, not months.
type AllData struct {
	Indicators []IndicatorData // in display order
}

// load reads through the cache: once per version of dep, retried after a lost connection, detached from the
// request that asked first (others wait for the same load) and bounded. ctx is the request's: a load runs
// under the server's base context, so that it ends when the server closes.
func load[T any](_ context.Context, c *cache, snap *pagecache.Snapshot, key string, dep pagecache.Dep, read func(context.Context) (T, error)) (T, error) {
	return pagecache.Load(snap, key, dep, func() (T, int64, error) {
		ctx, cancel := context.WithTimeout(c.base, c.timeout)
		defer cancel()
		v, err := db.RetryRead(ctx, read)
		if err != nil {
			return v, 0, unavailable(err)
		}
		return v, pagecache.SizeOf(v), nil
	})
}

// The loads below read the data as of asOf ("" = today, see db.AsOf), under keys that name it. The rows of a
// past date depend on the same data as today's: loading a figure of any date changes the counts of
// migrations/0006, which drops them.

// indicator loads the rows of one indicator in one region; an unknown code or region is a 404.
func (c *cache) indicator(ctx context.Context, snap *pagecache.Snapshot, code, region string, asOf db.AsOf) (*IndicatorData, error) {
	key := "ind:" + code + "@" + asOf
	if region != national {
		if err := c.knownRegion(ctx, snap, region); err != nil {
			return nil, err
		}
		key += "@" + region
	}
	return load(ctx, c, snap, key, pagecache.DepIndicator(code), func(ctx context.Context) (*IndicatorData, error) {
		return c.loadIndicator(ctx, code, region, asOf)
	})
}

func (c *cache) loadIndicator(ctx context.Context, code, region string, asOf db.AsOf) (*IndicatorData, error) {
	return consistently(ctx, c.store, func(c loader) (*IndicatorData, error) { return c.loadIndicator(ctx, code, region, asOf) })
}

func (c loader) loadIndicator(ctx context.Context, code, region string, asOf db.AsOf) (*IndicatorData, error) {
	in, err := c.store.Indicator(ctx, code)
	if errors.Is(err, db.ErrNotFound) {
		return nil, &Error{Status: http.StatusNotFound, Key: "err.indicator_not_found", Err: err}
	}
	if err != nil {
		return nil, err
	}
	d := &IndicatorData{Indicator: in}
	if d.Observations, err = c.store.Observations(ctx, code, region, asOf); err != nil {
		return nil, err
	}
	if d.Provinces, err = c.store.HasProvinces(ctx, code); err != nil {
		return nil, err
	}
	if d.Targets, err = c.store.Targets(ctx, code, asOf); err != nil {
		return nil, err
	}
	events, err := c.store.Events(ctx, asOf)
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

// catalogue loads every indicator's catalogue entry, in display order.
func (c *cache) catalogue(ctx context.Context, snap *pagecache.Snapshot) ([]db.Indicator, error) {
	return load(ctx, c, snap, "catalogue", pagecache.DepCatalogue(), c.store.Indicators)
}

// all loads every indicator with its rows.
func (c *cache) all(ctx context.Context, snap *pagecache.Snapshot, asOf db.AsOf) (*AllData, error) {
	return load(ctx, c, snap, "all@"+asOf, pagecache.DepAll(), func(ctx context.Context) (*AllData, error) {
		return c.loadAll(ctx, asOf)
	})
}

// sources loads the list of sources (counted in no indicator's version: it depends on everything).
func (c *cache) sources(ctx context.Context, snap *pagecache.Snapshot, asOf db.AsOf) ([]db.Source, error) {
	return load(ctx, c, snap, "sources@"+asOf, pagecache.DepAll(), func(ctx context.Context) ([]db.Source, error) {
		return c.store.Sources(ctx, asOf)
	})
}

// events loads every event.
func (c *cache) events(ctx context.Context, snap *pagecache.Snapshot, asOf db.AsOf) ([]db.Event, error) {
	return load(ctx, c, snap, "events@"+asOf, pagecache.DepAll(), func(ctx context.Context) ([]db.Event, error) {
		return c.store.Events(ctx, asOf)
	})
}

// current loads every indicator with its current yearly rows: what the overview draws (the cards' latest
// values and sparklines, the statuses of the targets; never an earlier vintage). Today's rows come from the
// summary of migrations/0015, a few pages however many rows observations holds; a past date ranks the
// vintages published by then, as all does.
func (c *cache) current(ctx context.Context, snap *pagecache.Snapshot, asOf db.AsOf) (*AllData, error) {
	if asOf != "" {
		return c.all(ctx, snap, asOf)
	}
	return load(ctx, c, snap, "current", pagecache.DepAll(), func(ctx context.Context) (*AllData, error) {
		return consistently(ctx, c.store, func(l loader) (*AllData, error) {
			return l.loadAllOf(ctx, "", func() ([]db.Observation, error) { return l.store.CurrentYearly(ctx, national) })
		})
	})
}

func (c *cache) loadAll(ctx context.Context, asOf db.AsOf) (*AllData, error) {
	return consistently(ctx, c.store, func(c loader) (*AllData, error) {
		return c.loadAllOf(ctx, asOf, func() ([]db.Observation, error) {
			return c.store.YearlyObservations(ctx, national, asOf)
		})
	})
}

// loadAllOf is every indicator with the national rows that yearly reads, their targets and the events.
func (c loader) loadAllOf(ctx context.Context, asOf db.AsOf, yearly func() ([]db.Observation, error)) (*AllData, error) {
	ins, err := c.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	obs, err := yearly()
	if err != nil {
		return nil, err
	}
	targets, err := c.store.Targets(ctx, "", asOf)
	if err != nil {
		return nil, err
	}
	events, err := c.store.Events(ctx, asOf)
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
	// The rows come ordered by indicator: each indicator's run is a subslice of obs (capped, so that an append
	// to one never writes over the next), not a copy grown row by row.
	for i := 0; i < len(obs); {
		j := i + 1
		for j < len(obs) && obs[j].Indicator == obs[i].Indicator {
			j++
		}
		if d := byCode[obs[i].Indicator]; d != nil {
			if d.Observations == nil {
				d.Observations = obs[i:j:j]
			} else {
				d.Observations = append(d.Observations, obs[i:j]...) // not ordered after all: still every row
			}
		}
		i = j
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
	if err == nil || errors.As(err, &ue) || errors.Is(err, db.ErrNotFound) {
		return err
	}
	return &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
}

// serveCached answers with a page from the cache of the current data, rendering it on a miss. key must hold
// everything the body depends on (route, codes, view state) but the data: render loads that through its
// snapshot (s.cache.indicator, s.cache.all, ...) and the entry lives as long as that data does not change.
func (s *Server) serveCached(c echo.Context, key, contentType string, render func(*pagecache.Snapshot) ([]byte, error)) error {
	return s.serveContent(c, key, func(snap *pagecache.Snapshot) (pagecache.Content, error) {
		body, err := render(snap)
		return pagecache.Content{Type: contentType, Body: body}, err
	})
}

// serveContent is serveCached for a render that sets more than the body (a download's file name).
func (s *Server) serveContent(c echo.Context, key string, render func(*pagecache.Snapshot) (pagecache.Content, error)) error {
	snap, err := s.cache.pc.Current(c.Request().Context())
	if err != nil {
		return unavailable(err)
	}
	key += "|" + strconv.Itoa(s.asOf()) // statuses move with the year, not only with the data
	b, err := snap.Page(key, render)
	if err != nil {
		return err
	}
	return writeBody(c, b)
}

// writeBody writes b, gzipped when the client accepts it, or 304 when the client has that representation.
func writeBody(c echo.Context, b *pagecache.Body) error {
	data, etag, gzipped := b.For(c.Request().Header.Get("Accept-Encoding"))
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding, Cookie, Accept-Language")
	if b.Disposition != "" {
		h.Set("Content-Disposition", b.Disposition)
	}
	if tag, ok := b.NotModified(c.Request().Header.Get("If-None-Match"), etag); ok {
		h.Set("ETag", tag)
		return c.NoContent(http.StatusNotModified)
	}
	if gzipped {
		h.Set("Content-Encoding", "gzip")
	}
	return c.Blob(http.StatusOK, b.Type, data)
}
