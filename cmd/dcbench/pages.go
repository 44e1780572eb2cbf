package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// fileServer serves bytes from files: the physical limit a cached page is held against.
type fileServer interface {
	put(body []byte) (string, error)
	close()
}

// limitServer is nginx with one worker when it is installed, else a plain Go file server; its name says which.
func limitServer(ctx context.Context) (fileServer, string, string, error) {
	if n, err := newNginx(ctx); err == nil {
		return n, n.url, "nginx (1 worker)", nil
	}
	st, err := newStaticServer()
	if err != nil {
		return nil, "", "", err
	}
	return st, st.url, "Go file server", nil
}

// pageFigures runs wrk against the indicator page and its data.json, each as sent to a client that does not
// ask for compression and to one that asks for gzip, and against the very same bytes served from a file by
// nginx (one worker), or a Go file server where nginx is missing.
func pageFigures(ctx context.Context, cfg config, base string, out io.Writer) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		line(out, "pages", "not measured: wrk is not installed (apt-get install wrk)")
		return nil
	}
	static, staticURL, staticName, err := limitServer(ctx)
	if err != nil {
		return err
	}
	defer static.close()
	for _, p := range []struct{ name, path string }{
		{"indicator page", "/indicators/" + cfg.page},
		{"data.json", "/indicators/" + cfg.page + "/data.json"},
	} {
		for _, enc := range []string{"identity", "gzip"} {
			name := fmt.Sprintf("%s (%s)", p.name, enc)
			body, err := fetch(ctx, base+p.path, enc)
			if err != nil {
				line(out, name, "not measured: %v", err)
				continue
			}
			file, err := static.put(body)
			if err != nil {
				return err
			}
			dyn, err := runWrk(ctx, cfg, base+p.path, enc)
			if err != nil {
				return err
			}
			st, err := runWrk(ctx, cfg, staticURL+file, enc)
			if err != nil {
				return err
			}
			ratio := dyn.rps / st.rps
			line(out, name, "%s | %s %s | ratio %.2f, %d bytes (target >= 0.50, p99 < 20 ms): %s",
				dyn, staticName, st, ratio, len(body), verdict(ratio >= 0.5 && dyn.p99 < 20*time.Millisecond && dyn.errors == ""))
		}
	}
	return nil
}

// fetch GETs url as a client accepting enc would, and returns the body as it came over the wire.
func fetch(ctx context.Context, url, enc string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if enc != "identity" {
		req.Header.Set("Accept-Encoding", enc)
	}
	// A transport of its own: DisableCompression keeps the body as sent.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if got := resp.Header.Get("Content-Encoding"); enc != "identity" && got != enc {
		return nil, fmt.Errorf("GET %s with Accept-Encoding %s: Content-Encoding %q", url, enc, got)
	}
	return body, nil
}

// staticServer is the physical limit: a plain Go file server on 127.0.0.1 serving files from a temporary
// directory.
type staticServer struct {
	dir, url string
	http     *http.Server
	n        int
}

func newStaticServer() (*staticServer, error) {
	dir, err := os.MkdirTemp("", "dcbench-static-")
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	hs := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	return &staticServer{dir: dir, url: "http://" + ln.Addr().String(), http: hs}, nil
}

// put stores body as a new file and returns its URL path.
func (s *staticServer) put(body []byte) (string, error) {
	s.n++
	name := fmt.Sprintf("/file%d", s.n)
	return name, os.WriteFile(filepath.Join(s.dir, name), body, 0o644)
}

func (s *staticServer) close() {
	s.http.Close()
	os.RemoveAll(s.dir)
}

// wrkResult is what one wrk run measured.
type wrkResult struct {
	rps    float64
	p99    time.Duration
	errors string // non-2xx responses or socket errors, if any
}

func (r wrkResult) String() string {
	s := fmt.Sprintf("%.0f req/s p99 %s", r.rps, ms(r.p99))
	if r.errors != "" {
		s += " (" + r.errors + ")"
	}
	return s
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// runWrk runs wrk for cfg.duration with cfg.connections connections on one thread per CPU.
func runWrk(ctx context.Context, cfg config, url, enc string) (wrkResult, error) {
	args := []string{"-t", strconv.Itoa(min(2, cfg.connections)), "-c", strconv.Itoa(cfg.connections),
		"-d", fmt.Sprintf("%ds", int(cfg.duration.Seconds())), "--latency"}
	if enc != "identity" {
		args = append(args, "-H", "Accept-Encoding: "+enc)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w\n%s", url, err, out)
	}
	return parseWrk(string(out))
}

var (
	wrkRPS    = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkP99    = regexp.MustCompile(`\s99%\s+([0-9.]+)(us|ms|s)\b`)
	wrkErrors = regexp.MustCompile(`(Non-2xx or 3xx responses: \d+|Socket errors: [^\n]+)`)
)

func parseWrk(s string) (wrkResult, error) {
	var r wrkResult
	m := wrkRPS.FindStringSubmatch(s)
	p := wrkP99.FindStringSubmatch(s)
	if m == nil || p == nil {
		return r, fmt.Errorf("cannot read wrk's output:\n%s", s)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	v, _ := strconv.ParseFloat(p[1], 64)
	unit := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[p[2]]
	r.p99 = time.Duration(v * float64(unit))
	r.errors = strings.Join(wrkErrors.FindAllString(s, -1), ", ")
	return r, nil
}
