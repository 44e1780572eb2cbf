package seed

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Years a value may be about (the database refuses others).
const (
	minYear = 1949
	maxYear = 2100
)

// decimal checks the strict decimal syntax -?digits[.digits]. strconv and
// PostgreSQL accept more (NaN, Inf, 1_000, 0x10, 1e5): a loader must not.
func decimal(s string) error {
	if s == "" {
		return fmt.Errorf("empty, want a number")
	}
	if !isDecimal(s) {
		return fmt.Errorf("bad number %q: %s", s, numberHint(s))
	}
	return nil
}

// isDecimal: PostgreSQL numeric keeps the digits after the point as written
// (56.90 stays 56.90) but not a sign of zero or leading zeros (-0 is 0, 007 is
// 7): those are refused, so that what is stored is what the file says.
func isDecimal(s string) bool {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if len(s) > 40 || !digits(whole) || (dot && !digits(frac)) || (len(whole) > 1 && whole[0] == '0') {
		return false
	}
	return !neg || strings.Trim(whole+frac, "0") != ""
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func numberHint(s string) string {
	l := strings.ToLower(strings.TrimLeft(strings.TrimSpace(s), "+-"))
	switch {
	case strings.Contains(l, "nan") || strings.Contains(l, "inf"):
		return "not a finite number"
	case strings.Contains(s, ","):
		return "use a dot for decimals and no thousands separator"
	case strings.Contains(s, "_"):
		return "no digit separators"
	case strings.Contains(s, "%"):
		return "write the number without %"
	case strings.HasPrefix(l, "0x") || strings.HasPrefix(l, "0o") || strings.HasPrefix(l, "0b"):
		return "no hexadecimal, octal or binary numbers"
	case strings.ContainsAny(s, "<>~≈"):
		return "put qualifiers such as over/about in the flag column"
	case s != strings.TrimSpace(s):
		return "no spaces around the number"
	case strings.ContainsAny(l, "e"):
		return "no exponents, write the digits"
	case len(s) > 40:
		return "too long"
	case strings.Trim(strings.TrimPrefix(s, "-"), "0.") == "" && strings.HasPrefix(s, "-"):
		return "a zero has no sign: write 0"
	case len(strings.TrimPrefix(s, "-")) > 1 && strings.TrimPrefix(s, "-")[0] == '0' && strings.TrimPrefix(s, "-")[1] != '.':
		return "no leading zeros (the database would drop them)"
	}
	return "want -?digits[.digits]"
}

// parseYear parses a four-digit year within the range the database holds.
func parseYear(s string) (int, error) {
	if len(s) != 4 || !digits(s) {
		return 0, fmt.Errorf("bad year %q: want four digits %d-%d", s, minYear, maxYear)
	}
	y, _ := strconv.Atoi(s)
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("bad year %q: want %d-%d", s, minYear, maxYear)
	}
	return y, nil
}

// parseMonth parses an optional month 1-12 ("" is a yearly value, 0).
func parseMonth(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	m, err := strconv.Atoi(s)
	if len(s) > 2 || !digits(s) || err != nil || m < 1 || m > 12 {
		return 0, fmt.Errorf("bad month %q: want 1-12, or empty for a yearly value", s)
	}
	return m, nil
}

// checkPublished checks a publication date: YYYY, YYYY-MM or YYYY-MM-DD (or empty).
func checkPublished(s string) error {
	if s == "" {
		return nil
	}
	layouts := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}
	layout, ok := layouts[len(s)]
	if !ok || !digits(s[:4]) {
		return fmt.Errorf("bad date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if _, err := time.Parse(layout, s); err != nil {
		return fmt.Errorf("bad date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	return nil
}

// parseDay parses a full date YYYY-MM-DD within the years the database holds.
func parseDay(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 {
		return t, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return t, fmt.Errorf("bad date %q: want a year %d-%d", s, minYear, maxYear)
	}
	return t, nil
}

// validURL checks a source URL (empty or http(s)).
func validURL(s string) error {
	if s == "" || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return nil
	}
	return fmt.Errorf("bad URL %q: want http:// or https://", s)
}

// validText refuses what PostgreSQL text cannot hold, and a cell over the
// field limit (max bytes; 0: none).
func validText(s string, max int) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("contains a NUL character")
	}
	if max > 0 && len(s) > max {
		return fmt.Errorf("a cell of %d bytes, over the limit of %d (-max-field)", len(s), max)
	}
	return nil
}

// maxSourceKey bounds a source's title and URL together: PostgreSQL's index
// over (title, url, published) holds at most about 2.7 kB.
const maxSourceKey = 2000

func sourceKeyLength(title, url string) error {
	if n := len(title) + len(url); n > maxSourceKey {
		return fmt.Errorf("title and URL of %d bytes together, over the limit of %d: a title is a line", n, maxSourceKey)
	}
	return nil
}

// clip shortens a cell quoted in an error: a message names the offending
// cell, it does not copy a file out.
func clip(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func oneOf(s string, allowed ...string) error {
	for _, a := range allowed {
		if s == a {
			return nil
		}
	}
	return fmt.Errorf("bad value %q: want one of %s", s, strings.Join(allowed, ", "))
}

// inUnitRange checks a value against what its unit allows, exactly (a float
// rounds 100.00000000000000000000000000000001 to 100): a share (unit "%")
// lies within 0-100, and a change on the previous year (unit "% y/y") cannot
// fall below -100.
func inUnitRange(value, unit string) error {
	v, ok := new(big.Rat).SetString(value)
	if !ok {
		return fmt.Errorf("bad number %q", clip(value))
	}
	switch {
	case unit == "%" && (v.Cmp(big.NewRat(0, 1)) < 0 || v.Cmp(big.NewRat(100, 1)) > 0):
		return fmt.Errorf("%s is outside 0-100 for a share (unit %%)", clip(value))
	case isChangeUnit(unit) && v.Cmp(big.NewRat(-100, 1)) < 0:
		return fmt.Errorf("%s is below -100 for a change (unit %s): nothing falls by more than all of it", clip(value), unit)
	}
	return nil
}

// isChangeUnit: the unit of a % change on the previous year.
func isChangeUnit(unit string) bool { return unit == "% y/y" }

// CheckPublished refuses a publication date seed would refuse in a file.
func CheckPublished(s string) error {
	if s == "" {
		return fmt.Errorf("empty publication date")
	}
	return checkPublished(s)
}

// inRange checks a value against a plausible range [min, max], exactly.
func inRange(value string, r [2]string) error {
	v, ok1 := new(big.Rat).SetString(value)
	lo, ok2 := new(big.Rat).SetString(r[0])
	hi, ok3 := new(big.Rat).SetString(r[1])
	if !ok1 || !ok2 || !ok3 {
		return fmt.Errorf("bad number %q", clip(value))
	}
	if v.Cmp(lo) < 0 || v.Cmp(hi) > 0 {
		return fmt.Errorf("%s is outside the plausible range %s..%s", clip(value), r[0], r[1])
	}
	return nil
}
