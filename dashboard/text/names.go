package text

// The Chinese names of the publishers of the sources and the issuers of the targets, documents and events, as
// the dataset spells them in English. A Chinese page shows OrgName; the downloads and the API keep the name as
// stored. Foreign publications (Reuters, Our World in Data, Carbon Brief…) keep their own names, as do web
// sites named by their address; a name that has no entry shows as it is (TestChineseHasNoEnglish, in package
// dashboard, fails on one of the built-in dataset).
var orgNamesZH = map[string]string{
	// Issuers of targets, documents and events.
	"CPC Central Committee and State Council": "中共中央、国务院",
	"State Council": "国务院",
	"State Council Information Office / NFGA":              "国务院新闻办公室、国家林业和草原局",
	"National People's Congress":                           "全国人民代表大会",
	"National Energy Administration":                       "国家能源局",
	"NDRC":                                                 "国家发展改革委",
	"NDRC General Office":                                  "国家发展改革委办公厅",
	"NDRC and NEA":                                         "国家发展改革委、国家能源局",
	"Ministry of Ecology and Environment":                  "生态环境部",
	"Ministry of Environmental Protection":                 "环境保护部",
	"State Forestry Administration":                        "国家林业局",
	"National Forestry and Grassland Administration":       "国家林业和草原局",
	"Xi Jinping":                                           "习近平",
	"Xi Jinping (UN Climate Summit)":                       "习近平（联合国气候峰会）",
	"Xi Jinping (UN General Assembly)":                     "习近平（联合国大会）",
	"Shanxi Provincial People's Government":                "山西省人民政府",
	"Inner Mongolia Autonomous Region People's Government": "内蒙古自治区人民政府",
	"Fujian Provincial People's Government":                "福建省人民政府",
	"Chongqing Municipal People's Government":              "重庆市人民政府",
	"Guangdong Provincial People's Government":             "广东省人民政府",
	"Zhejiang Provincial People's Government":              "浙江省人民政府",
	"Hunan Provincial People's Government":                 "湖南省人民政府",
	"Shandong Provincial People's Government":              "山东省人民政府",

	"Anhui Provincial People's Government":                                                                 "安徽省人民政府",
	"Gansu Provincial People's Government":                                                                 "甘肃省人民政府",
	"Hainan Provincial People's Government":                                                                "海南省人民政府",
	"Heilongjiang Provincial People's Government":                                                          "黑龙江省人民政府",
	"Jiangxi Provincial People's Government":                                                               "江西省人民政府",
	"Jilin Provincial People's Government":                                                                 "吉林省人民政府",
	"Guangxi Zhuang Autonomous Region People's Government":                                                 "广西壮族自治区人民政府",
	"Shanghai Municipal People's Government":                                                               "上海市人民政府",
	"Tianjin Municipal People's Government":                                                                "天津市人民政府",
	"Beijing Municipal Commission of Development and Reform":                                               "北京市发展和改革委员会",
	"Jiangsu Provincial Department of Industry and Information Technology":                                 "江苏省工业和信息化厅",
	"Jiangsu Provincial Department of Industry and Information Technology (as reported by jschina.com.cn)": "江苏省工业和信息化厅（jschina.com.cn 报道）",
	"Hunan Development and Reform Commission (as reported by rednet.cn)":                                   "湖南省发展和改革委员会（rednet.cn 报道）",
	"Guangdong provincial press (as reported at the 2023 national energy-saving week launch)":              "广东省媒体（2023年全国节能宣传周启动活动报道）",
	"Ningxia Radio and Television news centre":                                                             "宁夏广播电视台新闻中心",
	"Shanxi Daily": "山西日报",
	"Hebei Provincial Development and Reform Commission":                                     "河北省发展和改革委员会",
	"Hebei Provincial Development and Reform Commission (as reported by Shijiazhuang Daily)": "河北省发展和改革委员会（石家庄日报报道）",
	"Science and Technology Daily (科技日报)":                                                    "科技日报",
	"Guizhou Provincial People's Government":                                                 "贵州省人民政府",
	"Liaoning Provincial People's Government":                                                "辽宁省人民政府",

	// Publishers of the sources.
	"National Bureau of Statistics (NBS)":                                  "国家统计局",
	"National Bureau of Statistics (NBS), NDRC, NEA":                       "国家统计局、国家发展改革委、国家能源局",
	"National Energy Administration (NEA)":                                 "国家能源局",
	"National Development and Reform Commission (NDRC)":                    "国家发展改革委",
	"Ministry of Ecology and Environment (MEE)":                            "生态环境部",
	"Ministry of Ecology and Environment (MEE) leadership, signed article": "生态环境部领导署名文章",
	"Ministry of Environmental Protection (MEP)":                           "环境保护部",
	"State Council Information Office (white paper)":                       "国务院新闻办公室（白皮书）",
	"State Council report to the NPC Standing Committee":                   "国务院向全国人大常委会的报告",
	"National Greening Commission":                                         "全国绿化委员会",
	"National Greening Commission (People's Daily app)":                    "全国绿化委员会（人民日报客户端）",
	"Ministry of Natural Resources (via Xinhua on Shanxi Daily site)":      "自然资源部（新华社稿，山西日报网站）",
	"China Association of Automobile Manufacturers (CAAM)":                 "中国汽车工业协会",
	"CAAM/MIIT (via People's Daily, cfbond repost)":                        "中国汽车工业协会、工业和信息化部（人民日报稿，cfbond.com 转载）",
	"CAAM (via Global Times, People's Daily Online)":                       "中国汽车工业协会（环球时报、人民网）",
	"Shanghai Environment and Energy Exchange":                             "上海环境能源交易所",
	"NBS (via Xinhua / China.org.cn)":                                      "国家统计局（新华社、中国网）",
	"NBS 2007 communique (via 上海証券報, asiam.co.jp repost)":                  "国家统计局2007年统计公报（上海证券报，asiam.co.jp 转载）",
	"NBS (via People's Daily Japanese / China.org.cn)":                     "国家统计局（人民网日文版、中国网）",
	"NBS (75-year report, via Xinhua on english.scio.gov.cn)":              "国家统计局（75周年报告，新华社稿，english.scio.gov.cn）",
	"NBS/NDRC/NEA (via Xinhua)":                                            "国家统计局、国家发展改革委、国家能源局（新华社）",
	"NBS/NDRC/NEA (repost)":                                                "国家统计局、国家发展改革委、国家能源局（转载）",
	"NBS/NDRC/NEA (People's Daily, repost)":                                "国家统计局、国家发展改革委、国家能源局（人民日报，转载）",
	"NBS (via China Daily)":                                                "国家统计局（中国日报）",
	"NBS 2025 communique (via Xinhua, MENAFN)":                             "国家统计局2025年统计公报（新华社稿，MENAFN）",
	"NEA/NBS (spam mirror of gov.cn)":                                      "国家能源局、国家统计局（gov.cn 内容的镜像站）",
	"NEA (via TaiyangNews)":                                                "国家能源局（TaiyangNews）",
	"NEA 2021 power statistics (repost)":                                   "国家能源局2021年电力统计（转载）",
	"NEA (via 中工网, spam repost)":                                           "国家能源局（中工网稿，镜像转载）",
	"NEA (via Bloomberg/REW, repost)":                                      "国家能源局（Bloomberg、REW，转载）",
	"NEA 2017 power statistics (repost)":                                   "国家能源局2017年电力统计（转载）",
	"NDRC (link title on gov.cn page)":                                     "国家发展改革委（gov.cn 页面链接标题）",
	"NDRC (via Reuters, californiacarbon.info repost)":                     "国家发展改革委（Reuters，californiacarbon.info 转载）",
	"MEE (via ecns.cn, People's Daily English)":                            "生态环境部（中新网英文版、人民网英文版）",
	"MEP (via Caixin)":                                                     "环境保护部（财新）",
	"MEE 2018 brief (via CCTV on China Daily site)":                        "生态环境部2018年通报（央视稿，中国日报网站）",
	"MEE 2021 bulletin (via Xinhua, People's Daily English)":               "生态环境部2021年公报（新华社稿，人民网英文版）",
	"MEE (via Xinhua/CGTN)":                                                "生态环境部（新华社、CGTN）",
	"MEE (Xinhua text on english.www.gov.cn)":                              "生态环境部（新华社稿，english.www.gov.cn）",
	"MEE (via Xinhua, People's Daily English)":                             "生态环境部（新华社稿，人民网英文版）",
	"Steel-industry energy report (repost)":                                "钢铁行业能源报告（转载）",
	"China Population, Resources and Environment (journal)":                "《中国人口·资源与环境》（期刊）",
	"Xinhua":                       "新华社",
	"People's Daily":               "人民日报",
	"CGTN":                         "中国国际电视台（CGTN）",
	"CCTV":                         "中央广播电视总台（CCTV）",
	"China News Service":           "中国新闻社",
	"Global Times":                 "环球时报",
	"Shanghai Daily":               "上海日报",
	"Shenzhen Daily":               "深圳日报",
	"Yicai":                        "第一财经",
	"China Energy Storage Network": "中国储能网",
	"China Cement Net":             "中国水泥网",
	"Mysteel":                      "我的钢铁网（Mysteel）",
	"China Dialogue":               "中外对话",
	"Greenpeace East Asia (citing industry data)":                     "绿色和平东亚分部（引用行业数据）",
	"Centre for Research on Energy and Clean Air (CREA), via Reuters": "能源与清洁空气研究中心（CREA，Reuters 报道）",
	"Semafor (Carbon Brief analysis)":                                 "Semafor（Carbon Brief 分析）",
	"CEADs (Carbon Emission Accounts & Datasets), academic inventory": "中国碳核算数据库（CEADs），学术清单",
	"wanbiaoku.com (industry report)":                                 "wanbiaoku.com（行业报告）",
	// Foreign publications keep their names: Reuters, Associated Press, AFP, Bloomberg, IANS, Asian Power, Asia
	// News Day, Carbon Brief, Enerdata, Our World in Data, LSE Grantham Research Institute, Climate Cooperation
	// China; so do sites named by their address.
}

// OrgName is the name of a publisher or issuer in lang: its Chinese name in Chinese when the vocabulary has
// one, else the name as stored.
func OrgName(lang, name string) string {
	if lang == ZH {
		if zh, ok := orgNamesZH[name]; ok {
			return zh
		}
	}
	return name
}
