package seed

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// A workbook (.xlsx) is read as a stream: archive/zip reads the sheet's part
// from the file on disk as it is parsed, token by token, so memory holds one
// row and the workbook's shared strings (the distinct texts), not its rows.
// (excelize, which writes our downloads, reads a whole workbook into memory
// first.) In messages, LINE is the row and COLUMN the column's number (A = 1).

// maxSharedStrings bounds the decompressed shared strings part, which is held in memory.
const maxSharedStrings = 256 << 20

// xlsxRecords reads the rows of one sheet as records, like csv.Reader: Read
// returns the next row that is not empty, FieldPos the row and column of a cell.
type xlsxRecords struct {
	dec    *xml.Decoder
	body   io.Closer
	shared []string
	row    int
	rec    []string
	num    []bool // cells of rec that are number cells
	done   bool
}

// Numeric: cell i of the last record is a number cell (its digits are a double's).
func (x *xlsxRecords) Numeric(i int) bool { return i < len(x.num) && x.num[i] }

// openXLSX opens sheet (empty: the first) of the workbook in ra.
func openXLSX(ra io.ReaderAt, size int64, sheet string, l Limits, progress func(done, total int64)) (*xlsxRecords, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable workbook (.xlsx): %w", err)
	}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	target, err := sheetPart(parts, sheet)
	if err != nil {
		return nil, err
	}
	shared, err := sharedStrings(parts["xl/sharedStrings.xml"], l)
	if err != nil {
		return nil, err
	}
	f, ok := parts[target]
	if !ok {
		return nil, fmt.Errorf("the workbook names a sheet part %s it does not hold", target)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open sheet: %w", err)
	}
	var r io.Reader = &markupLimit{r: rc, max: l.maxRecord()}
	if progress != nil {
		total := int64(f.UncompressedSize64)
		r = &counting{r: r, fn: func(done int64) { progress(done, total) }}
	}
	return &xlsxRecords{dec: xml.NewDecoder(r), body: rc, shared: shared}, nil
}

func (x *xlsxRecords) Close() error { return x.body.Close() }

// FieldPos is the row and column number of cell i of the last record.
func (x *xlsxRecords) FieldPos(i int) (int, int) { return x.row, i + 1 }

// Read returns the next row with a cell that is not empty; io.EOF at the end.
func (x *xlsxRecords) Read() ([]string, error) {
	for !x.done {
		tok, err := x.dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, x.fail(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "sheetData" {
				x.done = true
			}
			continue
		}
		if err := x.readRow(se); err != nil {
			return nil, x.fail(err)
		}
		for _, v := range x.rec {
			if v != "" {
				return x.rec, nil
			}
		}
	}
	return nil, io.EOF
}

func (x *xlsxRecords) fail(err error) error {
	var te *textError
	if errors.As(err, &te) {
		te.line = max(x.row, 1)
		return te
	}
	return &textError{line: max(x.row, 1), col: 1, reason: "not a readable sheet: " + err.Error(), field: "sheet"}
}

// readRow reads the cells of a <row>, placed by their references (A1, C1: B1 is empty).
func (x *xlsxRecords) readRow(se xml.StartElement) error {
	x.row++
	if r := attr(se, "r"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < x.row {
			return fmt.Errorf("bad row number %q", clip(r))
		}
		x.row = n
	}
	x.rec, x.num = x.rec[:0], x.num[:0]
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := x.dec.Skip(); err != nil {
					return err
				}
				continue
			}
			col := len(x.rec)
			if ref := attr(t, "r"); ref != "" {
				if col, err = columnOf(ref); err != nil {
					return err
				}
				if col < len(x.rec) || col > 16383 {
					return fmt.Errorf("cell %s out of order", clip(ref))
				}
			}
			v, num, err := x.cell(t)
			if err != nil {
				return err
			}
			for len(x.rec) < col {
				x.rec, x.num = append(x.rec, ""), append(x.num, false)
			}
			x.rec, x.num = append(x.rec, v), append(x.num, num)
		case xml.EndElement:
			return nil
		}
	}
}

// cell reads one <c>: a shared string, an inline string, a formula's text
// result, or a number written back in the shortest form that reads as the
// same double (Excel stores 57.7 as 57.700000000000003).
func (x *xlsxRecords) cell(c xml.StartElement) (string, bool, error) {
	kind := attr(c, "t")
	var v, inline string
	for {
		tok, err := x.dec.Token()
		if err != nil {
			return "", false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				if v, err = text(x.dec, t); err != nil {
					return "", false, err
				}
			case "is":
				if inline, err = richText(x.dec, t); err != nil {
					return "", false, err
				}
			default:
				if err := x.dec.Skip(); err != nil {
					return "", false, err
				}
			}
		case xml.EndElement:
			switch kind {
			case "s":
				i, err := strconv.Atoi(v)
				if err != nil || i < 0 || i >= len(x.shared) {
					return "", false, fmt.Errorf("shared string %q missing", clip(v))
				}
				return x.shared[i], false, nil
			case "inlineStr":
				return inline, false, nil
			case "", "n":
				return number(v), v != "", nil
			}
			return v, false, nil // str (a formula's text), b, e (#N/A: refused where a number is due)
		}
	}
}

// number is the shortest decimal that reads as the same double; v as given
// when it is no number.
func number(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// excelDate turns a day number of a date cell (Excel's 1900 system) into
// YYYY-MM-DD; false for what is not one (a year such as 2024 stays a year).
func excelDate(v string) (string, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 3000 || f > 80000 || f != math.Trunc(f) {
		return "", false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f)).Format("2006-01-02"), true
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnOf is the 0-based column of a cell reference such as AB12.
func columnOf(ref string) (int, error) {
	col := 0
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i > 3 {
		return 0, fmt.Errorf("bad cell reference %q", clip(ref))
	}
	return col - 1, nil
}

// text is the character data of an element.
func text(dec *xml.Decoder, start xml.StartElement) (string, error) {
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := dec.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return b.String(), nil
		}
	}
}

// richText is the text of a string item: its <t>, or the <t> of each run
// (<r>), without phonetic guides (<rPh>).
func richText(dec *xml.Decoder, start xml.StartElement) (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				s, err := text(dec, t)
				if err != nil {
					return "", err
				}
				b.WriteString(s)
			case "rPh":
				if err := dec.Skip(); err != nil {
					return "", err
				}
			default:
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// sheetPart is the part of the named sheet (empty: the first), from the
// workbook and its relationships.
func sheetPart(parts map[string]*zip.File, name string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(parts["xl/workbook.xml"], &wb); err != nil {
		return "", fmt.Errorf("not a workbook (.xlsx): %w", err)
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return "", fmt.Errorf("not a workbook (.xlsx): %w", err)
	}
	var names []string
	for _, s := range wb.Sheets {
		names = append(names, s.Name)
		if name != "" && s.Name != name {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), nil
				}
				return path.Join("xl", r.Target), nil
			}
		}
		return "", fmt.Errorf("sheet %q has no part", clip(s.Name))
	}
	if len(names) == 0 {
		return "", errors.New("a workbook without sheets")
	}
	return "", fmt.Errorf("no sheet %q (the workbook has %s): use -sheet NAME", clip(name), clip(strings.Join(names, ", ")))
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return errors.New("a part is missing")
	}
	if f.UncompressedSize64 > 16<<20 {
		return fmt.Errorf("%s is %d bytes", f.Name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(v)
}

// sharedStrings reads the workbook's table of texts (absent: none).
func sharedStrings(f *zip.File, l Limits) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxSharedStrings {
		return nil, fmt.Errorf("the workbook's shared strings are %d bytes, over %d", f.UncompressedSize64, maxSharedStrings)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("shared strings: %w", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(&markupLimit{r: io.LimitReader(rc, maxSharedStrings), max: l.maxRecord()})
	var out []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("shared strings: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := richText(dec, se)
			if err != nil {
				return nil, fmt.Errorf("shared strings: %w", err)
			}
			out = append(out, s)
		}
	}
}

// markupLimit fails once a run of text or a tag exceeds max bytes: the XML
// decoder holds a whole token in memory.
type markupLimit struct {
	r   io.Reader
	max int
	n   int
	err error
}

func (m *markupLimit) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.r.Read(p)
	for i, c := range p[:n] {
		if c == '<' || c == '>' {
			m.n = 0
			continue
		}
		m.n++
		if m.n > m.max {
			m.err = &textError{line: 1, col: 1, field: "sheet", reason: fmt.Sprintf("a cell longer than %d bytes (a cell may hold %d, -max-field): is this the right file?", m.max, (m.max-4096)/4)}
			return i, m.err
		}
	}
	return n, err
}
