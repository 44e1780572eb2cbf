package seed

import (
	"errors"
	"fmt"
	"regexp"

	"gopkg.in/yaml.v3"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

var (
	periodRE = regexp.MustCompile(`^\d{4}(H[12]|Q[1-4])?$`)
	colours  = record.RatingColours()
)

// assessmentsOf reads the assessments (migrations/0010): each with its document and source, and its ratings
// as the document prints them, one line per colour. A region rated twice in one assessment is an error.
func (p *catalogueParser) assessmentsOf(decoded []yamlAssessment, nodes []*yaml.Node) {
	seen := map[string]int{}
	entries(p, decoded, nodes, func(it item, y *yamlAssessment) {
		errs := len(p.c.errs)
		a := db.Assessment{
			Code: it.check(y.Code, "code", true, func(v string) error {
				if !codeRE.MatchString(v) {
					return fmt.Errorf("bad code %q: want a-z, 0-9 and _, starting with a letter", v)
				}
				return nil
			}),
			Indicator: it.indicator(y.Indicator, "indicator", false),
			Period: it.check(y.Period, "period", true, func(v string) error {
				if !periodRE.MatchString(v) {
					return fmt.Errorf("bad period %q: want YYYY, YYYYH1-2 or YYYYQ1-4", v)
				}
				_, err := parseYear(v[:4]) // within the schema's years
				return err
			}),
			NameEN:     it.text(y.NameEN, "name_en", true),
			NameZH:     it.text(y.NameZH, "name_zh", true),
			Document:   it.text(y.Document, "document", true),
			DocumentZH: it.text(y.DocumentZH, "document_zh", false),
			Issuer:     it.text(y.Issuer, "issuer", false),
			Issued:     it.check(y.Issued, "issued", false, checkPublished),
			Note:       it.text(y.Note, "note", false),
		}
		a.Source, _ = it.source(y.SourceTitle, y.SourceURL, y.Published, a.Document)
		a.Ratings = it.ratings(y.Ratings)
		if len(p.c.errs) > errs || it.duplicate(seen, a.Code, "assessment") {
			return
		}
		p.f.Assessments = append(p.f.Assessments, a)
	})
}

// ratings reads the lines of an assessment; every region once.
func (it item) ratings(groups []yamlRatingGroup) []db.Rating {
	if len(groups) == 0 {
		it.p.c.add(it.node.Line, it.node.Column, "ratings", "missing: want the rated regions")
		return nil
	}
	var out []db.Rating
	rated := map[string]int{} // region -> line
	for _, g := range groups {
		gi := item{p: it.p, node: it.node}
		if g.Rating.node != nil {
			gi.node = g.Rating.node
		}
		colour := gi.enum(g.Rating, "rating", true, "", colours...)
		quote := gi.text(g.Quote, "quote", false)
		if len(g.Regions) == 0 {
			gi.fail(g.Rating, "regions", errors.New("missing: want the regions given this rating"))
		}
		for _, r := range g.Regions {
			code := gi.check(r, "regions", true, func(v string) error {
				if !it.p.known.Regions[v] || v == "CN" {
					return fmt.Errorf("unknown province %q (want CN-XX, ISO 3166-2:CN)", v)
				}
				return nil
			})
			if code == "" {
				continue
			}
			if line, dup := rated[code]; dup {
				gi.fail(r, "regions", fmt.Errorf("%s is rated already on line %d", code, line))
				continue
			}
			rated[code] = r.node.Line
			out = append(out, db.Rating{Region: code, Rating: colour, Quote: quote})
		}
	}
	return out
}
