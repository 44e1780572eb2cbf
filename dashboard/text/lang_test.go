package text

import (
	"strings"
	"testing"
)

func TestNorm(t *testing.T) {
	for in, want := range map[string]string{"zh": ZH, "en": EN, "": EN, "fr": EN, "ZH": EN} {
		if got := Norm(in); got != want {
			t.Errorf("Norm(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOther(t *testing.T) {
	for in, want := range map[string]string{ZH: EN, EN: ZH, "": ZH} {
		if got := Other(in); got != want {
			t.Errorf("Other(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPick(t *testing.T) {
	tests := []struct{ lang, en, zh, want string }{
		{EN, "coal", "煤炭", "coal"},
		{ZH, "coal", "煤炭", "煤炭"},
		{ZH, "coal", "", "coal"}, // a name the database has in English only
		{"fr", "coal", "煤炭", "coal"},
	}
	for _, tt := range tests {
		if got := Pick(tt.lang, tt.en, tt.zh); got != tt.want {
			t.Errorf("Pick(%q, %q, %q) = %q, want %q", tt.lang, tt.en, tt.zh, got, tt.want)
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct{ lang, key, want string }{
		{EN, "nav.overview", "Overview"},
		{ZH, "nav.overview", "总览"},
		{ZH, "no.such.key", "no.such.key"},
	}
	for _, tt := range tests {
		if got := T(tt.lang, tt.key); got != tt.want {
			t.Errorf("T(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	if got := Tf(ZH, "sum.part", 3, "进展顺利"); got != "进展顺利3个" {
		t.Errorf("Tf orders the arguments per language: %q", got)
	}
	if !Has("nav.overview") || Has("no.such.key") {
		t.Error("Has")
	}
}

// Every text of the table exists in both languages, so Pick's fallback to English never hides a missing
// Chinese text of the program's own.
func TestTableComplete(t *testing.T) {
	for _, k := range Keys() {
		en, zh := texts[k][0], texts[k][1]
		if strings.TrimSpace(en) == "" || strings.TrimSpace(zh) == "" {
			t.Errorf("%s: en %q, zh %q: both languages needed", k, en, zh)
		}
	}
}

func TestLangOf(t *testing.T) {
	for _, tt := range []struct{ lang, s, want string }{
		{ZH, "China's coal share falls (Xinhua)", "en"},
		{ZH, "2023年全国碳市场运行 (Shanghai Environment and Energy Exchange)", ""},
		{ZH, "2024", ""},
		{EN, "国家统计局公报", "zh-CN"},
		{EN, "China's coal share falls", ""},
		{EN, "", ""},
	} {
		if got := LangOf(tt.lang, tt.s); got != tt.want {
			t.Errorf("LangOf(%s, %q) = %q, want %q", tt.lang, tt.s, got, tt.want)
		}
	}
}
