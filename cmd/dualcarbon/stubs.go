package main

// Placeholders replaced by serve.go, seed.go and export.go as they land.

import (
	"context"
	"errors"
)

func serveCmd(ctx context.Context, args []string, env environment) error {
	return errors.New("serve: not built yet")
}

func seedCmd(ctx context.Context, args []string, env environment) error {
	return errors.New("seed: not built yet")
}

func exportCmd(ctx context.Context, args []string, env environment) error {
	return errors.New("export: not built yet")
}
