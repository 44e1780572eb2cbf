package db

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// CreateReaderRole creates (or updates) a login role that can read every table
// and write none: the dashboard can run as it, leaving the seed path the only
// writer. An empty password leaves authentication to pg_hba.conf.
func (d *DB) CreateReaderRole(ctx context.Context, name, password string) error {
	role := pgx.Identifier{name}.Sanitize()
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, name).Scan(&exists); err != nil {
			return fmt.Errorf("look up role %s: %w", name, err)
		}
		stmts := []string{}
		if !exists {
			stmts = append(stmts, `CREATE ROLE `+role+` LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`)
		}
		if password != "" {
			// Utility statements take no parameters: quote the password as a literal.
			stmts = append(stmts, `ALTER ROLE `+role+` PASSWORD '`+strings.ReplaceAll(password, "'", "''")+`'`)
		}
		stmts = append(stmts,
			`GRANT CONNECT ON DATABASE `+pgx.Identifier{currentDatabase(ctx, tx)}.Sanitize()+` TO `+role,
			`GRANT USAGE ON SCHEMA public TO `+role,
			`GRANT SELECT ON ALL TABLES IN SCHEMA public TO `+role,
			`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO `+role,
		)
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("reader role %s: %w", name, err)
			}
		}
		return nil
	})
}

func currentDatabase(ctx context.Context, tx pgx.Tx) string {
	var name string
	tx.QueryRow(ctx, `SELECT current_database()`).Scan(&name)
	return name
}
