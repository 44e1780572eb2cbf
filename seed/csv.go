package seed

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
)

// The columns of an observations file; the first four are required.
var observationColumns = []string{"indicator", "year", "value", "source_title",
	"region", "month", "unit", "source_url", "source_publisher", "published", "flag", "note", "quote"}

const requiredObservationColumns = 4

var observationFlags = []string{"", "over", "under", "about", "preliminary", "estimate"}

// ParseObservations reads and validates a whole observations CSV file (UTF-8
// text, see Decode) against the known indicators and regions. It returns every
// problem as Errors, each with its line and column.
func ParseObservations(name string, data []byte, known db.Known) (*db.ObservationFile, error) {
	c := &collector{file: name}
	text, ok := checkText(c, data)
	if !ok {
		return nil, c.err()
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	lines := bytes.Count(text, []byte{'\n'}) // about the rows: size once, not grow a million-row file
	p := &observationParser{c: c, r: r, known: known,
		f:       &db.ObservationFile{Name: name, SHA256: checksum(data), Rows: make([]db.ObservationRow, 0, lines)},
		sources: map[db.Source]int{}, keys: make(map[rowKey]int, lines)}
	if !p.header() {
		return nil, c.err()
	}
	p.rows()
	if err := c.err(); err != nil {
		return nil, err
	}
	return p.f, nil
}

type rowKey struct {
	indicator, region string
	year, month       int
	source            int
}

type observationParser struct {
	c       *collector
	r       *csv.Reader
	known   db.Known
	f       *db.ObservationFile
	col     map[string]int // column name -> index in the header
	width   int
	sources map[db.Source]int // key (title, url, published) -> index in f.Sources
	srcLine []int             // line where each source's publisher was first given
	keys    map[rowKey]int    // row key -> line
}

// header reads the header; false when rows cannot be read.
func (p *observationParser) header() bool {
	rec, err := p.r.Read()
	if errors.Is(err, io.EOF) {
		p.c.add(1, 1, "header", "empty file: want a header with %s", strings.Join(observationColumns[:requiredObservationColumns], ", "))
		return false
	}
	if err != nil {
		p.parseError(err)
		return false
	}
	p.width = len(rec)
	p.col = map[string]int{}
	for i, name := range rec {
		line, col := p.r.FieldPos(i)
		switch {
		case oneOf(name, observationColumns...) != nil:
			p.c.add(line, col, "header", "unknown column %q (known: %s)", name, strings.Join(observationColumns, ", "))
		case p.has(name):
			p.c.add(line, col, "header", "duplicate column %q", name)
		default:
			p.col[name] = i
		}
	}
	ok := len(p.c.errs) == 0
	for _, name := range observationColumns[:requiredObservationColumns] {
		if !p.has(name) {
			p.c.add(1, 1, "header", "missing required column %q", name)
			ok = false
		}
	}
	return ok
}

func (p *observationParser) has(name string) bool {
	_, ok := p.col[name]
	return ok
}

func (p *observationParser) parseError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		p.c.add(pe.Line, pe.Column, "row", "%v", pe.Err)
		return
	}
	p.c.add(1, 1, "row", "%v", err)
}

func (p *observationParser) rows() {
	for {
		rec, err := p.r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			p.parseError(err)
			continue
		}
		line, _ := p.r.FieldPos(0)
		if len(rec) != p.width {
			_, col := p.r.FieldPos(min(len(rec)-1, p.width)) // the first extra or the last field
			p.c.add(line, col, "row", "%d fields, the header has %d", len(rec), p.width)
			continue
		}
		p.row(line, rec)
	}
}

// cell is one field of the current row with its position.
type cell struct {
	name, value string
	line, col   int
}

func (p *observationParser) cell(rec []string, name string) cell {
	i, ok := p.col[name]
	if !ok {
		return cell{name: name}
	}
	line, col := p.r.FieldPos(i)
	return cell{name: name, value: rec[i], line: line, col: col}
}

func (p *observationParser) fail(c cell, err error) {
	p.c.add(c.line, c.col, c.name, "%v", err)
}

func (p *observationParser) row(line int, rec []string) {
	errs := len(p.c.errs)
	for i, v := range rec {
		if err := text(v); err != nil {
			l, col := p.r.FieldPos(i)
			p.c.add(l, col, "row", "%v", err)
		}
	}
	o := db.ObservationRow{Line: line}
	o.Indicator = p.indicator(rec)
	o.Region = p.region(rec)
	o.Year = p.year(rec)
	o.Month = p.month(rec)
	o.Value = p.value(rec, o.Indicator)
	o.Flag = p.flag(rec)
	o.Note = p.cell(rec, "note").value
	o.Quote = p.cell(rec, "quote").value
	o.Source = p.source(rec, line)
	if len(p.c.errs) > errs {
		return
	}
	key := rowKey{o.Indicator, o.Region, o.Year, o.Month, o.Source}
	if first, dup := p.keys[key]; dup {
		p.c.add(line, 1, "row", "duplicate of line %d (same indicator, region, year, month and source)", first)
		return
	}
	p.keys[key] = line
	p.f.Rows = append(p.f.Rows, o)
}

func (p *observationParser) indicator(rec []string) string {
	c := p.cell(rec, "indicator")
	unit, ok := p.known.Units[c.value]
	switch {
	case c.value == "":
		p.fail(c, errors.New("empty, want an indicator code"))
	case !ok:
		p.c.add(c.line, c.col, c.name, "unknown indicator %q", c.value)
	default:
		if u := p.cell(rec, "unit"); u.value != "" && u.value != unit {
			p.c.add(u.line, u.col, u.name, "%q does not match the unit %q of indicator %q", u.value, unit, c.value)
		}
	}
	return c.value
}

func (p *observationParser) region(rec []string) string {
	c := p.cell(rec, "region")
	if c.value == "" {
		return "CN"
	}
	if !p.known.Regions[c.value] {
		p.c.add(c.line, c.col, c.name, "unknown region %q (want CN or CN-XX, ISO 3166-2:CN)", c.value)
	}
	return c.value
}

func (p *observationParser) year(rec []string) int {
	c := p.cell(rec, "year")
	y, err := year(c.value)
	if err != nil {
		p.fail(c, err)
	}
	return y
}

func (p *observationParser) month(rec []string) int {
	c := p.cell(rec, "month")
	m, err := month(c.value)
	if err != nil {
		p.fail(c, err)
	}
	return m
}

func (p *observationParser) value(rec []string, indicator string) string {
	c := p.cell(rec, "value")
	if err := decimal(c.value); err != nil {
		p.fail(c, err)
		return c.value
	}
	if unit, ok := p.known.Units[indicator]; ok {
		if err := share(c.value, unit); err != nil {
			p.fail(c, err)
		}
	}
	return c.value
}

func (p *observationParser) flag(rec []string) string {
	c := p.cell(rec, "flag")
	if err := oneOf(c.value, observationFlags...); err != nil {
		p.fail(c, err)
	}
	return c.value
}

// source finds or adds the row's source; a publisher given twice must agree.
func (p *observationParser) source(rec []string, line int) int {
	title, u, pub := p.cell(rec, "source_title"), p.cell(rec, "source_url"), p.cell(rec, "published")
	publisher := p.cell(rec, "source_publisher")
	if title.value == "" {
		p.fail(title, errors.New("empty, want the title of the source"))
	}
	if err := url(u.value); err != nil {
		p.fail(u, err)
	}
	if err := published(pub.value); err != nil {
		p.fail(pub, err)
	}
	key := db.Source{Title: title.value, URL: u.value, Published: pub.value}
	i, ok := p.sources[key]
	if !ok {
		i = len(p.f.Sources)
		p.sources[key] = i
		key.Publisher = publisher.value
		p.f.Sources = append(p.f.Sources, key)
		p.srcLine = append(p.srcLine, line)
		return i
	}
	switch known := &p.f.Sources[i]; {
	case publisher.value == "" || publisher.value == known.Publisher:
	case known.Publisher == "":
		known.Publisher = publisher.value
		p.srcLine[i] = line
	default:
		p.c.add(publisher.line, publisher.col, publisher.name, "%q differs from %q given on line %d for the same source",
			publisher.value, known.Publisher, p.srcLine[i])
	}
	return i
}
