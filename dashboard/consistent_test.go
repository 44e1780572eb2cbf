package dashboard

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
)

// hookedStore is the database with a write committed inside the first view, right after the view's first
// statement (where PostgreSQL takes its snapshot): a load that reads through that view sees none of it.
type hookedStore struct {
	*db.DB
	write func()
	views atomic.Int32
}

func (h *hookedStore) ReadView(ctx context.Context, fn func(*db.View) error) error {
	return h.DB.ReadView(ctx, func(v *db.View) error {
		if _, err := v.DataVersions(ctx); err != nil {
			return err
		}
		if h.views.Add(1) == 1 {
			h.write()
		}
		return fn(v)
	})
}

// The rows of one indicator page come from one snapshot: a seed that commits between the page's statements
// (here, before the first of them, after its snapshot began) is not half in the page; the next version check
// brings all of it.
func TestPageReadsOneSnapshot(t *testing.T) {
	d := seeded(t)
	store := &hookedStore{DB: d}
	store.write = func() {
		exec(t, d, `INSERT INTO observations (indicator, year, value, source_id)
			SELECT 'coal_share', 2025, 51.1, id FROM sources WHERE title = 'Statistical Communiqué 2024'`)
	}
	h := testServer(t, store).Handler()
	first := get(t, h, "/indicators/coal_share")
	if store.views.Load() == 0 {
		t.Fatal("the page's rows were not read through one view")
	}
	if first.status != 200 || strings.Contains(first.body, "51.1") {
		t.Errorf("first page: %d, shows the value committed after its snapshot: %v", first.status, strings.Contains(first.body, "51.1"))
	}
	if next := get(t, h, "/indicators/coal_share"); !strings.Contains(next.body, "51.1") {
		t.Error("the next page, after the version check, does not show the new value")
	}
}
