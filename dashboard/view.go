package dashboard

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// Years a from/to parameter may take: the range the schema allows.
const (
	minYear = 1949
	maxYear = 2100
)

const langCookie = "lang"

// View is the view state a URL carries: language, year range and as-of date. Links built from it reproduce the
// page.
type View struct {
	Lang     string // en | zh
	From, To int    // 0 = open
	// AsOf is the day the page shows the data as of (?asof=YYYY-MM-DD): only what had been published by then,
	// statuses computed as in that year. "" = today. Every link of an as-of page keeps it.
	AsOf db.AsOf
	// Region is the region shown (ISO 3166-2:CN); "" or CN: the nation.
	Region string
	// LangAsked is true when the URL itself says ?lang=, which then also sets the cookie.
	LangAsked bool
}

// parseView reads lang, from, to and asof from the query. Bad values are 400 errors with a message; they are never
// reflected back.
func parseView(c echo.Context) (View, error) {
	if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
		return View{}, badRequest("err.bad_request") // e.g. a ';' or a broken escape: refuse, do not guess
	}
	q := c.QueryParams()
	for _, name := range []string{"lang", "from", "to", "asof", "region"} {
		if len(q[name]) > 1 {
			return View{}, badRequest("err.duplicate")
		}
	}
	v := View{Lang: preferredLang(c.Request())}
	if l, ok := q["lang"]; ok {
		if !validLang(l[0]) {
			return View{}, badRequest("err.lang")
		}
		v.Lang, v.LangAsked = l[0], true
	}
	var err error
	if v.From, err = parseYear(q.Get("from")); err != nil {
		return View{}, err
	}
	if v.To, err = parseYear(q.Get("to")); err != nil {
		return View{}, err
	}
	if v.From != 0 && v.To != 0 && v.From > v.To {
		return View{}, badRequest("err.range")
	}
	if v.AsOf, err = parseAsOf(q.Get("asof")); err != nil {
		return View{}, err
	}
	if r, ok := q["region"]; ok {
		if !validRegion(r[0]) {
			return View{}, badRequest("err.region")
		}
		v.Region = r[0]
	}
	if v.Region == "" {
		v.Region = national
	}
	return v, nil
}

// parseAsOf reads an ?asof= date: a real day, not after today.
func parseAsOf(s string) (db.AsOf, error) {
	d, err := record.ParseAsOf(s, time.Now())
	if err != nil {
		return "", badRequest("err.asof")
	}
	return d, nil
}

// queryAsOf is the ?asof= of a request that reads no other view state (the API's lists).
func queryAsOf(c echo.Context) (db.AsOf, error) {
	if _, err := url.ParseQuery(c.Request().URL.RawQuery); err != nil {
		return "", badRequest("err.bad_request")
	}
	if len(c.QueryParams()["asof"]) > 1 {
		return "", badRequest("err.duplicate")
	}
	return parseAsOf(c.QueryParam("asof"))
}

// yearOf is the current year of view v for statuses: the year of its as-of date, else the server's.
func (s *Server) yearOf(v View) int { return trend.YearOf(v.AsOf, s.asOf()) }

// validRegion is the shape of a region code (ISO 3166-2:CN, or CN for the nation); whether the region exists
// is for the handler to check (knownRegion).
var validRegion = regexp.MustCompile(`^CN(-[A-Z]{2})?$`).MatchString

// national is the region of the nation, which pages show unless ?region= names a province.
const national = "CN"

// parseYear accepts "" (open) or a four-digit year within the schema's range.
func parseYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if len(s) != 4 {
		return 0, badRequest("err.year")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, badRequest("err.year")
		}
	}
	y, _ := strconv.Atoi(s)
	if y < minYear || y > maxYear {
		return 0, badRequest("err.year")
	}
	return y, nil
}

func validLang(l string) bool { return l == text.EN || l == text.ZH }

// langOf is the language to answer in, even when the query is bad: a valid ?lang=, else the cookie, else
// Accept-Language.
func langOf(c echo.Context) string {
	if l := c.QueryParam("lang"); validLang(l) {
		return l
	}
	return preferredLang(c.Request())
}

// preferredLang: the lang cookie, else the first language of Accept-Language that we have, else English.
func preferredLang(r *http.Request) string {
	if ck, err := r.Cookie(langCookie); err == nil && validLang(ck.Value) {
		return ck.Value
	}
	return acceptLang(r.Header.Get("Accept-Language"))
}

// acceptLang picks zh or en from an Accept-Language header by quality; English when neither is named.
func acceptLang(h string) string {
	type choice struct {
		lang string
		q    float64
		pos  int
	}
	var cs []choice
	for i, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if p := strings.TrimSpace(params); strings.HasPrefix(p, "q=") {
			if f, err := strconv.ParseFloat(p[2:], 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		switch {
		case q == 0:
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			cs = append(cs, choice{text.ZH, q, i})
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			cs = append(cs, choice{text.EN, q, i})
		}
	}
	if len(cs) == 0 {
		return text.EN
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].q > cs[j].q })
	return cs[0].lang
}

// rememberLang sets the language cookie when the URL chose a language, so the choice persists.
func rememberLang(c echo.Context, v View) {
	if !v.LangAsked {
		return
	}
	c.SetCookie(&http.Cookie{
		Name: langCookie, Value: v.Lang, Path: "/", // Max-Age only: no clock in the header
		MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// Query is the view state as a query string: always the language, and the years when set.
func (v View) Query() url.Values {
	q := url.Values{"lang": {v.Lang}}
	if v.From != 0 {
		q.Set("from", strconv.Itoa(v.From))
	}
	if v.To != 0 {
		q.Set("to", strconv.Itoa(v.To))
	}
	if v.AsOf != "" {
		q.Set("asof", v.AsOf)
	}
	if v.Region != "" && v.Region != national {
		q.Set("region", v.Region)
	}
	return q
}

// Link is path with the view state, e.g. /indicators/pm25?from=2015&lang=zh.
func (v View) Link(path string) string {
	return path + "?" + v.Query().Encode()
}

// key identifies the view in cache keys.
func (v View) key() string { return v.Query().Encode() }

// withAsOf is path with ?asof= when there is a date: the links that carry no other view state (the dataset,
// the API's lists).
func withAsOf(path string, asOf db.AsOf) string {
	if asOf == "" {
		return path
	}
	return path + "?" + url.Values{"asof": {asOf}}.Encode()
}

// Whole is the view over the whole range: the language and the as-of date kept, the years dropped. Links to
// other pages use it.
func (v View) Whole() View { return View{Lang: v.Lang, AsOf: v.AsOf} }

// Today is the view as of today: the as-of date dropped.
func (v View) Today() View {
	v.AsOf = ""
	return v
}

// WithLang is the view in another language.
func (v View) WithLang(lang string) View {
	v.Lang = lang
	return v
}
