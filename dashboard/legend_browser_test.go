package dashboard

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// legendLayout is where ECharts drew the legend and the plot, in CSS pixels of the chart.
type legendLayout struct {
	Names      []string `json:"names"`      // the distinct series names: one legend entry each
	Items      int      `json:"items"`      // legend entries drawn
	Bottom     float64  `json:"bottom"`     // of the legend
	Right      float64  `json:"right"`      // of the legend
	ToolsLeft  float64  `json:"toolsLeft"`  // of the toolbox (save as image, data view, zoom)
	Width      float64  `json:"width"`      // of the chart
	GridTop    float64  `json:"gridTop"`    // of the plot
	GridHeight float64  `json:"gridHeight"` // of the plot
	SliderTop  float64  `json:"sliderTop"`  // of the zoom slider
	SliderEnd  float64  `json:"sliderEnd"`  // its bottom
	CreditTop  float64  `json:"creditTop"`  // of the credit line (ECharts' title)
	CreditEnd  float64  `json:"creditEnd"`  // its bottom
	Height     float64  `json:"height"`     // of the chart
	Credit     string   `json:"credit"`     // its text
}

const readLegendLayout = `(() => {
	const c = echarts.getInstanceByDom(document.getElementById("chart"));
	const legend = c.getModel().getComponent("legend");
	const view = c.getViewOfComponentModel(legend);
	const box = view.group.getBoundingRect();
	const tools = c.getViewOfComponentModel(c.getModel().getComponent("toolbox")).group;
	const grid = c.getModel().getComponent("grid").coordinateSystem.getRect();
	const rect = (model) => { const g = c.getViewOfComponentModel(model).group, b = g.getBoundingRect();
		return {top: g.y + b.y, end: g.y + b.y + b.height}; };
	const slider = rect(c.getModel().getComponent("dataZoom", 1)), credit = rect(c.getModel().getComponent("title"));
	return {
		names: [...new Set(c.getOption().series.map(s => s.name))],
		items: view.getContentGroup().childCount(),
		bottom: view.group.y + box.y + box.height,
		right: view.group.x + box.x + box.width,
		toolsLeft: tools.x + tools.getBoundingRect().x,
		width: c.getWidth(),
		gridTop: grid.y,
		gridHeight: grid.height,
		sliderTop: slider.top, sliderEnd: slider.end, creditTop: credit.top, creditEnd: credit.end,
		height: c.getHeight(), credit: c.getOption().title[0].text,
	};
})()`

// TestChartLegendShowsEverySeries: the legend wraps instead of scrolling, so every series is named on the
// page and in the saved PNG, on a wide screen and on phones of 390 and 360 px (where a long name breaks onto
// more lines), clear of the toolbox; the legend fits above the plot, which starts below it and keeps its height. A target and its trajectory share one entry.
func TestChartLegendShowsEverySeries(t *testing.T) {
	d := seeded(t)
	base := serveLoopback(t, testServer(t, d))
	ctx, _ := browser(t)

	layout := func(width int64) legendLayout {
		t.Helper()
		do(t, ctx, "viewport", chromedp.EmulateViewport(width, 900))
		do(t, ctx, "chart", chromedp.Navigate(base+"/indicators/carbon_intensity?lang=en"), drawChart)
		return val(t, ctx, "legend layout", chromedp.Evaluate[legendLayout](readLegendLayout))
	}
	wide, phone, narrow := layout(1280), layout(390), layout(360)
	series := chartSeries(t, ctx, base+"/indicators/carbon_intensity?lang=en")
	tooltipNames := val(t, ctx, "names", chromedp.Evaluate[map[string]string](
		`JSON.parse(document.getElementById("chart-data").textContent).names`))
	for id, s := range series {
		if !strings.HasPrefix(id, "trajectory-") {
			continue
		}
		target := series["target-"+strings.TrimPrefix(id, "trajectory-")]
		if s.Name != target.Name || !strings.HasPrefix(tooltipNames[id], "Trajectory") {
			t.Errorf("%s is named %q (tooltip %q), its target %q", id, s.Name, tooltipNames[id], target.Name)
		}
	}
	for _, l := range []legendLayout{wide, phone, narrow} {
		if len(l.Names) < 3 || l.Items != len(l.Names) {
			t.Errorf("chart %.0f px wide: %d legend entries for the series %q", l.Width, l.Items, l.Names)
		}
		if l.Right > l.ToolsLeft || l.Bottom+20 > l.GridTop {
			t.Errorf("chart %.0f px wide: legend ends at x %.0f, y %.0f; toolbox starts at x %.0f, plot at y %.0f",
				l.Width, l.Right, l.Bottom, l.ToolsLeft, l.GridTop)
		}
	}
	// The credit line, under the slider and inside the chart, names the data and the page (the view's address).
	for _, l := range []legendLayout{wide, phone, narrow} {
		if l.GridTop+l.GridHeight > l.SliderTop || l.SliderEnd > l.CreditTop || l.CreditEnd > l.Height {
			t.Errorf("chart %.0f px wide: plot ends at y %.0f, slider %.0f-%.0f, credit %.0f-%.0f, chart height %.0f",
				l.Width, l.GridTop+l.GridHeight, l.SliderTop, l.SliderEnd, l.CreditTop, l.CreditEnd, l.Height)
		}
		for _, want := range []string{"CO2 intensity of GDP, change on previous year (% y/y)", "Sources: NBS.",
			"derived by dualcarbon", "Chart: dualcarbon · " + base + "/indicators/carbon_intensity?lang=en"} {
			if !strings.Contains(l.Credit, want) {
				t.Errorf("chart %.0f px wide: the credit line %q lacks %q", l.Width, l.Credit, want)
			}
		}
	}
	if narrow.Bottom <= wide.Bottom {
		t.Errorf("the legend did not wrap on a narrow screen: ends at y %.0f (wide: %.0f)", narrow.Bottom, wide.Bottom)
	}
	for _, l := range []legendLayout{phone, narrow} {
		if l.GridHeight < wide.GridHeight-1 {
			t.Errorf("the plot lost height to the legend: %.0f px on a %.0f px chart, %.0f px on a wide one", l.GridHeight, l.Width, wide.GridHeight)
		}
	}
}
