package dashboard

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

type overviewView struct {
	pageData
	Answer        answerView // the live targets by status, the closed ones apart: answer.go
	Categories    []categoryView
	TargetSummary targetSummary   // every target by status, as the scoreboard counts them: targets.go
	Newest        *db.Source      // the most recent publication of any figure: how far the data reaches
	Provinces     *provincesPanel // the provinces' energy-intensity line: provinces.go
}

type categoryView struct {
	Key, Name string
	Cards     []card
}

// card is one indicator on the overview: where it stands and whether it is on track.
type card struct {
	Code, Name, URL        string
	HasLatest              bool
	LatestText, LatestFlag string
	LatestYear             int
	SourceTitle, SourceURL string
	SourceLang             string // text.LangOf the title: its lang attribute, "" when it is the page's
	YoY                    bool
	Spark                  *sparkline
	Target                 *trend.Restatement // the live target it leads with, else the last closed one
	TargetLive             bool
	StatusLabel            string
	Targets                int
	Related                []link        // cumulative changes of this year-on-year indicator (relatedTo)
	HTML                   template.HTML // the card rendered (overviewCards): what the page shows of it
}

// overviewPage is GET /: every indicator as a card, grouped by category.
func (s *Server) overviewPage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0 // the overview always shows everything
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "overview?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		all, err := s.cache.current(ctx, snap, v.AsOf)
		if err != nil {
			return nil, err
		}
		ov := s.overviewView(all, v)
		size, err := s.overviewCards(ov)
		if err != nil {
			return nil, err
		}
		prov, err := s.cache.provinces(ctx, snap, panelIndicator, v.AsOf)
		var ue *Error
		switch {
		case err == nil:
			ov.Provinces = s.provincesPanel(prov, v)
		case !errors.As(err, &ue) || ue.Status != http.StatusNotFound: // a dataset without the indicator has no panel
			return nil, err
		}
		return s.pages.renderSized("overview", ov, size+64<<10) // the cards and the rest of the page
	})
}

func (s *Server) overviewView(all *AllData, v View) overviewView {
	// Each indicator's trend and card, built once (the summary counts the same trends' targets), on every core.
	trends := make([]trend.Trend, len(all.Indicators))
	cards := make([]card, len(all.Indicators))
	inParallel(len(trends), func(i int) {
		trends[i] = s.briefTrend(&all.Indicators[i], v.Whole())
		cards[i] = cardOf(trends[i], v)
	})
	ov := overviewView{pageData: viewPage(v, "/"), TargetSummary: s.targetSummary(trends, v), Newest: newest(all)}
	codes := map[string]bool{}
	for i := range trends {
		codes[trends[i].Indicator.Code] = true
	}
	ov.Answer = newAnswer(trends, v.Lang, s.yearOf(v))
	byCat := map[string][]card{}
	related := map[string][]link{}
	var cats []string
	for i, tr := range trends {
		if parent := relatedTo(tr.Indicator.Code); parent != "" && codes[parent] {
			related[parent] = append(related[parent], link{Name: tr.Name, URL: v.Whole().Link("/indicators/" + tr.Indicator.Code)})
			continue
		}
		cats = append(cats, tr.Indicator.Category)
		byCat[tr.Indicator.Category] = append(byCat[tr.Indicator.Category], cards[i])
	}
	for _, cat := range categoryOrder(cats) {
		cards := byCat[cat]
		for i := range cards {
			cards[i].Related = related[cards[i].Code]
		}
		ov.Categories = append(ov.Categories, categoryView{Key: cat, Name: text.CategoryName(v.Lang, cat), Cards: cards})
	}
	return ov
}

// overviewCards renders every card of ov by itself (the template "card" of the overview), on every core: at the
// scale of docs/performance.md they are 620, most of the page's making. size is their bytes.
func (s *Server) overviewCards(ov overviewView) (size int, err error) {
	var cards []*card
	for _, cat := range ov.Categories {
		for i := range cat.Cards {
			cards = append(cards, &cat.Cards[i])
		}
	}
	errs := make([]error, len(cards))
	words := cardWordsOf(ov.Lang)
	inParallel(len(cards), func(i int) {
		cards[i].HTML, errs[i] = s.pages.renderPart("overview", "card", map[string]any{"Lang": ov.Lang, "Row": cards[i], "W": words})
	})
	for _, cd := range cards {
		size += len(cd.HTML)
	}
	return size, errors.Join(errs...)
}

// cardWords are the fixed texts of a card in one language, looked up once per page rather than by a template
// call in each of 620 cards.
type cardWords struct {
	CardYoy       string // card.yoy
	CardSparkline string // card.sparkline
	CardSource    string // card.source
	CardNoData    string // card.no_data
	CardLive      string // card.live
	CardClosed    string // card.closed
	PunctColon    string // punct.colon
	CardNoTarget  string // card.no_target
	CardRelated   string // card.related
	SumSep        string // sum.sep
	CardOpen      string // card.open
	CardTargets   string // card.targets
}

func cardWordsOf(lang string) *cardWords {
	return &cardWords{
		CardYoy:       text.T(lang, "card.yoy"),
		CardSparkline: text.T(lang, "card.sparkline"),
		CardSource:    text.T(lang, "card.source"),
		CardNoData:    text.T(lang, "card.no_data"),
		CardLive:      text.T(lang, "card.live"),
		CardClosed:    text.T(lang, "card.closed"),
		PunctColon:    text.T(lang, "punct.colon"),
		CardNoTarget:  text.T(lang, "card.no_target"),
		CardRelated:   text.T(lang, "card.related"),
		SumSep:        text.T(lang, "sum.sep"),
		CardOpen:      text.T(lang, "card.open"),
		CardTargets:   text.T(lang, "card.targets"),
	}
}

// relatedTo is the year-on-year indicator a cumulative change belongs under ("energy_intensity_cum_2020",
// "carbon_intensity_vs_2005"), or "": the overview and the search list them with it, not as cards of their own.
func relatedTo(code string) string {
	for _, sep := range []string{"_cum_", "_vs_"} {
		if i := strings.Index(code, sep); i > 0 {
			return code[:i]
		}
	}
	return ""
}

func cardOf(tr trend.Trend, v View) card {
	cd := card{
		Code: tr.Indicator.Code,
		Name: tr.Name,
		URL:  v.Whole().Link("/indicators/" + tr.Indicator.Code),
		YoY:  tr.Indicator.Measure == "yoy_change",
	}
	live, closed := tr.LiveAndClosed()
	cd.Targets = len(live) + len(closed) // every distinct target, as Restated counts them
	if p, ok := tr.Latest(); ok {
		cd.HasLatest = true
		cd.LatestText = tr.Shown.Amount(p.Exact)
		cd.LatestYear = p.Year
		cd.LatestFlag = text.FlagName(v.Lang, p.Flag)
		if p.Source != nil {
			cd.SourceTitle, cd.SourceURL = p.Source.Title, p.Source.URL
		}
		cd.SourceLang = text.LangOf(v.Lang, cd.SourceTitle)
	}
	spark := tr.Actual.Points
	if tr.Index != nil && len(tr.Index.Points) > 1 {
		spark = tr.Index.Points
	}
	cd.Spark = newSparkline(spark, 160, 36)
	if r := trend.LeadOf(live, closed); r != nil {
		cd.Target = r
		cd.TargetLive = trend.Live(r.Lead.Target, tr.AsOf)
		cd.StatusLabel = trend.StatusLabel(r.Lead.Status.Code, v.Lang)
	}
	return cd
}

// sparkline is a small inline SVG of a series, computed here so that it needs no script. Gaps split the line.
type sparkline struct {
	W, H         int
	Lines        []string // polyline "points" attributes
	LastX, LastY string
}

func newSparkline(points []trend.Point, w, h int) *sparkline {
	if len(points) < 2 {
		return nil
	}
	first, last := points[0].Year, points[len(points)-1].Year
	lo, hi := points[0].Value, points[0].Value
	for _, p := range points {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	const pad = 3.0
	x := func(year int) float64 {
		if last == first {
			return float64(w) / 2
		}
		return pad + float64(year-first)/float64(last-first)*(float64(w)-2*pad)
	}
	y := func(v float64) float64 {
		if hi == lo {
			return float64(h) / 2
		}
		return pad + (hi-v)/(hi-lo)*(float64(h)-2*pad)
	}
	sp := &sparkline{W: w, H: h}
	run := make([]byte, 0, 12*len(points)) // "x,y x,y ...": one buffer for the line (620 cards on the overview)
	for i, p := range points {
		if i > 0 && p.Year != points[i-1].Year+1 && len(run) > 0 {
			sp.Lines = append(sp.Lines, string(run))
			run = run[:0]
		}
		if len(run) > 0 {
			run = append(run, ' ')
		}
		run = append(text.AppendFixed(run, x(p.Year), 1), ',')
		run = text.AppendFixed(run, y(p.Value), 1)
	}
	sp.Lines = append(sp.Lines, string(run))
	end := points[len(points)-1]
	sp.LastX, sp.LastY = text.Fixed(x(end.Year), 1), text.Fixed(y(end.Value), 1)
	return sp
}

// newest is the most recently published source of any current figure (the first of those published the same
// day), or nil: it tells a reader whether this spring's communiqué and bulletins are in. Dates compare as
// text (YYYY, YYYY-MM, YYYY-MM-DD). An earlier vintage is never published later than the current one (vintages
// rank by date), so the date is that of all the rows; the current ones alone are what the overview reads.
func newest(all *AllData) *db.Source {
	var out *db.Source
	for i := range all.Indicators {
		obs := all.Indicators[i].Observations
		for j := range obs {
			if src := &obs[j].Source; obs[j].Current() && src.Published != "" && (out == nil || src.Published > out.Published) {
				out = src
			}
		}
	}
	return out
}

// categoryOrder lists the categories of cats once each, in the vocabulary's display order, then any category
// the vocabulary does not list in the order it first comes: a category the catalogue gains shows on the
// overview, never vanishes.
func categoryOrder(cats []string) []string {
	have := map[string]bool{}
	for _, c := range cats {
		have[c] = true
	}
	var out []string
	for _, c := range append(record.Categories(), cats...) {
		if have[c] {
			out = append(out, c)
			delete(have, c)
		}
	}
	return out
}
