package osmimport

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"wardmap/gis/gistest"
)

// A small file is read once (runOnce), a large one twice (run). Both must
// give the sink the same calls in the same order and the same counts, on
// every sample file, with and without a boundary, and the same errors on
// broken input.
func TestSinglePassSameAsTwoPasses(t *testing.T) {
	boundary := orb.Polygon{{{1.50, 42.48}, {1.56, 42.48}, {1.56, 42.53}, {1.50, 42.53}, {1.50, 42.48}}}
	cases := []struct {
		file string
		opt  Options
	}{
		{"andorra.osm.pbf", Options{}},
		{"andorra.osm.pbf", Options{Boundary: boundary, Paths: true}},
		{"monaco.osm.gz", Options{}},
		{"krems.osm.gz", Options{Paths: true}},
		{"berlin-siegessaeule.osm.gz", Options{}},
	}
	read := func(t *testing.T, path string, opt Options, max int64) (*Collector, Stats, error) {
		t.Helper()
		old := singlePassMax
		singlePassMax = max
		defer func() { singlePassMax = old }()
		var c Collector
		st, err := ReadFile(context.Background(), path, opt, &c)
		return &c, st, err
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			path := gistest.SharedData(t, "osm", tc.file)
			once, st1, err1 := read(t, path, tc.opt, 1<<62)
			twice, st2, err2 := read(t, path, tc.opt, -1)
			if err1 != nil || err2 != nil {
				t.Fatalf("errors: once %v, twice %v", err1, err2)
			}
			if st1 != st2 {
				t.Errorf("stats:\n once  %+v\n twice %+v", st1, st2)
			}
			if len(once.Segments) == 0 || len(once.Addresses)+len(once.Polygons) == 0 {
				t.Errorf("%s gave %d segments, %d addresses, %d polygons: the comparison proves nothing", tc.file, len(once.Segments), len(once.Addresses), len(once.Polygons))
			}
			if !reflect.DeepEqual(once, twice) {
				t.Errorf("sink calls differ: once %d/%d/%d, twice %d/%d/%d (segments/addresses/polygons)",
					len(once.Segments), len(once.Addresses), len(once.Polygons), len(twice.Segments), len(twice.Addresses), len(twice.Polygons))
			}
		})
	}
	pbf, err := os.ReadFile(gistest.SharedData(t, "osm", "andorra.osm.pbf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, max := range []int64{1 << 62, -1} {
		old := singlePassMax
		singlePassMax = max
		var c Collector
		_, err := Read(context.Background(), bytes.NewReader(pbf[:len(pbf)*6/10]), FormatPBF, Options{}, &c)
		singlePassMax = old
		if !errors.Is(err, ErrInput) || len(c.Segments)+len(c.Addresses)+len(c.Polygons) > 0 {
			t.Errorf("truncated PBF (single pass %v): %v after %d segments, %d addresses", max > 0, err, len(c.Segments), len(c.Addresses))
		}
	}
}
