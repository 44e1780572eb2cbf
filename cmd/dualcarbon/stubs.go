package main

// Placeholders replaced by serve.go, seed.go and export.go as they land: all have landed.
