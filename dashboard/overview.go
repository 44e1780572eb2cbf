package dashboard

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
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
	Categories    []categorySection
	TargetSummary targetSummary   // every target by status, as the scoreboard counts them: targets.go
	Newest        *db.Source      // the most recent publication of any figure: how far the data reaches
	Provinces     *provincesPanel // the provinces' energy-intensity line: provinces.go
}

type categorySection struct {
	Key, Name string
	Cards     []card
	// Total is how many indicators the category's page lists: its cards and the cumulative changes on them.
	// AllURL is that page and AllText the link to it, when the overview shows only some of the cards.
	Total           int
	AllURL, AllText string
}

// cardsPerCategory is how many cards a category shows on the overview, the first in catalogue order; its page
// (/categories/{key}) shows every one. At the scale of docs/performance.md a category has about 100 indicators,
// and 620 cards made a page of 935 kB; the built-in dataset's largest category has 17, cumulative changes
// included, so there the overview shows every card.
const cardsPerCategory = 24

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

// overviewPage is GET /: the answer, then the indicators as cards grouped by category, at most
// cardsPerCategory a category (the rest on its page: categoryPage).
func (s *Server) overviewPage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0 // the overview always shows everything
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "overview?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		// The provinces line reads one indicator in every region, on a connection of its own while the
		// indicators load: after a restart its rows are as many reads from disk as regions.
		type provLoad struct {
			d   *ProvincesData
			err error
		}
		provc := make(chan provLoad, 1)
		go func() {
			d, err := s.cache.provinces(ctx, snap, panelIndicator, v.AsOf)
			provc <- provLoad{d, err}
		}()
		all, err := s.cache.current(ctx, snap, v.AsOf)
		if err != nil {
			<-provc
			return nil, err
		}
		ov := s.overviewView(all, v)
		size, err := s.overviewCards(ov)
		prov := <-provc
		if err != nil {
			return nil, err
		}
		var ue *Error
		switch {
		case prov.err == nil:
			ov.Provinces = s.provincesPanel(prov.d, v)
		case !errors.As(prov.err, &ue) || ue.Status != http.StatusNotFound: // a dataset without the indicator has no panel
			return nil, prov.err
		}
		return s.pages.renderSized("overview", ov, size+64<<10) // the cards and the rest of the page
	})
}

func (s *Server) overviewView(all *AllData, v View) overviewView {
	trends, cats := s.sections(all, v, "", cardsPerCategory)
	return overviewView{pageData: viewPage(v, "/"), TargetSummary: s.targetSummary(trends, v), Newest: newest(all),
		Answer: newAnswer(trends, v.Lang, s.yearOf(v)), Categories: cats}
}

// sections are the category sections of the indicators of all in view v: of every category, or of only one
// (only), each with at most limit cards (0: all), in catalogue order; a cumulative change is listed on its
// parent's card (relatedTo), never a card of its own. trends are those of every indicator, built for what reads
// them: brief (trend.Options.Brief) for a card, lean (trend.Options.Lean: the statuses alone, which the answer
// and the summary count) for the others; zero for the indicators of categories not asked for. They are built on
// every core.
func (s *Server) sections(all *AllData, v View, only string, limit int) ([]trend.Trend, []categorySection) {
	ins := all.Indicators
	codes := make(map[string]bool, len(ins))
	for i := range ins {
		codes[ins[i].Indicator.Code] = true
	}
	const (
		none = iota
		lean
		brief
	)
	build := make([]uint8, len(ins))
	parent := make([]string, len(ins)) // a cumulative change's card, "" for a card of its own
	shown := map[string]int{}          // category -> cards so far
	total := map[string]int{}          // category -> indicators its page lists
	catOf := map[string]string{}       // code -> category, of the indicators with a card of their own
	var cats []string
	for i := range ins {
		in := &ins[i].Indicator
		if p := relatedTo(in.Code); p != "" && codes[p] {
			parent[i] = p
			continue
		}
		catOf[in.Code] = in.Category
	}
	for i := range ins {
		in := &ins[i].Indicator
		cat := in.Category
		if parent[i] != "" {
			cat = catOf[parent[i]] // the page of the parent's category lists it
		}
		if only == "" || cat == only {
			total[cat]++
			build[i] = lean
		}
		if parent[i] != "" || build[i] == none {
			continue
		}
		cats = append(cats, cat)
		if limit == 0 || shown[cat] < limit {
			build[i] = brief
		}
		shown[cat]++
	}
	if only != "" {
		// The overview counts every target; a category's page reads its cards alone.
		for i := range build {
			if build[i] == lean {
				build[i] = none
			}
		}
	}
	at := make([]int, len(ins)) // the card of each brief one in cards
	n := 0
	for i := range build {
		if build[i] == brief {
			at[i] = n
			n++
		}
	}
	query := "?" + v.Whole().key() // of every link: v.Whole().Link(path) is path + query
	trends := make([]trend.Trend, len(ins))
	cards := make([]card, n)
	inParallel(len(ins), func(i int) {
		switch build[i] {
		case brief:
			trends[i] = s.briefTrend(&ins[i], v.Whole())
			cards[at[i]] = cardOf(trends[i], v.Lang, query)
		case lean:
			trends[i] = s.leanTrend(&ins[i], v.Whole())
		}
	})
	related := map[string][]link{}
	for i := range ins {
		if p := parent[i]; p != "" && (only == "" || catOf[p] == only) {
			in := &ins[i].Indicator
			related[p] = append(related[p], link{Name: text.Pick(v.Lang, in.NameEN, in.NameZH), URL: "/indicators/" + in.Code + query})
		}
	}
	byCat := map[string][]card{}
	for i := range ins {
		if build[i] == brief {
			cd := cards[at[i]]
			cd.Related = related[cd.Code]
			byCat[ins[i].Indicator.Category] = append(byCat[ins[i].Indicator.Category], cd)
		}
	}
	var out []categorySection
	for _, cat := range categoryOrder(cats) {
		cv := categorySection{Key: cat, Name: text.CategoryName(v.Lang, cat), Cards: byCat[cat], Total: total[cat]}
		if shown[cat] > len(cv.Cards) {
			cv.AllURL = v.Whole().Link(categoryPath(cat))
			cv.AllText = text.Tf(v.Lang, "overview.all_in", cv.Total, cv.Name)
		}
		out = append(out, cv)
	}
	return trends, out
}

// categoryPath is the page of a category: every card of it.
func categoryPath(cat string) string { return "/categories/" + url.PathEscape(cat) }

// overviewCards renders every card of ov by itself (the template "card"), on every core: they are most of the
// page's making. size is their bytes.
func (s *Server) overviewCards(ov overviewView) (size int, err error) {
	return s.renderCards("overview", ov.Lang, ov.Categories)
}

// renderCards renders every card of cats by itself (the template "card" of page), on every core. size is their
// bytes.
func (s *Server) renderCards(page, lang string, cats []categorySection) (size int, err error) {
	var cards []*card
	for _, cat := range cats {
		for i := range cat.Cards {
			cards = append(cards, &cat.Cards[i])
		}
	}
	errs := make([]error, len(cards))
	words := cardWordsOf(lang)
	inParallel(len(cards), func(i int) {
		cards[i].HTML, errs[i] = s.pages.renderPart(page, "card", map[string]any{"Lang": lang, "Row": cards[i], "W": words})
	})
	for _, cd := range cards {
		size += len(cd.HTML)
	}
	return size, errors.Join(errs...)
}

// cardWords are the fixed texts of a card in one language, looked up once per page rather than by a template
// call in each of 620 cards.
type cardWords struct {
	CardYoy      string // card.yoy
	CardSource   string // card.source
	CardNoData   string // card.no_data
	CardLive     string // card.live
	CardClosed   string // card.closed
	PunctColon   string // punct.colon
	CardNoTarget string // card.no_target
	CardRelated  string // card.related
	SumSep       string // sum.sep
	CardOpen     string // card.open
	CardTargets  string // card.targets
}

func cardWordsOf(lang string) *cardWords {
	return &cardWords{
		CardYoy:      text.T(lang, "card.yoy"),
		CardSource:   text.T(lang, "card.source"),
		CardNoData:   text.T(lang, "card.no_data"),
		CardLive:     text.T(lang, "card.live"),
		CardClosed:   text.T(lang, "card.closed"),
		PunctColon:   text.T(lang, "punct.colon"),
		CardNoTarget: text.T(lang, "card.no_target"),
		CardRelated:  text.T(lang, "card.related"),
		SumSep:       text.T(lang, "sum.sep"),
		CardOpen:     text.T(lang, "card.open"),
		CardTargets:  text.T(lang, "card.targets"),
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

// cardOf is the card of tr in lang; query is the view's query string of links to other pages ("?" +
// View.Whole().key()).
func cardOf(tr trend.Trend, lang, query string) card {
	cd := card{
		Code: tr.Indicator.Code,
		Name: tr.Name,
		URL:  "/indicators/" + tr.Indicator.Code + query,
		YoY:  tr.Indicator.Measure == "yoy_change",
	}
	live, closed := tr.LiveAndClosed()
	cd.Targets = len(live) + len(closed) // every distinct target, as Restated counts them
	if p, ok := tr.Latest(); ok {
		cd.HasLatest = true
		cd.LatestText = tr.Shown.Amount(p.Exact)
		cd.LatestYear = p.Year
		cd.LatestFlag = text.FlagName(lang, p.Flag)
		if p.Source != nil {
			cd.SourceTitle, cd.SourceURL = p.Source.Title, p.Source.URL
		}
		cd.SourceLang = text.LangOf(lang, cd.SourceTitle)
	}
	spark := tr.Actual.Points
	if tr.Index != nil && len(tr.Index.Points) > 1 {
		spark = tr.Index.Points
	}
	cd.Spark = newSparkline(spark, 160, 36, text.T(lang, "card.sparkline"))
	if r := trend.LeadOf(live, closed); r != nil {
		cd.Target = r
		cd.TargetLive = trend.Live(r.Lead.Target, tr.AsOf)
		cd.StatusLabel = trend.StatusLabel(r.Lead.Status.Code, lang)
	}
	return cd
}

// sparkline is a small inline SVG of a series, computed here so that it needs no script. Gaps split the line.
type sparkline struct {
	W, H         int
	Lines        []string // polyline "points" attributes
	LastX, LastY string
	// SVG is the markup, written here rather than by the card's template (a dozen template actions in each of
	// the overview's cards): every value in it is a number formatted here, and the label is escaped as
	// html/template escapes an attribute (TestSparklineSVG), so it is safe HTML by construction.
	SVG template.HTML
}

func newSparkline(points []trend.Point, w, h int, label string) *sparkline {
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
	sp.SVG = sp.markup(label)
	return sp
}

// attrEscaper escapes a quoted attribute's value as html/template does.
var attrEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// markup is the sparkline as SVG with its label (aria-label).
func (sp *sparkline) markup(label string) template.HTML {
	n := 256 + len(label)
	for _, l := range sp.Lines {
		n += len(l) + 72
	}
	b := make([]byte, 0, n)
	w, h := strconv.Itoa(sp.W), strconv.Itoa(sp.H)
	b = append(b, `<svg class="spark" viewBox="0 0 `+w+` `+h+`" width="`+w+`" height="`+h+`" role="img" aria-label="`...)
	b = append(b, attrEscaper.Replace(label)...)
	b = append(b, `">`...)
	for _, l := range sp.Lines {
		b = append(b, `<polyline points="`...)
		b = append(b, l...) // digits, '.', '-', ',' and ' ' alone
		b = append(b, `" fill="none" stroke="#1b3a4b" stroke-width="1.5"/>`...)
	}
	b = append(b, `<circle cx="`+sp.LastX+`" cy="`+sp.LastY+`" r="2.5" fill="#1b3a4b"/></svg>`...)
	return template.HTML(b)
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
