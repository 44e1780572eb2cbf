package db

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
	Category     string // energy_structure, efficiency_carbon, air_water, ecology, carbon_market, industry
	Direction    string // up or down: which way is progress
	Precision    int
	Measure      string // level, or yoy_change: published year-on-year % changes
	BreakYear    int    // 0: no definition break
	BreakNoteEN  string
	BreakNoteZH  string
	SortOrder    int
}

// Source is a publication a figure comes from.
type Source struct {
	ID        int64
	Title     string
	Publisher string
	URL       string
	Published string // YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown
}

// Observation is one published value of an indicator for a region and period.
// Value is the exact decimal text stored in the database.
type Observation struct {
	Indicator string
	Region    string
	Year      int
	Month     int // 0 for a yearly value
	Value     string
	Flag      string // over, under, about, preliminary, estimate or empty
	Note      string
	Quote     string
	Source    Source
	Vintage   int // 1 = first publication of this period's value
	Vintages  int // the latest vintage (Vintage == Vintages) is the current value
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
	Kind       string // level, cap, floor, change (relative to BaseYear, in %)
	BaseYear   int    // 0: none
	Binding    bool
	Plan       string // fyp12, fyp13, fyp14, action2030, ndc2015, ndc2021, ndc2035, goal2060, other...
	Document   string
	DocumentZH string // the document's Chinese name; empty: none known
	Issuer     string
	Issued     string
	Flag       string
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

// SeedRun records one load of a file.
type SeedRun struct {
	ID         int64
	FileName   string
	SHA256     string
	Inserted   int
	Updated    int
	Unchanged  int
	StartedAt  time.Time
	FinishedAt time.Time
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
