package dashboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db"
)

// A chart download format: its file extension and Content-Type.
type downloadFormat struct {
	ext, contentType string
	write            func(export.Chart, *bytes.Buffer) error
}

var (
	formatCSV = downloadFormat{"csv", "text/csv; charset=utf-8",
		func(c export.Chart, b *bytes.Buffer) error { return c.WriteCSV(b) }}
	formatJSON = downloadFormat{"json", "application/json; charset=utf-8",
		func(c export.Chart, b *bytes.Buffer) error { return c.WriteJSON(b) }}
	formatXLSX = downloadFormat{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		func(c export.Chart, b *bytes.Buffer) error { return c.WriteXLSX(b) }}
)

// datasetTimeout bounds the export of the whole dataset (millions of rows on a slow link).
const datasetTimeout = 10 * time.Minute

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
		snap, err := s.cache.current(ctx)
		if err != nil {
			return err
		}
		// Load (or find cached) before the download headers, so that an unknown code is an error page, not a file.
		d, err := s.cache.indicator(ctx, snap, code)
		if err != nil {
			return err
		}
		name := code + "-" + v.Lang
		if v.From != 0 || v.To != 0 {
			name += "-" + yearOrOpen(v.From) + "-" + yearOrOpen(v.To)
		}
		setAttachment(c, name+"."+f.ext, d.Indicator.NameZH, v.Lang)
		key := "export:" + f.ext + ":" + code + "?" + v.key()
		return s.serveCached(c, key, f.contentType, func(snap *snapshot) ([]byte, error) {
			d, err := s.cache.indicator(ctx, snap, code)
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			if err := f.write(export.Chart{Trend: s.buildTrend(d, v), Region: region}, &buf); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		})
	}
}

func yearOrOpen(y int) string {
	if y == 0 {
		return "open"
	}
	return strconv.Itoa(y)
}

// setAttachment names the download: name is ASCII (code, language, years) for every client; in Chinese the
// UTF-8 name with the indicator's Chinese name follows as filename* (RFC 6266, RFC 8187), percent-encoded
// byte by byte, so nothing from the database can break out of the header.
func setAttachment(c echo.Context, name, zhName string, lang string) {
	cd := `attachment; filename="` + name + `"`
	if lang == langZH && zhName != "" {
		cd += "; filename*=UTF-8''" + rfc8187(zhName+"-"+name)
	}
	c.Response().Header().Set("Content-Disposition", cd)
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

// datasetStore is what the data package is read from: *db.DB.
func (s *Server) datasetStore() (export.Store, error) {
	st, ok := s.store.(export.Store)
	if !ok {
		return nil, &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable",
			Err: errors.New("the store cannot export the dataset")}
	}
	return st, nil
}

// datasetZip streams the whole dataset as a Frictionless Data Package, the bytes `dualcarbon export -format
// datapackage` writes. It is not cached (it may hold millions of rows): the ETag is the data version's, so an
// unchanged dataset is a 304 without reading the observations.
func (s *Server) datasetZip(c echo.Context) error {
	st, err := s.datasetStore()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), datasetTimeout)
	defer cancel()
	qctx, qcancel := s.queryCtx(ctx)
	version, err := st.DataVersion(qctx)
	qcancel()
	if err != nil {
		return &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
	}
	h := c.Response().Header()
	etag := `"` + strconv.FormatInt(version, 10) + `-dataset"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	if etagMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	qctx, qcancel = s.queryCtx(ctx)
	ds, err := export.ReadDataset(qctx, st)
	qcancel()
	if err != nil {
		return &Error{Status: http.StatusServiceUnavailable, Key: "err.unavailable", Err: err}
	}
	if ds.Version != version { // a seed landed in between: name what is sent
		etag = `"` + strconv.FormatInt(ds.Version, 10) + `-dataset"`
		h.Set("ETag", etag)
	}
	// The observations stream within the long deadline, not the per-query one.
	ds.Observations = func(fn func(*db.ExportRow) error) error { return st.ExportObservations(ctx, "", fn) }
	// The server's WriteTimeout fits pages, not a large download.
	http.NewResponseController(c.Response()).SetWriteDeadline(time.Now().Add(datasetTimeout))
	h.Set("Content-Disposition", `attachment; filename="`+export.PackageName+`-dataset.zip"`)
	h.Set(echo.HeaderContentType, "application/zip")
	c.Response().WriteHeader(http.StatusOK)
	if err := export.WritePackage(c.Response(), ds); err != nil {
		// Too late for an error status: the client gets a truncated zip, which it detects.
		s.log.Error("dataset export failed", "err", err)
	}
	return nil
}
