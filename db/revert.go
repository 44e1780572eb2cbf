package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Run is a seed run as `dualcarbon runs` lists it.
type Run struct {
	SeedRun
	Kind       string     // observations, catalogue or revert
	Reverts    *int64     // of a revert: the run it took back
	RevertedAt *time.Time // nil: in force
}

// SeedRuns lists the latest limit seed runs, newest first.
func (d *DB) SeedRuns(ctx context.Context, limit int) ([]Run, error) {
	rows, err := d.pool.Query(ctx, `SELECT id, file_name, sha256, inserted, updated, unchanged, started_at, finished_at,
		kind, reverts, reverted_at FROM seed_runs ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("seed runs: %w", err)
	}
	var out []Run
	var r Run
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.FileName, &r.SHA256, &r.Inserted, &r.Updated, &r.Unchanged,
		&r.StartedAt, &r.FinishedAt, &r.Kind, &r.Reverts, &r.RevertedAt}, func() error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("seed runs: %w", err)
	}
	return out, nil
}

// Reverted is what a revert did.
type Reverted struct {
	Run               Run
	Deleted           int // observations the run inserted
	Restored          int // observations it had changed, back to what they held
	Sources           int // sources it inserted that nothing cites any more
	CatalogueDeleted  int // of a catalogue run: indicators, targets, events, assessments and ratings it inserted
	CatalogueRestored int // of a catalogue run: the rows it had changed, back to what they held
}

// RevertRefused is a revert that later runs depend on: they changed rows the
// run wrote, so taking it back would lose or garble theirs. Revert them first.
type RevertRefused struct {
	Run   int64
	Later []SeedRun // ID and FileName
}

func (e *RevertRefused) Error() string {
	names := make([]string, len(e.Later))
	for i, r := range e.Later {
		names[i] = fmt.Sprintf("run %d (%s)", r.ID, r.FileName)
	}
	return fmt.Sprintf("run %d cannot be reverted: later runs changed rows it wrote: %s; revert those first, newest first",
		e.Run, strings.Join(names, ", "))
}

// ErrNotRevertible is a run revert cannot take back (a revert, a run already reverted, a catalogue loaded
// before catalogue runs were recorded).
var ErrNotRevertible = errors.New("not revertible")

// Revert takes back exactly what seed run id wrote, in one transaction that
// holds the seed lock: the observations (of a catalogue: the indicators,
// targets, events, assessments and ratings) it inserted are deleted, the ones
// it changed get back what they held, and the sources it inserted that nothing
// cites any more are deleted. The data_versions triggers see every row, so
// the dashboard's cache follows. A source's publisher and standing it set stay.
func (d *DB) Revert(ctx context.Context, id int64) (Reverted, error) {
	var res Reverted
	err := pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, SeedLockKey); err != nil {
			return fmt.Errorf("take seed lock: %w", err)
		}
		r := &res.Run
		var recorded bool
		err := tx.QueryRow(ctx, `SELECT id, file_name, sha256, inserted, updated, unchanged, started_at, finished_at,
			kind, reverted_at, changes_recorded FROM seed_runs WHERE id = $1 FOR UPDATE`, id).Scan(&r.ID, &r.FileName, &r.SHA256,
			&r.Inserted, &r.Updated, &r.Unchanged, &r.StartedAt, &r.FinishedAt, &r.Kind, &r.RevertedAt, &recorded)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("run %d: %w", id, ErrNotFound)
		case err != nil:
			return fmt.Errorf("read run %d: %w", id, err)
		case r.RevertedAt != nil:
			return fmt.Errorf("run %d was reverted on %s: %w", id, r.RevertedAt.UTC().Format(time.RFC3339), ErrNotRevertible)
		case r.Kind == "revert":
			return fmt.Errorf("run %d is a revert: load the file again instead: %w", id, ErrNotRevertible)
		case r.Kind == "catalogue" && !recorded:
			return fmt.Errorf("run %d loaded a catalogue before catalogue runs were recorded row by row (migration 16): "+
				"load the catalogue as it should be instead: %w", id, ErrNotRevertible)
		case r.Kind == "catalogue":
			if err := laterCatalogueRuns(ctx, tx, id); err != nil {
				return err
			}
			if err := undoCatalogue(ctx, tx, id, &res); err != nil {
				return err
			}
			return undo(ctx, tx, id, &res)
		}
		if err := laterRuns(ctx, tx, id); err != nil {
			return err
		}
		return undo(ctx, tx, id, &res)
	})
	return res, err
}

// laterRuns refuses a revert when later runs changed rows this one wrote.
func laterRuns(ctx context.Context, tx pgx.Tx, id int64) error {
	rows, err := tx.Query(ctx, `SELECT DISTINCT r.id, r.file_name FROM seed_run_replaced p
		JOIN seed_runs r ON r.id = p.run_id WHERE p.old_loaded_by = $1 AND r.reverted_at IS NULL ORDER BY r.id`, id)
	return refuseLater(rows, err, id)
}

// refuseLater is a RevertRefused naming the runs (id, file name) of rows, the later runs that stop the revert
// of run id; nil when there are none. err is the error of the query that gave rows.
func refuseLater(rows pgx.Rows, err error, id int64) error {
	if err != nil {
		return fmt.Errorf("later runs: %w", err)
	}
	var later []SeedRun
	var r SeedRun
	if _, err := pgx.ForEachRow(rows, []any{&r.ID, &r.FileName}, func() error { later = append(later, r); return nil }); err != nil {
		return fmt.Errorf("later runs: %w", err)
	}
	if len(later) > 0 {
		return &RevertRefused{Run: id, Later: later}
	}
	return nil
}

func undo(ctx context.Context, tx pgx.Tx, id int64, res *Reverted) error {
	tag, err := tx.Exec(ctx, `DELETE FROM observations o WHERE o.loaded_by = $1
		AND NOT EXISTS (SELECT FROM seed_run_replaced p WHERE p.run_id = $1 AND p.observation_id = o.id)`, id)
	if err != nil {
		return fmt.Errorf("delete the rows run %d inserted: %w", id, err)
	}
	res.Deleted = int(tag.RowsAffected())
	tag, err = tx.Exec(ctx, `UPDATE observations o SET value = p.value, flag = p.flag, note = p.note, quote = p.quote,
		loaded_at = p.loaded_at, loaded_by = p.old_loaded_by
		FROM seed_run_replaced p WHERE p.run_id = $1 AND o.id = p.observation_id`, id)
	if err != nil {
		return fmt.Errorf("restore the rows run %d changed: %w", id, err)
	}
	res.Restored = int(tag.RowsAffected())
	tag, err = tx.Exec(ctx, `DELETE FROM sources s USING seed_run_sources rs WHERE rs.run_id = $1 AND s.id = rs.source_id
		AND NOT EXISTS (SELECT FROM observations o WHERE o.source_id = s.id)
		AND NOT EXISTS (SELECT FROM targets t WHERE t.source_id = s.id)
		AND NOT EXISTS (SELECT FROM events e WHERE e.source_id = s.id)`, id)
	if err != nil {
		return fmt.Errorf("delete the sources run %d inserted: %w", id, err)
	}
	res.Sources = int(tag.RowsAffected())
	for _, q := range []string{`DELETE FROM seed_run_replaced WHERE run_id = $1`, `DELETE FROM seed_run_sources WHERE run_id = $1`,
		`UPDATE seed_runs SET reverted_at = now() WHERE id = $1`} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("record the revert of run %d: %w", id, err)
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO seed_runs (file_name, sha256, kind, reverts, inserted, updated, unchanged, started_at)
		SELECT file_name, sha256, 'revert', id, 0, $2, 0, now() FROM seed_runs WHERE id = $1`, id, res.Deleted+res.Restored+res.Sources+res.CatalogueDeleted+res.CatalogueRestored)
	if err != nil {
		return fmt.Errorf("record the revert of run %d: %w", id, err)
	}
	now := time.Now()
	res.Run.RevertedAt = &now
	return nil
}
