package dashboard

import (
	"math"
	"runtime/debug"
	"testing"
)

// GCDefaults sets GOGC and the soft memory limit of a server, and leaves what the environment sets.
func TestGCDefaults(t *testing.T) {
	restore := func(gc int, limit int64) {
		debug.SetGCPercent(gc)
		debug.SetMemoryLimit(limit)
	}
	gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	defer restore(gc, limit)

	GCDefaults(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != GCPercent {
		t.Errorf("GOGC after GCDefaults = %d, want %d", got, GCPercent)
	}
	if mem, got := memoryLimit(), debug.SetMemoryLimit(math.MaxInt64); mem > 0 && got != mem/4*3 {
		t.Errorf("memory limit after GCDefaults = %d, want three quarters of %d", got, mem)
	}

	GCDefaults(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set by the environment: GCDefaults changed it to %d", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set by the environment: GCDefaults changed the limit to %d", got)
	}
}
