package pagecache

import (
	"reflect"
	"time"
)

var (
	timeType     = reflect.TypeFor[time.Time]()
	referrerType = reflect.TypeFor[Referrer]()
)

// Referrer is a value that counts the bytes it refers to itself (the bytes of its strings, say): SizeOf asks
// it instead of walking it field by field. The rows of a load come by the ten thousand (22,619 in the
// overview at the scale of docs/performance.md), where reflection cost milliseconds a load.
type Referrer interface {
	Referred() int64
}

// SizeOf estimates the bytes v holds: its value, and what its pointers, slices, strings and maps refer to.
// A slice's backing array reached twice (the events every indicator of the overview shares) is counted once;
// other shared memory (a string, a pointer) each time it is reached. Good enough to charge a loaded row set to
// the budget.
func SizeOf(v any) int64 {
	if v == nil {
		return 0
	}
	rv := reflect.ValueOf(v)
	w := walk{arrays: map[array]bool{}}
	return int64(rv.Type().Size()) + w.referred(rv, 0)
}

// array is a slice's backing array as far as it reaches: its first element and length.
type array struct {
	ptr uintptr
	len int
}

type walk struct {
	arrays map[array]bool
}

// referred is what rv refers to beyond its own bytes.
func (w walk) referred(rv reflect.Value, depth int) int64 {
	if depth > 32 || rv.Type() == timeType { // a time's *Location is shared, not the value's
		return 0
	}
	switch rv.Kind() {
	case reflect.String:
		return int64(rv.Len())
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return 0
		}
		e := rv.Elem()
		return int64(e.Type().Size()) + w.referred(e, depth+1)
	case reflect.Slice:
		if rv.IsNil() {
			return 0
		}
		if rv.Len() > 0 {
			a := array{rv.Pointer(), rv.Len()}
			if w.arrays[a] {
				return 0
			}
			w.arrays[a] = true
		}
		n := int64(rv.Cap()) * int64(rv.Type().Elem().Size())
		if reflect.PointerTo(rv.Type().Elem()).Implements(referrerType) {
			for i := range rv.Len() {
				n += rv.Index(i).Addr().Interface().(Referrer).Referred()
			}
			return n
		}
		for i := range rv.Len() {
			n += w.referred(rv.Index(i), depth+1)
		}
		return n
	case reflect.Array:
		var n int64
		for i := range rv.Len() {
			n += w.referred(rv.Index(i), depth+1)
		}
		return n
	case reflect.Struct:
		var n int64
		for i := range rv.NumField() {
			n += w.referred(rv.Field(i), depth+1)
		}
		return n
	case reflect.Map:
		n := int64(rv.Len()) * int64(rv.Type().Key().Size()+rv.Type().Elem().Size()) * 2
		it := rv.MapRange()
		for it.Next() {
			n += w.referred(it.Key(), depth+1) + w.referred(it.Value(), depth+1)
		}
		return n
	}
	return 0
}
