package record

import "context"

// Tables are the reads of one consistent state of the dataset (db.Snapshot implements them): what a data
// package is written from, so a writer of downloads needs no database adapter.
type Tables interface {
	// Version names the state read: it grows with every committed change to the data.
	Version(ctx context.Context) (int64, error)
	Regions(ctx context.Context) ([]Region, error)
	Indicators(ctx context.Context) ([]Indicator, error)
	Sources(ctx context.Context) ([]Source, error)
	Targets(ctx context.Context) ([]Target, error)
	Events(ctx context.Context) ([]Event, error)
	// ExportObservations streams every vintage of the observations of code ("" for every indicator), in
	// export order.
	ExportObservations(ctx context.Context, code string, fn func(*ExportRow) error) error
}
