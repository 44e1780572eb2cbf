package dashboard

import (
	"math"
	"sort"

	"github.com/dualcarbon/dualcarbon/dashboard/text"
)

// tilePlace is a province's place on the tile map: one equal square in its rough geographic place, as
// newsrooms draw China, so that Beijing, Tianjin and Shanghai read as well as Xinjiang. No border is drawn and
// no map data is needed (a published outline map of China needs an approval number, 审图号).
type tilePlace struct {
	Code     string
	Col, Row int
}

// The grid of the tile map.
const tileCols, tileRows = 7, 7

// tileLayout is every province's tile, north to south, west to east.
func tileLayout() []tilePlace {
	return []tilePlace{
		{"CN-HL", 6, 0},
		{"CN-NM", 3, 1}, {"CN-BJ", 4, 1}, {"CN-TJ", 5, 1}, {"CN-JL", 6, 1},
		{"CN-XJ", 0, 2}, {"CN-GS", 1, 2}, {"CN-NX", 2, 2}, {"CN-SX", 3, 2}, {"CN-HE", 4, 2}, {"CN-SD", 5, 2}, {"CN-LN", 6, 2},
		{"CN-XZ", 0, 3}, {"CN-QH", 1, 3}, {"CN-SN", 2, 3}, {"CN-HA", 3, 3}, {"CN-AH", 4, 3}, {"CN-JS", 5, 3}, {"CN-SH", 6, 3},
		{"CN-SC", 1, 4}, {"CN-CQ", 2, 4}, {"CN-HB", 3, 4}, {"CN-JX", 4, 4}, {"CN-ZJ", 5, 4},
		{"CN-YN", 1, 5}, {"CN-GZ", 2, 5}, {"CN-HN", 3, 5}, {"CN-GD", 4, 5}, {"CN-FJ", 5, 5},
		{"CN-GX", 3, 6}, {"CN-HI", 4, 6},
	}
}

// swatch is one colour of a map legend: the class that paints it in HTML (style.css: no inline style under
// the CSP), its colour for the canvas, the text on it, and for value bins the range it stands for.
type swatch struct {
	Class, Color, Ink string
	Label             string
	Lo, Hi            string // bounds of a value bin ("" = open); empty for categories
	lo, hi            float64
	hasLo, hasHi      bool
}

// The map palettes: every colour a tile can take. style.css has a class for each (.sw-<name>).
var (
	noDataSwatch = swatch{Class: "sw-none", Color: "#d9d9d9", Ink: "#333333"}
	// Diverging, for changes: good3..good1 (a larger fall of a 'down' indicator is better), bad1..bad3.
	divergingGood = []swatch{{Class: "sw-g3", Color: "#1a7f4b", Ink: "#ffffff"}, {Class: "sw-g2", Color: "#52a86b", Ink: "#ffffff"},
		{Class: "sw-g1", Color: "#a6d49a", Ink: "#1a1a1a"}}
	divergingBad = []swatch{{Class: "sw-b1", Color: "#f7c08a", Ink: "#1a1a1a"}, {Class: "sw-b2", Color: "#e8743b", Ink: "#1a1a1a"},
		{Class: "sw-b3", Color: "#b8321f", Ink: "#ffffff"}}
	// Sequential, for levels, light to dark.
	sequential = []swatch{{Class: "sw-s1", Color: "#e3edf7", Ink: "#1a1a1a"}, {Class: "sw-s2", Color: "#a9c8e4", Ink: "#1a1a1a"},
		{Class: "sw-s3", Color: "#6a9fcf", Ink: "#1a1a1a"}, {Class: "sw-s4", Color: "#3a6fae", Ink: "#ffffff"},
		{Class: "sw-s5", Color: "#1d4477", Ink: "#ffffff"}}
)

// statusSwatch is the colour of a target status (the badges' colours, style.css .status-*).
func statusSwatch(code string) swatch {
	colors := map[string]string{"achieved": "#1a7f37", "met": "#1a7f37", "on_track": "#2e8b57", "moderate": "#b7791f",
		"limited": "#c2410c", "away": "#b91c1c", "missed": "#b91c1c", "no_data": "#7a8793"}
	c, ok := colors[code]
	if !ok {
		return noDataSwatch
	}
	return swatch{Class: "status-" + code, Color: c, Ink: "#ffffff"}
}

// ratingSwatch is the colour of a barometer rating.
func ratingSwatch(rating string) swatch {
	switch rating {
	case "red":
		return swatch{Class: "rating-red", Color: "#c62828", Ink: "#ffffff"}
	case "yellow":
		return swatch{Class: "rating-yellow", Color: "#f2c230", Ink: "#1a1a1a"}
	case "green":
		return swatch{Class: "rating-green", Color: "#2e9e44", Ink: "#ffffff"}
	}
	return noDataSwatch
}

// valueScale is the legend of a value layer: bins of equal width around zero for changes (the colour says
// better or worse by the indicator's direction), quantile-like bins of the range for levels.
func valueScale(values []float64, change bool, direction string, prec int) []swatch {
	if len(values) == 0 {
		return nil
	}
	if change {
		return changeScale(values, direction, prec)
	}
	return levelScale(values, prec)
}

// changeScale: six bins, edges at 0, ±step and ±2 step, step a round number near a third of the largest change.
func changeScale(values []float64, direction string, prec int) []swatch {
	top := 0.0
	for _, v := range values {
		top = max(top, math.Abs(v))
	}
	step := niceStep(top / 3)
	edges := []float64{-2 * step, -step, 0, step, 2 * step}
	fall := append([]swatch{}, divergingGood...) // colours of the falls, largest first
	rise := append([]swatch{}, divergingBad...)  // colours of the rises, smallest first
	if direction == "up" {                       // a rise is progress
		fall = []swatch{divergingBad[2], divergingBad[1], divergingBad[0]}
		rise = []swatch{divergingGood[2], divergingGood[1], divergingGood[0]}
	}
	return binned(append(fall, rise...), edges, prec)
}

// levelScale: five bins of equal width over the range, edges at round numbers.
func levelScale(values []float64, prec int) []swatch {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	step := niceStep((hi - lo) / 5)
	start := math.Floor(lo/step) * step
	var edges []float64
	for i := 1; i < 5; i++ {
		edges = append(edges, start+float64(i)*step)
	}
	return binned(sequential, edges, prec)
}

// binned gives colours[i] the values from edges[i-1] (inclusive) to edges[i] (exclusive); the first and last
// bins are open.
func binned(colours []swatch, edges []float64, prec int) []swatch {
	out := make([]swatch, len(colours))
	for i := range colours {
		sw := colours[i]
		if i > 0 {
			sw.lo, sw.hasLo, sw.Lo = edges[i-1], true, text.Trimmed(edges[i-1], prec)
		}
		if i < len(edges) {
			sw.hi, sw.hasHi, sw.Hi = edges[i], true, text.Trimmed(edges[i], prec)
		}
		switch {
		case !sw.hasLo:
			sw.Label = "< " + sw.Hi
		case !sw.hasHi:
			sw.Label = "≥ " + sw.Lo
		default:
			sw.Label = sw.Lo + " – " + sw.Hi
		}
		out[i] = sw
	}
	return out
}

// binOf is the bin of v in scale.
func binOf(scale []swatch, v float64) swatch {
	for _, sw := range scale {
		if (!sw.hasLo || v >= sw.lo) && (!sw.hasHi || v < sw.hi) {
			return sw
		}
	}
	return noDataSwatch
}

// niceStep is the round number (1, 2 or 5 times a power of ten) nearest above x.
func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// sortedYears are the keys of counts, latest first.
func sortedYears(counts map[int]int) []int {
	years := make([]int, 0, len(counts))
	for y := range counts {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	return years
}

// defaultYear is the latest year in which at least half as many provinces have a value as in the best-covered
// year: the latest year a map can compare, not one province's early release.
func defaultYear(counts map[int]int) int {
	best := 0
	for _, n := range counts {
		best = max(best, n)
	}
	for _, y := range sortedYears(counts) {
		if 2*counts[y] >= best {
			return y
		}
	}
	return 0
}
