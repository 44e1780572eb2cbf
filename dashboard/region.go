package dashboard

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
)

// regionPage is GET /regions/:region: every indicator with figures or targets for one region (ISO 3166-2:CN),
// with its latest value and the status of the region's own targets, each linking to the indicator's page for
// that region.
func (s *Server) regionPage(c echo.Context) error {
	code := c.Param("region")
	if !validRegion(code) {
		return notFound("err.region_not_found")
	}
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To, v.Region = 0, 0, national
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "region:"+code+"?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		if err := s.cache.knownRegion(ctx, snap, code); err != nil {
			return nil, err
		}
		rs, err := s.cache.regions(ctx, snap)
		if err != nil {
			return nil, err
		}
		all, err := s.cache.allIn(ctx, snap, code, v.AsOf)
		if err != nil {
			return nil, err
		}
		return s.pages.render("region", s.regionView(all, regionNamed(rs, code), v))
	})
}

type regionView struct {
	pageData
	Code, Name, Official string
	Rows                 []regionRow
	ProvincesNote        bool
}

// regionRow is one indicator of a region's page.
type regionRow struct {
	Code, Name, URL, ProvincesURL string
	Unit                          string
	HasLatest                     bool
	LatestText, LatestFlag, Note  string
	LatestYear                    int
	SourceTitle, SourceURL        string
	Targets                       []targetRow
}

func (s *Server) regionView(all *AllData, reg *db.Region, v View) regionView {
	lang := v.Lang
	rv := regionView{pageData: viewPage(v, "/regions/"+reg.Code), Code: reg.Code,
		Name: text.Pick(lang, reg.NameEN, reg.NameZH), Official: text.Pick(lang, reg.OfficialEN, reg.OfficialZH)}
	for i := range all.Indicators {
		d := &all.Indicators[i]
		tr := trend.Build(d.Indicator, d.Observations, d.Targets, nil,
			trend.Options{Lang: lang, AsOf: s.yearOf(v), Region: reg.Code})
		var own []trend.TargetView
		for _, tv := range tr.Targets {
			if tv.Target.Region == reg.Code {
				own = append(own, tv)
			}
		}
		if len(tr.Actual.Points) == 0 && len(own) == 0 {
			continue
		}
		rv.Rows = append(rv.Rows, s.regionRowOf(tr, own, reg.Code, v))
	}
	return rv
}

func (s *Server) regionRowOf(tr trend.Trend, own []trend.TargetView, region string, v View) regionRow {
	lang := v.Lang
	code := tr.Indicator.Code
	r := regionRow{Code: code, Name: tr.Name, Unit: tr.Shown.Unit,
		URL: View{Lang: lang, AsOf: v.AsOf, Region: region}.Link("/indicators/" + code)}
	if region != national {
		r.ProvincesURL = v.Whole().Link("/indicators/" + code + "/provinces")
	}
	if p, ok := tr.Latest(); ok {
		r.HasLatest, r.LatestYear = true, p.Year
		exact := p.Exact
		if tr.Indicator.Measure == "yoy_change" { // a change: a rise says so (+6.89)
			exact = text.Signed(exact)
		}
		r.LatestText = tr.Shown.Amount(exact)
		r.LatestFlag, r.Note = text.FlagName(lang, p.Flag), text.NoteText(lang, p.Note, tr.Shown)
		if p.Source != nil {
			r.SourceTitle, r.SourceURL = p.Source.Title, p.Source.URL
		}
	}
	for _, rs := range trend.Restated(tr.Indicator, own, lang) {
		r.Targets = append(r.Targets, targetRowOf(tr, rs))
	}
	return r
}

// allIn loads every indicator with its yearly rows in one region and every target; like all, for a region's
// page.
func (c *cache) allIn(ctx context.Context, snap *pagecache.Snapshot, region string, asOf db.AsOf) (*AllData, error) {
	if region == national {
		return c.all(ctx, snap, asOf)
	}
	return load(ctx, c, snap, "all@"+asOf+"@"+region, pagecache.DepAll(), func(ctx context.Context) (*AllData, error) {
		return consistently(ctx, c.store, func(l loader) (*AllData, error) { return l.loadAllIn(ctx, region, asOf) })
	})
}

func (c loader) loadAllIn(ctx context.Context, region string, asOf db.AsOf) (*AllData, error) {
	ins, err := c.store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	obs, err := c.store.YearlyObservations(ctx, region, asOf)
	if err != nil {
		return nil, err
	}
	targets, err := c.store.Targets(ctx, "", asOf)
	if err != nil {
		return nil, err
	}
	return groupAll(ins, obs, targets, nil), nil
}

// APIRegion is one region of /api/v1/regions.
type APIRegion struct {
	Code       string `json:"code"`
	NameEN     string `json:"name_en"`
	NameZH     string `json:"name_zh"`
	OfficialEN string `json:"official_en"`
	OfficialZH string `json:"official_zh"`
	Level      string `json:"level"`
}

// apiRegions is GET /api/v1/regions: the codes ?region= takes, with their names.
func (s *Server) apiRegions(c echo.Context) error {
	ctx := c.Request().Context()
	return s.serveCached(c, "api:regions", jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		rs, err := s.cache.regions(ctx, snap)
		if err != nil {
			return nil, err
		}
		out := make([]APIRegion, 0, len(rs))
		for _, r := range rs {
			out = append(out, APIRegion{Code: r.Code, NameEN: r.NameEN, NameZH: r.NameZH, OfficialEN: r.OfficialEN,
				OfficialZH: r.OfficialZH, Level: r.Level})
		}
		return marshal(map[string]any{"regions": out})
	})
}
