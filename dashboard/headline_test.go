package dashboard

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// On every indicator page of the built-in dataset a target is listed once however many documents restate it
// (20 % non-fossil by 2025 is stated by five), live targets before the closed ones (folded under "Earlier
// targets"), and the headline leads with the latest value and the live target.
func TestIndicatorPagesLeadWithTheAnswer(t *testing.T) {
	s := testServer(t, builtin(t))
	h := s.Handler()
	item := regexp.MustCompile(`(?s)<li class="status" id="status-\d+" data-status="[a-z_]+" data-documents="(\d+)" data-year="\d+">.*?<strong class="target-label">([^<]*)</strong>`)
	ins, err := s.store.Indicators(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	most := 0
	for _, in := range ins {
		for _, lang := range []string{"en", "zh"} {
			page := "/indicators/" + in.Code + "?lang=" + lang
			r := get(t, h, page)
			if r.status != 200 {
				t.Fatalf("%s: %d", page, r.status)
			}
			seen := map[string]bool{}
			for _, m := range item.FindAllStringSubmatch(r.body, -1) {
				label := html.UnescapeString(m[2])
				if seen[label] {
					t.Errorf("%s: target %q listed twice", page, label)
				}
				seen[label] = true
				n, _ := strconv.Atoi(m[1])
				most = max(most, n)
			}
			if live, earlier := strings.Index(r.body, `id="live-targets"`), strings.Index(r.body, `id="earlier-targets"`); live > 0 && earlier > 0 && earlier < live {
				t.Errorf("%s: earlier targets before the live ones", page)
			}
			head, chart := strings.Index(r.body, `id="headline"`), strings.Index(r.body, `id="chart"`)
			if head < 0 || chart < head || (len(seen) > 0 && !strings.Contains(r.body, `id="headline-target"`)) {
				t.Errorf("%s: no headline before the chart (headline at %d, chart at %d)", page, head, chart)
			}
		}
	}
	if most < 3 {
		t.Errorf("no target is stated by more than %d documents: restatements are not merged", most)
	}
	r := get(t, h, "/indicators/non_fossil_share?lang=en")
	if n := strings.Count(r.body, `<strong class="target-label">20% by 2025</strong>`); n != 1 || !strings.Contains(r.body, `id="earlier-targets"`) {
		t.Errorf("non_fossil_share: 20%% by 2025 listed %d times (want once), or nothing is folded under earlier targets", n)
	}
}
