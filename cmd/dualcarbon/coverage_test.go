package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

const (
	coverageDoc   = "../../docs/data.md"
	coverageBegin = "<!-- begin: the output of `dualcarbon coverage` on the built-in dataset; `make coverage-doc` rewrites it -->\n"
	coverageEnd   = "<!-- end: dualcarbon coverage -->\n"
)

// docs/data.md's coverage table is the output of `dualcarbon coverage` on the built-in dataset, so it never
// drifts from the data. UPDATE_COVERAGE_DOC=1 rewrites it instead (make coverage-doc).
func TestCoverageTableInDocsIsTheCommandOutput(t *testing.T) {
	url := dbtest.URL(t)
	if _, errOut, err := seedRun(t, url); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut)
	}
	env, out, errOut := testEnv(map[string]string{"DATABASE_URL": url})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, []string{"coverage"}, env); err != nil {
		t.Fatalf("coverage: %v\n%s", err, errOut)
	}
	got := out.String()
	if !strings.Contains(got, "| coal_share |") || !strings.Contains(got, "official media") {
		t.Fatalf("coverage output:\n%s", got)
	}
	b, err := os.ReadFile(coverageDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, coverageBegin), strings.Index(doc, coverageEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: no coverage markers", coverageDoc)
	}
	committed := doc[i+len(coverageBegin) : j]
	if committed == got {
		return
	}
	if os.Getenv("UPDATE_COVERAGE_DOC") == "1" {
		if err := os.WriteFile(coverageDoc, []byte(doc[:i+len(coverageBegin)]+got+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's coverage table differs from `dualcarbon coverage`: run make coverage-doc\ngot:\n%s", coverageDoc, got)
}

func TestCoverageRefusesArguments(t *testing.T) {
	env, _, _ := testEnv(map[string]string{"DATABASE_URL": "postgres://127.0.0.1:1/none"})
	if err := run(context.Background(), []string{"coverage", "extra"}, env); err == nil ||
		!strings.Contains(err.Error(), "unexpected argument") {
		t.Errorf("coverage extra: %v", err)
	}
}
