package db_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// The series read from the wire's binary arrays (scanSeries) equal what pgx scans from a connection in the
// simple protocol, whose rows come as text: every region and indicator of data with revisions, notes and
// quotes, flags, undated sources and months.
func TestCurrentSeriesBinaryAsText(t *testing.T) {
	ctx := context.Background()
	url := dbtest.URL(t)
	d := dbtest.Open(t, url)
	loadVintages(t, d)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	simple := dbtest.Open(t, url+sep+"default_query_exec_mode=simple_protocol")
	n := 0
	compare := func(what string, read func(*db.DB) ([]db.Observation, error)) {
		t.Helper()
		bin, err := read(d)
		if err != nil {
			t.Fatal(err)
		}
		text, err := read(simple)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bin, text) {
			t.Errorf("%s: binary\n%+v\ntext\n%+v", what, bin, text)
		}
		n += len(bin)
	}
	for _, region := range []string{"CN", "CN-BJ", "CN-SH"} {
		compare("CurrentYearly("+region+")", func(d *db.DB) ([]db.Observation, error) { return d.CurrentYearly(ctx, region) })
	}
	for _, code := range []string{"coal_share", "pm25"} {
		compare("CurrentYearlyOfIndicator("+code+")", func(d *db.DB) ([]db.Observation, error) {
			return d.CurrentYearlyOfIndicator(ctx, code)
		})
	}
	if n == 0 {
		t.Fatal("no current rows to compare")
	}
	var withText int
	if err := d.Raw().QueryRow(ctx, `SELECT count(*) FROM current_series WHERE notes IS NOT NULL OR quotes IS NOT NULL OR flags IS NOT NULL`).Scan(&withText); err != nil || withText == 0 {
		t.Fatalf("the data has no series with flags, notes or quotes (%d, %v): the comparison would not cover them", withText, err)
	}
}
