package seed

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// What is not a regular file is refused by OpenFile before it is read: a
// device (/dev/zero behind a .csv symlink), a named pipe (that would block
// for ever), a directory; the message names the real path.
func TestOpenFileRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "dir.csv")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want string }{
		{zero, zero + " (-> /dev/zero): not a regular file: a character device"},
		{fifo, fifo + ": not a regular file: a named pipe"},
		{sub, sub + ": not a regular file: a directory"},
	} {
		done := make(chan error, 1)
		go func() { _, err := OpenFile(c.name, Limits{}); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", c.name, err, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: OpenFile blocked", c.name)
		}
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, make([]byte, 2048), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenFile(big, Limits{MaxBytes: 1024}); err == nil || !strings.Contains(err.Error(), "2048 bytes, over the limit of 1024") {
		t.Errorf("size limit: %v", err)
	}
}

// A 10 MB cell is refused at its line once the record passes the limit,
// without reading the rest into memory and without the message copying it.
func TestLongFieldRefused(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	before := snapshot(t, d)
	path := filepath.Join(t.TempDir(), "long.csv")
	secret := strings.Repeat("x", 10<<20)
	data := header + "\ncoal_share,CN,2020,,50,%,,S,,2021\ncoal_share,CN,2021,,50,%,,\"" + secret + "\",,2021\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := OpenFile(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(testContext(t), d, []Input{in}, Options{})
	checkErrors(t, path, err, []want{{3, 1, "encoding", "a record longer than"}})
	if len(err.Error()) > 500 {
		t.Errorf("the message copies the file: %d bytes", len(err.Error()))
	}
	if after := snapshot(t, d); after != before {
		t.Error("database changed")
	}
	// A cell under the record limit but over -max-field.
	_, err = Load(testContext(t), d, []Input{csvInput("cell.csv", "coal_share,CN,2021,,50,%,,"+strings.Repeat("y", 300)+",,2021")},
		Options{Limits: Limits{MaxField: 100}})
	checkErrors(t, "cell.csv", err, []want{{2, 27, "row", "a cell of 300 bytes, over the limit of 100"}})
}

// writeRows writes a CSV of about size bytes, streaming, and returns its path.
func writeRows(t testing.TB, dir string, size int64) string {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("rows-%d.csv", size))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "indicator,region,year,month,value,source_title,published,note")
	note := strings.Repeat("n", 2000)
	var n int64
	for i := 0; n < size; i++ {
		k, err := fmt.Fprintf(w, "total_energy,CN,%d,%d,%d.%d,Source %d,2024,%s\n", 1950+i%150, 1+i/150%12, i%97, i%10, i/1800, note)
		if err != nil {
			t.Fatal(err)
		}
		n += int64(k)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// peakHeap runs fn and returns the largest heap in use seen while it ran.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	if peak < base {
		return 0
	}
	return peak - base
}

// A file eight times larger needs no more memory to validate: the file is
// streamed, not read whole (which needed 1.85 GB for a 226 MB file). The
// 1 GB and 200 MB runs are BenchmarkSeedPeakMemory: in make test, 6 and 48 MB.
func TestMemoryDoesNotGrowWithTheFile(t *testing.T) {
	d := dbtest.New(t)
	load(t, d, Options{}, testdata(t, "catalogue.yaml")...)
	dir := t.TempDir()
	peaks := map[int64]uint64{}
	for _, size := range []int64{6 << 20, 48 << 20} {
		in, err := OpenFile(writeRows(t, dir, size), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		var res []db.LoadResult
		peaks[size] = peakHeap(func() { res = load(t, d, Options{DryRun: true}, in) })
		if res[0].Counts.Inserted == 0 {
			t.Fatalf("nothing validated: %+v", res[0])
		}
	}
	small, large := peaks[6<<20], peaks[48<<20]
	t.Logf("peak heap: %.1f MB for 6 MB, %.1f MB for 48 MB", float64(small)/1e6, float64(large)/1e6)
	if large > small+16<<20 {
		t.Errorf("memory grows with the file: %.1f MB for 6 MB, %.1f MB for 48 MB", float64(small)/1e6, float64(large)/1e6)
	}
}
