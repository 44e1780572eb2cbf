package record

import "testing"

// A known host of each kind, and the edges of the matching: subdomains, a look-alike host, a publisher's path
// on a shared host, and URLs that name no host.
func TestStandingOf(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://www.stats.gov.cn/sj/zxfbhjd/202602/t20260228_1962662.html", StandingPublisher},
		{"http://www.npc.gov.cn/c2/c30834/202504/t20250427.html", StandingPublisher}, // longer than gov.cn
		{"https://github.com/owid/energy-data/blob/e7897ae/owid-energy-data.csv", StandingPublisher},
		{"https://data.worldbank.org/indicator/EG.FEC.RNEW.ZS", StandingPublisher},
		{"https://databank.worldbank.org/source/world-development-indicators", StandingPublisher},
		{"https://github.com/owid/co2-data/raw/2a6c4a2/owid-co2-data.csv", StandingEstimate}, // GCP's estimates
		{"https://github.com/owid/co2-data", StandingEstimate},
		{"https://worldbank.org.example.com/indicator/EG.FEC.RNEW.ZS", StandingRepost},
		{"https://english.www.gov.cn/archive/statistics/202401/25/content.html", StandingOfficialMedia},
		{"http://en.people.cn/n3/2025/0114/c90000-20265719.html", StandingOfficialMedia},
		{"https://news.cgtn.com/news/2023-01-18/x.html", StandingOfficialMedia},
		{"http://ecns.cn/news/2019-02-28/detail-ifzezqac5079294.shtml", StandingOfficialMedia},
		{"HTTP://WWW.CHINADAILY.COM.CN./a/1.html", StandingOfficialMedia}, // case and a trailing dot
		{"https://www.scmp.com/economy/china-economy/article/3123464", StandingOtherMedia},
		{"http://in.reuters.com/article/china-energy", StandingOtherMedia},
		{"http://news.sxrb.com/GB/314064/10297963.html", StandingOtherMedia},
		{"http://m.dy256.com/news/view?id=16553", StandingRepost},
		{"http://14z7q.com/tanzhonghe/dongtai/2024-08-28/259148.html", StandingRepost},
		{"https://nbn.business/the-coal-share", StandingRepost},
		{"https://github.com/someone/notes/blob/main/nbs.md", StandingRepost}, // github.com is not OWID
		{"https://fakepeople.cn/n3/x.html", StandingRepost},                   // not a subdomain of people.cn
		{"https://people.cn.example.org/x", StandingRepost},
		{"https://www.yuzhehe.com/p/will-china-miss", StandingEstimate},
		{"https://wanbiaoku.com/new/8d49deeb", StandingEstimate},
		{"", StandingRepost},
		{"not a url", StandingRepost},
		{"http://%zz", StandingRepost},
	} {
		if got := StandingOf(c.url); got != c.want {
			t.Errorf("StandingOf(%q) = %s, want %s", c.url, got, c.want)
		}
	}
}

// Every standing of the reviewed list is a standing of the vocabulary.
func TestStandingHostsUseTheVocabulary(t *testing.T) {
	known := map[string]bool{}
	for _, s := range SourceStandings() {
		known[s] = true
	}
	for host, s := range standingHosts {
		if !known[s] {
			t.Errorf("%s: standing %q is not one of SourceStandings", host, s)
		}
	}
}
