package dashboard

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// validCode is the shape the schema allows for indicator codes; anything else is a 404 without a query.
var validCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,62}$`).MatchString

const htmlType = "text/html; charset=utf-8"

// indicatorPage is GET /indicators/:code: the chart of actual values, targets and trajectories, the progress
// towards each target and the tables of the same figures.
func (s *Server) indicatorPage(c echo.Context) error {
	code := c.Param("code")
	if !validCode(code) {
		return notFound("err.indicator_not_found")
	}
	v, err := parseView(c)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "indicator:"+code+"?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		tr, d, err := s.trend(ctx, snap, code, v)
		if err != nil {
			return nil, err
		}
		vs := snap.Versions()
		iv := s.indicatorView(tr, d, v, vs.Indicators[code]+vs.Shared)
		if err := s.placeIndicator(ctx, snap, &iv, d, v); err != nil {
			return nil, err
		}
		return s.pages.render("indicator", iv)
	})
}

// trend builds the trend of an indicator in view v from the rows cached for snap (four queries per data
// version, whatever the number of points).
func (s *Server) trend(ctx context.Context, snap *pagecache.Snapshot, code string, v View) (trend.Trend, *IndicatorData, error) {
	d, err := s.cache.indicator(ctx, snap, code, regionOf(v), v.AsOf)
	if err != nil {
		return trend.Trend{}, nil, err
	}
	return s.buildTrend(d, v), d, nil
}

func (s *Server) buildTrend(d *IndicatorData, v View) trend.Trend {
	return trend.Build(d.Indicator, d.Observations, d.Targets, d.Events,
		trend.Options{Lang: v.Lang, From: v.From, To: v.To, AsOf: s.yearOf(v), Region: regionOf(v)})
}

// briefTrend is buildTrend with trend.Options.Brief: what an overview card and the counts of statuses read.
func (s *Server) briefTrend(d *IndicatorData, v View) trend.Trend {
	return trend.Build(d.Indicator, d.Observations, d.Targets, d.Events,
		trend.Options{Lang: v.Lang, From: v.From, To: v.To, AsOf: s.yearOf(v), Region: regionOf(v), Brief: true})
}

// leanTrend is buildTrend with trend.Options.Lean: the statuses alone, which the overview's answer and summary
// count, for an indicator without a card on it.
func (s *Server) leanTrend(d *IndicatorData, v View) trend.Trend {
	return trend.Build(d.Indicator, d.Observations, d.Targets, d.Events,
		trend.Options{Lang: v.Lang, From: v.From, To: v.To, AsOf: s.yearOf(v), Region: regionOf(v), Lean: true})
}

// regionOf is the region of view v; the nation when v names none (views built in code, not parsed).
func regionOf(v View) string {
	if v.Region == "" {
		return national
	}
	return v.Region
}

type indicatorView struct {
	pageData
	Trend                trend.Trend
	Category             string
	CategoryURL          string
	Chart                chartData
	Rows                 []dataRow
	Targets              []targetRow
	Events               []eventRow
	Vintages             []dataRow
	Standings            []standingLegend
	Downloads            []link
	FormAction, ResetURL string
	FromValue, ToValue   string
	EmbedCode            string // the iframe that shows this chart on another site: share.go
	// The region shown (empty: the nation), the page's provincial map and the nation's page.
	Region, RegionName, RegionOfficial   string
	ProvincesURL, NationalURL, RegionURL string
	Headline                             headline
	Live, Earlier                        []restatedRow // the targets, restatements merged: headline.go
	Cite                                 pageCitation
	Summary                              string // the chart in words, for screen readers
	ChartTo                              int    // the chart's last year when it stops before the range's (chartEnd); 0 otherwise
	AllYearsURL                          string // the chart to the last target year
}

type dataRow struct {
	Year                     int
	Value, Index, Flag, Note string
	SourceTitle, SourceURL   string
	Published, Vintage       string
	Standing, StandingCode   string // the source's standing, named in the page's language, and its code
	Current                  string // which vintage is current, and why (only where a year has several)
}

// standingLegend is one line of the legend of standings: the name shown beside values, and what it means.
type standingLegend struct{ Code, Name, Rule string }

func standingLegends(lang string) []standingLegend {
	var out []standingLegend
	for _, s := range record.SourceStandings() {
		out = append(out, standingLegend{Code: s, Name: text.StandingName(lang, s), Rule: text.T(lang, "standing_rule."+s)})
	}
	return out
}

// targetRow is a row of the table of targets: one goal, with every document stating it (a restatement is one
// row, as in the list at the top of the page).
type targetRow struct {
	R           trend.Restatement
	StatusLabel string
	Value       string // the goal as stated, with its unit as the page shows it
	Goal        string // on the chart ("" when not drawn)
	Binding     string
	Plans       []string      // distinct, in the order of the documents
	Issuers     []string      // distinct, in lang
	Documents   []documentRef // every document stating it
}

type eventRow struct {
	Date, Title, Issuer, URL string
}

type link struct{ Name, URL string }

// indicatorView is the page of tr in view v; version is the state of the indicator's data (cite this).
func (s *Server) indicatorView(tr trend.Trend, d *IndicatorData, v View, version int64) indicatorView {
	path := "/indicators/" + tr.Indicator.Code
	lang := v.Lang
	data := indicatorChart(tr, v.To != 0)
	data.Credit = creditAsOf(lang, data.Credit, v.AsOf)
	iv := indicatorView{
		pageData:    viewPage(v, path),
		Trend:       tr,
		Category:    text.CategoryName(lang, tr.Indicator.Category),
		CategoryURL: v.Whole().Link(categoryPath(tr.Indicator.Category)),
		Chart:       data,
		FormAction:  path,
		ResetURL:    View{Lang: lang, AsOf: v.AsOf, Region: v.Region}.Link(path),
		FromValue:   strconv.Itoa(tr.From),
		ToValue:     strconv.Itoa(tr.To),
		Rows:        actualRows(tr),
		Vintages:    vintageRows(tr),
		Standings:   standingLegends(lang),
		Events:      eventRows(tr),
		EmbedCode:   s.embedCode(tr.Indicator.Code, tr.Name, v),
		Headline:    newHeadline(tr),
		Cite:        newPageCitation(tr, s.opts.PublicURL+View{Lang: lang, AsOf: v.AsOf, Region: v.Region}.Link(path), version, v.AsOf),
		Summary:     chartSummary(tr),
	}
	if v.To == 0 {
		if end := chartEnd(tr); end < tr.To {
			iv.ChartTo = end
			iv.ToValue = strconv.Itoa(end) // the form shows the range drawn
			iv.AllYearsURL = View{Lang: lang, From: v.From, To: tr.To}.Link(path) + "#chart-h"
		}
	}
	for _, name := range []string{"data.csv", "data.json", "data.xlsx"} {
		iv.Downloads = append(iv.Downloads, link{Name: name, URL: v.Link(path + "/" + name)})
	}
	hs := histories(d, v)
	live, earlier := tr.LiveAndClosed()
	iv.Live, iv.Earlier = restatedRows(tr, live), restatedRows(tr, earlier)
	for _, rows := range [][]restatedRow{iv.Live, iv.Earlier} {
		for i := range rows {
			id := rows[i].R.Lead.Target.ID
			rows[i].Strip, rows[i].HistoryURL = historyStrip(lang, tr.Shown, hs[id]), historyLink(id, v)
		}
	}
	for _, r := range trend.Restated(tr.Indicator, tr.Targets, lang) {
		iv.Targets = append(iv.Targets, targetRowOf(tr, r))
	}
	return iv
}

func targetRowOf(tr trend.Trend, r trend.Restatement) targetRow {
	lang, tv := tr.Lang, r.Lead
	row := targetRow{R: r, StatusLabel: trend.StatusLabel(tv.Status.Code, lang), Binding: text.T(lang, "no"),
		Value: tr.Shown.Amount(tv.Target.Value), Documents: restatedRowOf(tr, r).Documents}
	if tv.Target.Kind == "change" {
		row.Value = tv.Target.Value + "%"
	}
	if tv.Target.Binding {
		row.Binding = text.T(lang, "yes")
	}
	if tv.Drawn() {
		row.Goal = goalText(tr, tv)
	}
	for _, d := range row.Documents {
		if d.Plan != "" && !slices.Contains(row.Plans, d.Plan) {
			row.Plans = append(row.Plans, d.Plan)
		}
		if d.Issuer != "" && !slices.Contains(row.Issuers, d.Issuer) {
			row.Issuers = append(row.Issuers, d.Issuer)
		}
	}
	return row
}

func actualRows(tr trend.Trend) []dataRow {
	index := map[int]float64{}
	if tr.Index != nil {
		for _, p := range tr.Index.Points {
			index[p.Year] = p.Value
		}
	}
	var rows []dataRow
	for _, p := range tr.Actual.Points {
		r := dataRow{Year: p.Year, Value: tr.Shown.Number(p.Exact), Flag: text.FlagName(tr.Lang, p.Flag), Note: text.NoteText(tr.Lang, p.Note, tr.Shown)}
		if v, ok := index[p.Year]; ok {
			r.Index = text.Fixed(v, 1)
		}
		if p.Source != nil {
			r.SourceTitle, r.SourceURL, r.Published = p.Source.Title, p.Source.URL, p.Source.Published
			r.Standing, r.StandingCode = text.StandingName(tr.Lang, p.Source.Standing), p.Source.Standing
		}
		if p.Vintages > 1 {
			r.Vintage = strconv.Itoa(p.Vintage) + "/" + strconv.Itoa(p.Vintages)
			r.Current = fmt.Sprintf(text.T(tr.Lang, "vintage.current_of"), r.Published, p.Vintages)
		}
		rows = append(rows, r)
	}
	return rows
}

func vintageRows(tr trend.Trend) []dataRow {
	latest := map[int]string{} // year -> publication date of its current vintage
	for _, o := range tr.Vintages {
		if o.Month == 0 && o.Vintage == o.Vintages {
			latest[o.Year] = o.Source.Published
		}
	}
	var rows []dataRow
	for _, o := range tr.Vintages {
		if o.Month != 0 {
			continue
		}
		r := observationRow(tr.Lang, tr.Shown, o)
		switch {
		case o.Vintage == o.Vintages:
			r.Current = text.T(tr.Lang, "vintage.current")
		default:
			r.Current = fmt.Sprintf(text.T(tr.Lang, "vintage.superseded"), latest[o.Year])
		}
		rows = append(rows, r)
	}
	return rows
}

func observationRow(lang string, unit text.Shown, o db.Observation) dataRow {
	return dataRow{
		Year: o.Year, Value: unit.Number(o.Value), Flag: text.FlagName(lang, o.Flag), Note: text.NoteText(lang, o.Note, unit),
		SourceTitle: o.Source.Title, SourceURL: o.Source.URL, Published: o.Source.Published,
		Standing: text.StandingName(lang, o.Source.Standing), StandingCode: o.Source.Standing,
		Vintage: strconv.Itoa(o.Vintage) + "/" + strconv.Itoa(o.Vintages),
	}
}

func eventRows(tr trend.Trend) []eventRow {
	var rows []eventRow
	for _, e := range tr.Events {
		r := eventRow{Date: e.Date.Format("2006-01-02"), Title: text.Pick(tr.Lang, e.TitleEN, e.TitleZH), Issuer: text.OrgName(tr.Lang, e.Issuer)}
		if e.Source != nil {
			r.URL = e.Source.URL
		}
		rows = append(rows, r)
	}
	return rows
}

// placeIndicator names the region of a provincial page and links the provincial map where provinces have data.
func (s *Server) placeIndicator(ctx context.Context, snap *pagecache.Snapshot, iv *indicatorView, d *IndicatorData, v View) error {
	code := iv.Trend.Indicator.Code
	if d.Provinces {
		iv.ProvincesURL = v.Whole().Link("/indicators/" + code + "/provinces")
	}
	if regionOf(v) == national {
		return nil
	}
	rs, err := s.cache.regions(ctx, snap)
	if err != nil {
		return err
	}
	if r := regionNamed(rs, v.Region); r != nil {
		iv.Region = r.Code
		iv.RegionName = text.Pick(v.Lang, r.NameEN, r.NameZH)
		iv.RegionOfficial = text.Pick(v.Lang, r.OfficialEN, r.OfficialZH)
	}
	iv.NationalURL = View{Lang: v.Lang, From: v.From, To: v.To, AsOf: v.AsOf}.Link("/indicators/" + code)
	iv.RegionURL = v.Whole().Link("/regions/" + v.Region)
	return nil
}
