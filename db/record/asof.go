package record

import (
	"fmt"
	"time"
)

// AsOf is the day a read is as of, YYYY-MM-DD: only what had been published by the end of that day is read,
// vintages are ranked among those alone, so the current value is the one that was current then. "" reads
// everything (today's data).
type AsOf = string

// The publication-date rule, one for every read (db's SQL of it, publishedBy) and every computation (PublishedBy):
//
// A date known to the day counts from that day. A date known only to the month ("2021-03") counts from the
// first day of that month, one known only to the year ("2021") from 1 January. This is the reading by which
// vintages have always been ranked (the lexical order of the dates, migrations/0001: "2015-02" before
// "2015-02-26"), so the figures of any as-of date are the earlier vintages of today's, never a later vintage
// without the earlier ones: each period's value as of a date is one it really had, and a revision is always
// old → new in the order the page lists them. Counting a month-only date from its last day instead would show
// the revised 2013 energy total (published 26 February 2015) before the figure it revised (an article of
// "February 2015"), and then bring the older figure back as a new one on the 28th. The price: a figure dated
// only to a month (a year) may appear on an as-of page up to a month (a year) earlier than it was out; the page
// shows its date as the source gives it. A figure whose publication date is unknown ("") counts on no as-of
// date: it is only in today's data.
//
// In lexical terms the rule is: published <> "" and published <= asOf, because "2021-03" and "2021" sort before
// every day of their month and year. A target counts from its issue date (from its source's publication when
// the issue date is unknown), an event from its date.

// PublishedBy reports whether a publication dated published (YYYY, YYYY-MM, YYYY-MM-DD or "") counts as
// published on the day asOf ("" = no as-of date: everything counts). See the rule above.
func PublishedBy(published string, asOf AsOf) bool {
	return asOf == "" || (published != "" && published <= asOf)
}

// CountsFrom is the first day a publication dated published counts as published (YYYY-MM-DD), "" when its
// date is unknown: the smallest asOf for which PublishedBy holds.
func CountsFrom(published string) string {
	switch len(published) {
	case 4:
		return published + "-01-01"
	case 7:
		return published + "-01"
	case 10:
		return published
	}
	return ""
}

// TargetIssued is the date a target counts from: its issue date, else its source's publication.
func TargetIssued(t Target) string {
	if t.Issued != "" {
		return t.Issued
	}
	return t.Source.Published
}

// ParseAsOf checks an as-of date: YYYY-MM-DD, a real day between 1949-01-01 (the schema's first year) and
// today (the day of now, UTC). "" is no date.
func ParseAsOf(s string, now time.Time) (AsOf, error) {
	if s == "" {
		return "", nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || d.Format(time.DateOnly) != s {
		return "", fmt.Errorf("as-of date %q: not a day YYYY-MM-DD", s)
	}
	if d.Year() < 1949 {
		return "", fmt.Errorf("as-of date %q: before 1949", s)
	}
	if s > now.UTC().Format(time.DateOnly) {
		return "", fmt.Errorf("as-of date %q: in the future", s)
	}
	return s, nil
}
