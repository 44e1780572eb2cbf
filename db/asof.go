package db

import (
	"fmt"

	"github.com/dualcarbon/dualcarbon/db/record"
)

// AsOf is record.AsOf: the day a read is as of, "" for today. The rule of what counts as published by then is
// record.PublishedBy; publishedBy is the same rule in SQL (TestAsOfReadsFollowOneRule holds them together).
type AsOf = record.AsOf

// publishedBy is PublishedBy in SQL: the column (a date as text) counts as published on the day of the text
// parameter param (the empty text: everything counts).
func publishedBy(column, param string) string {
	return fmt.Sprintf(`(%[2]s = '' OR (%[1]s <> '' AND %[1]s <= %[2]s))`, column, param)
}
