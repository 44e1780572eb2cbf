package seed

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The World Bank's World Development Indicators CSVs: the API download of
// one indicator (API_EG.FEC.RNEW.ZS_DS2_en_csv_v2_….csv: the lines "Data
// Source","World Development Indicators" and "Last Updated Date","2025-…"
// before the table) and the bulk download's table of many (WDICSV.csv,
// Data.csv), both with the header Country Name,Country Code,Indicator
// Name,Indicator Code,1960,… and a row per country and indicator. China's
// rows (CHN) are region CN; a mapping names the indicator of each WDI
// indicator code; the other indicators are skipped and counted.

// isWDI: the first line is a WDI download's metadata or its table's header.
func isWDI(first []string) bool {
	c := strings.TrimPrefix(strings.TrimSpace(first[0]), "\ufeff")
	return c == "Data Source" || (c == "Country Name" && len(first) > 4 && first[1] == "Country Code")
}

var wdiYearRE = regexp.MustCompile(`^(\d{4})(?: \[YR\d{4}\])?$`)

type wdiRecords struct {
	r         records
	maps      []Mapping
	units     map[string]string
	years     []string // by column; "" where the column is not a year
	source    MappingSource
	fileTitle string
	published string
	pending   [][]string
	pos       [][2]int
	cur       [2]int
	started   bool
	mapped    map[string]bool
	Unmapped  []string // indicator codes of China's rows that no mapping covers
	names     map[string]string
}

// newWDI reads the metadata lines and the header.
func newWDI(r records, first []string, maps []Mapping, units map[string]string, published string) (*wdiRecords, error) {
	w := &wdiRecords{r: r, maps: maps, units: units, published: published, mapped: map[string]bool{}, names: map[string]string{}}
	var fileDate wdiDate
	rec := first
	for {
		key := strings.TrimPrefix(strings.TrimSpace(rec[0]), "\ufeff")
		switch {
		case key == "Country Name" && len(rec) > 4:
			return w, w.header(rec, fileDate)
		case key == "Data Source" && len(rec) > 1:
			w.fileTitle = strings.TrimSpace(rec[1])
		case key == "Last Updated Date" && len(rec) > 1:
			fileDate.value = strings.TrimSpace(rec[1])
			fileDate.line, fileDate.col = r.FieldPos(1)
			if err := checkPublished(fileDate.value); err != nil {
				return nil, &textError{line: fileDate.line, col: fileDate.col, field: "published", reason: fmt.Sprintf("Last Updated Date: %v", err)}
			}
		}
		var err error
		if rec, err = r.Read(); err != nil {
			return nil, &textError{line: 1, col: 1, field: "header", reason: "a World Bank WDI download without its table (Country Name,Country Code,Indicator Name,Indicator Code,1960,…)"}
		}
	}
}

// wdiDate is the file's Last Updated Date and the place of its cell.
type wdiDate struct {
	value     string
	line, col int
}

func (w *wdiRecords) header(rec []string, fileDate wdiDate) error {
	if strings.TrimSpace(rec[2]) != "Indicator Name" && strings.TrimSpace(rec[2]) != "Series Name" {
		line, col := w.r.FieldPos(2)
		return &textError{line: line, col: col, field: "header", reason: fmt.Sprintf("%q: a WDI table has Indicator Name here", clip(rec[2]))}
	}
	w.years = make([]string, len(rec))
	for i := 4; i < len(rec); i++ {
		if m := wdiYearRE.FindStringSubmatch(strings.TrimSpace(rec[i])); m != nil {
			w.years[i] = m[1]
		}
	}
	// The source is the mapping's; its date the file's Last Updated Date,
	// else the mapping's, else -published.
	srcFile := ""
	for _, m := range w.maps {
		if len(m.Map) > 0 || w.source.Title == "" {
			w.source, srcFile = m.Source, m.file
			if len(m.Map) > 0 {
				break
			}
		}
	}
	switch {
	case fileDate.value != "":
		if err := w.sameDate(fileDate, srcFile); err != nil {
			return err
		}
		w.published = fileDate.value
	case w.source.Published != "":
		w.published = w.source.Published
	case w.published == "":
		return &textError{line: 1, col: 1, field: "published", reason: "a World Bank WDI table without its Last Updated Date line: " +
			"give the release's date with -published YYYY-MM-DD"}
	}
	return nil
}

// sameDate refuses a date given for the run (-published) or in the mapping that differs from the file's
// Last Updated Date: the file's own line dates a WDI download, and a steward who typed another date meant
// something else (another release, or the date for another file of the run). Either way, loading it under
// one of the two dates without a word would cite the wrong vintage.
func (w *wdiRecords) sameDate(file wdiDate, mappingFile string) error {
	given, by := w.published, "-published"
	if w.source.Published != "" && w.source.Published != file.value {
		given, by = w.source.Published, "the mapping "+mappingFile
	}
	if given == "" || given == file.value {
		return nil
	}
	return &textError{line: file.line, col: file.col, field: "published", reason: fmt.Sprintf(
		"the file's Last Updated Date is %s but %s gives %s: a WDI download is dated by its own line, so give no other date "+
			"for it (load it in a run of its own if other files need -published), or check that this is the release you mean",
		file.value, by, given)}
}

// entry is the mapping of a WDI indicator code; nil when none maps it.
func (w *wdiRecords) entry(code string) (*MapEntry, *Mapping, error) {
	for mi := range w.maps {
		m := &w.maps[mi]
		for i := range m.Map {
			e := &m.Map[i]
			if e.From != code {
				continue
			}
			if _, known := w.units[e.Indicator]; strings.HasPrefix(m.file, "builtin:") && !known {
				continue
			}
			if err := checkUnits(Mapping{file: m.file, Map: []MapEntry{*e}}, w.units); err != nil {
				return nil, nil, err
			}
			return e, m, nil
		}
	}
	return nil, nil, nil
}

func (w *wdiRecords) noMapping() error {
	var lines []string
	for _, code := range w.Unmapped[:min(len(w.Unmapped), 3)] {
		lines = append(lines, fmt.Sprintf(`"- {from: %s, indicator: CODE, unit: UNIT}" (%s)`, clip(code), clip(w.names[code])))
	}
	return &textError{line: 1, col: 1, field: "header", reason: fmt.Sprintf(
		"a World Bank WDI download, but no mapping covers any of China's %d indicators in it (%s): add entries such as %s to a -map file (format: wdi)",
		len(w.Unmapped), clip(strings.Join(w.Unmapped, ", ")), strings.Join(lines, ", "))}
}

// Read returns the header of an observations file first, then a record per mapped value of China's rows.
func (w *wdiRecords) Read() ([]string, error) {
	if !w.started {
		w.started = true
		w.cur = [2]int{1, 1}
		return owidFields, nil
	}
	for len(w.pending) == 0 {
		rec, err := w.r.Read()
		if err != nil {
			if len(w.mapped) == 0 && len(w.Unmapped) > 0 {
				return nil, w.noMapping()
			}
			return nil, err
		}
		if len(rec) < 4 || strings.TrimSpace(rec[1]) != "CHN" {
			continue
		}
		if err := w.row(rec); err != nil {
			return nil, err
		}
	}
	rec := w.pending[0]
	w.cur = w.pos[0]
	w.pending, w.pos = w.pending[1:], w.pos[1:]
	return rec, nil
}

func (w *wdiRecords) row(rec []string) error {
	code := strings.TrimSpace(rec[3])
	e, m, err := w.entry(code)
	if err != nil {
		return err
	}
	if e == nil {
		if !slices.Contains(w.Unmapped, code) {
			w.Unmapped = append(w.Unmapped, code)
			w.names[code] = strings.TrimSpace(rec[2])
		}
		return nil
	}
	w.mapped[code] = true
	src := w.source
	if m.Source.Title != "" {
		src = m.Source
	}
	for i := 4; i < len(rec) && i < len(w.years); i++ {
		v := strings.TrimSpace(rec[i])
		if v == "" || v == ".." || w.years[i] == "" {
			continue
		}
		line, col := w.r.FieldPos(i)
		w.pending = append(w.pending, []string{e.Indicator, "CN", w.years[i], scaled(v, e.Scale), "",
			src.Title, src.Publisher, src.URL, w.published, e.Note})
		w.pos = append(w.pos, [2]int{line, col})
	}
	return nil
}

func (w *wdiRecords) FieldPos(int) (int, int) { return w.cur[0], w.cur[1] }
