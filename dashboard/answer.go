package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dualcarbon/dualcarbon/dashboard/progress"
	"github.com/dualcarbon/dualcarbon/dashboard/text"
	"github.com/dualcarbon/dualcarbon/dashboard/trend"
)

// The overview's answer to "is China on track?": the live targets (the set due now and those after it) apart
// from the closed ones, as a sentence a journalist can quote and a bar per set. Each target counts once,
// however many documents state it.

// answerView is the answer on the overview.
type answerView struct {
	Sentence string
	Sets     []answerSet // due now, after it; closed last
}

// answerSet is one bar: a set of targets by status.
type answerSet struct {
	ID, Title string
	Total     int
	Parts     []answerPart // non-zero counts only, in the order of the sentence
	Closed    bool
}

type answerPart struct {
	Status, Label string // Status: a status code, or "done" for met and achieved together
	Count         int
	X, Width      string // its segment of the bar, in per cent of the bar
	Class         string // its colour: status-<code>
}

// answerStatuses is the order of the parts: done first, then the live verdicts, then the closed, no data last.
var answerStatuses = []string{"done", progress.OnTrack, progress.Moderate, progress.Limited, progress.Away, progress.Missed, progress.NoData}

func newAnswer(trends []trend.Trend, lang string, asOf int) answerView {
	due, ahead, closed := trend.Answer(trends)
	var a answerView
	var sentences []string
	if due.Total > 0 {
		period := yearSpan(due.From, due.To)
		a.Sets = append(a.Sets, answerSetOf("due", text.Tf(lang, "answer.due", period), due, lang))
		sentences = append(sentences, text.Tf(lang, "answer.sentence_due", due.Total, period)+partsText(lang, due))
	}
	if ahead.Total > 0 {
		after := asOf - 1
		if due.Total > 0 {
			after = due.To
		}
		a.Sets = append(a.Sets, answerSetOf("ahead", text.Tf(lang, "answer.ahead", after), ahead, lang))
		sentences = append(sentences, text.Tf(lang, "answer.sentence_ahead", ahead.Total, after)+partsText(lang, ahead))
	}
	if closed.Total > 0 {
		s := answerSetOf("closed", text.Tf(lang, "answer.closed", closed.To), closed, lang)
		s.Closed = true
		a.Sets = append(a.Sets, s)
	}
	sep := " "
	if lang == text.ZH {
		sep = "" // Chinese sentences follow each other without a space
	}
	a.Sentence = strings.Join(sentences, sep)
	return a
}

func yearSpan(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "–" + strconv.Itoa(to)
}

func answerCount(s trend.TargetSet, status string) int {
	if status == "done" {
		return s.Counts[progress.Met] + s.Counts[progress.Achieved]
	}
	return s.Counts[status]
}

func answerSetOf(id, title string, s trend.TargetSet, lang string) answerSet {
	out := answerSet{ID: id, Title: title, Total: s.Total}
	x := 0.0
	for _, st := range answerStatuses {
		if n := answerCount(s, st); n > 0 {
			w := float64(n) * 100 / float64(s.Total)
			class := "status-" + st
			if st == "done" {
				class = "status-achieved"
			}
			out.Parts = append(out.Parts, answerPart{Status: st, Label: text.T(lang, "answer."+st), Count: n,
				X: text.Fixed(x, 2), Width: text.Fixed(w, 2), Class: class})
			x += w
		}
	}
	return out
}

// partsText is "9 met or achieved, 5 on track and 1 without data." / "已完成或已实现9个，进展顺利5个，数据不足1个。"
func partsText(lang string, s trend.TargetSet) string {
	var parts []string
	for _, st := range answerStatuses {
		if n := answerCount(s, st); n > 0 {
			parts = append(parts, fmt.Sprintf(text.T(lang, "answer.part"), n, text.T(lang, "answer."+st)))
		}
	}
	if lang == text.ZH {
		return strings.Join(parts, "，") + "。"
	}
	if len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + "."
	}
	return strings.Join(parts, "") + "."
}
