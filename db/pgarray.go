package db

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The rows of current_series carry seven arrays each, 620 rows on the overview at the scale of
// docs/performance.md: pgx's generic array codec scans every element through a scan plan (about 9 ms of a
// first overview), so scanSeries reads the arrays from the wire itself. PostgreSQL's binary format of a
// one-dimensional array: ndim, has-null flag, element type (int32 each); then, per dimension, its length and
// lower bound; then each element as its length (-1 for NULL) and its bytes. A row in text format (a
// connection in the simple protocol) is scanned by pgx as usual.

// scanSeries scans the current row of rows (currentColumns) into cs.
func scanSeries(rows pgx.Rows, cs *currentSeries) error {
	fields := rows.FieldDescriptions()
	raw := rows.RawValues()
	if len(fields) != 9 || len(raw) != 9 {
		return fmt.Errorf("series: %d columns, want 9", len(raw))
	}
	for _, f := range fields[2:] {
		if f.Format != pgx.BinaryFormatCode {
			return rows.Scan(&cs.indicator, &cs.region, &cs.years, &cs.vals, &cs.flags, &cs.sources, &cs.vintages,
				&cs.notes, &cs.qts)
		}
	}
	if raw[0] == nil || raw[1] == nil {
		return errors.New("series: NULL indicator or region")
	}
	cs.indicator, cs.region = string(raw[0]), string(raw[1])
	var err error
	if cs.years, err = intArray(raw[2], 2, func(b []byte) int16 { return int16(binary.BigEndian.Uint16(b)) }); err != nil {
		return fmt.Errorf("years: %w", err)
	}
	if cs.sources, err = intArray(raw[5], 8, func(b []byte) int64 { return int64(binary.BigEndian.Uint64(b)) }); err != nil {
		return fmt.Errorf("source_ids: %w", err)
	}
	if cs.vintages, err = intArray(raw[6], 4, func(b []byte) int32 { return int32(binary.BigEndian.Uint32(b)) }); err != nil {
		return fmt.Errorf("vintages: %w", err)
	}
	for _, t := range []struct {
		name string
		raw  []byte
		dst  *[]string
	}{{"vals", raw[3], &cs.vals}, {"flags", raw[4], &cs.flags}, {"notes", raw[7], &cs.notes}, {"quotes", raw[8], &cs.qts}} {
		if *t.dst, err = textArray(t.raw); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}

// arrayElements calls f with the bytes of each element of a one-dimensional binary array (NULL elements are
// an error: the summary holds none). A NULL array has no elements; its slice stays nil.
func arrayElements(raw []byte, f func(i int, elem []byte)) (int, error) {
	if len(raw) < 12 {
		return 0, errors.New("array shorter than its header")
	}
	switch ndim := int32(binary.BigEndian.Uint32(raw)); {
	case ndim == 0:
		return 0, nil
	case ndim != 1 || len(raw) < 20:
		return 0, fmt.Errorf("array of %d dimensions, want one", ndim)
	}
	n := int(int32(binary.BigEndian.Uint32(raw[12:])))
	if n < 0 {
		return 0, errors.New("array of negative length")
	}
	p := raw[20:]
	for i := range n {
		if len(p) < 4 {
			return 0, errors.New("array ends before its elements")
		}
		l := int(int32(binary.BigEndian.Uint32(p)))
		p = p[4:]
		if l < 0 || l > len(p) {
			return 0, fmt.Errorf("element %d: length %d of %d bytes left (NULL elements are not expected)", i, l, len(p))
		}
		f(i, p[:l])
		p = p[l:]
	}
	return n, nil
}

// intArray decodes an array of integers of size bytes each.
func intArray[T int16 | int32 | int64](raw []byte, size int, conv func([]byte) T) ([]T, error) {
	if raw == nil {
		return nil, nil
	}
	var out []T
	var bad error
	n, err := arrayElements(raw, func(i int, b []byte) {
		if len(b) != size && bad == nil {
			bad = fmt.Errorf("element %d of %d bytes, want %d", i, len(b), size)
			return
		}
		if bad == nil {
			out = append(out, conv(b))
		}
	})
	if err = errors.Join(err, bad); err != nil {
		return nil, err
	}
	if out == nil && n == 0 {
		out = []T{}
	}
	return out, nil
}

// textArray decodes an array of text into substrings of one string of the array's bytes: one allocation per
// array, not one per element.
func textArray(raw []byte) ([]string, error) {
	if raw == nil {
		return nil, nil
	}
	s := string(raw)
	out := []string{}
	_, err := arrayElements(raw, func(_ int, b []byte) {
		i := cap(raw) - cap(b) // b is raw[i : i+len(b)]
		out = append(out, s[i:i+len(b)])
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
