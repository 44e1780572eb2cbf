package dashboard

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
)

// echartsFile is ECharts, copied from the pinned npm package by `make assets`.
const echartsFile = "vendor/echarts.min.js"

// staticFiles are the embedded static files, compressed once at start-up and served under a URL that holds
// their content hash, so that browsers may keep them for a year.
type staticFiles struct {
	byURL  map[string]*asset // "/static/<hash>/chart.js"
	byName map[string]string // "chart.js" -> its URL
}

type asset struct {
	contentType string
	body, gzip  []byte
}

func mustStatic(log *slog.Logger) *staticFiles {
	st, err := loadStatic(staticFS)
	if err != nil {
		panic(fmt.Sprintf("dashboard: static files: %v", err))
	}
	if _, ok := st.byName[echartsFile]; !ok {
		log.Error("ECharts is missing from the build: charts will not draw; run `make assets` (npm ci in dashboard/assets)",
			"file", "dashboard/static/"+echartsFile)
	}
	return st
}

func loadStatic(fsys fs.FS) (*staticFiles, error) {
	st := &staticFiles{byURL: map[string]*asset{}, byName: map[string]string{}}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		url := "/static/" + hex.EncodeToString(sum[:6]) + "/" + name
		a := &asset{contentType: contentType(name), body: body}
		if a.gzip, err = gzipBytes(body); err != nil {
			return fmt.Errorf("compress %s: %w", name, err)
		}
		st.byURL[url] = a
		st.byName[name] = url
		return nil
	})
	return st, err
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// URL is the hashed URL of a static file; "" when there is no such file.
func (st *staticFiles) URL(name string) string { return st.byName[name] }

// serveStatic answers only the exact URLs of embedded files. Nothing is looked up on a file system and an
// escaped path never matches, so ../, %2f and %5c cannot reach any other file.
func (s *Server) serveStatic(c echo.Context) error {
	r := c.Request()
	a, ok := s.static.byURL[r.URL.Path]
	if !ok || r.URL.RawPath != "" {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Add("Vary", "Accept-Encoding")
	if pagecache.AcceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		return c.Blob(http.StatusOK, a.contentType, a.gzip)
	}
	return c.Blob(http.StatusOK, a.contentType, a.body)
}
