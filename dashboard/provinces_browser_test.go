package dashboard

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// drawnTile is what Chromium drew for one tile: the pixel near its top-left corner (inside the square, clear
// of its text) and the value its row of the ranking table holds.
type drawnTile struct {
	Code  string `json:"code"`
	RGB   []int  `json:"rgb"`
	Value string `json:"value"` // data-v of the row's value cell: "" without a value
}

// readTiles finds each tile's place through ECharts' own coordinate conversion and reads the canvas there.
const readTiles = `(() => {
	const el = document.getElementById("tilemap");
	const chart = echarts.getInstanceByDom(el);
	const canvas = el.querySelector("canvas");
	const g = canvas.getContext("2d");
	const sx = canvas.width / canvas.getBoundingClientRect().width, sy = canvas.height / canvas.getBoundingClientRect().height;
	const d = JSON.parse(document.getElementById("tilemap-data").textContent);
	return d.tiles.map(t => {
		const [x, y] = chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [t.col + 0.15, t.row + 0.15]);
		const p = g.getImageData(Math.round(x * sx), Math.round(y * sy), 1, 1).data;
		const cell = document.querySelector('#row-' + t.code + ' [data-key="value"]');
		return {code: t.code, rgb: [p[0], p[1], p[2]], value: cell ? cell.getAttribute("data-v") : "missing"};
	});
})()`

// readLegend is the legend as the page lists it.
const readLegend = `[...document.querySelectorAll("#map-legend li")].map(li =>
	[li.getAttribute("data-color"), li.getAttribute("data-lo") || "", li.getAttribute("data-hi") || ""])`

// TestProvincesMapInBrowser: in Chromium, at a laptop's and a phone's width, in English and Chinese, the tile
// map draws every province's tile in the colour the legend gives its value in the ranking table (grey for no
// data), nothing runs off the page, the ranking sorts by its headers, and the barometer layer draws nine red
// tiles.
func TestProvincesMapInBrowser(t *testing.T) {
	base := serveLoopback(t, testServer(t, builtin(t)))
	ctx, _ := browser(t)
	for _, width := range []int64{1280, 390} {
		for _, lang := range []string{"en", "zh"} {
			what := fmt.Sprintf("%s at %d px", lang, width)
			do(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
			do(t, ctx, what, chromedp.Navigate(base+"/indicators/energy_intensity/provinces?lang="+lang),
				chromedp.WaitReady(`#tilemap[data-ready="true"]`))
			tiles := val(t, ctx, "tiles", chromedp.Evaluate[[]drawnTile](readTiles))
			legend := val(t, ctx, "legend", chromedp.Evaluate[[][]string](readLegend))
			var bins []legendBin
			for _, l := range legend {
				bins = append(bins, legendBin{l[0], l[1], l[2]})
			}
			if len(tiles) != 31 {
				t.Fatalf("%s: %d tiles", what, len(tiles))
			}
			withValue := 0
			for _, tile := range tiles {
				want := "#d9d9d9"
				if tile.Value != "" {
					want = colourOf(t, bins, tile.Value)
					withValue++
				}
				if got := fmt.Sprintf("#%02x%02x%02x", tile.RGB[0], tile.RGB[1], tile.RGB[2]); got != want {
					t.Errorf("%s: tile %s (value %q) is drawn %s, want %s", what, tile.Code, tile.Value, got, want)
				}
			}
			if withValue != 30 {
				t.Errorf("%s: %d tiles with a value, want 30", what, withValue)
			}
			if over := val(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); over > 0 {
				t.Errorf("%s: the page is %d px wider than the screen", what, over)
			}
		}
	}

	// Sorting: by value ascending (the largest fall first), again descending; no data stays last.
	order := func() []string {
		return val(t, ctx, "order", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("#ranking tbody tr")].map(r => r.getAttribute("data-region"))`))
	}
	do(t, ctx, "en", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/indicators/energy_intensity/provinces?lang=en"),
		chromedp.WaitReady(`#tilemap[data-ready="true"]`))
	do(t, ctx, "sort by name", chromedp.Click(`#ranking button[data-sort="name"]`))
	byName := order()
	if byName[0] != "CN-AH" || byName[30] != "CN-ZJ" {
		t.Errorf("sorted by name: %v", byName)
	}
	do(t, ctx, "sort by value", chromedp.Click(`#ranking button[data-sort="value"]`))
	asc := order()
	do(t, ctx, "sort by value again", chromedp.Click(`#ranking button[data-sort="value"]`))
	desc := order()
	if asc[0] != "CN-BJ" || asc[30] != "CN-XZ" || desc[0] != "CN-NM" || desc[30] != "CN-XZ" {
		t.Errorf("sorted by value: first %s last %s; descending first %s last %s", asc[0], asc[30], desc[0], desc[30])
	}
	sorted := val(t, ctx, "aria-sort", chromedp.Evaluate[string](
		`document.querySelector('#ranking button[data-sort="value"]').parentNode.getAttribute("aria-sort")`))
	if sorted != "descending" {
		t.Errorf("the value column says aria-sort=%q", sorted)
	}

	do(t, ctx, "barometer", chromedp.Navigate(base+"/indicators/energy_intensity/provinces?lang=zh&layer=barometer_2021h1_intensity"),
		chromedp.WaitReady(`#tilemap[data-ready="true"]`))
	tiles := val(t, ctx, "tiles", chromedp.Evaluate[[]drawnTile](readTiles))
	var red []string
	for _, tile := range tiles {
		if fmt.Sprintf("#%02x%02x%02x", tile.RGB[0], tile.RGB[1], tile.RGB[2]) == ratingSwatch("red").Color {
			red = append(red, tile.Code)
		}
	}
	slices.Sort(red)
	if strings.Join(red, " ") != "CN-FJ CN-GD CN-GX CN-JS CN-NX CN-QH CN-SN CN-XJ CN-YN" {
		t.Errorf("barometer layer: red tiles %v, want the nine of 发改办环资〔2021〕629号", red)
	}
}
