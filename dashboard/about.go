package dashboard

import (
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
)

// The method and data notes (GET /about): how statuses are computed, how figures are handled, how to cite, what
// can be downloaded, and every source in the database.

type aboutView struct {
	pageData
	Rules   []statusRule
	Breaks  []breakNote
	Example *citation
	Sources []db.Source
	Links   aboutLinks
	// Standings counts, per standing of source, the current national yearly figures and the sources.
	Standings []standingCount
	Figures   int // current national yearly figures
}

// standingCount is one line of the count of standings on the about page.
type standingCount struct {
	standingLegend
	Figures, Sources int
}

// standingCounts counts the current yearly figures of the indicators' observations (the pages' region) and the
// sources by standing, best first; a standing not assessed yet ("") gets a line only when something has it.
func standingCounts(lang string, all *AllData, sources []db.Source) ([]standingCount, int) {
	figures, srcs := map[string]int{}, map[string]int{}
	total := 0
	for i := range all.Indicators {
		for _, o := range all.Indicators[i].Observations {
			if o.Month == 0 && o.Current() {
				figures[o.Source.Standing]++
				total++
			}
		}
	}
	for _, s := range sources {
		srcs[s.Standing]++
	}
	var out []standingCount
	for _, l := range standingLegends(lang) {
		out = append(out, standingCount{standingLegend: l, Figures: figures[l.Code], Sources: srcs[l.Code]})
	}
	if figures[""]+srcs[""] > 0 {
		out = append(out, standingCount{standingLegend: standingLegend{Name: text.StandingName(lang, "")},
			Figures: figures[""], Sources: srcs[""]})
	}
	return out, total
}

// statusRule is one status of the legend: its badge and when it applies.
type statusRule struct {
	Status, Label, Rule string
}

// breakNote is a definition break of one indicator, in the page's language.
type breakNote struct {
	Name, URL, Note string
	Year            int
}

// citation is a worked example of how to cite a figure: the first indicator with a sourced latest value.
type citation struct {
	Name, Path                       string
	Publisher, Title, Published, URL string
}

type aboutLinks struct {
	Dataset, OpenAPI, Indicators, Sources, TargetsCSV, TargetsJSON, Targets string
}

// aboutPage is GET /about.
func (s *Server) aboutPage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0 // accepted and checked, as on the overview; the page has no years
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "about?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		all, err := s.cache.all(ctx, snap, v.AsOf)
		if err != nil {
			return nil, err
		}
		sources, err := s.cache.sources(ctx, snap, v.AsOf)
		if err != nil {
			return nil, err
		}
		return s.pages.render("about", aboutViewOf(all, sources, v))
	})
}

func aboutViewOf(all *AllData, sources []db.Source, v View) aboutView {
	lang := v.Lang
	av := aboutView{pageData: viewPage(v, "/about"), Sources: sortedSources(sources)}
	rules := map[string]string{
		progress.OnTrack:  text.T(lang, "about.rule_on_track"),
		progress.Moderate: text.T(lang, "about.rule_moderate"),
		progress.Limited:  text.T(lang, "about.rule_limited"),
		progress.Away:     text.T(lang, "about.rule_away"),
		progress.Achieved: text.T(lang, "about.rule_achieved"),
		progress.Met:      text.T(lang, "about.rule_met"),
		progress.Missed:   text.T(lang, "about.rule_missed"),
		progress.NoData:   text.T(lang, "about.rule_no_data"),
	}
	for _, st := range trend.StatusOrder() {
		av.Rules = append(av.Rules, statusRule{Status: st, Label: trend.StatusLabel(st, lang), Rule: rules[st]})
	}
	home := v.Whole()
	for i := range all.Indicators {
		in := all.Indicators[i].Indicator
		name := text.Pick(lang, in.NameEN, in.NameZH)
		if in.BreakYear != 0 {
			av.Breaks = append(av.Breaks, breakNote{Name: name, URL: home.Link("/indicators/" + in.Code),
				Year: in.BreakYear, Note: text.Pick(lang, in.BreakNoteEN, in.BreakNoteZH)})
		}
		if av.Example == nil {
			av.Example = citationOf(&all.Indicators[i], name)
		}
	}
	av.Standings, av.Figures = standingCounts(lang, all, sources)
	av.Links = aboutLinks{
		Dataset: withAsOf("/export/dataset.zip", v.AsOf), OpenAPI: "/api/v1/openapi.json",
		Indicators: withAsOf("/api/v1/indicators", v.AsOf), Sources: withAsOf("/api/v1/sources", v.AsOf), TargetsCSV: home.Link("/targets.csv"), TargetsJSON: home.Link("/targets.json"),
		Targets: home.Link("/targets"),
	}
	return av
}

// citationOf is the citation of an indicator's latest yearly value, or nil when it has no sourced value.
func citationOf(d *IndicatorData, name string) *citation {
	var latest *db.Observation
	for i := range d.Observations {
		o := &d.Observations[i]
		if o.Month == 0 && o.Current() && o.Source.Title != "" && (latest == nil || o.Year > latest.Year) {
			latest = o
		}
	}
	if latest == nil {
		return nil
	}
	src := latest.Source
	return &citation{Name: name, Path: "/indicators/" + d.Indicator.Code,
		Publisher: src.Publisher, Title: src.Title, Published: src.Published, URL: src.URL}
}

// sortedSources lists sources by publisher (those without one last), then newest first, then title, so that
// one publisher's releases stand together.
func sortedSources(sources []db.Source) []db.Source {
	out := append([]db.Source(nil), sources...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if pa, pb := strings.ToLower(a.Publisher), strings.ToLower(b.Publisher); pa != pb {
			if pa == "" || pb == "" {
				return pb == ""
			}
			return pa < pb
		}
		if a.Published != b.Published {
			return a.Published > b.Published
		}
		return a.Title < b.Title
	})
	return out
}
