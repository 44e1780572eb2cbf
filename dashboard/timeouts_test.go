package dashboard

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
)

// deadlineStore records the database calls made without a deadline. It embeds *db.DB so that what the
// server finds by type assertion (the dataset export, pool statistics) is there too.
type deadlineStore struct {
	*db.DB
	calls   atomic.Int64
	mu      sync.Mutex
	missing []string
}

func (s *deadlineStore) check(ctx context.Context, call string) {
	s.calls.Add(1)
	if _, ok := ctx.Deadline(); !ok {
		s.mu.Lock()
		s.missing = append(s.missing, call)
		s.mu.Unlock()
	}
}

func (s *deadlineStore) Indicators(ctx context.Context) ([]db.Indicator, error) {
	s.check(ctx, "Indicators")
	return s.DB.Indicators(ctx)
}

func (s *deadlineStore) Indicator(ctx context.Context, code string) (db.Indicator, error) {
	s.check(ctx, "Indicator")
	return s.DB.Indicator(ctx, code)
}

func (s *deadlineStore) Observations(ctx context.Context, code, region string, asOf db.AsOf) ([]db.Observation, error) {
	s.check(ctx, "Observations")
	return s.DB.Observations(ctx, code, region, asOf)
}

func (s *deadlineStore) Targets(ctx context.Context, code string, asOf db.AsOf) ([]db.Target, error) {
	s.check(ctx, "Targets")
	return s.DB.Targets(ctx, code, asOf)
}

func (s *deadlineStore) Events(ctx context.Context, asOf db.AsOf) ([]db.Event, error) {
	s.check(ctx, "Events")
	return s.DB.Events(ctx, asOf)
}

func (s *deadlineStore) Ping(ctx context.Context) error {
	s.check(ctx, "Ping")
	return s.DB.Ping(ctx)
}

func (s *deadlineStore) SchemaState(ctx context.Context) (uint, bool, error) {
	s.check(ctx, "SchemaState")
	return s.DB.SchemaState(ctx)
}

func (s *deadlineStore) Regions(ctx context.Context) ([]db.Region, error) {
	s.check(ctx, "Regions")
	return s.DB.Regions(ctx)
}

func (s *deadlineStore) Sources(ctx context.Context, asOf db.AsOf) ([]db.Source, error) {
	s.check(ctx, "Sources")
	return s.DB.Sources(ctx, asOf)
}

func (s *deadlineStore) ExportObservations(ctx context.Context, code string, asOf db.AsOf, fn func(*db.ExportRow) error) error {
	s.check(ctx, "ExportObservations")
	return s.DB.ExportObservations(ctx, code, asOf, fn)
}

// Every database call a request makes has a deadline, so that neither a pool acquire nor a query waits
// forever on a database that stopped answering (pgx waits as long as its context lets it). Requests come
// without one, as from a client that never gives up: every route is asked, cold.
func TestEveryDatabaseCallHasADeadline(t *testing.T) {
	d := seeded(t)
	store := &deadlineStore{DB: d}
	s := testServer(t, store)
	for _, target := range routeTargets(t, s, "coal_share") {
		if r := get(t, s.Handler(), target); r.status >= 500 {
			t.Errorf("%s: %d", target, r.status)
		}
	}
	if store.calls.Load() == 0 {
		t.Fatal("no database call was made")
	}
	if len(store.missing) > 0 {
		t.Errorf("database calls without a deadline: %v", store.missing)
	}
}

// The server sets every timeout, and hundreds of clients sending their headers slowly (slowloris) neither
// stop normal requests nor hold their connections: the server closes them.
func TestSlowlorisDoesNotStopService(t *testing.T) {
	t.Parallel()
	s := testServer(t, seeded(t))
	hs := s.HTTPServer("127.0.0.1:0")
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": hs.ReadHeaderTimeout, "ReadTimeout": hs.ReadTimeout,
		"WriteTimeout": hs.WriteTimeout, "IdleTimeout": hs.IdleTimeout} {
		if d <= 0 {
			t.Errorf("http.Server.%s is not set", name)
		}
	}
	if hs.MaxHeaderBytes <= 0 || hs.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", hs.MaxHeaderBytes)
	}
	base := serveLoopback(t, s)
	addr := strings.TrimPrefix(base, "http://")

	const slow = 300
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var open sync.WaitGroup
	closed := make(chan struct{}, slow)
	for i := range slow {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("slow client %d: %v", i, err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\n", addr)
		open.Add(1)
		go func() { // one more header line every half second, never the end of the headers
			defer open.Done()
			for n := 0; ; n++ {
				select {
				case <-ctx.Done():
					return
				case <-time.After(500 * time.Millisecond):
				}
				if _, err := fmt.Fprintf(conn, "X-Slow-%d: x\r\n", n); err != nil {
					return
				}
			}
		}()
		go func() { // the server's answer, if any, then its close
			io.Copy(io.Discard, bufio.NewReader(conn))
			closed <- struct{}{}
		}()
	}
	defer func() { cancel(); open.Wait() }()

	// Normal clients are served meanwhile.
	client := &http.Client{Timeout: 5 * time.Second}
	for i := range 20 {
		resp, err := client.Get(base + "/indicators/coal_share")
		if err != nil {
			t.Fatalf("normal request %d during slowloris: %v", i, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "</html>") {
			t.Fatalf("normal request %d during slowloris: %d", i, resp.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The slow connections are cut by the server, not left open.
	limit := time.After(30 * time.Second)
	for n := 0; n < slow; n++ {
		select {
		case <-closed:
		case <-limit:
			t.Fatalf("%d of %d slow connections still open: the server does not time out reading headers", slow-n, slow)
		}
	}
}
