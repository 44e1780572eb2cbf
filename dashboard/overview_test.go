package dashboard

import (
	"slices"
	"testing"
)

// A category the catalogue gains shows on the overview, after the known ones, without a change here; the
// known ones keep the vocabulary's order whatever order the indicators come in.
func TestCategoryOrder(t *testing.T) {
	got := categoryOrder([]string{"industry", "brand_new", "energy_structure", "industry", "air_water", "brand_new", "another"})
	want := []string{"energy_structure", "air_water", "industry", "brand_new", "another"}
	if !slices.Equal(got, want) {
		t.Errorf("categoryOrder = %v, want %v", got, want)
	}
	if got := categoryOrder(nil); len(got) != 0 {
		t.Errorf("no indicators, no categories: %v", got)
	}
}
