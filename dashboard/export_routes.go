package dashboard

import "github.com/labstack/echo/v4"

// exportRoutes adds the downloads and the versioned JSON API. Every response carries an ETag that changes exactly
// when the data version does, and Cache-Control: no-cache (revalidate, 304 when unchanged).
func (s *Server) exportRoutes(e *echo.Echo) {
	e.Match(getOrHead, "/indicators/:code/data.csv", s.chartDownload(formatCSV))
	e.Match(getOrHead, "/indicators/:code/data.json", s.chartDownload(formatJSON))
	e.Match(getOrHead, "/indicators/:code/data.xlsx", s.chartDownload(formatXLSX))
	e.Match(getOrHead, "/export/dataset.zip", s.datasetZip)

	e.Match(getOrHead, "/api/v1/openapi.json", s.apiOpenAPI)
	e.Match(getOrHead, "/api/v1/indicators", s.apiIndicators)
	e.Match(getOrHead, "/api/v1/indicators/:code", s.apiIndicator)
	e.Match(getOrHead, "/api/v1/indicators/:code/series", s.apiSeries)
	e.Match(getOrHead, "/api/v1/indicators/:code/targets", s.apiTargets)
	e.Match(getOrHead, "/api/v1/sources", s.apiSources)
	e.Match(getOrHead, "/api/v1/events", s.apiEvents)
}
