package text

import (
	"strconv"
	"strings"
)

// Shown is how a language writes the amounts of one unit: the unit its readers use and the power of ten from
// the stored (canonical) unit to it. A value stored as 5.96 billion tce reads 59.6亿吨标准煤 in Chinese
// (Exp 1); 2340 GW reads 23.4亿千瓦 (Exp -2). Downloads and the API keep the stored unit.
type Shown struct {
	Unit string
	Exp  int
}

// zhUnits are the units Chinese readers use for the canonical units that Chinese does not write as they are,
// with the power of ten from the canonical unit: 亿 (10^8) and 万 (10^4) instead of billion and million.
var zhUnits = map[string]Shown{
	"billion tce":      {"亿吨标准煤", 1},
	"GW":               {"亿千瓦", -2},
	"Gt CO2":           {"亿吨二氧化碳", 1},
	"Mt CO2":           {"亿吨二氧化碳", -2},
	"billion m³":       {"亿立方米", 1},
	"billion yuan":     {"亿元", 1},
	"million t":        {"亿吨", -2},
	"million vehicles": {"万辆", 2},
	"million kWh":      {"亿千瓦时", -2},
	"billion kWh":      {"亿千瓦时", 1},
	"TWh":              {"亿千瓦时", 1},
}

// ShownUnit is how lang shows amounts of an indicator whose unit is en (canonical) with the Chinese label zh:
// in English the unit as stored; in Chinese the reader's unit of zhUnits, else the label zh (en when zh is
// empty), unscaled.
func ShownUnit(lang, en, zh string) Shown {
	if lang == ZH {
		if s, ok := zhUnits[en]; ok {
			return s
		}
	}
	return Shown{Unit: Pick(lang, en, zh)}
}

// Number is the decimal text v in the shown unit (Shift by Exp): "5.96" -> "59.6".
func (s Shown) Number(v string) string { return Shift(v, s.Exp) }

// Amount is the decimal text v with the shown unit: "59.6亿吨标准煤", "5.96 billion tce"; "" stays "".
func (s Shown) Amount(v string) string { return WithUnit(Shift(v, s.Exp), s.Unit) }

// Fixed is a computed value v with prec decimals in the stored unit, in the shown unit: the decimals move
// with the point, so the number keeps its significant digits (123.4 GW -> 1.234亿千瓦).
func (s Shown) Fixed(v float64, prec int) string { return Shift(Fixed(v, prec), s.Exp) }

// Value is v in the shown unit for a chart: the decimal point moved on v's shortest decimal text, so 5.96
// becomes 59.6, never 59.599999999999994.
func (s Shown) Value(v float64) float64 {
	if s.Exp == 0 {
		return v
	}
	f, err := strconv.ParseFloat(Shift(strconv.FormatFloat(v, 'f', -1, 64), s.Exp), 64)
	if err != nil {
		return v
	}
	return f
}

// Shift multiplies the decimal text v by 10^exp exactly, keeping its significant digits: the decimal point
// moves, digits are neither added nor lost. Zeros that end an integer are not significant (2340 has three
// significant digits, as 2.34 thousand), zeros after a decimal point are (5.00 has three). So Shift("5.96", 1)
// is "59.6", Shift("2340", -2) "23.4", Shift("5.00", 1) "50.0", Shift("50", 1) "500", Shift("-0.5", -2)
// "-0.005". A text that is not a plain decimal ("-", "", "1e3") is returned as is.
func Shift(v string, exp int) string {
	if exp == 0 {
		return v
	}
	sign, digits, point, ok := splitDecimal(v)
	if !ok {
		return v
	}
	// v = digits × 10^e, with digits an integer without leading zeros.
	e := -(len(digits) - point)
	if point == len(digits) { // an integer: its trailing zeros are not significant
		trimmed := strings.TrimRight(digits, "0")
		e += len(digits) - len(trimmed)
		digits = trimmed
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0"
	}
	e += exp
	if e >= 0 {
		return sign + digits + strings.Repeat("0", e)
	}
	frac := -e
	if frac >= len(digits) {
		return sign + "0." + strings.Repeat("0", frac-len(digits)) + digits
	}
	return sign + digits[:len(digits)-frac] + "." + digits[len(digits)-frac:]
}

// splitDecimal splits a plain decimal text: its sign ("", "-" or "+"), its digits without the point, and how
// many of them come before the point.
func splitDecimal(v string) (sign, digits string, point int, ok bool) {
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") {
		sign, v = v[:1], v[1:]
	}
	intPart, frac, hasPoint := strings.Cut(v, ".")
	if intPart == "" && frac == "" || hasPoint && frac == "" {
		return "", "", 0, false
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return "", "", 0, false
		}
	}
	return sign, intPart + frac, len(intPart), true
}
