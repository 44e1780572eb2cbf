package dashboard

import (
	"context"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

const maxCompare = 6

// parseCodes reads ?codes=a,b[,c] (repeated codes= parameters, as a form of check boxes sends, are joined):
// 2 to 6 different well-formed codes, or none (the page then only offers the choice).
func parseCodes(c echo.Context) ([]string, error) {
	raw := c.QueryParams()["codes"]
	if len(raw) == 0 {
		return nil, nil
	}
	var codes []string
	seen := map[string]bool{}
	for _, r := range raw {
		for _, code := range strings.Split(r, ",") {
			code = strings.TrimSpace(code)
			if !validCode(code) || seen[code] {
				return nil, badRequest("err.codes")
			}
			seen[code] = true
			codes = append(codes, code)
		}
	}
	if len(codes) < 2 || len(codes) > maxCompare {
		return nil, badRequest("err.codes")
	}
	slices.Sort(codes) // one page (and one cache entry) for every order of the same codes
	return codes, nil
}

type compareView struct {
	pageData
	Choices []choice
	Chart   *chartData
	Trends  []trend.Trend
}

// choice is one indicator of the picker; Match is what its filter matches (both names and the code, lower
// case), so a reader may type either language on either page.
type choice struct {
	Code, Name, Category, Match string
	Checked                     bool
}

// comparePage is GET /compare?codes=a,b: indicators on one time axis, a second y-axis when units differ.
func (s *Server) comparePage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	codes, err := parseCodes(c)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	key := "compare:" + strings.Join(codes, ",") + "?" + v.key()
	return s.serveCached(c, key, htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		cv, err := s.compareView(ctx, snap, codes, v)
		if err != nil {
			return nil, err
		}
		return s.pages.render("compare", cv)
	})
}

func (s *Server) compareView(ctx context.Context, snap *pagecache.Snapshot, codes []string, v View) (compareView, error) {
	cv := compareView{pageData: viewPage(v, "/compare")}
	cv.LangSwitch = compareLink(codes, v.WithLang(text.Other(v.Lang)))
	cv.TodayURL = compareLink(codes, v.Today())
	ins, err := s.cache.catalogue(ctx, snap) // the choices: a seed of other indicators' figures leaves them be
	if err != nil {
		return cv, err
	}
	checked := map[string]bool{}
	for _, code := range codes {
		checked[code] = true
	}
	for _, in := range ins {
		name := text.Pick(v.Lang, in.NameEN, in.NameZH)
		cv.Choices = append(cv.Choices, choice{Code: in.Code, Name: name, Category: text.CategoryName(v.Lang, in.Category),
			Match: strings.ToLower(in.NameEN + " " + in.NameZH + " " + in.Code), Checked: checked[in.Code]})
	}
	for _, code := range codes {
		d, err := s.cache.indicator(ctx, snap, code, national, v.AsOf)
		if err != nil {
			return cv, err
		}
		cv.Trends = append(cv.Trends, s.buildTrend(d, v))
	}
	if len(cv.Trends) > 0 {
		cd, err := compareChart(cv.Trends, v.Lang)
		if err != nil {
			return cv, err
		}
		cd.Credit = creditAsOf(v.Lang, cd.Credit, v.AsOf)
		cv.Chart = &cd
	}
	return cv, nil
}

// compareLink is the compare page of codes in view v.
func compareLink(codes []string, v View) string {
	q := v.Query()
	if len(codes) > 0 {
		q.Set("codes", strings.Join(codes, ","))
	}
	return "/compare?" + q.Encode()
}

// compareChart puts the actual series of several indicators on one time axis: the first unit on the left
// axis, a second unit on the right one; more than two units cannot share a chart.
func compareChart(trs []trend.Trend, lang string) (chartData, error) {
	from, to := 0, 0
	var units []string
	axisOf := map[string]int{}
	for _, tr := range trs {
		for _, p := range tr.Actual.Points {
			if from == 0 || p.Year < from {
				from = p.Year
			}
			to = max(to, p.Year)
		}
		if _, ok := axisOf[tr.Indicator.Unit]; !ok { // by the stored unit: the same choices in both languages
			axisOf[tr.Indicator.Unit] = len(units)
			units = append(units, tr.Shown.Unit)
		}
	}
	if len(units) > 2 {
		return chartData{}, badRequest("err.units")
	}
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(lang, "compare")...)
	c.SetXAxis(years(from, to))
	c.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: units[0], Type: "value", Scale: opts.Bool(true)}))
	if len(units) == 2 {
		c.ExtendYAxis(opts.YAxis{Name: units[1], Type: "value", Scale: opts.Bool(true), Position: "right"})
	}
	meta := map[string]map[string]pointMeta{}
	for _, tr := range trs {
		id := "actual-" + tr.Indicator.Code
		sub := tr
		sub.From, sub.To = from, to
		meta[id] = actualMeta(sub)
		axis := axisOf[tr.Indicator.Unit]
		c.AddSeries(text.Tf(lang, "chart.name_unit", tr.Name, tr.Shown.Unit), lineData(aligned(from, to, tr.Actual.Points, tr.Shown)), charts.WithSeriesId(id),
			charts.WithSeriesOpts(func(s *charts.SingleSeries) {
				s.YAxisIndex = axis
				s.ConnectNulls = opts.Bool(false)
			}))
	}
	c.Validate()
	return chartData{Option: c.JSON(), Meta: meta, Text: tooltipText(lang), Credit: chartCredit(lang, trs, false)}, nil
}
