package dashboard

import (
	"regexp"
	"testing"
)

// gluedUnit is a number run into "billion m³" with no space between them.
var gluedUnit = regexp.MustCompile(`[0-9]billion m³`)

// The forest stock page writes every amount the same way, in the tables, the target labels and the chart's
// data: "19 billion m³", never "19billion m³" (two copies of the unit formatting once disagreed on this page).
func TestForestStockAmountsSpaced(t *testing.T) {
	h := testServer(t, builtin(t)).Handler()
	r := get(t, h, "/indicators/forest_stock")
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	if m := gluedUnit.FindAllString(r.body, -1); len(m) > 0 {
		t.Errorf("%d amounts glued to their unit, e.g. %q", len(m), m[0])
	}
	if !regexp.MustCompile(`[0-9] billion m³`).MatchString(r.body) {
		t.Error("no amount in billion m³ on the page: the test no longer checks anything")
	}
}
