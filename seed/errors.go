package seed

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/dualcarbon/dualcarbon/db"
)

// Error is one problem in an input file, at a line and column (1-based; the
// column counts bytes of the UTF-8 text, as Go tools do).
type Error struct {
	File   string
	Line   int
	Column int
	Field  string // the column or key concerned ("header", "row", "encoding" when none)
	Reason string
}

func (e Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Field, e.Reason)
}

// Errors are every problem found in the input files; nothing is loaded when there is one.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// sorted orders errors by file, line and column.
func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return es
}

// collector gathers the errors of one file.
type collector struct {
	file string
	errs Errors
}

func (c *collector) add(line, col int, field, format string, args ...any) {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	// One error, one line: a reason quoting the input must not break the list.
	reason := strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(fmt.Sprintf(format, args...))
	c.errs = append(c.errs, Error{File: c.file, Line: line, Column: col, Field: field, Reason: reason})
}

func (c *collector) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs.sorted()
}

// dbErrors turns what the database refused while merging a file into errors
// of that file: a conflict with an earlier file of the run at its line, and
// any other refusal in words (the checks before the merge should leave none;
// a raw PostgreSQL message is no help to someone holding the file).
func dbErrors(file string, err error) error {
	var ce *db.ConflictError
	if errors.As(err, &ce) {
		c := &collector{file: file}
		for _, k := range ce.Conflicts {
			c.add(k.Line, 1, "row", "%s: value %s here, %s in %s loaded earlier in this run: two files disagree on one figure (load them in separate runs if one revises the other)",
				clip(k.Key), clip(k.Value), clip(k.Other), k.OtherFile)
		}
		return c.err()
	}
	if what, ok := db.Refusal(err); ok {
		return Errors{{File: file, Line: 1, Column: 1, Field: "database", Reason: what + "; nothing was written"}}
	}
	return err
}
