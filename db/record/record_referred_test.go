package record

import (
	"reflect"
	"strings"
	"testing"
)

// Observation.Referred counts every string of the row and of its source: a string field added to either and
// not counted fails here (the cache's budget would undercount the rows).
func TestObservationReferredCountsEveryString(t *testing.T) {
	var o Observation
	n := 0
	fill(reflect.ValueOf(&o).Elem(), &n)
	if got := o.Referred(); got != int64(n) {
		t.Errorf("Referred = %d, want %d, the bytes of every string field", got, n)
	}
}

// fill gives each string field of v a value of its own length and adds the lengths to n.
func fill(v reflect.Value, n *int) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			*n += i + 3
			f.SetString(strings.Repeat("x", i+3))
		case reflect.Struct:
			fill(f, n)
		}
	}
}
