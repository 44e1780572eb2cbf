package dashboard

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes is the route table: every URL the dashboard answers, in one list.
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = echo.ExtractIPDirect() // never trust X-Forwarded-For from clients
	e.HTTPErrorHandler = s.handleError
	s.metrics = newMetrics(s)
	e.Use(s.metrics.middleware, securityHeaders, s.dataAge, recoverPanic)

	e.Match(getOrHead, "/", s.overviewPage)
	e.Match(getOrHead, "/categories/:category", s.categoryPage) // every card of one category: category.go
	e.Match(getOrHead, "/indicators/:code", s.indicatorPage)
	e.Match(getOrHead, "/indicators/:code/provinces", s.provincesPage) // tile map and ranking: provinces.go
	e.Match(getOrHead, "/regions/:region", s.regionPage)               // one province's indicators: region.go
	e.Match(getOrHead, "/compare", s.comparePage)
	e.Match(getOrHead, "/targets", s.targetsPage)                            // every target and its status: targets.go
	e.Match(getOrHead, "/targets.csv", s.targetsDownload(formatCSV))         // the same rows
	e.Match(getOrHead, "/targets.json", s.targetsDownload(formatJSON))       // the same rows
	e.Match(getOrHead, "/targets/:id/history", s.targetHistory(""))          // a target's status after each publication: history.go
	e.Match(getOrHead, "/targets/:id/history.csv", s.targetHistory("csv"))   // the same entries
	e.Match(getOrHead, "/targets/:id/history.json", s.targetHistory("json")) // the same entries
	e.Match(getOrHead, "/changes", s.changesPage)                            // new figures, revisions, status changes: changes.go
	e.Match(getOrHead, "/changes.atom", s.changesAtom)                       // the same list as an Atom feed
	e.Match(getOrHead, "/about", s.aboutPage)                                // method, data notes, sources: about.go
	e.Match(getOrHead, "/search", s.searchPage)                              // indicators by name (en, zh) or code: search.go
	e.Match(getOrHead, "/embed/indicators/:code", s.embedPage)               // the chart alone, framable: share.go
	e.Match(getOrHead, "/robots.txt", s.robots)
	e.Match(getOrHead, "/sitemap.xml", s.sitemap)
	e.Match(getOrHead, "/favicon.ico", s.favicon)
	e.Match(getOrHead, "/healthz", s.healthz)
	e.Match(getOrHead, "/readyz", s.readyz)
	if !s.opts.MetricsApart {
		e.Match(getOrHead, "/metrics", s.metrics.handler()) // Prometheus text format: metrics.go
	}
	e.Match(getOrHead, "/static/*", s.serveStatic)

	// Downloads (downloads.go) and the JSON API, version 1 (api.go). Every response carries an ETag that changes
	// exactly when its data does, and Cache-Control: no-cache (revalidate, 304 when unchanged).
	e.Match(getOrHead, "/indicators/:code/data.csv", s.chartDownload(formatCSV))
	e.Match(getOrHead, "/indicators/:code/data.json", s.chartDownload(formatJSON))
	e.Match(getOrHead, "/indicators/:code/data.xlsx", s.chartDownload(formatXLSX))
	e.Match(getOrHead, "/export/dataset.zip", s.datasetZip)
	e.Match(getOrHead, "/api/v1/openapi.json", s.apiOpenAPI)
	e.Match(getOrHead, "/api/v1/indicators", s.apiIndicators)
	e.Match(getOrHead, "/api/v1/regions", s.apiRegions) // the codes of ?region=: region.go
	e.Match(getOrHead, "/api/v1/indicators/:code", s.apiIndicator)
	e.Match(getOrHead, "/api/v1/indicators/:code/series", s.apiSeries)
	e.Match(getOrHead, "/api/v1/indicators/:code/targets", s.apiTargets)
	e.Match(getOrHead, "/api/v1/sources", s.apiSources)
	e.Match(getOrHead, "/api/v1/events", s.apiEvents)
	e.Match(getOrHead, "/api/v1/targets/:id/history", s.targetHistory("json")) // = /targets/{id}/history.json
	e.Match(getOrHead, "/api/v1/changes", s.apiChangesList)

	allowOnlyGetOrHead(e)
	e.RouteNotFound("/*", func(c echo.Context) error { return echo.ErrNotFound })
	return e
}

// otherMethods are the methods no route takes.
var otherMethods = []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions,
	http.MethodConnect, http.MethodTrace}

// allowOnlyGetOrHead answers the other methods on every route with 405 and Allow (RFC 9110 15.5.6), not the
// catch-all's 404: the resource exists.
func allowOnlyGetOrHead(e *echo.Echo) {
	seen := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method != http.MethodGet || seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		e.Match(otherMethods, r.Path, methodNotAllowed)
	}
}

func methodNotAllowed(c echo.Context) error {
	c.Response().Header().Set("Allow", "GET, HEAD")
	return echo.ErrMethodNotAllowed
}

// getOrHead are the methods of every route: a HEAD request runs the GET handler, and net/http sends the
// GET's headers (Content-Length too, when the body is small enough to be counted) without its body
// (RFC 9110, section 9.3.2). Handlers that would read much for a body nobody gets check for HEAD.
var getOrHead = []string{http.MethodGet, http.MethodHead}

// contentSecurityPolicy allows only same-origin scripts and styles (no inline script or style), images from
// the site and data: URLs (the chart's "save as image"), and no framing (but the embed view: share.go).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries, errors included.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		return next(c)
	}
}

// recoverPanic turns a panic in a handler into an internal error (logged by handleError, a plain 500 page
// for the user) instead of a dropped connection.
func recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}
