package text

import "testing"

func TestShift(t *testing.T) {
	tests := []struct {
		v    string
		exp  int
		want string
	}{
		{"5.96", 1, "59.6"},    // billion tce -> 亿吨标准煤
		{"2340", -2, "23.4"},   // GW -> 亿千瓦: the integer's trailing zero is not significant
		{"570", -2, "5.7"},     // as the source prints it: 5.7亿千瓦
		{"1200", -2, "12"},     //
		{"1000", -2, "10"},     //
		{"934", -2, "9.34"},    //
		{"5.00", 1, "50.0"},    // zeros after the point are significant: kept
		{"50", 1, "500"},       // the point moves past the digits: zeros are added as places, not digits
		{"12.3", 2, "1230"},    //
		{"123.4", -2, "1.234"}, //
		{"120.0", -2, "1.200"},
		{"0.05", 1, "0.5"},
		{"-0.5", -2, "-0.005"},
		{"+3.5", 1, "+35"},
		{"-2340", -2, "-23.4"},
		{"0", -2, "0"},
		{"0.0", 1, "0"},
		{"7", 0, "7"},
		{"2340", 0, "2340"}, // no shift: the text as it is
		{".5", 1, "5"},
		{"-", 1, "-"}, // not a number: as it is
		{"", 1, ""},
		{"1e3", 1, "1e3"},
		{"1.", 1, "1."},
		{"1,000", 1, "1,000"},
	}
	for _, tt := range tests {
		if got := Shift(tt.v, tt.exp); got != tt.want {
			t.Errorf("Shift(%q, %d) = %q, want %q", tt.v, tt.exp, got, tt.want)
		}
	}
}

func TestShownUnit(t *testing.T) {
	tests := []struct {
		lang, en, zh, v string
		want            string
	}{
		{ZH, "billion tce", "十亿吨标准煤", "5.96", "59.6亿吨标准煤"},
		{EN, "billion tce", "十亿吨标准煤", "5.96", "5.96 billion tce"},
		{ZH, "GW", "吉瓦", "2340", "23.4亿千瓦"},
		{ZH, "GW", "吉瓦", "330", "3.3亿千瓦"},
		{EN, "GW", "吉瓦", "2340", "2340 GW"},
		{ZH, "million vehicles", "百万辆", "12.87", "1287万辆"},
		{ZH, "Gt CO2", "十亿吨二氧化碳", "5.1", "51亿吨二氧化碳"},
		{ZH, "Mt CO2", "百万吨二氧化碳", "11472.8", "114.728亿吨二氧化碳"},
		{ZH, "billion m³", "十亿立方米", "19.49", "194.9亿立方米"},
		{ZH, "billion yuan", "十亿元", "7.661", "76.61亿元"},
		{ZH, "million t", "百万吨", "179", "1.79亿吨"},
		{ZH, "%", "%", "56.3", "56.3%"},
		{ZH, "trillion yuan", "万亿元", "37", "37万亿元"}, // already the Chinese unit: the label as stored
		{ZH, "tce per 10,000 yuan", "吨标准煤/万元", "0.466", "0.466吨标准煤/万元"},
		{ZH, "new unit", "", "3", "3 new unit"}, // no Chinese label: the canonical unit
	}
	for _, tt := range tests {
		if got := ShownUnit(tt.lang, tt.en, tt.zh).Amount(tt.v); got != tt.want {
			t.Errorf("ShownUnit(%s, %q, %q).Amount(%q) = %q, want %q", tt.lang, tt.en, tt.zh, tt.v, got, tt.want)
		}
	}
	s := ShownUnit(ZH, "billion tce", "")
	for v, want := range map[float64]float64{5.96: 59.6, 4.3: 43, 0.1: 1, 5.24: 52.4} {
		if got := s.Value(v); got != want {
			t.Errorf("Value(%v) = %v, want %v (no float noise)", v, got, want)
		}
	}
	if got := ShownUnit(ZH, "GW", "").Fixed(123.44, 1); got != "1.234" {
		t.Errorf("Fixed(123.44, 1) in 亿千瓦 = %q, want 1.234", got)
	}
}
