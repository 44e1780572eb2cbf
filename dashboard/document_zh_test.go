package dashboard

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"html"
	"net/http"
	"strings"
	"testing"
)

// On the built-in dataset, every target of no known plan has a Chinese document name, and no page in
// Chinese (the overview, the scoreboard, every indicator page, the chart data they embed) shows the English
// name of a document that has a Chinese one, other than inside a source's title (a citation, as published);
// the English pages do show it. The downloads carry both names.
func TestChinesePagesNameDocumentsInChinese(t *testing.T) {
	d := builtin(t)
	h := testServer(t, d).Handler()
	ctx := context.Background()

	var missing []string
	rows, err := d.Raw().Query(ctx, `SELECT DISTINCT document FROM targets WHERE plan = 'other' AND document_zh = ''`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			t.Fatal(err)
		}
		missing = append(missing, doc)
	}
	if rows.Close(); rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if len(missing) > 0 {
		t.Errorf("targets of no known plan without a Chinese document name: %q", missing)
	}

	// The English names to hide in Chinese: those with a Chinese name, and not themselves Chinese text that
	// a Chinese page may show (none in the dataset reads the same in both).
	english := map[string]string{} // document -> document_zh
	rows, err = d.Raw().Query(ctx, `SELECT DISTINCT document, document_zh FROM targets WHERE document_zh <> '' AND region = 'CN'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var en, zh string
		if err := rows.Scan(&en, &zh); err != nil {
			t.Fatal(err)
		}
		english[en] = zh
	}
	if rows.Close(); rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if len(english) < 10 {
		t.Fatalf("the built-in dataset has %d documents with a Chinese name", len(english))
	}

	// Source titles are citations, shown as published (some name the document in English): not checked.
	var titles []string
	rows, err = d.Raw().Query(ctx, `SELECT title FROM sources ORDER BY length(title) DESC`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		titles = append(titles, title, "")
	}
	if rows.Close(); rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	withoutTitles := strings.NewReplacer(titles...)

	var codes []string
	rows, err = d.Raw().Query(ctx, `SELECT code FROM indicators ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
	}
	if rows.Close(); rows.Err() != nil {
		t.Fatal(rows.Err())
	}

	pages := []string{"/", "/targets"}
	for _, code := range codes {
		pages = append(pages, "/indicators/"+code)
	}
	shownZH := map[string]bool{} // Chinese names seen on the Chinese pages
	shownEN := map[string]bool{} // English names seen on the English pages
	for _, page := range pages {
		zh := get(t, h, page+"?lang=zh")
		en := get(t, h, page+"?lang=en")
		if zh.status != http.StatusOK || en.status != http.StatusOK {
			t.Fatalf("%s: %d (zh) %d (en)", page, zh.status, en.status)
		}
		zhText, enText := withoutTitles.Replace(pageText(zh.body)), withoutTitles.Replace(pageText(en.body))
		for doc, docZH := range english {
			if strings.Contains(zhText, doc) {
				t.Errorf("%s?lang=zh shows the English document name %q (want %q)", page, doc, docZH)
			}
			if strings.Contains(zhText, docZH) {
				shownZH[docZH] = true
			}
			if strings.Contains(enText, doc) {
				shownEN[doc] = true
			}
		}
	}
	// The check above must look where the names are: every document is on some page in either language.
	for doc, docZH := range english {
		if !shownZH[docZH] {
			t.Errorf("no Chinese page shows %q", docZH)
		}
		if !shownEN[doc] {
			t.Errorf("no English page shows %q", doc)
		}
	}

	// The downloads carry the English name and the Chinese one, whatever the language.
	r := get(t, h, "/targets.csv?lang=zh")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("/targets.csv: %v %d rows", err, len(recs))
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	pairs := 0
	for _, rec := range recs[1:] {
		if zh, ok := english[rec[col["document"]]]; ok {
			pairs++
			if rec[col["document_zh"]] != zh {
				t.Errorf("/targets.csv: %q has document_zh %q, want %q", rec[col["document"]], rec[col["document_zh"]], zh)
			}
		}
	}
	if pairs == 0 {
		t.Error("/targets.csv lists no document with a Chinese name")
	}
	var scores struct {
		Targets []export.ScoreJSON `json:"targets"`
	}
	if err := json.Unmarshal([]byte(get(t, h, "/targets.json?lang=en").body), &scores); err != nil {
		t.Fatal(err)
	}
	pairs = 0
	for _, s := range scores.Targets {
		if zh, ok := english[s.Document]; ok {
			pairs++
			if s.DocumentZH != zh {
				t.Errorf("/targets.json: %q has document_zh %q, want %q", s.Document, s.DocumentZH, zh)
			}
		}
	}
	if pairs == 0 {
		t.Error("/targets.json lists no document with a Chinese name")
	}
}

// pageText is a page as a reader (or a script reading its embedded JSON) gets its strings: entities and
// JSON escapes undone.
func pageText(body string) string {
	body = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\"`, `"`).Replace(body)
	return html.UnescapeString(body)
}
