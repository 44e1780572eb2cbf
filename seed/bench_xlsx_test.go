package seed

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// writeBenchWorkbook writes benchRows observations as a workbook (numbers as
// number cells, texts inline, as excelize's stream writer does) and the same
// rows as CSV.
func writeBenchWorkbook(b *testing.B, dir string) (xlsxPath, csvPath string) {
	xlsxPath, csvPath = filepath.Join(dir, "bench.xlsx"), filepath.Join(dir, "bench-same.csv")
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	cf, err := os.Create(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	defer cf.Close()
	w := bufio.NewWriterSize(cf, 1<<20)
	head := []any{"indicator", "region", "year", "month", "value", "source_title", "published"}
	if err := sw.SetRow("A1", head); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintln(w, "indicator,region,year,month,value,source_title,published")
	regions := []string{"CN", "CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-NM", "CN-LN", "CN-JL"}
	n := 0
	for src := 2021; n < benchRows; src++ {
		for _, region := range regions {
			for year := 1970; year <= 2100 && n < benchRows; year++ {
				for m := 1; m <= 12 && n < benchRows; m++ {
					value := float64(n%1000) / 10
					title := fmt.Sprintf("Synthetic bulletin %d", src)
					cell, _ := excelize.CoordinatesToCellName(1, n+2)
					if err := sw.SetRow(cell, []any{"bench_level", region, year, m, value, title, fmt.Sprint(src)}); err != nil {
						b.Fatal(err)
					}
					fmt.Fprintf(w, "bench_level,%s,%d,%d,%v,%s,%d\n", region, year, m, value, title, src)
					n++
				}
			}
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(xlsxPath); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return xlsxPath, csvPath
}

// BenchmarkSeedXLSX validates and stages (-dry-run) 1,000,000 observations
// from a workbook and the same rows from a CSV file, each streamed from disk,
// and reports rows/s and the peak heap of each: the workbook is read as a
// stream too, so its memory does not grow with its rows.
func BenchmarkSeedXLSX(b *testing.B) {
	dir := b.TempDir()
	catalogue, _ := benchData(b)
	xlsxPath, csvPath := writeBenchWorkbook(b, dir)
	for b.Loop() {
		d := dbtest.New(b)
		cat, err := os.ReadFile(catalogue)
		if err != nil {
			b.Fatal(err)
		}
		load(b, d, Options{}, Input{Name: "bench.yaml", Data: cat})
		for _, c := range []struct{ name, path string }{{"xlsx", xlsxPath}, {"csv", csvPath}} {
			in, err := OpenFile(c.path, Limits{})
			if err != nil {
				b.Fatal(err)
			}
			var res []db.LoadResult
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
			start := time.Now()
			peak := peakHeap(func() { res, err = Load(ctx, d, []Input{in}, Options{DryRun: true}) })
			cancel()
			if err != nil {
				b.Fatalf("%s: %v", c.name, err)
			}
			rate := float64(benchRows) / time.Since(start).Seconds()
			if res[0].Counts.Inserted != benchRows {
				b.Fatalf("%s: %+v", c.name, res[0].Counts)
			}
			b.ReportMetric(rate, c.name+"-rows/s")
			b.ReportMetric(float64(peak)/1e6, c.name+"-peak-heap-MB")
		}
	}
}
