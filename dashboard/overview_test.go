package dashboard

import (
	"html/template"
	"slices"
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
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

// A sparkline's markup, written in Go (sparkline.markup), is what html/template made of it: the same bytes
// for lines with and without gaps, in both languages, and a label of every character an attribute escapes.
func TestSparklineSVG(t *testing.T) {
	tmpl := template.Must(template.New("spark").Parse(`<svg class="spark" viewBox="0 0 {{.Spark.W}} {{.Spark.H}}" width="{{.Spark.W}}" height="{{.Spark.H}}" role="img" aria-label="{{.Label}}">{{range .Spark.Lines}}<polyline points="{{.}}" fill="none" stroke="#1b3a4b" stroke-width="1.5"/>{{end}}<circle cx="{{.Spark.LastX}}" cy="{{.Spark.LastY}}" r="2.5" fill="#1b3a4b"/></svg>`))
	series := [][]trend.Point{
		{{Year: 2020, Value: 1}, {Year: 2021, Value: 2}},
		{{Year: 2010, Value: -3.5}, {Year: 2011, Value: 0}, {Year: 2014, Value: 12.25}, {Year: 2015, Value: 7}, {Year: 2020, Value: 7}},
		{{Year: 2024, Value: 5}, {Year: 2024, Value: 5}},
	}
	labels := []string{text.T(text.EN, "card.sparkline"), text.T(text.ZH, "card.sparkline"), "\"'&<>+=`\x00 a–b"}
	for _, points := range series {
		for _, label := range labels {
			sp := newSparkline(points, 160, 36, label)
			var want strings.Builder
			if err := tmpl.Execute(&want, map[string]any{"Spark": sp, "Label": label}); err != nil {
				t.Fatal(err)
			}
			if string(sp.SVG) != want.String() {
				t.Errorf("%v %q:\n%s\nhtml/template:\n%s", points, label, sp.SVG, want.String())
			}
		}
	}
}
