package seed

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
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
			if rk, ok := c.(*record.Rk); ok {
				v = rkValue(rk, v)
			}
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

// rkValue is the number of an RK cell (BIFF8's compact number: a 30-bit signed integer or the top 30 bits
// of a double, either possibly ×100), decoded here from the cell's own bits: xlsReader v0.9.12 reads the
// integer unsigned, so -2.7 (stored as -270, ×1/100) came out as 10737415.54. An integer ×100 is written
// exactly (-270 is "-2.7"), never through a float. read is the reader's text, kept if the bits cannot be had.
func rkValue(c *record.Rk, read string) string {
	f := reflect.ValueOf(c).Elem().FieldByName("rk")
	if !f.IsValid() || f.Kind() != reflect.Array || f.Len() != 4 {
		return read
	}
	var b [4]byte
	for i := range b {
		b[i] = byte(f.Index(i).Uint())
	}
	rk := binary.LittleEndian.Uint32(b[:])
	if rk&2 == 0 {
		v := math.Float64frombits(uint64(rk&^3) << 32)
		if rk&1 != 0 {
			v /= 100
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	n := int64(int32(rk) >> 2)
	if rk&1 == 0 {
		return strconv.FormatInt(n, 10)
	}
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	frac := strings.TrimRight(fmt.Sprintf("%02d", n%100), "0")
	if frac == "" {
		return sign + strconv.FormatInt(n/100, 10)
	}
	return sign + strconv.FormatInt(n/100, 10) + "." + frac
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
