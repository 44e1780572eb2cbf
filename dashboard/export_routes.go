package dashboard

import "github.com/labstack/echo/v4"

// exportRoutes adds the downloads and the versioned JSON API. Every response carries an ETag that changes exactly
// when the data version does, and Cache-Control: no-cache (revalidate, 304 when unchanged).
func (s *Server) exportRoutes(e *echo.Echo) {
	e.GET("/indicators/:code/data.csv", s.chartDownload(formatCSV))
	e.GET("/indicators/:code/data.json", s.chartDownload(formatJSON))
	e.GET("/indicators/:code/data.xlsx", s.chartDownload(formatXLSX))
	e.GET("/export/dataset.zip", s.datasetZip)

	e.GET("/api/v1/openapi.json", s.apiOpenAPI)
	e.GET("/api/v1/indicators", s.apiIndicators)
	e.GET("/api/v1/indicators/:code", s.apiIndicator)
	e.GET("/api/v1/indicators/:code/series", s.apiSeries)
	e.GET("/api/v1/indicators/:code/targets", s.apiTargets)
	e.GET("/api/v1/sources", s.apiSources)
	e.GET("/api/v1/events", s.apiEvents)
}
