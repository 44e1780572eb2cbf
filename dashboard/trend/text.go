package trend

import (
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/db/record"
)

func indexName(lang string, base int) string {
	return text.Tf(lang, "trend.index", base)
}

func trajectoryName(lang, plan string) string {
	return text.Tf(lang, "trend.trajectory", plan)
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
	return text.Tf(lang, "trend.label", planShort(t, lang), t.Year, goalPhrase(in, t, lang))
}

// goalPhrase states what the target asks for, without its year: "at most 58%", "-18% vs 2020" / "不高于58%",
// "比2020年下降18%".
func goalPhrase(in record.Indicator, t record.Target, lang string) string {
	if t.Kind == "change" {
		return text.Tf(lang, "goal.change", text.Change(lang, t.Value), t.BaseYear)
	}
	amount := text.ShownUnit(lang, in.Unit, in.UnitZH).Amount(t.Value)
	switch t.Kind {
	case "cap", "floor":
		return text.Tf(lang, "goal."+t.Kind, amount)
	}
	return text.Tf(lang, "goal.level", amount)
}

// StatusLabel is the verdict of a status code in lang (an unknown code reads as no data).
func StatusLabel(code, lang string) string {
	if !text.Has("status." + code) {
		code = progress.NoData
	}
	return text.T(lang, "status."+code)
}

// StatusText answers "on track or not, and by how much" in lang, e.g. "Limited progress (R = 0.52): the observed
// rate is -2.0 %/yr against -3.9 %/yr required; -11.0 % in 2025 needed to reach the target".
func StatusText(in record.Indicator, t record.Target, st progress.Status, lang string) string {
	verdict := StatusLabel(st.Code, lang)
	sep := text.T(lang, "punct.colon")
	switch st.Code {
	case progress.NoData:
		if st.LastVerdict != "" {
			last := StatusLabel(st.LastVerdict, lang)
			if lang != text.ZH {
				last = strings.ToLower(last)
			}
			return verdict + sep + text.Tf(lang, "status.no_value_yet", st.TargetYear, latestPhrase(in, t, st, lang), last,
				text.Fixed(st.Ratio, 2))
		}
		return verdict + sep + text.T(lang, "status.cannot_assess")
	case progress.Achieved:
		return verdict + sep + text.Tf(lang, "status.goal_for", latestPhrase(in, t, st, lang), t.Year, goalPhrase(in, t, lang))
	case progress.Met, progress.Missed:
		return verdict + sep + text.Tf(lang, "status.goal", latestPhrase(in, t, st, lang), goalPhrase(in, t, lang))
	}
	unit := text.ShownUnit(lang, in.Unit, in.UnitZH)
	rate := func(r float64, perYear bool) string {
		form := text.InSentence
		if !perYear {
			form = text.OneYear
		}
		return text.Rate(lang, r, st.Linear, unit, in.Precision, form)
	}
	head := text.Tf(lang, "status.rates", verdict, text.Fixed(st.Ratio, 2), rate(st.ObservedRate, true), rate(st.RequiredRate, true))
	if st.TargetYear-st.LatestYear == 1 {
		return head + text.Tf(lang, "status.still_one", st.TargetYear, rate(st.StillRequired, false))
	}
	return head + text.Tf(lang, "status.still", st.LatestYear+1, st.TargetYear, rate(st.StillRequired, true))
}

// latestPhrase states the value the verdict rests on: "24.2% in 2023" / "2023年为24.2%"; for a relative target,
// the change since its base year: "-4.0% vs 2023 in 2024" / "2024年比2023年下降4.0%".
func latestPhrase(in record.Indicator, t record.Target, st progress.Status, lang string) string {
	if t.Kind == "change" && st.BaseValue != 0 {
		c := (st.LatestValue/st.BaseValue - 1) * 100
		return text.Tf(lang, "latest.change", text.Change(lang, text.Fixed(c, 1)), st.BaseYear, st.LatestYear)
	}
	unit := text.ShownUnit(lang, in.Unit, in.UnitZH)
	v := unit.Amount(text.Fixed(st.LatestValue, in.Precision))
	return text.Tf(lang, "latest.level", v, st.LatestYear)
}
