package dashboard

import (
	"context"
	"errors"
	"net/http"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// ProvincesData is what the provincial breakdown of one indicator is built from: its yearly rows in every
// region, its targets (every region) and the assessments that rate it.
type ProvincesData struct {
	Indicator    db.Indicator
	Observations []db.Observation // yearly, every region: the current vintages today, every vintage as of a date
	Targets      []db.Target
	Assessments  []db.Assessment
	Regions      []db.Region
}

// depShared is what every page shows (regions and ratings bump it, migrations/0008 and 0010): no indicator.
func depShared() pagecache.Dep { return pagecache.Dep{} }

// regions loads the regions (a write to regions bumps what every page shows).
func (c *cache) regions(ctx context.Context, snap *pagecache.Snapshot) ([]db.Region, error) {
	return load(ctx, c, snap, "regions", depShared(), c.store.Regions)
}

// knownRegion is nil for a region of the regions table, a 404 otherwise.
func (c *cache) knownRegion(ctx context.Context, snap *pagecache.Snapshot, code string) error {
	rs, err := c.regions(ctx, snap)
	if err != nil {
		return err
	}
	if regionNamed(rs, code) == nil {
		return notFound("err.region_not_found")
	}
	return nil
}

func regionNamed(rs []db.Region, code string) *db.Region {
	for i := range rs {
		if rs[i].Code == code {
			return &rs[i]
		}
	}
	return nil
}

// provinces loads the provincial breakdown of one indicator as of asOf; an unknown code is a 404.
func (c *cache) provinces(ctx context.Context, snap *pagecache.Snapshot, code string, asOf db.AsOf) (*ProvincesData, error) {
	return load(ctx, c, snap, "prov:"+code+"@"+asOf, pagecache.DepIndicator(code), func(ctx context.Context) (*ProvincesData, error) {
		return consistently(ctx, c.store, func(l loader) (*ProvincesData, error) { return l.loadProvinces(ctx, code, asOf) })
	})
}

func (c loader) loadProvinces(ctx context.Context, code string, asOf db.AsOf) (*ProvincesData, error) {
	in, err := c.store.Indicator(ctx, code)
	if errors.Is(err, db.ErrNotFound) {
		return nil, &Error{Status: http.StatusNotFound, Key: "err.indicator_not_found", Err: err}
	}
	if err != nil {
		return nil, err
	}
	d := &ProvincesData{Indicator: in}
	// Today's map draws current values only (rankRowOf, provincesPanel): read from the summary; a past date
	// ranks the vintages published by then.
	if asOf == "" {
		d.Observations, err = c.store.CurrentYearlyOfIndicator(ctx, code)
	} else {
		d.Observations, err = c.store.YearlyOfIndicator(ctx, code, asOf)
	}
	if err != nil {
		return nil, err
	}
	if d.Targets, err = c.store.Targets(ctx, code, asOf); err != nil {
		return nil, err
	}
	if d.Regions, err = c.store.Regions(ctx); err != nil {
		return nil, err
	}
	as, err := c.store.Assessments(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Indicator == code && record.PublishedBy(a.Source.Published, asOf) {
			d.Assessments = append(d.Assessments, a)
		}
	}
	return d, nil
}
