package dashboard

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dualcarbon/dualcarbon/dashboard/export"
	"github.com/dualcarbon/dualcarbon/dashboard/pagecache"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
	"github.com/dualcarbon/dualcarbon/db/record"
)

// What changed: /changes?since=YYYY-MM-DD lists the figures published on or after that day (new ones,
// revisions with the value they replaced, re-publications of the same value) and the statuses that moved, in
// the language of the view; /changes.atom is the same list as an Atom feed (RFC 4287). On an as-of page the list
// ends at its date. Both come from trend.Changes over every indicator: one list, two formats.

// parseSince reads ?since=: a day as ?asof= is read; by default a year before the view's date (or today).
func parseSince(c echo.Context, v View) (string, error) {
	q := c.QueryParams()
	if len(q["since"]) > 1 {
		return "", badRequest("err.duplicate")
	}
	if s := q.Get("since"); s != "" {
		d, err := record.ParseAsOf(s, time.Now())
		if err != nil {
			return "", badRequest("err.since")
		}
		return d, nil
	}
	end := time.Now().UTC()
	if v.AsOf != "" {
		end, _ = time.Parse(time.DateOnly, v.AsOf)
	}
	return end.AddDate(-1, 0, 0).Format(time.DateOnly), nil
}

// allChanges is what changed in every indicator of all since the day since, newest first.
func allChanges(all *AllData, since string, lang string) []trend.Change {
	var out []trend.Change
	for i := range all.Indicators {
		d := &all.Indicators[i]
		out = append(out, trend.Changes(d.Indicator, d.Observations, d.Targets, d.Events, since,
			trend.Options{Lang: lang, Region: national})...)
	}
	trend.SortChanges(out)
	return out
}

// changesSince is what changed on since or later, as of v's date, in v's language. The whole list is made
// once per state of the data (every target's history, its cost, does not depend on since) and cut here.
func (s *Server) changesSince(ctx context.Context, snap *pagecache.Snapshot, v View, since string) ([]trend.Change, error) {
	all, err := s.cache.all(ctx, snap, v.AsOf)
	if err != nil {
		return nil, err
	}
	cs, err := pagecache.Load(snap, "changes@"+v.AsOf+"@"+v.Lang, pagecache.DepAll(), func() ([]trend.Change, int64, error) {
		cs := allChanges(all, "", v.Lang)
		return cs, pagecache.SizeOf(cs), nil
	})
	if err != nil {
		return nil, err
	}
	n := sort.Search(len(cs), func(i int) bool { return cs[i].Date < since }) // newest first
	return cs[:n], nil
}

// changeRow is one change as the page and the feed say it.
type changeRow struct {
	ID                  string // a stable identity: the feed's entry id
	Date, Kind, KindKey string
	Indicator, URL      string // the indicator's name and page (as of the change's day)
	Title               string // what changed, in one line
	Period              string // the year (or month) of a figure
	Old, New, Size      string // figures: the value replaced, the new value, New - Old
	OldSource, NewSrc   *record.Source
	From, To            string // statuses
}

func changeRows(cs []trend.Change, v View) []changeRow {
	rows := make([]changeRow, 0, len(cs))
	for _, c := range cs {
		rows = append(rows, newChangeRow(c, v))
	}
	return rows
}

func newChangeRow(c trend.Change, v View) changeRow {
	lang := v.Lang
	in := c.Indicator
	unit := text.ShownUnit(lang, in.Unit, in.UnitZH)
	r := changeRow{Date: c.Date, Kind: c.Kind, KindKey: "changes." + c.Kind, Indicator: text.Pick(lang, in.NameEN, in.NameZH),
		URL: View{Lang: lang, AsOf: c.Date}.Link("/indicators/" + in.Code)}
	colon := text.Pick(lang, ": ", "：")
	switch c.Kind {
	case trend.ChangeStatus:
		r.From, r.To = trend.StatusLabel(c.From.Status.Code, lang), trend.StatusLabel(c.To.Status.Code, lang)
		label := ""
		if c.Target != nil {
			label = c.Target.Label
			r.URL = View{Lang: lang, AsOf: c.Date}.Link("/targets/" + strconv.FormatInt(c.Target.Target.ID, 10) + "/history")
		}
		r.Period = label
		r.Title = r.Indicator + colon + label + colon + r.From + " → " + r.To
		r.ID = changeID("status", in.Code, c.Date, label)
	default:
		r.Period = strconv.Itoa(c.New.Year)
		if c.New.Month != 0 {
			r.Period += "-" + fmt.Sprintf("%02d", c.New.Month)
		}
		r.New, r.NewSrc = unit.Amount(c.New.Value), &c.New.Source
		r.Title = r.Indicator + " " + r.Period + colon + r.New
		if c.Old != nil {
			r.Old, r.OldSource = unit.Amount(c.Old.Value), &c.Old.Source
			r.Title = r.Indicator + " " + r.Period + colon + r.Old + " → " + r.New
		}
		if c.Kind == trend.ChangeRevision {
			r.Size = unit.Amount(text.Signed(text.Fixed(c.Size, in.Precision)))
		}
		r.ID = changeID("figure", in.Code, c.Date, r.Period, c.New.Source.Title, c.New.Source.URL, c.New.Value)
	}
	return r
}

// changeID is a name-based UUID (RFC 9562, version 5, SHA-1) of the change: the same change has the same id in
// every feed, whatever the server's address.
func changeID(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

type changesView struct {
	pageData
	Since, SinceText string
	Rows             []changeRow
	FeedURL          string
}

// changesPage is GET /changes.
func (s *Server) changesPage(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0
	since, err := parseSince(c, v)
	if err != nil {
		return err
	}
	rememberLang(c, v)
	ctx := c.Request().Context()
	return s.serveCached(c, "changes?"+v.key()+"&since="+since, htmlType, func(snap *pagecache.Snapshot) ([]byte, error) {
		cs, err := s.changesSince(ctx, snap, v, since)
		if err != nil {
			return nil, err
		}
		q := v.Whole().Query()
		q.Set("since", since)
		cv := changesView{pageData: viewPage(v, "/changes"), Since: since, SinceText: asOfDate(v.Lang, since),
			Rows: changeRows(cs, v), FeedURL: "/changes.atom?" + q.Encode()}
		q.Set("lang", text.Other(v.Lang))
		cv.LangSwitch = "/changes?" + q.Encode()
		q.Set("lang", v.Lang)
		q.Del("asof")
		cv.TodayURL = "/changes?" + q.Encode()
		return s.pages.render("changes", cv)
	})
}

// The Atom document (RFC 4287): the elements it requires (feed: id, title, updated, author; entry: id, title,
// updated) and links. Links are relative, resolved against the feed's own address, so the feed does not
// depend on the Host a request names.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary string     `xml:"summary"`
}

// changesAtom is GET /changes.atom: the list of /changes as a feed.
func (s *Server) changesAtom(c echo.Context) error {
	v, err := parseView(c)
	if err != nil {
		return err
	}
	v.From, v.To = 0, 0
	since, err := parseSince(c, v)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "changes.atom?"+v.key()+"&since="+since, "application/atom+xml; charset=utf-8", func(snap *pagecache.Snapshot) ([]byte, error) {
		cs, err := s.changesSince(ctx, snap, v, since)
		if err != nil {
			return nil, err
		}
		return atomOf(changeRows(cs, v), v, since)
	})
}

func atomOf(rows []changeRow, v View, since string) ([]byte, error) {
	q := v.Whole().Query()
	q.Set("since", since)
	f := atomFeed{Lang: text.Pick(v.Lang, "en", "zh-CN"), ID: changeID("feed", v.Lang, v.AsOf, since),
		Title:   text.T(v.Lang, "site.title") + " · " + text.T(v.Lang, "changes.title"),
		Updated: atomTime(since), Author: atomPerson{Name: "dualcarbon"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: "/changes.atom?" + q.Encode()},
			{Rel: "alternate", Type: "text/html", Href: "/changes?" + q.Encode()}}}
	for _, r := range rows {
		if t := atomTime(r.Date); t > f.Updated {
			f.Updated = t
		}
		e := atomEntry{ID: r.ID, Title: text.T(v.Lang, r.KindKey) + text.Pick(v.Lang, ": ", "：") + r.Title,
			Updated: atomTime(r.Date), Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: r.URL}}}
		e.Summary = r.Title
		if r.NewSrc != nil {
			e.Summary += text.Pick(v.Lang, ". Source: ", "。来源：") + r.NewSrc.Title + " (" + r.NewSrc.Published + ")"
		}
		if r.OldSource != nil {
			e.Summary += text.Pick(v.Lang, "; replacing ", "；取代") + r.OldSource.Title + " (" + r.OldSource.Published + ")"
		}
		if r.Size != "" {
			e.Summary += text.Pick(v.Lang, "; revision ", "；修订幅度") + r.Size
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("atom feed: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// APIChanges is /api/v1/changes: the list of /changes for programs.
type APIChanges struct {
	Since   string      `json:"since"`
	AsOf    string      `json:"as_of,omitempty"`
	Changes []APIChange `json:"changes"`
}

// APIChange is one change: a figure (period, new and old values with their sources, size of a revision) or a
// status (target, from, to).
type APIChange struct {
	ID        string        `json:"id"`
	Date      string        `json:"date"`
	Kind      string        `json:"kind"` // new | revision | confirmed | status
	Indicator string        `json:"indicator"`
	Year      int           `json:"year,omitempty"`
	Month     int           `json:"month,omitempty"`
	New       *APIChangeFig `json:"new,omitempty"`
	Old       *APIChangeFig `json:"old,omitempty"`
	Size      *json.Number  `json:"size,omitempty"`
	TargetID  int64         `json:"target_id,omitempty"`
	Target    string        `json:"target,omitempty"` // its label
	From      string        `json:"from,omitempty"`
	To        string        `json:"to,omitempty"`
}

// APIChangeFig is a published value with its source.
type APIChangeFig struct {
	Value  json.Number   `json:"value"`
	Source export.Source `json:"source"`
}

func apiChanges(cs []trend.Change, v View, since string) APIChanges {
	out := APIChanges{Since: since, AsOf: v.AsOf, Changes: []APIChange{}}
	for _, c := range cs {
		r := newChangeRow(c, v)
		a := APIChange{ID: r.ID, Date: c.Date, Kind: c.Kind, Indicator: c.Indicator.Code}
		if c.Kind == trend.ChangeStatus {
			a.From, a.To = c.From.Status.Code, c.To.Status.Code
			if c.Target != nil {
				a.TargetID, a.Target = c.Target.Target.ID, c.Target.Label
			}
		} else {
			a.Year, a.Month = c.New.Year, c.New.Month
			a.New = &APIChangeFig{Value: json.Number(c.New.Value), Source: export.NewSource(c.New.Source)}
			if c.Old != nil {
				a.Old = &APIChangeFig{Value: json.Number(c.Old.Value), Source: export.NewSource(c.Old.Source)}
			}
			if c.Kind == trend.ChangeRevision {
				n := json.Number(export.Number(c.Size))
				a.Size = &n
			}
		}
		out.Changes = append(out.Changes, a)
	}
	return out
}

// apiChangesList is GET /api/v1/changes.
func (s *Server) apiChangesList(c echo.Context) error {
	v, err := apiView(c)
	if err != nil {
		return err
	}
	since, err := parseSince(c, v)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	return s.serveCached(c, "api:changes?"+v.key()+"&since="+since, jsonType, func(snap *pagecache.Snapshot) ([]byte, error) {
		cs, err := s.changesSince(ctx, snap, v, since)
		if err != nil {
			return nil, err
		}
		return marshal(apiChanges(cs, v, since))
	})
}

// atomTime is a day as an Atom date (RFC 3339), at midnight UTC.
func atomTime(day string) string { return day + "T00:00:00Z" }
