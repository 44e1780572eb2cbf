package db

import "context"

// SnapshotSetting shows a run-time setting of the snapshot's transaction, for the tests of package db_test.
func SnapshotSetting(ctx context.Context, s *Snapshot, name string) (string, error) {
	var v string
	err := s.tx.QueryRow(ctx, `SELECT current_setting($1)`, name).Scan(&v)
	return v, err
}

// WarmUp is what a new connection of the pool runs, for the tests of package db_test.
var WarmUp = warmUp
