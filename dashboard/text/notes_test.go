package text

import (
	"regexp"
	"strings"
	"testing"
)

func TestNoteText(t *testing.T) {
	for _, tt := range []struct{ lang, note, want string }{
		{ZH, "as stated: around 70", "所述数值：约70"},
		{ZH, "as stated: -0.5", "所述数值：-0.5"},
		{ZH, "as stated: 16 (approx.)", "as stated: 16 (approx.)"}, // not in the vocabulary: as stored
		{ZH, "as stated: 16 (rounded)", "所述数值：16（取整）"},
		{ZH, "as stated: 约3.3亿千瓦", "原文：约3.3亿千瓦"},
		{ZH, "339 cities", "339个城市"},
		{ZH, "of 337 cities", "337个城市中"},
		{ZH, "of 1,940 national sections", "全国1,940个断面中"},
		{ZH, "of 967 national monitored sections", "全国967个断面中"},
		{ZH, "calendar 2024", "2024自然年"},
		{ZH, "preliminary", "初步数"},
		{EN, "preliminary", "preliminary"},
		{EN, "339 cities", "339 cities"},
		{ZH, "", ""},
	} {
		if got := NoteText(tt.lang, tt.note, Shown{Unit: "%"}); got != tt.want {
			t.Errorf("NoteText(%s, %q) = %q, want %q", tt.lang, tt.note, got, tt.want)
		}
	}
	if got := NoteText(ZH, "as stated: about 510 (preliminary, late Dec 2024)", ShownUnit(ZH, "GW", "吉瓦")); got != "所述数值：约5.1（初步数，2024年12月下旬）" {
		t.Errorf("about 510 GW, preliminary: %q", got)
	}
	// A number as stated moves with the unit shown: about 2560 GW is about 25.6亿千瓦.
	if got := NoteText(ZH, "as stated: about 2560", ShownUnit(ZH, "GW", "吉瓦")); got != "所述数值：约25.6" {
		t.Errorf("about 2560 GW: %q", got)
	}
}

// TestNotesKeepTheirNumbers: the Chinese of a note keeps every number of the note as it is (a number in the
// stored unit in braces, which NoteText moves to the unit shown); only ordinals become Chinese words (12th FYP
// is 十二五) and a few amounts are written in the unit shown (moved is the list).
func TestNotesKeepTheirNumbers(t *testing.T) {
	moved := map[string]string{"1,213": "12.13亿", "5.244": "52.44亿", "10,000": "万元"} // 1,213 GW is 12.13亿千瓦; 5.244 bn t, 52.44亿吨
	number := regexp.MustCompile(`[0-9](?:[0-9.,]*[0-9])?(st|nd|rd|th)?`)
	for en, zh := range notesZH {
		zh = strings.NewReplacer("{", "", "+}", "", "}", "").Replace(zh)
		for _, m := range number.FindAllStringSubmatch(en, -1) {
			if n := m[0]; m[1] == "" && !strings.Contains(zh, n) && (moved[n] == "" || !strings.Contains(zh, moved[n])) {
				t.Errorf("%q: %s is not in its Chinese %q", en, n, zh)
			}
		}
	}
	for note, want := range map[string]string{
		"2023 compliance year; as stated: about 5.2": "2023年度履约；所述数值：约52",
		"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Second compliance cycle (2021 and 2022 compliance years), filed under 2022; MEE states about 5.1 Gt.": "约51亿吨二氧化碳。",
	} {
		if got := NoteText(ZH, note, ShownUnit(ZH, "Gt CO2", "十亿吨二氧化碳")); !strings.HasSuffix(got, want) {
			t.Errorf("NoteText(%q) in 亿吨二氧化碳 = %q, want it to end %q", note, got, want)
		}
	}
}
