package dashboard

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db"
)

// The dataset download (/export/dataset.zip) is built once per state of the data, from one snapshot, into a
// temporary file, and served from that file: the database connection is released before a byte is sent, so
// a slow or stalled reader costs a socket, never a pooled connection (and never holds back vacuum). The file
// is unlinked as soon as it is created: nothing is left on disk whatever happens to the process, and it
// lives while the current package or a download still reading it holds it open.

// datasetTimeout bounds one build of the package (millions of rows).
const datasetTimeout = 10 * time.Minute

// downloadStall is how long a download may make no progress before it is cut: each write to the client
// gets this long (a rolling deadline), so a slow reader that keeps reading gets the whole file, and a
// stalled one is dropped.
const downloadStall = 20 * time.Second

// maxDatasetFiles is how many packages are kept: the current data's and the latest as-of dates asked.
const maxDatasetFiles = 8

// datasets builds and holds the data packages, one per as-of date ("" for today). At most one build runs at
// a time (one pooled connection).
type datasets struct {
	store  export.Store
	dir    string // for the temporary files; "" is os.TempDir
	log    *slog.Logger
	base   context.Context // ends when the server closes: builds stop, the pool can close
	build  chan struct{}   // one build at a time
	flight singleflight.Group

	mu    sync.Mutex
	files map[string]*datasetFile // by as-of date
}

// datasetFile is one built package, open and unlinked.
type datasetFile struct {
	f       *os.File
	size    int64
	version int64 // the state of the data it was read in (export.Dataset.Version)
	refs    int   // readers, plus one while it is the current package; guarded by datasets.mu
	used    time.Time
}

func newDatasets(base context.Context, store export.Store, dir string, log *slog.Logger) *datasets {
	return &datasets{store: store, dir: dir, log: log, base: base, build: make(chan struct{}, 1), files: map[string]*datasetFile{}}
}

// get is a package of the data as of asOf at least as new as version, built if need be; release it when done.
func (ds *datasets) get(ctx context.Context, version int64, asOf string) (*datasetFile, error) {
	if f := ds.acquire(version, asOf); f != nil {
		return f, nil
	}
	ch := ds.flight.DoChan(strconv.FormatInt(version, 10)+" "+asOf, func() (any, error) {
		if f := ds.acquire(version, asOf); f != nil { // built by a flight that ended after our look
			f.release(ds)
			return nil, nil
		}
		return nil, ds.rebuild(asOf)
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
	}
	if f := ds.acquire(version, asOf); f != nil {
		return f, nil
	}
	return nil, errors.New("dataset: the package built is older than the data asked for")
}

// acquire is the package as of asOf if it is at least as new as version.
func (ds *datasets) acquire(version int64, asOf string) *datasetFile {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	f := ds.files[asOf]
	if f == nil || f.version < version {
		return nil
	}
	f.refs++
	f.used = time.Now()
	return f
}

func (f *datasetFile) release(ds *datasets) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	f.releaseLocked()
}

// releaseLocked drops one hold on f, closing the file with the last; datasets.mu is held.
func (f *datasetFile) releaseLocked() {
	f.refs--
	if f.refs == 0 {
		f.f.Close()
	}
}

// rebuild builds the package of the current data as of asOf and keeps it. A lost connection is retried with
// a new snapshot (nothing has been sent yet).
func (ds *datasets) rebuild(asOf string) error {
	select {
	case ds.build <- struct{}{}:
	case <-ds.base.Done():
		return ds.base.Err()
	}
	defer func() { <-ds.build }()
	ctx, cancel := context.WithTimeout(ds.base, datasetTimeout)
	defer cancel()
	f, err := db.RetryRead(ctx, func(ctx context.Context) (*datasetFile, error) { return ds.write(ctx, asOf) })
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	f.used = time.Now()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	drop := ds.files[asOf]
	if drop != nil && drop.version > f.version {
		drop, f = f, drop // a newer one was kept meanwhile: drop ours
	}
	ds.files[asOf] = f
	if drop != nil && drop != f {
		drop.releaseLocked()
	}
	if len(ds.files) > maxDatasetFiles { // the as-of date least recently asked goes; today's stays
		var oldest string
		for k, g := range ds.files {
			if k != "" && (oldest == "" || g.used.Before(ds.files[oldest].used)) {
				oldest = k
			}
		}
		ds.files[oldest].releaseLocked()
		delete(ds.files, oldest)
	}
	return nil
}

// write reads one snapshot into a new unlinked file.
func (ds *datasets) write(ctx context.Context, asOf string) (*datasetFile, error) {
	tmp, err := os.CreateTemp(ds.dir, "dualcarbon-dataset-*.zip")
	if err != nil {
		return nil, err
	}
	os.Remove(tmp.Name()) // open, unlinked: gone with the last reader, or the process
	out := &datasetFile{f: tmp, refs: 1}
	err = export.ReadDataset(ctx, ds.store, asOf, func(d export.Dataset) error {
		out.version = d.Version
		w := bufio.NewWriterSize(tmp, 256<<10)
		if err := export.WritePackage(w, d); err != nil {
			return err
		}
		return w.Flush()
	})
	if err == nil {
		out.size, err = tmp.Seek(0, io.SeekCurrent)
	}
	if err != nil {
		tmp.Close()
		return nil, err
	}
	return out, nil
}

// rollingWriter gives every write to the client its own deadline, downloadStall from now.
type rollingWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
}

func newRollingWriter(w http.ResponseWriter) *rollingWriter {
	return &rollingWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
}

func (w *rollingWriter) Write(p []byte) (int, error) {
	w.rc.SetWriteDeadline(time.Now().Add(downloadStall)) // not every writer supports it (a recorder): then none
	return w.ResponseWriter.Write(p)
}

func (w *rollingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
