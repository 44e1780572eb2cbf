package text

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Fixed formats v with prec decimals (a negative prec counts as 0), without a negative zero; "-" for NaN and
// infinities.
func Fixed(v float64, prec int) string { return string(AppendFixed(nil, v, prec)) }

// AppendFixed appends Fixed(v, prec) to dst (for the many numbers of a sparkline, without a string each).
func AppendFixed(dst []byte, v float64, prec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, '-')
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', max(prec, 0), 64)
	if s := dst[start:]; s[0] == '-' && strings.Trim(string(s), "-0.") == "" { // -0.0 reads 0.0
		dst = append(dst[:start], s[1:]...)
	}
	return dst
}

// Trimmed is Fixed without the trailing zeros of the fraction: a bound of a legend reads "1.5", not "1.50".
func Trimmed(v float64, prec int) string {
	s := Fixed(v, prec)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// WithUnit joins an amount and its unit: "58%", "5.1 Gt CO2", "19 billion m³", "1.2亿千瓦". A unit that starts
// with % or a character beyond ASCII (a Chinese unit, ℃) follows the number without a space; any other unit
// after a space. An empty amount stays empty.
func WithUnit(v, unit string) string {
	if v == "" || unit == "" {
		return v
	}
	if first, _ := utf8.DecodeRuneInString(unit); first == '%' || first >= utf8.RuneSelf {
		return v + unit
	}
	return v + " " + unit
}

// Signed puts a + before a positive number text; a negative, already signed or zero text stays as it is.
func Signed(v string) string {
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") || isZero(v) {
		return v
	}
	return "+" + v
}

// Unsigned is a number text without its sign.
func Unsigned(v string) string { return strings.TrimLeft(v, "+-") }

// ChangeZH is a signed % change in Chinese: "下降8.1%", "上升3%", "持平".
func ChangeZH(v string) string {
	abs := Unsigned(v)
	switch {
	case isZero(abs):
		return "持平"
	case strings.HasPrefix(v, "-"):
		return "下降" + abs + "%"
	}
	return "上升" + abs + "%"
}

// Change is a signed % change in lang: "-8.1%", "+3%" / "下降8.1%", "上升3%", "持平".
func Change(lang, v string) string {
	if lang == ZH {
		return ChangeZH(v)
	}
	return Signed(v) + "%"
}

// isZero reports whether a number text is zero ("0", "0.00", "-0.0").
func isZero(v string) bool { return strings.Trim(v, "+-0.") == "" }

// RateForm is where an annual rate is written, which decides its suffix.
type RateForm int

const (
	// InSentence: a rate per year in a sentence that says "annual" in Chinese: "-2.0 %/yr", "-0.25% y/y per
	// year" / "-2.0%".
	InSentence RateForm = iota
	// OneYear: the change of a single year: "-11.0 %" / "-11.0%".
	OneYear
	// InColumn: a rate per year in a table cell: "-2.0 %/yr", "-0.25% y/y" / "-2.0%/年".
	InColumn
)

// Rate formats an annual rate: a compound rate (a fraction) in % with one decimal, a linear one in the
// indicator's unit as lang shows it (ShownUnit) with one more decimal than its precision; signed; "-" when
// undefined.
func Rate(lang string, rate float64, linear bool, unit Shown, precision int, form RateForm) string {
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		return "-"
	}
	if linear {
		v := WithUnit(Signed(unit.Fixed(rate, precision+1)), unit.Unit)
		if form == InSentence && lang != ZH {
			return v + " per year"
		}
		return v
	}
	v := Signed(Fixed(rate*100, 1))
	switch {
	case lang == ZH && form == InColumn:
		return v + "%/年"
	case lang == ZH:
		return v + "%"
	case form == OneYear:
		return v + " %"
	}
	return v + " %/yr"
}
