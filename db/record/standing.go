package record

import (
	"net/url"
	"strings"
)

// The reviewed list behind StandingOf: hosts (and a few host/path prefixes) of the dataset's sources, each with
// the standing of what it publishes. A host matches itself and its subdomains ("people.cn" matches
// "en.people.cn"); the longest match wins, so a publisher's path on a shared host beats the host. A host not
// listed is a repost or aggregator: the dataset's unknown sites are mirrors and portals, and a new site earns a
// better standing only by review (add it here, with a test in standing_test.go, or override one source in the
// catalogue). Reviewed against every URL of seed/data and of ../shared/reference/national-2.csv.
var standingHosts = map[string]string{
	// The publisher's own site: ministries, the statistics bureau, the NPC, industry associations, and the
	// repositories of the dataset publishers whose own series are stored (OWID).
	"stats.gov.cn":       StandingPublisher,
	"mee.gov.cn":         StandingPublisher,
	"nea.gov.cn":         StandingPublisher,
	"ndrc.gov.cn":        StandingPublisher,
	"mnr.gov.cn":         StandingPublisher,
	"forestry.gov.cn":    StandingPublisher,
	"miit.gov.cn":        StandingPublisher,
	"npc.gov.cn":         StandingPublisher,
	"caam.org.cn":        StandingPublisher,
	"cpcaauto.com":       StandingPublisher,
	"github.com/owid/":   StandingPublisher,
	"ourworldindata.org": StandingPublisher,
	"worldbank.org":      StandingPublisher, // the World Bank's own sites for its World Development Indicators (data., databank.)
	// Official media: central state media and the State Council's sites, which carry Xinhua's text.
	"gov.cn":                 StandingOfficialMedia,
	"xinhuanet.com":          StandingOfficialMedia,
	"news.cn":                StandingOfficialMedia,
	"people.cn":              StandingOfficialMedia,
	"people.com.cn":          StandingOfficialMedia,
	"peoplesdaily.pdnews.cn": StandingOfficialMedia,
	"chinadaily.com.cn":      StandingOfficialMedia,
	"cctv.com":               StandingOfficialMedia,
	"cgtn.com":               StandingOfficialMedia,
	"ecns.cn":                StandingOfficialMedia,
	"chinanews.com":          StandingOfficialMedia,
	"chinanews.com.cn":       StandingOfficialMedia,
	"china.org.cn":           StandingOfficialMedia,
	"china.com.cn":           StandingOfficialMedia,
	"chinagate.cn":           StandingOfficialMedia,
	"globaltimes.cn":         StandingOfficialMedia,
	"huanqiu.com":            StandingOfficialMedia,
	"qstheory.cn":            StandingOfficialMedia,
	"theorychina.org":        StandingOfficialMedia,
	"cssn.cn":                StandingOfficialMedia,
	"bjreview.com.cn":        StandingOfficialMedia,
	"chinaservicesinfo.com":  StandingOfficialMedia,
	"rmhb.com.cn":            StandingOfficialMedia,
	// Other media: wires, business, trade and provincial press, foreign papers, research outlets.
	"reuters.com":              StandingOtherMedia,
	"bloomberg.com":            StandingOtherMedia,
	"scmp.com":                 StandingOtherMedia,
	"caixin.com":               StandingOtherMedia,
	"shine.cn":                 StandingOtherMedia,
	"szdaily.com":              StandingOtherMedia,
	"sxrb.com":                 StandingOtherMedia,
	"gscn.com.cn":              StandingOtherMedia,
	"sd.cn":                    StandingOtherMedia,
	"southcn.com":              StandingOtherMedia,
	"cs.com.cn":                StandingOtherMedia,
	"cfbond.com":               StandingOtherMedia,
	"eptimes.cn":               StandingOtherMedia,
	"cityam.com":               StandingOtherMedia,
	"energyvoice.com":          StandingOtherMedia,
	"hellenicshippingnews.com": StandingOtherMedia,
	"malaymail.com":            StandingOtherMedia,
	"bdnews24.com":             StandingOtherMedia,
	"downtoearth.org.in":       StandingOtherMedia,
	"dialogue.earth":           StandingOtherMedia,
	"enerdata.net":             StandingOtherMedia,
	"taiyangnews.info":         StandingOtherMedia,
	"mysteel.net":              StandingOtherMedia,
	"asianmetal.com":           StandingOtherMedia,
	"asian-power.com":          StandingOtherMedia,
	"in-en.com":                StandingOtherMedia,
	"cspplaza.com":             StandingOtherMedia,
	"semafor.com":              StandingOtherMedia,
	"thebull.com.au":           StandingOtherMedia,
	"hk01.com":                 StandingOtherMedia,
	"ccprjournal.com.cn":       StandingOtherMedia,
	"lse.ac.uk":                StandingOtherMedia,
	"p3-admin.greenpeace.org":  StandingOtherMedia,
	// Secondary estimates: sites whose figures are their authors' own calculations or forecasts.
	// OWID's CO2 dataset is a secondary compilation: its emissions are the Global Carbon Project's estimates
	// (longer than github.com/owid/, so it wins there).
	"github.com/owid/co2-data": StandingEstimate,
	"yuzhehe.com":              StandingEstimate,
	"wanbiaoku.com":            StandingEstimate,
	"bolnews.com":              StandingEstimate,
}

// StandingOf is the standing of a source at rawURL by the reviewed list: the longest listed host (or
// host/path prefix) that the URL's host matches, else a repost. A source without a URL is a repost: nobody can
// check it against its publisher.
func StandingOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Hostname() == "" {
		return StandingRepost
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	hostPath := host + strings.ToLower(u.EscapedPath())
	best, standing := 0, StandingRepost
	for key, s := range standingHosts {
		if len(key) > best && matches(host, hostPath, key) {
			best, standing = len(key), s
		}
	}
	return standing
}

// matches reports whether a URL with this host (and host+path) falls under a key of the reviewed list: a host
// matches itself and its subdomains; a key with a path matches the URLs under that path.
func matches(host, hostPath, key string) bool {
	if strings.Contains(key, "/") {
		return strings.HasPrefix(hostPath, key) || strings.HasPrefix("www."+hostPath, key) ||
			strings.HasPrefix(strings.TrimPrefix(hostPath, "www."), key)
	}
	return host == key || strings.HasSuffix(host, "."+key)
}
