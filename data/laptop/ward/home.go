package ward

import (
	"context"
	"path/filepath"

	"github.com/paulmach/orb"

	"wardmap/data/laptop/gpkg"
	"wardmap/gis"
)

// kienAn is the area the window shows on a database with no records yet:
// the middle of Kiến An, the ward wardmap was made for.
var kienAn = orb.Bound{Min: orb.Point{106.62, 20.80}, Max: orb.Point{106.67, 20.84}}

// Home is what the window opens on: the ward's name (the file's when the
// database has none) and the area it shows first (its records' extent,
// else the middle of Kiến An).
func Home(ctx context.Context, st *gpkg.Store) (name string, area orb.Bound, err error) {
	s, err := st.Stats(ctx)
	if err != nil {
		return "", orb.Bound{}, err
	}
	name, area = s.Ward, kienAn
	if name == "" {
		name = filepath.Base(st.Path())
	}
	if s.Bounds != nil {
		area = *s.Bounds
	}
	return name, area, nil
}

// Counts is the number of live records of each kind: the window's status
// bar.
func Counts(ctx context.Context, st *gpkg.Store) (map[gis.Kind]int, error) {
	s, err := st.Stats(ctx)
	if err != nil {
		return nil, err
	}
	m := map[gis.Kind]int{}
	for _, k := range s.Kinds {
		m[k.Kind] = k.Count
	}
	return m, nil
}
