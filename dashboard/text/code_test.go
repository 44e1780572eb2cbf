package text

import (
	"regexp"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// Every code of the vocabulary has its names (and plans their colours), in both languages: a code added to
// record/vocab.go without them fails here, not on a page.
func TestEveryCodeNamed(t *testing.T) {
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	seen := map[string]string{}
	for _, p := range record.Plans() {
		for _, lang := range []string{EN, ZH} {
			long, ok1 := PlanName(lang, p.Code)
			short, ok2 := PlanShort(lang, p.Code)
			if !ok1 || !ok2 || long == "" || short == "" {
				t.Errorf("plan %s has no name in %s", p.Code, lang)
			}
		}
		c := PlanColor(p.Code)
		if !colour.MatchString(c) || c == OtherColor {
			t.Errorf("plan %s: colour %q", p.Code, c)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("plans %s and %s share the colour %s", other, p.Code, c)
		}
		seen[c] = p.Code
	}
	for code := range planNames {
		if _, ok := record.PlanOf(code); !ok {
			t.Errorf("plan %s is named here but not in record.Plans", code)
		}
	}
	if _, ok := PlanName(EN, record.PlanOther); ok {
		t.Error("the plan 'other' is named by its document, not here")
	}
	named := func(kind, prefix string, codes []string) {
		for _, c := range codes {
			if c == "" {
				continue
			}
			if !Has(prefix + c) {
				t.Errorf("%s %s has no name (key %s%s)", kind, c, prefix, c)
			}
		}
	}
	named("category", "cat.", record.Categories())
	named("flag", "flag.", record.ObservationFlags())
	named("flag", "flag.", record.TargetFlags())
	named("target kind", "kind.", record.TargetKinds())
}

func TestPlanNames(t *testing.T) {
	tests := []struct{ lang, code, short, long string }{
		{EN, "fyp14", "14th FYP", "14th Five-Year Plan (2021-2025)"},
		{ZH, "fyp14", "“十四五”规划", "“十四五”规划"},
		{EN, "fyp11", "11th FYP", "11th Five-Year Plan (2006-2010)"},
		{ZH, "ndc2021", "2021年国家自主贡献", "2021年更新的国家自主贡献"},
	}
	for _, tt := range tests {
		short, _ := PlanShort(tt.lang, tt.code)
		long, _ := PlanName(tt.lang, tt.code)
		if short != tt.short || long != tt.long {
			t.Errorf("%s %s: %q, %q; want %q, %q", tt.lang, tt.code, short, long, tt.short, tt.long)
		}
	}
	if _, ok := PlanShort(EN, "nosuch"); ok {
		t.Error("an unknown plan has no name")
	}
}

func TestPlanPeriod(t *testing.T) {
	p, _ := record.PlanOf("fyp13")
	if got := PlanPeriod(EN, p); got != "13th FYP (2016-2020)" {
		t.Errorf("en: %q", got)
	}
	if got := PlanPeriod(ZH, p); got != "“十三五”时期" {
		t.Errorf("zh: %q", got)
	}
}

func TestPlanColor(t *testing.T) {
	if PlanColor("fyp14") != "#d62728" || PlanColor("other") != OtherColor || PlanColor("nosuch") != OtherColor {
		t.Error("plan colours")
	}
}

func TestCodeNames(t *testing.T) {
	tests := []struct {
		fn               func(lang, code string) string
		lang, code, want string
	}{
		{CategoryName, ZH, "ecology", "生态"},
		{CategoryName, EN, "new_category", "new_category"}, // not yet named: its code, never a raw key
		{FlagName, EN, "about", "about"},
		{FlagName, ZH, "about", "约"},
		{FlagName, ZH, "", ""},
		{FlagName, EN, "odd", "odd"},
		{KindName, EN, "cap", "at most"},
		{KindName, ZH, "floor", "下限"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.lang, tt.code); got != tt.want {
			t.Errorf("%s %q = %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
}
