package db

import (
	"context"
	"fmt"
)

// yearlyOfIndicator is the statement of YearlyOfIndicator: the yearly rows of one indicator in every region.
var yearlyOfIndicator = observationsWhere("o.indicator = $1 AND o.month = 0", "$2")

// YearlyOfIndicator returns every vintage of the yearly values (month 0) of one indicator in every region,
// ranked and ordered as Observations ranks and orders them: what the provincial map and ranking of an
// indicator draw (one year of each region at a time, never months). asOf is as in Observations.
func (d *DB) YearlyOfIndicator(ctx context.Context, code string, asOf AsOf) ([]Observation, error) {
	return yearlyOfIndicatorIn(ctx, d.pool, code, asOf)
}

// YearlyOfIndicator is DB.YearlyOfIndicator as of the view.
func (v *View) YearlyOfIndicator(ctx context.Context, code string, asOf AsOf) ([]Observation, error) {
	return yearlyOfIndicatorIn(ctx, v.tx, code, asOf)
}

func yearlyOfIndicatorIn(ctx context.Context, q querier, code string, asOf AsOf) ([]Observation, error) {
	rows, err := q.Query(ctx, yearlyOfIndicator, code, asOf)
	if err != nil {
		return nil, fmt.Errorf("list yearly observations of %q: %w", code, err)
	}
	out, err := scanObservations(rows)
	if err != nil {
		return nil, fmt.Errorf("list yearly observations of %q: %w", code, err)
	}
	return out, nil
}

// hasProvincesSQL: region > 'CN' is every province (CN-XX sorts after CN), a range of the series indexes
// after the indicator, so each EXISTS is one index descent however many rows the indicator has.
const hasProvincesSQL = `SELECT EXISTS (SELECT FROM observations WHERE indicator = $1 AND region > 'CN')
	OR EXISTS (SELECT FROM targets WHERE indicator = $1 AND region > 'CN')`

// HasProvinces reports whether any province has a figure or a target of the indicator: whether its page links
// to the provincial map.
func (d *DB) HasProvinces(ctx context.Context, code string) (bool, error) {
	return hasProvinces(ctx, d.pool, code)
}

// HasProvinces is DB.HasProvinces as of the view.
func (v *View) HasProvinces(ctx context.Context, code string) (bool, error) {
	return hasProvinces(ctx, v.tx, code)
}

func hasProvinces(ctx context.Context, q querier, code string) (bool, error) {
	var ok bool
	if err := q.QueryRow(ctx, hasProvincesSQL, code).Scan(&ok); err != nil {
		return false, fmt.Errorf("provinces of %q: %w", code, err)
	}
	return ok, nil
}

// Regions is DB.Regions as of the view.
func (v *View) Regions(ctx context.Context) ([]Region, error) { return regions(ctx, v.tx) }

// Assessments is DB.Assessments as of the view.
func (v *View) Assessments(ctx context.Context) ([]Assessment, error) { return assessments(ctx, v.tx) }
