package dashboard

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db"
)

// A chart download format: its file extension and Content-Type.
type downloadFormat struct {
	ext, contentType string
	write            func(export.Table, *bytes.Buffer) error
}

var (
	formatCSV = downloadFormat{"csv", "text/csv; charset=utf-8",
		func(t export.Table, b *bytes.Buffer) error { return t.WriteCSV(b) }}
	formatJSON = downloadFormat{"json", "application/json; charset=utf-8",
		func(t export.Table, b *bytes.Buffer) error { return t.WriteJSON(b) }}
	formatXLSX = downloadFormat{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		func(t export.Table, b *bytes.Buffer) error { return t.WriteXLSX(b) }}
)

// chartDownload serves the data behind one indicator chart, from the same builder as the page, in the page's
// view state (lang, from, to). The body is cached per data version and view.
func (s *Server) chartDownload(f downloadFormat) echo.HandlerFunc {
	return func(c echo.Context) error {
		code := c.Param("code")
		if !validCode(code) {
			return notFound("err.indicator_not_found")
		}
		v, err := parseView(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		key := "export:" + f.ext + ":" + code + "?" + v.key()
		// One render makes the body and its file name, so that an unknown code is an error page, not a file.
		return s.serveContent(c, key, func(snap *pagecache.Snapshot) (pagecache.Content, error) {
			d, err := s.cache.indicator(ctx, snap, code, v.Region, v.AsOf)
			if err != nil {
				return pagecache.Content{}, err
			}
			name := code + "-" + v.Lang
			if v.Region != national {
				name = code + "-" + v.Region + "-" + v.Lang
			}
			if v.From != 0 || v.To != 0 {
				name += "-" + yearOrOpen(v.From) + "-" + yearOrOpen(v.To)
			}
			if v.AsOf != "" {
				name += "-asof-" + v.AsOf
			}
			var buf bytes.Buffer
			if err := f.write(export.Chart{Trend: s.buildTrend(d, v), Region: v.Region}, &buf); err != nil {
				return pagecache.Content{}, err
			}
			return pagecache.Content{Type: f.contentType, Disposition: attachment(name+"."+f.ext, d.Indicator.NameZH, v.Lang),
				Body: buf.Bytes()}, nil
		})
	}
}

func yearOrOpen(y int) string {
	if y == 0 {
		return "open"
	}
	return strconv.Itoa(y)
}

// attachment is the Content-Disposition that names a download: name is ASCII (code, language, years) for every client; in Chinese the
// UTF-8 name with the indicator's Chinese name follows as filename* (RFC 6266, RFC 8187), percent-encoded
// byte by byte, so nothing from the database can break out of the header.
func attachment(name, zhName string, lang string) string {
	cd := `attachment; filename="` + name + `"`
	if lang == text.ZH && zhName != "" {
		cd += "; filename*=UTF-8''" + rfc8187(zhName+"-"+name)
	}
	return cd
}

// rfc8187 percent-encodes every byte but the unreserved ASCII letters, digits and - . _ ~.
func rfc8187(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-._~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

// datasetZip serves the whole dataset as a Frictionless Data Package, the bytes `dualcarbon export -format
// datapackage` writes, read from one snapshot of the database into a file per state of the data
// (dataset.go). The ETag names that state (db.DataVersions.Total, kept by the database for every writer, the
// seed or plain SQL): an unchanged dataset is a 304 after one read of the counts. Range requests resume a
// download (If-Range with the ETag); each write has a rolling deadline, so a stalled client is cut.
//
// ?asof= makes the package of the data as of that day (record.PublishedBy): its datapackage.json says so
// (as_of), and the ETag and the file name carry the date.
func (s *Server) datasetZip(c echo.Context) error {
	asOf, err := queryAsOf(c)
	if err != nil {
		return err
	}
	qctx, qcancel := s.queryCtx(c.Request().Context())
	versions, err := db.RetryRead(qctx, s.store.DataVersions)
	qcancel()
	if err != nil {
		return unavailable(err)
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-cache")
	if etag := datasetETag(versions.Total, asOf); pagecache.ETagMatch(c.Request().Header.Get("If-None-Match"), etag) {
		h.Set("ETag", etag)
		return c.NoContent(http.StatusNotModified)
	}
	f, err := s.datasets.get(c.Request().Context(), versions.Total, asOf)
	if err != nil {
		if c.Request().Context().Err() != nil {
			return nil // the client left while the package was built
		}
		return unavailable(err)
	}
	defer f.release(s.datasets)
	h.Set("ETag", datasetETag(f.version, asOf)) // the snapshot's: it names the bytes, should a write have landed since
	name := export.PackageName + "-dataset"
	if asOf != "" {
		name += "-" + asOf
	}
	h.Set("Content-Disposition", `attachment; filename="`+name+`.zip"`)
	h.Set(echo.HeaderContentType, "application/zip")
	http.ServeContent(newRollingWriter(c.Response()), c.Request(), "", time.Time{}, io.NewSectionReader(f.f, 0, f.size))
	return nil
}

// datasetETag names the dataset in the state whose counts of changes total version. The "dataset-v" prefix
// keeps it apart from the ETags of earlier releases, which named the latest seed run ("<id>-dataset"): a
// client's copy from before could otherwise match a total that happens to equal that id. The package of an
// as-of date is another file: its date follows.
func datasetETag(version int64, asOf string) string {
	if asOf != "" {
		return `"dataset-v` + strconv.FormatInt(version, 10) + "-" + asOf + `"`
	}
	return `"dataset-v` + strconv.FormatInt(version, 10) + `"`
}
