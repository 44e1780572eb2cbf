package seed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// writeWorkbook writes rows to the sheet of a new workbook as Excel would
// hold them: numbers as numbers, a date as a date cell, texts as shared strings.
func writeWorkbook(t testing.TB, path, sheet string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		f.NewSheet("Notes") // a second sheet, after it
		if err := f.DeleteSheet("Sheet1"); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path + ".xlsx"); err != nil { // excelize wants the extension; seed does not
		t.Fatal(err)
	}
	if err := os.Rename(path+".xlsx", path); err != nil {
		t.Fatal(err)
	}
}

// An .xlsx with the README's columns loads like the CSV: told by content
// (whatever its name), numbers back as written, a date cell as its date; an
// error names the row and the column's number.
func TestWorkbookOfObservations(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	dir := t.TempDir()
	path := filepath.Join(dir, "figures.dat")
	published := time.Date(2021, 2, 28, 0, 0, 0, 0, time.UTC)
	writeWorkbook(t, path, "Data", [][]any{
		{"indicator", "region", "year", "value", "unit", "source_title", "published", "quote"},
		{"coal_share", "CN", 2020, 56.8, "%", "Statistical Communiqué 2020", published, "煤炭消费量占能源消费总量的56.8%"},
		{}, // an empty row is skipped
		{"total_energy", "CN", 2020, "49.8", "billion tce", "Statistical Communiqué 2020", "2021-02-28", ""},
	})
	in, err := OpenFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := load(t, d, Options{}, in)
	if res[0].Counts != (db.Counts{Inserted: 2}) {
		t.Fatalf("counts: %+v", res[0].Counts)
	}
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != 1 || obs[0].Value != "56.8" || obs[0].Source.Published != "2021-02-28" ||
		obs[0].Quote != "煤炭消费量占能源消费总量的56.8%" {
		t.Fatalf("observations: %+v %v", obs, err)
	}
	// Errors at row and column; -sheet names a sheet; nothing written.
	before := snapshot(t, d)
	bad := filepath.Join(dir, "bad.xlsx")
	writeWorkbook(t, bad, "Data", [][]any{
		{"indicator", "year", "value", "source_title", "published"},
		{"coal_share", 2021, "1,5", "S", "2022"},
		{"coal_share", 2022, 101, "S", "2023"},
	})
	in, err = OpenFile(bad, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(ctx, d, []Input{in}, Options{})
	checkErrors(t, bad, err, []want{{2, 3, "value", "bad number"}, {3, 3, "value", "outside 0-100"}})
	_, err = Load(ctx, d, []Input{in}, Options{Sheet: "Summary"})
	checkErrors(t, bad, err, []want{{1, 1, "sheet", `no sheet "Summary" (the workbook has Data, Notes)`}})
	if after := snapshot(t, d); after != before {
		t.Error("database changed")
	}
	// The same bytes in memory load the same.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if res := load(t, d, Options{}, Input{Name: "mem.xlsx", Data: data}); res[0].Counts != (db.Counts{Unchanged: 2}) {
		t.Errorf("again from memory: %+v", res[0].Counts)
	}
}

// writeRowsWorkbook writes n observations to a workbook with excelize's stream writer.
func writeRowsWorkbook(t testing.TB, path string, n int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"indicator", "year", "month", "value", "source_title", "published", "note"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{"total_energy", 1950 + i%150, 1 + i/150%12, float64(i%997) / 10, fmt.Sprintf("Source %d", i/1800), "2024",
			strings.Repeat("n", 200)}
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// A workbook eight times longer needs no more memory to validate: the
// sheet is parsed as it is read from the zip (BenchmarkSeedXLSX: 1,000,000 rows).
func TestWorkbookMemoryDoesNotGrow(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	dir := t.TempDir()
	peaks := map[int]uint64{}
	for _, n := range []int{5_000, 40_000} {
		path := filepath.Join(dir, fmt.Sprintf("rows-%d.xlsx", n))
		writeRowsWorkbook(t, path, n)
		in, err := OpenFile(path, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		var res []db.LoadResult
		peaks[n] = peakHeap(func() { res = load(t, d, Options{DryRun: true}, in) })
		if res[0].Counts.Inserted != n {
			t.Fatalf("%d rows: %+v", n, res[0].Counts)
		}
	}
	t.Logf("peak heap: %.1f MB for 5,000 rows, %.1f MB for 40,000", float64(peaks[5_000])/1e6, float64(peaks[40_000])/1e6)
	if peaks[40_000] > peaks[5_000]+16<<20 {
		t.Errorf("memory grows with the workbook: %.1f MB for 5,000 rows, %.1f MB for 40,000",
			float64(peaks[5_000])/1e6, float64(peaks[40_000])/1e6)
	}
}
