// echarts.js: the parts of ECharts the dashboard's charts use, bundled by `make assets` (esbuild) into
// dashboard/static/vendor/echarts.min.js, which the binary serves. It exposes the same global `echarts` as
// the full build (init, getInstanceByDom, format.encodeHTML), about a third of its size.
//
// A chart that needs another series type or component (a heatmap or custom series for a tile map, say)
// adds it here; the browser tests fail on a chart that does not draw.
import * as echarts from 'echarts/core';
import { LineChart, BarChart, ScatterChart, CustomChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, ToolboxComponent, DataZoomComponent,
  MarkLineComponent, MarkAreaComponent, TitleComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart, BarChart, ScatterChart, CustomChart, // CustomChart: the provinces' tile map (provinces.js)
  GridComponent, TooltipComponent, LegendComponent, ToolboxComponent, DataZoomComponent,
  MarkLineComponent, MarkAreaComponent, TitleComponent,
  CanvasRenderer,
]);

window.echarts = echarts;
