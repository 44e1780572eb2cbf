package record_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The pure packages build with the standard library and each other alone: no database adapter, no web
// framework, no migrations, so a computation or a file format can be read and tested without them. A pure
// package that imports db (for a type: use record) or echo fails here.
func TestPurePackagesImportNoAdapter(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	pure := []string{"./db/record", "./dashboard/text", "./dashboard/trend", "./dashboard/progress", "./dashboard/export", "./dashboard/coverage"}
	if _, err := os.Stat(filepath.Join(root, "dashboard", "pagecache")); err == nil {
		pure = append(pure, "./dashboard/pagecache")
	}
	forbidden := []string{"github.com/jackc/", "github.com/labstack/", "github.com/golang-migrate/",
		"github.com/dualcarbon/dualcarbon/db\n", "github.com/dualcarbon/dualcarbon/migrations\n",
		"github.com/dualcarbon/dualcarbon/seed\n", "github.com/dualcarbon/dualcarbon/dashboard\n"}
	for _, pkg := range pure {
		cmd := exec.Command("go", "list", "-deps", pkg)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		deps := string(out)
		for _, f := range forbidden {
			if strings.Contains(deps, f) {
				t.Errorf("%s depends on %s", pkg, strings.TrimSpace(f))
			}
		}
	}
}
