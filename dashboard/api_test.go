package dashboard

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/db/dbtest/hostile"
)

// TestOpenAPI validates the served OpenAPI document, then every real response of the API against it: status,
// content type and body schema (additionalProperties false: a field added or renamed in the code and not in
// the document fails).
func TestOpenAPI(t *testing.T) {
	e := newExportEnv(t)
	ctx := context.Background()
	r := e.get(t, "/api/v1/openapi.json")
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.status)
	}
	doc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: e.url + "/api/v1"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/api/v1/indicators", "/api/v1/indicators?lang=zh",
		"/api/v1/indicators/coal_share", "/api/v1/indicators/carbon_intensity?lang=zh",
		"/api/v1/indicators/coal_share/series", "/api/v1/indicators/coal_share/series?vintage=latest&from=2021&to=2023",
		"/api/v1/indicators/coal_share/series?region=CN-SX", "/api/v1/indicators/carbon_intensity/targets",
		"/api/v1/sources", "/api/v1/events",
		"/api/v1/indicators/no_such", "/api/v1/indicators/coal_share/series?vintage=first",
		"/api/v1/indicators?asof=2022-06-30", "/api/v1/indicators/carbon_intensity?asof=2022-06-30",
		"/api/v1/indicators/coal_share/series?asof=2022-06-30", "/api/v1/indicators/carbon_intensity/targets?asof=2022-06-30",
		"/api/v1/sources?asof=2022-06-30", "/api/v1/events?asof=2022-06-30", "/api/v1/indicators/coal_share?asof=1999-02-30",
		"/api/v1/changes?since=2015-01-01", "/api/v1/changes?since=2015-01-01&asof=2023-03-01&lang=zh",
		"/api/v1/targets/" + e.targetID(t) + "/history", "/api/v1/targets/" + e.targetID(t) + "/history?asof=2023-03-01",
		"/api/v1/targets/999999/history",
		"/api/v1/regions", "/api/v1/indicators?region=CN-SX", "/api/v1/indicators/coal_share?region=CN-SX",
		"/api/v1/indicators/carbon_intensity/targets?region=CN-SX", "/api/v1/indicators/coal_share?region=CN-ZZ",
		"/api/v1/indicators?region=cn",
	} {
		t.Run(strings.TrimPrefix(path, "/api/v1/"), func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatalf("no route in the document: %v", err)
			}
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
			if resp.StatusCode == http.StatusOK {
				if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
					t.Errorf("request: %v", err)
				}
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
				Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("%d response does not match the document: %v\n%s", resp.StatusCode, err, body)
			}
		})
	}
}

// TestAPIValues checks what the API says against the database.
func TestAPIValues(t *testing.T) {
	e := newExportEnv(t)
	decode := func(path string, v any) {
		t.Helper()
		r := e.get(t, path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%s: %d %s", path, r.status, r.header.Get("Content-Type"))
		}
		if bytes.Contains(r.body, []byte("</script>")) {
			t.Errorf("%s: markup not escaped", path)
		}
		dec := json.NewDecoder(bytes.NewReader(r.body))
		dec.UseNumber()
		if err := dec.Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var all export.APISeries
	decode("/api/v1/indicators/coal_share/series", &all)
	var latest export.APISeries
	decode("/api/v1/indicators/coal_share/series?vintage=latest", &latest)
	var n, nLatest int
	if err := e.d.Raw().QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE vintage = vintages)
		FROM observation_vintages WHERE indicator = 'coal_share' AND region = 'CN'`).Scan(&n, &nLatest); err != nil {
		t.Fatal(err)
	}
	if len(all.Observations) != n || len(latest.Observations) != nLatest || n == nLatest {
		t.Errorf("%d observations (database %d), %d latest (database %d)", len(all.Observations), n, len(latest.Observations), nLatest)
	}
	want := currentValues(t, e.d, "coal_share")
	for _, o := range latest.Observations {
		if string(o.Value) != want[itoa(o.Year)] || !o.Current || o.Source.ID == 0 {
			t.Errorf("%d: %s current %v source %d; database %s", o.Year, o.Value, o.Current, o.Source.ID, want[itoa(o.Year)])
		}
		if o.Year == 2022 && (o.Note != hostile.Formula || o.Quote != hostile.Script || o.Flag != "about") {
			t.Errorf("2022 not verbatim: %+v", o)
		}
	}
	var province export.APISeries
	decode("/api/v1/indicators/coal_share/series?region=CN-SX", &province)
	if len(province.Observations) != 1 || province.Observations[0].Value != "70.1" {
		t.Errorf("CN-SX: %+v", province.Observations)
	}

	var list struct{ Indicators []export.APIIndicator }
	decode("/api/v1/indicators?lang=zh", &list)
	if len(list.Indicators) != 2 || list.Indicators[0].Code != "coal_share" || list.Indicators[0].Name != "煤炭消费比重" {
		t.Fatalf("indicators: %+v", list.Indicators)
	}
	ci := list.Indicators[1]
	if ci.Latest == nil || ci.Latest.Value != "-3.4" || ci.Latest.Flag != "over" || len(ci.Targets) != 1 {
		t.Fatalf("carbon_intensity: latest %+v, %d targets", ci.Latest, len(ci.Targets))
	}
	st := ci.Targets[0].Status
	if st.Code != "limited" || st.Ratio == nil || !strings.HasPrefix(st.Ratio.String(), "0.5") || st.Text == "" {
		t.Errorf("status of -18%% by 2025: %+v", st)
	}
	var sources struct{ Sources []export.Source }
	decode("/api/v1/sources", &sources)
	if len(sources.Sources) != 3 || sources.Sources[2].Title != hostile.Formula || sources.Sources[0].Publisher != "国家统计局" ||
		sources.Sources[0].Standing != "publisher" || sources.Sources[2].Standing != "repost" {
		t.Errorf("sources: %+v", sources.Sources)
	}
	var events struct{ Events []export.EventJSON }
	decode("/api/v1/events", &events)
	if len(events.Events) != 1 || events.Events[0].Date != "2021-07-16" || events.Events[0].Source == nil {
		t.Errorf("events: %+v", events.Events)
	}
}

// targetID is the id of a target of the fixture, as the API names it.
func (e *exportEnv) targetID(t *testing.T) string {
	t.Helper()
	var id int64
	if err := e.d.Raw().QueryRow(context.Background(), `SELECT min(id) FROM targets`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}
