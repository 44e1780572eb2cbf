package dashboard

import (
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db"
)

// maxQuery is the longest search text read, in characters; longer queries are cut.
const maxQuery = 100

type searchView struct {
	pageData
	Query   string
	Asked   bool
	Results []searchResult
}

type searchResult struct {
	Code, Name, Other, Category, URL string
}

// searchPage is GET /search?q=: the indicators whose code or English or Chinese name holds q (case and
// width of Latin letters aside). A plain form GET, so it works without JavaScript and offline. Not cached:
// the query is the user's, and the catalogue it reads is.
func (s *Server) searchPage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0
	rememberLang(c, v)
	q := c.QueryParam("q")
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	q = strings.TrimSpace(q)
	ctx := c.Request().Context()
	snap, err := s.cache.pc.Current(ctx)
	if err != nil {
		return unavailable(err)
	}
	ins, err := s.cache.catalogue(ctx, snap)
	if err != nil {
		return err
	}
	sv := searchView{pageData: viewPage(v, "/search"), Query: q, Asked: q != "", Results: searchIndicators(ins, q, v)}
	body, err := s.pages.render("search", sv)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(200, body)
}

// searchIndicators are the indicators matching q, in catalogue order; every indicator for an empty q.
// Results link the indicator pages in v's language and as of v's date.
func searchIndicators(ins []db.Indicator, q string, v View) []searchResult {
	lang := v.Lang
	needle := fold(q)
	var out []searchResult
	for _, in := range ins {
		if needle != "" && !strings.Contains(fold(in.Code+"\x00"+in.NameEN+"\x00"+in.NameZH), needle) {
			continue
		}
		name, other := in.NameEN, in.NameZH
		if lang == text.ZH {
			name, other = other, name
		}
		out = append(out, searchResult{Code: in.Code, Name: name, Other: other, Category: text.CategoryName(lang, in.Category),
			URL: v.Whole().Link("/indicators/" + in.Code)})
	}
	return out
}

// fold is s for matching: lower case, full-width Latin letters and digits as ASCII, spaces and underscores
// as one space (so "pm2.5", "ＰＭ2.5" and "non fossil" find their indicators).
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		if r == '_' || r == '-' || r == ' ' || r == '\u3000' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}
