package text

import "testing"

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
