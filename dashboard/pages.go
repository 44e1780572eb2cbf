package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
)

// pages are the templates, parsed once at start-up: each page is templates/layout.html plus its own file.
type pages struct {
	byName map[string]*template.Template
}

var pageNames = []string{"overview", "category", "indicator", "compare", "targets", "about", "error", "embed", "search", "history", "changes", "provinces", "region"}

// partials are the templates a page uses besides its own: the overview's card is also a category page's.
var partials = map[string][]string{"overview": {"templates/card.html"}, "category": {"templates/card.html"}}

// standalone are the pages with a layout of their own (the embed view: a chart and its credit, no site
// header).
var standalone = map[string]bool{"embed": true}

// mustPages parses the templates; site is the address the site is published under (canonical and alternate
// links, Open Graph), e.g. https://dualcarbon.example.org.
func mustPages(st *staticFiles, site string) *pages {
	p := &pages{byName: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"t":        text.T,
		"static":   st.URL,
		"flag":     text.FlagName,
		"kind":     text.KindName,
		"standing": text.StandingName,
		"org":      text.OrgName,
		"langOf":   text.LangOf,
		"abs":      func(path string) string { return site + path },
		// withLang hands a sub-template its row and the page's language.
		"withLang": func(lang string, row any) map[string]any { return map[string]any{"Lang": lang, "Row": row} },
	}
	for _, name := range pageNames {
		files := []string{"templates/layout.html", "templates/" + name + ".html"}
		if standalone[name] {
			files = files[1:]
		}
		files = append(files, partials[name]...)
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			panic(fmt.Sprintf("dashboard: parse template %s: %v", name, err))
		}
		p.byName[name] = t
	}
	return p
}

// render executes page name with data into bytes (html/template escapes every value by its context).
func (p *pages) render(name string, data any) ([]byte, error) {
	return p.renderSized(name, data, 0)
}

// renderSized is render into a buffer of size bytes to begin with: a page that knows about how large it will be
// (the overview, from its cards) is written without the buffer growing and copying on the way.
func (p *pages) renderSized(name string, data any, size int) ([]byte, error) {
	t, ok := p.byName[name]
	if !ok {
		return nil, fmt.Errorf("no page %q", name)
	}
	var buf bytes.Buffer
	buf.Grow(size)
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// renderPart executes the template part of page name with data: a piece of a page made by itself (html/template
// escapes it by its context, the HTML text of the page where it goes), for the page to include as it is.
func (p *pages) renderPart(name, part string, data any) (template.HTML, error) {
	t, ok := p.byName[name]
	if !ok {
		return "", fmt.Errorf("no page %q", name)
	}
	var buf strings.Builder // its String is the bytes written, not a copy of them
	buf.Grow(2048)          // a card of the overview is about 1.5 kB: one allocation, not six
	if err := t.ExecuteTemplate(&buf, part, data); err != nil {
		return "", fmt.Errorf("render %s %s: %w", name, part, err)
	}
	return template.HTML(buf.String()), nil // html/template's own output, escaped above
}

// pageData is what the layout needs on every page.
type pageData struct {
	Lang        string
	View        View
	Path        string // the page's path: which nav entry is the current page
	LangSwitch  string // this page in the other language
	OverviewURL string
	CompareURL  string
	TargetsURL  string
	AboutURL    string
	SearchURL   string
	ChangesURL  string
	// Canonical, AltEN and AltZH are the page (without its year range) in its language, in English and in
	// Chinese: rel=canonical and the hreflang alternates, made absolute by the template.
	Canonical, AltEN, AltZH string
	// AsOfBanner says, on a page as of a past date (View.AsOf), which date; TodayURL is the page today.
	AsOfBanner string
	TodayURL   string
}

// viewPage is the layout data of a page at path in view v.
func viewPage(v View, path string) pageData {
	other := text.Other(v.Lang)
	return pageData{
		Lang:        v.Lang,
		View:        v,
		Path:        path,
		Canonical:   View{Lang: v.Lang}.Link(path),
		AltEN:       View{Lang: text.EN}.Link(path),
		AltZH:       View{Lang: text.ZH}.Link(path),
		SearchURL:   "/search",
		LangSwitch:  v.WithLang(other).Link(path),
		OverviewURL: v.Whole().Link("/"),
		CompareURL:  v.Whole().Link("/compare"),
		TargetsURL:  v.Whole().Link("/targets"),
		AboutURL:    v.Whole().Link("/about"),
		ChangesURL:  v.Whole().Link("/changes"),
		AsOfBanner:  asOfBanner(v),
		TodayURL:    v.Today().Link(path),
	}
}

// asOfBanner is the banner of a page as of a past date, "" today.
func asOfBanner(v View) string {
	if v.AsOf == "" {
		return ""
	}
	return text.Tf(v.Lang, "asof.banner", asOfDate(v.Lang, v.AsOf))
}
