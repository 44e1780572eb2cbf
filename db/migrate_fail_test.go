package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
	"github.com/dualcarbon/dualcarbon/migrations"
)

// A migration that fails halfway leaves the tables as they were, names its file
// and version, and the schema check refuses the dirty schema with the recovery steps.
func TestMigrationFailsHalfway(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, dbtest.EmptyURL(t))
	fsys := fstest.MapFS{}
	for _, name := range []string{"0001_create_schema.up.sql", "0001_create_schema.down.sql"} {
		b, err := migrations.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	fsys["0002_add_halfway.up.sql"] = &fstest.MapFile{Data: []byte(
		"CREATE TABLE halfway (id int);\nALTER TABLE indicators ADD COLUMN extra text;\nSELECT 1/0;\n")}
	fsys["0002_add_halfway.down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE halfway;")}

	mg, err := d.NewMigratorFS(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	err = mg.Up()
	if err == nil {
		t.Fatal("broken migration applied")
	}
	for _, want := range []string{"0002_add_halfway.up.sql", "version 2", "migrate force 1", "migrate up"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, db.ErrDirty) {
		t.Errorf("error is not ErrDirty: %v", err)
	}
	var n int
	d.Pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'halfway'`).Scan(&n)
	if n != 0 {
		t.Error("the first statement of the failed migration was kept")
	}
	d.Pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'indicators' AND column_name = 'extra'`).Scan(&n)
	if n != 0 {
		t.Error("the second statement of the failed migration was kept")
	}
	err = d.CheckSchema(ctx)
	if !errors.Is(err, db.ErrDirty) || !strings.Contains(err.Error(), "migrate force 1") {
		t.Errorf("CheckSchema on a dirty schema = %v, want ErrDirty with recovery steps", err)
	}
	// The recovery the message describes works.
	if err := mg.Force(1); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckSchema(ctx); err != nil {
		t.Errorf("after force: %v", err)
	}
}
