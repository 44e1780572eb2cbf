package dashboard

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// The chart of an indicator: a pure function from a trend.Trend to a go-echarts chart. Pages never use
// go-echarts' renderers (they put strings into an inline script unescaped); the option is taken with
// chart.JSON() and emitted as escaped JSON data that static/chart.js hands to ECharts.

// chartData is what chart.js reads from <script type="application/json" id="chart-data">.
type chartData struct {
	Option map[string]any                  `json:"option"`
	Meta   map[string]map[string]pointMeta `json:"meta"`             // series id -> year -> what the tooltip says
	Text   map[string]string               `json:"text"`             // tooltip labels in the page's language
	Names  map[string]string               `json:"names,omitempty"`  // series id -> its name in the tooltip and data view, where it differs
	Credit string                          `json:"credit,omitempty"` // under the chart, in the saved PNG too: what it shows, from where
}

// pointMeta is what the tooltip says about one point, already formatted, as plain text.
type pointMeta struct {
	Value     string `json:"value"`
	Flag      string `json:"flag,omitempty"`
	Source    string `json:"source,omitempty"`
	Published string `json:"published,omitempty"`
	Vintage   string `json:"vintage,omitempty"`
	Standing  string `json:"standing,omitempty"`
	Derived   bool   `json:"derived,omitempty"`
	Note      string `json:"note,omitempty"`
	Document  string `json:"document,omitempty"`
	Status    string `json:"status,omitempty"`
}

const (
	actualColor = "#1b3a4b"
	changeColor = "#a9bfd0" // published changes as light bars, so the lines over them stay visible
	indexColor  = "#2f6b4f"
)

// years are the categories of the time axis, From..To.
func years(from, to int) []string {
	var out []string
	for y := from; y <= to && from > 0; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// indicatorChart is the chart of an indicator page. Unless the reader chose the last year (explicitTo), the
// time axis ends at the data and the live targets of the coming years (chartEnd): a 2060 goal is listed
// under the chart, not drawn three decades past the data.
func indicatorChart(tr trend.Trend, explicitTo bool) chartData {
	if !explicitTo {
		tr = endAt(tr, chartEnd(tr))
	}
	lang := tr.Lang
	c := charts.NewLine()
	c.SetGlobalOptions(commonOptions(lang, tr.Indicator.Code)...)
	c.SetXAxis(years(tr.From, tr.To))
	c.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Name: tr.Shown.Unit, Type: "value", Scale: opts.Bool(true)}))
	meta := map[string]map[string]pointMeta{}
	names := map[string]string{}
	legend := []any{tr.Actual.Name}

	addActual(c, tr, meta)
	if tr.Index != nil {
		c.ExtendYAxis(opts.YAxis{Name: text.T(lang, "chart.index"), Type: "value", Scale: opts.Bool(true), Position: "right"})
		addLine(c, tr, *tr.Index, tr.Index.Name, 1, indexColor, "solid", meta)
		legend = append(legend, tr.Index.Name)
	}
	var drawn []trend.TargetView
	for _, tv := range tr.Targets {
		if tv.Drawn() {
			drawn = append(drawn, tv)
		}
	}
	// One point and one trajectory per distinct target (documents restating it share them), named by its goal
	// alone ("20% by 2025") in its plan's colour: a short legend, one entry each. The tooltip names the plan and
	// every document; the data view calls the trajectory by its own name.
	for _, r := range trend.Restated(tr.Indicator, drawn, lang) {
		tv := r.Lead
		axis := 0
		if tv.Scale == trend.ScaleIndex {
			axis = 1
		}
		color := text.PlanColor(tv.Target.Plan)
		name := trend.GoalLabel(tr.Indicator, tv.Target, lang)
		addLine(c, tr, tv.Trajectory, name, axis, color, "dashed", meta)
		names[tv.Trajectory.ID] = tv.Trajectory.Name
		addTarget(c, tr, r, name, axis, color, meta)
		legend = append(legend, map[string]string{"name": name, "icon": "diamond"})
	}
	c.SetGlobalOptions(charts.WithLegendOpts(legendOpts(legend)))
	c.Validate()
	return chartData{Option: c.JSON(), Meta: meta, Text: tooltipText(lang), Names: names, Credit: chartCredit(lang, []trend.Trend{tr}, tr.Index != nil)}
}

// chartHorizon is how many years past the latest value the chart reaches for live targets.
const chartHorizon = 11

// chartEnd is the last year the chart draws by default: the latest value, or the latest target year within
// chartHorizon years of it (the 2030 and 2035 goals, not the 2060 one).
func chartEnd(tr trend.Trend) int {
	end := tr.From
	if p, ok := tr.Latest(); ok {
		end = p.Year
	}
	if tr.Index != nil && len(tr.Index.Points) > 0 {
		end = max(end, tr.Index.Points[len(tr.Index.Points)-1].Year)
	}
	last := end
	for _, tv := range tr.Targets {
		if y := tv.Target.Year; y > end && y <= last+chartHorizon {
			end = max(end, y)
		}
	}
	return min(max(end, tr.From), tr.To)
}

// endAt is tr drawn up to the year to: later points, targets, bands and events left out.
func endAt(tr trend.Trend, to int) trend.Trend {
	if to >= tr.To {
		return tr
	}
	tr.To = to
	tr.Actual = clipTo(tr.Actual, to)
	if tr.Index != nil {
		idx := clipTo(*tr.Index, to)
		tr.Index = &idx
	}
	var targets []trend.TargetView
	for _, tv := range tr.Targets {
		if tv.Target.Year <= to {
			tv.Trajectory = clipTo(tv.Trajectory, to)
			targets = append(targets, tv)
		}
	}
	tr.Targets = targets
	var bands []trend.Band
	for _, b := range tr.Bands {
		if b.From <= to {
			b.To = min(b.To, to)
			bands = append(bands, b)
		}
	}
	tr.Bands = bands
	var events []record.Event
	for _, e := range tr.Events {
		if e.Date.Year() <= to {
			events = append(events, e)
		}
	}
	tr.Events = events
	if tr.Break != nil && tr.Break.Year > to {
		tr.Break = nil
	}
	return tr
}

func clipTo(s trend.Series, to int) trend.Series {
	out := s
	out.Points = nil
	for _, p := range s.Points {
		if p.Year <= to {
			out.Points = append(out.Points, p)
		}
	}
	return out
}

// maxPublishers is how many publishers a credit line names before "and N more".
const maxPublishers = 4

// chartCredit says what a chart shows and where its values come from, for the line under it that a saved
// image keeps (static/chart.js adds the page's address): each indicator and unit, the publishers of the values
// drawn, most cited first, and, when the chart draws one, that the index was derived by the program.
func chartCredit(lang string, trs []trend.Trend, derived bool) string {
	var names []string
	count := map[string]int{}
	for _, tr := range trs {
		names = append(names, text.Tf(lang, "chart.name_unit", tr.Name, tr.Shown.Unit))
		for _, p := range tr.Actual.Points {
			if p.Source == nil {
				continue
			}
			who := text.OrgName(lang, p.Source.Publisher)
			if who == "" {
				who = p.Source.Title
			}
			count[who]++
		}
	}
	publishers := slices.SortedFunc(maps.Keys(count), func(a, b string) int {
		return cmp.Or(count[b]-count[a], strings.Compare(a, b))
	})
	more := len(publishers) - maxPublishers
	if more > 0 {
		publishers = publishers[:maxPublishers]
	}
	out := strings.Join(names, text.T(lang, "punct.semicolon")) + text.T(lang, "punct.stop")
	if len(publishers) > 0 {
		out += text.T(lang, "credit.sources") + strings.Join(publishers, text.T(lang, "punct.list"))
		if more > 0 {
			out += fmt.Sprintf(text.T(lang, "credit.more"), more)
		}
		out += text.T(lang, "punct.stop")
	}
	if derived {
		out += text.T(lang, "credit.derived")
	}
	return strings.TrimSpace(out)
}

// commonOptions: tooltip, legend, toolbox (PNG, data view, zoom) and zoom on the time axis.
func commonOptions(lang, name string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{BackgroundColor: "#ffffff"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(legendOpts(nil)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithDataZoomOpts(
			opts.DataZoom{Type: "inside", XAxisIndex: 0},
			opts.DataZoom{Type: "slider", XAxisIndex: 0},
		),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "72", Top: "64", Bottom: "72"}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "10", Top: "0", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: name, Title: text.T(lang, "chart.save")},
			DataView: &opts.ToolBoxFeatureDataView{Show: opts.Bool(true), Title: text.T(lang, "chart.dataview"),
				Lang: []string{text.T(lang, "chart.dataview"), text.T(lang, "chart.close"), text.T(lang, "chart.refresh")}, BackgroundColor: "#ffffff"},
			DataZoom: &opts.ToolBoxFeatureDataZoom{Show: opts.Bool(true), YAxisIndex: "none",
				Title: map[string]string{"zoom": text.T(lang, "chart.zoom"), "back": text.T(lang, "chart.zoomback")}},
			Restore: &opts.ToolBoxFeatureRestore{Show: opts.Bool(true), Title: text.T(lang, "chart.restore")},
		}}),
	}
}

// legendOpts is a legend that wraps (static/chart.js keeps it clear of the toolbox and moves the plot below
// it), with these entries (nil: one per series name).
func legendOpts(entries []any) opts.Legend {
	l := opts.Legend{Show: opts.Bool(true), Type: "plain", Top: "0", Left: "0"}
	if entries != nil {
		l.Data = entries
	}
	return l
}

// aligned puts the points on the year categories, in the unit the axis shows (text.Shown: 亿千瓦 for GW in
// Chinese; text.Shown{} for none); a year without a value is "-", a gap in the line.
func aligned(from, to int, points []trend.Point, unit text.Shown) []any {
	out := make([]any, 0, max(0, to-from+1))
	at := map[int]float64{}
	for _, p := range points {
		at[p.Year] = unit.Value(p.Value)
	}
	for y := from; y <= to && from > 0; y++ {
		if v, ok := at[y]; ok {
			out = append(out, round(v))
		} else {
			out = append(out, "-")
		}
	}
	return out
}

func lineData(vals []any) []opts.LineData {
	out := make([]opts.LineData, len(vals))
	for i, v := range vals {
		out[i] = opts.LineData{Value: v}
	}
	return out
}

// addActual draws the published values (bars for year-on-year changes) with the plan periods as bands, the
// policy events and the definition break as marked lines.
func addActual(c *charts.Line, tr trend.Trend, meta map[string]map[string]pointMeta) {
	vals := aligned(tr.From, tr.To, tr.Actual.Points, tr.Shown)
	meta[tr.Actual.ID] = actualMeta(tr)
	marks := []charts.SeriesOpts{charts.WithSeriesId(tr.Actual.ID), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Color = actualColor
		s.ConnectNulls = opts.Bool(false)
		s.SymbolSize = 7
	})}
	marks = append(marks, bandMarks(tr)...)
	marks = append(marks, lineMarks(tr)...)
	if tr.Indicator.Measure == "yoy_change" {
		marks = append(marks, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Color = changeColor }))
		bar := charts.NewBar()
		bar.AddSeries(tr.Actual.Name, barData(vals), marks...)
		c.Overlap(bar)
		return
	}
	c.AddSeries(tr.Actual.Name, lineData(vals), marks...)
}

func barData(vals []any) []opts.BarData {
	out := make([]opts.BarData, len(vals))
	for i, v := range vals {
		out[i] = opts.BarData{Value: v}
	}
	return out
}

// bandMarks shade the five-year-plan periods over the full height of the chart. The corners are given on the
// time axis only (xAxis), never with go-echarts' MarkAreaData.YAxis, whose JSON tag is wrong.
func bandMarks(tr trend.Trend) []charts.SeriesOpts {
	var areas [][]opts.MarkAreaData
	for i, b := range tr.Bands {
		alpha := "0.07"
		if i%2 == 1 {
			alpha = "0.14"
		}
		areas = append(areas, []opts.MarkAreaData{
			{Name: b.Name, XAxis: strconv.Itoa(b.From), MarkAreaStyle: opts.MarkAreaStyle{
				ItemStyle: &opts.ItemStyle{Color: "rgba(70, 110, 160, " + alpha + ")"}}},
			{XAxis: strconv.Itoa(b.To)},
		})
	}
	if len(areas) == 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkAreaData(areas...),
		charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{
			Label: &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: "#4a5a6a"},
		}),
	}
}

// lineMarks mark the policy events and the definition break at their years.
func lineMarks(tr trend.Trend) []charts.SeriesOpts {
	var items []opts.MarkLineNameXAxisItem
	for _, e := range tr.Events {
		title := text.Pick(tr.Lang, e.TitleEN, e.TitleZH)
		items = append(items, opts.MarkLineNameXAxisItem{Name: e.Date.Format("2006-01-02") + " " + title, XAxis: strconv.Itoa(e.Date.Year())})
	}
	if tr.Break != nil {
		name := text.T(tr.Lang, "ind.break")
		if tr.Break.Note != "" {
			name += ": " + tr.Break.Note
		}
		items = append(items, opts.MarkLineNameXAxisItem{Name: name, XAxis: strconv.Itoa(tr.Break.Year)})
	}
	if len(items) == 0 {
		return nil
	}
	return []charts.SeriesOpts{
		charts.WithMarkLineNameXAxisItemOpts(items...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(false)},
			LineStyle: &opts.LineStyle{Color: "#9a6b3f", Type: "dotted", Width: 1},
		}),
	}
}

// addLine draws a derived series (the index, a trajectory) under name.
func addLine(c *charts.Line, tr trend.Trend, s trend.Series, name string, axis int, color, style string, meta map[string]map[string]pointMeta) {
	meta[s.ID] = derivedMeta(tr, s)
	c.AddSeries(name, lineData(aligned(tr.From, tr.To, s.Points, axisUnit(tr, axis))), charts.WithSeriesId(s.ID),
		charts.WithLineStyleOpts(opts.LineStyle{Type: style, Width: 2, Color: color}),
		charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
			ss.YAxisIndex = axis
			ss.Color = color
			ss.ShowSymbol = opts.Bool(false)
		}))
}

// addTarget draws a target as one point at its year, in its plan's colour, under name; its tooltip names
// every document stating it.
func addTarget(c *charts.Line, tr trend.Trend, r trend.Restatement, name string, axis int, color string, meta map[string]map[string]pointMeta) {
	tv := r.Lead
	s := tv.TargetSeries()
	docs := make([]string, 0, len(r.All))
	for _, d := range r.All {
		docs = append(docs, d.Document)
	}
	meta[s.ID] = map[string]pointMeta{strconv.Itoa(tv.Goal.Year): {
		Value:    goalText(tr, tv),
		Derived:  tv.Goal.Derived,
		Document: strings.Join(docs, text.Pick(tr.Lang, "; ", "；")),
		Source:   tv.Target.Source.Title,
		Status:   trend.StatusLabel(tv.Status.Code, tr.Lang),
		Flag:     text.FlagName(tr.Lang, tv.Target.Flag),
	}}
	vals := aligned(tr.From, tr.To, s.Points, axisUnit(tr, axis))
	data := make([]opts.ScatterData, len(vals))
	for i, v := range vals {
		data[i] = opts.ScatterData{Value: v}
	}
	sc := charts.NewScatter()
	sc.AddSeries(name, data, charts.WithSeriesId(s.ID), charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
		ss.YAxisIndex = axis
		ss.Color = color
		ss.Symbol = "diamond"
		ss.SymbolSize = 14
	}))
	c.Overlap(sc)
}

func actualMeta(tr trend.Trend) map[string]pointMeta {
	m := map[string]pointMeta{}
	for _, p := range tr.Actual.Points {
		pm := pointMeta{Value: tr.Shown.Amount(p.Exact), Flag: text.FlagName(tr.Lang, p.Flag), Note: text.NoteText(tr.Lang, p.Note, tr.Shown)}
		if p.Source != nil {
			pm.Source, pm.Published = p.Source.Title, p.Source.Published
			pm.Standing = text.StandingName(tr.Lang, p.Source.Standing)
		}
		if p.Vintages > 1 {
			pm.Vintage = strconv.Itoa(p.Vintage) + "/" + strconv.Itoa(p.Vintages)
		}
		m[strconv.Itoa(p.Year)] = pm
	}
	return m
}

func derivedMeta(tr trend.Trend, s trend.Series) map[string]pointMeta {
	unit := tr.Shown
	if s.Kind == "index" || (tr.Index != nil && strings.HasPrefix(s.ID, "trajectory-") && onIndex(tr, s.ID)) {
		unit = text.Shown{}
	}
	m := map[string]pointMeta{}
	for _, p := range s.Points {
		m[strconv.Itoa(p.Year)] = pointMeta{Value: text.WithUnit(unit.Fixed(p.Value, tr.Indicator.Precision+1), unit.Unit), Derived: p.Derived}
	}
	return m
}

// axisUnit is the unit of the values drawn on an axis: the indicator's as shown (0), the index's (1: none).
func axisUnit(tr trend.Trend, axis int) text.Shown {
	if axis == 0 {
		return tr.Shown
	}
	return text.Shown{}
}

// onIndex reports whether the trajectory with this series id is drawn on the index axis.
func onIndex(tr trend.Trend, id string) bool {
	for _, tv := range tr.Targets {
		if tv.Trajectory.ID == id {
			return tv.Scale == trend.ScaleIndex
		}
	}
	return false
}

// goalText is the target value as the tooltip and the table show it.
func goalText(tr trend.Trend, tv trend.TargetView) string {
	if tv.Scale == trend.ScaleIndex {
		return text.Fixed(tv.Goal.Value, 1) + " (" + text.T(tr.Lang, "chart.index") + ")"
	}
	if tv.Goal.Exact != "" {
		return tr.Shown.Amount(tv.Goal.Exact)
	}
	return text.WithUnit(tr.Shown.Fixed(tv.Goal.Value, tr.Indicator.Precision), tr.Shown.Unit)
}

func tooltipText(lang string) map[string]string {
	m := map[string]string{}
	for _, k := range []string{"source", "published", "flag", "vintage", "derived", "document", "status", "by", "standing"} {
		m[k] = text.T(lang, "chart."+k)
	}
	return m
}

// round keeps 6 significant decimals: enough for the chart, shorter JSON.
func round(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 6, 64), 64)
	return f
}
