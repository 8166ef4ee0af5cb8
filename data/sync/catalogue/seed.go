package catalogue

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"wardmap/data/sync/wire"
)

// seedJSON is the catalogue every new GeoPackage starts with, as data/laptop/gpkg's
// migrations 0004 and 0005 write it (the plan's targets, parameters and
// cycles). data/laptop/gpkg's TestSeedIsWhatMigrationsWrite checks it against a
// new database and rewrites it with WARDMAP_UPDATE_SEED=1.
//
//go:embed seed.json
var seedJSON []byte

var seed struct {
	once sync.Once
	recs map[string]wire.Record
	err  error
}

// Seed returns, by record ID, the catalogue every new GeoPackage starts
// with. The server uses it as the base that every laptop already holds: a
// laptop's first change to a seeded row needs no copy of it. Field values
// have their column's Go type (text string, real float64, integer and
// boolean int64), as the GeoPackage reads them.
func Seed() (map[string]wire.Record, error) {
	seed.once.Do(func() { seed.recs, seed.err = decodeSeed(seedJSON) })
	return seed.recs, seed.err
}

func decodeSeed(b []byte) (map[string]wire.Record, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var recs []wire.Record
	if err := dec.Decode(&recs); err != nil {
		return nil, fmt.Errorf("catalogue: seed: %w", err)
	}
	out := make(map[string]wire.Record, len(recs))
	for _, r := range recs {
		t := tables[r.Kind]
		if t == nil {
			return nil, fmt.Errorf("catalogue: seed: unknown kind %q", r.Kind)
		}
		for _, c := range t.Cols {
			if v, ok := r.Fields[c.Name]; ok {
				r.Fields[c.Name] = typed(c, wire.Normalize(v))
			}
		}
		out[r.ID] = r
	}
	return out, nil
}

// typed gives a number its column's Go type (JSON does not tell 1 from 1.0).
func typed(c Col, v any) any {
	switch c.Type {
	case Real:
		if n, ok := v.(int64); ok {
			return float64(n)
		}
	case Int, Bool:
		if x, ok := v.(float64); ok {
			return int64(x)
		}
	}
	return v
}
