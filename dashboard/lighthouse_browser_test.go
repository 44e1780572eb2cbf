package dashboard

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/dashboard/browsertest"
)

// lighthouseDir holds the pinned Lighthouse (tools/lighthouse/package.json; `make test` runs npm ci there).
const lighthouseDir = "../tools/lighthouse"

// lighthouseRun is one line of tools/lighthouse/check.mjs: the scores of one page in one form factor.
type lighthouseRun struct {
	Page     string         `json:"page"`
	Form     string         `json:"form"`
	Scores   map[string]int `json:"scores"`
	Failing  []string       `json:"failing"`
	Warnings []string       `json:"warnings"`
	Seconds  float64        `json:"seconds"`
}

// TestLighthouse runs the pinned Lighthouse on the overview, an indicator page, /targets and a Chinese
// indicator page of the built-in dataset, mobile and desktop (eight runs in one headless Chromium), and fails
// below 100 for accessibility, best practices or SEO (its warnings are logged: they are about the machine). Performance is not asserted: it is speed, which moves
// with the machine's load; `make lighthouse` measures it and docs/lighthouse.md records the runs.
func TestLighthouse(t *testing.T) {
	node, err := osexec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found: `make test` installs it (apt-get install nodejs npm): %v", err)
	}
	if _, err := os.Stat(filepath.Join(lighthouseDir, "node_modules", "lighthouse", "package.json")); err != nil {
		t.Fatalf("Lighthouse is missing: `make test` installs it (npm ci --prefix tools/lighthouse): %v", err)
	}
	if _, err := os.Stat(browsertest.Chromium); err != nil {
		t.Fatalf("%s not found: `make deps` installs Chromium: %v", browsertest.Chromium, err)
	}
	base := serveLighthouse(t)
	pages := []string{"/?lang=en", "/indicators/non_fossil_share?lang=en", "/targets?lang=en", "/indicators/non_fossil_share?lang=zh"}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := osexec.CommandContext(ctx, node, append([]string{"check.mjs", base}, pages...)...)
	cmd.Dir = lighthouseDir
	cmd.Env = append(os.Environ(), "CHROME_PATH="+browsertest.Chromium)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// check.mjs stops its Chromium itself; on a timeout the context kills node and Chromium, its child, with
	// their process group.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Run(); err != nil {
		t.Fatalf("tools/lighthouse/check.mjs: %v\n%s", err, stderr.String())
	}

	seen := map[string]bool{}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		var r lighthouseRun
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("check.mjs printed %q: %v", sc.Text(), err)
		}
		seen[r.Page+" "+r.Form] = true
		t.Logf("%-40s %-7s %v (%.0f s)", r.Page, r.Form, r.Scores, r.Seconds)
		for _, c := range []string{"accessibility", "best-practices", "seo"} {
			if got, ok := r.Scores[c]; !ok || got < 100 {
				t.Errorf("%s %s: %s %d, want 100; failing: %s", r.Page, r.Form, c, got, strings.Join(r.Failing, "; "))
			}
		}
		for _, w := range r.Warnings { // e.g. a CPU slower than Lighthouse expects, when the machine is busy: not a fault of the page
			t.Logf("%s %s: Lighthouse warns: %s", r.Page, r.Form, w)
		}
	}
	for _, p := range pages {
		for _, form := range []string{"mobile", "desktop"} {
			if !seen[p+" "+form] {
				t.Errorf("no Lighthouse run for %s %s", p, form)
			}
		}
	}
}

// serveLighthouse serves the built-in dataset on a free loopback port with that address as its public URL, so
// the canonical and hreflang links Lighthouse checks point at the pages it loads.
func serveLighthouse(t *testing.T) string {
	t.Helper()
	ln := listenLoopback(t)
	base := "http://" + ln.Addr().String()
	s := New(builtin(t), Options{
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		AsOf:            2025,
		VersionInterval: -1,
		PublicURL:       base,
	})
	return serveOn(t, s, ln)
}
