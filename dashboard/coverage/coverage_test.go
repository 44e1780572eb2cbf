package coverage

import (
	"strings"
	"testing"

	"github.com/dualcarbon/dualcarbon/db/record"
)

func obs(ind, region string, year, month, vintage, vintages int, standing string) record.Observation {
	return record.Observation{Indicator: ind, Region: region, Year: year, Month: month, Vintage: vintage,
		Vintages: vintages, Source: record.Source{Standing: standing, URL: "http://m.dy256.com/news/" + ind}}
}

// A small fixture: the current vintage's standing fills each cell, older vintages, other regions and monthly
// values are counted apart or skipped, an indicator without figures keeps its row, and the counts add up.
func TestMarkdownOfASmallFixture(t *testing.T) {
	r := Of("CN", []string{"coal_share", "pm25", "nev_sales_share"}, []record.Observation{
		obs("coal_share", "CN", 2020, 0, 1, 2, record.StandingRepost),
		obs("coal_share", "CN", 2020, 0, 2, 2, record.StandingPublisher),
		obs("coal_share", "CN", 2022, 0, 1, 1, record.StandingEstimate),
		obs("pm25", "CN", 2021, 0, 1, 1, record.StandingOfficialMedia),
		obs("pm25", "CN", 2021, 6, 1, 1, record.StandingRepost),     // monthly: skipped
		obs("pm25", "BJ", 2019, 0, 1, 1, record.StandingOtherMedia), // another region: skipped
		obs("pm25", "CN", 2022, 0, 1, 1, ""),
		obs("nev_sales_share", "CN", 2019, 0, 1, 2, record.StandingRepost), // an older vintage: not listed
		{Indicator: "coal_share", Region: "CN", Year: 2023, Vintage: 1, Vintages: 1,
			Source: record.Source{Standing: record.StandingRepost}},
	})
	var b strings.Builder
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	want := `Region CN: 5 current yearly figures (7 with every vintage), by the standing of their source:

| standing | letter | current figures |
|---|---|---|
| the publisher's own site | P | 1 |
| official media (Xinhua, People's Daily, China Daily, CCTV/CGTN, CNS, gov.cn) | O | 1 |
| other media | M | 0 |
| a repost or aggregator | R | 1 |
| a secondary estimate | E | 1 |
| not assessed | ? | 1 |

| indicator | years | 20 | 21 | 22 | 23 |
|---|---|---|---|---|---|
| coal_share | 3 | P |  | E | R |
| pm25 | 2 |  | O | ? |  |
| nev_sales_share | 0 |  |  |  |  |

Current figures on a repost or aggregator (R), by indicator: year and site.

- coal_share: 2023 no URL
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestEmptyReport(t *testing.T) {
	var b strings.Builder
	if err := Of("CN", []string{"coal_share"}, nil).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| coal_share | 0 |\n") || !strings.Contains(b.String(), "0 current yearly figures") {
		t.Errorf("empty report:\n%s", b.String())
	}
}
