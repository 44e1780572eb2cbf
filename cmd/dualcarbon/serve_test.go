package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// lockedBuffer is a buffer the server goroutine writes while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve starts `dualcarbon serve` on a free loopback port and returns its base URL, its log and a stop
// function that sends the shutdown (as SIGTERM does) and returns serve's error.
func startServe(t *testing.T, dbURL string, extra ...string) (string, *lockedBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	env, _, _ := testEnv(map[string]string{"DATABASE_URL": dbURL})
	env.stderr = logs
	done := make(chan error, 1)
	args := append([]string{"serve", "-addr", "127.0.0.1:0"}, extra...)
	go func() { done <- run(ctx, args, env) }()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
			return nil
		}
	}
	re := regexp.MustCompile(`"serving the dashboard" url=(http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1], logs, stop
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended: %v\n%s", err, logs)
		default:
		}
	}
	stop()
	t.Fatalf("serve did not start:\n%s", logs)
	return "", nil, nil
}

func TestServeHealthReadyAndShutdown(t *testing.T) {
	base, logs, stop := startServe(t, dbtest.URL(t))
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve after shutdown: %v", err)
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", logs)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

// serve refuses a dirty or outdated schema with the message that says what to do.
func TestServeRefusesBadSchema(t *testing.T) {
	dirty := dbtest.URL(t)
	d := dbtest.Open(t, dirty)
	if _, err := d.Raw().Exec(context.Background(), `UPDATE schema_migrations SET dirty = true`); err != nil {
		t.Fatal(err)
	}
	for url, want := range map[string]string{dirty: "dirty", dbtest.EmptyURL(t): "migrate up"} {
		env, _, _ := testEnv(map[string]string{"DATABASE_URL": url})
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		err := run(ctx, []string{"serve", "-addr", "127.0.0.1:0"}, env)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "refusing to start") || !strings.Contains(err.Error(), want) {
			t.Errorf("serve on a bad schema: %v, want refusing to start ... %s", err, want)
		}
	}
	// A database that is down is not a schema that is behind: no advice to migrate.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "postgres://postgres@" + ln.Addr().String() + "/x?sslmode=disable&connect_timeout=2"
	ln.Close()
	env, _, _ := testEnv(map[string]string{"DATABASE_URL": down})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := run(ctx, []string{"serve", "-addr", "127.0.0.1:0"}, env); err == nil || strings.Contains(err.Error(), "migrate up") {
		t.Errorf("serve with the database down: %v, want an error without the advice to migrate", err)
	}
}

// With -metrics-addr, /metrics is served on that listener only: the dashboard's port answers 404 for it.
func TestServeMetricsApart(t *testing.T) {
	base, logs, stop := startServe(t, dbtest.URL(t), "-metrics-addr", "127.0.0.1:0")
	defer stop()
	m := regexp.MustCompile(`msg="serving metrics" url=(http://127\.0\.0\.1:\d+/metrics)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no metrics listener in the log:\n%s", logs)
	}
	status := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := status(base + "/"); code != http.StatusOK {
		t.Errorf("/: %d", code)
	}
	if code, _ := status(base + "/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the dashboard's port: %d, want 404", code)
	}
	code, body := status(m[1])
	if code != http.StatusOK || !strings.Contains(body, `dualcarbon_http_requests_total{`) {
		t.Errorf("/metrics on its own port: %d\n%.300s", code, body)
	}
	if code, _ := status(strings.TrimSuffix(m[1], "/metrics") + "/"); code != http.StatusNotFound {
		t.Errorf("the metrics port serves the dashboard: %d", code)
	}
}
