package dashboard

import (
	"context"

	"github.com/dualcarbon/dualcarbon/db"
)

// viewReader is a store that reads from one snapshot of the data (*db.DB does; test fakes need not).
type viewReader interface {
	ReadView(ctx context.Context, fn func(*db.View) error) error
}

// loader is what a load reads through: the store, or the store with its reads bound to one snapshot.
type loader struct {
	store Store
}

// consistently runs a load whose statements must see one state of the data (an indicator, its series and
// its targets; every indicator with its rows) in one read-only REPEATABLE READ transaction when the store
// offers one: a seed committed on the primary, or replayed by a hot standby, between two of its statements
// is wholly in what it loads or not at all, so no page shows a mix of old and new.
func consistently[T any](ctx context.Context, store Store, load func(loader) (T, error)) (T, error) {
	vr, ok := store.(viewReader)
	if !ok {
		return load(loader{store})
	}
	var out T
	err := vr.ReadView(ctx, func(v *db.View) error {
		var err error
		out, err = load(loader{viewStore{Store: store, v: v}})
		return err
	})
	return out, err
}

// viewStore is store with the reads of a load answered from one view.
type viewStore struct {
	Store
	v *db.View
}

func (s viewStore) Indicator(ctx context.Context, code string) (db.Indicator, error) {
	return s.v.Indicator(ctx, code)
}

func (s viewStore) Indicators(ctx context.Context) ([]db.Indicator, error) {
	return s.v.Indicators(ctx)
}

func (s viewStore) Observations(ctx context.Context, code, region string, asOf db.AsOf) ([]db.Observation, error) {
	return s.v.Observations(ctx, code, region, asOf)
}

func (s viewStore) YearlyObservations(ctx context.Context, region string, asOf db.AsOf) ([]db.Observation, error) {
	return s.v.YearlyObservations(ctx, region, asOf)
}

func (s viewStore) Targets(ctx context.Context, code string, asOf db.AsOf) ([]db.Target, error) {
	return s.v.Targets(ctx, code, asOf)
}

func (s viewStore) Events(ctx context.Context, asOf db.AsOf) ([]db.Event, error) {
	return s.v.Events(ctx, asOf)
}

func (s viewStore) DataVersions(ctx context.Context) (db.DataVersions, error) {
	return s.v.DataVersions(ctx)
}

func (s viewStore) YearlyOfIndicator(ctx context.Context, code string, asOf db.AsOf) ([]db.Observation, error) {
	return s.v.YearlyOfIndicator(ctx, code, asOf)
}

func (s viewStore) CurrentYearly(ctx context.Context, region string) ([]db.Observation, error) {
	return s.v.CurrentYearly(ctx, region)
}

func (s viewStore) CurrentYearlyOfIndicator(ctx context.Context, code string) ([]db.Observation, error) {
	return s.v.CurrentYearlyOfIndicator(ctx, code)
}

func (s viewStore) HasProvinces(ctx context.Context, code string) (bool, error) {
	return s.v.HasProvinces(ctx, code)
}

func (s viewStore) Regions(ctx context.Context) ([]db.Region, error) { return s.v.Regions(ctx) }

func (s viewStore) Assessments(ctx context.Context) ([]db.Assessment, error) {
	return s.v.Assessments(ctx)
}
