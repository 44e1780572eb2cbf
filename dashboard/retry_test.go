package dashboard

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// flakyStore fails the armed reads (by method and arguments) once each, as the first query on a pooled
// connection fails after a PostgreSQL restart, then answers.
type flakyStore struct {
	Store
	mu    sync.Mutex
	armed map[string]bool
}

func (f *flakyStore) arm(keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, k := range keys {
		f.armed[k] = true
	}
}

// pending is the armed reads not yet called.
func (f *flakyStore) pending() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for k, armed := range f.armed {
		if armed {
			out = append(out, k)
		}
	}
	return out
}

func (f *flakyStore) fail(call string, args ...any) error {
	key := strings.TrimSpace(fmt.Sprintln(append([]any{call}, args...)...))
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.armed[key] {
		return nil
	}
	f.armed[key] = false
	return fmt.Errorf("%s: connection lost: %w", key, io.ErrUnexpectedEOF)
}

func (f *flakyStore) Indicators(ctx context.Context) ([]db.Indicator, error) {
	if err := f.fail("Indicators"); err != nil {
		return nil, err
	}
	return f.Store.Indicators(ctx)
}

func (f *flakyStore) Indicator(ctx context.Context, code string) (db.Indicator, error) {
	if err := f.fail("Indicator", code); err != nil {
		return db.Indicator{}, err
	}
	return f.Store.Indicator(ctx, code)
}

func (f *flakyStore) Observations(ctx context.Context, code, region string, asOf db.AsOf) ([]db.Observation, error) {
	if err := f.fail("Observations", code, region); err != nil {
		return nil, err
	}
	return f.Store.Observations(ctx, code, region, asOf)
}

func (f *flakyStore) Targets(ctx context.Context, code string, asOf db.AsOf) ([]db.Target, error) {
	if err := f.fail("Targets", code); err != nil {
		return nil, err
	}
	return f.Store.Targets(ctx, code, asOf)
}

func (f *flakyStore) Events(ctx context.Context, asOf db.AsOf) ([]db.Event, error) {
	if err := f.fail("Events"); err != nil {
		return nil, err
	}
	return f.Store.Events(ctx, asOf)
}

func (f *flakyStore) Sources(ctx context.Context, asOf db.AsOf) ([]db.Source, error) {
	if err := f.fail("Sources"); err != nil {
		return nil, err
	}
	return f.Store.Sources(ctx, asOf)
}

func (f *flakyStore) DataVersions(ctx context.Context) (db.DataVersions, error) {
	if err := f.fail("DataVersions"); err != nil {
		return db.DataVersions{}, err
	}
	return f.Store.DataVersions(ctx)
}

func (f *flakyStore) ReadTables(ctx context.Context, fn func(record.Tables) error) error {
	if err := f.fail("ReadTables"); err != nil {
		return err
	}
	return f.Store.ReadTables(ctx, fn)
}

// The reads the API and the data package make themselves (not through the page cache) are retried after a
// lost connection: each fails once, as after a PostgreSQL restart (SQLSTATE 57P01), and the request answers
// as if nothing happened.
func TestDirectReadsAreRetried(t *testing.T) {
	store := &flakyStore{Store: seeded(t), armed: map[string]bool{}}
	store.arm("premise")
	if err := store.fail("premise"); !db.IsRetryable(err) {
		t.Fatalf("the injected error is not one a read retries: %v", err)
	}
	s := testServer(t, store)
	for target, reads := range map[string][]string{
		"/api/v1/sources": {"Sources"},
		"/api/v1/events":  {"Events"},
		"/api/v1/indicators/coal_share/series?region=CN-BJ": {"Observations coal_share CN-BJ"},
		"/export/dataset.zip":                               {"DataVersions", "ReadTables"},
	} {
		store.arm(reads...)
		if r := get(t, s.Handler(), target); r.status != http.StatusOK {
			t.Errorf("%s, with %v failing once: %d", target, reads, r.status)
		}
		if p := store.pending(); len(p) > 0 {
			t.Errorf("%s: %v never called: the test does not reach them", target, p)
			store.armed = map[string]bool{}
		}
	}
}
