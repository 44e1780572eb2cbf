package seed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// Seed stores each source's standing: by its URL's host, unless the catalogue states one; a CSV file never
// clears the catalogue's, and a catalogue that lists the source without one gives it back its standing by URL.
func TestSeedStoresSourceStanding(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	cat, err := os.ReadFile(filepath.Join("testdata", "catalogue.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	listed := func(standing string) Input {
		return Input{Name: "catalogue.yaml", Data: []byte(strings.Replace(string(cat), "sources:\n", `sources:
  - title: "Analysis"
    url: "https://www.reuters.com/analysis"
    published: "2022"
`+standing, 1))}
	}
	rows := csvInput("obs.csv",
		"coal_share,CN,2020,,56.8,%,,Communiqué,https://en.people.cn/n3/2021/0301/x.html,2021-03-01",
		"coal_share,CN,2021,,56,%,,Analysis,https://www.reuters.com/analysis,2022",
		"coal_share,CN,2022,,55,%,,Portal,http://m.dy256.com/news/view?id=1,2023")
	standings := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		r, err := d.Raw().Query(ctx, `SELECT url, standing FROM sources WHERE url LIKE '%people%' OR url LIKE '%reuters%' OR url LIKE '%dy256%'`)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for r.Next() {
			var u, s string
			if err := r.Scan(&u, &s); err != nil {
				t.Fatal(err)
			}
			out[u] = s
		}
		return out
	}
	want := func(step string, reuters string) {
		t.Helper()
		got := standings()
		for u, s := range map[string]string{"https://en.people.cn/n3/2021/0301/x.html": "official_media",
			"https://www.reuters.com/analysis": reuters, "http://m.dy256.com/news/view?id=1": "repost"} {
			if got[u] != s {
				t.Errorf("%s: %s has standing %q, want %q", step, u, got[u], s)
			}
		}
	}
	load(t, d, Options{}, listed(`    standing: "estimate"
`), rows)
	want("with the catalogue's override", "estimate")
	load(t, d, Options{}, rows)
	want("after the CSV file alone", "estimate")
	load(t, d, Options{}, listed(""))
	want("after the catalogue lists it without a standing", "other_media")
	obs, err := d.Observations(ctx, "coal_share", "CN", "")
	if err != nil || len(obs) != 3 || obs[0].Source.Standing != "official_media" {
		t.Errorf("Observations carry the standing: %+v %v", obs, err)
	}
}
