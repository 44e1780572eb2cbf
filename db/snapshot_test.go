package db_test

import (
	"context"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// A snapshot is one REPEATABLE READ READ ONLY transaction: its reads see the data as of its first read,
// whatever commits meanwhile.
func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	if _, err := d.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('first')`); err != nil {
		t.Fatal(err)
	}
	err := d.ReadSnapshot(ctx, func(s *db.Snapshot) error {
		for name, want := range map[string]string{"transaction_isolation": "repeatable read", "transaction_read_only": "on"} {
			got, err := db.SnapshotSetting(ctx, s, name)
			if err != nil {
				return err
			}
			if got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
		before, err := s.Sources(ctx, "")
		if err != nil {
			return err
		}
		if _, err := d.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('committed meanwhile')`); err != nil {
			return err
		}
		after, err := s.Sources(ctx, "")
		if err != nil {
			return err
		}
		if len(before) != 1 || len(after) != 1 {
			t.Errorf("sources in the snapshot: %d, then %d after a commit; want 1 and 1", len(before), len(after))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all, err := d.Sources(ctx, "")
	if err != nil || len(all) != 2 {
		t.Errorf("after the snapshot: %d sources (%v), want 2", len(all), err)
	}
}

// Snapshot.DataVersions is DB.DataVersions as of the snapshot: a write committed meanwhile bumps the counts
// outside the snapshot and not inside it.
func TestSnapshotDataVersions(t *testing.T) {
	ctx := context.Background()
	d := dbtest.New(t)
	if _, err := d.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('first')`); err != nil {
		t.Fatal(err)
	}
	outside, err := d.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = d.ReadSnapshot(ctx, func(s *db.Snapshot) error {
		before, err := s.DataVersions(ctx)
		if err != nil {
			return err
		}
		if before.Total != outside.Total || before.Total == 0 {
			t.Errorf("snapshot total %d, outside %d; want equal and counting the insert", before.Total, outside.Total)
		}
		if _, err := d.Raw().Exec(ctx, `INSERT INTO sources (title) VALUES ('committed meanwhile')`); err != nil {
			return err
		}
		after, err := s.DataVersions(ctx)
		if err != nil {
			return err
		}
		if after.Total != before.Total {
			t.Errorf("snapshot total %d, then %d after a commit; want it kept", before.Total, after.Total)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := d.DataVersions(ctx); err != nil || v.Total <= outside.Total {
		t.Errorf("after the snapshot: total %d (%v), want more than %d", v.Total, err, outside.Total)
	}
}
