package seed

import (
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db"
	"github.com/dualcarbon/dualcarbon/db/dbtest"
)

// A target's document_zh is optional; it is stored, a changed one updates the target (and moves the data
// version), an unchanged one writes nothing, and one left out empties it.
func TestDocumentZH(t *testing.T) {
	d := dbtest.New(t)
	ctx := testContext(t)
	in := testdata(t, "catalogue.yaml")[0]
	const doc = "    document: \"14th Five-Year Plan\"\n    plan: fyp14\n"
	if strings.Count(string(in.Data), doc) != 1 {
		t.Fatalf("testdata/catalogue.yaml changed: want one target of %q", doc)
	}
	with := func(zh string) Input {
		data := strings.Replace(string(in.Data), doc, doc+"    document_zh: \""+zh+"\"\n", 1)
		return Input{Name: in.Name, Data: []byte(data)}
	}
	documentZH := func() map[string]string {
		t.Helper()
		ts, err := d.Targets(ctx, "", "")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, tg := range ts {
			out[tg.Indicator] = tg.DocumentZH
		}
		return out
	}
	targets := func(r db.LoadResult) db.TableCounts {
		for _, tc := range r.Tables {
			if tc.Table == "targets" {
				return tc
			}
		}
		t.Fatalf("no targets in %+v", r.Tables)
		return db.TableCounts{}
	}

	load(t, d, Options{}, with("“十四五”规划纲要"))
	if got := documentZH(); got["coal_share"] != "“十四五”规划纲要" || got["energy_intensity"] != "" {
		t.Fatalf("document_zh stored: %q", got)
	}
	v1, _ := d.DataVersion(ctx)
	if tc := targets(load(t, d, Options{}, with("“十四五”规划纲要"))[0]); tc.Updated != 0 || tc.Unchanged != 2 {
		t.Errorf("the same document_zh again: %+v", tc)
	}
	if tc := targets(load(t, d, Options{}, with("十四五规划"))[0]); tc.Updated != 1 || tc.Unchanged != 1 {
		t.Errorf("a changed document_zh: %+v", tc)
	}
	if got := documentZH(); got["coal_share"] != "十四五规划" {
		t.Errorf("document_zh after the change: %q", got)
	}
	if v2, _ := d.DataVersion(ctx); v2 <= v1 {
		t.Errorf("data version did not move on a changed document_zh: %d -> %d", v1, v2)
	}
	load(t, d, Options{}, in)
	if got := documentZH(); got["coal_share"] != "" {
		t.Errorf("document_zh left out: %q, want empty", got)
	}
}
