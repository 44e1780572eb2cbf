package db

import (
	"time"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// The dataset's types live in package record (standard library only, so the pure packages can use them); the
// aliases keep db.Indicator and the rest working for the code that reads and writes them here.
type (
	Indicator   = record.Indicator
	Source      = record.Source
	Observation = record.Observation
	Target      = record.Target
	Event       = record.Event
	Region      = record.Region
	ExportRow   = record.ExportRow
	Assessment  = record.Assessment
	Rating      = record.Rating
)

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
