package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard"
	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/pgcluster"
	"github.com/dualcarbon/dualcarbon/seed"
)

// childEnv names the database a child dcbench serves the dashboard of (servedChild): each server of the
// replica figures is a process of its own, so that it can be held to one core.
const childEnv = "DCBENCH_SERVE_URL"

// replicaFigures measures servers on a streaming hot standby of cluster: the indicator page's throughput
// (wrk, gzip) with one server and with two, each a process on one core (taskset, GOMAXPROCS=1), and the delay
// from the standby replaying a seed run to both servers serving the new page.
func replicaFigures(ctx context.Context, cfg config, cluster *pgcluster.Cluster, primary *db.DB, out io.Writer) error {
	standby, err := pgcluster.TempStandby(ctx, cluster)
	if err != nil {
		return err
	}
	defer standby.Destroy()
	var servers []*childServer
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for cpu := range 2 {
		s, err := startChild(ctx, standby.URL("dualcarbon"), cpu)
		if err != nil {
			return err
		}
		servers = append(servers, s)
	}
	page := "/indicators/" + cfg.page
	if _, err := exec.LookPath("wrk"); err != nil {
		line(out, "standby pages", "not measured: wrk is not installed (apt-get install wrk)")
	} else if err := standbyThroughput(ctx, cfg, servers, page, out); err != nil {
		return err
	}
	sd, err := db.Open(ctx, standby.URL("dualcarbon"))
	if err != nil {
		return err
	}
	defer sd.Close()
	return replayToServed(ctx, cfg, primary, sd, servers, page, out)
}

// standbyThroughput runs wrk against one server, then against both at once (one wrk each), and sums.
func standbyThroughput(ctx context.Context, cfg config, servers []*childServer, page string, out io.Writer) error {
	note := pinNote()
	one, err := runWrkPinned(ctx, cfg, servers[0].url+page)
	if err != nil {
		return err
	}
	line(out, "standby page, 1 server (gzip)", "%s%s", one, note)
	results := make([]wrkResult, len(servers))
	errs := make([]error, len(servers))
	var wg sync.WaitGroup
	for i, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = runWrkPinned(ctx, cfg, s.url+page)
		}()
	}
	wg.Wait()
	total := 0.0
	var parts []string
	for i, r := range results {
		if errs[i] != nil {
			return errs[i]
		}
		total += r.rps
		parts = append(parts, r.String())
	}
	line(out, "standby page, 2 servers (gzip)", "%.0f req/s in all (%s), %.2f of one server%s",
		total, strings.Join(parts, "; "), total/one.rps, note)
	return nil
}

// pinNote says where wrk ran: beside the servers on a machine without cores to spare.
func pinNote() string {
	if runtime.NumCPU() > 2 {
		return ""
	}
	return fmt.Sprintf(" [%d CPUs: wrk and PostgreSQL share the servers' cores]", runtime.NumCPU())
}

// runWrkPinned runs wrk with gzip on the cores the servers leave free, if any.
func runWrkPinned(ctx context.Context, cfg config, url string) (wrkResult, error) {
	c := cfg
	c.connections = max(1, cfg.connections/2)
	args := []string{"-t", "1", "-c", strconv.Itoa(c.connections), "-d", fmt.Sprintf("%ds", int(cfg.duration.Seconds())),
		"--latency", "-H", "Accept-Encoding: gzip", url}
	name := "wrk"
	if n := runtime.NumCPU(); n > 2 {
		if _, err := exec.LookPath("taskset"); err == nil {
			args = append([]string{"-c", fmt.Sprintf("2-%d", n-1), "wrk"}, args...)
			name = "taskset"
		}
	}
	b, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w\n%s", url, err, b)
	}
	return parseWrk(string(b))
}

// replayToServed seeds a new figure on the primary a few times and measures, each time, the delay from
// the standby replaying it (its data versions equal the primary's) to every server serving the changed page
// (a new ETag), and the primary's commit to the replay.
func replayToServed(ctx context.Context, cfg config, primary, standby *db.DB, servers []*childServer, page string, out io.Writer) error {
	const runs = 5
	var served, replayed []time.Duration
	for i := range runs {
		var before []string
		for _, s := range servers {
			etag, err := etagOf(ctx, s.url+page)
			if err != nil {
				return err
			}
			before = append(before, etag)
		}
		csv := "indicator,region,year,month,value,unit,flag,source_title,source_url,source_publisher,published,note,quote\n" +
			fmt.Sprintf("%s,CN,2021,,%d.5,%%,,dcbench replica run %d,,dcbench,2022-03-%02d,,\n", cfg.page, 40+i, i, i+1)
		if _, err := seed.Load(ctx, primary, []seed.Input{{Name: fmt.Sprintf("dcbench-%d.csv", i), Data: []byte(csv)}}, seed.Options{}); err != nil {
			return fmt.Errorf("seed on the primary: %w", err)
		}
		committed := time.Now()
		want, err := primary.DataVersions(ctx)
		if err != nil {
			return err
		}
		at, err := poll(ctx, 30*time.Second, func() bool {
			v, err := standby.DataVersions(ctx)
			return err == nil && v.Total == want.Total
		})
		if err != nil {
			return fmt.Errorf("standby replay: %w", err)
		}
		replayed = append(replayed, at.Sub(committed))
		var last time.Time
		for j, s := range servers {
			t, err := poll(ctx, 10*time.Second, func() bool {
				etag, err := etagOf(ctx, s.url+page)
				return err == nil && etag != before[j]
			})
			if err != nil {
				return fmt.Errorf("server %d serving the new page: %w", j+1, err)
			}
			if t.After(last) {
				last = t
			}
		}
		served = append(served, last.Sub(at))
	}
	slices.Sort(served)
	slices.Sort(replayed)
	line(out, "standby: replay to served (2 servers)", "median %s, max %s over %d seeds (target <= 2 s): %s",
		ms(served[runs/2]), ms(served[runs-1]), runs, verdict(served[runs-1] <= 2*time.Second))
	line(out, "standby: commit to replay", "median %s, max %s (loopback; the primary runs synchronous_commit=off, so WAL streams once the WAL writer flushes it, every 200 ms)", ms(replayed[runs/2]), ms(replayed[runs-1]))
	return nil
}

// poll checks cond every 5 ms until it holds (returning when) or limit passes.
func poll(ctx context.Context, limit time.Duration, cond func() bool) (time.Time, error) {
	deadline := time.Now().Add(limit)
	for {
		if cond() {
			return time.Now(), nil
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("not within %s", limit)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func etagOf(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return resp.Header.Get("ETag"), nil
}

// childServer is a dashboard served by a child dcbench process.
type childServer struct {
	url  string
	cmd  *exec.Cmd
	stop func()
}

// startChild runs this program as a server of the dashboard on dbURL, held to one core: GOMAXPROCS=1 and,
// where taskset exists, that core only. It serves until its stdin closes.
func startChild(ctx context.Context, dbURL string, cpu int) (*childServer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	name, args := self, []string{}
	if _, err := exec.LookPath("taskset"); err == nil {
		name, args = "taskset", []string{"-c", strconv.Itoa(cpu % runtime.NumCPU()), self}
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), childEnv+"="+dbURL, "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop := func() { stdin.Close(); cmd.Wait() }
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return nil, fmt.Errorf("child server: %w", err)
	}
	return &childServer{url: "http://" + strings.TrimSpace(addr), cmd: cmd, stop: stop}, nil
}

// servedChild is the child: it serves the dashboard of $DCBENCH_SERVE_URL on a free port of 127.0.0.1,
// prints the address, and stops when its stdin closes (the parent ending, however it ends).
func servedChild(url string) error {
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		return err
	}
	defer d.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s := dashboard.New(d, dashboard.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	fmt.Println(ln.Addr().String())
	io.Copy(io.Discard, os.Stdin)
	return hs.Close()
}
