package dashboard

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// bigDataset adds about 4,000 observations with 3,500-character notes of random base64 to the fixture: a package
// of about 10 MB compressed, more than a stalled client's socket buffers take in (4 MB at most here).
const bigDataset = `
INSERT INTO sources (title, publisher, url, published)
SELECT 'Bulk ' || i, 'NBS', 'https://example.org/bulk/' || i, '2025-01-01' FROM generate_series(1, 2) AS i;
INSERT INTO observations (indicator, year, month, value, source_id, note)
SELECT 'carbon_intensity', y, m, 30, s.id, (SELECT string_agg(encode(sha512((random()::text || k || y || m || s.id)::bytea), 'base64'), '') FROM generate_series(1, 40) AS k)
FROM generate_series(1949, 2100) AS y, generate_series(0, 12) AS m, sources s WHERE s.title LIKE 'Bulk %';`

// bigServer is a server over a pool of 4 connections (the production default on two cores) with the big
// dataset, reading the data versions on every request (every request needs a connection).
func bigServer(t *testing.T) (*Server, *db.DB) {
	t.Helper()
	d := dbtest.Open(t, dbtest.URL(t)+"&pool_max_conns=4")
	addFixture(t, d)
	exec(t, d, bigDataset)
	return New(d, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), AsOf: 2025, VersionInterval: -1}), d
}

// stalledDownload sends GET /export/dataset.zip from a socket with a small receive buffer and never reads.
func stalledDownload(t *testing.T, addr string) net.Conn {
	t.Helper()
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conn, err := dialer.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "GET /export/dataset.zip HTTP/1.1\r\nHost: dualcarbon\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// Eight clients that ask for the dataset and never read cost sockets, not connections: while they hang,
// pages, the API and /readyz answer 200 promptly and the pool is never exhausted. (Streamed from a
// snapshot, each download held a pooled connection for as long as it lasted: four took the whole pool.)
func TestStalledDownloadsLeaveThePool(t *testing.T) {
	s, d := bigServer(t)
	base := serveLoopback(t, s)
	for range 8 {
		stalledDownload(t, strings.TrimPrefix(base, "http://"))
	}
	var f *datasetFile // the package is built, then the downloads fill their buffers and stall
	for end := time.Now().Add(30 * time.Second); f == nil && time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		f = s.datasets.acquire(0, "")
	}
	time.Sleep(500 * time.Millisecond)
	if f == nil || f.size < 8<<20 {
		t.Fatal("the premise: a package of over 8 MB was built")
	}
	f.release(s.datasets)

	client := &http.Client{Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	maxAcquired := int32(0)
	deadline := time.Now().Add(3 * time.Second)
	for i := 0; time.Now().Before(deadline); i++ {
		for _, path := range []string{"/readyz", "/", "/indicators/coal_share?from=" + strconv.Itoa(1990+i%30), "/api/v1/indicators/coal_share"} {
			start := time.Now()
			resp, err := client.Get(base + path)
			if err != nil {
				t.Fatalf("%s with 8 stalled downloads: %v", path, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if took := time.Since(start); resp.StatusCode != http.StatusOK || took > time.Second {
				t.Fatalf("%s with 8 stalled downloads: %d after %v", path, resp.StatusCode, took)
			}
		}
		maxAcquired = max(maxAcquired, d.Raw().Stat().AcquiredConns())
		time.Sleep(50 * time.Millisecond)
	}
	if st := d.Raw().Stat(); maxAcquired >= st.MaxConns() {
		t.Errorf("the pool was exhausted: %d of %d connections acquired", maxAcquired, st.MaxConns())
	}
}

// The package is served from its file: Range resumes a download (If-Range with the ETag), a Range with an
// ETag from another state of the data gets the whole new file, HEAD tells the length, and the file is built
// once for all of them.
func TestDatasetRange(t *testing.T) {
	store := &snapshotCounter{Store: seeded(t)}
	h := testServer(t, store).Handler()
	full := get(t, h, "/export/dataset.zip")
	if full.status != http.StatusOK || full.header.Get("Accept-Ranges") != "bytes" || len(full.body) < 1000 {
		t.Fatalf("GET: %d, Accept-Ranges %q, %d bytes", full.status, full.header.Get("Accept-Ranges"), len(full.body))
	}
	etag := full.header.Get("ETag")
	part := get(t, h, "/export/dataset.zip", "Range", "bytes=1000-", "If-Range", etag)
	if part.status != http.StatusPartialContent || part.body != full.body[1000:] {
		t.Errorf("Range bytes=1000- with If-Range: %d, %d bytes, want 206 and the last %d", part.status, len(part.body), len(full.body)-1000)
	}
	if r := get(t, h, "/export/dataset.zip", "Range", "bytes=0-99"); r.status != http.StatusPartialContent || r.body != full.body[:100] {
		t.Errorf("Range bytes=0-99: %d, %d bytes", r.status, len(r.body))
	}
	if r := get(t, h, "/export/dataset.zip", "Range", "bytes=1000-", "If-Range", `"dataset-v1"`); r.status != http.StatusOK || r.body != full.body {
		t.Errorf("Range with the ETag of another state: %d, %d bytes, want 200 and the whole file", r.status, len(r.body))
	}
	if r := get(t, h, "/export/dataset.zip", "If-None-Match", etag); r.status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.status)
	}
	if n := store.n.Load(); n != 1 {
		t.Errorf("the data package was read %d times, want 1", n)
	}
	if !bytes.HasPrefix([]byte(full.body), []byte("PK")) {
		t.Error("not a zip")
	}
}

// Server.Close ends a dataset build, so the pool can close.
func TestCloseEndsDatasetBuild(t *testing.T) {
	s := testServer(t, seeded(t))
	s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.datasets.get(ctx, 1, ""); err == nil {
		t.Error("a build started after Close")
	}
}
