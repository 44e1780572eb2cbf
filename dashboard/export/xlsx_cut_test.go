package export

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// A text longer than a cell holds is cut to fit with a visible mark that gives its whole length; shorter
// texts are kept as they are.
func TestFitCell(t *testing.T) {
	for _, s := range []string{"", "short", strings.Repeat("x", excelize.TotalCellChars), strings.Repeat("二", excelize.TotalCellChars)} {
		if got := fitCell(s); got != s {
			t.Errorf("a text of %d characters was changed", len([]rune(s)))
		}
	}
	for _, s := range []string{strings.Repeat("x", 40000), strings.Repeat("𝑥", 20000), strings.Repeat("二", 40000)} {
		got := fitCell(s)
		units := len(utf16.Encode([]rune(got)))
		if units > excelize.TotalCellChars || !strings.Contains(got, "cut: ") || !strings.HasPrefix(s, strings.Split(got, " […cut")[0]) {
			t.Errorf("cut to %d UTF-16 units, mark %v", units, strings.Contains(got, "cut: "))
		}
		if units < excelize.TotalCellChars-2 {
			t.Errorf("cut to %d units, more than needed", units)
		}
	}
}
