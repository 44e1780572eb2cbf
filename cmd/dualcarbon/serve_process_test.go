package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
)

// buildBinary builds dualcarbon into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dualcarbon")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs a dualcarbon command to its end and returns its output.
func runBinary(t *testing.T, bin string, env []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// server is a `dualcarbon serve` process.
type server struct {
	cmd  *exec.Cmd
	logs *lockedBuffer
	base string
	done chan error
}

// startBinary runs `dualcarbon serve` on a free loopback port and waits for it to say where it listens. The
// process is killed when the test ends if it still runs.
func startBinary(t *testing.T, bin string, env []string, args ...string) *server {
	t.Helper()
	s := &server{logs: &lockedBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			<-s.done
		}
	})
	re := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(s.logs.String()); m != nil {
			s.base = m[1]
			return s
		}
	}
	t.Fatalf("serve did not start:\n%s", s.logs)
	return nil
}

// wait waits for the process to exit and returns its exit status.
func (s *server) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(40 * time.Second):
		t.Fatalf("serve did not exit:\n%s", s.logs)
		return -1
	}
}

// reply is one completed (or failed) request.
type reply struct {
	path   string
	status int
	body   []byte
	err    error
}

// SIGTERM while requests are in flight (held inside the database by a lock): /readyz turns 503, every
// request sent before the signal finishes with 200 and its whole body, the pool closes, the exit status is 0.
func TestServeGracefulShutdownOnSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	dbURL := dbtest.URL(t)
	if out, err := runBinary(t, bin, []string{"DATABASE_URL=" + dbURL}, "seed"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	admin := dbtest.Open(t, dbURL)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var codes []string
	rows, err := admin.Raw().Query(ctx, `SELECT code FROM indicators ORDER BY sort_order LIMIT 4`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	if rows.Close(); len(codes) < 2 {
		t.Fatalf("seeded indicators: %v %v", codes, rows.Err())
	}

	srv := startBinary(t, bin, []string{"DATABASE_URL=" + withParam(dbURL, "application_name", "dcserve")}, "-drain", "1500ms")
	client := &http.Client{Timeout: 30 * time.Second}
	if r := do(client, srv.base, "/readyz", nil); r.status != http.StatusOK {
		t.Fatalf("/readyz before the signal: %d %v", r.status, r.err)
	}
	if n := serveConns(t, admin); n == 0 {
		t.Fatal("serve holds no database connection before the signal")
	}

	// Every request that reads indicators now waits for this lock: it is in flight when the signal comes.
	tx, err := admin.Raw().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `LOCK TABLE indicators IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/?lang=zh", "/compare?codes=" + codes[0] + "," + codes[1], "/export/dataset.zip", "/api/v1/indicators"}
	for _, c := range codes {
		paths = append(paths, "/indicators/"+c, "/indicators/"+c+"?lang=zh", "/indicators/"+c+"/data.csv", "/indicators/"+c+"/data.json")
	}
	var sent sync.WaitGroup
	replies := make(chan reply, len(paths))
	for _, p := range paths {
		sent.Add(1)
		var once sync.Once
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { once.Do(sent.Done) }}
		go func() {
			r := do(client, srv.base, p, trace)
			once.Do(sent.Done) // a request that never got written
			replies <- r
		}()
	}
	sent.Wait()
	waitFor(t, "requests waiting for the lock", func() bool {
		var n int
		admin.Raw().QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dcserve' AND wait_event_type = 'Lock'`).Scan(&n)
		return n > 0
	})

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Draining: /readyz says 503 (shutting down, not merely a busy database) until the listener closes.
	waitFor(t, "serve to take the signal", func() bool { return strings.Contains(srv.logs.String(), "shutting down") })
	var saw503 bool
	waitFor(t, "the listener to close", func() bool {
		r := do(&http.Client{Timeout: 10 * time.Second}, srv.base, "/readyz", nil)
		if r.status == http.StatusServiceUnavailable && strings.Contains(string(r.body), "shutting down") {
			saw503 = true
		} else if r.status != 0 {
			t.Errorf("/readyz while draining: %d", r.status)
		}
		return errors.Is(r.err, syscall.ECONNREFUSED)
	})
	if !saw503 {
		t.Error("/readyz never answered 503 after SIGTERM")
	}
	if len(replies) > 0 {
		t.Errorf("%d requests ended before the database let them; the test did not hold them in flight", len(replies))
	}
	// The server is shutting down with the requests inside; let them finish.
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	for range paths {
		r := <-replies
		if r.err != nil || r.status != http.StatusOK {
			t.Errorf("%s: %d %v", r.path, r.status, r.err)
			continue
		}
		if err := complete(r); err != nil {
			t.Errorf("%s: incomplete body: %v", r.path, err)
		}
	}
	if code := srv.wait(t); code != 0 {
		t.Errorf("exit status %d after SIGTERM:\n%s", code, srv.logs)
	}
	if !strings.Contains(srv.logs.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", srv.logs)
	}
	waitFor(t, "the pool's connections to close", func() bool { return serveConns(t, admin) == 0 })
}

// complete checks that a body is whole: HTML ends its document, JSON parses, a zip opens, CSV ends a line.
func complete(r reply) error {
	switch {
	case strings.Contains(r.path, "data.json") || strings.HasPrefix(r.path, "/api/"):
		if !bytes.HasSuffix(bytes.TrimSpace(r.body), []byte("}")) && !bytes.HasSuffix(bytes.TrimSpace(r.body), []byte("]")) {
			return fmt.Errorf("JSON cut: ...%q", tail(r.body))
		}
	case strings.HasSuffix(r.path, ".zip"):
		zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
		if err != nil {
			return err
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			_, err = io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
		}
	case strings.Contains(r.path, "data.csv"):
		if !bytes.HasSuffix(r.body, []byte("\n")) {
			return fmt.Errorf("CSV cut: ...%q", tail(r.body))
		}
	default:
		if !bytes.Contains(r.body, []byte("</html>")) {
			return fmt.Errorf("HTML cut: ...%q", tail(r.body))
		}
	}
	return nil
}

func tail(b []byte) []byte { return b[max(0, len(b)-40):] }

// do GETs base+path (asking for no compression, so bodies can be checked as they are).
func do(client *http.Client, base, path string, trace *httptrace.ClientTrace) reply {
	r := reply{path: path}
	ctx := context.Background()
	if trace != nil {
		ctx = httptrace.WithClientTrace(ctx, trace)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		r.err = err
		return r
	}
	resp, err := client.Do(req)
	if err != nil {
		r.err = err
		return r
	}
	defer resp.Body.Close()
	r.body, r.err = io.ReadAll(resp.Body)
	r.status = resp.StatusCode
	return r
}

// serveConns counts the database connections of the serve process (application_name dcserve).
func serveConns(t *testing.T, admin *db.DB) int {
	t.Helper()
	var n int
	if err := admin.Raw().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dcserve'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// withParam adds a query parameter to a connection URL.
func withParam(dbURL, key, value string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

var roleCounter atomic.Int64

// serve runs as a read-only role: pages are served, a write through that role fails, the seed path cannot
// use it; its password never appears in any output, even when the database cannot be reached.
func TestServeAsReaderRoleWithoutSecretsInLogs(t *testing.T) {
	bin := buildBinary(t)
	dbURL := dbtest.URL(t)
	if out, err := runBinary(t, bin, []string{"DATABASE_URL=" + dbURL}, "seed"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	const password = "Pw-9f2c1e7b-secret"
	role := fmt.Sprintf("dcweb_%d_%d", os.Getpid(), roleCounter.Add(1))
	out, err := runBinary(t, bin, []string{"DATABASE_URL=" + dbURL, "DUALCARBON_READER_PASSWORD=" + password}, "reader-role", "-name", role)
	if err != nil {
		t.Fatalf("reader-role: %v\n%s", err, out)
	}
	outputs := []string{out}
	u, _ := url.Parse(dbURL)
	u.User = url.UserPassword(role, password)
	readerURL := u.String()

	srv := startBinary(t, bin, []string{"DATABASE_URL=" + readerURL})
	client := &http.Client{Timeout: 20 * time.Second}
	for _, p := range []string{"/readyz", "/", "/indicators/coal_share", "/indicators/coal_share/data.csv", "/export/dataset.zip", "/api/v1/indicators", "/indicators/no_such_code"} {
		r := do(client, srv.base, p, nil)
		want := http.StatusOK
		if strings.Contains(p, "no_such_code") {
			want = http.StatusNotFound
		}
		if r.status != want {
			t.Errorf("%s as the reader role: %d %v", p, r.status, r.err)
		}
	}

	reader := dbtest.Open(t, readerURL)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, stmt := range []string{
		`INSERT INTO seed_runs (file_name, sha256, inserted, updated, unchanged, started_at) VALUES ('x', repeat('a', 64), 1, 0, 0, now())`,
		`UPDATE indicators SET name_en = 'x'`,
		`DELETE FROM observations`,
		`CREATE TABLE evil (x int)`,
	} {
		if _, err := reader.Raw().Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "42501") {
			t.Errorf("%s as the reader role: %v, want permission denied (42501)", stmt, err)
		}
	}
	out, err = runBinary(t, bin, []string{"DATABASE_URL=" + readerURL}, "seed")
	if err == nil {
		t.Errorf("seed as the reader role succeeded:\n%s", out)
	}
	outputs = append(outputs, out)

	srv.cmd.Process.Signal(syscall.SIGTERM)
	if code := srv.wait(t); code != 0 {
		t.Errorf("serve exit status %d", code)
	}
	outputs = append(outputs, srv.logs.String())

	// A database that does not answer: the error names the server, never the password.
	port, err := pgcluster.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	u.Host = fmt.Sprintf("127.0.0.1:%d", port)
	out, err = runBinary(t, bin, []string{"DATABASE_URL=" + u.String()}, "serve", "-addr", "127.0.0.1:0")
	if err == nil {
		t.Errorf("serve without a database succeeded:\n%s", out)
	}
	outputs = append(outputs, out)
	for i, o := range outputs {
		if strings.Contains(o, password) || strings.Contains(o, url.QueryEscape(password)) {
			t.Errorf("output %d shows the password:\n%s", i, o)
		}
	}
	if !strings.Contains(out, "127.0.0.1") {
		t.Errorf("the connection error does not say which server failed:\n%s", out)
	}
}

// SIGTERM while 8 clients hang on a dataset download they never read (a package larger than the socket
// buffers): the requests are cut after the grace period and the process exits cleanly within
// grace + poolCloseWait, whatever the clients do.
func TestServeExitsWithinBoundWithStalledDownloads(t *testing.T) {
	bin := buildBinary(t)
	dbURL := dbtest.URL(t)
	if out, err := runBinary(t, bin, []string{"DATABASE_URL=" + dbURL}, "seed"); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	admin := dbtest.Open(t, dbURL)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// About 4,000 observations with 3,500 characters of random base64 each: a package of about 10 MB.
	if _, err := admin.Raw().Exec(ctx, `
		INSERT INTO sources (title, publisher, url, published)
		SELECT 'Bulk ' || i, 'NBS', 'https://example.org/bulk/' || i, '2025-01-01' FROM generate_series(1, 2) AS i;
		INSERT INTO observations (indicator, year, month, value, source_id, note)
		SELECT (SELECT code FROM indicators ORDER BY sort_order LIMIT 1), y, m, 30, s.id,
		  (SELECT string_agg(encode(sha512((random()::text || k || y || m || s.id)::bytea), 'base64'), '') FROM generate_series(1, 40) AS k)
		FROM generate_series(1949, 2100) AS y, generate_series(0, 12) AS m, sources s WHERE s.title LIKE 'Bulk %'`); err != nil {
		t.Fatal(err)
	}
	const grace = 2 * time.Second
	srv := startBinary(t, bin, []string{"DATABASE_URL=" + dbURL}, "-grace", grace.String())
	client := &http.Client{Timeout: 60 * time.Second}
	if r := do(client, srv.base, "/export/dataset.zip", nil); r.status != http.StatusOK || len(r.body) < 8<<20 {
		t.Fatalf("the premise: a dataset of over 8 MB: %d, %d bytes, %v", r.status, len(r.body), r.err)
	}
	addr := strings.TrimPrefix(srv.base, "http://")
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	for range 8 {
		conn, err := dialer.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET /export/dataset.zip HTTP/1.1\r\nHost: dualcarbon\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(500 * time.Millisecond) // the downloads fill their buffers and stall

	signalled := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := srv.wait(t)
	took := time.Since(signalled)
	if bound := grace + poolCloseWait; took > bound || code != 0 {
		t.Errorf("exit status %d %v after SIGTERM with 8 stalled downloads; want 0 within %v\n%s", code, took, bound, srv.logs)
	}
	t.Logf("exited %v after SIGTERM", took)
}
