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
// validate, COPY to staging, merge, commit) and measures, in the same
// database, two limits for the same rows:
//
//   - psql \copy of the file into a plain table of the file's columns, with no
//     index, key or constraint: the limit of getting those bytes into PostgreSQL;
//   - psql \copy of the rows as stored (source resolved to its id) into a table
//     with the definition of observations (the same indexes, checks, foreign keys
//     and triggers): the limit of storing them where they belong.
//
// The rows are generated once.
func BenchmarkSeed(b *testing.B) {
	catalogue, csvPath := benchData(b)
	for b.Loop() {
		url := dbtest.URL(b)
		d := dbtest.Open(b, url)
		plainRate := psqlCopy(b, url, csvPath)
		cat, err := os.ReadFile(catalogue)
		if err != nil {
			b.Fatal(err)
		}
		load(b, d, Options{}, Input{Name: "bench.yaml", Data: cat})
		start := time.Now()
		in, err := OpenFile(csvPath, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		var res []db.LoadResult
		peak := peakHeap(func() { res = load(b, d, Options{}, in) })
		seedRate := float64(benchRows) / time.Since(start).Seconds()
		if res[0].Counts != (db.Counts{Inserted: benchRows}) {
			b.Fatalf("seed: %+v", res[0].Counts)
		}
		tableRate := psqlCopyTable(b, url, filepath.Join(filepath.Dir(csvPath), "stored.csv"))
		b.ReportMetric(seedRate, "seed-rows/s")
		b.ReportMetric(float64(peak)/1e6, "seed-peak-heap-MB")
		b.ReportMetric(plainRate, "psql-copy-plain-rows/s")
		b.ReportMetric(tableRate, "psql-copy-table-rows/s")
		b.ReportMetric(seedRate/plainRate, "seed/copy-plain")
		b.ReportMetric(seedRate/tableRate, "seed/copy-table")
	}
}

// psql runs psql commands against url, failing the benchmark on an error.
func psql(b *testing.B, url string, commands ...string) {
	b.Helper()
	args := []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url}
	for _, c := range commands {
		args = append(args, "-c", c)
	}
	if out, err := dbtest.Cluster(b).Exec(testContext(b), "psql", args...).CombinedOutput(); err != nil {
		b.Fatalf("psql: %v\n%s", err, out)
	}
}

// psqlCopy times psql \copy of the file into a plain table with the file's columns.
func psqlCopy(b *testing.B, url, csvPath string) float64 {
	psql(b, url, `CREATE TABLE plain_copy (indicator text, region text, year smallint, month smallint, value numeric,
		flag text, source_title text, source_url text, published text, note text)`)
	start := time.Now()
	psql(b, url, `\copy plain_copy FROM '`+csvPath+`' WITH (FORMAT csv, HEADER true)`)
	return float64(benchRows) / time.Since(start).Seconds()
}

// cloneObservations creates table_copy with the definition of observations: its
// columns, defaults, identity, checks and indexes (LIKE ... INCLUDING ALL), its
// foreign keys and its triggers, read from the catalogue so that it follows the migrations.
const cloneObservations = `
CREATE TABLE table_copy (LIKE observations INCLUDING ALL);
DO $$
DECLARE c record;
BEGIN
	FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
	         WHERE conrelid = 'observations'::regclass AND contype = 'f' LOOP
		EXECUTE format('ALTER TABLE table_copy ADD CONSTRAINT %I %s', c.conname || '_copy', c.def);
	END LOOP;
	FOR c IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
	         WHERE tgrelid = 'observations'::regclass AND NOT tgisinternal LOOP
		EXECUTE replace(c.def, ' ON public.observations ', ' ON public.table_copy ');
	END LOOP;
END $$`

// psqlCopyTable writes the loaded rows as stored to path, then times psql
// \copy of them into a table with the definition of observations.
func psqlCopyTable(b *testing.B, url, path string) float64 {
	const cols = "indicator, region, year, month, value, source_id, flag, note, quote"
	psql(b, url, `\copy (SELECT `+cols+` FROM observations WHERE indicator LIKE 'bench\_%' ORDER BY id) TO '`+path+`' WITH (FORMAT csv)`,
		cloneObservations)
	start := time.Now()
	psql(b, url, `\copy table_copy (`+cols+`) FROM '`+path+`' WITH (FORMAT csv)`)
	return float64(benchRows) / time.Since(start).Seconds()
}

// BenchmarkSeedPeakMemory validates (-dry-run) a 200 MB observations CSV,
// streamed from disk, and reports the largest heap in use while it ran:
// memory does not grow with the file (reading it whole took 1.85 GB for 226 MB).
// DUALCARBON_SEED_BENCH_BYTES sets another size (1 GB: 1073741824).
func BenchmarkSeedPeakMemory(b *testing.B) {
	size := int64(200 << 20)
	if s := os.Getenv("DUALCARBON_SEED_BENCH_BYTES"); s != "" {
		if _, err := fmt.Sscan(s, &size); err != nil {
			b.Fatal(err)
		}
	}
	path := writeRows(b, b.TempDir(), size)
	for b.Loop() {
		d := dbtest.New(b)
		load(b, d, Options{}, testdata(b, "catalogue.yaml")...)
		in, err := OpenFile(path, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		var res []db.LoadResult
		peak := peakHeap(func() { res = load(b, d, Options{DryRun: true}, in) })
		b.ReportMetric(float64(size)/1e6, "file-MB")
		b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
		b.ReportMetric(float64(res[0].Counts.Inserted)/time.Since(start).Seconds(), "dry-run-rows/s")
	}
}
