package dashboard

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
)

// The scoreboard (GET /targets, /targets.csv, /targets.json): every official target of every indicator, one row
// each, with the status its indicator page shows and "by how much". It is built from the rows the overview reads
// (cache.all) with the same trend builder, so the three agree by construction.

// statusOrder is the order of the scoreboard's groups and counts: targets still in progress first (the answer to
// "is China on track?"), then those reached early, then those whose year has come, then those without data.
var statusOrder = []string{progress.OnTrack, progress.Moderate, progress.Limited, progress.Away,
	progress.Achieved, progress.Met, progress.Missed, progress.NoData}

// Sort orders of the scoreboard (?sort=).
const (
	sortStatus    = "status" // grouped by status (default)
	sortIndicator = "indicator"
	sortYear      = "year"
)

// scoreRow is one target on the scoreboard: raw values for the downloads, texts in the page's language.
type scoreRow struct {
	TV        trend.TargetView
	Code      string // indicator
	Name      string // indicator, in the language
	Unit      string // indicator's unit, in the language
	Order     int    // position of the indicator in display order
	URL       string // the indicator page
	TargetURL string // the target on the indicator page
	Plan      string // plan name, in the language
	Document  string // the document, when it says more than the plan name

	StatusLabel string

	HasLatest   bool
	LatestValue string // the stored decimal text
	LatestText  string // with the unit
	LatestYear  int
	LatestFlag  string
	LatestSrc   db.Source // the publication of the latest value

	// The gap: for level, cap and floor targets the value the status rests on minus the target, in the
	// indicator's unit; for change targets the change achieved since the base year (%), against Target.Value.
	HasGap      bool
	GapYear     int
	Gap         float64 // level, cap, floor
	GapUnit     string  // "pp" for shares and other % units, else the indicator's unit (in the language)
	Achieved    float64 // change targets: % change from the base year to GapYear
	GapBaseYear int     // change targets
	GapText     string

	HasRates                  bool   // R and the observed and required rates are defined
	Ratio, Observed, Required string // R; the observed and required annual rates
	Still                     string // the rate still required per year (in progress only), as the indicator page shows it
}

// scoreGroup is a status group of the scoreboard (or, sorted otherwise, the one table).
type scoreGroup struct {
	Status, Label string // empty when not grouped
	Rows          []scoreRow
}

// statusCount is the number of targets with one status.
type statusCount struct {
	Status, Label string
	Count         int
	Anchor        string // the group on the scoreboard
}

// scoreboard is every target, in the order asked.
type scoreboard struct {
	Rows   []scoreRow
	Counts []statusCount // every status of statusOrder, zeros included
	Total  int
}

// buildScoreboard lists the targets of every indicator of all, assessed as the indicator pages assess them: the
// trend of each indicator over its whole range, in lang.
func (s *Server) buildScoreboard(all *AllData, lang, order string) scoreboard {
	var sb scoreboard
	count := map[string]int{}
	for i := range all.Indicators {
		tr := s.buildTrend(&all.Indicators[i], View{Lang: lang})
		for _, tv := range tr.Targets {
			r := newScoreRow(tr, tv, i)
			sb.Rows = append(sb.Rows, r)
			count[tv.Status.Code]++
		}
	}
	sb.Total = len(sb.Rows)
	for _, st := range statusOrder {
		sb.Counts = append(sb.Counts, statusCount{Status: st, Label: trend.StatusLabel(st, lang), Count: count[st], Anchor: "group-" + st})
	}
	sortRows(sb.Rows, order)
	return sb
}

func statusRank(code string) int {
	for i, st := range statusOrder {
		if st == code {
			return i
		}
	}
	return len(statusOrder)
}

// sortRows orders rows: by status (then target year and indicator), by indicator (display order, then year),
// or by target year (then indicator). Ties keep the order rows come in: indicators in display order, each
// indicator's targets as its page lists them (year, then id).
func sortRows(rows []scoreRow, order string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		keys := func(r scoreRow) []int {
			switch order {
			case sortIndicator:
				return []int{r.Order, r.TV.Target.Year}
			case sortYear:
				return []int{r.TV.Target.Year, r.Order}
			}
			return []int{statusRank(r.TV.Status.Code), r.TV.Target.Year, r.Order}
		}
		ka, kb := keys(a), keys(b)
		for k := range ka {
			if ka[k] != kb[k] {
				return ka[k] < kb[k]
			}
		}
		return false
	})
}

func newScoreRow(tr trend.Trend, tv trend.TargetView, order int) scoreRow {
	lang := tr.Lang
	code := tr.Indicator.Code
	page := View{Lang: lang}.Link("/indicators/" + code)
	tgt := targetRowOf(tr, tv) // the status label and the rate still required, as on the indicator page
	r := scoreRow{
		TV: tv, Code: code, Name: tr.Name, Unit: tr.Unit, Order: order,
		URL: page, TargetURL: page + "#status-" + strconv.FormatInt(tv.Target.ID, 10),
		Plan: tv.PlanName, StatusLabel: tgt.StatusLabel, Still: tgt.Still,
	}
	if tv.Document != tv.PlanName {
		r.Document = tv.Document
	}
	if p, ok := tr.Latest(); ok {
		r.HasLatest, r.LatestValue, r.LatestYear = true, p.Exact, p.Year
		r.LatestText = text.WithUnit(p.Exact, tr.Unit)
		r.LatestFlag = text.FlagName(lang, p.Flag)
		if p.Source != nil {
			r.LatestSrc = *p.Source
		}
	}
	r.setGap(tr, tv)
	st := tv.Status
	if st.Code != progress.NoData && st.BaseYear != 0 && st.LatestYear > st.BaseYear && st.RequiredRate != 0 {
		r.HasRates = true
		r.Ratio = text.Fixed(st.Ratio, 2)
		r.Observed = rateText(tr, st, st.ObservedRate)
		r.Required = rateText(tr, st, st.RequiredRate)
	}
	return r
}

// rateText is an annual rate as the indicator page writes the rate still required: compound rates in %/yr,
// linear ones in the indicator's unit.
func rateText(tr trend.Trend, st progress.Status, rate float64) string {
	return text.Rate(tr.Lang, rate, st.Linear, tr.Unit, tr.Indicator.Precision, text.InColumn)
}

// setGap works out "by how much" from the values the status rests on.
func (r *scoreRow) setGap(tr trend.Trend, tv trend.TargetView) {
	st, t, lang := tv.Status, tv.Target, tr.Lang
	if t.Kind == "change" {
		if st.LatestYear == 0 || st.BaseYear == 0 || st.BaseValue == 0 {
			return
		}
		r.HasGap, r.GapYear, r.GapBaseYear = true, st.LatestYear, st.BaseYear
		r.Achieved = (st.LatestValue/st.BaseValue - 1) * 100
		achieved := text.Fixed(r.Achieved, 1)
		if lang == text.ZH {
			r.GapText = fmt.Sprintf("%d年比%d年%s（目标：%s）", st.LatestYear, st.BaseYear,
				text.ChangeZH(achieved), text.ChangeZH(t.Value))
		} else {
			r.GapText = fmt.Sprintf("%s%% vs %d in %d (target %s%%)", text.Signed(achieved), st.BaseYear, st.LatestYear,
				text.Signed(t.Value))
		}
		return
	}
	year, value := st.LatestYear, st.LatestValue
	if year == 0 { // no status value (e.g. no base year): the latest value still tells how far the target is
		p, ok := tr.Latest()
		if !ok {
			return
		}
		year, value = p.Year, p.Value
	}
	prec := max(tr.Indicator.Precision, decimals(t.Value))
	r.HasGap, r.GapYear = true, year
	r.Gap = value - t.Float()
	r.GapUnit = tr.Unit
	if strings.HasPrefix(tr.Indicator.Unit, "%") { // a difference of percentages: percentage points
		r.GapUnit = text.T(lang, "unit.pp")
	}
	abs := text.Fixed(math.Abs(r.Gap), prec)
	amount := text.WithUnit(abs, r.GapUnit)
	zero := strings.Trim(abs, "0.") == ""
	switch {
	case zero && lang == text.ZH:
		r.GapText = fmt.Sprintf("%d年与目标持平", year)
	case zero:
		r.GapText = fmt.Sprintf("at the target (%d)", year)
	case lang == text.ZH && r.Gap > 0:
		r.GapText = fmt.Sprintf("%d年比目标高%s", year, amount)
	case lang == text.ZH:
		r.GapText = fmt.Sprintf("%d年比目标低%s", year, amount)
	case r.Gap > 0:
		r.GapText = fmt.Sprintf("%s above the target (%d)", amount, year)
	default:
		r.GapText = fmt.Sprintf("%s below the target (%d)", amount, year)
	}
}

// decimals is the number of decimals of a decimal text.
func decimals(v string) int {
	if _, frac, ok := strings.Cut(v, "."); ok {
		return len(frac)
	}
	return 0
}

// groups splits rows (sorted by status) into one group per status; other orders make one group.
func (sb scoreboard) groups(lang, order string) []scoreGroup {
	if order != sortStatus {
		if len(sb.Rows) == 0 {
			return nil
		}
		return []scoreGroup{{Rows: sb.Rows}}
	}
	var out []scoreGroup
	for _, r := range sb.Rows {
		code := r.TV.Status.Code
		if n := len(out); n == 0 || out[n-1].Status != code {
			out = append(out, scoreGroup{Status: code, Label: trend.StatusLabel(code, lang)})
		}
		out[len(out)-1].Rows = append(out[len(out)-1].Rows, r)
	}
	return out
}

// parseSort reads ?sort=: status (default), indicator or year.
func parseSort(c echo.Context) (string, error) {
	q := c.QueryParams()
	if len(q["sort"]) > 1 {
		return "", badRequest("err.duplicate")
	}
	switch o := q.Get("sort"); o {
	case "", sortStatus:
		return sortStatus, nil
	case sortIndicator, sortYear:
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
	Board     scoreboard
	Groups    []scoreGroup
	Sort      string
	SortLinks map[string]string // order -> this page in that order
	Downloads []link
}

// targetsPage is GET /targets: the scoreboard.
func (s *Server) targetsPage(c echo.Context) error {
	v, order, err := scoreView(c)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "targets?"+v.key()+"&sort="+order, htmlType, func(snap *snapshot) ([]byte, error) {
		all, err := s.cache.all(ctx, snap)
		if err != nil {
			return nil, err
		}
		return s.pages.render("targets", s.targetsView(all, v, order))
	})
}

// scoreLink is path in view v and order (the default order is left out of the URL).
func scoreLink(path string, v View, order string) string {
	q := v.Query()
	if order != sortStatus {
		q.Set("sort", order)
	}
	return path + "?" + q.Encode()
}

func (s *Server) targetsView(all *AllData, v View, order string) targetsView {
	tv := targetsView{pageData: viewPage(v, "/targets"), Sort: order, SortLinks: map[string]string{}}
	tv.LangSwitch = scoreLink("/targets", v.WithLang(text.Other(v.Lang)), order)
	tv.Board = s.buildScoreboard(all, v.Lang, order)
	tv.Groups = tv.Board.groups(v.Lang, order)
	for _, o := range []string{sortStatus, sortIndicator, sortYear} {
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
	Parts []statusCount // met and achieved together ("done"), then on track ... no data, zeros included
	URL   string        // the scoreboard
}

// targetSummary counts the targets of all by status, as the scoreboard does.
func (s *Server) targetSummary(all *AllData, v View) targetSummary {
	sb := s.buildScoreboard(all, v.Lang, sortStatus)
	n := map[string]int{}
	for _, c := range sb.Counts {
		n[c.Status] = c.Count
	}
	sum := targetSummary{Total: sb.Total, URL: View{Lang: v.Lang}.Link("/targets")}
	sum.Parts = []statusCount{
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

// scoreColumns is the header of /targets.csv; scoreNumeric are its columns holding numbers, booleans or years
// (never neutralised, so a negative number stays a number).
var (
	scoreColumns = []string{"indicator", "indicator_name", "unit", "target_id", "target", "plan", "document",
		"document_zh", "issuer", "target_year", "kind", "target_value", "base_year", "binding", "status", "status_label", "status_text",
		"latest_year", "latest_value", "gap_year", "gap", "gap_unit", "change_base_year", "achieved_change_pct",
		"required_change_pct", "ratio", "observed_rate", "required_rate", "still_required", "rates_linear",
		"source_title", "source_url", "latest_source_title", "latest_source_url", "latest_source_published"}
	scoreNumeric = []string{"target_id", "target_year", "target_value", "base_year", "binding", "latest_year",
		"latest_value", "gap_year", "gap", "change_base_year", "achieved_change_pct", "required_change_pct", "ratio",
		"observed_rate", "required_rate", "still_required", "rates_linear"}
)

// ScoreJSON is one row of /targets.json: the same fields as the CSV.
type ScoreJSON struct {
	Indicator         string       `json:"indicator"`
	IndicatorName     string       `json:"indicator_name"`
	Unit              string       `json:"unit"`
	TargetID          int64        `json:"target_id"`
	Target            string       `json:"target"`
	Plan              string       `json:"plan"`
	Document          string       `json:"document"`
	DocumentZH        string       `json:"document_zh"` // the document's Chinese name; empty: none known
	Issuer            string       `json:"issuer"`
	TargetYear        int          `json:"target_year"`
	Kind              string       `json:"kind"`
	TargetValue       float64      `json:"target_value"`
	BaseYear          int          `json:"base_year,omitempty"`
	Binding           bool         `json:"binding"`
	Status            string       `json:"status"`
	StatusLabel       string       `json:"status_label"`
	StatusText        string       `json:"status_text"`
	LatestYear        int          `json:"latest_year,omitempty"`
	LatestValue       *float64     `json:"latest_value"`
	GapYear           int          `json:"gap_year,omitempty"`
	Gap               *float64     `json:"gap"`
	GapUnit           string       `json:"gap_unit,omitempty"`
	ChangeBaseYear    int          `json:"change_base_year,omitempty"`
	AchievedChangePct *float64     `json:"achieved_change_pct"`
	RequiredChangePct *float64     `json:"required_change_pct"`
	Ratio             *float64     `json:"ratio"`
	ObservedRate      *float64     `json:"observed_rate"`
	RequiredRate      *float64     `json:"required_rate"`
	StillRequired     *float64     `json:"still_required"`
	RatesLinear       bool         `json:"rates_linear"`
	SourceTitle       string       `json:"source_title"`
	SourceURL         string       `json:"source_url"`
	LatestSource      *ScoreSource `json:"latest_source"` // the publication of the latest value; null without one
}

// ScoreSource is a publication in /targets.json.
type ScoreSource struct {
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published"`
}

// record is the row as the columns of scoreColumns ("" for an empty cell).
func (r scoreRow) record() []string {
	t, st := r.TV.Target, r.TV.Status
	num := func(ok bool, f float64) string {
		if !ok {
			return ""
		}
		return export.Number(f)
	}
	out := []string{r.Code, r.Name, r.Unit, strconv.FormatInt(t.ID, 10), r.TV.Label, r.Plan, t.Document, t.DocumentZH,
		t.Issuer, strconv.Itoa(t.Year), t.Kind, t.Value, itoaOrEmpty(trend.TargetBaseYear(t)), strconv.FormatBool(t.Binding),
		st.Code, r.StatusLabel, r.TV.StatusText, itoaOrEmpty(r.LatestYear), r.LatestValue}
	isChange := t.Kind == "change"
	out = append(out, itoaOrEmpty(r.GapYear), num(r.HasGap && !isChange, r.Gap), r.GapUnit, itoaOrEmpty(r.GapBaseYear),
		num(r.HasGap && isChange, r.Achieved), num(isChange, t.Float()))
	still := r.Still != ""
	out = append(out, num(r.HasRates, st.Ratio), num(r.HasRates, st.ObservedRate), num(r.HasRates, st.RequiredRate),
		num(still, st.StillRequired), strconv.FormatBool(st.Linear), t.Source.Title, t.Source.URL,
		r.LatestSrc.Title, r.LatestSrc.URL, r.LatestSrc.Published)
	return out
}

func (r scoreRow) json() ScoreJSON {
	t, st := r.TV.Target, r.TV.Status
	f := func(ok bool, v float64) *float64 {
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		v = math.Round(v*1e6) / 1e6
		return &v
	}
	isChange := t.Kind == "change"
	latest, _ := strconv.ParseFloat(r.LatestValue, 64)
	return ScoreJSON{
		Indicator: r.Code, IndicatorName: r.Name, Unit: r.Unit, TargetID: t.ID, Target: r.TV.Label, Plan: r.Plan,
		Document: t.Document, DocumentZH: t.DocumentZH, Issuer: t.Issuer, TargetYear: t.Year, Kind: t.Kind,
		TargetValue: t.Float(), BaseYear: trend.TargetBaseYear(t), Binding: t.Binding, Status: st.Code,
		StatusLabel: r.StatusLabel, StatusText: r.TV.StatusText, LatestYear: r.LatestYear, LatestValue: f(r.HasLatest, latest),
		GapYear: r.GapYear, Gap: f(r.HasGap && !isChange, r.Gap), GapUnit: r.GapUnit, ChangeBaseYear: r.GapBaseYear,
		AchievedChangePct: f(r.HasGap && isChange, r.Achieved), RequiredChangePct: f(isChange, t.Float()),
		Ratio: f(r.HasRates, st.Ratio), ObservedRate: f(r.HasRates, st.ObservedRate),
		RequiredRate: f(r.HasRates, st.RequiredRate), StillRequired: f(r.Still != "", st.StillRequired),
		RatesLinear: st.Linear, SourceTitle: t.Source.Title, SourceURL: t.Source.URL,
		LatestSource: latestSource(r),
	}
}

func itoaOrEmpty(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

// writeScoreCSV writes the scoreboard for spreadsheets, as the chart downloads are written: UTF-8 with a
// byte-order mark, text cells neutralised against formula injection, numbers as they are.
func writeScoreCSV(sb scoreboard, buf *bytes.Buffer) error {
	buf.WriteString(export.BOM)
	numeric := make([]bool, len(scoreColumns))
	for i, h := range scoreColumns {
		for _, n := range scoreNumeric {
			numeric[i] = numeric[i] || h == n
		}
	}
	w := csv.NewWriter(buf)
	if err := w.Write(scoreColumns); err != nil {
		return err
	}
	for _, r := range sb.Rows {
		rec := r.record()
		for i := range rec {
			if !numeric[i] {
				rec[i] = export.Neutralise(rec[i])
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func writeScoreJSON(sb scoreboard, asOf int, lang string, buf *bytes.Buffer) error {
	out := struct {
		Lang    string         `json:"lang"`
		AsOf    int            `json:"as_of"`
		Total   int            `json:"total"`
		Counts  map[string]int `json:"counts"`
		Targets []ScoreJSON    `json:"targets"`
	}{Lang: lang, AsOf: asOf, Total: sb.Total, Counts: map[string]int{}, Targets: []ScoreJSON{}}
	for _, c := range sb.Counts {
		out.Counts[c.Status] = c.Count
	}
	for _, r := range sb.Rows {
		out.Targets = append(out.Targets, r.json())
	}
	b, err := marshal(out)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
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
		if order != sortStatus {
			name += "-by-" + order
		}
		setAttachment(c, name+"."+f.ext, "官方目标进展", v.Lang)
		ctx := c.Request().Context()
		key := "targets." + f.ext + "?" + v.key() + "&sort=" + order
		return s.serveCached(c, key, f.contentType, func(snap *snapshot) ([]byte, error) {
			all, err := s.cache.all(ctx, snap)
			if err != nil {
				return nil, err
			}
			sb := s.buildScoreboard(all, v.Lang, order)
			var buf bytes.Buffer
			if f.ext == "json" {
				err = writeScoreJSON(sb, s.asOf(), v.Lang, &buf)
			} else {
				err = writeScoreCSV(sb, &buf)
			}
			return buf.Bytes(), err
		})
	}
}

func latestSource(r scoreRow) *ScoreSource {
	if !r.HasLatest || r.LatestSrc.Title == "" {
		return nil
	}
	return &ScoreSource{Title: r.LatestSrc.Title, URL: r.LatestSrc.URL, Published: r.LatestSrc.Published}
}
