package dashboard

import "embed"

// Everything the binary carries for the pages, declared in one place: the templates and the static files
// (chart.js, the style sheet, and ECharts under static/vendor, fetched from the npm registry by make).
//
//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS
