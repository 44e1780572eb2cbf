package dashboard

import (
	"bytes"
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// A target's history: its status at every publication date that moved it (trend.Histories), as a strip on the
// indicator page and as /targets/{id}/history (HTML, CSV, JSON). On an as-of page the history ends at its date.

// stripCell is one entry of the strip: a coloured cell for the status from Date on.
type stripCell struct {
	Date, Code, Label, Title string
}

// historyStrip is the strip of a target's history in lang.
func historyStrip(lang string, unit text.Shown, h []trend.HistoryEntry) []stripCell {
	cells := make([]stripCell, 0, len(h))
	for _, e := range h {
		label := trend.StatusLabel(e.Status.Code, lang)
		title := e.Date + text.Pick(lang, ": ", "：") + label
		if e.Latest != nil {
			title += text.Pick(lang, "; ", "；") + strconv.Itoa(e.Latest.Year) + text.Pick(lang, ": ", "：") +
				unit.Amount(e.Latest.Exact)
			if e.Latest.Source != nil {
				title += text.Pick(lang, " (", "（") + e.Latest.Source.Title + text.Pick(lang, ")", "）")
			}
		}
		cells = append(cells, stripCell{Date: e.Date, Code: e.Status.Code, Label: label, Title: title})
	}
	return cells
}

// historyLink is the history page of target id in view v (the years dropped, the date kept).
func historyLink(id int64, v View) string {
	return v.Whole().Link("/targets/" + strconv.FormatInt(id, 10) + "/history")
}

// histories is the history of every target of d in view v: computed from the rows d holds (as of v's date,
// so no entry after it).
func histories(d *IndicatorData, v View) map[int64][]trend.HistoryEntry {
	return trend.Histories(d.Indicator, d.Observations, d.Targets, d.Events, trend.Options{Lang: v.Lang, Region: national})
}

type historyView struct {
	pageData
	Trend      trend.Trend
	Target     trend.TargetView
	Strip      []stripCell
	Rows       []historyRow
	PageURL    string
	Downloads  []link
	StatusText string
}

type historyRow struct {
	Date, Code, Label, Ratio, Latest, SourceTitle, SourceURL, Published, Text string
	AsOfURL                                                                   string // the dashboard as of that day
}

// targetFind is the target id among the rows of all, with its indicator's rows.
func targetFind(all *AllData, id int64) (*IndicatorData, bool) {
	for i := range all.Indicators {
		for _, t := range all.Indicators[i].Targets {
			if t.ID == id {
				return &all.Indicators[i], true
			}
		}
	}
	return nil, false
}

// targetHistory serves /targets/:id/history in format ext ("" = the HTML page, "csv", "json").
func (s *Server) targetHistory(ext string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil || id <= 0 || c.Param("id") != strconv.FormatInt(id, 10) {
			return notFound("err.target_not_found")
		}
		v, err := parseView(c)
		if err != nil {
			return err
		}
		v.From, v.To = 0, 0
		contentType, disposition := htmlType, ""
		switch ext {
		case "csv":
			contentType = formatCSV.contentType
			name := "target-" + strconv.FormatInt(id, 10) + "-history-" + v.Lang
			if v.AsOf != "" {
				name += "-asof-" + v.AsOf
			}
			disposition = attachment(name+".csv", "", v.Lang)
		case "json":
			contentType = jsonType
		default:
			rememberLang(c, v)
		}
		ctx := c.Request().Context()
		key := "history:" + strconv.FormatInt(id, 10) + "." + ext + "?" + v.key()
		return s.serveContent(c, key, func(snap *pagecache.Snapshot) (pagecache.Content, error) {
			body, err := s.historyBody(ctx, snap, id, ext, v)
			return pagecache.Content{Type: contentType, Disposition: disposition, Body: body}, err
		})
	}
}

// historyBody is the history of target id in format ext, in view v.
func (s *Server) historyBody(ctx context.Context, snap *pagecache.Snapshot, id int64, ext string, v View) ([]byte, error) {
	all, err := s.cache.all(ctx, snap, v.AsOf)
	if err != nil {
		return nil, err
	}
	d, ok := targetFind(all, id)
	if !ok {
		return nil, notFound("err.target_not_found")
	}
	tr := s.buildTrend(d, v)
	var tv trend.TargetView
	for _, t := range tr.Targets {
		if t.Target.ID == id {
			tv = t
		}
	}
	h := histories(d, v)[id]
	switch ext {
	case "csv":
		var buf bytes.Buffer
		err := export.WriteHistoryCSV(&buf, h)
		return buf.Bytes(), err
	case "json":
		return marshal(export.NewHistory(tr, tv, h, v.AsOf))
	}
	return s.pages.render("history", historyViewOf(tr, tv, h, v))
}

func historyViewOf(tr trend.Trend, tv trend.TargetView, h []trend.HistoryEntry, v View) historyView {
	path := "/targets/" + strconv.FormatInt(tv.Target.ID, 10) + "/history"
	hv := historyView{pageData: viewPage(v, path), Trend: tr, Target: tv, Strip: historyStrip(v.Lang, tr.Shown, h),
		PageURL: v.Whole().Link("/indicators/"+tr.Indicator.Code) + "#status-" + strconv.FormatInt(tv.Target.ID, 10)}
	for _, ext := range []string{"csv", "json"} {
		hv.Downloads = append(hv.Downloads, link{Name: "history." + ext, URL: v.Whole().Link(path + "." + ext)})
	}
	for i := len(h) - 1; i >= 0; i-- { // newest first
		e := h[i]
		r := historyRow{Date: e.Date, Code: e.Status.Code, Label: trend.StatusLabel(e.Status.Code, v.Lang), Text: e.StatusText,
			AsOfURL: View{Lang: v.Lang, AsOf: e.Date}.Link("/indicators/" + tr.Indicator.Code)}
		if j := export.NewHistoryEntry(e); j.Ratio != nil {
			r.Ratio = text.Fixed(e.Status.Ratio, 2)
		}
		if p := e.Latest; p != nil {
			r.Latest = strconv.Itoa(p.Year) + text.Pick(v.Lang, ": ", "：") + tr.Shown.Amount(p.Exact)
			if p.Source != nil {
				r.SourceTitle, r.SourceURL, r.Published = p.Source.Title, p.Source.URL, p.Source.Published
			}
		}
		hv.Rows = append(hv.Rows, r)
	}
	return hv
}

// creditAsOf adds the as-of date to a chart's credit line: a chart saved from an as-of page says which data it
// shows.
func creditAsOf(lang, credit string, asOf record.AsOf) string {
	if asOf == "" {
		return credit
	}
	return credit + text.Pick(lang, " ", "") + text.Tf(lang, "asof.credit", asOfDate(lang, asOf))
}

// asOfDate is a day as a reader says it: "15 March 2023", "2023年3月15日".
func asOfDate(lang string, d record.AsOf) string {
	if len(d) != 10 {
		return d
	}
	y, m, day := d[:4], atoi(d[5:7]), atoi(d[8:10])
	if lang == text.ZH {
		return y + "年" + strconv.Itoa(m) + "月" + strconv.Itoa(day) + "日"
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
		"October", "November", "December"}
	if m < 1 || m > 12 {
		return d
	}
	return strconv.Itoa(day) + " " + months[m-1] + " " + y
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
