package db

import (
	"encoding/binary"
	"testing"
)

// textArrayOf is the binary form of a one-dimensional text array.
func textArrayOf(elems ...string) []byte {
	b := binary.BigEndian.AppendUint32(nil, 1) // ndim
	b = binary.BigEndian.AppendUint32(b, 0)    // no NULL
	b = binary.BigEndian.AppendUint32(b, 25)   // text
	b = binary.BigEndian.AppendUint32(b, uint32(len(elems)))
	b = binary.BigEndian.AppendUint32(b, 1) // lower bound
	for _, e := range elems {
		b = binary.BigEndian.AppendUint32(b, uint32(len(e)))
		b = append(b, e...)
	}
	return b
}

func TestArrayDecoding(t *testing.T) {
	raw := textArrayOf("1.60", "", "中文 and <b>")
	got, err := textArray(raw)
	if err != nil || len(got) != 3 || got[0] != "1.60" || got[1] != "" || got[2] != "中文 and <b>" {
		t.Fatalf("textArray = %q, %v", got, err)
	}
	if got, err := textArray(nil); got != nil || err != nil {
		t.Errorf("NULL array = %q, %v; want nil", got, err)
	}
	empty := binary.BigEndian.AppendUint32(nil, 0)
	empty = append(empty, make([]byte, 8)...)
	if got, err := textArray(empty); err != nil || len(got) != 0 {
		t.Errorf("empty array = %q, %v", got, err)
	}
	// Every cut of a valid array is refused, none panics.
	for i := range len(raw) {
		if _, err := textArray(raw[:i]); err == nil && i != len(raw) {
			t.Errorf("array cut at %d of %d bytes decoded without an error", i, len(raw))
		}
	}
	null := textArrayOf("a")
	binary.BigEndian.PutUint32(null[20:], 0xffffffff) // the element NULL
	if _, err := textArray(null); err == nil {
		t.Error("a NULL element decoded without an error")
	}
	ints := binary.BigEndian.AppendUint32(nil, 1)
	ints = append(ints, make([]byte, 8)...)
	ints = binary.BigEndian.AppendUint32(ints, 2)
	ints = binary.BigEndian.AppendUint32(ints, 1)
	for _, v := range []uint16{2020, 65535} {
		ints = binary.BigEndian.AppendUint32(ints, 2)
		ints = binary.BigEndian.AppendUint16(ints, v)
	}
	years, err := intArray(ints, 2, func(b []byte) int16 { return int16(binary.BigEndian.Uint16(b)) })
	if err != nil || len(years) != 2 || years[0] != 2020 || years[1] != -1 {
		t.Errorf("intArray = %v, %v", years, err)
	}
	if _, err := intArray(ints, 4, func(b []byte) int32 { return int32(binary.BigEndian.Uint32(b)) }); err == nil {
		t.Error("elements of 2 bytes decoded as 4-byte integers")
	}
}
