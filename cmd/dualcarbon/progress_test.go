package main

import (
	"bytes"
	"strings"
	"testing"
)

// Without a terminal, a large file's progress is a line every 10 % of its
// bytes (read, validated and staged in one pass), then one for the merge; a
// small file prints none.
func TestProgressLinesWithoutTerminal(t *testing.T) {
	var b bytes.Buffer
	p := progress(&b)
	const total = 100 << 20
	for done := int64(0); done <= total; done += 1 << 20 {
		p("big.csv", "read", done, total)
	}
	p("big.csv", "merge", total, total)
	p("small.csv", "read", 10, 100)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 11 || lines[0] != "seed: big.csv: 10% read, validated and staged" ||
		lines[9] != "seed: big.csv: 100% read, validated and staged" || !strings.Contains(lines[10], "merging") {
		t.Errorf("progress:\n%s", b.String())
	}
}
