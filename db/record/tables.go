package record

import "context"

// Tables are the reads of one consistent state of the dataset (db.Snapshot implements them): what a data
// package is written from, so a writer of downloads needs no database adapter.
type Tables interface {
	// Version names the state read: it grows with every committed change to the data.
	Version(ctx context.Context) (int64, error)
	Regions(ctx context.Context) ([]Region, error)
	Indicators(ctx context.Context) ([]Indicator, error)
	// The reads below keep what had been published by asOf ("" = everything; the rule of PublishedBy).
	Sources(ctx context.Context, asOf AsOf) ([]Source, error)
	Targets(ctx context.Context, asOf AsOf) ([]Target, error)
	Events(ctx context.Context, asOf AsOf) ([]Event, error)
	// Assessments are the published ratings of regions (the dual-control barometers) with their ratings;
	// with asOf, those issued by then (the issue date, else the source's publication date).
	Assessments(ctx context.Context, asOf AsOf) ([]Assessment, error)
	// ExportObservations streams every vintage of the observations of code ("" for every indicator), in
	// export order, ranked among those published by asOf.
	ExportObservations(ctx context.Context, code string, asOf AsOf, fn func(*ExportRow) error) error
}
