package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// A server whose transactions are read-only is refused up front, and a write that reaches it anyway (SQLSTATE
// 25006) is worded as the same refusal; a primary reports no replication and takes writes.
func TestReadOnlyServerRefusesWrites(t *testing.T) {
	ctx := context.Background()
	u := dbtest.URL(t)
	rw := dbtest.Open(t, u)
	if err := rw.RequireWritable(ctx); err != nil {
		t.Fatalf("a primary: %v", err)
	}
	if r, err := rw.Replication(ctx); err != nil || r.Standby || r.Lag != 0 {
		t.Fatalf("replication of a primary: %+v %v", r, err)
	}
	ro := dbtest.Open(t, u+"&default_transaction_read_only=on")
	err := ro.RequireWritable(ctx)
	if !errors.Is(err, db.ErrReadOnly) || !strings.Contains(err.Error(), "transaction_read_only") {
		t.Fatalf("RequireWritable on a read-only server: %v", err)
	}
	_, err = ro.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('x')`)
	worded := db.Worded(err)
	if !errors.Is(worded, db.ErrReadOnly) || !strings.Contains(worded.Error(), "primary") {
		t.Fatalf("a write on a read-only server, worded: %v", worded)
	}
	other := errors.New("something else")
	if db.Worded(other) != other || db.Worded(nil) != nil {
		t.Error("Worded changes other errors")
	}
}
