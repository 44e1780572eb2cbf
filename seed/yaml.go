package seed

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// scalar keeps a YAML value as its node: its text, not what yaml.v3 would make
// of it (yaml.v3 reads 010 as 8), and its position for error messages.
type scalar struct{ node *yaml.Node }

func (s *scalar) UnmarshalYAML(n *yaml.Node) error {
	s.node = n
	return nil
}

// The catalogue file as yaml.v3 decodes it with KnownFields(true).
type yamlCatalogue struct {
	Sources     []yamlSource     `yaml:"sources"`
	Indicators  []yamlIndicator  `yaml:"indicators"`
	Targets     []yamlTarget     `yaml:"targets"`
	Events      []yamlEvent      `yaml:"events"`
	Assessments []yamlAssessment `yaml:"assessments"`
}

type yamlSource struct {
	Title     scalar `yaml:"title"`
	Publisher scalar `yaml:"publisher"`
	URL       scalar `yaml:"url"`
	Published scalar `yaml:"published"`
	// Standing overrides the standing StandingOf derives from the URL (record.SourceStandings).
	Standing scalar `yaml:"standing"`
}

type yamlIndicator struct {
	Code         scalar `yaml:"code"`
	NameEN       scalar `yaml:"name_en"`
	NameZH       scalar `yaml:"name_zh"`
	Unit         scalar `yaml:"unit"`
	UnitZH       scalar `yaml:"unit_zh"`
	Direction    scalar `yaml:"direction"`
	Category     scalar `yaml:"category"`
	DefinitionEN scalar `yaml:"definition_en"`
	DefinitionZH scalar `yaml:"definition_zh"`
	Precision    scalar `yaml:"precision"`
	Measure      scalar `yaml:"measure"`
	BreakYear    scalar `yaml:"break_year"`
	BreakNoteEN  scalar `yaml:"break_note_en"`
	BreakNoteZH  scalar `yaml:"break_note_zh"`
	Range        scalar `yaml:"range"` // [min, max]: a value outside is refused as implausible
}

type yamlTarget struct {
	Indicator   scalar `yaml:"indicator"`
	Year        scalar `yaml:"year"`
	Value       scalar `yaml:"value"`
	Kind        scalar `yaml:"kind"`
	BaseYear    scalar `yaml:"base_year"`
	Document    scalar `yaml:"document"`
	DocumentZH  scalar `yaml:"document_zh"`
	Region      scalar `yaml:"region"`
	Binding     scalar `yaml:"binding"`
	Plan        scalar `yaml:"plan"`
	Issuer      scalar `yaml:"issuer"`
	Issued      scalar `yaml:"issued"`
	Flag        scalar `yaml:"flag"`
	Note        scalar `yaml:"note"`
	Quote       scalar `yaml:"quote"`
	SourceTitle scalar `yaml:"source_title"`
	SourceURL   scalar `yaml:"source_url"`
	Published   scalar `yaml:"published"`
}

type yamlEvent struct {
	Date        scalar `yaml:"date"`
	TitleEN     scalar `yaml:"title_en"`
	TitleZH     scalar `yaml:"title_zh"`
	Issuer      scalar `yaml:"issuer"`
	Indicator   scalar `yaml:"indicator"`
	SourceTitle scalar `yaml:"source_title"`
	SourceURL   scalar `yaml:"source_url"`
	Published   scalar `yaml:"published"`
}

type yamlAssessment struct {
	Code        scalar            `yaml:"code"`
	Indicator   scalar            `yaml:"indicator"`
	Period      scalar            `yaml:"period"`
	NameEN      scalar            `yaml:"name_en"`
	NameZH      scalar            `yaml:"name_zh"`
	Document    scalar            `yaml:"document"`
	DocumentZH  scalar            `yaml:"document_zh"`
	Issuer      scalar            `yaml:"issuer"`
	Issued      scalar            `yaml:"issued"`
	Note        scalar            `yaml:"note"`
	SourceTitle scalar            `yaml:"source_title"`
	SourceURL   scalar            `yaml:"source_url"`
	Published   scalar            `yaml:"published"`
	Ratings     []yamlRatingGroup `yaml:"ratings"`
}

// yamlRatingGroup is one line of an assessment as its document prints it: a rating and the regions given it.
type yamlRatingGroup struct {
	Rating  scalar   `yaml:"rating"`
	Regions []scalar `yaml:"regions"`
	Quote   scalar   `yaml:"quote"`
}

// decodeYAML decodes data strictly (unknown keys are errors) and also returns
// the node tree, whose positions the errors and the checks need.
func decodeYAML(c *collector, data []byte) (*yamlCatalogue, *yaml.Node, bool) {
	var tree yaml.Node
	if err := yaml.Unmarshal(data, &tree); err != nil {
		c.add(yamlErrorLine(err.Error()), 1, "yaml", "%s", yamlReason(err.Error()))
		return nil, nil, false
	}
	var cat yamlCatalogue
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(&cat)
	var te *yaml.TypeError
	switch {
	case errors.Is(err, io.EOF):
		return &cat, &tree, true // an empty file: nothing to load
	case errors.As(err, &te):
		for _, msg := range te.Errors {
			typeError(c, &tree, msg)
		}
	case err != nil:
		c.add(yamlErrorLine(err.Error()), 1, "yaml", "%s", yamlReason(err.Error()))
		return nil, nil, false
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		c.add(more.Line, more.Column, "yaml", "a second YAML document: want one")
	}
	return &cat, &tree, true
}

var (
	lineRE       = regexp.MustCompile(`line (\d+)`)
	linePrefixRE = regexp.MustCompile(`^line \d+: `)
	notFoundRE   = regexp.MustCompile(`^line (\d+): field (.*) not found in type seed\.yaml(\w+)$`)
	intoRE       = regexp.MustCompile(`(?s)^line (\d+): cannot unmarshal (!!\w+)(?: .*)? into (.*)$`)
	definedRE    = regexp.MustCompile(`^line (\d+): mapping key "(.*)" already defined at line (\d+)$`)
)

// yamlReason is a yaml.v3 message without its prefix and line.
func yamlReason(msg string) string {
	return linePrefixRE.ReplaceAllString(strings.TrimPrefix(msg, "yaml: "), "")
}

func yamlErrorLine(msg string) int {
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// typeError turns a yaml.v3 decoding error into an Error with a column.
func typeError(c *collector, tree *yaml.Node, msg string) {
	line := yamlErrorLine(msg)
	if m := notFoundRE.FindStringSubmatch(msg); m != nil {
		c.add(line, keyColumn(tree, line, m[2]), "key", "unknown key %q in %s (known: %s)",
			m[2], strings.ToLower(m[3]), strings.Join(knownKeys(m[3]), ", "))
		return
	}
	if m := definedRE.FindStringSubmatch(msg); m != nil {
		c.add(line, keyColumn(tree, line, m[2]), "key", "duplicate key %q, already given on line %s", m[2], m[3])
		return
	}
	if m := intoRE.FindStringSubmatch(msg); m != nil {
		want := "a mapping"
		if strings.HasPrefix(m[3], "[]") {
			want = "a list"
		}
		c.add(line, nodeColumn(tree, line), "yaml", "want %s, not %s", want, kindName(m[2]))
		return
	}
	c.add(line, nodeColumn(tree, line), "yaml", "%s", yamlReason(msg))
}

func kindName(tag string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a mapping"
	}
	return "a single value"
}

func knownKeys(typ string) []string {
	keys := map[string][]string{
		"Catalogue": {"sources", "indicators", "targets", "events", "assessments"},
		"Source":    {"title", "publisher", "url", "published", "standing"},
		"Indicator": {"code", "name_en", "name_zh", "unit", "unit_zh", "direction", "category", "definition_en",
			"definition_zh", "precision", "measure", "break_year", "break_note_en", "break_note_zh"},
		"Target": {"indicator", "year", "value", "kind", "base_year", "document", "document_zh", "region", "binding", "plan",
			"issuer", "issued", "flag", "note", "quote", "source_title", "source_url", "published"},
		"Assessment": {"code", "indicator", "period", "name_en", "name_zh", "document", "document_zh", "issuer",
			"issued", "note", "source_title", "source_url", "published", "ratings"},
		"RatingGroup": {"rating", "regions", "quote"},
		"Event":       {"date", "title_en", "title_zh", "issuer", "indicator", "source_title", "source_url", "published"},
	}
	return keys[typ]
}

// keyColumn finds the column of mapping key name on line.
func keyColumn(n *yaml.Node, line int, name string) int {
	if n == nil {
		return 1
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Line == line && k.Value == name {
				return k.Column
			}
		}
	}
	for _, child := range n.Content {
		if col := keyColumn(child, line, name); col > 1 {
			return col
		}
	}
	return 1
}

// nodeColumn finds the column of the first node on line.
func nodeColumn(n *yaml.Node, line int) int {
	if n == nil {
		return 1
	}
	if n.Line == line && n.Kind != yaml.DocumentNode {
		return n.Column
	}
	for _, child := range n.Content {
		if col := nodeColumn(child, line); col > 1 {
			return col
		}
	}
	return 1
}

// section returns the items of a top-level list, nil when it is missing or not a list.
func section(tree *yaml.Node, name string) []*yaml.Node {
	if tree == nil || len(tree.Content) == 0 || tree.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	root := tree.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == name && root.Content[i+1].Kind == yaml.SequenceNode {
			return root.Content[i+1].Content
		}
	}
	return nil
}
