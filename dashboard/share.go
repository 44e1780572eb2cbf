package dashboard

import (
	"bytes"
	"encoding/xml"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
)

// What lets the site be found, shared and embedded: robots.txt, the sitemap, the favicon and the embed view
// of an indicator's chart.

// embedSecurityPolicy is contentSecurityPolicy with framing allowed from any site: the embed view is made to
// be put in other pages. Scripts and styles stay same-origin.
const embedSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *"

// robots is GET /robots.txt: everything may be crawled but the embed views (each a copy of an indicator
// page's chart) and the API; the sitemap lists the pages.
func (s *Server) robots(c echo.Context) error {
	body := "User-agent: *\nDisallow: /embed/\nDisallow: /api/\nAllow: /\n\nSitemap: " + s.opts.PublicURL + "/sitemap.xml\n"
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}

// favicon is GET /favicon.ico, for clients that ask for it without reading the page's <link rel="icon">:
// the PNG icon itself (browsers take a PNG under any name when it says image/png). A PNG rather than an
// SVG: Chromium draws an SVG icon by building a document of its own on the page's main thread, a long task
// on a slow phone (docs/lighthouse.md); dashboard/assets/favicon.svg is its drawing.
func (s *Server) favicon(c echo.Context) error {
	u := s.static.URL("favicon.png")
	a, ok := s.static.byURL[u]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, a.contentType, a.body)
}

// sitemapURL is one <url> of the sitemap, with its page in each language as xhtml:link alternates.
type sitemapURL struct {
	Loc   string        `xml:"loc"`
	Links []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type sitemapSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap is GET /sitemap.xml: every page in both languages (the overview, targets, compare, about and each
// indicator), each naming its other-language version.
func (s *Server) sitemap(c echo.Context) error {
	ctx := c.Request().Context()
	return s.serveCached(c, "sitemap.xml", "application/xml; charset=utf-8", func(snap *pagecache.Snapshot) ([]byte, error) {
		ins, err := s.cache.catalogue(ctx, snap)
		if err != nil {
			return nil, err
		}
		paths := []string{"/", "/targets", "/compare", "/about"}
		var cats []string
		for _, in := range ins {
			cats = append(cats, in.Category)
		}
		for _, cat := range categoryOrder(cats) {
			paths = append(paths, categoryPath(cat))
		}
		for _, in := range ins {
			paths = append(paths, "/indicators/"+in.Code)
		}
		return sitemapXML(s.opts.PublicURL, paths)
	})
}

func sitemapXML(site string, paths []string) ([]byte, error) {
	set := sitemapSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range paths {
		en, zh := site+View{Lang: text.EN}.Link(p), site+View{Lang: text.ZH}.Link(p)
		links := []sitemapLink{{"alternate", "en", en}, {"alternate", "zh-CN", zh}}
		set.URLs = append(set.URLs, sitemapURL{Loc: en, Links: links}, sitemapURL{Loc: zh, Links: links})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(set); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// embedView is the embed page: the chart, its credit and a link to the full page.
type embedView struct {
	pageData
	Name, PageURL string
	Chart         chartData
}

// embedPage is GET /embed/indicators/:code: an indicator's chart and its credit line alone, for an iframe on
// any site. It alone may be framed (embedSecurityPolicy, no X-Frame-Options); the rest of the site may not.
func (s *Server) embedPage(c echo.Context) error {
	h := c.Response().Header() // its errors too are shown in the frame
	h.Set("Content-Security-Policy", embedSecurityPolicy)
	h.Del("X-Frame-Options")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	code := c.Param("code")
	if !validCode(code) {
		return notFound("err.indicator_not_found")
	}
	v, err := parseView(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "embed:"+code+"?"+v.key(), htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		tr, _, err := s.trend(ctx, snap, code, v)
		if err != nil {
			return nil, err
		}
		data := indicatorChart(tr, v.To != 0)
		data.Credit = creditAsOf(v.Lang, data.Credit, v.AsOf)
		path := "/indicators/" + code
		return s.pages.render("embed", embedView{
			pageData: viewPage(v, path), Name: tr.Name, Chart: data,
			PageURL: s.opts.PublicURL + v.Link(path),
		})
	})
}

// embedCode is the iframe a reader copies from an indicator page to show its chart elsewhere.
func (s *Server) embedCode(code, name string, v View) string {
	src := s.opts.PublicURL + View{Lang: v.Lang, From: v.From, To: v.To, AsOf: v.AsOf}.Link("/embed/indicators/"+code)
	var b bytes.Buffer
	b.WriteString(`<iframe src="`)
	xml.EscapeText(&b, []byte(src))
	b.WriteString(`" title="`)
	xml.EscapeText(&b, []byte(name))
	b.WriteString(`" width="100%" height="480" style="border:0" loading="lazy"></iframe>`)
	return b.String()
}
