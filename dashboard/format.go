package dashboard

import (
	"math"
	"strconv"
	"strings"
)

// fixed formats v with prec decimals, without a negative zero; "-" for NaN and infinities.
func fixed(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	s := strconv.FormatFloat(v, 'f', max(prec, 0), 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}

// withUnit joins a number and its unit: "58%", "5.1 Gt CO2", "1.2亿千瓦".
func withUnit(v, unit string) string {
	if v == "" || unit == "" {
		return v
	}
	if strings.HasPrefix(unit, "%") || unit[0] >= 0x80 {
		return v + unit
	}
	return v + " " + unit
}

// percentRate formats a compound annual rate (a fraction) as "-2.0 %/yr" / "-2.0%/年".
func percentRate(lang string, r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "-"
	}
	s := fixed(r*100, 1)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		s = "+" + s
	}
	if lang == langZH {
		return s + "%/年"
	}
	return s + " %/yr"
}
