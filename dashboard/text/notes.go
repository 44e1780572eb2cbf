package text

import (
	"regexp"
	"strings"
)

// The compilers' notes on figures are stored in English. A Chinese page shows NoteText: the Chinese of a note
// this vocabulary has (the notes most figures carry, and the recurring forms "as stated: about 70", "339
// cities", "calendar 2024"), else the note as stored, which the page marks lang="en" (LangOf). The downloads
// and the API keep the note as stored.
var notesZH = map[string]string{
	"CEADs Scope 1 total, an academic inventory (not an official statistic); stored in Mt (the file gives tonnes). Cite: Guan et al. 2021, Earth's Future 9(11) e2021EF002241; Shan et al. 2018 and 2020, Scientific Data. CEADs dataset of 2021-10-21; file of the OpenClimate repository 2023-05-04.": "CEADs 范围一排放总量，学术清单（非官方统计）；由原文件的吨换算存储。引用：Guan 等（2021），Earth's Future 9(11) e2021EF002241；Shan 等（2018、2020），Scientific Data。CEADs 数据集版本2021-10-21；OpenClimate 仓库文件2023-05-04。",
	"[SECONDARY] From a secondary compilation with no address (citing 博研咨询), not a primary source; where it can be checked it matches the official 2018 and 2020 figures.":                                                                                                                              "[SECONDARY] 来自无出处地址的二手汇编（引用博研咨询），并非一手来源；可核对之处与2018年和2020年官方数据一致。",
	"Unit as published: tce per 10,000 yuan GDP (2005 prices).": "公布单位：吨标准煤/万元国内生产总值（2005年价格）。",
	"The English repost heads this column as industrial value-added intensity; the numbers are total energy consumption growth (all positive, one decimal; (1+growth)/(1+intensity change)-1 gives 2018 GDP growth), as in the Chinese original.":                                                                                                                                                                                                                                                                                "英文转载将此列标为工业增加值能耗强度；实为能源消费总量增速（均为正数，一位小数；(1+增速)/(1+强度变化)-1 即2018年GDP增速），与中文原文一致。",
	"OWID column coal_share_energy, % of primary energy (Energy Institute, substitution method): cross-check only, not the NBS definition. Repo snapshot, commit e7897aed55b514b8d16e0a3d8f1518789ac3de31 (it also carries Ember rows for 2025, so the commit is later); published = the date OWID put these Energy Institute values (Statistical Review 2025, data to 2024) in the dataset: README changelog 'On July 17, 2025: Updated the Energy Institute Statistical Review of World Energy'.":                              "OWID 数据集 coal_share_energy 列，占一次能源的百分比（能源研究所数据，替代法）：仅供对照，并非国家统计局口径。仓库快照，提交 e7897aed55b514b8d16e0a3d8f1518789ac3de31（其中已有2025年的 Ember 数据，故该提交更晚）；发布日期为 OWID 将这些能源研究所数据（《世界能源统计年鉴》2025年版，数据至2024年）加入数据集的日期，见其更新日志“2025年7月17日：更新能源研究所《世界能源统计年鉴》”。",
	"OWID column low_carbon_share_energy (nuclear + renewables), % of primary energy (Energy Institute, substitution method): cross-check only, not the NBS definition. Repo snapshot, commit e7897aed55b514b8d16e0a3d8f1518789ac3de31 (it also carries Ember rows for 2025, so the commit is later); published = the date OWID put these Energy Institute values (Statistical Review 2025, data to 2024) in the dataset: README changelog 'On July 17, 2025: Updated the Energy Institute Statistical Review of World Energy'.": "OWID 数据集 low_carbon_share_energy 列（核能与可再生能源），占一次能源的百分比（能源研究所数据，替代法）：仅供对照，并非国家统计局口径。仓库快照，提交 e7897aed55b514b8d16e0a3d8f1518789ac3de31（其中已有2025年的 Ember 数据，故该提交更晚）；发布日期为 OWID 将这些能源研究所数据（《世界能源统计年鉴》2025年版，数据至2024年）加入数据集的日期，见其更新日志“2025年7月17日：更新能源研究所《世界能源统计年鉴》”。",
	"2025 communiqué (dated 2026-02-28 in the summary), read only in a third party's summary: published = the summary's 'Created Date'": "2025年统计公报（摘要注明日期为2026-02-28），仅见于第三方摘要：发布日期取该摘要的创建日期。",
	"Provincial annual mean, from the provincial bulletin (not the national mean of prefecture-level cities).":                          "省级年均值，来自本省公报（并非全国地级及以上城市的平均值）。",
	"as restated by NEA in 2024":                                                                           "国家能源局2024年重述的数值",
	"stated by Li Gao, NDRC climate change department":                                                     "国家发展改革委应对气候变化司李高所述",
	"stated by Xie Zhenhua":                                                                                "解振华所述",
	"stated by NDRC vice-chair Xie Zhenhua in Doha":                                                        "国家发展改革委副主任解振华在多哈所述",
	"CAAM, all vehicle types incl. exports":                                                                "中国汽车工业协会口径，含全部车型及出口",
	"of all new vehicle sales incl. exports (CAAM wholesale)":                                              "占全部新车销量（含出口，中国汽车工业协会批发口径）",
	"Lower-confidence source (secondary document quoting bulletins); no better source retrieved.":          "可信度较低的来源（引用公报的二手文件）；未找到更好的来源。",
	"Lower-confidence source (exam-question table quoting NBS); no better source retrieved for this year.": "可信度较低的来源（引用国家统计局数据的试题表格）；该年未找到更好的来源。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year.": "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。",
	"preliminary":                      "初步数",
	"post-3rd-census":                  "第三次经济普查后",
	"first print, 2009 communique":     "2009年统计公报初步数",
	"first print, 2007 communique":     "2007年统计公报初步数",
	"ten years":                        "十年",
	"13th FYP period":                  "“十三五”时期",
	"2022 annual average":              "2022年全年平均",
	"closing 2021-12-31":               "2021-12-31收盘",
	"closing 2022-12-30":               "2022-12-30收盘",
	"grid-connected, end-2012":         "并网，2012年末",
	"7th inventory":                    "第七次清查",
	"power; 2023 compliance year":      "发电行业；2023年度履约",
	"as stated: about 70 (early 2011)": "所述数值：约70（2011年初）",
	"early press estimate by Diyi Caijing, pre-revision":                                         "第一财经的早期估计，修订前",
	"as stated: 66 (preliminary, 2014 bulletin)":                                                 "所述数值：66（初步数，2014年公报）",
	"as stated: 63.7 (revised, China Energy Statistical Yearbook)":                               "所述数值：63.7（修订数，《中国能源统计年鉴》）",
	"Lower-confidence source (aggregator); the same value is confirmed by the NDRC via Huanqiu.": "可信度较低的来源（聚合网站）；同一数值经国家发展改革委（环球网报道）证实。",
	"as stated: 9.7 (primary electricity and other energy)":                                      "所述数值：9.7（一次电力及其他能源）",
	"end of the 12th FYP (2015); SCIO annual climate report 2016":                                "“十二五”末（2015年）；国务院新闻办公室2016年度气候变化报告",
	"as stated: 16 (rounded)":                                                                    "所述数值：16（取整）",
	"as stated: 16.6 (primary electricity and other energy)":                                     "所述数值：16.6（一次电力及其他能源）",
	"Xinhua English says 'power consumption'; Spanish version says total energy consumption":     "新华社英文稿称“电力消费”；西班牙文稿称能源消费总量",
	"as stated: 19.7 (labelled 'renewable' by AP; NBS clean-energy definition)":                  "所述数值：19.7（美联社称“可再生能源”；按国家统计局清洁能源口径）",
	"as stated: 22.1 (approx., derived by reporter)":                                             "所述数值：22.1（约数，记者推算）",
	"first print, 2009 communique: 31億トン":                                                        "2009年统计公报初步数：31亿吨",
	"NEA/NBS clarification, Aug 2010":                                                            "国家能源局、国家统计局2010年8月的澄清",
	"as restated in 2011 communique":                                                             "2011年统计公报重述的数值",
	"renewables 1,213 GW":                                                                        "可再生能源12.13亿千瓦",
	"as stated: >50 (first time)":                                                                "所述数值：>50（首次）",
	"revised after agricultural census; first print -1.23/-1.33":                                 "农业普查后修订；初步数为-1.23/-1.33",
	"July 2007 revision; Feb 2007 communique first print -1.23":                                  "2007年7月修订；2007年2月统计公报初步数为-1.23",
	"revised after 2nd economic census; earlier -1.79/-1.33/-1.23":                               "第二次经济普查后修订；此前为-1.79/-1.33/-1.23",
	"revised after 2nd economic census; earlier -3.66":                                           "第二次经济普查后修订；此前为-3.66",
	"preliminary, NDRC vice-chair Xie Zhenhua; headline of a related-link on the page":           "初步数，国家发展改革委副主任解振华；页面相关链接的标题",
	"revised after 2nd economic census; first print -4.59":                                       "第二次经济普查后修订；初步数为-4.59",
	"2008 provincial bulletin, pre-census":                                                       "2008年分省公报，普查前",
	"revised, 2009 provincial bulletin after 2nd economic census":                                "修订数，第二次经济普查后的2009年分省公报",
	"NDRC plan report to NPC, May 2020":                                                          "国家发展改革委向全国人大所作计划报告，2020年5月",
	"as stated: -2.7 (target ~-3.0)":                                                             "所述数值：-2.7（目标约-3.0）",
	"Official NBS figure, new definition (non-fossil energy excluded from the 2023 data on).":    "国家统计局官方数据，新口径（自2023年数据起扣除非化石能源）。",
	"as stated: -3.8 (fossil-energy basis)":                                                      "所述数值：-3.8（按化石能源计算）",
	"as stated: 0 (flat)":                                                                        "所述数值：0（持平）",
	"first four years of 14th FYP, NDRC":                                                         "“十四五”前四年，国家发展改革委",
	"Calculation by CREA analyst Lauri Myllyvirta quoted by Reuters, not an official figure.":    "CREA 分析师 Lauri Myllyvirta 的计算（Reuters 引述），并非官方数据。",
	"Analyst estimate (Carbon Brief analysis, about -12%), not an official figure.":              "分析师估计（Carbon Brief 分析，约-12%），并非官方数据。",
	"Enerdata estimate (around -12%); no official cumulative 13th FYP figure retrieved.":         "Enerdata 估计（约-12%）；未找到“十三五”累计的官方数据。",
	"first four years of 12th FYP, NBS":                                                          "“十二五”前四年，国家统计局",
	"12th FYP period; as stated: about -18.2":                                                    "“十二五”时期；所述数值：约-18.2",
	"12th FYP period, as announced Jan 2016":                                                     "“十二五”时期，2016年1月公布",
	"first four years of 11th FYP":                                                               "“十一五”前四年",
	"11th FYP, preliminary estimate Dec 2010; as stated: about -20":                              "“十一五”，2010年12月初步估计；所述数值：约-20",
	"retrospective, later method/city set":                                                       "追溯数据，采用后来的方法和城市范围",
	"338 cities; MEP year-end notice":                                                            "338个城市；环境保护部年终通报",
	"339 cities; as stated: 85.5 (86.8 excluding sand/dust)":                                     "339个城市；所述数值：85.5（扣除沙尘影响为86.8）",
	"of 161 monitored cities":                                                                    "161个监测城市中",
	"of 338 cities (73 cities)":                                                                  "338个城市中（73个城市）",
	"of 337 cities meeting ambient air quality standard":                                         "337个城市中环境空气质量达标的城市",
	"of 337 cities (202 cities)":                                                                 "337个城市中（202个城市）",
	"of 339 cities (218 cities)":                                                                 "339个城市中（218个城市）",
	"baseline in 13th FYP eco plan":                                                              "“十三五”生态环境保护规划中的基准值",
	"6th National Forest Inventory 1999-2003":                                                    "第六次全国森林资源清查（1999—2003年）",
	"7th National Forest Inventory 2004-2008":                                                    "第七次全国森林资源清查（2004—2008年）",
	"8th National Forest Inventory 2009-2013":                                                    "第八次全国森林资源清查（2009—2013年）",
	"2022 land-greening bulletin; integrated monitoring method":                                  "2022年国土绿化状况公报；综合监测方法",
	"2023 national land-change survey, in 2024 China Natural Resources Bulletin":                 "2023年度全国国土变更调查，见《2024年中国自然资源公报》",
	"2023 compliance year; 5.244 bn t to surrender; as stated: about 99.98":                      "2023年度履约；应清缴52.44亿吨；所述数值：约99.98",
	"average 2021-07-16 to 2021-12-31":                                                           "2021-07-16至2021-12-31的平均值",
	"published = the journal issue's year":                                                       "发布日期取该期刊的出版年份",
}

var notePatternsZH = []struct {
	re *regexp.Regexp
	zh string
}{
	// A number as stated is in the indicator's stored unit: NoteText moves its point as the page does.
	{regexp.MustCompile(`^as stated: (?:about|around) ([-+]?[0-9][0-9.]*)$`), "所述数值：约${1}"},
	{regexp.MustCompile(`^as stated: ([-+]?[0-9][0-9.]*)$`), "所述数值：${1}"},
	{regexp.MustCompile(`^as stated: about ([0-9][0-9.]*) \(preliminary, late Dec ([0-9]{4})\)$`), "所述数值：约${1}（初步数，${2}年12月下旬）"},
	{regexp.MustCompile(`^as stated: ([^A-Za-z]+)$`), "原文：${1}"},
	{regexp.MustCompile(`^([0-9]+) cities$`), "${1}个城市"},
	{regexp.MustCompile(`^of ([0-9]+) cities$`), "${1}个城市中"},
	{regexp.MustCompile(`^of ([0-9,]+) national (?:monitored )?sections$`), "全国${1}个断面中"},
	{regexp.MustCompile(`^calendar ([0-9]{4})$`), "${1}自然年"},
}

// NoteText is a compiler's note on a figure of an indicator shown in unit, in lang: in Chinese the
// vocabulary's text (a number as stated in the unit shown, its decimal point moved), else the note as stored.
func NoteText(lang, note string, unit Shown) string {
	if lang != ZH || note == "" {
		return note
	}
	if zh, ok := notesZH[note]; ok {
		return zh
	}
	for i, p := range notePatternsZH {
		m := p.re.FindStringSubmatch(note)
		if m == nil {
			continue
		}
		if i < 3 { // a number in the stored unit
			note = strings.Replace(note, m[1], unit.Number(m[1]), 1)
		}
		return p.re.ReplaceAllString(note, p.zh)
	}
	return note
}
