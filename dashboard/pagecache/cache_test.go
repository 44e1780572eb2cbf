package pagecache

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// store is a fake data source: the counts of changes, and a count of how often it was read.
type store struct {
	mu    sync.Mutex
	v     Versions
	err   error
	loads atomic.Int64
}

func (st *store) versions(context.Context) (Versions, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.err != nil {
		return Versions{}, st.err
	}
	v := st.v
	v.Indicators = map[string]int64{}
	for k, n := range st.v.Indicators {
		v.Indicators[k] = n
	}
	return v, nil
}

// write counts a change to one indicator's data.
func (st *store) write(code string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.v.Indicators[code]++
	st.v.Total++
}

func newStore() *store {
	return &store{v: Versions{Indicators: map[string]int64{"a": 1, "b": 1}, Shared: 1, Catalogue: 1, Total: 4}}
}

func newCache(st *store, budget, maxEntry int64) *Cache {
	return New(Config{Versions: st.versions, Interval: -1, Budget: budget, MaxEntry: maxEntry})
}

func current(t *testing.T, c *Cache) *Snapshot {
	t.Helper()
	s, err := c.Current(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// indicatorPage renders a page of one indicator, loading its data through the render's snapshot.
func indicatorPage(st *store, code string) func(*Snapshot) (Content, error) {
	return func(s *Snapshot) (Content, error) {
		d, err := Load(s, "ind:"+code, DepIndicator(code), func() (string, int64, error) {
			st.loads.Add(1)
			return "rows of " + code, 16, nil
		})
		if err != nil {
			return Content{}, err
		}
		return Content{Type: "text/html", Body: []byte(strings.Repeat("<p>"+d+"</p>", 20))}, nil
	}
}

func page(t *testing.T, c *Cache, key string, render func(*Snapshot) (Content, error)) *Body {
	t.Helper()
	b, err := current(t, c).Page(key, render)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return b
}

// A change to one indicator drops its pages and keeps the others' with the same bytes and ETag, unrendered;
// a page that loaded nothing through its snapshot depends on everything and is dropped by any change.
func TestCarryOverAcrossVersions(t *testing.T) {
	st := newStore()
	c := newCache(st, 1<<20, 1<<20)
	a1 := page(t, c, "a", indicatorPage(st, "a"))
	b1 := page(t, c, "b", indicatorPage(st, "b"))
	renders := 0
	sources := func(*Snapshot) (Content, error) { // reads elsewhere: must depend on everything
		renders++
		return Content{Type: "text/plain", Body: []byte("sources")}, nil
	}
	page(t, c, "sources", sources)
	if !a1.Rendered || !b1.Rendered {
		t.Fatal("first requests were not rendered")
	}

	st.write("b")
	a2 := page(t, c, "a", indicatorPage(st, "a"))
	b2 := page(t, c, "b", indicatorPage(st, "b"))
	page(t, c, "sources", sources)
	if a2.Rendered || a2.ETag != a1.ETag || string(a2.Body) != string(a1.Body) {
		t.Errorf("page of a after a write to b: rendered %v, ETag %s → %s", a2.Rendered, a1.ETag, a2.ETag)
	}
	if !b2.Rendered || b2.ETag == b1.ETag {
		t.Errorf("page of b after a write to b: rendered %v, ETag %s → %s", b2.Rendered, b1.ETag, b2.ETag)
	}
	if renders != 2 {
		t.Errorf("a page that read nothing through its snapshot was rendered %d times over a change, want 2", renders)
	}
	if n := st.loads.Load(); n != 3 {
		t.Errorf("%d data loads, want 3 (a once, b twice)", n)
	}
}

// 100 concurrent misses of one key: one render, every caller gets its body.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	st := newStore()
	c := newCache(st, 1<<20, 1<<20)
	s := current(t, c)
	var renders atomic.Int64
	release := make(chan struct{})
	render := func(s *Snapshot) (Content, error) {
		renders.Add(1)
		<-release
		return indicatorPage(st, "a")(s)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := s.Page("a", render)
			if err == nil && !strings.Contains(string(b.Body), "rows of a") {
				err = fmt.Errorf("body %q", b.Body)
			}
			errs <- err
		}()
	}
	time.Sleep(50 * time.Millisecond) // let the callers pile up behind the first
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 100 concurrent requests, want 1", n)
	}
	if n := c.Stats().Renders.Load(); n != 1 {
		t.Errorf("Stats.Renders %d, want 1", n)
	}
}

// The budget holds: the least recently used entries go, new ones are always kept, an entry above MaxEntry
// is served and not kept.
func TestBudgetEvictsLeastRecentlyUsed(t *testing.T) {
	st := newStore()
	const budget = 8 << 10
	c := newCache(st, budget, 2<<10)
	body := func(n int) func(*Snapshot) (Content, error) {
		return func(s *Snapshot) (Content, error) {
			return Content{Type: "text/plain", Body: []byte(fmt.Sprintf("%0*d", n, 7))}, nil // 7 is incompressible enough
		}
	}
	page(t, c, "hot", body(500))
	for i := range 200 {
		page(t, c, fmt.Sprintf("junk%d", i), body(500))
		page(t, c, "hot", body(500)) // used all along: never the least recent
		if c.Bytes() > budget {
			t.Fatalf("after %d entries the cache holds %d bytes, budget %d", i, c.Bytes(), budget)
		}
	}
	if b := page(t, c, "hot", body(500)); b.Rendered {
		t.Error("the entry used all along was evicted")
	}
	if b := page(t, c, "junk0", body(500)); !b.Rendered {
		t.Error("the oldest junk entry is still kept")
	}
	page(t, c, "new", body(500))
	if b := page(t, c, "new", body(500)); b.Rendered {
		t.Error("a new entry was not kept once the cache was full")
	}
	if c.Stats().Evictions.Load() == 0 {
		t.Error("no eviction counted")
	}
	big := func(*Snapshot) (Content, error) {
		return Content{Type: "text/plain", Body: []byte(strings.Repeat("x", 100<<10))}, nil
	}
	page(t, c, "big", big)
	if b := page(t, c, "big", big); !b.Rendered {
		t.Error("an entry above MaxEntry was kept")
	}
	if b := page(t, c, "hot", body(500)); b.Rendered {
		t.Error("an entry too big to keep evicted the others")
	}
}

// Evicted or not, entries made under an old version never come back as current: eviction and versions
// share one list.
func TestEvictionCarriesAcrossVersions(t *testing.T) {
	st := newStore()
	c := newCache(st, 4<<10, 4<<10)
	page(t, c, "a", indicatorPage(st, "a"))
	st.write("b")
	for i := range 50 {
		page(t, c, fmt.Sprintf("b%d", i), indicatorPage(st, "b"))
	}
	if c.Bytes() > 4<<10 {
		t.Errorf("%d bytes kept over a budget of %d across a version change", c.Bytes(), 4<<10)
	}
	st.write("b")
	if !page(t, c, "b49", indicatorPage(st, "b")).Rendered {
		t.Error("a page of b made before the write to b is served after it")
	}
}

// A render that panics fails every waiter with an error, keeps nothing, and the next request renders again.
func TestPanickingRender(t *testing.T) {
	st := newStore()
	c := newCache(st, 1<<20, 1<<20)
	s := current(t, c)
	var calls atomic.Int64
	release := make(chan struct{})
	bad := func(*Snapshot) (Content, error) {
		calls.Add(1)
		<-release
		panic("template broke")
	}
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Page("p", bad); err != nil && strings.Contains(err.Error(), "template broke") {
				failed.Add(1)
			}
		}()
	}
	time.Sleep(30 * time.Millisecond)
	close(release)
	wg.Wait()
	if failed.Load() != 10 {
		t.Errorf("%d of 10 callers got the panic as an error", failed.Load())
	}
	if b := page(t, c, "p", indicatorPage(st, "a")); !b.Rendered {
		t.Error("a failed render was kept")
	}
	if calls.Load() > 10 {
		t.Errorf("%d renders", calls.Load())
	}
}

// An error is returned and not kept; while the versions cannot be read, the last snapshot serves.
func TestErrorsAndUnreadableVersions(t *testing.T) {
	st := newStore()
	c := newCache(st, 1<<20, 1<<20)
	fail := func(*Snapshot) (Content, error) { return Content{}, errors.New("no") }
	if _, err := current(t, c).Page("x", fail); err == nil {
		t.Error("render error not returned")
	}
	if b := page(t, c, "x", indicatorPage(st, "a")); !b.Rendered {
		t.Error("an error was kept")
	}
	st.mu.Lock()
	st.err = errors.New("database down")
	st.mu.Unlock()
	if b := page(t, c, "x", indicatorPage(st, "a")); b.Rendered {
		t.Error("with the versions unreadable the cached page was not served")
	}
	fresh := newCache(st, 1<<20, 1<<20)
	if _, err := fresh.Current(context.Background()); err == nil {
		t.Error("no snapshot and no versions: no error")
	}
}

// gzip and identity are two representations with two ETags; q=0 refuses gzip.
func TestRepresentations(t *testing.T) {
	st := newStore()
	c := newCache(st, 1<<20, 1<<20)
	b := page(t, c, "a", indicatorPage(st, "a"))
	if b.Gzip == nil || b.ETag == b.GzipETag {
		t.Fatalf("gzip %d bytes, ETags %s %s", len(b.Gzip), b.ETag, b.GzipETag)
	}
	for h, want := range map[string]bool{
		"": false, "gzip": true, "gzip;q=0": false, "gzip; q=0.0": false, "GZIP;Q=0.5": true, "br, gzip;q=0.1": true,
		"*": true, "*;q=0": false, "gzip;q=0, *": false, "identity": false, "deflate, br": false, "x-gzip": true,
	} {
		if got := AcceptsGzip(h); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", h, got, want)
		}
		if _, etag, gz := b.For(h); gz != want || (gz && etag != b.GzipETag) || (!gz && etag != b.ETag) {
			t.Errorf("For(%q): gzip %v, ETag %s", h, gz, etag)
		}
	}
	if !ETagMatch(`W/"x", `+b.ETag, b.ETag) || ETagMatch(b.ETag, b.GzipETag) {
		t.Error("ETagMatch")
	}
	if tag, ok := b.NotModified(b.GzipETag, b.ETag); !ok || tag != b.GzipETag {
		t.Errorf("the gzip form's ETag asked of the identity form: %s %v", tag, ok)
	}
	if tag, ok := b.NotModified(b.ETag+", "+b.GzipETag, b.GzipETag); !ok || tag != b.GzipETag {
		t.Errorf("both named: %s %v, want the selected one", tag, ok)
	}
	if _, ok := b.NotModified(`"other"`, b.ETag); ok {
		t.Error("an unrelated ETag revalidates")
	}
}

func TestSizeOf(t *testing.T) {
	type row struct {
		Note string
		At   time.Time
		N    []int64
	}
	rows := []row{{Note: strings.Repeat("n", 1000), N: make([]int64, 10)}, {Note: "x"}}
	n := SizeOf(rows)
	if n < 1001+80 || n > 1001+80+400 {
		t.Errorf("SizeOf = %d, want about %d", n, 1001+80+2*int(64))
	}
}

// A slice's backing array reached from two places is counted once; one whose element counts its own
// references (Referrer) is asked, not walked.
func TestSizeOfSharedAndReferrers(t *testing.T) {
	shared := []string{strings.Repeat("e", 1000)}
	type holder struct{ Events []string }
	one := SizeOf([]holder{{Events: shared}})
	two := SizeOf([]holder{{Events: shared}, {Events: shared}})
	if want := one + int64(reflect.TypeFor[holder]().Size()); two != want {
		t.Errorf("two holders of one array: %d bytes, want %d (the array once, a second header)", two, want)
	}
	rows := []counted{{}, {}}
	if n, want := SizeOf(rows), int64(reflect.TypeFor[[]counted]().Size()+2*reflect.TypeFor[counted]().Size()+2*7); n != want {
		t.Errorf("SizeOf of Referrers = %d, want %d (the slice, its elements and what each says it refers to)", n, want)
	}
}

type counted struct{ S string }

func (*counted) Referred() int64 { return 7 }
