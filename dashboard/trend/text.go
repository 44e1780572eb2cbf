package trend

import (
	"fmt"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func indexName(lang string, base int) string {
	return text.Pick(lang, fmt.Sprintf("Cumulative index (derived, %d = 100)", base), fmt.Sprintf("累计指数（推算，%d年=100）", base))
}

func trajectoryName(lang, plan string) string {
	return text.Pick(lang, "Trajectory: "+plan, "目标路径："+plan)
}

// PlanName is the plan's name in lang; for "other" (or an unknown plan) the target's document (DocumentName).
func PlanName(t record.Target, lang string) string {
	if name, ok := text.PlanName(lang, t.Plan); ok {
		return name
	}
	return DocumentName(t, lang)
}

func planShort(t record.Target, lang string) string {
	if name, ok := text.PlanShort(lang, t.Plan); ok {
		return name
	}
	return DocumentName(t, lang)
}

// DocumentName is the target's document in lang: in Chinese its Chinese name when the catalogue gives one,
// else the document as the catalogue names it.
func DocumentName(t record.Target, lang string) string {
	return text.Pick(lang, t.Document, t.DocumentZH)
}

// bands are the five-year-plan periods overlapping [from, to], clipped to it.
func bands(lang string, from, to int) []Band {
	var out []Band
	for _, p := range record.Plans() {
		if !p.FiveYear() || p.To < from || p.From > to {
			continue
		}
		out = append(out, Band{Plan: p.Code, Name: text.PlanPeriod(lang, p), From: max(p.From, from), To: min(p.To, to)})
	}
	return out
}

// Label names a target in lang, e.g. "14th FYP: -13.5% vs 2020 by 2025" / "“十四五”规划：2025年比2020年下降13.5%".
func Label(in record.Indicator, t record.Target, lang string) string {
	if lang == text.ZH {
		return planShort(t, lang) + "：" + fmt.Sprintf("%d年", t.Year) + goalPhrase(in, t, lang)
	}
	return planShort(t, lang) + ": " + goalPhrase(in, t, lang) + fmt.Sprintf(" by %d", t.Year)
}

// goalPhrase states what the target asks for, without its year: "at most 58%", "-18% vs 2020" / "不高于58%",
// "比2020年下降18%".
func goalPhrase(in record.Indicator, t record.Target, lang string) string {
	unit := text.Pick(lang, in.Unit, in.UnitZH)
	v := t.Value
	if lang == text.ZH {
		switch t.Kind {
		case "change":
			return fmt.Sprintf("比%d年", t.BaseYear) + text.ChangeZH(v)
		case "cap":
			return "不高于" + text.WithUnit(v, unit)
		case "floor":
			return "不低于" + text.WithUnit(v, unit)
		}
		return "达到" + text.WithUnit(v, unit)
	}
	switch t.Kind {
	case "change":
		return fmt.Sprintf("%s%% vs %d", text.Signed(v), t.BaseYear)
	case "cap":
		return "at most " + text.WithUnit(v, unit)
	case "floor":
		return "at least " + text.WithUnit(v, unit)
	}
	return text.WithUnit(v, unit)
}

// StatusLabel is the verdict of a status code in lang.
func StatusLabel(code, lang string) string {
	switch code {
	case progress.Achieved:
		return text.Pick(lang, "Achieved", "已实现")
	case progress.OnTrack:
		return text.Pick(lang, "On track", "进展顺利")
	case progress.Moderate:
		return text.Pick(lang, "Moderate progress", "进展中等")
	case progress.Limited:
		return text.Pick(lang, "Limited progress", "进展有限")
	case progress.Away:
		return text.Pick(lang, "Moving away", "偏离目标")
	case progress.Met:
		return text.Pick(lang, "Met", "已完成")
	case progress.Missed:
		return text.Pick(lang, "Missed", "未完成")
	}
	return text.Pick(lang, "No data", "数据不足")
}

// StatusText answers "on track or not, and by how much" in lang, e.g. "Limited progress (R = 0.52): the observed
// rate is -2.0 %/yr against -3.9 %/yr required; -11.0 % in 2025 needed to reach the target".
func StatusText(in record.Indicator, t record.Target, st progress.Status, lang string) string {
	verdict := StatusLabel(st.Code, lang)
	sep := text.Pick(lang, ": ", "：")
	switch st.Code {
	case progress.NoData:
		if st.LastVerdict != "" {
			return verdict + sep + text.Pick(lang,
				fmt.Sprintf("no value for %d yet; the last, %s, was %s (R = %s)", st.TargetYear,
					latestPhrase(in, t, st, lang), strings.ToLower(StatusLabel(st.LastVerdict, lang)), text.Fixed(st.Ratio, 2)),
				fmt.Sprintf("尚无%d年数据；最近一期%s，当时%s（R = %s）", st.TargetYear,
					latestPhrase(in, t, st, lang), StatusLabel(st.LastVerdict, lang), text.Fixed(st.Ratio, 2)))
		}
		return verdict + sep + text.Pick(lang, "not enough values to assess progress", "无法评估进展")
	case progress.Achieved:
		return verdict + sep + text.Pick(lang,
			fmt.Sprintf("%s; goal for %d: %s", latestPhrase(in, t, st, lang), t.Year, goalPhrase(in, t, lang)),
			fmt.Sprintf("%s（%d年目标：%s）", latestPhrase(in, t, st, lang), t.Year, goalPhrase(in, t, lang)))
	case progress.Met, progress.Missed:
		return verdict + sep + text.Pick(lang,
			fmt.Sprintf("%s; goal: %s", latestPhrase(in, t, st, lang), goalPhrase(in, t, lang)),
			fmt.Sprintf("%s（目标：%s）", latestPhrase(in, t, st, lang), goalPhrase(in, t, lang)))
	}
	unit := text.Pick(lang, in.Unit, in.UnitZH)
	rate := func(r float64, perYear bool) string {
		form := text.InSentence
		if !perYear {
			form = text.OneYear
		}
		return text.Rate(lang, r, st.Linear, unit, in.Precision, form)
	}
	oneYear := st.TargetYear-st.LatestYear == 1
	if lang == text.ZH {
		head := fmt.Sprintf("%s（R = %s）：实际年均变化%s，目标要求年均%s；", verdict, text.Fixed(st.Ratio, 2),
			rate(st.ObservedRate, true), rate(st.RequiredRate, true))
		if oneYear {
			return head + fmt.Sprintf("%d年需变化%s才能实现目标", st.TargetYear, rate(st.StillRequired, false))
		}
		return head + fmt.Sprintf("%d年至%d年需年均变化%s才能实现目标", st.LatestYear+1, st.TargetYear, rate(st.StillRequired, true))
	}
	head := fmt.Sprintf("%s (R = %s): the observed rate is %s against %s required; ", verdict, text.Fixed(st.Ratio, 2),
		rate(st.ObservedRate, true), rate(st.RequiredRate, true))
	if oneYear {
		return head + fmt.Sprintf("%s in %d needed to reach the target", rate(st.StillRequired, false), st.TargetYear)
	}
	return head + fmt.Sprintf("%s needed from %d to %d to reach the target", rate(st.StillRequired, true), st.LatestYear+1, st.TargetYear)
}

// latestPhrase states the value the verdict rests on: "24.2% in 2023" / "2023年为24.2%"; for a relative target,
// the change since its base year: "-4.0% vs 2023 in 2024" / "2024年比2023年下降4.0%".
func latestPhrase(in record.Indicator, t record.Target, st progress.Status, lang string) string {
	if t.Kind == "change" && st.BaseValue != 0 {
		c := (st.LatestValue/st.BaseValue - 1) * 100
		s := text.Fixed(c, 1)
		if lang == text.ZH {
			return fmt.Sprintf("%d年比%d年", st.LatestYear, st.BaseYear) + text.ChangeZH(s)
		}
		return fmt.Sprintf("%s%% vs %d in %d", text.Signed(s), st.BaseYear, st.LatestYear)
	}
	v := text.WithUnit(text.Fixed(st.LatestValue, in.Precision), text.Pick(lang, in.Unit, in.UnitZH))
	if lang == text.ZH {
		return fmt.Sprintf("%d年为%s", st.LatestYear, v)
	}
	return fmt.Sprintf("%s in %d", v, st.LatestYear)
}
