package seed

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

var (
	codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]{1,62}$`)
	// The vocabulary of record/vocab.go, which the migrations' CHECKs hold too.
	categories  = record.Categories()
	plans       = record.PlanCodes()
	targetKinds = record.TargetKinds()
	targetFlags = record.TargetFlags()
)

// ParseCatalogue reads and validates a whole catalogue YAML file (UTF-8 text).
// Targets and events may name indicators known to the database or defined in
// the file. It returns every problem as Errors, each with its line and column.
func ParseCatalogue(name string, data []byte, known db.Known) (cat *db.CatalogueFile, err error) {
	c := &collector{file: name}
	defer func() {
		if r := recover(); r != nil { // yaml.v3 has panicked on hostile input before
			cat, err = nil, Errors{{File: name, Line: 1, Column: 1, Field: "yaml", Reason: fmt.Sprintf("cannot parse: %v", r)}}
		}
	}()
	text, ok := utf8Text(c, data)
	if !ok {
		return nil, c.err()
	}
	y, tree, ok := decodeYAML(c, text)
	if !ok {
		return nil, c.err()
	}
	p := &catalogueParser{c: c, known: db.Known{Units: maps.Clone(known.Units), Regions: known.Regions},
		f:       &db.CatalogueFile{Name: name, SHA256: checksum(data)},
		sources: map[db.Source]int{}}
	p.sourcesOf(y.Sources, section(tree, "sources"))
	p.indicatorsOf(y.Indicators, section(tree, "indicators"))
	p.targetsOf(y.Targets, section(tree, "targets"))
	p.eventsOf(y.Events, section(tree, "events"))
	p.assessmentsOf(y.Assessments, section(tree, "assessments"))
	if err := c.err(); err != nil {
		return nil, err
	}
	return p.f, nil
}

type catalogueParser struct {
	c       *collector
	known   db.Known
	f       *db.CatalogueFile
	sources map[db.Source]int // key -> index in f.Sources
}

// item reads the fields of one list entry; its node places "missing" errors.
type item struct {
	p    *catalogueParser
	node *yaml.Node
}

func (it item) fail(s scalar, key string, err error) {
	n := it.node
	if s.node != nil {
		n = s.node
	}
	it.p.c.add(n.Line, n.Column, key, "%v", err)
}

// text is a string value; required ones must be there and not empty.
func (it item) text(s scalar, key string, required bool) string {
	if s.node == nil || s.node.Kind != yaml.ScalarNode {
		if s.node != nil {
			it.fail(s, key, fmt.Errorf("want a single value, not %s", kindOf(s.node)))
		} else if required {
			it.fail(s, key, errors.New("missing"))
		}
		return ""
	}
	v := s.node.Value
	if err := validText(v, 0); err != nil {
		it.fail(s, key, err)
	}
	if required && v == "" {
		it.fail(s, key, errors.New("empty"))
	}
	return v
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	return "an alias"
}

// check runs fn on a present value and reports its error.
func (it item) check(s scalar, key string, required bool, fn func(string) error) string {
	v := it.text(s, key, required)
	if v != "" {
		if err := fn(v); err != nil {
			it.fail(s, key, err)
		}
	}
	return v
}

func (it item) enum(s scalar, key string, required bool, def string, allowed ...string) string {
	v := it.check(s, key, required, func(v string) error { return oneOf(v, allowed...) })
	if v == "" {
		return def
	}
	return v
}

func (it item) year(s scalar, key string, required bool) int {
	var y int
	it.check(s, key, required, func(v string) (err error) { y, err = parseYear(v); return err })
	return y
}

// decimal keeps the number as written, after the strict check: yaml.v3 would
// read 010 as 8, so a leading zero is refused rather than guessed.
func (it item) decimal(s scalar, key string) string {
	return it.check(s, key, true, func(v string) error {
		if err := decimal(v); err != nil {
			return err
		}
		if d := strings.TrimPrefix(v, "-"); len(d) > 1 && d[0] == '0' && d[1] != '.' {
			return fmt.Errorf("bad number %q: no leading zero (YAML may read it as octal)", v)
		}
		return nil
	})
}

func (it item) boolean(s scalar, key string) bool {
	return it.check(s, key, false, func(v string) error { return oneOf(v, "true", "false") }) == "true"
}

func (it item) indicator(s scalar, key string, required bool) string {
	return it.check(s, key, required, func(v string) error {
		if _, ok := it.p.known.Units[v]; !ok {
			return fmt.Errorf("unknown indicator %q", v)
		}
		return nil
	})
}

func (it item) region(s scalar, key string) string {
	v := it.check(s, key, false, func(v string) error {
		if !it.p.known.Regions[v] {
			return fmt.Errorf("unknown region %q (want CN or CN-XX, ISO 3166-2:CN)", v)
		}
		return nil
	})
	if v == "" {
		return "CN"
	}
	return v
}

// source reads a source reference (title, url, published) and adds it to the
// file's sources if new; ok false when there is none.
func (it item) source(title, u, pub scalar, defaultTitle string) (db.Source, bool) {
	src := db.Source{
		Title:     it.text(title, "source_title", false),
		URL:       it.check(u, "source_url", false, validURL),
		Published: it.check(pub, "published", false, checkPublished),
	}
	if src.Title == "" {
		src.Title = defaultTitle
	}
	if src.Title == "" {
		if src.URL != "" || src.Published != "" {
			it.fail(title, "source_title", errors.New("missing, but source_url or published is given"))
		}
		return src, false
	}
	if _, ok := it.p.sources[src]; !ok {
		it.p.sources[src] = len(it.p.f.Sources)
		it.p.f.Sources = append(it.p.f.Sources, src)
	}
	return src, true
}

// entries pairs decoded entries with their nodes, skipping entries that are
// not mappings (yaml.v3 has reported those).
func entries[T any](p *catalogueParser, decoded []T, nodes []*yaml.Node, fn func(item, *T)) {
	for i := range decoded {
		if i < len(nodes) && nodes[i].Kind == yaml.MappingNode {
			fn(item{p: p, node: nodes[i]}, &decoded[i])
		}
	}
}

// duplicate reports an entry whose key an earlier one had.
func (it item) duplicate(seen map[string]int, key, what string) bool {
	if line, dup := seen[key]; dup {
		it.p.c.add(it.node.Line, it.node.Column, what, "duplicate of the entry on line %d", line)
		return true
	}
	seen[key] = it.node.Line
	return false
}

func (p *catalogueParser) sourcesOf(decoded []yamlSource, nodes []*yaml.Node) {
	seen := map[string]int{}
	entries(p, decoded, nodes, func(it item, y *yamlSource) {
		src := db.Source{
			Title:     it.text(y.Title, "title", true),
			Publisher: it.text(y.Publisher, "publisher", false),
			URL:       it.check(y.URL, "url", false, validURL),
			Published: it.check(y.Published, "published", false, checkPublished),
		}
		if it.duplicate(seen, strings.Join([]string{src.Title, src.URL, src.Published}, "\x00"), "source") {
			return
		}
		key := db.Source{Title: src.Title, URL: src.URL, Published: src.Published}
		p.sources[key] = len(p.f.Sources)
		p.f.Sources = append(p.f.Sources, src)
		if standing := it.enum(y.Standing, "standing", false, "", record.SourceStandings()...); standing != "" {
			if p.f.Standings == nil {
				p.f.Standings = map[db.Source]string{}
			}
			p.f.Standings[key] = standing
		}
	})
}

func (p *catalogueParser) indicatorsOf(decoded []yamlIndicator, nodes []*yaml.Node) {
	seen := map[string]int{}
	entries(p, decoded, nodes, func(it item, y *yamlIndicator) {
		in := db.Indicator{
			Code: it.check(y.Code, "code", true, func(v string) error {
				if !codeRE.MatchString(v) {
					return fmt.Errorf("bad code %q: want a-z, 0-9 and _, starting with a letter", v)
				}
				return nil
			}),
			NameEN:       it.text(y.NameEN, "name_en", true),
			NameZH:       it.text(y.NameZH, "name_zh", true),
			Unit:         it.text(y.Unit, "unit", true),
			UnitZH:       it.text(y.UnitZH, "unit_zh", false),
			Direction:    it.enum(y.Direction, "direction", true, "", "up", "down"),
			Category:     it.enum(y.Category, "category", true, "", categories...),
			DefinitionEN: it.text(y.DefinitionEN, "definition_en", false),
			DefinitionZH: it.text(y.DefinitionZH, "definition_zh", false),
			Precision:    it.precision(y.Precision),
			Measure:      it.enum(y.Measure, "measure", false, "level", "level", "yoy_change"),
			BreakYear:    it.year(y.BreakYear, "break_year", false),
			BreakNoteEN:  it.text(y.BreakNoteEN, "break_note_en", false),
			BreakNoteZH:  it.text(y.BreakNoteZH, "break_note_zh", false),
			SortOrder:    len(p.f.Indicators) + 1,
		}
		in.RangeMin, in.RangeMax = it.valueRange(y.Range)
		if in.Code == "" || it.duplicate(seen, in.Code, "code") {
			return
		}
		p.known.Units[in.Code] = in.Unit
		p.f.Indicators = append(p.f.Indicators, in)
	})
}

// valueRange reads range: [min, max], two decimals, min below max.
func (it item) valueRange(s scalar) (string, string) {
	n := s.node
	if n == nil {
		return "", ""
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 || n.Content[0].Kind != yaml.ScalarNode || n.Content[1].Kind != yaml.ScalarNode {
		it.fail(s, "range", errors.New("want [min, max], two numbers"))
		return "", ""
	}
	lo, hi := n.Content[0].Value, n.Content[1].Value
	for _, v := range []*yaml.Node{n.Content[0], n.Content[1]} {
		if err := decimal(v.Value); err != nil {
			it.fail(scalar{v}, "range", err)
			return "", ""
		}
	}
	a, _ := new(big.Rat).SetString(lo)
	b, _ := new(big.Rat).SetString(hi)
	if a.Cmp(b) >= 0 {
		it.fail(s, "range", fmt.Errorf("[%s, %s]: the minimum must be below the maximum", lo, hi))
		return "", ""
	}
	return lo, hi
}

func (it item) precision(s scalar) int {
	n := 1
	it.check(s, "precision", false, func(v string) error {
		if len(v) != 1 || v[0] < '0' || v[0] > '6' {
			return fmt.Errorf("bad precision %q: want 0-6 decimals", v)
		}
		n = int(v[0] - '0')
		return nil
	})
	return n
}

func (p *catalogueParser) targetsOf(decoded []yamlTarget, nodes []*yaml.Node) {
	seen := map[string]int{}
	entries(p, decoded, nodes, func(it item, y *yamlTarget) {
		errs := len(p.c.errs)
		t := db.Target{
			Indicator:  it.indicator(y.Indicator, "indicator", true),
			Region:     it.region(y.Region, "region"),
			Year:       it.year(y.Year, "year", true),
			Value:      it.decimal(y.Value, "value"),
			Kind:       it.enum(y.Kind, "kind", true, "", targetKinds...),
			BaseYear:   it.year(y.BaseYear, "base_year", false),
			Document:   it.text(y.Document, "document", true),
			DocumentZH: it.text(y.DocumentZH, "document_zh", false),
			Binding:    it.boolean(y.Binding, "binding"),
			Plan:       it.enum(y.Plan, "plan", false, "other", plans...),
			Issuer:     it.text(y.Issuer, "issuer", false),
			Issued:     it.check(y.Issued, "issued", false, checkPublished),
			Flag:       it.enum(y.Flag, "flag", false, "", targetFlags...),
			Note:       it.text(y.Note, "note", false),
			Quote:      it.text(y.Quote, "quote", false),
		}
		t.Source, _ = it.source(y.SourceTitle, y.SourceURL, y.Published, t.Document)
		if len(p.c.errs) > errs {
			return
		}
		it.targetRules(y, t)
		key := fmt.Sprintf("%s\x00%s\x00%d\x00%s\x00%s", t.Indicator, t.Region, t.Year, t.Kind, t.Document)
		if !it.duplicate(seen, key, "target") {
			p.f.Targets = append(p.f.Targets, t)
		}
	})
}

// targetRules checks what involves several fields of a target.
func (it item) targetRules(y *yamlTarget, t db.Target) {
	switch {
	case t.Kind == "change" && t.BaseYear == 0:
		it.fail(y.BaseYear, "base_year", errors.New("missing: a change target needs the year it is relative to"))
	case t.BaseYear != 0 && t.BaseYear >= t.Year:
		it.fail(y.BaseYear, "base_year", fmt.Errorf("%d is not before the target year %d", t.BaseYear, t.Year))
	}
	if t.Kind != "change" {
		if err := inUnitRange(t.Value, it.p.known.Units[t.Indicator]); err != nil {
			it.fail(y.Value, "value", err)
		}
	}
}

func (p *catalogueParser) eventsOf(decoded []yamlEvent, nodes []*yaml.Node) {
	seen := map[string]int{}
	entries(p, decoded, nodes, func(it item, y *yamlEvent) {
		errs := len(p.c.errs)
		var date time.Time
		e := db.Event{
			TitleEN:   it.text(y.TitleEN, "title_en", true),
			TitleZH:   it.text(y.TitleZH, "title_zh", false),
			Issuer:    it.text(y.Issuer, "issuer", false),
			Indicator: it.indicator(y.Indicator, "indicator", false),
		}
		it.check(y.Date, "date", true, func(v string) (err error) { date, err = parseDay(v); return err })
		e.Date = date
		if src, ok := it.source(y.SourceTitle, y.SourceURL, y.Published, ""); ok {
			e.Source = &src
		}
		if len(p.c.errs) > errs {
			return
		}
		if !it.duplicate(seen, e.Date.Format(time.DateOnly)+"\x00"+e.TitleEN, "event") {
			p.f.Events = append(p.f.Events, e)
		}
	})
}

// utf8Text strips a byte-order mark; text that is not UTF-8 is one error.
func utf8Text(c *collector, data []byte) ([]byte, bool) {
	data = bytes.TrimPrefix(data, bom)
	if utf8.Valid(data) {
		return data, true
	}
	line, col := invalidAt(data)
	c.add(line, col, "encoding", "invalid UTF-8; a file saved by Chinese Excel is GB18030: use -encoding gb18030")
	return nil, false
}
