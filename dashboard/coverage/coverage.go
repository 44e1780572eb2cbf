// Package coverage reports which years of each indicator a region's data covers, and on what standing of
// source each current figure rests (record.SourceStandings). It is pure: `dualcarbon coverage` feeds it the
// database's observations, docs/data.md keeps its output, and a test keeps the two equal.
package coverage

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// Letters mark each standing in the table, best first as record.SourceStandings orders them; "?" marks a
// source not assessed yet (a database seeded before standings were stored).
var letters = map[string]string{
	record.StandingPublisher:     "P",
	record.StandingOfficialMedia: "O",
	record.StandingOtherMedia:    "M",
	record.StandingRepost:        "R",
	record.StandingEstimate:      "E",
	"":                           "?",
}

var names = map[string]string{
	record.StandingPublisher:     "the publisher's own site",
	record.StandingOfficialMedia: "official media (Xinhua, People's Daily, China Daily, CCTV/CGTN, CNS, gov.cn)",
	record.StandingOtherMedia:    "other media",
	record.StandingRepost:        "a repost or aggregator",
	record.StandingEstimate:      "a secondary estimate",
	"":                           "not assessed",
}

// Report is the coverage of one region: per indicator, the standing of the current figure of each year.
type Report struct {
	Region     string
	First      int
	Last       int
	Indicators []string                  // in the order given
	Cells      map[string]map[int]string // indicator -> year -> standing of the current yearly figure
	Counts     map[string]int            // standing -> current yearly figures resting on it
	Vintages   int                       // yearly figures, every vintage
	Reposts    map[string][]string       // indicator -> "year host" of each current figure on a repost
}

// Of builds the report of region from observations (any order, every vintage; other regions and monthly
// values are skipped) for the indicators, in their order; indicators without a figure get an empty row.
func Of(region string, indicators []string, observations []record.Observation) Report {
	r := Report{Region: region, Indicators: indicators, Cells: map[string]map[int]string{}, Counts: map[string]int{},
		Reposts: map[string][]string{}}
	for _, o := range observations {
		if o.Region != region || o.Month != 0 {
			continue
		}
		r.Vintages++
		if o.Vintage != o.Vintages {
			continue
		}
		if r.Cells[o.Indicator] == nil {
			r.Cells[o.Indicator] = map[int]string{}
		}
		r.Cells[o.Indicator][o.Year] = o.Source.Standing
		r.Counts[o.Source.Standing]++
		if o.Source.Standing == record.StandingRepost {
			r.Reposts[o.Indicator] = append(r.Reposts[o.Indicator], fmt.Sprintf("%d %s", o.Year, host(o.Source.URL)))
		}
		if r.First == 0 || o.Year < r.First {
			r.First = o.Year
		}
		if o.Year > r.Last {
			r.Last = o.Year
		}
	}
	return r
}

// Current is the number of current yearly figures.
func (r Report) Current() int {
	n := 0
	for _, c := range r.Counts {
		n += c
	}
	return n
}

// WriteMarkdown writes the report as docs/data.md keeps it: the counts by standing, the legend, then one row
// per indicator and one column per year (a letter per current figure, blank where there is none).
func (r Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Region %s: %d current yearly figures (%d with every vintage), by the standing of their source:\n\n",
		r.Region, r.Current(), r.Vintages)
	b.WriteString("| standing | letter | current figures |\n|---|---|---|\n")
	for _, s := range append(record.SourceStandings(), "") {
		if s == "" && r.Counts[""] == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %d |\n", names[s], letters[s], r.Counts[s])
	}
	b.WriteString("\n| indicator | years |")
	for y := r.First; y <= r.Last && r.First != 0; y++ {
		fmt.Fprintf(&b, " %02d |", y%100)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", r.span()) + "\n")
	for _, code := range r.Indicators {
		cells := r.Cells[code]
		fmt.Fprintf(&b, "| %s | %d |", code, len(cells))
		for y := r.First; y <= r.Last && r.First != 0; y++ {
			if s, ok := cells[y]; ok {
				b.WriteString(" " + letters[s] + " |")
			} else {
				b.WriteString("  |")
			}
		}
		b.WriteString("\n")
	}
	r.writeReposts(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeReposts lists the current figures that rest on a repost or aggregator, by indicator and year, with the
// site (or "no URL").
func (r Report) writeReposts(b *strings.Builder) {
	if len(r.Reposts) == 0 {
		return
	}
	b.WriteString("\nCurrent figures on a repost or aggregator (R), by indicator: year and site.\n\n")
	for _, code := range r.Indicators {
		list := slices.Clone(r.Reposts[code])
		if len(list) == 0 {
			continue
		}
		slices.Sort(list)
		fmt.Fprintf(b, "- %s: %s\n", code, strings.Join(list, ", "))
	}
}

// host is the site of a source's URL without "www." and "m.", or "no URL".
func host(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return "no URL"
	}
	h := strings.ToLower(u.Hostname())
	for _, p := range []string{"www.", "m."} {
		h = strings.TrimPrefix(h, p)
	}
	return h
}

func (r Report) span() int {
	if r.First == 0 {
		return 0
	}
	return r.Last - r.First + 1
}
