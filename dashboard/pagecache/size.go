package pagecache

import (
	"reflect"
	"time"
)

var timeType = reflect.TypeFor[time.Time]()

// SizeOf estimates the bytes v holds: its value, and what its pointers, slices, strings and maps refer to
// (shared memory is counted each time it is reached). Good enough to charge a loaded row set to the budget.
func SizeOf(v any) int64 {
	if v == nil {
		return 0
	}
	rv := reflect.ValueOf(v)
	return int64(rv.Type().Size()) + referred(rv, 0)
}

// referred is what rv refers to beyond its own bytes.
func referred(rv reflect.Value, depth int) int64 {
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
		return int64(e.Type().Size()) + referred(e, depth+1)
	case reflect.Slice:
		if rv.IsNil() {
			return 0
		}
		n := int64(rv.Cap()) * int64(rv.Type().Elem().Size())
		for i := range rv.Len() {
			n += referred(rv.Index(i), depth+1)
		}
		return n
	case reflect.Array:
		var n int64
		for i := range rv.Len() {
			n += referred(rv.Index(i), depth+1)
		}
		return n
	case reflect.Struct:
		var n int64
		for i := range rv.NumField() {
			n += referred(rv.Field(i), depth+1)
		}
		return n
	case reflect.Map:
		n := int64(rv.Len()) * int64(rv.Type().Key().Size()+rv.Type().Elem().Size()) * 2
		it := rv.MapRange()
		for it.Next() {
			n += referred(it.Key(), depth+1) + referred(it.Value(), depth+1)
		}
		return n
	}
	return 0
}
