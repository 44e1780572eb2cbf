package main

import (
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// TestMain gives the command tests a throw-away PostgreSQL (dbtest.URL(t)).
func TestMain(m *testing.M) { dbtest.Main(m) }
