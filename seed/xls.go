package seed

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/shakinm/xlsReader/xls"
	"github.com/shakinm/xlsReader/xls/record"
	"github.com/shakinm/xlsReader/xls/structure"
)

// The legacy binary workbook (.xls: BIFF8 in a compound file), as the NBS
// data portal exports its tables. github.com/shakinm/xlsReader reads it: the
// format is small by nature (65,536 rows by 256 columns a sheet), so the
// workbook is read whole in memory, within maxXLS and the size limit.

// maxXLS bounds a legacy workbook, which is read whole: the portal's exports
// are kilobytes, and a BIFF8 sheet cannot hold more than 65,536 rows.
const maxXLS = 256 << 20

// xlsRecords are the rows of one sheet, rows without any text skipped, each
// padded to the width of the first.
type xlsRecords struct {
	rows  [][]string
	num   [][]bool
	lines []int // 1-based row number of each of rows
	i     int
	width int
}

// readXLS reads the workbook from r (at most limit bytes) and the rows of
// sheet (empty: the first). The reader's panics on a malformed file are its
// errors.
func readXLS(r io.Reader, limit int64, sheet string) (_ *xlsRecords, name string, err error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > limit {
		return nil, "", &textError{line: 1, col: 1, field: "file", reason: fmt.Sprintf(
			"a legacy workbook (.xls) over %d bytes: it is read whole; save it as .xlsx (read as a stream) or CSV", limit)}
	}
	defer func() {
		if p := recover(); p != nil {
			err = &textError{line: 1, col: 1, field: "sheet", reason: fmt.Sprintf("not a readable legacy workbook (.xls): %v", p)}
		}
	}()
	wb, err := xls.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, "", &textError{line: 1, col: 1, field: "sheet", reason: "not a readable legacy workbook (.xls): " + err.Error()}
	}
	var names []string
	for i := range wb.GetNumberSheets() {
		s, err := wb.GetSheet(i)
		if err != nil {
			return nil, "", &textError{line: 1, col: 1, field: "sheet", reason: "not a readable legacy workbook (.xls): " + err.Error()}
		}
		names = append(names, s.GetName())
		if sheet == "" || s.GetName() == sheet {
			return xlsSheet(s), s.GetName(), nil
		}
	}
	if sheet == "" {
		return nil, "", &textError{line: 1, col: 1, field: "sheet", reason: "a legacy workbook (.xls) without sheets"}
	}
	return nil, "", &textError{line: 1, col: 1, field: "sheet", reason: fmt.Sprintf("no sheet %q (-sheet); the workbook has %s",
		clip(sheet), clip(strings.Join(names, ", ")))}
}

func xlsSheet(s *xls.Sheet) *xlsRecords {
	x := &xlsRecords{}
	for r := range s.GetNumberRows() {
		row, err := s.GetRow(r)
		if err != nil {
			continue
		}
		var rec []string
		var num []bool
		last := -1
		for i, c := range row.GetCols() {
			v := strings.TrimRight(c.GetString(), "\x00")
			rec, num = append(rec, v), append(num, numberCell(c))
			if v != "" {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		rec, num = rec[:last+1], num[:last+1]
		if x.width == 0 {
			x.width = len(rec)
		}
		for len(rec) < x.width {
			rec, num = append(rec, ""), append(num, false)
		}
		x.rows, x.num, x.lines = append(x.rows, rec), append(x.num, num), append(x.lines, r+1)
	}
	return x
}

// numberCell: the cell holds a number (a day number in a date cell), not text.
func numberCell(c structure.CellData) bool {
	switch c.(type) {
	case *record.Number, *record.Rk:
		return true
	}
	return false
}

func (x *xlsRecords) Read() ([]string, error) {
	if x.i >= len(x.rows) {
		return nil, io.EOF
	}
	x.i++
	return x.rows[x.i-1], nil
}

// FieldPos is the row and column number of cell i of the last row read.
func (x *xlsRecords) FieldPos(i int) (int, int) {
	if x.i == 0 {
		return 1, i + 1
	}
	return x.lines[x.i-1], i + 1
}

// Numeric: cell i of the last row read is a number.
func (x *xlsRecords) Numeric(i int) bool {
	return x.i > 0 && i < len(x.num[x.i-1]) && x.num[x.i-1][i]
}
