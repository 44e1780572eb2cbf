package text

import (
	"fmt"
	"sort"
)

// The program's own texts in English and Chinese, in one table: every fixed text of the pages, the charts, the
// target labels and the status verdicts, looked up with T. Texts from the database (indicator names, units,
// documents) are picked with Pick.

// texts maps a key to its English and Chinese text. Keys are grouped by a prefix naming where they show.
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
	"overview.newest":  {"Newest publication in the data: ", "数据中最新发布的来源："},
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
	"targets.binding": {"binding", "约束性"},
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
	"chart.by":        {"Chart: dualcarbon", "图表：dualcarbon（双碳进展）"},
	"credit.sources":  {"Sources: ", "数据来源："},
	"credit.more":     {" and %d more", "等（另有%d家）"},
	"credit.derived":  {"The cumulative index is derived by dualcarbon from the published changes.", "累计指数由 dualcarbon 根据公布的变化率推算。"},
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
	"stale.notice":            {"This server's copy of the data is behind the database it follows: it may lack the newest figures. It holds every change made up to", "本服务器的数据副本落后于其所跟随的数据库，可能缺少最新数据。副本包含截至以下时间的全部更改："},
	"stale.unknown":           {"its last start.", "其上次启动时。"},
	"err.unavailable":         {"The service is temporarily unavailable. Please try again shortly.", "服务暂时不可用，请稍后再试。"},
	"err.internal":            {"Something went wrong on our side.", "服务器内部错误。"},
	"err.sort":                {"sort must be status, indicator or year.", "sort 只能是 status、indicator 或 year。"},

	// The targets table (/targets), the overview's summary line and the method page (/about).
	"nav.targets": {"Targets", "目标进展"},
	"nav.about":   {"Method and data", "方法与数据"},

	"targets.title":         {"Official targets: is China on track?", "官方目标进展总表"},
	"targets.lead":          {"Every official target of every indicator, one row each: its progress status (as on the indicator pages), the latest value, how far it is from the target, and the pace observed against the pace required.", "逐项列出各指标的全部官方目标：进展状态（与指标页面一致）、最新值、与目标的差距，以及实际年均变化与实现目标所需的年均变化。"},
	"targets.method":        {"How the status is computed", "进展状态的计算方法"},
	"targets.empty":         {"No official targets are loaded yet.", "尚未载入任何官方目标。"},
	"targets.counts":        {"Targets by status", "各进展状态的目标数"},
	"targets.total":         {"All targets", "目标总数"},
	"targets.sort":          {"Order", "排序方式"},
	"targets.by_status":     {"by status", "按进展状态"},
	"targets.by_indicator":  {"by indicator", "按指标"},
	"targets.by_year":       {"by target year", "按目标年份"},
	"targets.download":      {"Download this table", "下载本表"},
	"targets.caption":       {"Official targets and their progress", "官方目标及其进展"},
	"targets.col_indicator": {"Indicator", "指标"},
	"targets.col_plan":      {"Plan / document", "规划／文件"},
	"targets.col_year":      {"Target year", "目标年份"},
	"targets.col_latest":    {"Latest value", "最新值"},
	"targets.col_gap":       {"Gap to the target", "与目标的差距"},
	"targets.ratio_title":   {"Observed annual rate since the base year divided by the annual rate required to reach the target", "基年以来的实际年均变化率除以实现目标所需的年均变化率"},
	"targets.col_observed":  {"Observed rate per year", "实际年均变化"},
	"targets.col_required":  {"Required rate per year", "所需年均变化"},
	"unit.pp":               {"pp", "个百分点"},

	"sum.of":       {"Of %d official targets: ", "%d个官方目标中："},
	"sum.part":     {"%[1]d %[2]s", "%[2]s%[1]d个"},
	"sum.sep":      {", ", "，"},
	"sum.end":      {".", "。"},
	"sum.link":     {"See every target", "查看全部目标"},
	"sum.done":     {"met or achieved", "已完成或已实现"},
	"sum.on_track": {"on track", "进展顺利"},
	"sum.moderate": {"moderate progress", "进展中等"},
	"sum.limited":  {"limited progress", "进展有限"},
	"sum.away":     {"moving away", "偏离目标"},
	"sum.missed":   {"missed", "未完成"},
	"sum.no_data":  {"no data", "数据不足"},

	"about.title":    {"Method and data notes", "方法与数据说明"},
	"about.lead":     {"dualcarbon compares China's published green-transition indicators with the official targets set for them. This page explains how progress is assessed, how the figures are handled, how to cite them and what can be downloaded, and it lists every source.", "dualcarbon（双碳进展）将中国已发布的绿色低碳转型指标与相应的官方目标进行对照。本页说明进展的评估方法、数据的处理方式、引用方式和可下载的内容，并列出全部数据来源。"},
	"about.contents": {"Contents", "目录"},

	"about.method_h":      {"How the progress status is computed", "进展状态的计算方法"},
	"about.method_r":      {"Each target is assessed with the method of the Open SDG reporting platforms, as used by Statistics Canada. R is the compound annual growth rate (CAGR) observed from the target's base year to the latest value, divided by the CAGR required to go from the base-year value to the target by the target year. R = 1 means the indicator moves exactly at the pace the target requires.", "每个目标均采用 Open SDG 可持续发展目标报告平台的方法（加拿大统计局亦采用此方法）进行评估。R 为指标从目标基年到最新值的实际年均复合增长率，除以从基年值出发、到目标年实现目标所需的年均复合增长率。R = 1 表示指标恰好以目标要求的速度变化。"},
	"about.rule_on_track": {"R ≥ 0.95: the observed pace is at least 95% of the pace required.", "R ≥ 0.95：实际速度达到所需速度的95%及以上。"},
	"about.rule_moderate": {"0.60 ≤ R < 0.95: progress, but slower than required.", "0.60 ≤ R < 0.95：有进展，但慢于所需速度。"},
	"about.rule_limited":  {"0 ≤ R < 0.60: little progress towards the target.", "0 ≤ R < 0.60：朝目标方向的进展很少。"},
	"about.rule_away":     {"R < 0: the indicator moves away from the target.", "R < 0：指标朝背离目标的方向变化。"},
	"about.rule_achieved": {"The target is already reached before its target year.", "在目标年之前已达到目标。"},
	"about.rule_met":      {"A value for the target year (or a later year) reaches the target.", "目标年（或其后年份）的数值达到目标。"},
	"about.rule_missed":   {"A value for the target year (or a later year) falls short of the target.", "目标年（或其后年份）的数值未达到目标。"},
	"about.rule_no_data":  {"Not enough values to assess progress, for example no value for the base year.", "数据不足，无法评估进展，例如缺少基年数值。"},
	"about.method_base":   {"The base year is the one the target states (for example −18% compared with 2020); otherwise the year before the plan period (2020 for the 14th Five-Year Plan, 2015 for the 13th), and for other documents the last year of data they were drawn up on, usually the year before they were issued. For level, cap and floor targets a value up to two years from the base year stands in when the base year has none; change targets always use the base year's own value. Values after the current year are ignored.", "基年为目标所述的基年（例如“比2020年下降18%”）；未说明时，五年规划取规划期开始前一年（“十四五”为2020年，“十三五”为2015年），其他文件取其制定时所依据的最近数据年份，通常为发布前一年。对于水平值、上限和下限目标，基年缺少数值时，以前后两年内的数值代替；较基年变化的目标始终使用基年本身的数值。晚于当前年份的数值不予考虑。"},
	"about.method_linear": {"When a value or the target is zero or negative (as with year-on-year changes), compound rates are undefined: the rates are then linear, in the indicator's unit per year. “Still required per year” is the rate needed from the latest value to reach the target by the target year.", "当数值或目标为零或负数时（如同比变化），复合增长率无意义，此时采用线性变化率，单位为指标单位每年。“仍需年均变化”是从最新值出发、到目标年实现目标所需的年均变化。"},
	"about.method_gap":    {"On the targets table, the gap is the value the status rests on minus the target, in the indicator's unit (percentage points for indicators measured in %); for targets stated as a change from a base year, it is the change achieved since the base year against the change required.", "在目标进展总表中，“与目标的差距”为评估所依据的数值与目标值之差，单位与指标相同（以%计量的指标为百分点）；对于以较基年变化表述的目标，则为基年以来实际实现的变化，并列出目标要求的变化。"},

	"about.index_h": {"Cumulative indices are derived", "累计指数为推算值"},
	"about.index":   {"Some indicators, such as energy intensity and CO2 intensity, are published as changes on the previous year. To assess targets stated as a cumulative change (for example −13.5% from 2020 to 2025), dualcarbon derives a cumulative index (base year = 100) by chaining the published year-on-year changes: each year's index is the previous year's multiplied by (1 + change / 100). The index is computed by this program, not published; it is marked “derived” in charts, tables and downloads, and it is never chained across a year without a published change. Cumulative changes that were officially published are kept as separate indicators.", "部分指标（如单位GDP能耗、单位GDP二氧化碳排放）以比上年变化的形式发布。为评估以累计变化表述的目标（例如2025年比2020年下降13.5%），dualcarbon 将逐年公布的同比变化连乘，推算累计指数（基年=100）：每年的指数等于上年指数乘以（1 + 变化率/100）。该指数由本程序计算，并非官方公布数据，在图表、表格和下载文件中均标注为“推算”；缺少某年公布数据时不跨年连乘。官方公布的累计变化作为单独指标保留。"},

	"about.vintages_h": {"Vintages: every publication is kept", "数据版本：保留每一次发布"},
	"about.vintages":   {"The same figure is often published more than once: a preliminary value in the statistical communiqué, a final one in the yearbook, a revision after an economic census. Each later publication of a value for the same year (or month) is a new vintage, ordered by publication date; the latest vintage is the current value, used in charts, statuses and the overview. Earlier vintages are never overwritten: the indicator pages list them, and the downloads and the API (series with ?vintage=all) include them.", "同一数据常常多次发布：统计公报中的初步数、统计年鉴中的最终数、经济普查后的修订数。同一年份（或月份）数值的每一次后续发布即为一个新版本，按发布时间排序；最新版本为现行数值，用于图表、进展状态和总览。较早的版本不会被覆盖：指标页面列出全部版本，下载文件和数据接口（series 的 ?vintage=all）也包含全部版本。"},
	"about.reposts":    {"Many source links are reposts of an official release on news portals or aggregators; the source title then names the original publisher. Before relying on a figure, check it against the original release (stats.gov.cn, mee.gov.cn, nea.gov.cn, gov.cn).", "许多来源链接是官方发布内容在新闻门户或聚合网站上的转载，此时来源标题注明原始发布机构。引用数据前，请以原始发布为准进行核对（stats.gov.cn、mee.gov.cn、nea.gov.cn、gov.cn）。"},

	"about.ei_h":         {"Energy intensity: the 2023 definition break", "单位GDP能耗：2023年统计口径调整"},
	"about.ei":           {"From the 2023 data on, the National Bureau of Statistics (NBS) excludes non-fossil energy when it computes energy consumption per unit of GDP (energy intensity), and applied the change retroactively (reported by Reuters, March 2024). The official 2023 figure is −0.5%; under the old definition it would have been +0.5% (CREA estimate).", "自2023年数据起，国家统计局在计算单位国内生产总值能耗时扣除非化石能源消费，并追溯调整（路透社2024年3月报道）。2023年官方数据为下降0.5%；按原口径则为上升0.5%（CREA估计）。"},
	"about.ei_cum":       {"Yearly first prints and restated cumulative figures must not be mixed: the first-print yearly changes for 2021–2024 compound to only about −7%, while the NDRC states −11.6% for 2021–2024 on the restated basis (July 2025). The break is marked on the energy-intensity chart; read the derived index across 2023 with care. The published cumulative change since 2020 is a separate indicator.", "各年初步数与按新口径调整后的累计数不宜混用：2021—2024年各年初步数连乘仅约下降7%，而国家发展改革委按调整后口径公布的2021—2024年累计降幅为11.6%（2025年7月）。能耗强度图表中标注了口径调整；跨越2023年的推算指数须审慎解读。官方公布的2020年以来累计变化作为单独指标列出。"},
	"about.breaks_h":     {"Definition breaks recorded in the data", "数据中记录的统计口径调整"},
	"about.cite_h":       {"How to cite", "引用方式"},
	"about.cite":         {"Cite dualcarbon with the address of the page and the date you accessed it, and cite the original source of each figure you use: its publisher, title, publication date and link are given in the tables, the chart tooltips, the downloads and the list of sources below. dualcarbon compiles published figures; it is not their author.", "请注明 dualcarbon（双碳进展）、页面网址和访问日期，并注明所用每个数据的原始来源：原始来源的发布机构、标题、发布时间和链接见各表格、图表提示框、下载文件以及下方的来源列表。dualcarbon 仅汇编已发布的数据，并非数据的发布者。"},
	"about.cite_form":    {"dualcarbon, “<indicator>”, <page address>, accessed <YYYY-MM-DD>. Original source: <publisher>, “<title>”, <published>, <URL>.", "dualcarbon（双碳进展）. <指标名称>[EB/OL]. [<访问日期>]. <页面网址>. 原始数据来源：<发布机构>. <标题>[EB/OL]. (<发布日期>). <网址>."},
	"about.cite_example": {"For example, for the latest value of the first indicator:", "例如，引用第一个指标的最新值："},
	"about.site_address": {"site address", "网站地址"},
	"about.original":     {"Original source", "原始数据来源"},

	"about.downloads_h": {"Downloads and API", "下载与数据接口"},
	"about.dl_dataset":  {"the whole dataset as a Frictionless Data Package: indicators, every observation with all its vintages, targets, sources, policy events and regions, as CSV files described by datapackage.json.", "以 Frictionless Data Package 格式打包的完整数据集：指标、全部观测值（含各版本）、目标、来源、政策事件和地区，均为 CSV 文件，由 datapackage.json 描述。"},
	"about.dl_targets":  {"every official target with its status, as on the targets page.", "全部官方目标及其进展状态，与目标进展页面一致。"},
	"about.dl_chart":    {"on each indicator page, the data behind its chart, in the page's language and years.", "各指标页面提供图表所用的数据，语言和年份范围与页面一致。"},
	"about.dl_api":      {"the JSON API (version 1), described in OpenAPI: indicators with their targets and statuses, series with every vintage, sources and events.", "JSON 数据接口（第1版），以 OpenAPI 描述：指标及其目标与进展状态、含全部版本的时间序列、来源和事件。"},
	"about.dl_csv":      {"CSV files are UTF-8; text cells that a spreadsheet would read as a formula (starting with = + - @) get a leading apostrophe; numbers are never altered.", "CSV 文件采用 UTF-8 编码；电子表格可能当作公式执行的文本单元格（以 = + - @ 开头）前加撇号；数值不作改动。"},

	"about.sources_h":     {"Sources", "数据来源"},
	"about.sources":       {"Sources in the database:", "数据库中的来源数："},
	"about.col_title":     {"Title", "标题"},
	"about.col_publisher": {"Publisher", "发布机构"},
	"about.break_year":    {" (%d): ", "（%d年）："},
	"punct.colon":         {": ", "："},
	"punct.semicolon":     {"; ", "；"},
	"punct.stop":          {". ", "。"},
	"punct.list":          {", ", "、"},
	"chart.name_unit":     {"%s (%s)", "%s（%s）"},

	// Trends and statuses (package trend).
	"trend.actual":         {"Actual", "实际值"},
	"trend.index":          {"Cumulative index (derived, %d = 100)", "累计指数（推算，%d年=100）"},
	"trend.trajectory":     {"Trajectory: %s", "目标路径：%s"},
	"trend.document":       {" (%s)", "（%s）"},
	"status.achieved":      {"Achieved", "已实现"},
	"status.on_track":      {"On track", "进展顺利"},
	"status.moderate":      {"Moderate progress", "进展中等"},
	"status.limited":       {"Limited progress", "进展有限"},
	"status.away":          {"Moving away", "偏离目标"},
	"status.met":           {"Met", "已完成"},
	"status.missed":        {"Missed", "未完成"},
	"status.no_data":       {"No data", "数据不足"},
	"status.cannot_assess": {"not enough values to assess progress", "无法评估进展"},
	"status.no_value_yet":  {"no value for %d yet; the last, %s, was %s (R = %s)", "尚无%d年数据；最近一期%s，当时%s（R = %s）"},
	"status.goal_for":      {"%s; goal for %d: %s", "%s（%d年目标：%s）"},
	"status.goal":          {"%s; goal: %s", "%s（目标：%s）"},
	"status.rates":         {"%s (R = %s): the observed rate is %s against %s required; ", "%s（R = %s）：实际年均变化%s，目标要求年均%s；"},
	"status.still_one":     {"%[2]s in %[1]d needed to reach the target", "%[1]d年需变化%[2]s才能实现目标"},
	"status.still":         {"%[3]s needed from %[1]d to %[2]d to reach the target", "%[1]d年至%[2]d年需年均变化%[3]s才能实现目标"},
	"trend.label":          {"%[1]s: %[3]s by %[2]d", "%[1]s：%[2]d年%[3]s"},
	"goal.change":          {"%[1]s vs %[2]d", "比%[2]d年%[1]s"},
	"goal.cap":             {"at most %s", "不高于%s"},
	"goal.floor":           {"at least %s", "不低于%s"},
	"goal.level":           {"%s", "达到%s"},
	"latest.change":        {"%[1]s vs %[2]d in %[3]d", "%[3]d年比%[2]d年%[1]s"},
	"latest.level":         {"%[1]s in %[2]d", "%[2]d年为%[1]s"},
	"gap.change":           {"%[3]s vs %[2]d in %[1]d (target %[4]s)", "%[1]d年比%[2]d年%[3]s（目标：%[4]s）"},
	"gap.zero":             {"at the target (%d)", "%d年与目标持平"},
	"gap.above":            {"%[2]s above the target (%[1]d)", "%[1]d年比目标高%[2]s"},
	"gap.below":            {"%[2]s below the target (%[1]d)", "%[1]d年比目标低%[2]s"},

	// Layout, search, sharing and embedding.
	"site.description":   {"China's green-transition indicators against their official targets: every value with its source, publication date and status, in English and Chinese.", "中国绿色低碳转型指标与官方目标对照：每个数值均附来源、发布时间和进展状态，提供中英文版本。"},
	"site.skip":          {"Skip to the content", "跳到正文"},
	"site.licence":       {"The compilation may be reused under", "本汇编可依以下许可协议再利用："},
	"nav.label":          {"Site", "网站导航"},
	"search.label":       {"Find an indicator", "查找指标"},
	"search.placeholder": {"coal, 煤炭, pm25…", "煤炭、coal、pm25…"},
	"search.go":          {"Find", "查找"},
	"search.title":       {"Find an indicator", "查找指标"},
	"search.results":     {"Indicators matching “%s”: %d", "与“%s”匹配的指标：%d个"},
	"search.none":        {"No indicator matches. Try another word, in English or Chinese, or an indicator code.", "没有匹配的指标。请换一个词（中文或英文）或指标代码再试。"},
	"search.hint":        {"Type part of a name in English or Chinese, or an indicator code.", "输入指标的中文或英文名称的一部分，或指标代码。"},
	"search.all":         {"All indicators", "全部指标"},
	"embed.full":         {"Full page, targets and sources", "完整页面、目标与来源"},
	"ind.embed":          {"Embed this chart", "嵌入此图表"},
	"ind.embed_note":     {"Copy this code into a web page to show the chart with its credit line:", "将以下代码复制到网页中，即可显示此图表及其出处说明："},
	"about.licence_h":    {"Licence and terms of reuse", "许可协议与再利用条款"},
	"about.licence":      {"The compilation (the selection and arrangement of the figures, the targets and their statuses, the derived indices, the notes and the translations) is licensed under", "本汇编（数据的选取与编排、目标及其进展状态、推算指数、说明和译文）依以下许可协议发布："},
	"about.licence_name": {"Creative Commons Attribution 4.0 International (CC BY 4.0)", "知识共享 署名 4.0 国际许可协议（CC BY 4.0）"},
	"about.terms_gov":    {"Figures from Chinese government bodies (NBS, MEE, NEA, NDRC, the State Council and its Information Office): official documents and statistical figures are not protected by copyright (Copyright Law of the PRC, article 5); the quotes are short extracts for citation.", "来自中国政府机关（国家统计局、生态环境部、国家能源局、国家发展改革委、国务院及国务院新闻办公室）的数据：官方文件和统计数据不受著作权法保护（《中华人民共和国著作权法》第五条）；所引原文为供引用的简短摘录。"},
	"about.terms_open":   {"Figures from Our World in Data (and the Energy Institute data it carries) are reused under CC BY 4.0 and the Energy Institute's terms, which ask for attribution to the Statistical Review of World Energy.", "来自 Our World in Data 的数据（及其转载的能源研究所数据）依 CC BY 4.0 及能源研究所条款再利用，须注明出处为 Statistical Review of World Energy。"},
	"about.terms_news":   {"Figures reported by news agencies, newspapers, industry sites and research groups are facts quoted with a short extract and a link; their articles remain under their publishers' copyright: follow the link for the full text and its terms.", "新闻机构、报刊、行业网站和研究机构报道的数据为附简短摘录和链接引用的事实；其文章的著作权仍归各发布者所有，全文及使用条款请见原链接。"},
	"about.licence_cite": {"Reuse the compilation with credit to dualcarbon and the page address; for each figure, cite its original publication as well.", "再利用本汇编时，请注明 dualcarbon（双碳进展）及页面网址；引用各数据时，请同时注明其原始出处。"},
}

// T is the text under key in lang; an unknown key is returned as is (tests check every key used exists).
func T(lang, key string) string {
	t, ok := texts[key]
	if !ok {
		return key
	}
	return Pick(lang, t[0], t[1])
}

// Tf is T(lang, key) used as a format with args (a key's two texts may order the arguments differently,
// with %[n]d).
func Tf(lang, key string, args ...any) string {
	return fmt.Sprintf(T(lang, key), args...)
}

// Has reports whether key is in the table.
func Has(key string) bool {
	_, ok := texts[key]
	return ok
}

// Keys are the keys of the table, sorted.
func Keys() []string {
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
