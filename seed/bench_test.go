package seed

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

const benchRows = 1_000_000

// benchIndicators are the synthetic indicators of the benchmark (the first a share).
var benchIndicators = []string{"bench_share", "bench_level", "bench_change", "bench_count"}

// benchData writes a catalogue of the synthetic indicators and a CSV of
// benchRows observations: every region, monthly and yearly, over years, from five sources.
func benchData(b *testing.B) (catalogue, csvPath string) {
	dir := b.TempDir()
	if err := writeBenchData(dir); err != nil {
		b.Fatal(err)
	}
	return filepath.Join(dir, "bench.yaml"), filepath.Join(dir, "bench.csv")
}

func writeBenchData(dir string) error {
	cat := "indicators:\n"
	units := []string{"%", "Mt", "% y/y", "count"}
	for i, code := range benchIndicators {
		cat += fmt.Sprintf("  - {code: %s, name_en: %q, name_zh: \"基准\", unit: %q, direction: up, category: industry}\n",
			code, "Benchmark "+code, units[i])
	}
	if err := os.WriteFile(filepath.Join(dir, "bench.yaml"), []byte(cat), 0o644); err != nil {
		return err
	}
	regions := []string{"CN", "CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-NM", "CN-LN", "CN-JL", "CN-HL", "CN-SH",
		"CN-JS", "CN-ZJ", "CN-AH", "CN-FJ", "CN-JX", "CN-SD", "CN-HA", "CN-HB", "CN-HN", "CN-GD", "CN-GX",
		"CN-HI", "CN-CQ", "CN-SC", "CN-GZ", "CN-YN", "CN-XZ", "CN-SN", "CN-GS", "CN-QH", "CN-NX", "CN-XJ"}
	f, err := os.Create(filepath.Join(dir, "bench.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "indicator,region,year,month,value,flag,source_title,source_url,published,note")
	n := 0
	for _, src := range []string{"2021", "2022", "2023", "2024", "2025"} {
		for _, ind := range benchIndicators {
			for _, region := range regions {
				for year := 1970; year <= 2100; year++ {
					for m := 0; m <= 12; m++ {
						if n == benchRows {
							return w.Flush()
						}
						month := ""
						if m > 0 {
							month = fmt.Sprint(m)
						}
						fmt.Fprintf(w, "%s,%s,%d,%s,%d.%d,,Synthetic bulletin %s,https://example.org/%s,%s,row %d\n",
							ind, region, year, month, n%100, n%7, src, src, src, n)
						n++
					}
				}
			}
		}
	}
	return w.Flush()
}

// BenchmarkSeed loads 1,000,000 observations through seed.Load (read, parse,
// validate, COPY to staging, merge, commit) and, into the same database, the
// same rows with psql \copy into a plain table of the same shape: the limit
// of getting those bytes into PostgreSQL. The rows are generated once.
func BenchmarkSeed(b *testing.B) {
	catalogue, csvPath := benchData(b)
	for b.Loop() {
		url := dbtest.URL(b)
		d := dbtest.Open(b, url)
		copyRate := psqlCopy(b, url, csvPath)
		cat, err := os.ReadFile(catalogue)
		if err != nil {
			b.Fatal(err)
		}
		load(b, d, Options{}, Input{Name: "bench.yaml", Data: cat})
		start := time.Now()
		data, err := os.ReadFile(csvPath)
		if err != nil {
			b.Fatal(err)
		}
		res := load(b, d, Options{}, Input{Name: "bench.csv", Data: data})
		seedRate := float64(benchRows) / time.Since(start).Seconds()
		if res[0].Counts != (db.Counts{Inserted: benchRows}) {
			b.Fatalf("seed: %+v", res[0].Counts)
		}
		b.ReportMetric(seedRate, "seed-rows/s")
		b.ReportMetric(copyRate, "psql-copy-rows/s")
		b.ReportMetric(seedRate/copyRate, "seed/copy")
	}
}

// psqlCopy times psql \copy of the file into a plain table with the file's columns.
func psqlCopy(b *testing.B, url, csvPath string) float64 {
	ctx := testContext(b)
	c := dbtest.Cluster(b)
	create := `CREATE TABLE plain_copy (indicator text, region text, year smallint, month smallint, value numeric,
		flag text, source_title text, source_url text, published text, note text)`
	if out, err := c.Exec(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", create).CombinedOutput(); err != nil {
		b.Fatalf("psql: %v\n%s", err, out)
	}
	start := time.Now()
	cmd := c.Exec(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url,
		"-c", `\copy plain_copy FROM '`+csvPath+`' WITH (FORMAT csv, HEADER true)`)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("psql \\copy: %v\n%s", err, out)
	}
	return float64(benchRows) / time.Since(start).Seconds()
}
