package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the chart workbook.
const (
	dataSheet     = "data"
	metadataSheet = "metadata"
)

// WriteXLSX writes the chart as a workbook: the data sheet (the columns of the
// CSV, numbers as numbers) and a metadata sheet (the indicator, its sources and
// targets, the citation and the licence note). Text is stored as text cells,
// which a spreadsheet never evaluates, so no neutralising is needed; Chinese is
// kept as it is (the format is UTF-8 XML).
func (c Chart) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", dataSheet); err != nil {
		return err
	}
	if err := c.dataSheet(f); err != nil {
		return fmt.Errorf("xlsx data sheet: %w", err)
	}
	if _, err := f.NewSheet(metadataSheet); err != nil {
		return err
	}
	if err := c.metadataSheet(f); err != nil {
		return fmt.Errorf("xlsx metadata sheet: %w", err)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func setRow(f *excelize.File, sheet string, row int, cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return err
	}
	for i, v := range cells {
		if s, ok := v.(string); ok {
			cells[i] = fitCell(s)
		}
	}
	return f.SetSheetRow(sheet, cell, &cells)
}

// fitCell cuts a text longer than a spreadsheet cell holds (32,767 UTF-16 units; excelize would cut it
// silently) and says so at the end of the cell, with the length of the whole text, which the CSV and JSON
// downloads keep.
func fitCell(s string) string {
	units := 0
	for _, r := range s {
		units += utf16.RuneLen(r)
	}
	if units <= excelize.TotalCellChars {
		return s
	}
	mark := fmt.Sprintf(" […cut: %d characters in all; the CSV and JSON downloads hold the whole text]", utf8.RuneCountInString(s))
	room := excelize.TotalCellChars - utf8.RuneCountInString(mark) // the mark's characters are one unit each
	n := 0
	for i, r := range s {
		if n+utf16.RuneLen(r) > room {
			return s[:i] + mark
		}
		n += utf16.RuneLen(r)
	}
	return s
}

func (c Chart) dataSheet(f *excelize.File) error {
	header := make([]any, len(ChartColumns))
	for i, h := range ChartColumns {
		header[i] = h
	}
	if err := setRow(f, dataSheet, 1, header); err != nil {
		return err
	}
	for i, r := range c.Rows() {
		texts := c.cells(r)
		cells := make([]any, len(texts))
		for j, s := range texts {
			cells[j] = typedIn(chartNumeric, ChartColumns[j], s)
		}
		if err := setRow(f, dataSheet, i+2, cells); err != nil {
			return err
		}
	}
	return f.SetPanes(dataSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// typedIn turns a cell of a column of numeric into a number or a boolean; an
// empty one stays empty.
func typedIn(numeric []string, column, s string) any {
	if s == "" || !slices.Contains(numeric, column) {
		return s
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return n
	}
	return s
}

func (c Chart) metadataSheet(f *excelize.File) error {
	tr := c.Trend
	in := NewIndicator(tr.Indicator, tr.Lang)
	rows := [][]any{
		{"indicator", in.Code},
		{"name", in.Name},
		{"name_en", in.NameEN},
		{"name_zh", in.NameZH},
		{"unit", in.Unit},
		{"definition", in.Definition},
		{"direction", in.Direction},
		{"measure", in.Measure},
		{"region", c.Region},
		{"from", tr.From},
		{"to", tr.To},
		{"language", tr.Lang},
	}
	if tr.Break != nil {
		rows = append(rows, []any{"break", tr.Break.Year, tr.Break.Note})
	}
	rows = append(rows, []any{"citation", Citation}, []any{"licence", LicenceNote}, []any{},
		[]any{"sources", "title", "publisher", "url", "published", "standing"})
	for _, s := range c.Sources() {
		rows = append(rows, []any{"source", s.Title, s.Publisher, s.URL, s.Published, s.Standing})
	}
	rows = append(rows, []any{}, []any{"targets", "label", "document", "document_zh", "issuer", "issued", "status"})
	for _, tv := range tr.Targets {
		rows = append(rows, []any{"target", tv.Label, tv.Target.Document, tv.Target.DocumentZH, tv.Target.Issuer, tv.Target.Issued, tv.StatusText})
	}
	for i, r := range rows {
		if err := setRow(f, metadataSheet, i+1, r); err != nil {
			return err
		}
	}
	return nil
}
