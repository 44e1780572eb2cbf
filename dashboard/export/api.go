package export

// The wire types of the JSON API, version 1 (described by dashboard/openapi.json), beside the JSON of the
// downloads they share fields with.

// APIIndicator is an indicator with its latest value and its targets with their statuses.
type APIIndicator struct {
	IndicatorJSON
	Latest  *PointJSON   `json:"latest"`
	Targets []TargetJSON `json:"targets"`
	Links   APILinks     `json:"links"`
}

// APILinks are the indicator's other resources.
type APILinks struct {
	Self    string `json:"self"`
	Series  string `json:"series"`
	Targets string `json:"targets"`
	Page    string `json:"page"`
	CSV     string `json:"csv"`
	JSON    string `json:"json"`
	XLSX    string `json:"xlsx"`
}

// APISeries is the observations of one indicator in one region.
type APISeries struct {
	Indicator    string        `json:"indicator"`
	AsOf         string        `json:"as_of,omitempty"` // the as-of date asked: only what was published by then
	Unit         string        `json:"unit"`
	Region       string        `json:"region"`
	Vintage      string        `json:"vintage"` // all | latest
	From         int           `json:"from,omitempty"`
	To           int           `json:"to,omitempty"`
	Observations []Observation `json:"observations"`
}
