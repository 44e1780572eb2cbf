package text

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// usedKey is a literal key passed to T or Tf from another package, or to the templates' t.
var usedKey = regexp.MustCompile(`(?:text\.Tf?\([^,()]+, |\{\{ ?t \$?\.Lang )"([a-z_]+\.[a-z_.]+)"`)

// Every key the code and the templates name exists in the table, so no page shows a raw key.
func TestUsedKeysExist(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && path != root && (strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range usedKey.FindAllStringSubmatch(string(b), -1) {
			n++
			if !Has(m[1]) {
				t.Errorf("%s uses the text %q, missing from table.go", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Errorf("only %d keys found in use: the pattern no longer matches how texts are looked up", n)
	}
}
