package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// View reads the data as it stood at one moment, with the same methods as *DB: what one page loads (an
// indicator, its series, its targets, the events) comes from one REPEATABLE READ READ ONLY transaction, so a
// seed that commits, or that a hot standby replays, between two of those statements is wholly in the page or
// not at all. It is valid only inside the function given to ReadView. (Snapshot is the same transaction with
// the methods of an export.)
type View struct {
	tx pgx.Tx
}

// ReadView runs fn with a View of the database, in one read-only transaction on one connection until fn
// returns; ctx bounds all of it. A hot standby takes it (REPEATABLE READ, not SERIALIZABLE).
func (d *DB) ReadView(ctx context.Context, fn func(*View) error) error {
	return d.ReadSnapshot(ctx, func(s *Snapshot) error { return fn(&View{tx: s.tx}) })
}

// Indicator is DB.Indicator as of the view.
func (v *View) Indicator(ctx context.Context, code string) (Indicator, error) {
	return indicator(ctx, v.tx, code)
}

// Indicators is DB.Indicators as of the view.
func (v *View) Indicators(ctx context.Context) ([]Indicator, error) { return indicators(ctx, v.tx) }

// Observations is DB.Observations as of the view.
func (v *View) Observations(ctx context.Context, code, region string, asOf AsOf) ([]Observation, error) {
	return observations(ctx, v.tx, code, region, asOf)
}

// YearlyObservations is DB.YearlyObservations as of the view.
func (v *View) YearlyObservations(ctx context.Context, region string, asOf AsOf) ([]Observation, error) {
	return yearlyObservations(ctx, v.tx, region, asOf)
}

// Targets is DB.Targets as of the view.
func (v *View) Targets(ctx context.Context, code string, asOf AsOf) ([]Target, error) {
	return targets(ctx, v.tx, code, asOf)
}

// Events is DB.Events as of the view.
func (v *View) Events(ctx context.Context, asOf AsOf) ([]Event, error) {
	return events(ctx, v.tx, asOf)
}

// DataVersions is DB.DataVersions as of the view: the state of everything the view reads.
func (v *View) DataVersions(ctx context.Context) (DataVersions, error) {
	d, err := dataVersions(ctx, v.tx)
	if err != nil {
		return d, fmt.Errorf("view: %w", err)
	}
	return d, nil
}
