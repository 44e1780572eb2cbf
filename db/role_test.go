package db_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// The reader role reads everything and writes nothing.
func TestReaderRole(t *testing.T) {
	ctx := context.Background()
	u := dbtest.URL(t)
	d := dbtest.Open(t, u)
	if err := d.CreateReaderRole(ctx, "dualcarbon_web", "s'cret"); err != nil {
		t.Fatal(err)
	}
	if err := d.CreateReaderRole(ctx, "dualcarbon_web", ""); err != nil {
		t.Fatalf("second call: %v", err)
	}
	parsed, _ := url.Parse(u)
	parsed.User = url.User("dualcarbon_web")
	r := dbtest.Open(t, parsed.String())
	var n int
	if err := r.Raw().QueryRow(ctx, `SELECT count(*) FROM regions`).Scan(&n); err != nil || n != 32 {
		t.Fatalf("reader cannot read: %d %v", n, err)
	}
	if _, err := r.Indicators(ctx); err != nil {
		t.Fatalf("reader cannot list indicators: %v", err)
	}
	_, err := r.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('x')`)
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("reader could write: %v", err)
	}
	_, err = r.Raw().Exec(ctx, `DELETE FROM regions`)
	if err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("reader could delete: %v", err)
	}
}
