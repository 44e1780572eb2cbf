package dashboard

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// snapshotCounter counts the data package reads.
type snapshotCounter struct {
	Store
	n atomic.Int64
}

func (s *snapshotCounter) ReadTables(ctx context.Context, fn func(record.Tables) error) error {
	s.n.Add(1)
	return s.Store.ReadTables(ctx, fn)
}

// rawResponse is a response read off the wire: what follows the headers is exactly what the server sent.
type rawResponse struct {
	status int
	header http.Header
	body   []byte // GET: the decoded body; HEAD: every byte after the headers
}

// rawRequest sends one request on a new connection and reads until the server closes it, so that a body
// sent after a HEAD response would be seen (a client stops reading after the headers).
func rawRequest(t *testing.T, addr, method, target string) rawResponse {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", method, target, addr)
	all, err := io.ReadAll(conn)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	br := bufio.NewReader(bytes.NewReader(all))
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", method, target, err, all)
	}
	var body []byte
	if method == http.MethodHead {
		body, err = io.ReadAll(br)
	} else {
		body, err = io.ReadAll(resp.Body)
	}
	if err != nil {
		t.Fatalf("%s %s: body: %v", method, target, err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: body}
}

// HEAD answers wherever GET does, with the GET's status and headers and no body: every route of the table,
// error pages and API errors too, over real connections (net/http drops a HEAD response's body; a recorder
// would not). HEAD of the data package reads no data.
func TestHeadLikeGet(t *testing.T) {
	store := &snapshotCounter{Store: seeded(t)}
	s := testServer(t, store)
	heads := map[string]bool{}
	for _, r := range s.echo.Routes() {
		if r.Method == http.MethodHead {
			heads[r.Path] = true
		}
	}
	for _, r := range s.echo.Routes() {
		if r.Method == http.MethodGet && !heads[r.Path] {
			t.Errorf("GET %s has no HEAD route", r.Path)
		}
	}

	addr := strings.TrimPrefix(serveLoopback(t, s), "http://")
	targets := append(routeTargets(t, s, "coal_share"),
		"/indicators/coal_share?lang=zh", "/indicators/no_such_code", "/api/v1/indicators/no_such_code",
		"/api/v1/indicators/coal_share/series?region=CN-BJ", "/api/v1/indicators/coal_share/series?from=x")
	for _, target := range targets {
		head := rawRequest(t, addr, http.MethodHead, target) // first, on a cold cache
		get := rawRequest(t, addr, http.MethodGet, target)
		if head.status != get.status {
			t.Errorf("%s: HEAD %d, GET %d", target, head.status, get.status)
			continue
		}
		if head.status == http.StatusMethodNotAllowed {
			t.Errorf("%s: 405", target)
		}
		if len(head.body) != 0 {
			t.Errorf("%s: HEAD sent %d bytes of body", target, len(head.body))
		}
		if len(get.body) == 0 {
			t.Errorf("%s: GET sent no body", target)
		}
		for _, h := range []http.Header{head.header, get.header} {
			for _, k := range []string{"Date", "Content-Length", "Transfer-Encoding", "Connection"} {
				h.Del(k)
			}
		}
		for k := range mergeKeys(head.header, get.header) {
			if hv, gv := strings.Join(head.header.Values(k), ", "), strings.Join(get.header.Values(k), ", "); hv != gv {
				t.Errorf("%s: %s is %q for HEAD, %q for GET", target, k, hv, gv)
			}
		}
	}
	if n := store.n.Load(); n != 1 {
		t.Errorf("the data package was read %d times for one HEAD and one GET, want 1", n)
	}

	// A small body is counted, so HEAD tells its length as GET does.
	for _, target := range []string{"/healthz", "/readyz", "/api/v1/events"} {
		head := rawRequest(t, addr, http.MethodHead, target)
		get := rawRequest(t, addr, http.MethodGet, target)
		if cl := head.header.Get("Content-Length"); cl != strconv.Itoa(len(get.body)) {
			t.Errorf("%s: HEAD Content-Length %q, GET body %d bytes", target, cl, len(get.body))
		}
	}
}

func mergeKeys(hs ...http.Header) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		for k := range h {
			out[k] = true
		}
	}
	return out
}
