package dashboard

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// GCPercent is the collector's GOGC for a server (GCDefaults): a page's making allocates tens of MB (the
// overview's 18 MB at the scale of docs/performance.md) while a fresh server's live heap is a few MB, so with
// Go's default of 100 the first pages ran several collections each, their mark assists on the request's
// cores. The soft memory limit keeps the larger target from growing the heap past what the process may use.
const GCPercent = 400

// GCDefaults sets the collector of a server process, unless the environment sets it (GOGC, GOMEMLIMIT):
// GOGC GCPercent, and a soft memory limit of three quarters of the memory the process may use (its cgroup's
// limit, else the machine's), which the page cache's budget (an eighth of it by default) stays well under. It
// changes the whole process: mains call it (serve, dcbench), never a library or a test.
func GCDefaults(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
	if mem := memoryLimit(); getenv("GOMEMLIMIT") == "" && mem > 0 {
		debug.SetMemoryLimit(mem / 4 * 3)
	}
}

// defaultCacheBytes is the page cache's default budget: an eighth of the memory this process may use (its
// cgroup's limit, else the machine's), between 16 MB and 1 GB; 128 MB when neither can be read.
func defaultCacheBytes() int64 {
	mem := memoryLimit()
	if mem <= 0 {
		return 128 << 20
	}
	return min(max(mem/8, 16<<20), 1<<30)
}

// memoryLimit is the cgroup v2 memory.max, else the cgroup v1 limit, else MemTotal; 0 when none is known.
func memoryLimit() int64 {
	total := memTotal()
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64) // "max": no limit
		if err == nil && n > 0 && (total == 0 || n < total) {
			return n
		}
	}
	return total
}

func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
