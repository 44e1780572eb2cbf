package seed

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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

func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return len(s) <= 40 && digits(whole) && (!dot || digits(frac))
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
	}
	return "want -?digits[.digits]"
}

// float of a checked decimal.
func float(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// year parses a four-digit year within the range the database holds.
func year(s string) (int, error) {
	if len(s) != 4 || !digits(s) {
		return 0, fmt.Errorf("bad year %q: want four digits %d-%d", s, minYear, maxYear)
	}
	y, _ := strconv.Atoi(s)
	if y < minYear || y > maxYear {
		return 0, fmt.Errorf("bad year %q: want %d-%d", s, minYear, maxYear)
	}
	return y, nil
}

// month parses an optional month 1-12 ("" is a yearly value, 0).
func month(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	m, err := strconv.Atoi(s)
	if len(s) > 2 || !digits(s) || err != nil || m < 1 || m > 12 {
		return 0, fmt.Errorf("bad month %q: want 1-12, or empty for a yearly value", s)
	}
	return m, nil
}

// published checks a publication date: YYYY, YYYY-MM or YYYY-MM-DD (or empty).
func published(s string) error {
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

// day parses a full date YYYY-MM-DD within the years the database holds.
func day(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != 10 {
		return t, fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return t, fmt.Errorf("bad date %q: want a year %d-%d", s, minYear, maxYear)
	}
	return t, nil
}

// url checks a source URL (empty or http(s)).
func url(s string) error {
	if s == "" || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return nil
	}
	return fmt.Errorf("bad URL %q: want http:// or https://", s)
}

// text refuses what PostgreSQL text cannot hold.
func text(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("contains a NUL character")
	}
	return nil
}

func oneOf(s string, allowed ...string) error {
	for _, a := range allowed {
		if s == a {
			return nil
		}
	}
	return fmt.Errorf("bad value %q: want one of %s", s, strings.Join(allowed, ", "))
}

// share checks a value of an indicator whose unit is "%".
func share(value, unit string) error {
	if unit != "%" {
		return nil
	}
	if f := float(value); f < 0 || f > 100 {
		return fmt.Errorf("%s is outside 0-100 for a share (unit %%)", value)
	}
	return nil
}
