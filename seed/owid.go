package seed

import (
	"fmt"
	"slices"
	"strings"
)

// Our World in Data's dataset CSVs (owid-energy-data.csv, owid-co2-data.csv):
// country, year and iso_code (in that order since 2021; the first releases of
// 2020 began iso_code,country,year), then one column per variable, a row per
// country and year. China's rows (iso_code CHN) are region CN; each mapped
// column with a value is an observation, the unmapped columns are skipped and
// counted.

// owidKeys are the places of the country, year and iso_code columns when the
// header's first three are those, in any order.
type owidKeys struct{ country, year, iso int }

func owidKeysOf(header []string) (owidKeys, bool) {
	k := owidKeys{-1, -1, -1}
	if len(header) <= 3 {
		return k, false
	}
	for i, h := range header[:3] {
		switch h {
		case "country":
			k.country = i
		case "year":
			k.year = i
		case "iso_code":
			k.iso = i
		}
	}
	return k, k.country >= 0 && k.year >= 0 && k.iso >= 0
}

// isOWID: the header is an OWID dataset's.
func isOWID(header []string) bool {
	_, ok := owidKeysOf(header)
	return ok
}

// owidRecords turns the rows of an OWID file into records in the columns of
// an observations file, each field placed at the cell it comes from.
type owidRecords struct {
	r         records
	header    []string
	cols      []owidColumn
	source    MappingSource
	published string
	pending   [][]string
	pos       [][2]int // line and column of the value of each pending record
	cur       [2]int
	keys      owidKeys
	yearCol   int
	started   bool
	Unmapped  []string
}

type owidColumn struct {
	index int
	entry MapEntry
}

var owidFields = []string{"indicator", "region", "year", "value", "unit", "source_title", "source_publisher",
	"source_url", "published", "note"}

// newOWID maps the columns of header by the first mapping that has them.
func newOWID(r records, header []string, maps []Mapping, units map[string]string, published string) (*owidRecords, error) {
	keys, _ := owidKeysOf(header)
	o := &owidRecords{r: r, header: header, published: published, keys: keys}
	mapped := map[string]bool{}
	for _, m := range maps {
		builtin := strings.HasPrefix(m.file, "builtin:")
		used := Mapping{file: m.file}
		for _, e := range m.Map {
			i := slices.Index(header, e.From)
			if i < 3 || mapped[e.From] {
				continue
			}
			if _, known := units[e.Indicator]; builtin && !known {
				continue // a built-in entry for an indicator this database's catalogue lacks
			}
			used.Map = append(used.Map, e)
			if err := checkUnits(used, units); err != nil {
				return nil, err
			}
			if len(o.cols) == 0 {
				if err := sameRunDate(published, m); err != nil {
					return nil, err
				}
				o.source = m.Source
			} else if m.Source != o.source {
				continue // one source per file: the first mapping's
			}
			mapped[e.From] = true
			o.cols = append(o.cols, owidColumn{i, e})
		}
	}
	for _, h := range header[3:] {
		if !mapped[h] {
			o.Unmapped = append(o.Unmapped, h)
		}
	}
	if len(o.cols) == 0 {
		return nil, &textError{line: 1, col: 1, field: "header", reason: fmt.Sprintf(
			"an Our World in Data file, but no mapping covers any of its %d columns (%s): add entries such as %s to a -map file",
			len(o.Unmapped), clip(strings.Join(o.Unmapped, ", ")), suggest(o.Unmapped))}
	}
	if o.source.Published == "" && published == "" {
		return nil, &textError{line: 1, col: 1, field: "published", reason: "an Our World in Data file carries no publication date: " +
			"give the release's with -published YYYY-MM-DD (or published: in the mapping)"}
	}
	if o.source.Published != "" {
		o.published = o.source.Published
	}
	return o, nil
}

// suggest is mapping lines for the first unmapped columns.
func suggest(names []string) string {
	var lines []string
	for _, n := range names[:min(len(names), 3)] {
		lines = append(lines, fmt.Sprintf(`"- {from: %s, indicator: CODE, unit: UNIT}"`, clip(n)))
	}
	return strings.Join(lines, ", ")
}

// Read returns the header of an observations file first, then a record per
// mapped value of China's rows.
func (o *owidRecords) Read() ([]string, error) {
	if !o.started {
		o.started = true
		o.cur = [2]int{1, 1}
		return owidFields, nil
	}
	for len(o.pending) == 0 {
		rec, err := o.r.Read()
		if err != nil {
			return nil, err
		}
		if rec[o.keys.iso] != "CHN" {
			continue
		}
		for _, c := range o.cols {
			if c.index >= len(rec) || rec[c.index] == "" {
				continue
			}
			line, col := o.r.FieldPos(c.index)
			o.pending = append(o.pending, []string{c.entry.Indicator, "CN", rec[o.keys.year], scaled(rec[c.index], c.entry.Scale), "",
				o.source.Title, o.source.Publisher, o.source.URL, o.published, c.entry.Note})
			o.pos = append(o.pos, [2]int{line, col})
		}
		_, o.yearCol = o.r.FieldPos(o.keys.year)
	}
	rec := o.pending[0]
	o.cur = o.pos[0]
	o.pending, o.pos = o.pending[1:], o.pos[1:]
	return rec, nil
}

// FieldPos places the year at the row's year cell and the rest at the value's cell.
func (o *owidRecords) FieldPos(i int) (int, int) {
	if i == 2 && o.cur[0] > 1 {
		return o.cur[0], o.yearCol
	}
	return o.cur[0], o.cur[1]
}
