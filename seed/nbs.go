package seed

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// The NBS data portal's exports (data.stats.gov.cn 年度/月度数据, saved as CSV,
// GBK or UTF-8): header lines (数据库：…, 地区：…, 时间：…), the 指标 row of periods
// (2024年, 2024年3月), a row per indicator named in Chinese with its unit in
// brackets, empty cells where NBS has no figure, then 注：… and 数据来源：国家统计局.
// The provincial layout has regions as rows (地区 row of periods) and the one
// indicator in a 指标：… header line. A mapping names the indicator of each NBS
// name, the unit as published (checked against the brackets) and the scale.

func isNBS(first []string) bool {
	c := strings.TrimSpace(first[0])
	return strings.HasPrefix(c, "数据库：") || strings.HasPrefix(c, "数据库:")
}

var (
	nbsPeriodRE = regexp.MustCompile(`^(\d{4})年(?:(\d{1,2})月)?$`)
	bracketRE   = regexp.MustCompile(`^(.+?)[(（]([^()（）]*)[)）]$`)
)

// nbsName splits 能源消费总量(万吨标准煤) into the name and the unit.
func nbsName(s string) (name, unit string) {
	s = strings.TrimSpace(s)
	if m := bracketRE.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	}
	return s, ""
}

// provinces are the regions of the provincial layout, by their name without 省, 市 or 自治区.
var provinces = map[string]string{"全国": "CN", "北京": "CN-BJ", "天津": "CN-TJ", "河北": "CN-HE", "山西": "CN-SX",
	"内蒙古": "CN-NM", "辽宁": "CN-LN", "吉林": "CN-JL", "黑龙江": "CN-HL", "上海": "CN-SH", "江苏": "CN-JS", "浙江": "CN-ZJ",
	"安徽": "CN-AH", "福建": "CN-FJ", "江西": "CN-JX", "山东": "CN-SD", "河南": "CN-HA", "湖北": "CN-HB", "湖南": "CN-HN",
	"广东": "CN-GD", "广西": "CN-GX", "海南": "CN-HI", "重庆": "CN-CQ", "四川": "CN-SC", "贵州": "CN-GZ", "云南": "CN-YN",
	"西藏": "CN-XZ", "陕西": "CN-SN", "甘肃": "CN-GS", "青海": "CN-QH", "宁夏": "CN-NX", "新疆": "CN-XJ"}

func regionOf(name string) (string, bool) {
	n := strings.TrimSpace(name)
	for _, suffix := range []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"} {
		n = strings.TrimSuffix(n, suffix)
	}
	r, ok := provinces[n]
	return r, ok
}

type period struct{ year, month string }

// nbsRecords turns an NBS export into records in the columns of an observations file.
type nbsRecords struct {
	r          records
	maps       []Mapping
	units      map[string]string
	region     string // 地区：… of the national layout
	indicator  string // 指标：… of the provincial layout
	provincial bool
	periods    []period // by column
	pending    [][]string
	pos        [][2]int
	cur        [2]int
	started    bool
	source     MappingSource
	published  string
	mapped     map[string]bool
	Unmapped   []string
}

// newNBS reads the header lines and the row of periods.
func newNBS(r records, first []string, maps []Mapping, units map[string]string, published string) (*nbsRecords, error) {
	n := &nbsRecords{r: r, maps: maps, units: units, region: "CN", published: published, mapped: map[string]bool{}}
	rec := first
	for {
		c := strings.TrimSpace(rec[0])
		key, value, _ := strings.Cut(strings.ReplaceAll(c, ":", "："), "：")
		switch {
		case c == "指标" || c == "地区":
			n.provincial = c == "地区"
			return n, n.header(rec)
		case key == "地区":
			region, ok := regionOf(value)
			if !ok {
				return nil, n.fail(0, fmt.Sprintf("an NBS export of 地区：%s, a region seed does not know", clip(value)))
			}
			n.region = region
		case key == "指标":
			n.indicator = value
		}
		var err error
		if rec, err = r.Read(); err != nil {
			return nil, n.fail(0, "an NBS export without its 指标 row of periods")
		}
	}
}

func (n *nbsRecords) fail(i int, reason string) error {
	line, col := n.r.FieldPos(i)
	return &textError{line: line, col: col, field: "header", reason: reason}
}

// header reads the periods (2024年, 2024年3月) of the 指标 or 地区 row.
func (n *nbsRecords) header(rec []string) error {
	n.periods = make([]period, len(rec))
	for i, c := range rec[1:] {
		m := nbsPeriodRE.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			return n.fail(i+1, fmt.Sprintf("period %q: want 2024年 or 2024年3月 (quarters are not read)", clip(c)))
		}
		n.periods[i+1] = period{m[1], strings.TrimLeft(m[2], "0")}
	}
	if n.provincial {
		if n.indicator == "" {
			return n.fail(0, "an NBS provincial export without its 指标：… line")
		}
		entry, err := n.entry(n.indicator, 0)
		if err != nil {
			return err
		}
		if entry == nil {
			return n.noMapping([]string{n.indicator})
		}
	}
	if n.source.Published == "" && n.published == "" {
		return &textError{line: 1, col: 1, field: "published", reason: "an NBS data portal export carries no publication date: " +
			"give the release's with -published YYYY-MM-DD (or published: in the mapping)"}
	}
	return nil
}

// entry finds the mapping of an NBS name with its bracketed unit; nil when none maps it.
func (n *nbsRecords) entry(nameUnit string, col int) (*MapEntry, error) {
	name, unit := nbsName(nameUnit)
	for _, m := range n.maps {
		for i := range m.Map {
			e := &m.Map[i]
			if e.From != name && e.From != strings.TrimSpace(nameUnit) {
				continue
			}
			if _, known := n.units[e.Indicator]; strings.HasPrefix(m.file, "builtin:") && !known {
				continue
			}
			if err := checkUnits(Mapping{file: m.file, Map: []MapEntry{*e}}, n.units); err != nil {
				return nil, err
			}
			if unit != "" && unit != e.Unit {
				line, c := n.r.FieldPos(col)
				return nil, &textError{line: line, col: c, field: "unit", reason: fmt.Sprintf(
					"%s is published in %s here, the mapping (%s) says %s: a different table, or the mapping's unit and scale need a look",
					clip(name), clip(unit), m.file, e.Unit)}
			}
			if n.source.Title == "" {
				if err := sameRunDate(n.published, m); err != nil {
					return nil, err
				}
				n.source = m.Source
				if m.Source.Published != "" {
					n.published = m.Source.Published
				}
			}
			n.mapped[name] = true
			return e, nil
		}
	}
	return nil, nil
}

func (n *nbsRecords) noMapping(names []string) error {
	var lines []string
	for _, s := range names[:min(len(names), 3)] {
		name, unit := nbsName(s)
		lines = append(lines, fmt.Sprintf(`"- {from: %s, indicator: CODE, unit: %s, scale: SCALE}"`, clip(name), clip(unit)))
	}
	return &textError{line: 1, col: 1, field: "header", reason: fmt.Sprintf(
		"an NBS data portal export, but no mapping covers any of its indicators (%s): add entries such as %s to a -map file (format: nbs)",
		clip(strings.Join(names, ", ")), strings.Join(lines, ", "))}
}

// Read returns the header of an observations file first, then a record per value.
func (n *nbsRecords) Read() ([]string, error) {
	if !n.started {
		n.started = true
		n.cur = [2]int{1, 1}
		return nbsFields, nil
	}
	for len(n.pending) == 0 {
		rec, err := n.r.Read()
		if err != nil {
			if len(n.mapped) == 0 && len(n.Unmapped) > 0 {
				return nil, n.noMapping(n.Unmapped)
			}
			return nil, err
		}
		first := strings.TrimSpace(rec[0])
		if first == "" || strings.HasPrefix(first, "注") || strings.HasPrefix(first, "数据来源") {
			continue // footnotes and the source line
		}
		if err := n.row(rec); err != nil {
			return nil, err
		}
	}
	rec := n.pending[0]
	n.cur = n.pos[0]
	n.pending, n.pos = n.pending[1:], n.pos[1:]
	return rec, nil
}

var nbsFields = []string{"indicator", "region", "year", "month", "value", "source_title", "source_publisher",
	"source_url", "published", "note"}

func (n *nbsRecords) row(rec []string) error {
	region, nameUnit := n.region, rec[0]
	if n.provincial {
		r, ok := regionOf(rec[0])
		if !ok {
			line, col := n.r.FieldPos(0)
			return &textError{line: line, col: col, field: "region", reason: fmt.Sprintf("%q is not a province seed knows", clip(rec[0]))}
		}
		region, nameUnit = r, n.indicator
	}
	e, err := n.entry(nameUnit, 0)
	if err != nil {
		return err
	}
	if e == nil {
		if name, _ := nbsName(nameUnit); !slices.Contains(n.Unmapped, name) {
			n.Unmapped = append(n.Unmapped, name)
		}
		return nil
	}
	for i := 1; i < len(rec) && i < len(n.periods); i++ {
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		line, col := n.r.FieldPos(i)
		p := n.periods[i]
		n.pending = append(n.pending, []string{e.Indicator, region, p.year, p.month, scaled(v, e.Scale),
			n.source.Title, n.source.Publisher, n.source.URL, n.published, e.Note})
		n.pos = append(n.pos, [2]int{line, col})
	}
	return nil
}

func (n *nbsRecords) FieldPos(int) (int, int) { return n.cur[0], n.cur[1] }
