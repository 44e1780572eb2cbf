package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docPath is a `quoted` path in a document: a name with a slash (a file or a folder of the repository).
var docPath = regexp.MustCompile("`([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.*<>-]+)+/?)`")

// placeholder is a path with a segment in capitals: DIR/port stands for a path the reader chooses.
var placeholder = regexp.MustCompile(`(^|/)[A-Z]+(/|$)`)

// The README and docs/ cite only files the repository holds: a reader can open every path they name.
func TestDocsCiteFilesInTheRepository(t *testing.T) {
	root := filepath.Join("..", "..")
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, filepath.Join(root, "README.md"))
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range docPath.FindAllStringSubmatch(string(b), -1) {
			p := m[1]
			if strings.ContainsAny(p, "*<>") || placeholder.MatchString(p) {
				continue // a pattern or a placeholder (DIR/port), not a file
			}
			if _, err := os.Stat(filepath.Join(root, p)); err != nil {
				t.Errorf("%s cites %s, which is not in the repository", filepath.Base(doc), p)
			}
		}
	}
}
