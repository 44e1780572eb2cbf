package dashboard

import (
	_ "embed"
	"encoding/json"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

// The JSON API, version 1: what the pages show, for programs. Documented by openapi.json (served at
// /api/v1/openapi.json; a test validates every real response against it). Responses are cached per data
// version and revalidate by ETag like the pages.

//go:embed openapi.json
var openAPIDocument []byte

const jsonType = "application/json; charset=utf-8"

func (s *Server) apiOpenAPI(c echo.Context) error {
	return s.serveCached(c, "api:openapi", jsonType, func(*pagecache.Snapshot) ([]byte, error) { return openAPIDocument, nil })
}

func marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func apiIndicator(tr trend.Trend, v View) export.APIIndicator {
	code := tr.Indicator.Code
	out := export.APIIndicator{IndicatorJSON: export.NewIndicator(tr.Indicator, tr.Lang), Targets: []export.TargetJSON{}}
	if p, ok := tr.Latest(); ok {
		c := export.NewChartPoint(p)
		out.Latest = &c
	}
	for _, tv := range tr.Targets {
		out.Targets = append(out.Targets, export.NewTarget(tv))
	}
	lang := "?lang=" + tr.Lang
	base := "/api/v1/indicators/" + code
	out.Links = export.APILinks{Self: base + lang, Series: base + "/series", Targets: base + "/targets" + lang,
		Page: v.Link("/indicators/" + code), CSV: v.Link("/indicators/" + code + "/data.csv"),
		JSON: v.Link("/indicators/" + code + "/data.json"), XLSX: v.Link("/indicators/" + code + "/data.xlsx")}
	return out
}

// apiView is the view of an API request: the language only; the whole range.
func apiView(c echo.Context) (View, error) {
	v, err := parseView(c)
	if err != nil {
		return v, err
	}
	v.From, v.To = 0, 0
	return v, nil
}

func (s *Server) apiIndicators(c echo.Context) error {
	v, err := apiView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "api:indicators?"+v.key(), jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		if v.Region != national {
			if err := s.cache.knownRegion(ctx, snap, v.Region); err != nil {
				return nil, err
			}
		}
		all, err := s.cache.allIn(ctx, snap, v.Region, v.AsOf)
		if err != nil {
			return nil, err
		}
		list := make([]export.APIIndicator, 0, len(all.Indicators))
		for i := range all.Indicators {
			list = append(list, apiIndicator(s.buildTrend(&all.Indicators[i], v), v))
		}
		return marshal(map[string]any{"indicators": list})
	})
}

// apiTrend checks the code and the view, then builds the indicator's trend over its whole range.
func (s *Server) apiTrend(c echo.Context, key string, body func(trend.Trend, View) any) error {
	code := c.Param("code")
	if !validCode(code) {
		return notFound("err.indicator_not_found")
	}
	v, err := apiView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, key+":"+code+"?"+v.key(), jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		d, err := s.cache.indicator(ctx, snap, code, v.Region, v.AsOf)
		if err != nil {
			return nil, err
		}
		return marshal(body(s.buildTrend(d, v), v))
	})
}

func (s *Server) apiIndicator(c echo.Context) error {
	return s.apiTrend(c, "api:indicator", func(tr trend.Trend, v View) any { return apiIndicator(tr, v) })
}

func (s *Server) apiTargets(c echo.Context) error {
	return s.apiTrend(c, "api:targets", func(tr trend.Trend, v View) any {
		targets := []export.TargetJSON{}
		for _, tv := range tr.Targets {
			targets = append(targets, export.NewTarget(tv))
		}
		return map[string]any{"indicator": tr.Indicator.Code, "targets": targets}
	})
}

// apiSeries lists the observations of an indicator: ?region= (default CN), ?from= ?to= (years),
// ?vintage=all (every publication, default) or latest (the current value of each period).
func (s *Server) apiSeries(c echo.Context) error {
	code := c.Param("code")
	if !validCode(code) {
		return notFound("err.indicator_not_found")
	}
	q := c.QueryParams()
	for _, name := range []string{"from", "to", "region", "vintage", "asof"} {
		if len(q[name]) > 1 {
			return badRequest("err.duplicate")
		}
	}
	from, err := parseYear(q.Get("from"))
	if err != nil {
		return err
	}
	to, err := parseYear(q.Get("to"))
	if err != nil {
		return err
	}
	if from != 0 && to != 0 && from > to {
		return badRequest("err.range")
	}
	reg := q.Get("region")
	if reg == "" {
		reg = national
	}
	if !validRegion(reg) {
		return badRequest("err.region")
	}
	asOf, err := parseAsOf(q.Get("asof"))
	if err != nil {
		return err
	}
	vintage := q.Get("vintage")
	if vintage == "" {
		vintage = "all"
	}
	if vintage != "all" && vintage != "latest" {
		return badRequest("err.bad_request")
	}
	ctx := c.Request().Context()
	key := "api:series:" + code + "?" + reg + "&" + vintage + "&" + yearOrOpen(from) + "&" + yearOrOpen(to) + "&" + asOf
	return s.serveCached(c, key, jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		d, err := s.cache.indicator(ctx, snap, code, reg, asOf)
		if err != nil {
			return nil, err
		}
		obs := d.Observations
		out := export.APISeries{Indicator: code, AsOf: asOf, Unit: d.Indicator.Unit, Region: reg, Vintage: vintage, From: from, To: to,
			Observations: []export.Observation{}}
		for _, o := range obs {
			if (from != 0 && o.Year < from) || (to != 0 && o.Year > to) || (vintage == "latest" && !o.Current()) {
				continue
			}
			out.Observations = append(out.Observations, export.NewObservation(o, d.Indicator.Unit, true))
		}
		return marshal(out)
	})
}

func (s *Server) apiSources(c echo.Context) error {
	asOf, err := queryAsOf(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "api:sources?"+asOf, jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		sources, err := s.cache.sources(ctx, snap, asOf)
		if err != nil {
			return nil, err
		}
		out := make([]export.Source, 0, len(sources))
		for _, src := range sources {
			out = append(out, export.NewSource(src))
		}
		return marshal(map[string]any{"sources": out})
	})
}

func (s *Server) apiEvents(c echo.Context) error {
	asOf, err := queryAsOf(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "api:events?"+asOf, jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		events, err := s.cache.events(ctx, snap, asOf)
		if err != nil {
			return nil, err
		}
		out := make([]export.EventJSON, 0, len(events))
		for _, e := range events {
			out = append(out, export.NewEvent(e))
		}
		return marshal(map[string]any{"events": out})
	})
}
