package db_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
	// Every real migration, then a broken one after the last.
	fsys := fstest.MapFS{}
	names, _ := fs.Glob(migrations.FS, "*.sql")
	for _, name := range names {
		b, err := migrations.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	last, err := db.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	broken := fmt.Sprintf("%04d_add_halfway", last+1)
	fsys[broken+".up.sql"] = &fstest.MapFile{Data: []byte(
		"CREATE TABLE halfway (id int);\nALTER TABLE indicators ADD COLUMN extra text;\nSELECT 1/0;\n")}
	fsys[broken+".down.sql"] = &fstest.MapFile{Data: []byte("DROP TABLE halfway;")}
	force := fmt.Sprintf("migrate force %d", last)

	mg, err := d.NewMigratorFS(ctx, fsys)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	err = mg.Up()
	if err == nil {
		t.Fatal("broken migration applied")
	}
	for _, want := range []string{broken + ".up.sql", fmt.Sprintf("version %d", last+1), force, "migrate up"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if !errors.Is(err, db.ErrDirty) {
		t.Errorf("error is not ErrDirty: %v", err)
	}
	var n int
	d.Raw().QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_name = 'halfway'`).Scan(&n)
	if n != 0 {
		t.Error("the first statement of the failed migration was kept")
	}
	d.Raw().QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'indicators' AND column_name = 'extra'`).Scan(&n)
	if n != 0 {
		t.Error("the second statement of the failed migration was kept")
	}
	err = d.CheckSchema(ctx)
	if !errors.Is(err, db.ErrDirty) || !strings.Contains(err.Error(), force) {
		t.Errorf("CheckSchema on a dirty schema = %v, want ErrDirty with recovery steps", err)
	}
	// The recovery the message describes works.
	if err := mg.Force(int(last)); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckSchema(ctx); err != nil {
		t.Errorf("after force: %v", err)
	}
}
