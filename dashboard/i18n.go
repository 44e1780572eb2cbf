package dashboard

// The texts of the pages in English and Chinese, in one table. Indicator names, units, target labels and
// status verdicts come from the database and package trend in the page's language.

const (
	langEN = "en"
	langZH = "zh"
)

var texts = map[string][2]string{
	"site.title":   {"dualcarbon", "双碳进展"},
	"site.tagline": {"China's green-transition indicators against their official targets", "中国绿色低碳转型指标与官方目标对照"},
	"nav.overview": {"Overview", "总览"},
	"nav.compare":  {"Compare", "对比"},
	"lang.other":   {"中文", "English"},
	"lang.label":   {"Language", "语言"},

	"cat.energy_structure":  {"Energy structure", "能源结构"},
	"cat.efficiency_carbon": {"Efficiency and carbon", "能效与碳排放"},
	"cat.air_water":         {"Air and water", "大气与水环境"},
	"cat.ecology":           {"Ecology", "生态"},
	"cat.carbon_market":     {"Carbon market", "碳市场"},
	"cat.industry":          {"Industry", "产业"},

	"overview.title":   {"Is China on track?", "目标进展一览"},
	"overview.lead":    {"Each card shows the latest value, its trend and the progress towards the nearest official target.", "每张卡片显示最新值、走势以及最近一个官方目标的进展情况。"},
	"overview.empty":   {"No indicators are loaded yet. Run `dualcarbon seed`.", "尚未载入任何指标，请运行 `dualcarbon seed`。"},
	"card.latest":      {"Latest", "最新值"},
	"card.target":      {"Nearest target", "最近目标"},
	"card.no_data":     {"No data yet", "暂无数据"},
	"card.no_target":   {"No official target", "暂无官方目标"},
	"card.open":        {"Chart, targets and sources", "图表、目标与来源"},
	"card.source":      {"Source", "来源"},
	"card.sparkline":   {"Trend of the published values", "已发布数值的走势"},
	"card.targets":     {"targets", "个目标"},
	"card.yoy":         {"year-on-year change", "同比变化"},
	"ind.definition":   {"Definition", "指标解释"},
	"ind.unit":         {"Unit", "单位"},
	"ind.progress":     {"Progress towards each target", "各目标进展"},
	"ind.still":        {"Still required per year", "仍需年均变化"},
	"ind.chart":        {"Chart", "图表"},
	"ind.data":         {"Data", "数据"},
	"ind.chart_note":   {"The chart needs JavaScript; the same figures are in the tables below.", "图表需要 JavaScript；下方表格包含相同数据。"},
	"ind.derived_note": {"The cumulative index is derived by chaining the published year-on-year changes; it is computed by this program, not published.", "累计指数由逐年公布的同比变化连乘推算，为本程序计算所得，并非官方公布数据。"},
	"ind.break":        {"Definition break", "统计口径调整"},
	"ind.events":       {"Policy events", "政策事件"},
	"ind.no_targets":   {"This indicator has no official target in the range shown.", "所示年份范围内没有该指标的官方目标。"},
	"ind.no_data":      {"No values in the range shown.", "所示年份范围内没有数据。"},
	"ind.download":     {"Download the data", "下载数据"},
	"ind.vintages":     {"Every published value (vintages)", "全部发布值（各版本）"},
	"ind.range":        {"Years", "年份范围"},
	"ind.apply":        {"Show", "显示"},
	"ind.reset":        {"All years", "全部年份"},

	"table.year":      {"Year", "年份"},
	"table.value":     {"Value", "数值"},
	"table.flag":      {"Flag", "标注"},
	"table.source":    {"Source", "来源"},
	"table.published": {"Published", "发布时间"},
	"table.vintage":   {"Vintage", "版本"},
	"table.note":      {"Note", "说明"},
	"table.target":    {"Target", "目标"},
	"table.document":  {"Document", "文件"},
	"table.plan":      {"Plan", "规划"},
	"table.kind":      {"Kind", "类型"},
	"table.base":      {"Base year", "基年"},
	"table.binding":   {"Binding", "约束性"},
	"table.issuer":    {"Issuer", "发布机关"},
	"table.status":    {"Status", "状态"},
	"table.goal":      {"Goal on the chart", "图中目标值"},
	"table.date":      {"Date", "日期"},
	"table.event":     {"Event", "事件"},
	"table.index":     {"Derived index", "推算指数"},
	"yes":             {"yes", "是"},
	"no":              {"no", "否"},

	"kind.level":  {"level", "水平值"},
	"kind.cap":    {"at most", "上限"},
	"kind.floor":  {"at least", "下限"},
	"kind.change": {"change vs base year", "较基年变化"},

	"flag.over":        {"over", "超过"},
	"flag.under":       {"under", "低于"},
	"flag.about":       {"about", "约"},
	"flag.preliminary": {"preliminary", "初步数"},
	"flag.estimate":    {"estimate", "估计值"},

	"chart.save":      {"Save as PNG", "保存为图片"},
	"chart.dataview":  {"Data view", "数据视图"},
	"chart.close":     {"Close", "关闭"},
	"chart.refresh":   {"Refresh", "刷新"},
	"chart.zoom":      {"Zoom", "区域缩放"},
	"chart.zoomback":  {"Undo zoom", "还原缩放"},
	"chart.restore":   {"Restore", "还原"},
	"chart.source":    {"Source", "来源"},
	"chart.published": {"Published", "发布"},
	"chart.flag":      {"Flag", "标注"},
	"chart.vintage":   {"Vintage", "版本"},
	"chart.derived":   {"derived", "推算"},
	"chart.document":  {"Document", "文件"},
	"chart.status":    {"Status", "状态"},
	"chart.index":     {"Cumulative index (derived)", "累计指数（推算）"},
	"chart.year":      {"Year", "年份"},

	"compare.title":  {"Compare indicators", "指标对比"},
	"compare.lead":   {"Two or more indicators on one time axis; a second axis when units differ.", "在同一时间轴上对比两个或以上指标；单位不同时使用第二坐标轴。"},
	"compare.choose": {"Choose indicators", "选择指标"},
	"compare.submit": {"Compare", "对比"},

	"err.title":               {"Error", "出错了"},
	"err.home":                {"Back to the overview", "返回总览"},
	"err.page_not_found":      {"Page not found.", "页面不存在。"},
	"err.indicator_not_found": {"There is no indicator with this code.", "没有此代码的指标。"},
	"err.bad_request":         {"Bad request.", "请求有误。"},
	"err.lang":                {"lang must be en or zh.", "lang 只能是 en 或 zh。"},
	"err.year":                {"from and to must be years between 1949 and 2100.", "from 和 to 必须是 1949 至 2100 之间的年份。"},
	"err.range":               {"from must not be after to.", "from 不能晚于 to。"},
	"err.duplicate":           {"A query parameter is given more than once.", "查询参数重复。"},
	"err.codes":               {"codes must list 2 to 6 different indicator codes, separated by commas.", "codes 须列出 2 至 6 个不同的指标代码，以逗号分隔。"},
	"err.units":               {"At most two different units can be compared on one chart.", "一张图最多对比两种不同单位。"},
	"err.method":              {"Method not allowed.", "不支持该请求方法。"},
	"err.unavailable":         {"The service is temporarily unavailable. Please try again shortly.", "服务暂时不可用，请稍后再试。"},
	"err.internal":            {"Something went wrong on our side.", "服务器内部错误。"},
}

// T is the text under key in lang; an unknown key is returned as is (tests check every key used exists).
func T(lang, key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	if lang == langZH {
		return t[1]
	}
	return t[0]
}

// hasText reports whether key is in the table.
func hasText(key string) bool {
	_, ok := texts[key]
	return ok
}
