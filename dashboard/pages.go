package dashboard

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
)

// pages are the templates, parsed once at start-up: each page is templates/layout.html plus its own file.
type pages struct {
	byName map[string]*template.Template
}

var pageNames = []string{"overview", "indicator", "compare", "targets", "about", "error"}

func mustPages(st *staticFiles) *pages {
	p := &pages{byName: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"t":      text.T,
		"static": st.URL,
		"flag":   text.FlagName,
		"kind":   text.KindName,
	}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			panic(fmt.Sprintf("dashboard: parse template %s: %v", name, err))
		}
		p.byName[name] = t
	}
	return p
}

// render executes page name with data into bytes (html/template escapes every value by its context).
func (p *pages) render(name string, data any) ([]byte, error) {
	t, ok := p.byName[name]
	if !ok {
		return nil, fmt.Errorf("no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// pageData is what the layout needs on every page.
type pageData struct {
	Lang        string
	View        View
	LangSwitch  string // this page in the other language
	OverviewURL string
	CompareURL  string
	TargetsURL  string
	AboutURL    string
}

// viewPage is the layout data of a page at path in view v.
func viewPage(v View, path string) pageData {
	other := text.ZH
	if v.Lang == text.ZH {
		other = text.EN
	}
	return pageData{
		Lang:        v.Lang,
		View:        v,
		LangSwitch:  v.WithLang(other).Link(path),
		OverviewURL: View{Lang: v.Lang}.Link("/"),
		CompareURL:  View{Lang: v.Lang}.Link("/compare"),
		TargetsURL:  View{Lang: v.Lang}.Link("/targets"),
		AboutURL:    View{Lang: v.Lang}.Link("/about"),
	}
}
