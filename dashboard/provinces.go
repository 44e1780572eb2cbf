package dashboard

import (
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
)

// The layers of the provincial map: the chosen year's values, each province's status against its own nearest
// target, or an assessment's ratings (its code).
const (
	layerValue  = "value"
	layerStatus = "status"
)

// provincesPage is GET /indicators/:code/provinces: a tile map of the provinces coloured by the chosen year's
// value, by status against each province's own target, or by a published rating; beside it the ranking table.
func (s *Server) provincesPage(c echo.Context) error {
	code := c.Param("code")
	if !validCode(code) {
		return notFound("err.indicator_not_found")
	}
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To, v.Region = 0, 0, national
	year, layer, err := parseMapQuery(c)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	key := "provinces:" + code + "?" + v.key() + "&year=" + strconv.Itoa(year) + "&layer=" + layer
	return s.serveCached(c, key, htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		d, err := s.cache.provinces(ctx, snap, code, v.AsOf)
		if err != nil {
			return nil, err
		}
		pv, err := s.provincesView(d, v, year, layer)
		if err != nil {
			return nil, err
		}
		return s.pages.render("provinces", pv)
	})
}

// parseMapQuery reads ?year= (a year, or empty: the default) and ?layer= (value, status or an assessment
// code; checked against the indicator's assessments when the page is built).
func parseMapQuery(c echo.Context) (int, string, error) {
	q := c.QueryParams()
	for _, name := range []string{"year", "layer"} {
		if len(q[name]) > 1 {
			return 0, "", badRequest("err.duplicate")
		}
	}
	year, err := parseYear(q.Get("year"))
	if err != nil {
		return 0, "", err
	}
	layer := q.Get("layer")
	if layer == "" {
		layer = layerValue
	}
	if !validCode(layer) {
		return 0, "", badRequest("err.layer")
	}
	return year, layer, nil
}

type provincesView struct {
	pageData
	Name, Unit, IndicatorURL string
	Year                     int
	Years                    []int
	Layer                    string
	Layers                   []layerOption // value, status, each assessment
	Assessment               *assessmentView
	Legend                   []swatch
	Tiles                    []tileView
	Rows                     []rankRow // the ranking: every province, no data last
	National                 *rankRow  // the nation in the same year, for comparison
	Counted, Cut, Rose       int       // provinces with a value in Year; of which below zero, above zero (changes)
	Change                   bool      // the values are changes (yoy_change)
	Map                      mapData   // what provinces.js draws (html/template encodes it as JSON)
	FormAction               string
	Secondary                bool   // some value shown comes from a secondary compilation
	Summary                  string // how many cut, how many rose (changes)
}

// tileView is one tile of the map.
type tileView struct {
	Code, Name, Short string
	Col, Row          int
	ValueText         string
	Swatch            swatch
}

// rankRow is one province of the ranking table.
type rankRow struct {
	Code, Name, Official, URL string
	HasValue                  bool
	Value                     float64
	ValueText, Flag, Note     string
	HasChange                 bool
	Change                    float64
	ChangeText                string
	TargetLabel, TargetURL    string
	Status, StatusLabel       string
	SourceTitle, SourceURL    string
	Published                 string
	Rating, RatingLabel       string
	RatingQuote               string
	RatingOrder               string // 1 red, 2 yellow, 3 green (the document's levels); "" unrated
	Rank                      int    // 1 = best by the indicator's direction; 0 without a value
	Swatch                    swatch
}

type assessmentView struct {
	db.Assessment
	Name, Document string
}

// mapData is what provinces.js draws: the grid and each tile's colours and texts (strings from the database
// are data here, encoded as JSON and HTML-escaped; the script puts them on the canvas as text).
type mapData struct {
	Cols  int       `json:"cols"`
	Rows  int       `json:"rows"`
	Tiles []mapTile `json:"tiles"`
	Title string    `json:"title"`
}

type mapTile struct {
	Code  string `json:"code"`
	Col   int    `json:"col"`
	Row   int    `json:"row"`
	Label string `json:"label"`
	Name  string `json:"name"`
	Value string `json:"value"`
	Color string `json:"color"`
	Ink   string `json:"ink"`
}

func (s *Server) provincesView(d *ProvincesData, v View, year int, layer string) (provincesView, error) {
	lang := v.Lang
	in := d.Indicator
	path := "/indicators/" + in.Code + "/provinces"
	pv := provincesView{
		pageData:     viewPage(v, path),
		Name:         text.Pick(lang, in.NameEN, in.NameZH),
		Unit:         text.ShownUnit(lang, in.Unit, in.UnitZH).Unit, // values, ranking and legend in the unit readers use
		IndicatorURL: v.Link("/indicators/" + in.Code),
		Change:       in.Measure == "yoy_change",
		Layer:        layer,
		FormAction:   path,
	}
	byRegion := map[string][]db.Observation{}
	counts := map[int]int{}
	for _, o := range d.Observations {
		byRegion[o.Region] = append(byRegion[o.Region], o)
		if o.Region != national && o.Current() {
			counts[o.Year]++
		}
	}
	pv.Years = sortedYears(counts)
	if year == 0 {
		year = defaultYear(counts)
	}
	pv.Year = year
	pv.Layers = []layerOption{{Code: layerValue, Name: text.T(lang, "prov.layer_value")},
		{Code: layerStatus, Name: text.T(lang, "prov.layer_status")}}
	for i := range d.Assessments {
		a := &d.Assessments[i]
		pv.Layers = append(pv.Layers, layerOption{Code: a.Code, Name: text.Pick(lang, a.NameEN, a.NameZH)})
		if a.Code == layer {
			pv.Assessment = &assessmentView{Assessment: *a, Name: text.Pick(lang, a.NameEN, a.NameZH),
				Document: text.Pick(lang, a.Document, a.DocumentZH)}
		}
	}
	if layer != layerValue && layer != layerStatus && pv.Assessment == nil {
		return pv, notFound("err.layer_not_found")
	}
	// One trend per region, as its own page builds it: the same values, targets and statuses.
	build := func(code string) trend.Trend {
		return trend.Build(in, byRegion[code], d.Targets, nil, trend.Options{Lang: lang, AsOf: s.yearOf(v), Region: code})
	}
	var values []float64
	rows := map[string]*rankRow{}
	for _, place := range tileLayout() {
		r := s.rankRowOf(build(place.Code), d.Regions, place.Code, year, v)
		if r.HasValue {
			values = append(values, r.Value)
			pv.Counted++
			if r.Value < 0 {
				pv.Cut++
			} else if r.Value > 0 {
				pv.Rose++
			}
		}
		if strings.HasPrefix(r.Note, "[SECONDARY]") {
			pv.Secondary = true
		}
		rows[place.Code] = &r
	}
	if nr := s.rankRowOf(build(national), d.Regions, national, year, v); nr.HasValue {
		pv.National = &nr
	}
	s.colour(&pv, rows, values, in)
	for _, place := range tileLayout() {
		r := rows[place.Code]
		pv.Rows = append(pv.Rows, *r)
		t := tileView{Code: place.Code, Name: r.Name, Short: shortName(d.Regions, place.Code, lang), Col: place.Col,
			Row: place.Row, ValueText: "—", Swatch: r.Swatch}
		switch {
		case pv.Assessment != nil:
			if r.Rating != "" { // the colour's short name: the tile has room for a word
				t.ValueText = shortRating(pv.Lang, r.Rating)
			}
		case layer == layerStatus:
			if r.Status != "" {
				t.ValueText = r.StatusLabel
			}
		case r.HasValue:
			t.ValueText = r.ValueText
		}
		pv.Tiles = append(pv.Tiles, t)
	}
	sortRanking(pv.Rows, in.Direction)
	for i := range pv.Rows {
		if pv.Rows[i].HasValue {
			pv.Rows[i].Rank = i + 1
		}
	}
	if pv.Change && pv.Counted > 0 {
		pv.Summary = text.Tf(lang, "prov.summary_change", year, pv.Counted, pv.Cut, pv.Rose)
	}
	pv.Map = mapOf(pv)
	return pv, nil
}

// colour gives every row its swatch on the layer shown, and the page its legend.
func (s *Server) colour(pv *provincesView, rows map[string]*rankRow, values []float64, in db.Indicator) {
	lang := pv.Lang
	switch {
	case pv.Assessment != nil:
		for _, r := range pv.Assessment.Ratings {
			if row := rows[r.Region]; row != nil {
				row.Rating, row.RatingLabel, row.RatingQuote = r.Rating, text.T(lang, "rating."+r.Rating), r.Quote
				row.RatingOrder = map[string]string{"red": "1", "yellow": "2", "green": "3"}[r.Rating]
			}
		}
		for _, c := range []string{"red", "yellow", "green"} {
			sw := ratingSwatch(c)
			sw.Label = text.T(lang, "rating."+c)
			pv.Legend = append(pv.Legend, sw)
		}
		for _, row := range rows {
			row.Swatch = ratingSwatch(row.Rating)
		}
	case pv.Layer == layerStatus:
		seen := map[string]bool{}
		for _, row := range rows {
			row.Swatch = statusSwatch(row.Status)
			seen[row.Status] = true
		}
		for _, code := range []string{"achieved", "met", "on_track", "moderate", "limited", "away", "missed", "no_data"} {
			if seen[code] {
				sw := statusSwatch(code)
				sw.Label = trend.StatusLabel(code, lang)
				pv.Legend = append(pv.Legend, sw)
			}
		}
	default:
		// The values are in the unit shown (text.ShownUnit): its bounds keep the decimals the point moved by.
		pv.Legend = valueScale(values, pv.Change, in.Direction, in.Precision+1-text.ShownUnit(lang, in.Unit, in.UnitZH).Exp)
		for _, row := range rows {
			row.Swatch = noDataSwatch
			if row.HasValue {
				row.Swatch = binOf(pv.Legend, row.Value)
			}
		}
	}
	none := noDataSwatch
	none.Label = text.T(lang, "prov.no_data")
	pv.Legend = append(pv.Legend, none)
}

// rankRowOf is one region's row: its value in year, the change on the year before, its nearest own target and
// that target's status, and the source of the value.
func (s *Server) rankRowOf(tr trend.Trend, regions []db.Region, code string, year int, v View) rankRow {
	lang := v.Lang
	r := rankRow{Code: code, Name: code, URL: v.Whole().Link("/regions/" + code)}
	if reg := regionNamed(regions, code); reg != nil {
		r.Name = text.Pick(lang, reg.NameEN, reg.NameZH)
		r.Official = text.Pick(lang, reg.OfficialEN, reg.OfficialZH)
	}
	var prev *trend.Point
	for i := range tr.Actual.Points {
		p := &tr.Actual.Points[i]
		if p.Year == year-1 {
			prev = p
		}
		if p.Year != year {
			continue
		}
		r.HasValue, r.Value, r.ValueText = true, tr.Shown.Value(p.Value), text.Signed(tr.Shown.Number(p.Exact))
		if tr.Indicator.Measure != "yoy_change" {
			r.ValueText = tr.Shown.Number(p.Exact)
		}
		r.Flag, r.Note = text.FlagName(lang, p.Flag), text.NoteText(lang, p.Note, tr.Shown)
		if p.Source != nil {
			r.SourceTitle, r.SourceURL, r.Published = p.Source.Title, p.Source.URL, p.Source.Published
		}
	}
	if r.HasValue && prev != nil {
		r.HasChange = true
		if tr.Indicator.Measure == "yoy_change" { // the change of the published change: percentage points
			r.Change = r.Value - tr.Shown.Value(prev.Value)
			r.ChangeText = text.Signed(text.Fixed(r.Change, 2)) + " " + text.T(lang, "prov.pp")
		} else if prev.Value != 0 {
			r.Change = (r.Value/tr.Shown.Value(prev.Value) - 1) * 100
			r.ChangeText = text.Signed(text.Fixed(r.Change, 1)) + "%"
		} else {
			r.HasChange = false
		}
	}
	if tv := targetFor(tr, code, year); tv != nil {
		r.TargetLabel = tv.Label
		r.TargetURL = View{Lang: lang, AsOf: v.AsOf, Region: code}.Link("/indicators/" + tr.Indicator.Code)
		r.Status, r.StatusLabel = tv.Status.Code, trend.StatusLabel(tv.Status.Code, lang)
	}
	return r
}

// sortRanking orders the rows best first by the indicator's direction (the largest fall first for a 'down'
// indicator); regions without a value last, in map order.
func sortRanking(rows []rankRow, direction string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.HasValue != b.HasValue {
			return a.HasValue
		}
		if !a.HasValue || a.Value == b.Value {
			return false
		}
		if direction == "up" {
			return a.Value > b.Value
		}
		return a.Value < b.Value
	})
}

// layerOption is one choice of the layer control.
type layerOption struct{ Code, Name string }

func mapOf(pv provincesView) mapData {
	md := mapData{Cols: tileCols, Rows: tileRows, Title: pv.Name}
	for _, t := range pv.Tiles {
		md.Tiles = append(md.Tiles, mapTile{Code: t.Code, Col: t.Col, Row: t.Row, Label: t.Short, Name: t.Name,
			Value: t.ValueText, Color: t.Swatch.Color, Ink: t.Swatch.Ink})
	}
	return md
}

// shortName is the tile's label: the region's short name.
func shortName(regions []db.Region, code, lang string) string {
	if reg := regionNamed(regions, code); reg != nil {
		return text.Pick(lang, reg.NameEN, reg.NameZH)
	}
	return code
}

// panelIndicator is the indicator of the overview's provinces panel: the one whose provincial targets bind.
const panelIndicator = "energy_intensity"

// provincesPanel is the overview's line on the provinces: in the latest year most provinces have a figure for,
// how many cut energy intensity and which raised it most.
type provincesPanel struct {
	Line, URL string
}

func (s *Server) provincesPanel(d *ProvincesData, v View) *provincesPanel {
	counts := map[int]int{}
	for _, o := range d.Observations {
		if o.Region != national && o.Current() {
			counts[o.Year]++
		}
	}
	year := defaultYear(counts)
	if year == 0 {
		return nil
	}
	var n, fell, rose int
	var most *db.Observation
	for i := range d.Observations {
		o := &d.Observations[i]
		if o.Region == national || !o.Current() || o.Year != year {
			continue
		}
		n++
		switch f := o.Float(); {
		case f < 0:
			fell++
		case f > 0:
			rose++
			if most == nil || f > most.Float() {
				most = o
			}
		}
	}
	p := &provincesPanel{URL: v.Whole().Link("/indicators/" + d.Indicator.Code + "/provinces")}
	if most == nil {
		p.Line = text.Tf(v.Lang, "prov.overview_fell", year, fell, n)
		return p
	}
	p.Line = text.Tf(v.Lang, "prov.overview_line", year, fell, n, rose, shortName(d.Regions, most.Region, v.Lang),
		text.Signed(most.Value)+"%")
	return p
}

// targetFor is the region's own target the map of year assesses: one whose period holds the year (base year
// before it, target year not), the earliest such; else the first one after the year; nil when none.
func targetFor(tr trend.Trend, region string, year int) *trend.TargetView {
	var holds, after *trend.TargetView
	for i := range tr.Targets {
		tv := &tr.Targets[i]
		if tv.Target.Region != region {
			continue
		}
		base := trend.TargetBaseYear(tv.Target)
		switch {
		case base < year && year <= tv.Target.Year:
			if holds == nil || tv.Target.Year < holds.Target.Year {
				holds = tv
			}
		case tv.Target.Year > year:
			if after == nil || tv.Target.Year < after.Target.Year {
				after = tv
			}
		}
	}
	if holds != nil {
		return holds
	}
	return after
}

// shortRating is a rating's one-word name, for a tile.
func shortRating(lang, rating string) string {
	switch rating {
	case "red":
		return text.T(lang, "rating.short_red")
	case "yellow":
		return text.T(lang, "rating.short_yellow")
	}
	return text.T(lang, "rating.short_green")
}
