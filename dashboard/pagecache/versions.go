package pagecache

import (
	"maps"
	"slices"
	"sync"
)

// Versions is one state of the data: counts of changes kept by the database, which only grow.
type Versions struct {
	Indicators map[string]int64 // by code: what that indicator's pages show of its own
	Shared     int64            // what every indicator shows
	Catalogue  int64            // the list of indicators
	Total      int64            // every count summed: changes with any change
}

func (v Versions) same(w Versions) bool {
	return v.Total == w.Total && v.Shared == w.Shared && v.Catalogue == w.Catalogue && maps.Equal(v.Indicators, w.Indicators)
}

// Dep is what an entry was made from: some indicators (with what every indicator shows) and perhaps the list
// of indicators, or everything.
type Dep struct {
	All       bool
	Codes     []string
	Catalogue bool
}

// DepAll is a dependency on all the data.
func DepAll() Dep { return Dep{All: true} }

// DepIndicator is a dependency on one indicator's data (and what every indicator shows).
func DepIndicator(code string) Dep { return Dep{Codes: []string{code}} }

// DepCatalogue is a dependency on the list of indicators.
func DepCatalogue() Dep { return Dep{Catalogue: true} }

// version is the state of what d depends on in v. Counts only grow, so it changes exactly when one of them
// does.
func (d Dep) version(v Versions) int64 {
	if d.All {
		return v.Total
	}
	n := v.Shared
	for _, code := range d.Codes {
		n += v.Indicators[code]
	}
	if d.Catalogue {
		n += v.Catalogue
	}
	return n
}

// uses records the dependencies of the Loads one render makes through its snapshot.
type uses struct {
	mu        sync.Mutex
	all       bool
	codes     map[string]bool
	catalogue bool
}

func (u *uses) add(d Dep) {
	if u == nil {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.all = u.all || d.All
	u.catalogue = u.catalogue || d.Catalogue
	for _, c := range d.Codes {
		if u.codes == nil {
			u.codes = map[string]bool{}
		}
		u.codes[c] = true
	}
}

// dep is the union of what was recorded; nothing recorded is everything.
func (u *uses) dep() Dep {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.all || (len(u.codes) == 0 && !u.catalogue) {
		return DepAll()
	}
	return Dep{Codes: slices.Sorted(maps.Keys(u.codes)), Catalogue: u.catalogue}
}
