package gpkg

import (
	"fmt"

	"wardmap/gis"
)

// RawInsert returns the INSERT statement and the values the Loader writes
// for f, with no validation: for the benchmark's floor, the same rows
// inserted through a bare prepared statement.
func RawInsert(f *gis.Feature) (string, []any, error) {
	sc := gis.MustLookup(f.Kind)
	vals, err := rowValues(sc, f)
	cols := columns(sc)
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(sc.Table), joinIdents(cols), placeholders(len(cols))), vals, err
}
