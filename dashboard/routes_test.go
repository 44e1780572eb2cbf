package dashboard

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A method no route takes, on a URL that exists, is 405 with Allow: GET, HEAD; on one that does not, 404.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	s := testServer(t, seeded(t))
	h := s.Handler()
	for _, target := range append(routeTargets(t, s, "coal_share"), "/static/x.css") {
		for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPut} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(m, target, strings.NewReader("x=1")))
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q; want 405 and GET, HEAD", m, target, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/no/such/page", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("POST to a URL that does not exist: %d, want 404", rec.Code)
	}
}
