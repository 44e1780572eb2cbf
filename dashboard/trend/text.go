package trend

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/db"
)

func normLang(lang string) string {
	if lang == "zh" {
		return "zh"
	}
	return "en"
}

// pick is the text in lang; Chinese falls back to English when the Chinese text is empty.
func pick(lang, en, zh string) string {
	if lang == "zh" && zh != "" {
		return zh
	}
	return en
}

// text is a fixed text of the program in lang.
func text(lang, en, zh string) string {
	if lang == "zh" {
		return zh
	}
	return en
}

func indexName(lang string, base int) string {
	return text(lang, fmt.Sprintf("Cumulative index (derived, %d = 100)", base), fmt.Sprintf("累计指数（推算，%d年=100）", base))
}

func trajectoryName(lang, plan string) string {
	return text(lang, "Trajectory: "+plan, "目标路径："+plan)
}

// plan holds the names of a plan code: short ones for labels and bands, long ones for tables.
type plan struct {
	shortEN, shortZH, longEN, longZH string
	from, to                         int // five-year plans only
}

func planOf(code string) (plan, bool) {
	switch code {
	case "fyp11":
		return plan{"11th FYP", "“十一五”规划", "11th Five-Year Plan (2006-2010)", "“十一五”规划", 2006, 2010}, true
	case "fyp12":
		return plan{"12th FYP", "“十二五”规划", "12th Five-Year Plan (2011-2015)", "“十二五”规划", 2011, 2015}, true
	case "fyp13":
		return plan{"13th FYP", "“十三五”规划", "13th Five-Year Plan (2016-2020)", "“十三五”规划", 2016, 2020}, true
	case "fyp14":
		return plan{"14th FYP", "“十四五”规划", "14th Five-Year Plan (2021-2025)", "“十四五”规划", 2021, 2025}, true
	case "fyp15":
		return plan{"15th FYP", "“十五五”规划", "15th Five-Year Plan (2026-2030)", "“十五五”规划", 2026, 2030}, true
	case "action2030":
		return plan{"2030 Action Plan", "碳达峰行动方案", "2030 Action Plan for Carbon Peaking", "2030年前碳达峰行动方案", 0, 0}, true
	case "ndc2015":
		return plan{"2015 NDC", "2015年国家自主贡献", "2015 NDC", "2015年国家自主贡献", 0, 0}, true
	case "ndc2021":
		return plan{"2021 NDC", "2021年国家自主贡献", "2021 updated NDC", "2021年更新的国家自主贡献", 0, 0}, true
	case "ndc2035":
		return plan{"2035 NDC", "2035年国家自主贡献", "2035 NDC", "2035年国家自主贡献", 0, 0}, true
	case "goal2060":
		return plan{"2060 goal", "2060年碳中和目标", "Carbon neutrality before 2060", "2060年前实现碳中和", 0, 0}, true
	case "guidance2021":
		return plan{"Working Guidance", "工作意见", "Working Guidance (2021)", "碳达峰碳中和工作意见", 0, 0}, true
	}
	return plan{}, false
}

// PlanName is the plan's name in lang; for "other" (or an unknown plan) the target's document (DocumentName).
func PlanName(t db.Target, lang string) string {
	p, ok := planOf(t.Plan)
	if !ok {
		return DocumentName(t, lang)
	}
	return text(lang, p.longEN, p.longZH)
}

func planShort(t db.Target, lang string) string {
	p, ok := planOf(t.Plan)
	if !ok {
		return DocumentName(t, lang)
	}
	return text(lang, p.shortEN, p.shortZH)
}

// DocumentName is the target's document in lang: in Chinese its Chinese name when the catalogue gives one,
// else the document as the catalogue names it.
func DocumentName(t db.Target, lang string) string {
	return pick(lang, t.Document, t.DocumentZH)
}

// bands are the five-year-plan periods overlapping [from, to], clipped to it.
func bands(lang string, from, to int) []Band {
	var out []Band
	for _, code := range []string{"fyp11", "fyp12", "fyp13", "fyp14", "fyp15"} {
		p, _ := planOf(code)
		if p.to < from || p.from > to {
			continue
		}
		name := text(lang, fmt.Sprintf("%s (%d-%d)", p.shortEN, p.from, p.to), strings.TrimSuffix(p.shortZH, "规划")+"时期")
		out = append(out, Band{Plan: code, Name: name, From: max(p.from, from), To: min(p.to, to)})
	}
	return out
}

// Label names a target in lang, e.g. "14th FYP: -13.5% vs 2020 by 2025" / "“十四五”规划：2025年比2020年下降13.5%".
func Label(in db.Indicator, t db.Target, lang string) string {
	if lang == "zh" {
		return planShort(t, lang) + "：" + fmt.Sprintf("%d年", t.Year) + goalPhrase(in, t, lang)
	}
	return planShort(t, lang) + ": " + goalPhrase(in, t, lang) + fmt.Sprintf(" by %d", t.Year)
}

// goalPhrase states what the target asks for, without its year: "at most 58%", "-18% vs 2020" / "不高于58%",
// "比2020年下降18%".
func goalPhrase(in db.Indicator, t db.Target, lang string) string {
	unit := pick(lang, in.Unit, in.UnitZH)
	v := t.Value
	if lang == "zh" {
		switch t.Kind {
		case "change":
			return fmt.Sprintf("比%d年", t.BaseYear) + changeZH(strings.HasPrefix(v, "-"), unsigned(v))
		case "cap":
			return "不高于" + v + unit
		case "floor":
			return "不低于" + v + unit
		}
		return "达到" + v + withUnit("", unit)
	}
	switch t.Kind {
	case "change":
		return fmt.Sprintf("%s%% vs %d", signed(v), t.BaseYear)
	case "cap":
		return "at most " + withUnit(v, unit)
	case "floor":
		return "at least " + withUnit(v, unit)
	}
	return withUnit(v, unit)
}

func changeZH(down bool, abs string) string {
	if strings.Trim(abs, "0.") == "" {
		return "持平"
	}
	if down {
		return "下降" + abs + "%"
	}
	return "上升" + abs + "%"
}

func unsigned(v string) string { return strings.TrimLeft(v, "+-") }

func signed(v string) string {
	if strings.HasPrefix(v, "-") || strings.HasPrefix(v, "+") || strings.Trim(v, "0.") == "" {
		return v
	}
	return "+" + v
}

// withUnit joins a number and its unit: "58%", "5.1 Gt CO2"; Chinese units follow without a space.
func withUnit(v, unit string) string {
	if unit == "" || v == "" {
		return v + unit
	}
	if strings.HasPrefix(unit, "%") || !isASCII(unit) {
		return v + unit
	}
	return v + " " + unit
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// StatusLabel is the verdict of a status code in lang.
func StatusLabel(code, lang string) string {
	switch code {
	case progress.Achieved:
		return text(lang, "Achieved", "已实现")
	case progress.OnTrack:
		return text(lang, "On track", "进展顺利")
	case progress.Moderate:
		return text(lang, "Moderate progress", "进展中等")
	case progress.Limited:
		return text(lang, "Limited progress", "进展有限")
	case progress.Away:
		return text(lang, "Moving away", "偏离目标")
	case progress.Met:
		return text(lang, "Met", "已完成")
	case progress.Missed:
		return text(lang, "Missed", "未完成")
	}
	return text(lang, "No data", "数据不足")
}

// StatusText answers "on track or not, and by how much" in lang, e.g. "Limited progress (R = 0.52): the observed
// rate is -2.0 %/yr against -3.9 %/yr required; -11.0 % in 2025 needed to reach the target".
func StatusText(in db.Indicator, t db.Target, st progress.Status, lang string) string {
	verdict := StatusLabel(st.Code, lang)
	sep := text(lang, ": ", "：")
	switch st.Code {
	case progress.NoData:
		if st.LastVerdict != "" {
			return verdict + sep + text(lang,
				fmt.Sprintf("no value for %d yet; the last, %s, was %s (R = %s)", st.TargetYear,
					latestPhrase(in, t, st, lang), strings.ToLower(StatusLabel(st.LastVerdict, lang)), fixed(st.Ratio, 2)),
				fmt.Sprintf("尚无%d年数据；最近一期%s，当时%s（R = %s）", st.TargetYear,
					latestPhrase(in, t, st, lang), StatusLabel(st.LastVerdict, lang), fixed(st.Ratio, 2)))
		}
		return verdict + sep + text(lang, "not enough values to assess progress", "无法评估进展")
	case progress.Achieved:
		return verdict + sep + text(lang,
			fmt.Sprintf("%s; goal for %d: %s", latestPhrase(in, t, st, lang), t.Year, goalPhrase(in, t, lang)),
			fmt.Sprintf("%s（%d年目标：%s）", latestPhrase(in, t, st, lang), t.Year, goalPhrase(in, t, lang)))
	case progress.Met, progress.Missed:
		return verdict + sep + text(lang,
			fmt.Sprintf("%s; goal: %s", latestPhrase(in, t, st, lang), goalPhrase(in, t, lang)),
			fmt.Sprintf("%s（目标：%s）", latestPhrase(in, t, st, lang), goalPhrase(in, t, lang)))
	}
	unit := pick(lang, in.Unit, in.UnitZH)
	rate := func(r float64, perYear bool) string { return rateText(r, st.Linear, unit, in.Precision, lang, perYear) }
	oneYear := st.TargetYear-st.LatestYear == 1
	if lang == "zh" {
		head := fmt.Sprintf("%s（R = %s）：实际年均变化%s，目标要求年均%s；", verdict, fixed(st.Ratio, 2),
			rate(st.ObservedRate, true), rate(st.RequiredRate, true))
		if oneYear {
			return head + fmt.Sprintf("%d年需变化%s才能实现目标", st.TargetYear, rate(st.StillRequired, false))
		}
		return head + fmt.Sprintf("%d年至%d年需年均变化%s才能实现目标", st.LatestYear+1, st.TargetYear, rate(st.StillRequired, true))
	}
	head := fmt.Sprintf("%s (R = %s): the observed rate is %s against %s required; ", verdict, fixed(st.Ratio, 2),
		rate(st.ObservedRate, true), rate(st.RequiredRate, true))
	if oneYear {
		return head + fmt.Sprintf("%s in %d needed to reach the target", rate(st.StillRequired, false), st.TargetYear)
	}
	return head + fmt.Sprintf("%s needed from %d to %d to reach the target", rate(st.StillRequired, true), st.LatestYear+1, st.TargetYear)
}

// latestPhrase states the value the verdict rests on: "24.2% in 2023" / "2023年为24.2%"; for a relative target,
// the change since its base year: "-4.0% vs 2023 in 2024" / "2024年比2023年下降4.0%".
func latestPhrase(in db.Indicator, t db.Target, st progress.Status, lang string) string {
	if t.Kind == "change" && st.BaseValue != 0 {
		c := (st.LatestValue/st.BaseValue - 1) * 100
		s := fixed(c, 1)
		if lang == "zh" {
			return fmt.Sprintf("%d年比%d年", st.LatestYear, st.BaseYear) + changeZH(strings.HasPrefix(s, "-"), unsigned(s))
		}
		return fmt.Sprintf("%s%% vs %d in %d", signed(s), st.BaseYear, st.LatestYear)
	}
	v := withUnit(fixed(st.LatestValue, in.Precision), pick(lang, in.Unit, in.UnitZH))
	if lang == "zh" {
		return fmt.Sprintf("%d年为%s", st.LatestYear, v)
	}
	return fmt.Sprintf("%s in %d", v, st.LatestYear)
}

// rateText formats an annual rate: compound rates in % ("-2.0 %/yr"), linear ones (see progress.Status.Linear)
// in the indicator's unit ("-0.25% y/y per year"). perYear false: the change of a single year ("-11.0 %").
func rateText(rate float64, linear bool, unit string, precision int, lang string, perYear bool) string {
	if linear {
		v := withUnit(signed(fixed(rate, precision+1)), unit)
		if perYear && lang != "zh" {
			return v + " per year"
		}
		return v
	}
	v := signed(fixed(rate*100, 1))
	if lang == "zh" {
		return v + "%"
	}
	if perYear {
		return v + " %/yr"
	}
	return v + " %"
}

// fixed formats v with prec decimals, without a negative zero.
func fixed(v float64, prec int) string {
	if prec < 0 {
		prec = 0
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}
