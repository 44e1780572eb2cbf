package text

import (
	"fmt"
	"strings"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// The names and colours of the dataset's codes (the vocabulary of package record). vocab_test.go checks that
// every code has its name and colour.

// planName holds the names of a plan: short ones for labels and bands, long ones for tables.
type planName struct {
	shortEN, shortZH, longEN, longZH string
	color                            string // its targets' points and trajectories on a chart
}

var planNames = map[string]planName{
	"fyp11":        {"11th FYP", "“十一五”规划", "11th Five-Year Plan (2006-2010)", "“十一五”规划", "#8c564b"},
	"fyp12":        {"12th FYP", "“十二五”规划", "12th Five-Year Plan (2011-2015)", "“十二五”规划", "#9467bd"},
	"fyp13":        {"13th FYP", "“十三五”规划", "13th Five-Year Plan (2016-2020)", "“十三五”规划", "#2ca02c"},
	"fyp14":        {"14th FYP", "“十四五”规划", "14th Five-Year Plan (2021-2025)", "“十四五”规划", "#d62728"},
	"fyp15":        {"15th FYP", "“十五五”规划", "15th Five-Year Plan (2026-2030)", "“十五五”规划", "#e377c2"},
	"action2030":   {"2030 Action Plan", "碳达峰行动方案", "2030 Action Plan for Carbon Peaking", "2030年前碳达峰行动方案", "#ff7f0e"},
	"ndc2015":      {"2015 NDC", "2015年国家自主贡献", "2015 NDC", "2015年国家自主贡献", "#17becf"},
	"ndc2021":      {"2021 NDC", "2021年国家自主贡献", "2021 updated NDC", "2021年更新的国家自主贡献", "#1f77b4"},
	"ndc2035":      {"2035 NDC", "2035年国家自主贡献", "2035 NDC", "2035年国家自主贡献", "#bcbd22"},
	"goal2060":     {"2060 goal", "2060年碳中和目标", "Carbon neutrality before 2060", "2060年前实现碳中和", "#7f7f7f"},
	"guidance2021": {"Working Guidance", "工作意见", "Working Guidance (2021)", "碳达峰碳中和工作意见", "#8da0cb"},
}

// OtherColor is the colour of a target of no plan family (record.PlanOther).
const OtherColor = "#555555"

// PlanName is the long name of a plan in lang ("14th Five-Year Plan (2021-2025)"); false for
// record.PlanOther and unknown codes, which are named by their document.
func PlanName(lang, code string) (string, bool) {
	p, ok := planNames[code]
	return Pick(lang, p.longEN, p.longZH), ok
}

// PlanShort is the short name of a plan in lang, for labels ("14th FYP", "“十四五”规划"); false as PlanName.
func PlanShort(lang, code string) (string, bool) {
	p, ok := planNames[code]
	return Pick(lang, p.shortEN, p.shortZH), ok
}

// PlanPeriod names a five-year plan's period as a chart band: "14th FYP (2021-2025)", "“十四五”时期".
func PlanPeriod(lang string, p record.Plan) string {
	n := planNames[p.Code]
	return Pick(lang, fmt.Sprintf("%s (%d-%d)", n.shortEN, p.From, p.To), strings.TrimSuffix(n.shortZH, "规划")+"时期")
}

// PlanColor is the colour of a plan's targets on a chart; OtherColor for a plan of no family.
func PlanColor(code string) string {
	if p, ok := planNames[code]; ok {
		return p.color
	}
	return OtherColor
}

// CategoryName is an indicator category in lang; a category the table does not name yet shows as its code.
func CategoryName(lang, code string) string {
	return named(lang, "cat.", code)
}

// FlagName is a value's or a target's flag in lang ("about", "约"); "" for no flag; an unknown flag as it is.
func FlagName(lang, flag string) string {
	if flag == "" {
		return ""
	}
	return named(lang, "flag.", flag)
}

// StandingName is a source's standing in lang ("official media", "官方媒体"); "" (a source not assessed yet)
// is "not assessed".
func StandingName(lang, standing string) string {
	if standing == "" {
		return T(lang, "standing.unassessed")
	}
	return named(lang, "standing.", standing)
}

// KindName is a target kind in lang ("at most", "上限").
func KindName(lang, kind string) string {
	return named(lang, "kind.", kind)
}

func named(lang, prefix, code string) string {
	if !Has(prefix + code) {
		return code
	}
	return T(lang, prefix+code)
}
