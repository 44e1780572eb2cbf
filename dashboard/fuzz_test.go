package dashboard

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/labstack/echo/v4"
)

// queryContext is an echo context for GET /?raw, built without parsing raw (any bytes at all).
func queryContext(raw string) echo.Context {
	req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/", RawQuery: raw}, Header: http.Header{}}
	return echo.New().NewContext(req, httptest.NewRecorder())
}

// isBadRequest: a refused query is a 400 with a message key, nothing else.
func isBadRequest(err error) bool {
	var ue *Error
	return errors.As(err, &ue) && ue.Status == http.StatusBadRequest && ue.Key != "" && text.T(text.EN, ue.Key) != ue.Key
}

// parseView never panics, accepts only years of the schema's range in order and a known language, and
// refuses everything else with a 400.
func FuzzParseView(f *testing.F) {
	for _, q := range []string{"", "lang=zh", "from=2015&to=2024", "from=0&to=2147483647", "from=2020&from=2021",
		"lang=en&lang=zh", "from=-2020", "from=%zz", "from=2020;to=2021", "from=1949&to=2100", "to=1948", "from=２０２０"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := parseView(queryContext(raw))
		if err != nil {
			if !isBadRequest(err) {
				t.Fatalf("%q: %v, want a 400 with a message", raw, err)
			}
			return
		}
		for _, y := range []int{v.From, v.To} {
			if y != 0 && (y < minYear || y > maxYear) {
				t.Fatalf("%q: accepted year %d", raw, y)
			}
		}
		if v.From != 0 && v.To != 0 && v.From > v.To {
			t.Fatalf("%q: accepted from %d after to %d", raw, v.From, v.To)
		}
		if !validLang(v.Lang) {
			t.Fatalf("%q: accepted language %q", raw, v.Lang)
		}
	})
}

// parseCodes never panics, accepts none or 2 to 6 distinct well-formed codes, and refuses everything else
// with a 400.
func FuzzParseCodes(f *testing.F) {
	for _, q := range []string{"", "codes=coal_share,pm25", "codes=coal_share&codes=pm25", "codes=a", "codes=coal_share,coal_share",
		"codes=a1,a2,a3,a4,a5,a6,a7", "codes=x%27;DROP%20TABLE%20observations;--,pm25", "codes=%3Cb%3E,pm25", "codes=,", "codes=%zz"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		codes, err := parseCodes(queryContext(raw))
		if err != nil {
			if !isBadRequest(err) {
				t.Fatalf("%q: %v, want a 400 with a message", raw, err)
			}
			return
		}
		if len(codes) != 0 && (len(codes) < 2 || len(codes) > maxCompare) {
			t.Fatalf("%q: accepted %d codes", raw, len(codes))
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !validCode(c) || seen[c] {
				t.Fatalf("%q: accepted code %q in %v", raw, c, codes)
			}
			seen[c] = true
		}
	})
}
