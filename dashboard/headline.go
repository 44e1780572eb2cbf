package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// What an indicator page says first: the latest value, its change on the year before, the live target and
// its status; the targets as restatements (one row per goal, every document stating it), live ones first;
// how to cite the page.

// headline is the answer at the top of an indicator page.
type headline struct {
	Value, Flag string // the latest value with its unit
	Year        int
	Change      string // on the year before: "-1.6 pp on 2023" / "比2023年下降1.6个百分点"; "" when unknown
	Target      *restatedRow
}

// restatedRow is one target of the page, as every document stating it.
type restatedRow struct {
	R           trend.Restatement
	StatusLabel string
	Still       string
	Documents   []documentRef
	Strip       []stripCell // the lead's verdict over time (history.go)
	HistoryURL  string
}

type documentRef struct {
	Name, URL, Plan, Issuer string
	Binding                 bool
}

func newHeadline(tr trend.Trend) headline {
	var h headline
	p, ok := tr.Latest()
	if !ok {
		return h
	}
	h.Value, h.Year, h.Flag = tr.Shown.Amount(p.Exact), p.Year, text.FlagName(tr.Lang, p.Flag)
	if tr.Indicator.Measure != "yoy_change" { // a year-on-year change is itself the change on the year before
		h.Change = changeOnYear(tr, p)
	}
	if r := tr.Lead(); r != nil {
		row := restatedRowOf(tr, *r)
		h.Target = &row
	}
	return h
}

// changeOnYear is the latest value against the year before's: in percentage points for a share, else in per
// cent of the earlier value.
func changeOnYear(tr trend.Trend, p trend.Point) string {
	pts := tr.Actual.Points
	if len(pts) < 2 || pts[len(pts)-2].Year != p.Year-1 {
		return ""
	}
	prev := pts[len(pts)-2]
	prec := tr.Indicator.Precision
	var amount string
	if strings.HasPrefix(tr.Unit, "%") {
		amount = text.Fixed(p.Value-prev.Value, max(prec, 1))
		if tr.Lang == text.ZH {
			return fmt.Sprintf("比%d年", prev.Year) + strings.TrimSuffix(text.ChangeZH(amount), "%") + "个百分点"
		}
		if strings.Trim(amount, "+-0.") == "" {
			return "unchanged on " + strconv.Itoa(prev.Year)
		}
		return text.Signed(amount) + " pp on " + strconv.Itoa(prev.Year)
	}
	if prev.Value == 0 {
		return ""
	}
	amount = text.Fixed((p.Value/prev.Value-1)*100, 1)
	if tr.Lang == text.ZH {
		return fmt.Sprintf("比%d年", prev.Year) + text.ChangeZH(amount)
	}
	return text.Signed(amount) + "% on " + strconv.Itoa(prev.Year)
}

func restatedRowOf(tr trend.Trend, r trend.Restatement) restatedRow {
	row := restatedRow{R: r, StatusLabel: trend.StatusLabel(r.Lead.Status.Code, tr.Lang), Still: trend.StillRequired(tr, r.Lead)}
	for _, tv := range r.All {
		row.Documents = append(row.Documents, documentRef{Name: tv.Document, URL: tv.Target.Source.URL, Plan: tv.PlanName,
			Issuer: text.OrgName(tr.Lang, tv.Target.Issuer), Binding: tv.Target.Binding})
	}
	return row
}

func restatedRows(tr trend.Trend, rs []trend.Restatement) []restatedRow {
	var out []restatedRow
	for _, r := range rs {
		out = append(out, restatedRowOf(tr, r))
	}
	return out
}

// pageCitation is "cite this" of an indicator page: a sentence and a BibTeX entry naming the data version (the
// state of this indicator's figures, which the page's ETag also carries) and the date of the newest
// publication among them. The reader's access date is filled in by page.js (the page is cached).
type pageCitation struct {
	Text, BibTeX string
	Version      int64
	Updated      string // the newest publication date of the indicator's values and targets
}

// On an as-of page (asOf not empty) the citation names the day the data is shown as of, and pageURL keeps it.
func newPageCitation(tr trend.Trend, pageURL string, version int64, asOf record.AsOf) pageCitation {
	c := pageCitation{Version: version, Updated: lastUpdated(tr)}
	year := c.Updated
	if len(year) > 4 {
		year = year[:4]
	}
	dated := c.Updated
	if asOf != "" {
		dated += text.Tf(tr.Lang, "cite.asof", asOfDate(tr.Lang, asOf))
	}
	if tr.Lang == text.ZH {
		c.Text = fmt.Sprintf("dualcarbon（双碳进展）. %s[DS/OL]. 数据版本%d（更新于%s）. [访问日期]. %s.", tr.Name, version, dated, pageURL)
	} else {
		c.Text = fmt.Sprintf("dualcarbon (%s), “%s”, data version %d (updated %s), %s, accessed [date].", year, tr.Name, version, dated, pageURL)
	}
	c.BibTeX = "@misc{dualcarbon_" + tr.Indicator.Code + ",\n" +
		"  author = {{dualcarbon}},\n" +
		"  title = {" + bibEscape(tr.Name) + "},\n" +
		"  year = {" + year + "},\n" +
		"  version = {" + strconv.FormatInt(version, 10) + "},\n" +
		"  note = {" + bibEscape(text.T(tr.Lang, "cite.bib_note")) + " " + dated + "},\n" +
		"  url = {" + pageURL + "},\n" +
		"  urldate = {[date]}\n}"
	return c
}

// bibEscape keeps a name from the database from ending a BibTeX field or starting a command.
func bibEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`, "#", `\#`, "$", `\$`, "_", `\_`, "\n", " ")
	return r.Replace(s)
}

// lastUpdated is the newest publication date (YYYY, YYYY-MM or YYYY-MM-DD, compared as text) of the values
// and targets shown.
func lastUpdated(tr trend.Trend) string {
	var out string
	for _, o := range tr.Vintages {
		out = max(out, o.Source.Published)
	}
	for _, p := range tr.Actual.Points {
		if p.Source != nil {
			out = max(out, p.Source.Published)
		}
	}
	for _, tv := range tr.Targets {
		out = max(out, tv.Target.Source.Published)
	}
	return out
}

// chartSummary says in words what the chart draws, for readers who cannot see it: the range of the values,
// their lowest and highest, and each target drawn with its status.
func chartSummary(tr trend.Trend) string {
	lang := tr.Lang
	pts := tr.Actual.Points
	if len(pts) == 0 {
		return text.Tf(lang, "summary.empty", tr.Name)
	}
	lo, hi := pts[0], pts[0]
	for _, p := range pts {
		if p.Value < lo.Value {
			lo = p
		}
		if p.Value > hi.Value {
			hi = p
		}
	}
	v := func(p trend.Point) string { return tr.Shown.Amount(p.Exact) }
	first, last := pts[0], pts[len(pts)-1]
	out := text.Tf(lang, "summary.values", tr.Name, first.Year, last.Year, v(first), v(last), v(lo), lo.Year, v(hi), hi.Year)
	var targets []string
	for _, r := range trend.Restated(tr.Indicator, tr.Targets, lang) {
		if r.Lead.Drawn() {
			targets = append(targets, r.Label+text.T(lang, "punct.colon")+trend.StatusLabel(r.Lead.Status.Code, lang))
		}
	}
	if len(targets) > 0 {
		out += text.T(lang, "summary.targets") + strings.Join(targets, text.T(lang, "summary.sep")) + text.T(lang, "sum.end")
	}
	return out
}
