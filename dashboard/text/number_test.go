package text

import (
	"math"
	"testing"
)

func TestFixed(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{1.25, 1, "1.2"}, // strconv rounds half to even on the binary value
		{1.26, 1, "1.3"},
		{-0.04, 1, "0.0"}, // no negative zero
		{math.Copysign(0, -1), 0, "0"},
		{-1.5, 0, "-2"},
		{12, -1, "12"}, // a negative precision counts as 0
		{19.3, 3, "19.300"},
		{math.NaN(), 1, "-"},
		{math.Inf(1), 1, "-"},
		{math.Inf(-1), 2, "-"},
	}
	for _, tt := range tests {
		if got := Fixed(tt.v, tt.prec); got != tt.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}

func TestWithUnit(t *testing.T) {
	tests := []struct{ v, unit, want string }{
		{"58", "%", "58%"},
		{"-0.5", "% y/y", "-0.5% y/y"},
		{"5.1", "Gt CO2", "5.1 Gt CO2"},
		// A unit whose first character is ASCII takes a space, whatever follows: the "19billion m³" bug.
		{"19", "billion m³", "19 billion m³"},
		{"19", "m³", "19 m³"},
		{"1.2", "亿千瓦", "1.2亿千瓦"},
		{"195", "亿立方米", "195亿立方米"},
		{"12", "℃", "12℃"},
		{"3", "", "3"},
		{"", "Gt", ""},
	}
	for _, tt := range tests {
		if got := WithUnit(tt.v, tt.unit); got != tt.want {
			t.Errorf("WithUnit(%q, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestSigned(t *testing.T) {
	tests := []struct{ v, want string }{
		{"1.5", "+1.5"}, {"-1.5", "-1.5"}, {"+2", "+2"}, {"0", "0"}, {"0.00", "0.00"}, {"-0.0", "-0.0"}, {"", ""},
	}
	for _, tt := range tests {
		if got := Signed(tt.v); got != tt.want {
			t.Errorf("Signed(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestUnsigned(t *testing.T) {
	tests := []struct{ v, want string }{{"-18", "18"}, {"+3.5", "3.5"}, {"7", "7"}, {"", ""}}
	for _, tt := range tests {
		if got := Unsigned(tt.v); got != tt.want {
			t.Errorf("Unsigned(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestChangeZH(t *testing.T) {
	tests := []struct{ v, want string }{
		{"-8.1", "下降8.1%"}, {"3", "上升3%"}, {"+3", "上升3%"}, {"0.0", "持平"}, {"-0.0", "持平"},
	}
	for _, tt := range tests {
		if got := ChangeZH(tt.v); got != tt.want {
			t.Errorf("ChangeZH(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestRate(t *testing.T) {
	tests := []struct {
		lang   string
		rate   float64
		linear bool
		form   RateForm
		want   string
	}{
		{EN, -0.02, false, InSentence, "-2.0 %/yr"},
		{ZH, -0.02, false, InSentence, "-2.0%"},
		{EN, -0.11, false, OneYear, "-11.0 %"},
		{ZH, -0.11, false, OneYear, "-11.0%"},
		{EN, 0.031, false, InColumn, "+3.1 %/yr"},
		{ZH, 0.031, false, InColumn, "+3.1%/年"},
		{EN, 0, false, InColumn, "0.0 %/yr"},
		{EN, -0.25, true, InSentence, "-0.25% y/y per year"},
		{ZH, -0.25, true, InSentence, "-0.25% y/y"},
		{EN, 0.25, true, InColumn, "+0.25% y/y"},
		{EN, -1, true, OneYear, "-1.00% y/y"},
		{EN, math.NaN(), false, InColumn, "-"},
		{ZH, math.Inf(1), true, InSentence, "-"},
	}
	for _, tt := range tests {
		if got := Rate(tt.lang, tt.rate, tt.linear, Shown{Unit: "% y/y"}, 1, tt.form); got != tt.want {
			t.Errorf("Rate(%s, %v, linear %v, form %d) = %q, want %q", tt.lang, tt.rate, tt.linear, tt.form, got, tt.want)
		}
	}
}

func TestChange(t *testing.T) {
	tests := []struct{ lang, v, want string }{
		{EN, "-18", "-18%"}, {EN, "3.5", "+3.5%"}, {EN, "0.0", "0.0%"}, {ZH, "-18", "下降18%"}, {ZH, "+3", "上升3%"}, {ZH, "0", "持平"},
	}
	for _, tt := range tests {
		if got := Change(tt.lang, tt.v); got != tt.want {
			t.Errorf("Change(%s, %q) = %q, want %q", tt.lang, tt.v, got, tt.want)
		}
	}
}

func TestTrimmed(t *testing.T) {
	tests := []struct {
		v    float64
		prec int
		want string
	}{
		{1.5, 2, "1.5"},
		{2, 2, "2"},
		{100, 0, "100"},
		{-0.001, 2, "0"},
		{-6.89, 2, "-6.89"},
		{10.10, 1, "10.1"},
	}
	for _, tt := range tests {
		if got := Trimmed(tt.v, tt.prec); got != tt.want {
			t.Errorf("Trimmed(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
}
