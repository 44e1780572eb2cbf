package db

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrReadOnly is a write refused because the server accepts reads only: a hot standby (in recovery) or a
// server or role whose transactions default to read-only. Writes go to the primary.
var ErrReadOnly = errors.New("the database server is read-only (a hot standby, or default_transaction_read_only is on): " +
	"seed, revert and migrate write, so point DATABASE_URL at the primary")

// RequireWritable fails with ErrReadOnly unless the server takes writes. Commands that write ask it up front,
// so a standby refuses them before they start, not halfway with a raw SQLSTATE.
func (d *DB) RequireWritable(ctx context.Context) error {
	var recovery bool
	var readOnly string
	err := d.pool.QueryRow(ctx, `SELECT pg_is_in_recovery(), current_setting('transaction_read_only')`).Scan(&recovery, &readOnly)
	if err != nil {
		return fmt.Errorf("check that the server takes writes: %w", err)
	}
	switch {
	case recovery:
		return fmt.Errorf("%w; this one is a hot standby (pg_is_in_recovery)", ErrReadOnly)
	case readOnly == "on":
		return fmt.Errorf("%w; this one has transaction_read_only on", ErrReadOnly)
	}
	return nil
}

// Worded maps the error of a write on a read-only server (SQLSTATE 25006 read_only_sql_transaction, which a
// standby raises for any write) to ErrReadOnly, so the user reads what to do instead of a raw
// SQLSTATE; any other error is returned as it is. It is the one place that words them: a write that slips
// past RequireWritable (a server demoted meanwhile) gets the same message.
func Worded(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "25006" && !errors.Is(err, ErrReadOnly) {
		return fmt.Errorf("%w (%s)", ErrReadOnly, err)
	}
	return err
}

// Replication is where a server stands in streaming replication, as it reports it itself.
type Replication struct {
	Standby bool // in recovery: a hot standby that replays the primary's WAL
	// Lag is how far behind the primary the data served may be: zero while the standby has replayed all the WAL
	// it received, else the time since the last transaction it replayed was committed on the primary. On an
	// idle primary no transaction commits, so that time grows without any lag: comparing the received and
	// replayed positions tells the two apart. A standby cut off from its primary that replayed all it had
	// received reports zero too: it cannot know what it was not sent (watch pg_stat_replication on the primary).
	Lag time.Duration
	// ReplayedAt is when the last transaction replayed was committed on the primary (zero: none since start).
	ReplayedAt time.Time
	// Behind is how many bytes of WAL were received and not yet replayed.
	Behind int64
	// Received says whether the standby has received WAL by streaming since it started (false: from an archive
	// only, or not yet).
	Received bool
}

// Replication reads the server's replication state in one statement; on a primary Standby is false and the
// rest zero. The functions it calls are open to every role, the read-only role of the dashboard included.
func (d *DB) Replication(ctx context.Context) (Replication, error) {
	var r Replication
	var replayedAt *time.Time
	var lag *float64
	var behind *int64
	err := d.pool.QueryRow(ctx, replicationState).Scan(&r.Standby, &replayedAt, &behind, &r.Received, &lag)
	if err != nil {
		return Replication{}, fmt.Errorf("replication state: %w", err)
	}
	if replayedAt != nil {
		r.ReplayedAt = *replayedAt
	}
	if behind != nil {
		r.Behind = *behind
	}
	if lag != nil {
		r.Lag = time.Duration(*lag * float64(time.Second))
	}
	return r, nil
}

// replicationState: the lag is zero when the standby replayed every byte it received; otherwise the age of the
// last replayed commit (on a standby fed from an archive, which receives nothing, always that age).
const replicationState = `
SELECT standby, replayed_at, behind, received,
	CASE WHEN NOT standby THEN 0
	     WHEN received AND behind <= 0 THEN 0
	     ELSE greatest(extract(epoch FROM now() - replayed_at), 0)::float8
	END
FROM (SELECT pg_is_in_recovery() AS standby,
	pg_last_xact_replay_timestamp() AS replayed_at,
	pg_last_wal_receive_lsn() IS NOT NULL AS received,
	pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::int8 AS behind) s`
