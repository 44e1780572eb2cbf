package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

const assessmentsDDL = `code text, indicator text, period text, name_en text, name_zh text, document text,
	document_zh text, issuer text, issued text, src int, note text`

// upsertAssessments merges the catalogue's assessments (migrations/0010), their ratings apart.
func (s *SeedTx) upsertAssessments(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	cols := []string{"code", "indicator", "period", "name_en", "name_zh", "document", "document_zh", "issuer",
		"issued", "src", "note"}
	index := sourceIndex(f.Sources)
	err := s.stage(ctx, "seed_assessments", assessmentsDDL, cols, rowsOf(len(f.Assessments), func(i int) []any {
		a := f.Assessments[i]
		var indicator *string
		if a.Indicator != "" {
			indicator = &a.Indicator
		}
		return []any{a.Code, indicator, a.Period, a.NameEN, a.NameZH, a.Document, a.DocumentZH, a.Issuer,
			a.Issued, index(a.Source), a.Note}
	}))
	if err != nil {
		return TableCounts{Table: "assessments"}, nil, err
	}
	return s.merge(ctx, "assessments", `
		INSERT INTO assessments AS a (code, indicator, period, name_en, name_zh, document, document_zh, issuer,
			issued, source_id, note)
		SELECT r.code, r.indicator, r.period, r.name_en, r.name_zh, r.document, r.document_zh, r.issuer,
			r.issued, s.id, r.note
		FROM seed_assessments r
		JOIN seed_sources ss ON ss.idx = r.src
		JOIN sources s ON s.title = ss.title AND s.url = ss.url AND s.published = ss.published
		ON CONFLICT (code) DO UPDATE SET indicator = EXCLUDED.indicator, period = EXCLUDED.period,
			name_en = EXCLUDED.name_en, name_zh = EXCLUDED.name_zh, document = EXCLUDED.document,
			document_zh = EXCLUDED.document_zh, issuer = EXCLUDED.issuer, issued = EXCLUDED.issued,
			source_id = EXCLUDED.source_id, note = EXCLUDED.note
		WHERE (a.indicator, a.period, a.name_en, a.name_zh, a.document, a.document_zh, a.issuer, a.issued,
			a.source_id, a.note)
			IS DISTINCT FROM (EXCLUDED.indicator, EXCLUDED.period, EXCLUDED.name_en, EXCLUDED.name_zh,
			EXCLUDED.document, EXCLUDED.document_zh, EXCLUDED.issuer, EXCLUDED.issued, EXCLUDED.source_id,
			EXCLUDED.note)
		RETURNING a.xmax = 0, 'assessment ' || a.code, a.code`, len(f.Assessments))
}

const ratingsDDL = `assessment text, region text, rating text, quote text`

// upsertRatings merges the ratings of the catalogue's assessments.
func (s *SeedTx) upsertRatings(ctx context.Context, f *CatalogueFile) (TableCounts, []Change, error) {
	type row struct{ assessment, region, rating, quote string }
	var rows []row
	for _, a := range f.Assessments {
		for _, r := range a.Ratings {
			rows = append(rows, row{a.Code, r.Region, r.Rating, r.Quote})
		}
	}
	cols := []string{"assessment", "region", "rating", "quote"}
	err := s.stage(ctx, "seed_ratings", ratingsDDL, cols, rowsOf(len(rows), func(i int) []any {
		r := rows[i]
		return []any{r.assessment, r.region, r.rating, r.quote}
	}))
	if err != nil {
		return TableCounts{Table: "ratings"}, nil, err
	}
	return s.merge(ctx, "ratings", `
		INSERT INTO ratings AS g (assessment, region, rating, quote)
		SELECT assessment, region, rating, quote FROM seed_ratings ORDER BY assessment, region
		ON CONFLICT (assessment, region) DO UPDATE SET rating = EXCLUDED.rating, quote = EXCLUDED.quote
		WHERE (g.rating, g.quote) IS DISTINCT FROM (EXCLUDED.rating, EXCLUDED.quote)
		RETURNING g.xmax = 0, concat_ws(' ', 'rating', g.assessment, g.region, g.rating), g.assessment || ':' || g.region`, len(rows))
}

// assessmentsAll is the statement of Assessments: each assessment with its source, then its ratings.
const (
	assessmentsAll = `
		SELECT a.code, coalesce(a.indicator, ''), a.period, a.name_en, a.name_zh, a.document, a.document_zh,
		       a.issuer, a.issued, a.note, s.id, s.title, s.publisher, s.url, s.published, s.standing
		FROM assessments a JOIN sources s ON s.id = a.source_id
		ORDER BY a.period DESC, a.code`
	ratingsAll = `SELECT assessment, region, rating, quote FROM ratings ORDER BY assessment, region`
)

// Assessments lists every assessment with its ratings, latest period first (a few hundred rows at most).
func (d *DB) Assessments(ctx context.Context) ([]Assessment, error) { return assessments(ctx, d.pool) }

func assessments(ctx context.Context, q querier) ([]Assessment, error) {
	rows, err := q.Query(ctx, assessmentsAll)
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	var out []Assessment
	var a Assessment
	_, err = pgx.ForEachRow(rows, []any{&a.Code, &a.Indicator, &a.Period, &a.NameEN, &a.NameZH, &a.Document,
		&a.DocumentZH, &a.Issuer, &a.Issued, &a.Note, &a.Source.ID, &a.Source.Title, &a.Source.Publisher,
		&a.Source.URL, &a.Source.Published, &a.Source.Standing}, func() error {
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	byCode := make(map[string]*Assessment, len(out))
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	rows, err = q.Query(ctx, ratingsAll)
	if err != nil {
		return nil, fmt.Errorf("list ratings: %w", err)
	}
	var code string
	var r Rating
	_, err = pgx.ForEachRow(rows, []any{&code, &r.Region, &r.Rating, &r.Quote}, func() error {
		if a := byCode[code]; a != nil {
			a.Ratings = append(a.Ratings, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list ratings: %w", err)
	}
	return out, nil
}
