package dashboard

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
)

// packageFile is one file of a served data package.
func packageFile(t *testing.T, body, name string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("dataset.zip: %v", err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("dataset.zip: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("dataset.zip %s: %v", name, err)
	}
	return string(b)
}

// packageVersion is the version datapackage.json of a served package names.
func packageVersion(t *testing.T, body string) string {
	t.Helper()
	var desc struct{ Version string }
	if err := json.Unmarshal([]byte(packageFile(t, body, "datapackage.json")), &desc); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	return desc.Version
}

func totalVersion(t *testing.T, d *db.DB) int64 {
	t.Helper()
	v, err := d.DataVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v.Total
}

// checkDataset gets the package and checks that its ETag and the version inside it both name the state of
// the data, the total of the counts of changes (db.DataVersions), and returns it.
func checkDataset(t *testing.T, h http.Handler, d *db.DB, step string) response {
	t.Helper()
	r := get(t, h, "/export/dataset.zip")
	total := totalVersion(t, d)
	if r.status != http.StatusOK {
		t.Fatalf("%s: GET /export/dataset.zip: %d", step, r.status)
	}
	if got, want := r.header.Get("ETag"), datasetETag(total, ""); got != want {
		t.Errorf("%s: ETag %s, want %s (data versions total %d)", step, got, want, total)
	}
	if got, want := packageVersion(t, r.body), "0.0."+strconv.FormatInt(total, 10); got != want {
		t.Errorf("%s: datapackage.json version %q, want %q", step, got, want)
	}
	return r
}

// The dataset's ETag changes with every committed write to the data, the seed's or plain SQL's (here an
// UPDATE of one observation, which records no seed run), and with nothing else: a statement that changes
// nothing keeps it, and a client's copy revalidates with 304. Keyed by db.DataVersion (the latest seed run),
// the UPDATE would keep the ETag while the bytes change.
func TestDatasetETagFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	d := seeded(t)
	h := testServer(t, d).Handler()
	seedRun, err := d.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := checkDataset(t, h, d, "seeded")
	etag := before.header.Get("ETag")

	for _, sql := range []string{
		`UPDATE observations SET value = 1 WHERE false`,
		`UPDATE sources SET publisher = publisher`, // writes every source, changes none
	} {
		exec(t, d, sql)
		r := checkDataset(t, h, d, sql)
		if r.header.Get("ETag") != etag || r.body != before.body {
			t.Errorf("%s: ETag %s -> %s, same bytes %v; want the ETag and bytes kept", sql, etag, r.header.Get("ETag"),
				r.body == before.body)
		}
		if r := get(t, h, "/export/dataset.zip", "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Errorf("%s: If-None-Match with the ETag from before: %d, want 304", sql, r.status)
		}
	}

	exec(t, d, `UPDATE observations SET value = 12.345
		WHERE id = (SELECT min(id) FROM observations WHERE indicator = 'coal_share')`)
	if v, err := d.DataVersion(ctx); err != nil || v != seedRun {
		t.Fatalf("the premise: the UPDATE recorded a seed run (data version %d -> %d, %v)", seedRun, v, err)
	}
	after := checkDataset(t, h, d, "observation updated")
	if after.header.Get("ETag") == etag {
		t.Errorf("ETag %s kept after an observation was updated with plain SQL", etag)
	}
	if !strings.Contains(packageFile(t, after.body, "data/observations.csv"), "12.345") {
		t.Error("observations.csv lacks the updated value")
	}
	if r := get(t, h, "/export/dataset.zip", "If-None-Match", etag); r.status != http.StatusOK {
		t.Errorf("If-None-Match with the ETag from before the UPDATE: %d, want 200", r.status)
	}
	req := httptest.NewRequest(http.MethodHead, "/export/dataset.zip", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") != after.header.Get("ETag") {
		t.Errorf("HEAD: %d, ETag %s; want 200 and the GET's %s", rec.Code, rec.Header().Get("ETag"), after.header.Get("ETag"))
	}
}

// writeAfterCheck commits a write right after the handler's first read of the counts, as a writer that
// commits between the ETag check and the package's snapshot.
type writeAfterCheck struct {
	*db.DB
	t     *testing.T
	write string
	once  sync.Once
}

func (s *writeAfterCheck) DataVersions(ctx context.Context) (db.DataVersions, error) {
	v, err := s.DB.DataVersions(ctx)
	s.once.Do(func() { exec(s.t, s.DB, s.write) })
	return v, err
}

// The ETag describes the bytes sent: when a write commits between the check of the counts and the snapshot
// the package is read from, the package holds the write, and its ETag and version are those of the snapshot.
func TestDatasetETagNamesTheSnapshot(t *testing.T) {
	d := seeded(t)
	before := totalVersion(t, d)
	store := &writeAfterCheck{DB: d, t: t, write: `UPDATE observations SET value = 12.345
		WHERE id = (SELECT min(id) FROM observations WHERE indicator = 'coal_share')`}
	r := checkDataset(t, testServer(t, store).Handler(), d, "write after the check")
	if r.header.Get("ETag") == datasetETag(before, "") {
		t.Errorf("ETag %s: the counts checked before the write, not those of the snapshot", r.header.Get("ETag"))
	}
	if !strings.Contains(packageFile(t, r.body, "data/observations.csv"), "12.345") {
		t.Error("observations.csv lacks the write the snapshot was read after: the premise fails")
	}
	if !strings.Contains(packageFile(t, r.body, "README.md"), "Data version 0.0."+strconv.FormatInt(totalVersion(t, d), 10)) {
		t.Error("README.md does not name the snapshot's version")
	}
}
