package db

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A catalogue run is recorded row by row (migrations/0016) so that revert can take it back: before each
// merge the rows it may change are copied into seed_run_catalogue (snapshot), and after it only the rows
// it inserted (old NULL) or changed stay listed (keep).

// catalogueTable says how a catalogue table's rows are named and restored.
type catalogueTable struct {
	name   string
	key    string   // SQL: the row's key, on alias x
	staged string   // SQL: the staged rows of the merge that meet row x
	set    []string // the columns a merge changes: what revert puts back
}

// catalogueTables are the tables a catalogue run writes, in the order revert deletes what it inserted
// (ratings before their assessments, targets and events before their indicators).
func catalogueTables() []catalogueTable {
	return []catalogueTable{
		{"ratings", `x.assessment || ':' || x.region`,
			`SELECT FROM seed_ratings s WHERE s.assessment = x.assessment AND s.region = x.region`, []string{"rating", "quote"}},
		{"assessments", `x.code`, `SELECT FROM seed_assessments s WHERE s.code = x.code`,
			[]string{"indicator", "period", "name_en", "name_zh", "document", "document_zh", "issuer", "issued", "source_id", "note"}},
		{"events", `x.id::text`, `SELECT FROM seed_events s WHERE s.date = x.date AND s.title_en = x.title_en`,
			[]string{"title_zh", "issuer", "indicator", "source_id"}},
		{"targets", `x.id::text`, `SELECT FROM seed_targets s WHERE s.indicator = x.indicator AND s.region = x.region
			AND s.year = x.year AND s.kind = x.kind AND s.document = x.document`,
			[]string{"value", "base_year", "binding", "plan", "document_zh", "issuer", "issued", "source_id", "flag", "note", "quote"}},
		{"indicators", `x.code`, `SELECT FROM seed_indicators s WHERE s.code = x.code`,
			[]string{"name_en", "name_zh", "unit", "unit_zh", "definition_en", "definition_zh", "category", "direction",
				"precision", "measure", "break_year", "break_note_en", "break_note_zh", "sort_order", "range_min", "range_max"}},
	}
}

func catalogueTableOf(name string) (catalogueTable, bool) {
	for _, t := range catalogueTables() {
		if t.name == name {
			return t, true
		}
	}
	return catalogueTable{}, false
}

// snapshot copies the rows of t that the staged rows meet, as they are before the merge.
func (s *SeedTx) snapshot(ctx context.Context, run int64, t catalogueTable) error {
	_, err := s.tx.Exec(ctx, `INSERT INTO seed_run_catalogue (run_id, tbl, row_key, old)
		SELECT $1, $2, `+t.key+`, to_jsonb(x) FROM `+t.name+` x WHERE EXISTS (`+t.staged+`)`, run, t.name)
	if err != nil {
		return fmt.Errorf("record the %s run %d may change: %w", t.name, run, err)
	}
	return nil
}

// keep lists what the merge did: the rows it inserted, the rows it changed (their snapshot); the
// snapshots of rows it left as they were are dropped.
func (s *SeedTx) keep(ctx context.Context, run int64, t catalogueTable, inserted, updated []string) error {
	if _, err := s.tx.Exec(ctx, `DELETE FROM seed_run_catalogue WHERE run_id = $1 AND tbl = $2 AND NOT (row_key = ANY(coalesce($3::text[], '{}')))`,
		run, t.name, updated); err != nil {
		return fmt.Errorf("record the %s run %d changed: %w", t.name, run, err)
	}
	if _, err := s.tx.Exec(ctx, `INSERT INTO seed_run_catalogue (run_id, tbl, row_key) SELECT $1, $2, unnest($3::text[])`,
		run, t.name, inserted); err != nil {
		return fmt.Errorf("record the %s run %d inserted: %w", t.name, run, err)
	}
	return nil
}

// laterCatalogueRuns refuses the revert of catalogue run id while later runs wrote rows it wrote, or
// loaded observations of an indicator it added.
func laterCatalogueRuns(ctx context.Context, tx pgx.Tx, id int64) error {
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT r.id, r.file_name FROM seed_run_catalogue mine
		JOIN seed_run_catalogue c ON c.tbl = mine.tbl AND c.row_key = mine.row_key AND c.run_id > mine.run_id
		JOIN seed_runs r ON r.id = c.run_id
		WHERE mine.run_id = $1 AND r.reverted_at IS NULL
		UNION
		SELECT DISTINCT r.id, r.file_name FROM seed_run_catalogue mine
		JOIN observations o ON o.indicator = mine.row_key
		JOIN seed_runs r ON r.id = o.loaded_by
		WHERE mine.run_id = $1 AND mine.tbl = 'indicators' AND mine.old IS NULL
		ORDER BY 1`, id)
	return refuseLater(rows, err, id)
}

// undoCatalogue puts back the rows catalogue run id changed and deletes the ones it inserted. A row it
// inserted that another row now uses (a later catalogue's target of an indicator it added) stops the
// revert, which names it.
func undoCatalogue(ctx context.Context, tx pgx.Tx, id int64, res *Reverted) error {
	for _, t := range catalogueTables() {
		cols := make([]string, len(t.set))
		for i, c := range t.set {
			cols[i] = "r." + c
		}
		tag, err := tx.Exec(ctx, `UPDATE `+t.name+` x SET (`+strings.Join(t.set, ", ")+`) = (`+strings.Join(cols, ", ")+`)
			FROM seed_run_catalogue c, jsonb_populate_record(NULL::`+t.name+`, c.old) r
			WHERE c.run_id = $1 AND c.tbl = $2 AND c.old IS NOT NULL AND `+t.key+` = c.row_key`, id, t.name)
		if err != nil {
			return fmt.Errorf("restore the %s run %d changed: %w", t.name, id, err)
		}
		res.CatalogueRestored += int(tag.RowsAffected())
	}
	for _, t := range catalogueTables() {
		tag, err := tx.Exec(ctx, `DELETE FROM `+t.name+` x USING seed_run_catalogue c
			WHERE c.run_id = $1 AND c.tbl = $2 AND c.old IS NULL AND `+t.key+` = c.row_key`, id, t.name)
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23503" {
			return fmt.Errorf("run %d cannot be reverted: rows it added to %s are still used by other rows (%s): "+
				"revert the runs that added those first: %w", id, t.name, pe.Detail, ErrNotRevertible)
		}
		if err != nil {
			return fmt.Errorf("delete the %s run %d inserted: %w", t.name, id, err)
		}
		res.CatalogueDeleted += int(tag.RowsAffected())
	}
	if _, err := tx.Exec(ctx, `DELETE FROM seed_run_catalogue WHERE run_id = $1`, id); err != nil {
		return fmt.Errorf("record the revert of run %d: %w", id, err)
	}
	return nil
}
