package record_test

import (
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
	"github.com/dualcarbon/dualcarbon/migrations"
)

var (
	tableRE   = regexp.MustCompile(`(?i)(?:CREATE|ALTER) TABLE (?:IF (?:NOT )?EXISTS )?(\w+)`)
	inListRE  = regexp.MustCompile(`(?is)CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)`)
	patternRE = regexp.MustCompile(`(?is)CHECK\s*\(\s*(\w+)\s*~\s*'([^']*)'\s*\)`)
	literalRE = regexp.MustCompile(`'([^']*)'`)
	commentRE = regexp.MustCompile(`--[^\n]*`)
)

// checks reads the CHECK constraints of the migrations (in order, the last one of a column winning) as
// "table.column" -> the values listed, and the patterns of the columns checked against one.
func checks(t *testing.T) (lists map[string][]string, patterns map[string]string) {
	t.Helper()
	lists, patterns = map[string][]string{}, map[string]string{}
	files, err := fs.Glob(migrations.FS, "*.up.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v (%d files)", err, len(files))
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := fs.ReadFile(migrations.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		// Statements one by one (comments dropped: they hold semicolons), each in the table it names.
		sql := commentRE.ReplaceAllString(string(b), "")
		for _, stmt := range strings.Split(sql, ";") {
			m := tableRE.FindStringSubmatch(stmt)
			if m == nil {
				continue
			}
			table := m[1]
			for _, c := range inListRE.FindAllStringSubmatch(stmt, -1) {
				var vals []string
				for _, l := range literalRE.FindAllStringSubmatch(c[2], -1) {
					vals = append(vals, l[1])
				}
				lists[table+"."+c[1]] = vals
			}
			for _, c := range patternRE.FindAllStringSubmatch(stmt, -1) {
				patterns[table+"."+c[1]] = c[2]
			}
		}
	}
	return lists, patterns
}

// Every list of the vocabulary is the list the database accepts: a value the migrations add or drop without
// vocab.go (or the other way round) fails here, before seed accepts what the database refuses.
func TestVocabularyMatchesMigrations(t *testing.T) {
	lists, patterns := checks(t)
	for col, want := range map[string][]string{
		"indicators.category":       record.Categories(),
		"indicators.direction":      record.Directions(),
		"indicators.measure":        record.Measures(),
		"observations.flag":         record.ObservationFlags(),
		"targets.flag":              record.TargetFlags(),
		"targets.kind":              record.TargetKinds(),
		"regions.level":             record.RegionLevels(),
		"ratings.rating":            record.RatingColours(),
		"sources.standing_url":      append([]string{""}, record.SourceStandings()...),
		"sources.standing_override": append([]string{""}, record.SourceStandings()...),
	} {
		got, ok := lists[col]
		if !ok {
			t.Errorf("%s: no CHECK (... IN (...)) found in the migrations", col)
			continue
		}
		a, b := slices.Clone(got), slices.Clone(want)
		sort.Strings(a)
		sort.Strings(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: the migrations allow %q, record/vocab.go lists %q", col, got, want)
		}
	}
	re, err := regexp.Compile(patterns["targets.plan"])
	if err != nil || patterns["targets.plan"] == "" {
		t.Fatalf("targets.plan: no CHECK pattern (%q): %v", patterns["targets.plan"], err)
	}
	for _, p := range record.PlanCodes() {
		if !re.MatchString(p) {
			t.Errorf("plan %q: refused by the migrations' pattern %s", p, re)
		}
	}
}

func TestPlans(t *testing.T) {
	seen := map[string]bool{}
	prevTo := 0
	for _, p := range record.Plans() {
		if seen[p.Code] || p.Code == record.PlanOther {
			t.Errorf("plan %s listed twice or reserved", p.Code)
		}
		seen[p.Code] = true
		if p.BaseYear == 0 {
			t.Errorf("plan %s: no base year", p.Code)
		}
		if p.FiveYear() {
			if p.To-p.From != 4 || p.BaseYear != p.From-1 || (prevTo != 0 && p.From != prevTo+1) {
				t.Errorf("five-year plan %s: %d-%d, base %d, after %d", p.Code, p.From, p.To, p.BaseYear, prevTo)
			}
			prevTo = p.To
		}
	}
	if !seen["fyp11"] {
		t.Error("the 11th five-year plan is part of the vocabulary")
	}
	if p, ok := record.PlanOf("fyp14"); !ok || p.BaseYear != 2020 {
		t.Errorf("PlanOf(fyp14) = %+v, %v", p, ok)
	}
	if _, ok := record.PlanOf(record.PlanOther); ok {
		t.Error("PlanOf(other) is no family")
	}
	if codes := record.PlanCodes(); codes[len(codes)-1] != record.PlanOther {
		t.Errorf("PlanCodes ends with other: %v", codes)
	}
}
