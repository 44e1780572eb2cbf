// Package record holds the dataset's plain types: indicators, observations, targets, sources, events and
// regions, and the vocabulary of their coded fields (vocab.go). It imports the standard library only, so the
// pure packages (trend, progress, export) use the dataset without the database adapter; package db reads and
// writes these types.
package record

import (
	"strconv"
	"time"
)

// Indicator is a measured quantity with its metadata.
type Indicator struct {
	Code         string
	NameEN       string
	NameZH       string
	Unit         string
	UnitZH       string
	DefinitionEN string
	DefinitionZH string
	Category     string // one of Categories()
	Direction    string // up or down: which way is progress (Directions())
	Precision    int
	Measure      string // level, or yoy_change: published year-on-year % changes (Measures())
	BreakYear    int    // 0: no definition break
	BreakNoteEN  string
	BreakNoteZH  string
	SortOrder    int
	RangeMin     string // plausible range of a value (catalogue key range), exact decimals; "" for none
	RangeMax     string
}

// Source is a publication a figure comes from.
type Source struct {
	ID        int64
	Title     string
	Publisher string
	URL       string
	Published string // YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown
	// Standing is one of SourceStandings, as the last seed stored it (the catalogue's override, else
	// StandingOf the URL); empty in a database not seeded since migrations/0012, and in sources being loaded.
	Standing string
}

// Observation is one published value of an indicator for a region and period.
// Value is the exact decimal text stored in the database.
type Observation struct {
	Indicator string
	Region    string
	Year      int
	Month     int // 0 for a yearly value
	Value     string
	Flag      string // one of ObservationFlags()
	Note      string
	Quote     string
	Source    Source
	Vintage   int // 1 = first publication of this period's value
	Vintages  int // the latest vintage (Vintage == Vintages) is the current value
}

// Referred is the bytes of the strings o refers to: what dashboard/pagecache.SizeOf charges for a loaded row
// beyond its own bytes (it asks this instead of walking the row by reflection).
func (o *Observation) Referred() int64 {
	return int64(len(o.Indicator)+len(o.Region)+len(o.Value)+len(o.Flag)+len(o.Note)+len(o.Quote)) + o.Source.referred()
}

func (s *Source) referred() int64 {
	return int64(len(s.Title) + len(s.Publisher) + len(s.URL) + len(s.Published) + len(s.Standing))
}

// Float is the value as a float64 for computation (never for display or export).
func (o Observation) Float() float64 { return parseFloat(o.Value) }

// Current reports whether this is the latest vintage.
func (o Observation) Current() bool { return o.Vintage == o.Vintages }

// Target is an official target for an indicator.
type Target struct {
	ID         int64
	Indicator  string
	Region     string
	Year       int
	Value      string
	Kind       string // one of TargetKinds(): level, cap, floor, change (relative to BaseYear, in %)
	BaseYear   int    // 0: none
	Binding    bool
	Plan       string // one of PlanCodes(), or PlanOther
	Document   string
	DocumentZH string // the document's Chinese name; empty: none known
	Issuer     string
	Issued     string
	Flag       string // one of TargetFlags()
	Note       string
	Quote      string
	Source     Source
}

// Float is the target value as a float64 for computation.
func (t Target) Float() float64 { return parseFloat(t.Value) }

// Event is a dated policy event that annotates charts.
type Event struct {
	ID        int64
	Date      time.Time
	TitleEN   string
	TitleZH   string
	Issuer    string
	Indicator string // empty: concerns every indicator
	Source    *Source
}

// Region is a region observations are about: the country or a province.
type Region struct {
	Code   string
	NameEN string
	NameZH string
	Level  string // country or province
	// The official names (北京市, Inner Mongolia Autonomous Region); NameEN and NameZH are the short ones.
	OfficialEN, OfficialZH string
}

// Assessment is a published categorical verdict on regions for a period, such as the NDRC's dual-control
// barometer (晴雨表): each region rated red, yellow or green, as its document states (migrations/0010).
type Assessment struct {
	Code       string
	Indicator  string // the indicator rated; empty: none
	Period     string // 2021H1, 2011, ...
	NameEN     string
	NameZH     string
	Document   string
	DocumentZH string
	Issuer     string
	Issued     string
	Note       string
	Source     Source
	Ratings    []Rating // by region code
}

// Rating is one region's rating in an assessment (RatingColours), with the sentence it was read from.
type Rating struct {
	Region string
	Rating string
	Quote  string
}

// ExportRow is one observation as the exports carry it: the observation, its source and the unit of its
// indicator.
type ExportRow struct {
	Observation
	Unit string
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
