package dashboard

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

var (
	targetTableRE  = regexp.MustCompile(`(?s)<table id="target-table">.*?</table>`)
	targetRowRE    = regexp.MustCompile(`<tr id="target-row-(\d+)" data-documents="(\d+)"><th scope="row">([^<]*)</th><td>(\d+)</td>`)
	statusItemRE   = regexp.MustCompile(`<li class="status" id="status-(\d+)" data-status="[a-z_]+" data-documents="(\d+)"`)
	statusAnchorRE = regexp.MustCompile(`id="status-(\d+)"`)
)

// TestTargetTableListsRestatementsOnce: on every indicator page, the table of targets under the chart has one
// row per goal, as the lists at the top (live and earlier targets) do: a target restated by several documents
// is one row naming every document, and every target of the page is in some row.
func TestTargetTableListsRestatementsOnce(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	merged := 0
	for _, code := range dbtest.Strings(t, d, `SELECT DISTINCT indicator FROM targets WHERE region = 'CN' ORDER BY 1`) {
		for _, lang := range []string{"en", "zh"} {
			page := "/indicators/" + code + "?lang=" + lang + "&from=1990&to=2100"
			body := get(t, h, page).body
			rows := targetRowRE.FindAllStringSubmatch(targetTableRE.FindString(body), -1)
			items := statusItemRE.FindAllStringSubmatch(body, -1)
			if len(rows) == 0 || len(rows) != len(items) {
				t.Errorf("%s: %d rows in the table of targets, %d targets listed at the top", page, len(rows), len(items))
				continue
			}
			want := map[string]string{} // lead target id -> documents, from the lists at the top
			for _, it := range items {
				want[it[1]] = it[2]
			}
			documents, seen := 0, map[string]bool{}
			for _, r := range rows {
				if want[r[1]] != r[2] || seen[r[3]+r[4]] {
					t.Errorf("%s: row %s (%s, %s documents) lists %q documents at the top, or repeats a goal", page, r[1], r[3], r[2], want[r[1]])
				}
				seen[r[3]+r[4]] = true
				n, _ := strconv.Atoi(r[2])
				documents += n
				if n > 1 {
					merged++
					if lang == "en" && !strings.Contains(r[3], " by ") {
						t.Errorf("%s: restated row %s is labelled %q, not by its goal", page, r[1], r[3])
					}
				}
			}
			targets := map[string]bool{}
			for _, m := range statusAnchorRE.FindAllStringSubmatch(body, -1) {
				targets[m[1]] = true
			}
			if documents != len(targets) {
				t.Errorf("%s: the table's rows name %d documents; the page has %d targets", page, documents, len(targets))
			}
		}
	}
	if merged == 0 {
		t.Error("no restated target in the built-in dataset: the test proves nothing")
	}
}
