package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Content is what a render makes: a body and the headers that go with it.
type Content struct {
	Type        string // Content-Type
	Disposition string // Content-Disposition of a download; "" for a page
	Body        []byte
}

// Body is a rendered response kept in the cache: the body, its gzip form, and an ETag for each (they are two
// representations, so a cache between the server and the client never takes one for the other).
type Body struct {
	Content
	Gzip           []byte // nil when gzip would not be smaller
	ETag, GzipETag string
	Version        int64 // the state of the data it was made from (Dep.version)
	Rendered       bool  // this request rendered it (false: served from the cache or another request's render)
	size           int64
}

// GzipLevel is the level of the gzip form of every body.
const GzipLevel = 4

// newBody compresses c and names both forms by the version of its data and a hash of the body.
func newBody(version int64, c Content) (*Body, error) {
	sum := sha256.Sum256(c.Body)
	tag := strconv.FormatInt(version, 10) + "-" + hex.EncodeToString(sum[:8])
	b := &Body{Content: c, ETag: `"` + tag + `"`, Version: version}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, GzipLevel)
	if _, err := zw.Write(c.Body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	if buf.Len() < len(c.Body) {
		b.Gzip = bytes.Clone(buf.Bytes()) // the buffer's spare capacity would be kept, and not counted
		b.GzipETag = `"` + tag + `-gzip"`
	}
	b.size = int64(cap(c.Body)+cap(b.Gzip)+len(c.Type)+len(c.Disposition)+len(b.ETag)+len(b.GzipETag)) + 192
	return b, nil
}

// For is the representation to send for a request's Accept-Encoding: the body, its ETag, and whether it is
// the gzip form.
func (b *Body) For(acceptEncoding string) (data []byte, etag string, gzipped bool) {
	if b.Gzip != nil && AcceptsGzip(acceptEncoding) {
		return b.Gzip, b.GzipETag, true
	}
	return b.Body, b.ETag, false
}

// NotModified reports whether an If-None-Match header names either representation of b, and with which
// ETag to answer 304: the one of the representation selected (etag) when it is named, else the one named.
// Both forms are the same bytes of the same data, so a client (or a cache validating several stored
// variants, RFC 9111 4.3.1) that holds the other form still holds a current copy, and the ETag of the 304
// tells it which one.
func (b *Body) NotModified(ifNoneMatch, etag string) (string, bool) {
	if ifNoneMatch == "" {
		return "", false
	}
	if ETagMatch(ifNoneMatch, etag) {
		return etag, true
	}
	for _, other := range []string{b.ETag, b.GzipETag} {
		if other != "" && ETagMatch(ifNoneMatch, other) {
			return other, true
		}
	}
	return "", false
}

// Page is the body under key as of s, rendered (once for concurrent callers) when the cache does not hold it.
// render gets a snapshot of its own and must load through it alone (see the package doc): what it loads is
// what the body depends on. The returned *Body is shared: do not modify it.
func (s *Snapshot) Page(key string, render func(*Snapshot) (Content, error)) (*Body, error) {
	key = "page:" + key
	if v, ok := s.c.lookup(s, key); ok {
		s.c.stats.Hits.Add(1)
		return v.(*Body), nil
	}
	v, shared, err := s.c.once(s, key, func() (any, error) {
		s.c.stats.Renders.Add(1)
		rs := s.recording()
		content, err := render(rs)
		if err != nil {
			return nil, err
		}
		dep := rs.uses.dep()
		b, err := newBody(dep.version(s.v), content)
		if err != nil {
			return nil, err
		}
		s.c.keep(s, key, b, b.size, s.c.cfg.MaxEntry, dep)
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	b := v.(*Body)
	if shared {
		s.c.stats.Hits.Add(1)
		return b, nil
	}
	r := *b // the flag is this request's alone
	r.Rendered = true
	return &r, nil
}

// AcceptsGzip reports whether an Accept-Encoding header accepts gzip: named (or *) with a quality above 0.
func AcceptsGzip(header string) bool {
	star, gz := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(name), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		switch enc = strings.ToLower(strings.TrimSpace(enc)); enc {
		case "gzip", "x-gzip":
			gz = max(gz, q)
		case "*":
			star = q
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star > 0
}

// ETagMatch reports whether an If-None-Match header names etag (weak comparison, RFC 9110 13.1.2).
func ETagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
