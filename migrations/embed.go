// Package migrations holds the SQL schema of dualcarbon, applied by golang-migrate.
// Files are append-only: NNNN_verb_noun.up.sql with its .down.sql.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
