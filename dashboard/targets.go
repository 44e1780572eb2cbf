package dashboard

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

// The scoreboard (GET /targets, /targets.csv, /targets.json): every official target of every indicator, one row
// each, with the status its indicator page shows and "by how much". It is built from the rows the overview reads
// (cache.all) with the same trend builder, so the three agree by construction.

// buildScoreboard lists the targets of every indicator of all, assessed as the indicator pages assess them: the
// trend of each indicator over its whole range, in lang; each row links to its indicator page.
func (s *Server) buildScoreboard(all *AllData, v View, order string) trend.Scoreboard {
	sb := trend.NewScoreboard(s.wholeTrends(all, v), v.Lang, order)
	for i := range sb.Rows {
		r := &sb.Rows[i]
		r.URL = v.Whole().Link("/indicators/" + r.Code)
		r.TargetURL = r.URL + "#status-" + strconv.FormatInt(r.TV.Target.ID, 10)
	}
	return sb
}

// wholeTrends is the trend of every indicator of all over its whole range, in v's language. The builds are
// pure and independent, so they share the processor's cores (the overview makes one per indicator: 620 at the
// scale of docs/performance.md).
func (s *Server) wholeTrends(all *AllData, v View) []trend.Trend {
	trends := make([]trend.Trend, len(all.Indicators))
	inParallel(len(trends), func(i int) { trends[i] = s.buildTrend(&all.Indicators[i], v.Whole()) })
	return trends
}

// inParallel calls f(0) ... f(n-1), spread over GOMAXPROCS goroutines (each takes every k-th index), and
// returns when all have returned. f must touch nothing another call touches.
func inParallel(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n/64+1) // a few dozen calls are not worth a goroutine
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// parseSort reads ?sort=: status (default), indicator or year.
func parseSort(c echo.Context) (string, error) {
	q := c.QueryParams()
	if len(q["sort"]) > 1 {
		return "", badRequest("err.duplicate")
	}
	switch o := q.Get("sort"); o {
	case "", trend.SortStatus:
		return trend.SortStatus, nil
	case trend.SortIndicator, trend.SortYear:
		return o, nil
	}
	return "", badRequest("err.sort")
}

// scoreView reads the view of a scoreboard request: the language (years are accepted, checked and ignored, as
// on the overview) and the order.
func scoreView(c echo.Context) (View, string, error) {
	v, err := parseView(c)
	if err != nil {
		return v, "", err
	}
	v.From, v.To = 0, 0
	order, err := parseSort(c)
	return v, order, err
}

type targetsView struct {
	pageData
	Board     trend.Scoreboard
	Groups    []trend.ScoreGroup
	Sort      string
	SortLinks map[string]string // order -> this page in that order
	Downloads []link
	Standings []standingLegend
}

// targetsPage is GET /targets: the scoreboard.
func (s *Server) targetsPage(c echo.Context) error {
	v, order, err := scoreView(c)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "targets?"+v.key()+"&sort="+order, htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		all, err := s.cache.all(ctx, snap, v.AsOf)
		if err != nil {
			return nil, err
		}
		return s.pages.render("targets", s.targetsView(all, v, order))
	})
}

// scoreLink is path in view v and order (the default order is left out of the URL).
func scoreLink(path string, v View, order string) string {
	q := v.Query()
	if order != trend.SortStatus {
		q.Set("sort", order)
	}
	return path + "?" + q.Encode()
}

func (s *Server) targetsView(all *AllData, v View, order string) targetsView {
	tv := targetsView{pageData: viewPage(v, "/targets"), Sort: order, SortLinks: map[string]string{},
		Standings: standingLegends(v.Lang)}
	tv.LangSwitch = scoreLink("/targets", v.WithLang(text.Other(v.Lang)), order)
	tv.TodayURL = scoreLink("/targets", v.Today(), order)
	tv.Board = s.buildScoreboard(all, v, order)
	tv.Groups = tv.Board.Groups(order)
	for _, o := range []string{trend.SortStatus, trend.SortIndicator, trend.SortYear} {
		tv.SortLinks[o] = scoreLink("/targets", v, o)
	}
	for _, ext := range []string{"csv", "json"} {
		tv.Downloads = append(tv.Downloads, link{Name: "targets." + ext, URL: scoreLink("/targets."+ext, v, order)})
	}
	return tv
}

// targetSummary is the overview's one-line answer: how many targets have each status.
type targetSummary struct {
	Total int
	Parts []trend.StatusCount // met and achieved together ("done"), then on track ... no data, zeros included
	URL   string              // the scoreboard
}

// targetSummary counts the targets of all by status, as the scoreboard does.
func (s *Server) targetSummary(trends []trend.Trend, v View) targetSummary {
	counts, total := trend.CountStatuses(trends, v.Lang)
	n := map[string]int{}
	for _, c := range counts {
		n[c.Status] = c.Count
	}
	sum := targetSummary{Total: total, URL: v.Whole().Link("/targets")}
	sum.Parts = []trend.StatusCount{
		{Status: "done", Label: text.T(v.Lang, "sum.done"), Count: n[progress.Met] + n[progress.Achieved]},
		{Status: progress.OnTrack, Label: text.T(v.Lang, "sum.on_track"), Count: n[progress.OnTrack]},
		{Status: progress.Moderate, Label: text.T(v.Lang, "sum.moderate"), Count: n[progress.Moderate]},
		{Status: progress.Limited, Label: text.T(v.Lang, "sum.limited"), Count: n[progress.Limited]},
		{Status: progress.Away, Label: text.T(v.Lang, "sum.away"), Count: n[progress.Away]},
		{Status: progress.Missed, Label: text.T(v.Lang, "sum.missed"), Count: n[progress.Missed]},
		{Status: progress.NoData, Label: text.T(v.Lang, "sum.no_data"), Count: n[progress.NoData]},
	}
	return sum
}

// targetsDownload serves the scoreboard as a file: CSV (neutralised for spreadsheets) or JSON, with the
// headers of the other downloads (Content-Type with charset, Content-Disposition, ETag by serveCached).
func (s *Server) targetsDownload(f downloadFormat) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, order, err := scoreView(c)
		if err != nil {
			return err
		}
		name := "targets-" + v.Lang
		if order != trend.SortStatus {
			name += "-by-" + order
		}
		disposition := attachment(name+"."+f.ext, "官方目标进展", v.Lang)
		ctx := c.Request().Context()
		key := "targets." + f.ext + "?" + v.key() + "&sort=" + order
		return s.serveContent(c, key, func(snap *pagecache.Snapshot) (pagecache.Content, error) {
			all, err := s.cache.all(ctx, snap, v.AsOf)
			if err != nil {
				return pagecache.Content{}, err
			}
			var buf bytes.Buffer
			err = f.write(export.Scoreboard{Board: s.buildScoreboard(all, v, order), AsOf: s.yearOf(v), AsOfDate: v.AsOf}, &buf)
			return pagecache.Content{Type: f.contentType, Disposition: disposition, Body: buf.Bytes()}, err
		})
	}
}
