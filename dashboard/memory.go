package dashboard

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

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
