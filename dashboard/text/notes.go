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
	"An official of the provincial DRC at the 2023 energy-saving week launch (the page dates it 10 July, in the 33rd national energy-saving week, 2023): the cumulative fall 2021–2022, against Hebei's planned 14.5%; the accounting basis is not stated.":                                             "省发展改革委官员在2023年节能宣传周启动仪式上的介绍（页面记为7月10日，第33个全国节能宣传周，2023年）：2021—2022年累计降幅，对照河北省规划的14.5%；未说明核算口径。",
	"A news report of the 2024 provincial energy-saving week launch: the cumulative fall in the first three years of the 14th FYP (约, about), against Shanxi's 14.5% target; the accounting basis is not stated.":                                                                                       "2024年全省节能宣传周启动仪式的新闻报道：“十四五”前三年累计降幅（约），对照山西省14.5%的目标；未说明核算口径。",
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
	// The longer notes on built-in figures: a number in braces is in the stored unit, which NoteText writes in
	// the unit shown ({5.1} the number, {5.1+} the number and unit).
	"2023 compliance year; as stated: about 5.2": "2023年度履约；所述数值：约{5.2}",
	"9th National Forest Inventory 2014-2018, published 2019 Lower-confidence source (Q&A page citing the 2019 land-greening bulletin); no better source retrieved.":                                                                                                          "第九次全国森林资源清查（2014—2018年），2019年发布。可信度较低的来源（引用2019年国土绿化状况公报的问答页面）；未找到更好的来源。",
	"A news report (the 2021 communiqué itself not retrieved). The same sentence gives GDP growth of 9.1%; the intensity change it implies is not stored (it would be a derived figure).":                                                                                     "新闻报道（未找到2021年统计公报原文）。同一句话给出GDP增长9.1%；由此推算的强度变化未存储（那将是推算数据）。",
	"A news report of the region's statistics (the 2021 communiqué itself not retrieved); the price base is not stated.":                                                                                                                                                      "关于该地区统计数据的新闻报道（未找到2021年统计公报原文）；未说明价格基期。",
	"A preliminary estimate (初步测算, 左右) on the State's adjusted assessment basis, which deducts non-fossil energy, feedstock use and separately listed projects: not the statistical communiqué's basis, so not comparable with the communiqué years.":                         "初步估计（原文“初步测算”“左右”），按国家调整后的考核口径，即扣除非化石能源、原料用能和单列项目：并非统计公报的口径，因此不能与公报各年比较。",
	"A preliminary estimate (左右) of the cumulative fall in the first four years of the 14th FYP, on the State's adjusted assessment basis (non-fossil energy, feedstock use and separately listed projects deducted), against Jiangsu's 14% target.":                          "“十四五”前四年累计降幅的初步估计（原文“左右”），按国家调整后的考核口径（扣除非化石能源、原料用能和单列项目），对照江苏14%的目标。",
	"As stated: 3.65亿吨标准煤 (365 million tce = 0.365 billion tce), a news report of the 2022 total, not the communiqué.":                                                                                                                                                        "所述数值：3.65亿吨标准煤（365百万吨标准煤 = 0.365十亿吨标准煤），为新闻报道的2022年总量，并非统计公报。",
	"China's Policies and Actions for Addressing Climate Change (2016), SCIO; 12th FYP period 2011-2015":                                                                                                                                                                      "《中国应对气候变化的政策与行动2016年度报告》，国务院新闻办公室；“十二五”时期2011—2015年",
	"Composite price at end-2024 (MEE progress report 2025, via Down To Earth), not strictly a closing price.":                                                                                                                                                                "2024年末的综合价格（生态环境部2025年进展报告，经《Down To Earth》转述），严格而言并非收盘价。",
	"First compliance cycle (2019 and 2020 compliance years), closed 2021-12-31; filed under its last compliance year, 2020 (the reference files it under 2021).":                                                                                                             "第一个履约周期（2019年度和2020年度履约），2021-12-31截止；记在其最后一个履约年度2020年之下（参考资料记在2021年之下）。",
	"First compliance cycle (2019 and 2020 compliance years), closed 2021-12-31; filed under its last compliance year, 2020 (the reference files it under 2021). as stated: 2162 (1,833 fully compliant; 178 partially)":                                                      "第一个履约周期（2019年度和2020年度履约），2021-12-31截止；记在其最后一个履约年度2020年之下（参考资料记在2021年之下）。所述数值：2162（1,833家足额完成清缴；178家部分完成）",
	"First compliance cycle (2019 and 2020 compliance years), closed 2021-12-31; filed under its last compliance year, 2020 (the reference files it under 2021). by allowance volume, first compliance period 2019-2020":                                                      "第一个履约周期（2019年度和2020年度履约），2021-12-31截止；记在其最后一个履约年度2020年之下（参考资料记在2021年之下）。按配额量计，第一个履约期2019—2020年",
	"First compliance cycle (2019 and 2020 compliance years), closed 2021-12-31; filed under its last compliance year, 2020 (the reference files it under 2021). power generation, first compliance period 2019-2020":                                                         "第一个履约周期（2019年度和2020年度履约），2021-12-31截止；记在其最后一个履约年度2020年之下（参考资料记在2021年之下）。发电行业，第一个履约期2019—2020年",
	"Interim rate reported at end-December 2021, before the final 99.5%. First compliance cycle (2019 and 2020 compliance years), closed 2021-12-31; filed under its last compliance year, 2020 (the reference files it under 2021). as stated: 99.1 (interim, end-Dec 2021)": "2021年12月底报告的阶段性比率，早于最终的99.5%。第一个履约周期（2019年度和2020年度履约），2021-12-31截止；记在其最后一个履约年度2020年之下（参考资料记在2021年之下）。所述数值：99.1（阶段性，2021年12月底）",
	"NEA expectation made in November 2015 ('预计…12%左右', about 12%), not an outturn; no final 2015 value retrieved.":                                                                                                                                                           "国家能源局2015年11月的预计（“预计…12%左右”，约12%），并非实际结果；未找到2015年的最终数值。",
	"NEW definition: excludes energy used as raw material and non-fossil energy; does not chain with earlier years":                                                                                                                                                           "新口径：扣除用作原料的能源和非化石能源；不能与此前各年衔接",
	"OWID column co2: annual CO2 emissions from fossil fuels and industry in million tonnes, compiled by OWID from the Global Carbon Project (a secondary compilation of an outside estimate): cross-check only, not an official statistic. published = the date of commit 2a6c4a26fafc29000d1ee0deebf083d60b563c78 (2020-12-09, git log of owid/co2-data); China's co2 values for 2005-2018 are the same in the dataset's first release of 2020-08-07 (commit 9f743dc).": "OWID 数据集 co2 列：化石燃料和工业的年度CO2排放量，单位百万吨，由 OWID 根据全球碳计划的数据汇编（对外部估算的二手汇编）：仅供对照，并非官方统计。发布日期取提交 2a6c4a26fafc29000d1ee0deebf083d60b563c78 的日期（2020-12-09，据 owid/co2-data 仓库的提交记录）；中国2005—2018年的 co2 数值与该数据集2020-08-07首次发布（提交 9f743dc）中的相同。",
	"Old definition (non-fossil energy included), estimated by CREA; NBS published -0.5 under the new definition. Kept to show the 2023 definition break; not an official print.":                                                              "旧口径（含非化石能源），CREA 估算；国家统计局按新口径公布为-0.5。保留以显示2023年的口径变化；并非官方公布数。",
	"Post-census (3rd economic census) level implied by the reporter from the 2014 total and its +2.2% growth (以此推断); not an NBS print.":                                                                                                       "普查（第三次经济普查）后的水平，由记者根据2014年总量及其+2.2%的增速推算（原文“以此推断”）；并非国家统计局公布数。",
	"Pre-revision 2013 total (before the 3rd economic census), quoted in the same article as the revised figure; stored as its own source record (article month only) so that both vintages are kept and the revised figure ranks as current.": "修订前的2013年总量（第三次经济普查前），与修订数见于同一篇文章；作为单独的来源记录存储（仅有文章月份），以便两个版本都保留，并以修订数为现行版本。",
	"Preliminary NDRC estimate: '下降3.5%以上' (a decline of 3.5% or more), hence flag under; NBS later printed -3.6.":                                                                                                                             "国家发展改革委初步估计：“下降3.5%以上”（降幅为3.5%或更多），故标记为“低于”；国家统计局后来公布为-3.6。",
	"Second compliance cycle, 2021 and 2022 compliance years, filed under 2022; period: 2021-2022 (2nd compliance cycle); as stated: about 5.1":                                                                                                "第二个履约周期，2021年度和2022年度履约，记在2022年之下；期间：2021—2022年（第二个履约周期）；所述数值：约{5.1}",
	"Seed document 000. Analysis for Carbon Brief, not an official statistic. The repost prints no date; the article covers the Third Plenum that concluded on 18 July (2024), so 2024 is inferred.":                                           "种子文件000。为 Carbon Brief 所作的分析，并非官方统计。该转载未注明日期；文章报道（2024年）7月18日闭幕的三中全会，故推定为2024年。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. 'Decreased by more than 35%' since the new era (from 2012); flag under = the change is below -35%. The end year is not stated and is taken as 2023, the latest data year of the document; compounding the first prints gives about -34.9% to 2023 and -37.1% to 2024 (NOTES §3), so the end year is uncertain.": "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。新时代以来（自2012年起）“下降超过35%”；标记“低于”表示变化低于-35%。终止年份未说明，取该文件最新的数据年份2023年；以各年初步数复合计算，至2023年约为-34.9%，至2024年约为-37.1%（NOTES 第3节），因此终止年份不确定。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Confirmed by MEE (30 µg/m³ for 2023).":                                                                                                                                                                                                                                                                          "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。经生态环境部证实（2023年为30微克/立方米）。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Cumulative change 'since the new era' (from 2012); the end year is not stated and is taken as 2023, the latest data year of the document. Not found verbatim elsewhere (NBS: -26.4% for 2012-2021).":                                                                                                            "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。“新时代以来”（自2012年起）的累计变化；终止年份未说明，取该文件最新的数据年份2023年。其他来源中未见原样表述（国家统计局：2012—2021年为-26.4%）。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. End-2023 balance, domestic and foreign currency; up 36.5% year on year.":                                                                                                                                                                                                                                        "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。2023年末余额，本外币合计；同比增长36.5%。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. NOT a year-end value: the document gives no date. Official values bracket it between end-2023 (over 50%) and end-July 2024 (over 54%), i.e. a point in the first half of 2024; the end-2024 value (56%) is the later vintage.":                                                                                  "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。并非年末数值：该文件未给出日期。官方数值将其限定在2023年末（超过50%）与2024年7月末（超过54%）之间，即2024年上半年的某一时点；2024年末的数值（56%）为较新的版本。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Second compliance cycle (2021 and 2022 compliance years), filed under 2022.":                                                                                                                                                                                                                                    "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。第二个履约周期（2021年度和2022年度履约），记在2022年之下。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Second compliance cycle (2021 and 2022 compliance years), filed under 2022; MEE states about 5.1 Gt.":                                                                                                                                                                                                           "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。第二个履约周期（2021年度和2022年度履约），记在2022年之下；生态环境部称约{5.1+}。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Unresolved: the document states no year and no retrieved official print equals 17.7% (2022: 17.5%, 2023: 17.9% NEA, 2024: 19.8%). Filed under 2023, the year of the other figures in the same sentence; the NEA 17.9% is the later vintage.":                                                                    "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。未解决：该文件未说明年份，已找到的官方公布数均不等于17.7%（2022年：17.5%；2023年：17.9%，国家能源局；2024年：19.8%）。记在2023年之下，即同一句中其他数据的年份；国家能源局的17.9%为较新的版本。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Year not stated; 2023 per NEA (2024-08-28) and CGTN (2024-10-15), which give 55.3% for 2023.":                                                                                                                                                                                                                   "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。未说明年份；据国家能源局（2024-08-28）和 CGTN（2024-10-15）为2023年，二者给出的2023年数值为55.3%。",
	"Seed document 001. The repost prints no date or URL; it reports end-2023 data and a photo dated 2024-04-04, so 2024 is inferred as the publication year. Year not stated; 89.4% is the 2023 value per the MEE work conference (Jan 2024).":                                                                                                                                                                                                                               "种子文件001。该转载未注明日期或网址；其报道2023年末数据，配图日期为2024-04-04，故推定发布年份为2024年。未说明年份；据生态环境部工作会议（2024年1月），89.4%为2023年的数值。",
	"The province's statement at the first national ecology day (15 August 2023): the cumulative fall 2021–2022, against Hunan's 14% target; the accounting basis is not stated.":                                                                                                                                                                                                                                                                                             "该省在首个全国生态日（2023年8月15日）的表述：2021—2022年的累计降幅，对照湖南14%的目标；未说明核算口径。",
	"Trading began on 2021-07-16: the cumulative turnover to 2021-12-31 (76.61亿元) is the 2021 (part-year) total.":                                                                                                                                                                                                                                                                                                                                                             "交易于2021-07-16开始：截至2021-12-31的累计成交额（76.61亿元）即2021年（不足一年）的总额。",
	"Trading began on 2021-07-16: the cumulative volume to 2021-12-31 is the 2021 (part-year) total.":                          "交易于2021-07-16开始：截至2021-12-31的累计成交量即2021年（不足一年）的总量。",
	"Unit as published: % y/y (Beijing's own figure, 2010 prices). Beijing's own statistics (2010 prices), not the NBS table.": "公布单位：%（比上年）（北京市自己的数据，2010年价格）。北京市自己的统计（2010年价格），并非国家统计局的表格。",
	"WDI series EG.FEC.RNEW.ZS: renewables as a share of total final (not primary) energy consumption, from the IEA, IRENA, UN Statistics Division, World Bank and WHO tracking of SDG 7: cross-check only, not the NBS non-fossil share of primary energy. published = the file's Last Updated Date. Stored copy: API_EG.FEC.RNEW.ZS_DS2_en_csv_v2_5995541.csv, the API download as saved in repo kamalibakthavatchalam/statistics-ADS1-ASS2-kamali (commit 2340329).": "世界银行 WDI 序列 EG.FEC.RNEW.ZS：可再生能源占最终（而非一次）能源消费总量的比重，来自国际能源署、国际可再生能源署、联合国统计司、世界银行和世界卫生组织对可持续发展目标7的跟踪：仅供对照，并非国家统计局的非化石能源占一次能源比重。发布日期取该文件的最后更新日期。存储的副本：API_EG.FEC.RNEW.ZS_DS2_en_csv_v2_5995541.csv，即保存在 kamalibakthavatchalam/statistics-ADS1-ASS2-kamali 仓库中的 API 下载文件（提交 2340329）。",
	"as stated Feb 2024; Second compliance cycle, 2021 and 2022 compliance years, filed under 2022; period: 2021-2022 (2nd compliance cycle; stated 2024-02-26)":                                                        "2024年2月所述；第二个履约周期，2021年度和2022年度履约，记在2022年之下；期间：2021—2022年（第二个履约周期；2024-02-26所述）",
	"as stated: about 5.96 (preliminary estimate) Lower-confidence source (industry report, preliminary estimate); no official figure retrieved.":                                                                       "所述数值：约{5.96}（初步估计）。可信度较低的来源（行业报告，初步估计）；未找到官方数据。",
	"from the SCIO briefing on the 2015 Report on China's Policy and Countermeasures for Climate Changes; published = the journal issue's year":                                                                         "来自国务院新闻办公室关于《中国应对气候变化的政策与行动2015年度报告》的发布会；发布日期取该期刊的出版年份",
	"power generation; as stated Feb 2024 after 2nd compliance cycle 2021-2022; Second compliance cycle, 2021 and 2022 compliance years, filed under 2022; period: 2021-2022 (2nd compliance cycle; stated 2024-02-26)": "发电行业；2024年2月于第二个履约周期2021—2022年之后所述；第二个履约周期，2021年度和2022年度履约，记在2022年之下；期间：2021—2022年（第二个履约周期；2024-02-26所述）",
	"power incl. captive plants; Second compliance cycle, 2021 and 2022 compliance years, filed under 2022; period: 2021-2022 (2nd compliance cycle)":                                                                   "发电行业，含自备电厂；第二个履约周期，2021年度和2022年度履约，记在2022年之下；期间：2021—2022年（第二个履约周期）",
	"year 2023: the figure rests on the 2023 national land-change survey (NATIONAL-2 audit); the 2024 greening bulletin states it as the current level":                                                                 "2023年：该数值依据2023年度全国国土变更调查（NATIONAL-2 核查）；2024年国土绿化状况公报将其表述为当前水平",
}

// storedNumber is a number in the stored unit in a Chinese note: {5.1} (the number in the unit shown) or {5.1+}
// (with that unit).
var storedNumber = regexp.MustCompile(`\{[-+]?[0-9][0-9.]*\+?\}`)

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
// Every note of the built-in dataset has its Chinese here (TestChineseHasNoEnglish); a note a steward loads
// later without one shows as stored, marked lang="en".
func NoteText(lang, note string, unit Shown) string {
	if lang != ZH || note == "" {
		return note
	}
	if zh, ok := notesZH[note]; ok {
		return storedNumber.ReplaceAllStringFunc(zh, func(n string) string {
			if n = strings.Trim(n, "{}"); strings.HasSuffix(n, "+") {
				return unit.Amount(strings.TrimSuffix(n, "+"))
			}
			return unit.Number(n)
		})
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
