package seed

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"math/big"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// A mapping says how a table others publish (OWID's dataset, ...) becomes
// observations: which column is which indicator, the unit as published, the
// exact scale to the indicator's unit, and the source. Built-in mappings are
// in seed/mappings; -map FILE adds one's own (its entries come first).
type Mapping struct {
	Format string        `yaml:"format"`
	Name   string        `yaml:"name"`
	Source MappingSource `yaml:"source"`
	Map    []MapEntry    `yaml:"map"`
	file   string
}

// MappingSource is the publication the mapped values come from.
type MappingSource struct {
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"` // empty: the file's, or -published
}

// MapEntry maps one column (OWID) or one indicator name (NBS, without its
// bracketed unit) to an indicator.
type MapEntry struct {
	From      string `yaml:"from"`
	Indicator string `yaml:"indicator"`
	Unit      string `yaml:"unit"`  // as published
	Scale     string `yaml:"scale"` // exact decimal, default 1: value × scale is in the indicator's unit
	Note      string `yaml:"note"`
	line      int
}

//go:embed mappings/*.yaml
var builtinMappings embed.FS

// mappings are the built-in mappings of a format, after the ones given.
func mappings(format string, given []Mapping) ([]Mapping, error) {
	var out []Mapping
	for _, m := range given {
		if m.Format == format {
			out = append(out, m)
		}
	}
	files, err := fs.Glob(builtinMappings, "mappings/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		b, err := fs.ReadFile(builtinMappings, name)
		if err != nil {
			return nil, err
		}
		m, err := ParseMapping("builtin:"+path.Base(name), b)
		if err != nil {
			return nil, err
		}
		if m.Format == format {
			out = append(out, m)
		}
	}
	return out, nil
}

// ParseMapping reads a mapping file; its errors name the line.
func ParseMapping(name string, data []byte) (Mapping, error) {
	var m Mapping
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return m, Errors{{File: name, Line: 1, Column: 1, Field: "yaml", Reason: err.Error()}}
	}
	if err := dec.Decode(&m); err != nil {
		return m, Errors{{File: name, Line: 1, Column: 1, Field: "yaml", Reason: err.Error()}}
	}
	m.file = name
	lines := entryLines(&doc)
	c := &collector{file: name}
	if m.Format != "owid" && m.Format != "nbs" && m.Format != "wdi" {
		c.add(1, 1, "format", "%q: want owid, nbs or wdi", clip(m.Format))
	}
	if m.Source.Title == "" {
		c.add(1, 1, "source", "missing source title")
	}
	if err := validURL(m.Source.URL); err != nil {
		c.add(1, 1, "source", "%v", err)
	}
	if m.Source.Published != "" {
		if err := checkPublished(m.Source.Published); err != nil {
			c.add(1, 1, "source", "%v", err)
		}
	}
	for i := range m.Map {
		e := &m.Map[i]
		if i < len(lines) {
			e.line = lines[i]
		}
		if e.Scale == "" {
			e.Scale = "1"
		}
		if e.From == "" || e.Indicator == "" {
			c.add(e.line, 1, "map", "an entry needs from and indicator")
		}
		if err := decimal(e.Scale); err != nil {
			c.add(e.line, 1, "scale", "%v", err)
		}
	}
	if err := c.err(); err != nil {
		return m, err
	}
	return m, nil
}

// entryLines are the lines of the entries of the map list.
func entryLines(doc *yaml.Node) []int {
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "map" {
			var out []int
			for _, n := range root.Content[i+1].Content {
				out = append(out, n.Line)
			}
			return out
		}
	}
	return nil
}

// scaled is value × scale, exactly, with the digits the two give.
func scaled(value, scale string) string {
	if scale == "1" || scale == "" {
		return value
	}
	v, ok1 := new(big.Rat).SetString(value)
	s, ok2 := new(big.Rat).SetString(scale)
	if !ok1 || !ok2 {
		return value
	}
	digits := fracDigits(value) + fracDigits(scale)
	out := new(big.Rat).Mul(v, s).FloatString(digits)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if out == "-0" {
		out = "0"
	}
	return out
}

func fracDigits(s string) int {
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// checkUnits refuses an entry that would put values in another unit
// without saying how: with no scale, the unit published must be the
// indicator's (an OWID CO2-per-GDP level in kg per $ is not a % change).
func checkUnits(m Mapping, units map[string]string) error {
	c := &collector{file: m.file}
	for _, e := range m.Map {
		unit, ok := units[e.Indicator]
		switch {
		case !ok:
			c.add(e.line, 1, "indicator", "unknown indicator %q", clip(e.Indicator))
		case e.Unit == "":
			c.add(e.line, 1, "unit", "missing: the unit of %s as published (the indicator's is %q)", clip(e.From), unit)
		case e.Scale == "1" && e.Unit != unit:
			c.add(e.line, 1, "unit", "%s is published in %q, indicator %s is in %q: give the scale that converts it, or map it to another indicator",
				clip(e.From), clip(e.Unit), e.Indicator, unit)
		}
	}
	return c.err()
}

// sameRunDate refuses a date for the run (-published) that differs from the one mapping m states: one of
// the two would win without a word, and the figures would cite a release the steward did not mean.
func sameRunDate(run string, m Mapping) error {
	if run == "" || m.Source.Published == "" || run == m.Source.Published {
		return nil
	}
	return &textError{line: 1, col: 1, field: "published", reason: fmt.Sprintf(
		"the mapping %s gives the publication date %s but -published gives %s: give the date in one place only",
		m.file, m.Source.Published, run)}
}
