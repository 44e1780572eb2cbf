// Package pagecache keeps what pages are made of, the rows loaded from the store and the rendered bodies
// (with their gzip form and ETags), for as long as the data they were made from does not change. It knows
// neither echo nor the store: the caller gives it a function that reads the data's counts of changes
// (Versions) and the functions that load or render on a miss.
//
// # Versions and dependencies
//
// The database counts the changes to every indicator's data, to the list of indicators, to what every
// indicator shows, and in total (Versions). Every entry remembers what it was made from (a Dep: some
// indicators, perhaps the list, or everything) and the state of that part of the data when it was made. A
// Snapshot is one state of the data; an entry is served under a snapshot while the state of its part is the
// same, so a seed that changes one indicator drops that indicator's entries, and what shows every indicator,
// and leaves every other entry, and its ETag, as it was.
//
// # The rule
//
// Inside a render, read only through the render's own snapshot (Load with the *Snapshot that Page passes to
// render), or the page depends on everything. Page learns what a body depends on by recording the Loads its
// render makes through that snapshot; a render that loads nothing through it is taken to depend on all the
// data (safe, never stale, dropped on any change). A render that loads some things through its snapshot
// and reads others elsewhere (the store directly, or a snapshot captured outside the render) is the one
// mistake the cache cannot see: its body would outlive a change to what it read elsewhere. Loaders therefore
// take the snapshot as an argument, and the dashboard reads the store only inside a Load.
//
// # Bounds
//
// Entries are kept in one LRU list across data versions, bounded in bytes (Config.Budget): the least
// recently used entries are evicted to make room, so junk URLs cost at most the budget and never stop new
// views from being kept. A body larger than Config.MaxEntry is rendered, served and not kept (a
// loaded row set may take up to half the budget: row sets are few and large, shared by many pages; the budget
// bounds them with everything else). Concurrent
// misses of one key under one state of the data wait for a single load or render (singleflight); a render
// that panics fails every waiter with an error and leaves nothing behind.
package pagecache
