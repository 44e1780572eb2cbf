package seed

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// The columns of an observations file; the first four are required.
var observationColumns = []string{"indicator", "year", "value", "source_title",
	"region", "month", "unit", "source_url", "source_publisher", "published", "flag", "note", "quote",
	"source_standing"}

const requiredObservationColumns = 4

var observationFlags = []string{"", "over", "under", "about", "preliminary", "estimate"}

// maxErrors is how many errors of one file are kept: the rest are counted.
const maxErrors = 1000

// maxSources bounds the distinct sources of one file (they are held in memory).
const maxSources = 100_000

// ParseObservations reads and validates a whole observations CSV file in
// memory (UTF-8 text) against the known indicators and regions; the loader
// streams files with observationStream instead. It returns every problem as
// Errors, each with its line and column.
func ParseObservations(name string, data []byte, known db.Known) (*db.ObservationFile, []db.ObservationRow, error) {
	c := &collector{file: name}
	text, err := decodeText(bufio.NewReaderSize(bytes.NewReader(data), sniffSize), UTF8)
	if err != nil {
		return nil, nil, textErrors(name, err)
	}
	p := newObservationParser(c, text, known, DefaultLimits, "")
	var rows []db.ObservationRow
	if p.header() {
		for p.next() {
			rows = append(rows, p.o)
		}
	}
	if err := c.err(); err != nil {
		return nil, nil, err
	}
	if dup := duplicateLines(rows); dup != nil {
		c.add(dup[1], 1, "row", "duplicate of line %d (same indicator, region, year, month and source)", dup[0])
		return nil, nil, c.err()
	}
	return &db.ObservationFile{Name: name, SHA256: checksum(data), Sources: p.sources, Rows: len(rows)}, rows, nil
}

// duplicateLines finds the first row whose key an earlier row has (the
// loader asks the staging table instead: memory does not grow with the file).
func duplicateLines(rows []db.ObservationRow) []int {
	seen := map[rowKey]int{}
	for _, o := range rows {
		k := rowKey{o.Indicator, o.Region, o.Year, o.Month, o.Source}
		if first, ok := seen[k]; ok {
			return []int{first, o.Line}
		}
		seen[k] = o.Line
	}
	return nil
}

// records are the rows of a file: a CSV (csv.Reader) or a sheet (xlsxRecords).
type records interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

// csvRecords reads CSV text with a bound on each record.
func csvRecords(text io.Reader, l Limits) records {
	r := csv.NewReader(&recordLimit{r: text, max: l.maxRecord()})
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return r
}

func newObservationParser(c *collector, text io.Reader, known db.Known, l Limits, published string) *observationParser {
	l = l.orDefault()
	return newRecordParser(c, csvRecords(text, l), known, l, published)
}

func newRecordParser(c *collector, r records, known db.Known, l Limits, published string) *observationParser {
	return &observationParser{c: c, r: r, known: known, limits: l.orDefault(), sourceIdx: map[db.Source]int{}, published: published}
}

type rowKey struct {
	indicator, region string
	year, month       int
	source            int
}

// observationParser reads the rows of an observations CSV one at a time:
// next returns each valid row in o; problems go to c. Its memory is one
// record and the file's distinct sources, whatever the length of the file.
type observationParser struct {
	c           *collector
	r           records
	known       db.Known
	limits      Limits
	col         map[string]int // column name -> index in the header
	width       int
	sources     []db.Source
	sourceIdx   map[db.Source]int // key (title, url, published) -> index in sources
	srcLine     []int             // line where each source's publisher was first given
	o           db.ObservationRow
	stopped     bool
	published   string // for rows that give none (-published)
	undatedOK   bool   // see Input.undatedOK
	dateCells   bool   // a workbook: a published cell may be a date cell (a day number)
	chart       bool   // a chart download (data.csv, data.xlsx): see chartColumns
	headerNames []string
	Skipped     int // rows of a chart download that are not observations
}

// chartColumns are the columns of a chart's download (/indicators/CODE/data.csv
// and data.xlsx, dashboard/export.ChartColumns) beyond the observation ones.
// Its rows of kind actual and vintage that are not derived are the stored
// observations; the others (derived index, trajectories, targets) are skipped.
// It has no quotes, so a row loaded back keeps the stored quote, and its CSV
// text cells carry the spreadsheet guard (a leading ' before = + - @), taken off.
var chartColumns = []string{"series", "kind", "name", "derived", "vintage", "vintages", "target_id", "target_kind",
	"target_document", "target_document_zh", "binding", "base_year", "status", "status_text", "latest_year",
	"observed_rate", "required_rate", "ratio", "still_required", "rates_linear"}

// isChart: the header is a chart download's.
func isChart(rec []string) bool {
	return slices.Contains(rec, "series") && slices.Contains(rec, "derived") && slices.Contains(rec, "vintages") &&
		slices.Contains(rec, "target_kind")
}

// unguard takes off the ' a spreadsheet export puts before a text that a
// spreadsheet would run as a formula.
func unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
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
	p.chart = isChart(rec)
	p.headerNames = slices.Clone(rec)
	if len(rec) > 4*len(observationColumns) {
		p.c.add(1, 1, "header", "%d columns: not an observations file (want %s)", len(rec), strings.Join(observationColumns[:requiredObservationColumns], ", "))
		return false
	}
	p.col = map[string]int{}
	for i, name := range rec {
		line, col := p.r.FieldPos(i)
		switch {
		case p.chart && slices.Contains(chartColumns, name):
			continue // read by chartRow, not an observation column
		case oneOf(name, observationColumns...) != nil:
			p.c.add(line, col, "header", "unknown column %q (known: %s)", clip(name), strings.Join(observationColumns, ", "))
		case p.has(name):
			p.c.add(line, col, "header", "duplicate column %q", clip(name))
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
	if !p.has("published") && p.published == "" {
		p.c.add(1, 1, "header", "%s", errNoDate)
		ok = false
	}
	return ok
}

// errNoDate: the current value of a figure is its latest publication, so a
// figure without a publication date cannot be ranked among its vintages.
const errNoDate = `no publication date: add a "published" column (YYYY, YYYY-MM or YYYY-MM-DD), or give the file's with -published`

func (p *observationParser) has(name string) bool {
	_, ok := p.col[name]
	return ok
}

// parseError records a CSV syntax error, or the one error of a file that
// is not text or breaks a limit (then reading stops).
func (p *observationParser) parseError(err error) {
	var pe *csv.ParseError
	var te *textError
	switch {
	case errors.As(err, &te):
		p.c.add(te.line, te.col, te.fieldName(), "%s", te.reason)
		p.stopped = true
	case errors.As(err, &pe) && pe.Err != nil && !errors.As(pe.Err, &te):
		p.c.add(pe.Line, pe.Column, "row", "%v", pe.Err)
	default:
		p.c.add(1, 1, "file", "%v", err)
		p.stopped = true
	}
}

// next reads up to the next valid row; false at the end of the file, or
// when reading stops (an undecodable byte, a limit, too many errors).
func (p *observationParser) next() bool {
	for !p.stopped {
		if len(p.c.errs) >= maxErrors {
			p.c.add(p.c.errs[len(p.c.errs)-1].Line, 1, "file", "stopped after %d errors", maxErrors)
			p.stopped = true
			break
		}
		rec, err := p.r.Read()
		if errors.Is(err, io.EOF) {
			return false
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
		if p.row(line, rec) {
			return true
		}
	}
	return false
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

// row validates one record into p.o; false when it has errors.
func (p *observationParser) row(line int, rec []string) bool {
	errs := len(p.c.errs)
	for i, v := range rec {
		if err := validText(v, p.limits.MaxField); err != nil {
			l, col := p.r.FieldPos(i)
			p.c.add(l, col, "row", "%v", err)
		}
	}
	if len(p.c.errs) > errs {
		return false
	}
	if p.chart && !p.chartRow(rec) {
		p.Skipped++
		return false
	}
	o := db.ObservationRow{Line: line, KeepQuote: p.chart}
	o.Indicator = p.indicator(rec)
	o.Region = p.region(rec)
	o.Year = p.year(rec)
	o.Month = p.month(rec)
	o.Value = p.value(rec, o.Indicator)
	if n, ok := p.r.(interface{ Numeric(int) bool }); ok {
		o.ByNumber = n.Numeric(p.col["value"])
	}
	o.Flag = p.flag(rec)
	p.standing(rec)
	o.Note = p.cell(rec, "note").value
	o.Quote = p.cell(rec, "quote").value
	o.Source = p.source(rec, line)
	if len(p.c.errs) > errs {
		return false
	}
	p.o = o
	return true
}

// chartRow: a row of a chart download is a stored observation (kind actual or
// vintage, not derived); its guarded text cells are taken back as written.
func (p *observationParser) chartRow(rec []string) bool {
	kind, derived := p.raw(rec, "kind"), p.raw(rec, "derived")
	if (kind != "actual" && kind != "vintage") || derived == "true" || derived == "TRUE" {
		return false
	}
	for _, name := range []string{"source_title", "source_publisher", "note", "flag"} {
		if i, ok := p.col[name]; ok {
			rec[i] = unguard(rec[i])
		}
	}
	return true
}

// raw is the cell of a column of the header, known or not.
func (p *observationParser) raw(rec []string, name string) string {
	if i := slices.Index(p.headerNames, name); i >= 0 && i < len(rec) {
		return rec[i]
	}
	return ""
}

func (p *observationParser) indicator(rec []string) string {
	c := p.cell(rec, "indicator")
	unit, ok := p.known.Units[c.value]
	switch {
	case c.value == "":
		p.fail(c, errors.New("empty, want an indicator code"))
	case !ok:
		p.c.add(c.line, c.col, c.name, "unknown indicator %q", clip(c.value))
	default:
		if u := p.cell(rec, "unit"); u.value != "" && u.value != unit && !(p.chart && u.value == p.known.UnitsZH[c.value]) {
			p.c.add(u.line, u.col, u.name, "%q does not match the unit %q of indicator %q", clip(u.value), unit, c.value)
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
		p.c.add(c.line, c.col, c.name, "unknown region %q (want CN or CN-XX, ISO 3166-2:CN)", clip(c.value))
	}
	return c.value
}

func (p *observationParser) year(rec []string) int {
	c := p.cell(rec, "year")
	y, err := parseYear(c.value)
	if err != nil {
		p.fail(c, err)
	}
	return y
}

func (p *observationParser) month(rec []string) int {
	c := p.cell(rec, "month")
	m, err := parseMonth(c.value)
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
		if err := inUnitRange(c.value, unit); err != nil {
			p.fail(c, err)
		} else if r, ok := p.known.Ranges[indicator]; ok {
			if err := inRange(c.value, r); err != nil {
				p.fail(c, fmt.Errorf("%w of indicator %s (catalogue)", err, indicator))
			}
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

// standing checks the source_standing cell that exports write: one of record.SourceStandings, or empty. It is
// not loaded: seed derives each source's standing from its URL and the catalogue (db.SeedTx), so the column
// only lets an exported file load back.
func (p *observationParser) standing(rec []string) {
	c := p.cell(rec, "source_standing")
	if err := oneOf(c.value, append([]string{""}, record.SourceStandings()...)...); err != nil {
		p.fail(c, err)
	}
}

// source finds or adds the row's source; a publisher given twice must agree.
func (p *observationParser) source(rec []string, line int) int {
	title, u, pub := p.cell(rec, "source_title"), p.cell(rec, "source_url"), p.cell(rec, "published")
	publisher := p.cell(rec, "source_publisher")
	if title.value == "" {
		p.fail(title, errors.New("empty, want the title of the source"))
	}
	if err := validURL(u.value); err != nil {
		p.fail(u, err)
	}
	if pub.value == "" && p.published != "" {
		pub.value = p.published
	}
	if d, ok := excelDate(pub.value); ok && p.dateCells {
		pub.value = d
	}
	if pub.value == "" && !p.undatedOK {
		p.fail(pub, errors.New(errNoDate))
	} else if err := checkPublished(pub.value); err != nil {
		p.fail(pub, err)
	}
	if err := sourceKeyLength(title.value, u.value); err != nil {
		p.fail(title, err)
	}
	key := db.Source{Title: title.value, URL: u.value, Published: pub.value}
	i, ok := p.sourceIdx[key]
	if !ok {
		if len(p.sources) == maxSources {
			p.c.add(line, title.col, title.name, "more than %d distinct sources in one file", maxSources)
			p.stopped = true
			return 0
		}
		i = len(p.sources)
		p.sourceIdx[key] = i
		key.Publisher = publisher.value
		p.sources = append(p.sources, key)
		p.srcLine = append(p.srcLine, line)
		return i
	}
	switch known := &p.sources[i]; {
	case publisher.value == "" || publisher.value == known.Publisher:
	case known.Publisher == "":
		known.Publisher = publisher.value
		p.srcLine[i] = line
	default:
		p.c.add(publisher.line, publisher.col, publisher.name, "%q differs from %q given on line %d for the same source",
			clip(publisher.value), clip(known.Publisher), p.srcLine[i])
	}
	return i
}
