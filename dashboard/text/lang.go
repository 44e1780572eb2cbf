// Package text is the program's language: the two languages of the pages and how a text is picked in one,
// the table of the program's own texts, numbers with their units, and the names and colours of the dataset's
// codes (plans, categories, flags, target kinds). It is pure: no database, no web framework.
package text

import (
	"unicode"
	"unicode/utf8"
)

// The languages of the pages. A language is a plain string ("en" or "zh") so views, URLs and templates carry
// it as they read it; Norm turns any other value into English.
const (
	EN = "en"
	ZH = "zh"
)

// Norm is lang as one of the two languages: ZH for "zh", EN for anything else.
func Norm(lang string) string {
	if lang == ZH {
		return ZH
	}
	return EN
}

// Other is the other language: the one the language switch offers.
func Other(lang string) string {
	if lang == ZH {
		return EN
	}
	return ZH
}

// Pick is the text of a pair in lang: the Chinese one in Chinese unless it is empty (a name the database has
// only in English), else the English one. It is the one way a language is chosen; T picks from the table
// with it.
func Pick(lang, en, zh string) string {
	if lang == ZH && zh != "" {
		return zh
	}
	return en
}

// LangOf is the language to declare (the lang attribute) on a text quoted as published, a source's title or
// note, on a page in lang: "zh-CN" for a text with Chinese characters on an English page, "en" for one in
// Latin letters only on a Chinese page, "" when it is in the page's language (WCAG 2.2, 3.1.2 Language of
// Parts: a screen reader then reads it in its own language).
func LangOf(lang, s string) string {
	han, latin := false, false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			latin = true
		}
	}
	switch {
	case lang == ZH && latin && !han:
		return "en"
	case lang != ZH && han:
		return "zh-CN"
	}
	return ""
}
